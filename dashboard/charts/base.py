"""What every chart module shares: the Chart and Context types, escaping, value labels and row helpers."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from ..filters import Filters
from ..frames import Frames
from ..models import VAGUE_MINIMUM
from ..safe_text import plotly_text
from .spec import FigureSpec, SentFigure

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
    """'more than 100 people', '2 operatives', '47%': the value as reported with its unit."""
    label = value_label(row)
    return label if row["unit"] == "percent" else f"{label} {count_unit(row['unit'], label)}"


def sources_of(df: pd.DataFrame) -> list[str]:
    return [s for ids in df.get("source_ids", []) for s in ids]


def latest_published(ctx: Context, source_ids) -> pd.Timestamp | None:
    """The latest (possible) publication date of the given sources: what a chart's data can be as of."""
    published = ctx.frames.sources.set_index("id")["published_end"]
    dates_ = [published[s] for s in set(source_ids) if s in published.index]
    return max(dates_) if dates_ else None


def reported_as_of(ctx: Context, df: pd.DataFrame):
    """An event chart's as-of date: the latest publication date of the reports it shows. The events' own
    date windows are no guide: a year-precision event runs to 31 December."""
    return latest_published(ctx, sources_of(df))
