"""Timeline: every coded event on lanes (theatre or event class) over the period the reporting is about.

Focus plus context (focus.py): by default the axis runs from the start of the latest ceasefire in view
(or the filter's dates) to the data's as-of date, and a strip above shows the whole record with that
period outlined; `span=all` draws the whole record. Within a lane every mark, bar and label has its own
packed row (marks.pack), so nothing is drawn over anything else. Truces and ceasefires sit in a row of
their own at the top of their theatre's lane, each in its own colour and named there. Key moments are
labelled beside their own mark (keylabels.py).
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from dashboard.conventions import datefmt, theme
from dashboard.frames.filters import event_mask, filter_events
from dashboard.charts import layout, marks
from dashboard.charts.aggregate import TIMELINE_AGGREGATE_ABOVE, timeline_aggregated
from dashboard.charts.base import Chart, Context, esc, records, reported_as_of, sources_of, wrap
from dashboard.charts.brand import brand, empty_chart
from dashboard.charts.focus import add_context_strip, focus_events, focus_window, latest_ceasefire, strip_extent, strip_heading, strip_px
from dashboard.charts.keylabels import CHAR_PX, LABEL_SIZE, key_labels
from dashboard.charts.marklabels import label_anchor, mark_label_trace, mark_labels
from dashboard.charts.phases import add_phase_bands, phase_windows
from dashboard.charts.spec import FigureSpec, trace
from dashboard.charts.timebase import days_since, reference_dates

NAME_CHAR_PX = 7.4  # a bold lane-name character at LABEL_SIZE
HEAD_ROWS, PHASE_ROWS, PAD_ROWS = 1.0, 1.0, 0.4  # a lane: its name, its phases (theatre lanes), packed rows, a gap
SLIDE_PAD_ROWS = 0.2  # the gap on a short slide (thin rows): the hairline between lanes still separates them
DATA_COLUMNS = ["id", "when", "date_precision", "date_text", "theatre", "type", "event_class", "status", "actor1",
                "actor2", "notes", "source", "permalink"]


def _hover(r) -> str:
    return (f"<b>{wrap(r['notes'], 60)}</b><br>Date: {esc(r['when'])} (known to the {esc(r['date_precision'])})"
            f"<br>As written: “{esc(r['date_text'] or '')}”<br>Type: {esc(theme.label(r['type']))} "
            f"({esc(theme.event_class_label(r['type']))}) · Status: {esc(r['status'])} · {esc(theme.label(r['theatre']))}"
            f"<br>Source: {esc(r['source'])}")


def window(ctx: Context, ev: pd.DataFrame, days: bool, as_of, focus=None):
    """The axis window: the focus period where there is one, else the events' extent, never past the as-of
    date; every mark's start stays on the axis."""
    if days:
        lo, hi = ev["x_lo"].min(), ev["x_hi"].max()
        if as_of is not None:
            refs = reference_dates(ctx.frames.phases)
            if refs:
                hi = min(hi, (pd.Timestamp(as_of) - min(r[0] for r in refs.values())).days)
        pad = max((hi - lo) * 0.02, 2)
        return lo - pad, hi + pad
    if focus is not None:
        lo, hi = focus[0], focus[1]
    else:
        lo, hi = ev["x_lo"].min(), ev["x_hi"].max()
        if as_of is not None:
            hi = min(hi, pd.Timestamp(as_of))
    hi = max(hi, ev["x_lo"].max())
    pad = max((hi - lo) * 0.02, timedelta(days=2))
    return lo - pad, hi + pad


def _titles(f, days: bool, focus, lane_word: str) -> tuple[str, str]:
    if days:
        title = "Events reported in the articles, by days since each ceasefire"
    elif focus is not None and focus[2]:
        title = f"Events since the start of the {focus[2]}"
    elif focus is not None:
        title = f"Events reported, {datefmt.format_span(focus[0], focus[1], 'day')}"
    else:
        title = "Events reported in the articles"
    subtitle = (f"One mark per coded event, in lanes by {lane_word}; colour: initiating actor; shape: event class "
                "(the full type is in the hover and the data); a bar spans a date known only to a week, month or year")
    return title, subtitle


