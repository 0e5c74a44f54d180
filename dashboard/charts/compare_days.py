"""Gaza and Lebanon over the same first days after their own ceasefire: small multiples, shared days axis.

Both panels show days 0 to N, where N is the shorter theatre's record (Gaza's, at the time of writing),
so the two are compared over the same span; the footer says what falls beyond day N and is left out.
Lebanon's ceasefire is known only to the month, so each Lebanon event spans every day it may fall on.
Each panel's heading says what a month-known day 0 does to its days (every event a bar as wide as that month), so
the image says it where the bars are. Colour = initiating actor and shape = event class, rows packed and marks and
bars labelled with the note's own words where their row has room (marklabels.py), as on the timeline.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from dashboard.conventions import datefmt, theme
from dashboard.frames.filters import event_mask, filter_events
from dashboard.charts import layout, marks
from dashboard.charts.aggregate import TIMELINE_AGGREGATE_ABOVE, compare_days_aggregated
from dashboard.charts.base import Chart, Context, esc, records, reported_as_of, sources_of, wrap
from dashboard.charts.brand import brand, empty_chart
from dashboard.charts.marklabels import mark_label_trace, mark_labels
from dashboard.charts.timebase import days_since, days_since_ceasefire, reference_dates
from dashboard.charts.spec import FigureSpec

TITLE = "Gaza and Lebanon: the first days after each ceasefire"  # also the title of the SQL-counted view
THEATRES = ("gaza", "lebanon")
PANEL_GAP_PX = 46  # between panels: the lower panel's heading
SLIDE_PANEL_GAP_PX = 30  # a slide: the heading in one line
HEAD_LINE_PX, HEAD_CHAR_PX = 19, 7.6  # a heading line at layout.SUBTITLE_SIZE, and a character's width (generous)
DATA_COLUMNS = ["id", "theatre", "when", "date_precision", "days_since_ceasefire_min", "days_since_ceasefire_max", "type",
                "notes", "source", "permalink"]


def _hover(r) -> str:
    return (f"<b>{wrap(r['notes'], 60)}</b><br>Day {r['x_lo']:.0f}–{r['x_hi']:.0f} after the ceasefire"
            f"<br>Date: {esc(r['when'])} (known to the {esc(r['date_precision'])})<br>Source: {esc(r['source'])}")


def _heading(theatre: str, start: str, ref, n_out: int, slide: bool, plot_w: float) -> str:
    """A panel's heading: its day 0, what a day 0 known only to a window does to its days, and what it leaves out;
    on one line on a slide, else wrapped to the plot's width."""
    parts = [f"{theme.label(theatre)}: day 0 = {start}{_day0_caveat(ref)}"]
    if n_out:
        parts.append(f"{n_out} later events not shown")
    if slide:
        text = " · ".join(parts)
    else:
        text = "\n".join(textwrap.fill(p, max(30, int(plot_w / HEAD_CHAR_PX))) for p in parts)
    name = theme.label(theatre)
    return f"<b>{esc(name)}</b>" + "<br>".join(esc(line) for line in text[len(name):].split("\n"))


def _whole_month(ref) -> bool:
    lo, hi = pd.Timestamp(ref[0]), pd.Timestamp(ref[1])
    return lo.day == 1 and hi == lo + pd.offsets.MonthEnd(0)


def _day0_text(ref) -> str:
    """A ceasefire's day 0 at the precision it is known to: a day, a whole month ('Nov 2024'), else the days."""
    return datefmt.format_span(ref[0], ref[1], "month" if _whole_month(ref) else "day")


def _day0_caveat(ref) -> str:
    """What a day 0 known only to a window does to a panel's days: every event spans all the days it may fall on."""
    if not ref or ref[0] == ref[1]:
        return ""
    n = (pd.Timestamp(ref[1]) - pd.Timestamp(ref[0])).days
    known = "the month" if _whole_month(ref) else f"a {n + 1}-day window"
    return f", known only to {known}: each event is a bar over every day it may fall on (up to {n} days wider)"


