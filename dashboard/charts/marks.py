"""How an event is drawn, on the timeline and in the days-since comparison alike.

A date known to a day is a mark (colour = initiating actor, shape = event class, `theme.EVENT_CLASSES`).
A date known only to a week, month or year is a bar across its whole window and nothing else: no point
in it that would claim a day the source never gave. A bar that runs past the axis is cut there and gets an
arrow, so a clipped span never looks like it ends at the edge. One trace per actor colour for marks, one
per colour for bars and one for all arrows: few traces, per-point symbols.

Rows are packed (`pack`): within a lane every mark, bar and label gets a sub-row where nothing else is
drawn over the same stretch of axis, measured in pixels at the width the chart is laid out for.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.conventions import theme
from dashboard.charts.base import esc, records, wrap
from dashboard.charts.spec import trace

ROW_PX = 17  # one packed sub-row
SLIDE_ROW_PX = 14  # a timeline slide's sub-row (charts.VIEWS): a slide is short of height; a mark still clears the next row
MARK_PX = 12  # a point mark's size; it takes this much axis, plus GAP_PX, in its row
GAP_PX = 4
BAR_THICKNESS = 0.5  # in rows
ARROW_PX = 8  # the clip arrow beyond a cut bar's end
SPAN_KEY = "Bar: known only to week, month or year"
ARROW_KEY = "Arrow: continues past the edge"
CLIP_SYMBOLS = ("arrow-bar-left", "arrow-bar-right")  # no class shape is one of these turned


def _is_date(v) -> bool:
    return isinstance(v, pd.Timestamp)


def to_px(x, x_range, plot_px: float):
    """Axis values (dates or numbers, scalar or Series) as pixels from the axis's left edge."""
    lo, hi = x_range
    return (x - lo) / (hi - lo) * plot_px


def extent_px(ev: pd.DataFrame, x_range, plot_px: float) -> tuple[pd.Series, pd.Series]:
    """The stretch of axis, in pixels, each event's mark or bar covers (a bar is cut at the axis edge and
    keeps room for its arrow; a day-known window's last day is inside it)."""
    calendar = _is_date(x_range[0])
    point = ev["x_lo"] == ev["x_hi"]
    end = ev["x_hi"] + (pd.Timedelta(days=1) if calendar else 0)
    a, b = to_px(ev["x_lo"], x_range, plot_px), to_px(end, x_range, plot_px)
    a = a.where(point, a.clip(lower=-ARROW_PX, upper=plot_px)).astype(float)
    b = b.where(point, b.clip(lower=0, upper=plot_px + ARROW_PX)).astype(float)
    half = (MARK_PX / 2) + GAP_PX / 2
    return a.where(~point, a - half), b.where(~point, b + half)


def pack(lane: pd.Series, start: pd.Series, end: pd.Series, rows_needed: pd.Series | None = None,
         ids: pd.Series | None = None):
    """First-fit interval packing: each item, in order of `start`, takes the first `rows_needed`
    consecutive rows of its lane that are free over [start, end]. Returns each item's first row and the
    rows each lane uses. Items sorted by start make first-fit exact for intervals (no two overlap). Ties are
    broken by `ids` (the record ids, where given), never by the frame's row order: the same events read from
    pandas or DuckDB, in any order, get the same rows."""
    need = rows_needed if rows_needed is not None else pd.Series(1, index=lane.index)
    first = pd.Series(0, index=lane.index, dtype=int)
    ends: dict = {}
    tie = {i: str(ids[i]) if ids is not None and i in ids.index else str(i) for i in lane.index}
    order = sorted(lane.index, key=lambda i: (start[i], end[i], tie[i]))
    for i in order:
        rows = ends.setdefault(lane[i], [])
        k = int(need[i])
        r = 0
        while any(rows[j] >= start[i] for j in range(r, min(r + k, len(rows)))):
            r += 1
        rows.extend([-math.inf] * max(0, r + k - len(rows)))
        for j in range(r, r + k):
            rows[j] = end[i] + GAP_PX
        first[i] = r
    return first, {k: len(v) for k, v in ends.items()}


