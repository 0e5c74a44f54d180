"""Timeline: every coded event on lanes (theatre or event type), over the filtered window.

The x-axis is the filtered window (from the filter's start, or the earliest event, to its end, or the
data's as-of date), so a filter zooms the axis. Truce phases sit on their theatre's lane only. Key
moments are numbered next to their marks and listed in the footer (no callout boxes to collide).
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from .. import datefmt, theme
from ..filters import event_mask, filter_events
from . import layout, marks
from .aggregate import TIMELINE_AGGREGATE_ABOVE, timeline_aggregated
from .base import Chart, Context, esc, records, reported_as_of, sources_of, wrap
from .brand import brand, empty_chart
from .phases import add_phase_bands
from .timebase import days_since, reference_dates
from .spec import FigureSpec

LANE_PX = 80
KEY_MOMENTS_MAX = 5
KEY_GAP = 0.065
DATA_COLUMNS = ["id", "when", "date_precision", "date_text", "theatre", "type", "status", "actor1", "actor2", "notes",
                "source", "permalink"]


def _hover(r) -> str:
    return (f"<b>{wrap(r['notes'], 60)}</b><br>Date: {esc(r['when'])} (known to the {esc(r['date_precision'])})"
            f"<br>As written: “{esc(r['date_text'] or '')}”<br>Type: {esc(theme.label(r['type']))} · "
            f"Status: {esc(r['status'])} · {esc(theme.label(r['theatre']))}<br>Source: {esc(r['source'])}")


def window(ctx: Context, ev: pd.DataFrame, days: bool, as_of):
    """The axis window: the filter's dates where set, else the events' extent, never past the as-of date."""
    f = ctx.filters
    if days:
        lo, hi = ev["x_lo"].min(), ev["x_hi"].max()
        if as_of is not None:
            refs = reference_dates(ctx.frames.phases)
            latest_ref = max((r[0] for r in refs.values()), default=None)
            if latest_ref is not None:
                hi = min(hi, (pd.Timestamp(as_of) - min(r[0] for r in refs.values())).days)
        pad = max((hi - lo) * 0.02, 2)
        return lo - pad, hi + pad
    lo = pd.Timestamp(f.start) if f.start else ev["x_lo"].min()
    hi = pd.Timestamp(f.end) if f.end else ev["x_hi"].max()
    if as_of is not None and not f.end:
        hi = min(hi, pd.Timestamp(as_of))
    hi = max(hi, ev["x_lo"].max())  # every mark's start stays on the axis
    pad = max((hi - lo) * 0.02, timedelta(days=2))
    return lo - pad, hi + pad


def timeline(ctx: Context) -> Chart:
    f = ctx.filters
    keep = event_mask(ctx.frames.events, f)
    if int(keep.sum()) > TIMELINE_AGGREGATE_ABOVE:
        return timeline_aggregated(ctx, keep)
    ev = filter_events(ctx.frames.events, f, keep).copy()
    days = f.axis == "days"
    lane_col = "theatre" if f.lanes == "theatre" else "type"
    lane_word = "theatre" if lane_col == "theatre" else "event type"
    title = "Events reported in the articles" + (", by days since each ceasefire" if days else "")
    subtitle = (f"One mark per coded event, in lanes by {lane_word}; colour: initiating actor; shape: event type; "
                "a bar spans a date known only to a week, month or year")
    ev["when"] = datefmt.column(ev, "date")
    if ev.empty:
        return empty_chart("timeline", ctx, title, subtitle, ev.reindex(columns=DATA_COLUMNS), "No events match the current filters.")
    refs = reference_dates(ctx.frames.phases)
    if days:
        ev["x_lo"], ev["x_hi"] = days_since(ev, refs, "date_start", "date_end")
    else:
        ev["x_lo"], ev["x_hi"] = ev["date_start"], ev["date_end"]
    as_of = reported_as_of(ctx, ev)
    x_range = window(ctx, ev, days, as_of)
    lanes = sorted(ev[lane_col].unique(), key=lambda v: (-(ev[lane_col] == v).sum(), v))
    # phases belong to a theatre: on theatre lanes they shade that lane; on event-type lanes they get
    # their own lane per theatre at the top, so no band ever shades another theatre's events
    phase_theatres = [] if days else [t for t in dict.fromkeys(ctx.frames.phases["theatre"]) if lane_col != "theatre"
                                      and (f.theatres == () or t in f.theatres)]
    lane_names = [f"{theme.label(t)}: truces and ceasefires" for t in phase_theatres] + [theme.label(v) for v in lanes]
    lane_index = {v: i + len(phase_theatres) for i, v in enumerate(lanes)}
    min_gap = (x_range[1] - x_range[0]) * 0.02
    ev["y"] = marks.stack_slots(ev, lane_col, lane_index, min_gap)
    ev["color"] = ev["primary_actor"].map(theme.actor_color)
    ev["group"] = ev["primary_actor"].map(theme.actor_group)
    ev["hover"] = [_hover(r) for r in records(ev)]

    fig = FigureSpec()
    phase_names = []
    if days:
        fig.add_shapes([dict(type="line", x0=0, x1=0, xref="x", y0=0, y1=1, yref="y domain",
                                       line=dict(color="#333", width=1.5, dash="dash"))])
    else:
        lanes_of = ({t: lane_index[t] for t in lanes} if lane_col == "theatre"
                    else {t: i for i, t in enumerate(phase_theatres)})
        phase_names = add_phase_bands(fig, ctx, lanes_of, x_range, as_of)
    clipped = bool(((ev["x_lo"] < x_range[0]) | (ev["x_hi"] > x_range[1])).any())
    fig.add_traces(marks.event_traces(ev, x_range))
    fig.add_traces(marks.key_traces(ev, "legend", "legend2", "legend3", clipped))
    key_note = _number_key_moments(fig, ev, ev[lane_col].map(lane_index), x_range)
    n_rows = len(lane_names)
    layout.row_labels(fig, list(range(n_rows)), [f"<b>{esc(n)}</b>" for n in lane_names], offset=0.5, shift=-16)
    fig.update_yaxes(range=[n_rows - 0.5, -0.55], autorange=False, showticklabels=False, showgrid=False,
                     tickvals=list(range(n_rows)), zeroline=False)
    fig.add_shapes([dict(type="line", x0=0, x1=1, xref="x domain", y0=i - 0.5, y1=i - 0.5, yref="y",
                                   line=dict(color="#ddd", width=1), layer="below") for i in range(1, n_rows)])  # lane hairlines
    fig.update_xaxes(range=list(x_range), autorange=False,
                     title="Days since the theatre's ceasefire" if days else None)
    keys = [theme.label(t) for t in sorted(ev["type"].unique())]
    extra = ([marks.SPAN_KEY] if (ev["x_lo"] != ev["x_hi"]).any() else []) + ([marks.ARROW_KEY] if clipped else [])
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(ev), as_of=as_of, note=key_note,
          plot_px=LANE_PX * n_rows + 10,
          legends=[("legend", "Initiating actor:", list(dict.fromkeys(ev["group"]))), ("legend2", "Event type:", keys),
                   ("legend3", "Key:", extra + phase_names)])
    fig.update_layout(bargap=0, barmode="overlay", showlegend=True)
    first, last = ev.sort_values("date_start").iloc[0], ev.sort_values("date_end").iloc[-1]
    summary = (f"{len(ev)} events in {len(lanes)} {lane_word + ('s' if len(lanes) != 1 else '')}, the earliest dated "
               f"{first['when']} and the latest {last['when']}; {int((ev['date_precision'] != 'day').sum())} are known "
               f"only to a week, month or year and drawn as bars over that window. {key_note or 'No key moments in view.'}")
    return Chart("timeline", title, fig, ev[DATA_COLUMNS], summary, list(ev["permalink"]))


def _number_key_moments(fig: FigureSpec, ev: pd.DataFrame, lane: pd.Series, x_range) -> str | None:
    """Number the key moments and return the footer line that says what each number is. Each number sits at
    the bottom of its lane with a leader to its mark; numbers in one lane are spread at least KEY_GAP of the
    axis apart (about 20 px on a phone), so they never collide at any width."""
    keys = ev[ev["key"] & (ev["date_precision"].isin(["day", "week"]))].sort_values(["x_lo", "id"])
    keys = keys.tail(KEY_MOMENTS_MAX)  # the most recent; the Data page lists every key event
    if keys.empty:
        return None
    lo, hi = x_range
    gap = (hi - lo) * KEY_GAP
    keys = keys.assign(_n=range(1, len(keys) + 1), _lane=lane[keys.index],
                       _x=keys["x_lo"] + (keys["x_hi"] - keys["x_lo"]) / 2)
    new = []
    for _, part in keys.groupby("_lane"):
        xs = list(part["_x"])
        for k in range(1, len(xs)):
            xs[k] = max(xs[k], xs[k - 1] + gap)
        xs[-1] = min(xs[-1], hi - gap / 2)
        for k in range(len(xs) - 2, -1, -1):
            xs[k] = min(xs[k], xs[k + 1] - gap)
        xs = [max(x, lo + gap / 2) for x in xs]
        for x, r in zip(xs, records(part)):
            new.append(dict(x=r["_x"], y=r["y"], ax=x, ay=r["_lane"] + 0.5, axref="x", ayref="y", text=f"<b>{r['_n']}</b>",
                            showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#555", yanchor="bottom", standoff=6,
                            font=dict(size=12, color="#000"), bgcolor="white", bordercolor="#333", borderwidth=1,
                            borderpad=1))
    fig.add_annotations(new)
    return "Key moments: " + " ".join(f"{r['_n']} {r['notes']} ({r['when']})" for r in records(keys))
