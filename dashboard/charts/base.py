"""What every chart module shares: the Chart and Context types, escaping, value labels and row helpers."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.conventions import datefmt
from dashboard.frames.filters import Filters
from dashboard.frames.tables import Frames
from dashboard.codebook.figures import VAGUE_MINIMUM
from dashboard.conventions.safe_text import plotly_text
from dashboard.charts.spec import FigureSpec, SentFigure

VAGUE_WORDS = {q.value for q in VAGUE_MINIMUM}  # "dozens", "hundreds of thousands": words, not numbers
OPEN_QUALIFIERS = {"more_than", "over", "at_least"} | VAGUE_WORDS
QUALIFIER_TEXT = {"more_than": "more than ", "over": "over ", "at_least": "at least ", "about": "about ",
                  "nearly": "nearly ", "up_to": "up to ", "fewer_than": "fewer than ", "estimated": "est. "}


def esc(text) -> str:
    """Plotly renders a subset of HTML in text; data-derived strings are escaped so they show literally.
    `%{` is broken up too, so data placed in a text or hover string is never read as a template field."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return plotly_text(text)  # the one rule for untrusted text in Plotly (HTML tags, entities, %{, $)


def wrap(text, width: int) -> str:
    """Escaped text broken into lines of at most `width` characters, never truncated."""
    return "<br>".join(esc(line) for line in textwrap.wrap("" if text is None else str(text), width,
                                                          break_long_words=False)) or ""


def records(df: pd.DataFrame) -> list[dict]:
    """The rows as dicts: what the builders loop over. `iterrows` builds a Series per row, converting every
    column of these wide frames, and cost most of a chart's build time."""
    return df.to_dict("records")


def n_lines(markup: str) -> int:
    return markup.count("<br>") + 1 if markup else 0


@dataclass
class Chart:
    """A built chart. Builders hand over a FigureSpec; it becomes a Plotly Figure here, once (see spec.py)."""

    id: str
    title: str
    figure: go.Figure
    data: pd.DataFrame
    summary: str
    permalinks: list[str] = field(default_factory=list)
    layout: object = None  # the charts.layout.Layout it was built for (set by charts.build)

    def __post_init__(self):
        if isinstance(self.figure, FigureSpec):
            self.figure = self.figure.to_figure()
        self._sent: SentFigure | None = None

    def sent_figure(self) -> SentFigure:
        """The figure for st.plotly_chart: its dict made on first use and kept with the (cached) chart."""
        if self._sent is None:
            self._sent = SentFigure(self.figure)
        return self._sent


@dataclass
class Context:
    """What every chart needs to know about the dataset as a whole."""

    frames: Frames
    version: str
    filters: Filters = field(default_factory=Filters)
    part: str | None = None  # one part of a chart split over slides (charts.VIEWS); None: the whole chart
    # every claimant key of the dataset, when `frames` holds only some of its figures (the DuckDB engine)
    claimant_keys: tuple[str, ...] | None = None

    def claimants(self) -> list[str]:
        """Every claimant key of the dataset (figures, compliance assessments, comparisons): the set a claimant's
        shape is chosen in (theme.chart_claimants), so it keeps that shape on every chart, whatever the filters."""
        if self.claimant_keys is not None:
            return sorted(self.claimant_keys)
        keys = (self.frames.figures, self.frames.assessments, self.frames.comparisons)
        return sorted({k for df in keys if "claimant_key" in df for k in df["claimant_key"].dropna().unique()
                       if isinstance(k, str)})


def value_label(row) -> str:
    q = row["qualifier"]
    if q in VAGUE_WORDS:  # the word as written, with the smallest number it can mean
        return f"{q.replace('_', ' ')} (≥{row['low']:,.0f})"
    if pd.notna(row.get("value")):
        number = f"{row['value']:,.0f}" if float(row["value"]).is_integer() else f"{row['value']:,.1f}"
        unit = "%" if row["unit"] == "percent" else ""
        return f"{QUALIFIER_TEXT.get(q, '')}{number}{unit}"
    return f"{QUALIFIER_TEXT.get(q, '')}{row['low']:,.0f}–{row['high']:,.0f}"