def event_traces(ev: pd.DataFrame, x_range, *, xaxis: str = "x", yaxis: str = "y", legend: str = "legend") -> list:
    """Traces for events with columns x_lo, x_hi, y, color, group, type, hover, id, permalink.
    `x_range` is the axis window (bars are cut to it; arrows mark where they continue)."""
    lo, hi = x_range
    calendar = _is_date(lo)
    point = ev["x_lo"] == ev["x_hi"]
    traces = []
    axes = dict(xaxis=xaxis, yaxis=yaxis)
    for color, part in ev[point].groupby("color", sort=False):
        traces.append(trace("scatter",
            x=part["x_lo"], y=part["y"], mode="markers", name=esc(part["group"].iloc[0]), legend=legend,
            legendgroup=color, showlegend=False, cliponaxis=False,
            marker=dict(color=color, size=MARK_PX, symbol=[theme.event_symbol(t) for t in part["type"]],
                        line=dict(width=1.2, color="#222")),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=list(part["hover"]),
            hovertemplate="%{hovertext}<extra></extra>", **axes))
    spans = ev[~point].copy()
    if spans.empty:
        return traces
    spans["a"] = spans["x_lo"].clip(lower=lo, upper=hi)
    spans["b"] = spans["x_hi"].clip(lower=lo, upper=hi)
    spans = spans[spans["a"] <= spans["b"]]
    for color, part in spans.groupby("color", sort=False):
        length = part["b"] - part["a"]
        if calendar:  # a bar on a date axis takes its length in milliseconds from a date base
            length = length.dt.total_seconds() * 1000 + 86_400_000  # the window's last day is inside it
        traces.append(trace("bar",
            base=list(part["a"]), x=list(length), y=part["y"], orientation="h", width=BAR_THICKNESS,
            name=esc(part["group"].iloc[0]), legend=legend, legendgroup=color, showlegend=False,
            marker=dict(color=color, opacity=0.5, line=dict(color=color, width=1.5)),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=list(part["hover"]),
            hovertemplate="%{hovertext}<extra></extra>", **axes))
    left, right = spans[spans["x_lo"] < lo], spans[spans["x_hi"] > hi]
    if len(left) or len(right):
        traces.append(trace("scatter",
            x=[*left["a"], *right["b"]], y=[*left["y"], *right["y"]], mode="markers", showlegend=False,
            hoverinfo="skip", cliponaxis=False,
            marker=dict(symbol=[CLIP_SYMBOLS[0]] * len(left) + [CLIP_SYMBOLS[1]] * len(right), size=11,
                        color=[*left["color"], *right["color"]], line=dict(width=1, color="#222")), **axes))
    return traces


def key_traces(ev: pd.DataFrame, legend_actor: str, legend_type: str, legend_key: str | None, clipped: bool) -> list:
    """Legend entries: one circle per actor colour, one white shape per event class drawn as a mark (white, so no
    class swatch looks like an actor colour) (in the
    registry's order), and the bar and arrow keys."""
    out = []
    for color, part in ev.groupby("color", sort=False):
        out.append(trace("scatter", x=[None], y=[None], mode="markers", name=esc(part["group"].iloc[0]), legend=legend_actor,
                         legendgroup=color, marker=dict(color=color, size=12, symbol="circle",
                                                        line=dict(width=1.2, color="#222"))))
    for cid in class_keys(ev):
        name, symbol, _ = theme.EVENT_CLASSES[cid]
        out.append(trace("scatter", x=[None], y=[None], mode="markers", name=esc(name), legend=legend_type,
                         marker=dict(symbol=symbol, size=11, color="white", line=dict(width=1.5, color="#222"))))
    if legend_key and (ev["x_lo"] != ev["x_hi"]).any():
        out.append(trace("scatter", x=[None], y=[None], mode="lines", name=SPAN_KEY, legend=legend_key,
                         line=dict(color="#888", width=7)))
    if legend_key and clipped:
        out.append(trace("scatter", x=[None], y=[None], mode="markers", name=ARROW_KEY, legend=legend_key,
                         marker=dict(symbol=CLIP_SYMBOLS[1], size=11, color="#888", line=dict(width=1, color="#222"))))
    return out


def class_keys(ev: pd.DataFrame) -> list[str]:
    """The event classes drawn as marks (bars carry no shape), in the registry's order."""
    present = {theme.event_class(t) for t in ev.loc[ev["x_lo"] == ev["x_hi"], "type"]}
    return [cid for cid in theme.EVENT_CLASSES if cid in present]


def class_names(ev: pd.DataFrame) -> list[str]:
    return [theme.EVENT_CLASSES[cid][0] for cid in class_keys(ev)]


def collapse_windows(ev: pd.DataFrame, lane_col: str) -> pd.DataFrame:
    """A timeline slide's rows: the events of one lane and one actor colour known only to the same window (not key
    moments) drawn as one bar, its count in `n` and every note in its hover; every other event keeps its own row
    (n = 1). Nothing claims more precision than before: the bar spans the same window its events are known to."""
    ev = ev.assign(n=1)
    span = (ev["x_lo"] != ev["x_hi"]) & ~ev["key"].astype(bool)
    parts = [ev[~span]]
    for _, g in ev[span].sort_values("id").groupby([lane_col, "x_lo", "x_hi", "color"], sort=False):
        if len(g) == 1:
            parts.append(g)
            continue
        row = g.iloc[[0]].copy()
        row["n"] = len(g)
        row["hover"] = (f"<b>{len(g)} events known only to {esc(g['when'].iloc[0])}</b> · {esc(g['group'].iloc[0])}<br>"
                        + "<br>".join("• " + wrap(note, 70).replace("<br>", "<br>  ") for note in g["notes"]))
        parts.append(row)
    return pd.concat(parts)
