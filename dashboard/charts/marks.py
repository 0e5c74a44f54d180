"""How an event is drawn, on the timeline and in the days-since comparison alike.

A date known to a day is a mark (colour = initiating actor, shape = event type). A date known only to a
week, month or year is a bar across its whole window, with the event-type badge (white, outlined) in it:
never a dot in the middle of the window. A bar that runs past the axis is cut there and gets an arrow,
so a clipped span never looks like it ends at the edge. One trace per actor colour for marks, one per
colour for bars, one for all badges and one for all arrows: few traces, per-point symbols.
"""

from __future__ import annotations

import pandas as pd

from .. import theme
from .base import esc, records
from .spec import trace

BAR_THICKNESS = 0.2  # in lane units
SPAN_KEY = "Bar: known only to week, month or year"
ARROW_KEY = "Arrow: continues past the edge"


def _is_date(v) -> bool:
    return isinstance(v, pd.Timestamp)


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
            marker=dict(color=color, size=14, symbol=[theme.event_symbol(t) for t in part["type"]],
                        line=dict(width=1.2, color="#222")),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=list(part["hover"]),
            hovertemplate="%{hovertext}<extra></extra>", **axes))
    spans = ev[~point].copy()
    if spans.empty:
        return traces
    spans["a"] = spans["x_lo"].clip(lower=lo, upper=hi)
    spans["b"] = spans["x_hi"].clip(lower=lo, upper=hi)
    spans = spans[spans["a"] < spans["b"]]
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
    mid = spans["a"] + (spans["b"] - spans["a"]) / 2
    traces.append(trace("scatter",
        x=mid, y=spans["y"], mode="markers", showlegend=False, hoverinfo="skip",
        marker=dict(color="white", size=9, symbol=[theme.event_symbol(t) for t in spans["type"]],
                    line=dict(width=1.5, color=list(spans["color"]))), **axes))
    left, right = spans[spans["x_lo"] < lo], spans[spans["x_hi"] > hi]
    if len(left) or len(right):
        traces.append(trace("scatter",
            x=[*left["a"], *right["b"]], y=[*left["y"], *right["y"]], mode="markers", showlegend=False,
            hoverinfo="skip", cliponaxis=False,
            marker=dict(symbol=["triangle-left"] * len(left) + ["triangle-right"] * len(right), size=11,
                        color=[*left["color"], *right["color"]], line=dict(width=1, color="#222")), **axes))
    return traces


def key_traces(ev: pd.DataFrame, legend_actor: str, legend_type: str, legend_key: str | None, clipped: bool) -> list:
    """Legend entries: one circle per actor colour, one grey shape per event type, and the bar and arrow keys."""
    out = []
    for color, part in ev.groupby("color", sort=False):
        out.append(trace("scatter", x=[None], y=[None], mode="markers", name=esc(part["group"].iloc[0]), legend=legend_actor,
                              legendgroup=color, marker=dict(color=color, size=12, symbol="circle",
                                                             line=dict(width=1.2, color="#222"))))
    for t in sorted(ev["type"].unique()):
        out.append(trace("scatter", x=[None], y=[None], mode="markers", name=esc(theme.label(t)), legend=legend_type,
                              marker=dict(symbol=theme.event_symbol(t), size=11, color="#777",
                                          line=dict(width=1, color="#222"))))
    if legend_key and (ev["x_lo"] != ev["x_hi"]).any():
        out.append(trace("scatter", x=[None], y=[None], mode="lines", name=SPAN_KEY, legend=legend_key,
                              line=dict(color="#888", width=7)))
    if legend_key and clipped:
        out.append(trace("scatter", x=[None], y=[None], mode="markers", name=ARROW_KEY, legend=legend_key,
                              marker=dict(symbol="triangle-right", size=11, color="#888", line=dict(width=1, color="#222"))))
    return out


OFFSETS = (0.0, -0.17, 0.17, -0.34, 0.34)


def stack_slots(ev: pd.DataFrame, lane_col: str, lane_index: dict, min_gap) -> pd.Series:
    """A y position per event: marks and bars that would touch in one lane go to the next free slot (the
    lane line first, then alternately above and below it), so every mark stays visible and clickable.
    `min_gap` is how much axis a point mark takes (about 2% of the axis)."""
    y = pd.Series(0.0, index=ev.index)
    ends: dict = {}
    ordered = ev.sort_values(["x_lo", "x_hi", "id"])
    for i, r in zip(ordered.index, records(ordered)):
        lane = ends.setdefault(r[lane_col], [])
        end = max(r["x_hi"], r["x_lo"] + min_gap)
        slot = next((k for k, last in enumerate(lane) if last < r["x_lo"]), None)
        if slot is None:
            slot = len(lane)
            lane.append(end)
        else:
            lane[slot] = end
        y[i] = lane_index[r[lane_col]] + OFFSETS[slot % len(OFFSETS)]
    return y