# A timeline too tall for one slide is two (charts.VIEWS): the theatre of the ceasefire the period starts from, and
# every other theatre, over the same period. A slide draws denser (thinner rows, key labels on two longer lines,
# events of one lane and actor known only to the same window as one counted bar) and leaves the whole-record strip
# to the app.
SLIDE_PARTS = ("main", "other")
SLIDE_FULL_ROWS_FROM = 900  # px of slide height (layout.SLIDE, 1920x1080) from which a slide keeps the page's rows


def main_theatre(ctx: Context, ev: pd.DataFrame, as_of) -> str:
    """The theatre a timeline's first slide draws: the one whose ceasefire starts the period, else the busiest."""
    phase = latest_ceasefire(ctx, set(ev["theatre"]), as_of)
    if phase is not None and (ev["theatre"] == phase["theatre"]).any():
        return phase["theatre"]
    counts = ev["theatre"].value_counts()
    return sorted(counts.index, key=lambda t: (-counts[t], t))[0]


def timeline(ctx: Context) -> Chart:
    f = ctx.filters
    part = ctx.part if ctx.part in SLIDE_PARTS else None
    if part:
        f = f.with_(lanes="theatre", axis="calendar")
    events = ctx.frames.events
    keep = event_mask(events, f)
    if int(keep.sum()) > TIMELINE_AGGREGATE_ABOVE:
        return timeline_aggregated(ctx, keep)
    days = f.axis == "days"
    lane_col = "theatre" if f.lanes == "theatre" else "event_class"
    lane_word = "theatre" if lane_col == "theatre" else "event class"
    # the context: what every filter but the dates selects; the focus: the period the reporting is about
    undated = f.with_(start=None, end=None)
    ev_all = filter_events(events, undated, keep if not (f.start or f.end) else None)
    as_of_all = reported_as_of(ctx, ev_all)
    focus = focus_window(ctx, ev_all, as_of_all)
    title, subtitle = _titles(f, days, focus, lane_word)
    if focus is not None and not (f.start or f.end):
        ev = filter_events(events, undated, focus_events(events, undated, focus) & event_mask(events, undated))
    else:
        ev = filter_events(events, f, keep)
    ev = ev.copy()
    ev["when"] = datefmt.column(ev, "date")
    ev["event_class"] = ev["type"].map(theme.event_class)
    where = ""
    if part and not ev.empty:
        main = main_theatre(ctx, ev, as_of_all)
        ev = ev[(ev["theatre"] == main) == (part == "main")]
        where = theme.label(main) if part == "main" else "theatres other than " + theme.label(main)
        title = f"{where[:1].upper() + where[1:]}: {title[:1].lower() + title[1:]}"
        subtitle = ("Colour: initiating actor; shape: event class; a bar spans a window the source gives instead of a day "
                    "(a count on or beside a bar: that many events of one actor known only to that window)")
    if ev.empty:
        message = f"No events in {where} in this period." if where else "No events match the current filters."
        return empty_chart("timeline", ctx, title, subtitle, ev.reindex(columns=DATA_COLUMNS), message)
    has_strip = not part and focus is not None and bool(((ev_all["date_start"] < focus[0]) | (ev_all["date_start"] > focus[1])).any())
    refs = reference_dates(ctx.frames.phases)
    if days:
        ev["x_lo"], ev["x_hi"] = days_since(ev, refs, "date_start", "date_end")
    else:
        ev["x_lo"], ev["x_hi"] = ev["date_start"], ev["date_end"]
    as_of = as_of_all if has_strip or part else reported_as_of(ctx, ev)
    x_range = window(ctx, ev, days, as_of, focus)
    ev["color"] = ev["primary_actor"].map(theme.actor_color)
    ev["group"] = ev["primary_actor"].map(theme.actor_group)
    ev["hover"] = [_hover(r) for r in records(ev)]
    data = ev
    if part:
        ev = marks.collapse_windows(ev, lane_col)
    # on a slide (not a part drawn at a phone's width): key labels date first on longer lines, and a slide as short
    # as a 1280x720 window gets thinner rows; a taller one keeps the page's
    slide_h = layout.current().max_height if part else None
    row_px = marks.SLIDE_ROW_PX if slide_h and slide_h < SLIDE_FULL_ROWS_FROM else marks.ROW_PX
    pad_rows = SLIDE_PAD_ROWS if row_px == marks.SLIDE_ROW_PX else PAD_ROWS

    # phases: on theatre lanes a row at the top of the theatre's lane; on class lanes a lane per theatre
    windows = pd.DataFrame() if days else phase_windows(ctx, as_of)
    lo, hi = x_range
    in_view = set() if windows.empty else set(
        windows.loc[(windows["start_start"] <= hi) & (windows["fade_to"] >= lo), "theatre"])
    if lane_col != "theatre":
        in_view &= set(f.theatres or ev_all["theatre"])
    n_of = ev["n"] if "n" in ev else pd.Series(1, index=ev.index)  # a counted bar (a slide) stands for n events
    lanes = sorted(ev[lane_col].unique(), key=lambda v: (-n_of[ev[lane_col] == v].sum(), v))
    lane_text = {}
    for lane in lanes:
        n = int(n_of[ev[lane_col] == lane].sum())
        label = theme.label(lane) if lane_col == "theatre" else theme.EVENT_CLASSES[lane][0]
        lane_text[lane] = (f"<b>{esc(label)}</b> · {n} event{'s' if n != 1 else ''}", len(label) + len(str(n)) + 10)
    headed = {lane for lane in lanes if lane_col == "theatre" and lane in in_view}  # name above the phase row

    # rows: pack every mark, bar, key-moment label and lane name into its lane, in pixels at the layout width
    plot_w = layout.plot_px()
    start, end = marks.extent_px(ev, x_range, plot_w)
    labels = key_labels(ev, start, end, plot_w, row_px=row_px, compact=bool(slide_h))
    counts = _count_labels(ev, start, end, plot_w)
    need = pd.Series(1, index=ev.index)
    for i, lab in pd.concat([labels, counts]).iterrows():
        start[i], end[i], need[i] = lab["start"], lab["end"], lab["rows"]
    lane_of = ev[lane_col].astype(object)
    for lane in lanes:  # a lane's name takes the left end of its first row, unless it sits above a phase row
        if lane not in headed:
            key = f"lane:{lane}"
            lane_of[key], start[key], end[key], need[key] = lane, -1e9, NAME_CHAR_PX * lane_text[lane][1], 1
    first, n_rows = marks.pack(lane_of, start, end, need, ids=ev["id"])
    # every other mark and bar labelled where its row has room (no row added)
    others = mark_labels(ev, start, end, first, need, lane_of, plot_w, skip=set(labels.index) | set(counts.index))

    y, tops, name_at, phase_rows, events_top = 0.0, [], [], {}, {}
    if lane_col != "theatre":
        for t in [t for t in dict.fromkeys(ctx.frames.phases["theatre"]) if t in in_view]:
            tops.append(y)
            name_at.append((y + HEAD_ROWS / 2, f"<b>{esc(theme.label(t))}: truces and ceasefires</b>"))
            phase_rows[t] = (y + HEAD_ROWS + 0.1, y + HEAD_ROWS + PHASE_ROWS - 0.1)
            y += HEAD_ROWS + PHASE_ROWS + pad_rows
    for lane in lanes:
        tops.append(y)
        if lane in headed:
            name_at.append((y + HEAD_ROWS / 2, lane_text[lane][0]))
            phase_rows[lane] = (y + HEAD_ROWS + 0.1, y + HEAD_ROWS + PHASE_ROWS - 0.1)
            y += HEAD_ROWS + PHASE_ROWS
        else:
            name_at.append((y + first[f"lane:{lane}"] + 0.5, lane_text[lane][0]))
        events_top[lane] = y
        y += n_rows[lane] + pad_rows
    total_rows = y
    ev["y"] = ev[lane_col].map(events_top) + first[ev.index] + need[ev.index] / 2
    main_px = int(total_rows * row_px)

    fig = FigureSpec()
    phase_names, phase_labels = [], []
    if days:
        fig.add_shapes([dict(type="line", x0=0, x1=0, xref="x", y0=0, y1=1, yref="y domain",
                             line=dict(color="#333", width=1.5, dash="dash"))])
    elif phase_rows:
        drawn = add_phase_bands(fig, ctx, phase_rows, x_range, as_of, in_legend=not has_strip)
        phase_names = [d["name"] for d in drawn]
        phase_labels = _phase_labels(drawn, x_range, plot_w)
    clipped = bool(((ev["x_lo"] < x_range[0]) | (ev["x_hi"] > x_range[1])).any())
    fig.add_traces(marks.event_traces(ev, x_range))
    fig.add_traces(marks.key_traces(ev, "legend", "legend2", "legend3", clipped))
    label_trace = _label_trace(ev, pd.concat([labels, counts]), x_range, phase_labels)
    if label_trace:
        fig.add_trace(label_trace)
    other_trace = mark_label_trace(ev, others, x_range)
    if other_trace:
        fig.add_trace(other_trace)
    fig.add_annotations([dict(x=0, xref="x domain", y=at, yref="y", xanchor="left", yanchor="middle", name="lane",
                              showarrow=False, align="left", text=text, font=dict(size=layout.LABEL_SIZE, color="#222"))
                         for at, text in name_at])
    fig.add_shapes([dict(type="line", x0=0, x1=1, xref="x domain", y0=top, y1=top, yref="y",
                         line=dict(color="#ccc", width=1), layer="below") for top in tops[1:]])  # lane hairlines
    fig.update_yaxes(range=[total_rows, 0], autorange=False, showticklabels=False, showgrid=False, zeroline=False,
                     fixedrange=True)
    fig.update_xaxes(range=list(x_range), autorange=False,
                     title="Days since the theatre's ceasefire" if days else None)
    plot_px = main_px
    if has_strip:
        phase_theatres = [t for t in dict.fromkeys(ctx.frames.phases["theatre"]) if t in set(f.theatres or ev_all["theatre"])]
        add_context_strip(fig, ctx, ev_all, focus, as_of, plot_w, main_px, phase_theatres)
        plot_px = main_px + strip_px(strip_heading(ev_all, strip_extent(ev_all, focus, as_of)[1]))
        phase_names = [s["name"] for s in fig.layout.get("shapes", []) if s.get("showlegend")]
    extra = ([marks.SPAN_KEY] if (ev["x_lo"] != ev["x_hi"]).any() else []) + ([marks.ARROW_KEY] if clipped else [])
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(ev_all if has_strip else ev), as_of=as_of,
          plot_px=plot_px, min_plot_px=plot_px if part else None,  # a slide's rows are already as thin as they go
          legends=[("legend", theme.ACTOR_KEY_TITLE, list(dict.fromkeys(ev["group"]))),
                   ("legend2", "Event class (shape):", marks.class_names(ev)),
                   ("legend3", "Key:", extra + phase_names)])
    fig.update_layout(bargap=0, barmode="overlay", showlegend=True)
    summary = _summary(data, ev_all, lanes, lane_word, labels, has_strip)
    if len(counts):
        summary += (f" On this slide, {int(ev['n'].sum() - (ev['n'] == 1).sum())} events of one lane and actor known only to"
                    f" the same window are drawn as {len(counts)} counted bars.")
    return Chart("timeline", title, fig, data[DATA_COLUMNS], summary, list(data["permalink"]))