def compare_days(ctx: Context) -> Chart:
    title = TITLE
    f = ctx.filters.with_(theatres=THEATRES)
    keep = event_mask(ctx.frames.events, f)
    refs = reference_dates(ctx.frames.phases)
    if int(keep.sum()) > TIMELINE_AGGREGATE_ABOVE:  # many events: counts per week instead of one mark each
        cand = ctx.frames.events.loc[keep, ["date_start", "date_end", "theatre", "source_ids"]]
        lo, hi = days_since_ceasefire(cand, refs)
        after = (hi >= 0) & (lo >= -31)
        if int(after.sum()) > TIMELINE_AGGREGATE_ABOVE:
            return compare_days_aggregated(ctx, cand[after].assign(x_lo=lo[after], x_hi=hi[after]), title)
    starts = {t: _day0_text(refs[t]) for t in THEATRES if t in refs}
    # what a day 0 known only to a window does to a theatre's days is said in its panel's heading (_day0_caveat)
    subtitle = ("Events in the first days after each theatre's own ceasefire (day 0: "
                + "; ".join(f"{theme.label(t)} {starts.get(t, '?')}" for t in THEATRES) + ")")
    ev = filter_events(ctx.frames.events, f, keep).copy()
    if not ev.empty:
        ev["x_lo"], ev["x_hi"] = days_since(ev, refs, "date_start", "date_end")
        ev = ev[(ev["x_hi"] >= 0) & (ev["x_lo"] >= -31)]  # after the ceasefire (allowing for a month-precision start)
    if ev.empty:
        return empty_chart("compare-days", ctx, title, subtitle, pd.DataFrame(columns=DATA_COLUMNS),
                           "No post-ceasefire events match the current filters.")
    ev["when"] = datefmt.column(ev, "date")
    present = [t for t in THEATRES if t in set(ev["theatre"])]
    # the same span for both: up to the day the shorter record reaches
    n_days = int(min(ev.loc[ev["theatre"] == t, "x_lo"].max() for t in present)) + 3
    n_days = max(n_days, 14)
    subtitle = subtitle[:-1] + f"; both cover days 0–{n_days})"
    omitted = ev[ev["x_lo"] > n_days]
    shown = ev[ev["x_lo"] <= n_days].copy()
    # a theatre whose events all start after day n_days gets no panel (its events are counted in the note)
    theatres_with_events = present
    present = [t for t in present if t in set(shown["theatre"])]
    x_range = (-31 if (shown["x_lo"] < 0).any() else -2, n_days + 2)
    shown["color"] = shown["primary_actor"].map(theme.actor_color)
    shown["group"] = shown["primary_actor"].map(theme.actor_group)
    shown["hover"] = [_hover(r) for r in records(shown)]
    # each panel's rows packed so no two marks or bars overlap; a panel is as tall as its rows
    plot_w = layout.plot_px()
    a, b = marks.extent_px(shown, x_range, plot_w)
    first, n_rows = marks.pack(shown["theatre"], a, b, ids=shown["id"])
    shown["y"] = first + 0.5
    texts = mark_labels(shown, a, b, first, pd.Series(1, index=shown.index), shown["theatre"], plot_w)
    heights = [max(n_rows[t], 2) * marks.ROW_PX + 12 for t in present]
    slide = layout.side_labels()  # a slide: each panel's heading on one line, so the gap between panels is smaller
    heads = {t: _heading(t, starts.get(t, "?"), refs.get(t), int((omitted["theatre"] == t).sum()), slide, plot_w)
             for t in present}
    lines = {t: heads[t].count("<br>") + 1 for t in present}
    # the gap above a lower panel holds its heading: two lines as before, more where a caveat wraps (a phone)
    head_extra_px = max([lines[t] - (1 if slide else 2) for t in present[1:]] + [0]) * HEAD_LINE_PX
    gap = (SLIDE_PANEL_GAP_PX if slide else PANEL_GAP_PX) + head_extra_px
    panels_px = sum(heights) + gap * (len(present) - 1)
    fig = FigureSpec.subplots(len(present), shared_xaxes=True, row_heights=heights,
                              vertical_spacing=gap / panels_px)
    fig.panel_gap_min_px = 22 if slide else None  # shared x axis: no tick labels between, only a one-line heading
    for i, t in enumerate(present, 1):
        part = shown[shown["theatre"] == t].copy()
        xa, ya = ("x", "y") if i == 1 else (f"x{i}", f"y{i}")
        fig.add_traces(marks.event_traces(part, x_range, xaxis=xa, yaxis=ya))
        text_trace = mark_label_trace(part, texts[texts.index.isin(part.index)], x_range, xaxis=xa, yaxis=ya)
        if text_trace:
            fig.add_trace(text_trace)
        rows = max(n_rows[t], 2)
        fig.update_yaxes(range=[rows + 0.3, -0.3], autorange=False, showticklabels=False, showgrid=False, row=i, col=1)
        fig.add_shapes([dict(type="line", x0=0, x1=0, xref=xa, y0=0, y1=1, yref=f"{ya} domain",
                                       line=dict(color="#333", width=1.5, dash="dash"))])
        head = heads[t]
        fig.add_annotations([dict(text=head, xref=f"{xa} domain", yref=f"{ya} domain", x=0, y=1, yshift=4,
                                            xanchor="left", yanchor="bottom", showarrow=False, align="left",
                                            font=dict(size=layout.SUBTITLE_SIZE, color="#111"))])
    clipped = bool(((shown["x_lo"] < x_range[0]) | (shown["x_hi"] > x_range[1])).any())
    fig.add_traces(marks.key_traces(shown, "legend", "legend2", "legend3", clipped))
    fig.update_xaxes(range=list(x_range), autorange=False)
    fig.update_xaxes(title="Days since that theatre's ceasefire", row=len(present), col=1)
    note = None
    if len(omitted):
        note = ("Not shown: " + "; ".join(f"{int((omitted['theatre'] == t).sum())} {theme.label(t)} events after day {n_days}"
                                          for t in theatres_with_events if (omitted["theatre"] == t).any())
                + " (beyond the span both theatres cover; the timeline shows them).")
    extra = ([marks.SPAN_KEY] if (shown["x_lo"] != shown["x_hi"]).any() else []) + ([marks.ARROW_KEY] if clipped else [])
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(shown), as_of=reported_as_of(ctx, shown), note=note,
          plot_px=panels_px, head_px=34 + max(lines[present[0]] - 2, 0) * HEAD_LINE_PX,
          legends=[("legend", theme.ACTOR_KEY_TITLE, list(dict.fromkeys(shown["group"]))),
                   ("legend2", "Event class (shape):", marks.class_names(shown)),
                   ("legend3", "Key:", extra)])
    fig.update_layout(barmode="overlay", bargap=0, showlegend=True)
    summary = "; ".join(f"{theme.label(t)}: {int((shown['theatre'] == t).sum())} events in days 0–{n_days}"
                        for t in present) + (f". {note}" if note else ".")
    data = shown.rename(columns={"x_lo": "days_since_ceasefire_min", "x_hi": "days_since_ceasefire_max"})[DATA_COLUMNS]
    return Chart("compare-days", title, fig, data, summary, list(shown["permalink"]))
