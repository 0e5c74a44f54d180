"""The reported numbers a figure chart shows, and the table behind it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.conventions import datefmt, theme
from dashboard.frames.filters import figure_mask, filter_figures
from dashboard.charts.base import Context
from dashboard.charts.timebase import epoch_days

FIGURE_ROWS_MAX = 20  # figure charts draw one labelled row per reported number; beyond this, the most recent


def figure_rows(ctx: Context, metrics, theatres=None) -> pd.DataFrame:
    """The figures a chart shows: filtered, of the given metrics and theatres, with `claimant_label` and
    `when` (the as-of date at its precision). When more than FIGURE_ROWS_MAX match (large datasets), the
    most recent FIGURE_ROWS_MAX, with fg.attrs["shown_of"] = (shown, total) so the chart says so."""
    figures = ctx.frames.figures
    keep = figure_mask(figures, ctx.filters) & figures["metric"].isin(metrics)
    if theatres:
        keep &= figures["theatre"].isin(theatres)
    total = int(keep.sum())
    if total > FIGURE_ROWS_MAX:
        rows = np.flatnonzero(keep.to_numpy())
        recent = np.lexsort((epoch_days(figures["as_of_start"].iloc[rows]), epoch_days(figures["as_of_end"].iloc[rows])))
        keep = pd.Series(False, index=figures.index)
        keep.iloc[np.sort(rows[recent[-FIGURE_ROWS_MAX:]])] = True
    fg = filter_figures(figures, ctx.filters, keep).copy()
    # One series per claimant KEY: each article's author its own (frames' claimant_key), so charts keyed by
    # `claimant_id` (grouping, shapes, legend groups) tell two authors apart; the frame keeps the raw id.
    fg["claimant_id"] = fg.get("claimant_key", fg["claimant_id"])
    fg["claimant_label"] = [theme.claimant_label(i, n) for i, n in zip(fg["claimant_id"], fg["claimant"])]
    fg["when"] = datefmt.column(fg, "as_of")
    if total > FIGURE_ROWS_MAX:
        fg.attrs["shown_of"] = (FIGURE_ROWS_MAX, total)
    return fg


def with_cap(fg: pd.DataFrame, note: str | None = None) -> str | None:
    """A chart's footer note, plus a notice when figure_rows kept only the most recent figures."""
    shown = fg.attrs.get("shown_of")
    if not shown:
        return note
    notice = f"Showing the {shown[0]} most recent of {shown[1]:,} matching figures; the Data page lists them all."
    return f"{note} {notice}" if note else notice


NUMBER_COLUMNS = ["id", "metric", "value", "low", "high", "qualifier", "unit", "subject", "theatre", "when", "period",
                  "claimant_label", "derived", "derived_formula", "source", "permalink"]


def number_table(fg: pd.DataFrame) -> pd.DataFrame:
    """The rows behind a figure chart; dates as written at their precision, claimants as labelled on the chart."""
    out = fg.reindex(columns=NUMBER_COLUMNS)
    return out.rename(columns={"when": "as_of", "claimant_label": "claimant"})


def is_total(fg: pd.DataFrame) -> pd.Series:
    """A figure reported over a period ("since the ceasefire") is a total; one without is a single incident."""
    return fg["period"].map(lambda p: isinstance(p, str) and bool(p.strip()))


def where_text(fg: pd.DataFrame, order=("gaza", "lebanon")) -> str:
    """The theatres the rows drawn are in, in words: 'Gaza', 'Gaza and Lebanon' (never one not drawn)."""
    drawn = list(dict.fromkeys(fg["theatre"])) if len(fg) else []
    drawn = [t for t in order if t in drawn] + sorted(t for t in drawn if t not in order)
    names = [theme.label(t) for t in drawn]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def period_text(ctx: Context, fg: pd.DataFrame) -> str:
    """The period a figure chart covers, for its subtitle: the date filter when one is set, else the span
    of the as-of windows drawn, each end written at its own precision ('reports dated Aug 2025 to 22 Nov 2025'):
    a month-dated figure's window starts on a day the source never gave."""
    f = ctx.filters
    if f.start or f.end:
        start = f"from {datefmt.format_span(f.start, f.start, 'day')}" if f.start else ""
        end = f"to {datefmt.format_span(f.end, f.end, 'day')}" if f.end else ""
        return "reports dated " + " ".join(p for p in (start, end) if p)
    if fg.empty:
        return ""
    first = datefmt.format_row(fg.loc[fg["as_of_start"].idxmin()], "as_of")
    last = datefmt.format_row(fg.loc[fg["as_of_end"].idxmax()], "as_of")
    return "reports dated " + (first if first == last else f"{first} to {last}")
