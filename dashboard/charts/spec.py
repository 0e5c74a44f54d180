"""A figure built as plain dicts, made a Plotly Figure once, unvalidated.

Plotly validates every property on every `update_layout`, `add_trace` and `go.Scatter(...)`: building the
eight charts that way cost about 1.7 s of server time a rerun, most of it re-validating lists of
annotations and shapes. Chart builders instead write the figure's JSON structure directly (`trace`,
`FigureSpec`) and `Chart` turns it into a `go.Figure` once, without validation (about 10 ms a chart).
Validation is not lost: tests/charts/test_spec.py builds every chart under many filters and constructs a
validated Figure from it, so an invalid property fails the tests instead of costing every rerun.

Property names are written nested (`line=dict(width=0)`), never with Plotly's underscore shorthand
(`line_width=0`), because nothing here expands it; a bare string `title` is the one coercion `merge` does.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

import plotly.graph_objects as go

_AXIS = re.compile(r"^([xy])axis(\d*)$")


def trace(kind: str, **props) -> dict:
    """One trace as its JSON structure: trace("scatter", x=..., mode="markers") for go.Scatter(...)."""
    return {"type": kind, **props}


def merge(into: dict, patch: dict) -> dict:
    """Deep-merge `patch` into `into` (dicts merge key by key; lists and scalars replace; None unsets), as
    update_layout does."""
    for key, value in patch.items():
        if key == "title" and isinstance(value, str):
            value = {"text": value}  # Plotly's coercion; plotly.js 3 ignores a bare string title
        if value is None:
            into.pop(key, None)
        elif isinstance(value, dict):  # merged into a fresh dict, never shared with the caller's
            if not isinstance(into.get(key), dict):
                into[key] = {}
            merge(into[key], value)
        else:
            into[key] = value
    return into


@lru_cache(maxsize=64)
def _subplot_layout(rows: int, row_heights: tuple | None, vertical_spacing: float, shared_xaxes: bool) -> dict:
    """The axes make_subplots lays out for a one-column grid (asked of Plotly once per shape, then copied)."""
    from plotly.subplots import make_subplots

    fig = make_subplots(rows=rows, cols=1, row_heights=list(row_heights) if row_heights else None,
                        vertical_spacing=vertical_spacing, shared_xaxes=shared_xaxes)
    return fig.to_dict()["layout"]


class FigureSpec:
    """The subset of the go.Figure building API the chart builders use, over plain dicts."""

    def __init__(self, layout: dict | None = None, rows: int = 1):
        self.data: list[dict] = []
        self.layout: dict = layout or {}
        self.rows = rows
        # set by layout.row_labels on a slide: the label column's width, and (y axis, lines a label takes) per
        # labelled axis, so brand() knows how far the plot can shrink to fit the slide
        self.label_column_px = 0
        self.label_rows: list[tuple[str, int]] = []
        self.panel_gap_min_px: float | None = None  # least px between stacked panels (layout.min_plot_px), if not the default

    @classmethod
    def subplots(cls, rows: int, *, row_heights=None, vertical_spacing: float = 0.0, shared_xaxes: bool = False):
        """One column of `rows` panels, as make_subplots(rows=rows, cols=1, ...) would lay them out."""
        base = _subplot_layout(rows, tuple(row_heights) if row_heights else None, float(vertical_spacing), shared_xaxes)
        return cls(copy.deepcopy(base), rows)

    # ---- traces
    def add_trace(self, t: dict) -> None:
        self.data.append(t)

    def add_traces(self, traces) -> None:
        self.data.extend(traces)

    # ---- layout
    def update_layout(self, patch: dict | None = None, **props) -> None:
        merge(self.layout, {**(patch or {}), **props})

    def _axes(self, letter: str, row: int | None) -> list[str]:
        if row is not None:
            return [f"{letter}axis" + ("" if row == 1 else str(row))]
        found = [k for k in self.layout if (m := _AXIS.match(k)) and m.group(1) == letter]
        return found or [f"{letter}axis"]

    def update_xaxes(self, row: int | None = None, col: int | None = None, **props) -> None:
        for key in self._axes("x", row):
            merge(self.layout.setdefault(key, {}), props)

    def update_yaxes(self, row: int | None = None, col: int | None = None, **props) -> None:
        for key in self._axes("y", row):
            merge(self.layout.setdefault(key, {}), props)

    def axis_titled(self, letter: str = "x") -> bool:
        """Whether any axis of `letter` has a title text (brand() then reserves room for it)."""
        for key in self._axes(letter, None):
            title = self.layout.get(key, {}).get("title")
            if (title.get("text") if isinstance(title, dict) else title):
                return True
        return False

    def add_annotations(self, annotations) -> None:
        self.layout.setdefault("annotations", []).extend(annotations)

    def add_shapes(self, shapes) -> None:
        self.layout.setdefault("shapes", []).extend(shapes)

    def add_vline(self, x, line: dict, xref: str = "x", yref: str = "y domain") -> None:
        self.add_shapes([dict(type="line", x0=x, x1=x, xref=xref, y0=0, y1=1, yref=yref, line=line)])

    def update_shapes(self, **props) -> None:
        for shape in self.layout.get("shapes", []):
            merge(shape, props)

    def to_figure(self) -> go.Figure:
        return go.Figure({"data": self.data, "layout": self.layout}, _validate=False)


class SentFigure(go.Figure):
    """A built figure as st.plotly_chart reads it, with its dict made once.

    Streamlit calls `to_dict()` on the figure on every script run (a deep copy of every property: 16-36 ms
    for the timeline, per chart per rerun), though a cached chart never changes. This object holds only that
    dict: it deliberately skips go.Figure's constructor, so any other use fails loudly instead of reading a
    stale copy. Made by `Chart.sent_figure()`, once per built chart."""

    def __init__(self, figure: go.Figure):  # noqa: super().__init__ skipped on purpose (see above)
        self._sent = figure.to_dict()

    def to_dict(self) -> dict:
        return self._sent