def _count_labels(ev: pd.DataFrame, start: pd.Series, end: pd.Series, plot_w: float) -> pd.DataFrame:
    """"N events" on each bar that stands for several (a slide, marks.collapse_windows): inside it from its start
    where it is wide enough (so it cannot be read as a neighbour's count), else right of its end, or left of its
    start near the right edge; in the bar's own row; the same columns as key_labels."""
    rows = []
    for i, n in ev.get("n", pd.Series(dtype=int)).items():
        if n <= 1:
            continue
        text = f"{int(n)} events"
        w = CHAR_PX * len(text)
        a, b = float(start[i]), float(end[i])
        if b - max(a, 0) >= w + 2 * 4 + marks.ARROW_PX:
            rows.append(dict(index=i, text=esc(text), side="inside", w_px=w, rows=1, start=a, end=b))
            continue
        side = "right" if plot_w - b >= w + 4 or plot_w - b >= a else "left"
        rows.append(dict(index=i, text=esc(text), side=side, w_px=w, rows=1,
                         start=a if side == "right" else a - 4 - w, end=b + 4 + w if side == "right" else b))
    return pd.DataFrame(rows, columns=["index", "text", "side", "w_px", "rows", "start", "end"]).set_index("index")


def _phase_labels(drawn: list[dict], x_range, plot_w: float) -> list[tuple]:
    """(x, y, text, phase id) for each phase band wide enough in view to carry its name; an open phase whose band
    fades in view also says what the fade means (phases.LAST_REPORT), where the band has room for it."""
    out, last_end = [], {}
    for d in drawn:
        if d["id"] is None:
            continue
        x0 = max(d["x0"], x_range[0])
        a = float(marks.to_px(x0, x_range, plot_w))
        b = float(marks.to_px(min(d["fade_to"], x_range[1]), x_range, plot_w))
        row = (d["y0"], d["y1"])
        texts = ([(f"{d['name']} · {d['note']}", f"<b>{esc(d['name'])}</b> · {esc(d['note'])}")] if d.get("note") else [])
        for plain, text in [*texts, (d["name"], esc(d["name"]))]:
            w = CHAR_PX * len(plain) + 8
            if b - a >= w and a >= last_end.get(row, -1e9):
                out.append((x0, (d["y0"] + d["y1"]) / 2, text, d["id"]))
                last_end[row] = a + w
                break
    return out


