"""Focus plus context for the timeline: the period the reporting is about at full width, the whole record
as a compact strip above it with that period outlined.

The focus starts where the latest ceasefire or truce among the theatres in view begins (from the phases
data, its earliest possible day), or at the filter's dates, and runs to the data's as-of date. `span=all`
in the URL (Filters.span) draws the whole record instead. The strip is light on purpose: one trace of
ticks for day-known events, one of grey lines for windows, the phases in their colours, and a box.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from dashboard.conventions import datefmt
from dashboard.charts import layout
from dashboard.frames.filters import event_mask
from dashboard.charts.base import Context, n_lines, wrap
from dashboard.charts.marks import pack, to_px
from dashboard.charts.phases import add_phase_bands
from dashboard.charts.spec import FigureSpec, trace

MIN_FOCUS = pd.Timedelta(days=30)  # a ceasefire that began yesterday still gets a readable window
STRIP_PX = 46  # the strip's plot
STRIP_HEAD_PX = 20  # its heading above it
STRIP_GAP_PX = 40  # its tick labels and the space to the main plot below
SPAN_LEVELS = 3


def latest_ceasefire(ctx: Context, theatres, as_of) -> pd.Series | None:
    """The phase that began last among `theatres`, no later than the as-of date."""
    ph = ctx.frames.phases
    ph = ph[ph["theatre"].isin(list(theatres))]
    if as_of is not None:
        ph = ph[ph["start_start"] <= pd.Timestamp(as_of)]
    return None if ph.empty else ph.sort_values(["start_start", "id"]).iloc[-1]


def focus_window(ctx: Context, ev_all: pd.DataFrame, as_of) -> tuple[pd.Timestamp, pd.Timestamp, str | None] | None:
    """(start, end, what the start is) of the focus period, or None for the whole record."""
    f = ctx.filters
    if ev_all.empty or f.axis == "days":
        return None
    first = ev_all["date_start"].min()
    end = pd.Timestamp(f.end) if f.end else (pd.Timestamp(as_of) if as_of is not None else ev_all["date_end"].max())
    if f.start:
        return pd.Timestamp(f.start), end, None
    if f.span == "all":
        return None
    phase = latest_ceasefire(ctx, f.theatres or set(ev_all["theatre"]), as_of)
    if phase is None:
        return None
    start = min(phase["start_start"], end - MIN_FOCUS)
    if start <= first:
        return None
    return start, end, (phase["name"] if start == phase["start_start"] else None)


def strip_heading(ev_all: pd.DataFrame, hi_all) -> str:
    span_text = datefmt.format_span(ev_all["date_start"].min(), hi_all, "month")
    return wrap(f"Whole record ({span_text}, {len(ev_all)} events); the box is the period drawn below",
                layout.chars(layout.LABEL_WRAP))


def strip_px(heading: str) -> int:
    """Pixels the strip takes above the main plot: heading, strip, its tick labels and a gap."""
    return n_lines(heading) * layout.LINE_PX[layout.LABEL_SIZE] + 4 + STRIP_PX + STRIP_GAP_PX


def strip_extent(ev_all: pd.DataFrame, focus, as_of):
    lo_all = min(ev_all["date_start"].min(), focus[0])
    hi_all = max(ev_all["date_end"].max() if as_of is None else pd.Timestamp(as_of), focus[1])
    return lo_all, hi_all


def add_context_strip(fig: FigureSpec, ctx: Context, ev_all: pd.DataFrame, focus: tuple, as_of, plot_px: int,
                      main_px: int, phase_theatres: list[str]) -> None:
    """The whole record above the main plot (xaxis2/yaxis2), the focus period outlined."""
    lo_all, hi_all = strip_extent(ev_all, focus, as_of)
    heading = strip_heading(ev_all, hi_all)
    total = main_px + strip_px(heading)
    pad = max((hi_all - lo_all) * 0.01, timedelta(days=2))
    x_range = (lo_all - pad, hi_all + pad)
    bottom = (main_px + STRIP_GAP_PX) / total
    fig.update_layout(
        yaxis=dict(domain=[0, main_px / total]),
        xaxis2=dict(anchor="y2", type="date", range=list(x_range), autorange=False, showgrid=False,
                    tickfont=dict(size=11, color="#444"), ticks="outside", ticklen=3),
        yaxis2=dict(anchor="x2", domain=[bottom, bottom + STRIP_PX / total], range=[0, 1], autorange=False,
                    showticklabels=False, showgrid=False, zeroline=False, fixedrange=True),
    )
    # phases in their colours along the top of the strip, one thin row per theatre
    n = max(len(phase_theatres), 1)
    rows = {t: (0.62 + 0.38 * k / n, 0.62 + 0.38 * (k + 1) / n) for k, t in enumerate(phase_theatres)}
    add_phase_bands(fig, ctx, rows, x_range, as_of, xref="x2", yref="y2")
    # events below: a tick per day-known event, a grey line per window, windows packed on a few levels
    ev_all = ev_all.sort_values(["date_start", "date_end", "id"])  # the same figure whatever order the rows came in
    point = ev_all["date_start"] == ev_all["date_end"]
    ticks = ev_all[point]
    fig.add_trace(trace("scatter", x=ticks["date_start"], y=[0.3] * len(ticks), mode="markers", xaxis="x2", yaxis="y2",
                        showlegend=False, hoverinfo="skip",
                        marker=dict(symbol="line-ns-open", size=12, line=dict(width=1.5, color="#444"))))
    spans = ev_all[~point]
    if len(spans):
        a = to_px(spans["date_start"], x_range, plot_px)
        b = to_px(spans["date_end"], x_range, plot_px)
        level, _ = pack(pd.Series(0, index=spans.index), a, b, ids=spans["id"])
        xs, ys = [], []
        for (s, e), lv in zip(zip(spans["date_start"], spans["date_end"]), level):
            y = 0.08 + 0.2 * (lv % SPAN_LEVELS)
            xs += [s, e, None]
            ys += [y, y, None]
        fig.add_trace(trace("scatter", x=xs, y=ys, mode="lines", xaxis="x2", yaxis="y2", showlegend=False,
                            hoverinfo="skip", line=dict(color="rgba(90,90,90,0.45)", width=2)))
    fig.add_shapes([dict(type="rect", xref="x2", yref="y2 domain", x0=focus[0], x1=focus[1], y0=-0.08, y1=1.08,
                         line=dict(color="#111", width=2), fillcolor="rgba(0,0,0,0)", layer="above")])
    fig.add_annotations([dict(text=heading, xref="x2 domain", yref="y2 domain", x=0, y=1, yshift=4, xanchor="left",
                              yanchor="bottom", showarrow=False, align="left",
                              font=dict(size=layout.LABEL_SIZE, color="#333"))])


def focus_events(events: pd.DataFrame, f, focus) -> pd.Series:
    """The events that fall (partly) in the focus period: the filter's own date rule (effective windows)."""
    return event_mask(events, f.with_(start=focus[0].date(), end=focus[1].date()))