def count_unit(unit: str, label: str) -> str:
    """'1 operative', not '1 operatives'."""
    if label != "1":
        return unit
    return "person" if unit == "people" else unit[:-1] if unit.endswith("s") else unit


def value_text(row) -> str:
    """'more than 100 people', '2 operatives', '47%': the value as reported with its unit; a value we
    computed says so ('53% (derived)')."""
    label = value_label(row)
    text = label if row["unit"] == "percent" else f"{label} {count_unit(row['unit'], label)}"
    return text + derived_tag(row)


# --------------------------------------------------------------------------- reported vs derived
# A derived figure (models.Figure.derived: computed by us from reported ones, e.g. 100 minus a share) is
# never drawn or written as a claimant's number. Every chart, hover, text description and KPI marks it
# through these helpers: an open (white-filled) mark or a hatched bar, and the word "derived".
DERIVED_WORD = "derived"
DERIVED_KEY = "Open mark: derived by us"  # legend entries stay short: at phone width a long one is cut
DERIVED_BAR_KEY = "Hatched: derived by us"


def is_derived(row) -> bool:
    value = row.get("derived") if hasattr(row, "get") else None
    return bool(value) and not (isinstance(value, float) and pd.isna(value))


def derived_tag(row) -> str:
    return f" ({DERIVED_WORD})" if is_derived(row) else ""


def basis_text(row) -> str:
    """Who the number is from, for hovers and descriptions: 'Claimed by: IDF' or 'Derived by us: 100 - ...'."""
    if is_derived(row):
        formula = row.get("derived_formula")
        return f"Derived by us, not reported: {formula}" if isinstance(formula, str) and formula else "Derived by us, not reported"
    return f"Claimed by: {row.get('claimant_label') or row.get('claimant')}"


def mark_fill(color: str, rows) -> list[str]:
    """Marker fill per row: the claimant's colour when reported, white (an open mark) when derived; the
    marker's line keeps the colour, so the shape stays the claimant's."""
    return ["white" if is_derived(r) else color for r in rows]


def bar_marker(color: str, rows) -> dict:
    """A bar trace's marker, per row: solid in the claimant's colour when reported; white with a hatch and outline
    in the colour when derived (an open bar, as the open mark of a point). An open-ended value ('over 1,000') is
    a solid bar to its lower bound and a dotted arrow past it (panels.open_end_traces), never a hatch."""
    derived = [is_derived(r) for r in rows]
    return dict(color=["white" if d else color for d in derived],
                line=dict(color=color, width=[1.5 if d else 0 for d in derived]),
                pattern=dict(shape=["/" if d else "" for d in derived],
                             fgcolor=[color if d else "white" for d in derived], fillmode="overlay", solidity=0.4))


def sources_of(df: pd.DataFrame) -> list[str]:
    return [s for ids in df.get("source_ids", []) for s in ids]


def latest_published(ctx: Context, source_ids) -> pd.Timestamp | None:
    """The latest (possible) publication date of the given sources: what a chart's data can be as of."""
    published = ctx.frames.sources.set_index("id")["published_end"]
    dates_ = [published[s] for s in set(source_ids) if s in published.index]
    return max(dates_) if dates_ else None


def latest_source_window(ctx: Context, source_ids) -> str | None:
    """The 'as of' of what is drawn, in words: the publication window of the latest of the given sources
    (latest possible day first, then latest earliest day), written at its precision by datefmt ('23–29 Nov
    2025', '10 Oct 2025'). The one rule for every chart footer and KPI."""
    return latest_window_of(ctx.frames.sources, source_ids)


def latest_window_of(src: pd.DataFrame, source_ids) -> str | None:
    """latest_source_window over a sources table (the pack and the export index read it from their data source)."""
    ids = set(source_ids or ())
    if src.empty or not ids:
        return None
    mine = src[src["id"].isin(ids)]
    if mine.empty:
        return None
    latest = mine.sort_values(["published_end", "published_start"]).iloc[-1]
    return datefmt.format_row(latest, "published")


def reported_as_of(ctx: Context, df: pd.DataFrame):
    """An event chart's as-of date: the latest publication date of the reports it shows. The events' own
    date windows are no guide: a year-precision event runs to 31 December."""
    return latest_published(ctx, sources_of(df))