def _label_trace(ev: pd.DataFrame, labels: pd.DataFrame, x_range, phase_labels: list[tuple]):
    """One text trace: each key moment's label beside its own mark (right of a mark or a bar's end, or left
    of its start), and each phase's name inside its band. `ids` names the record each label belongs to."""
    xs, ys, texts, positions, sizes, ids = [], [], [], [], [], []
    for i, lab in labels.iterrows():
        r = ev.loc[i]
        point = r["x_lo"] == r["x_hi"]
        xs.append(label_anchor(r, lab["side"], x_range))  # a count "inside" its bar: from the bar's start
        ys.append(r["y"])
        texts.append(lab["text"])
        positions.append("middle left" if lab["side"] == "left" else "middle right")
        sizes.append(marks.MARK_PX + 6 if point else (2 * marks.ARROW_PX + 8 if lab["side"] == "inside" else 6))  # the text starts half this beyond the anchor
        ids.append(r["id"])
    for x, y, text, pid in phase_labels:
        xs.append(x)
        ys.append(y)
        texts.append(text)
        positions.append("middle right")
        sizes.append(2)
        ids.append(pid)
    if not xs:
        return None
    return trace("scatter", x=xs, y=ys, text=texts, ids=ids, mode="markers+text", textposition=positions,
                 marker=dict(size=sizes, color="rgba(0,0,0,0)", line=dict(width=0)), textfont=dict(size=LABEL_SIZE, color="#111"),
                 showlegend=False, hoverinfo="skip", cliponaxis=False, name="labels")


def _summary(ev, ev_all, lanes, lane_word, labels, has_strip) -> str:
    first, last = ev.sort_values("date_start").iloc[0], ev.sort_values("date_end").iloc[-1]
    text = (f"{len(ev)} events in {len(lanes)} {lane_word + ('s' if len(lanes) != 1 else '')}, the earliest dated "
            f"{first['when']} and the latest {last['when']}; {int((ev['x_lo'] != ev['x_hi']).sum())} are known "
            f"only to a week, month or year (or to a window of days) and drawn as bars over that window.")
    if has_strip:
        text += f" The strip above shows the whole record ({len(ev_all)} events) with this period outlined."
    if len(labels):
        text += " Key moments: " + "; ".join(f"{ev.loc[i, 'notes']} ({ev.loc[i, 'when']})" for i in labels.index)
    return text
