"""Timeline: focus plus context, packed rows, time drawn as known, phases in their own rows, key moments
labelled at their own mark."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from chartsupport import clickable, footer, legend_names

from dashboard.conventions import theme
from dashboard.charts import build
from dashboard.charts.layout import PHONE_PLOT_PX, SLIDE_PLOT_PX, for_width
from dashboard.charts.marks import ARROW_KEY, CLIP_SYMBOLS, MARK_PX, SPAN_KEY
from dashboard.charts.phases import OPEN_KEY
from dashboard.frames.filters import Filters, event_mask


def _bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def _labels(fig):
    found = [t for t in fig.data if t.name == "labels"]
    return found[0] if found else None


def test_marks_coloured_by_initiating_actor(built, frames):
    primary = dict(zip(frames.events["id"], frames.events["primary_actor"]))
    ids = []
    for t, _, rid in clickable(built["timeline"].figure):
        colour = t.marker.color
        assert colour == theme.actor_color(primary[rid])
        assert t.name == theme.actor_group(primary[rid])
        ids.append(rid)
    assert sorted(ids) == sorted(built["timeline"].data["id"]), "every event in view is one clickable mark or bar"


def test_a_month_is_a_bar_across_the_month_never_a_dot(built, frames):
    ev = frames.events
    month = ev[(ev["date_precision"] == "month") & (ev["date_end"] - ev["date_start"]).dt.days.between(27, 31)].iloc[0]
    fig = built["timeline"].figure
    points = {rid for t, _, rid in clickable(fig) if t.type == "scatter"}
    assert month["id"] not in points, "no point mark for an imprecise date"
    for t in _bars(fig):
        ids = [row[0] for row in t.customdata]
        if month["id"] in ids:
            i = ids.index(month["id"])
            start = pd.Timestamp(t.base[i])
            length_days = t.x[i] / 86_400_000
            assert start == month["date_start"]
            assert length_days == pytest.approx((month["date_end"] - month["date_start"]).days + 1)
            break
    else:
        pytest.fail("the month-precision event has no bar")


def test_only_windows_are_bars_and_no_window_gets_a_point_mark(built, frames):
    shown = set(built["timeline"].data["id"])
    ev = frames.events[frames.events["id"].isin(shown)]
    spans = set(ev.loc[ev["date_start"] != ev["date_end"], "id"])
    bars = {row[0] for t in _bars(built["timeline"].figure) for row in t.customdata}
    assert bars == spans
    fig = built["timeline"].figure
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    for t in fig.data:  # no visible mark inside a window, except the clip arrows at the axis edges
        if t.type != "scatter" or t.customdata is not None or t.x is None or t.xaxis not in (None, "x"):
            continue
        if t.name in ("labels", "marklabels"):
            assert t.marker.color == "rgba(0,0,0,0)", "labels carry no visible mark"
            continue
        if t.x == (None,):
            continue  # a legend entry
        assert set(t.marker.symbol) <= set(CLIP_SYMBOLS), t.marker.symbol
    assert SPAN_KEY in legend_names(built["timeline"].figure, "legend3"), "the bar has a key"


def test_axis_follows_the_date_filter(ctx, frames):
    f = Filters(start=date(2025, 10, 10), theatres=("gaza",))
    fig = build("timeline", replace(ctx, filters=f)).figure
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert pd.Timestamp("2025-10-01") <= lo <= pd.Timestamp("2025-10-10"), lo
    assert hi <= frames.sources["published_end"].max() + pd.Timedelta(days=3)


def test_spans_past_the_axis_edge_get_an_arrow(ctx):
    f = Filters(start=date(2025, 10, 10))
    fig = build("timeline", replace(ctx, filters=f)).figure
    lo = pd.Timestamp(fig.layout.xaxis.range[0])
    arrows = [t for t in fig.data if t.type == "scatter" and t.marker.symbol is not None
              and not isinstance(t.marker.symbol, str) and CLIP_SYMBOLS[0] in t.marker.symbol]
    assert arrows, "spans starting before the window are cut at the axis and marked"
    assert all(pd.Timestamp(x) >= lo for t in arrows for x in t.x)
    assert ARROW_KEY in legend_names(fig, "legend3")
    for t in _bars(fig):  # bars are cut to the window, never drawn from before it
        assert all(pd.Timestamp(b) >= lo for b in t.base)


def _latest_phase_start(frames, theatres):
    ph = frames.phases[frames.phases["theatre"].isin(list(theatres))]
    ph = ph[ph["start_start"] <= frames.sources["published_end"].max()]
    return ph["start_start"].max()


@pytest.mark.parametrize("theatres", [(), ("gaza",), ("lebanon",)], ids=["all", "gaza", "lebanon"])
def test_default_view_focuses_on_the_latest_ceasefire_in_view(ctx, frames, theatres):
    """The focus period is derived from the phases data: the start of the latest ceasefire among the
    theatres in view (or 30 days before the as-of date, if that is later), up to the as-of date."""
    chart = build("timeline", replace(ctx, filters=Filters(theatres=theatres)))
    fig = chart.figure
    in_view = theatres or set(frames.events["theatre"])
    start = _latest_phase_start(frames, in_view)
    as_of = frames.sources["published_end"].max()
    start = min(start, as_of - pd.Timedelta(days=30))
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    pad = max((hi - lo) * 0.03, pd.Timedelta(days=3))
    assert lo <= start <= lo + pad, (lo, start)
    assert as_of <= hi <= as_of + pad
    focus = Filters(theatres=theatres, start=start.date(), end=as_of.date())
    assert set(chart.data["id"]) == set(frames.events.loc[event_mask(frames.events, focus), "id"])


def test_the_strip_shows_the_whole_record_with_the_focus_outlined(ctx, frames, built):
    fig = built["timeline"].figure
    assert fig.layout.xaxis2 is not None and fig.layout.yaxis2 is not None
    lo2, hi2 = (pd.Timestamp(v) for v in fig.layout.xaxis2.range)
    assert lo2 <= frames.events["date_start"].min()
    ticks = [t for t in fig.data if t.xaxis == "x2" and t.mode == "markers"]
    lines = [t for t in fig.data if t.xaxis == "x2" and t.mode == "lines"]
    ev = frames.events
    n_lines = sum(1 for x in lines[0].x if x is None) if lines else 0
    assert len(ticks[0].x) + n_lines == len(ev), "every event in view is in the strip"
    box = [s for s in fig.layout.shapes if s.xref == "x2" and s.type == "rect" and s.yref == "y2 domain"]
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert len(box) == 1 and lo <= pd.Timestamp(box[0].x0) and pd.Timestamp(box[0].x1) <= hi
    assert "Whole record" in " ".join(a.text for a in fig.layout.annotations)


def test_span_all_draws_the_whole_record_without_a_strip(ctx, frames):
    chart = build("timeline", replace(ctx, filters=Filters(span="all")))
    fig = chart.figure
    assert "xaxis2" not in fig.to_dict()["layout"]
    assert pd.Timestamp(fig.layout.xaxis.range[0]) <= frames.events["date_start"].min()
    assert len(chart.data) == len(frames.events)


def test_a_date_filter_sets_the_focus(ctx, frames):
    f = Filters(start=date(2025, 2, 1), end=date(2025, 3, 1))
    chart = build("timeline", replace(ctx, filters=f))
    lo, hi = (pd.Timestamp(v) for v in chart.figure.layout.xaxis.range)
    assert lo <= pd.Timestamp("2025-02-01") and pd.Timestamp("2025-03-01") <= hi
    assert set(chart.data["id"]) == set(frames.events.loc[event_mask(frames.events, f), "id"])
    assert chart.title.startswith("Events reported, 1 Feb")


def _lane_names(fig):
    """Lane name annotations as (y, text), top to bottom."""
    return sorted((a.y, a.text) for a in fig.layout.annotations if a.name == "lane")


def _marks(fig):
    """(id, y, x0, x1) for every clickable mark or bar in the main plot; x1 includes a bar's last day."""
    out = []
    for t in fig.data:
        if t.customdata is None or t.xaxis not in (None, "x"):
            continue
        xs, ys, base = list(t.x), list(t.y), list(t.base) if t.type == "bar" else None
        for i, row in enumerate(t.customdata):
            if t.type == "bar":
                x0 = pd.Timestamp(base[i])
                out.append((row[0], ys[i], x0, x0 + pd.Timedelta(milliseconds=xs[i])))
            else:
                out.append((row[0], ys[i], pd.Timestamp(xs[i]), pd.Timestamp(xs[i])))
    return out


def test_phase_bands_sit_in_their_own_row_of_their_theatre_lane(built, frames):
    fig = built["timeline"].figure
    bands = [s for s in fig.layout.shapes if s.type == "rect" and s.yref == "y" and s.legendgroup]
    assert bands
    names = _lane_names(fig)
    theatre_of = dict(zip(frames.phases["id"], frames.phases["theatre"]))
    ys = [m[1] for m in _marks(fig)]
    for s in bands:
        assert not any(s.y0 < y < s.y1 for y in ys), "no mark inside a phase row"
        above = [text for y, text in names if y < s.y0]
        assert above and above[-1].startswith(f"<b>{theme.label(theatre_of[s.legendgroup])}</b>"), (s.legendgroup, above)


def test_each_phase_has_its_own_colour_and_is_named(built, frames):
    fig = built["timeline"].figure
    fills = {}
    for s in fig.layout.shapes:
        if s.type == "rect" and s.legendgroup in set(frames.phases["id"]) and s.fillcolor != "rgba(0,0,0,0)":
            fills.setdefault(s.legendgroup, set()).add(s.fillcolor)
    assert set(fills) == set(frames.phases["id"]), "every phase in view is drawn (strip or main plot)"
    assert all(len(f) == 1 for f in fills.values()), "one colour per phase"
    colours = [next(iter(f)) for f in fills.values()]
    assert len(set(colours)) == len(colours), "no two phases share a colour"
    actor = {theme.rgba(c, 1.0) for c in theme.ACTOR_COLORS.values()}
    assert not set(colours) & actor
    names = set(legend_names(fig, "legend3")) | set((_labels(fig).text if _labels(fig) else ()))
    assert set(frames.phases["name"]) <= names


def test_an_open_end_fades_out_instead_of_running_to_the_edge(built, frames):
    fig = built["timeline"].figure
    open_ids = set(frames.phases.loc[frames.phases["open"], "id"])
    assert open_ids
    faded = [s for s in fig.layout.shapes if s.legendgroup in open_ids and s.opacity is not None and s.opacity < 1]
    assert faded, "open-ended phases fade"
    assert len({s.opacity for s in faded}) >= 2, "the fade has steps"
    assert OPEN_KEY in legend_names(fig, "legend3")


def test_class_lanes_give_phases_their_own_lane(ctx, frames):
    fig = build("timeline", replace(ctx, filters=Filters(lanes="event_type"))).figure
    names = [text for _, text in _lane_names(fig)]
    assert any("truces and ceasefires" in t for t in names)
    classes = {theme.EVENT_CLASSES[c][0] for c in theme.EVENT_CLASSES}
    assert all(any(c in t for c in classes) for t in names if "truces" not in t)
    bands = [s for s in fig.layout.shapes if s.type == "rect" and s.yref == "y" and s.legendgroup]
    ys = [m[1] for m in _marks(fig)]
    assert bands and all(not any(s.y0 < y < s.y1 for y in ys) for s in bands)


@pytest.mark.parametrize("width", [PHONE_PLOT_PX, 960, SLIDE_PLOT_PX])
@pytest.mark.parametrize("filters", [Filters(), Filters(span="all"), Filters(lanes="event_type"), Filters(axis="days")],
                         ids=["focus", "whole", "class-lanes", "days"])
def test_no_two_marks_bars_or_labels_overlap_in_a_row(ctx, filters, width):
    """Packed rows: within a lane, measured in pixels at the layout width, no mark or bar overlaps another
    in its row, and no key-moment label's box covers a mark."""
    with for_width(width):
        fig = build("timeline", replace(ctx, filters=filters)).figure
    lo, hi = fig.layout.xaxis.range
    days = filters.axis == "days"
    conv = (lambda v: float(v)) if days else (lambda v: pd.Timestamp(v).value)
    scale = width / (conv(hi) - conv(lo))
    boxes = []
    for rid, y, x0, x1 in _marks_any(fig, days):
        a, b = (conv(x0) - conv(lo)) * scale, (conv(x1) - conv(lo)) * scale
        if a == b:
            a, b = a - MARK_PX / 2, b + MARK_PX / 2
        boxes.append((rid, y - 0.25, y + 0.25, max(a, 0), min(b, width)))
    labels = _labels(fig)
    from dashboard.charts.keylabels import CHAR_PX, LINE_PX
    from dashboard.charts.marks import ROW_PX
    for i, rid in enumerate(labels.ids if labels else ()):
        if labels.marker.size[i] == 2 and rid in set(ctx.frames.phases["id"]):
            continue  # a phase name inside its band
        x = (conv(labels.x[i]) - conv(lo)) * scale
        lines = labels.text[i].split("<br>")
        w = CHAR_PX * max(len(line.replace("<b>", "").replace("</b>", "")) for line in lines)
        half = LINE_PX * len(lines) / ROW_PX / 2
        off = labels.marker.size[i] / 2
        a, b = (x + off, x + off + w) if labels.textposition[i] == "middle right" else (x - off - w, x - off)
        boxes.append((f"label:{rid}", labels.y[i] - half, labels.y[i] + half, a, b))
    for k, (r1, y0, y1, a1, b1) in enumerate(boxes):
        for r2, v0, v1, a2, b2 in boxes[k + 1:]:
            if r2 == f"label:{r1}" or r1 == f"label:{r2}":
                continue
            if y0 < v1 - 1e-9 and v0 < y1 - 1e-9:  # share a row
                assert b1 <= a2 + 0.5 or b2 <= a1 + 0.5, (r1, r2, (a1, b1), (a2, b2))


def _marks_any(fig, days: bool):
    if not days:
        return _marks(fig)
    out = []
    for t in fig.data:
        if t.customdata is None:
            continue
        xs, ys, base = list(t.x), list(t.y), list(t.base) if t.type == "bar" else None
        for i, row in enumerate(t.customdata):
            if t.type == "bar":
                out.append((row[0], ys[i], base[i], base[i] + xs[i]))
            else:
                out.append((row[0], ys[i], xs[i], xs[i]))
    return out


def test_each_key_moment_is_labelled_on_its_own_mark(built, frames):
    """Each label sits in its event's row, at its mark (a day) or at an end of its bar (a window), so it can
    only point at its own event (issue 19: a callout pointed at a 16-17 Nov diamond for a 19 Nov airstrike)."""
    fig = built["timeline"].figure
    labels = _labels(fig)
    marks_by_id = {rid: (y, x0, x1) for rid, y, x0, x1 in _marks(fig)}
    ev = frames.events.set_index("id")
    keyed = [rid for rid in labels.ids if rid in ev.index]
    shown = built["timeline"].data
    expected = shown[shown["id"].map(ev["key"]) & shown["date_precision"].isin(["day", "week"])]
    assert set(keyed) == set(expected["id"]), "every key moment in view (day or week) is labelled"
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    for i, rid in enumerate(labels.ids):
        if rid not in ev.index:
            continue
        y, x0, x1 = marks_by_id[rid]
        assert labels.y[i] == y, rid
        x = pd.Timestamp(labels.x[i])
        assert max(x0, lo) <= x <= min(x1, hi), (rid, x, x0, x1)
        assert ev.loc[rid, "date_start"] <= x <= ev.loc[rid, "date_end"] + pd.Timedelta(days=1), rid
        assert f"{shown.set_index('id').loc[rid, 'when']}</b>" in labels.text[i], "the label gives its own date"


def test_figure_weight_budget(built):
    """Issue 19: no annotation arrows (each forces a layout pass in the browser), one trace per colour, at
    most eight entries in any legend."""
    fig = built["timeline"].figure
    assert not any(a.showarrow for a in fig.layout.annotations)
    colours = {t.marker.color for t in fig.data if t.customdata is not None and t.type == "scatter"}
    assert len([t for t in fig.data if t.customdata is not None and t.type == "scatter"]) == len(colours)
    for legend in ("legend", "legend2", "legend3"):
        assert len(legend_names(fig, legend)) <= 8, legend


def test_days_axis_puts_each_ceasefire_at_zero(ctx):
    chart = build("timeline", replace(ctx, filters=Filters(axis="days")))
    assert any(s.type == "line" and s.x0 == 0 for s in chart.figure.layout.shapes)
    assert "ceasefire" in chart.figure.layout.xaxis.title.text


def test_filters_reduce_marks_and_are_named_in_the_footer(ctx, built):
    total = len(built["timeline"].data)
    chart = build("timeline", replace(ctx, filters=Filters(theatres=("lebanon",))))
    assert 0 < len(chart.data) < total
    assert set(chart.data["theatre"]) == {"lebanon"}
    assert "Filters:" in footer(chart.figure)


def test_dates_in_the_data_table_are_written_at_their_precision(built, frames):
    data = built["timeline"].data.set_index("id")
    year = frames.events[frames.events["date_precision"] == "year"].iloc[0]
    assert data.loc[year["id"], "when"] == f"{year['date_start']:%Y}" or "–" in data.loc[year["id"], "when"]


@pytest.mark.parametrize("filters", [Filters(), Filters(theatres=("gaza", "lebanon")), Filters(lanes="event_type")],
                         ids=["all", "two-lanes", "by-class"])
def test_every_lane_is_inside_the_axis(ctx, filters):
    fig = build("timeline", replace(ctx, filters=filters)).figure
    y = fig.layout.yaxis
    assert y.autorange is False
    lo, hi = sorted(y.range)
    assert all(lo < m[1] < hi for m in _marks(fig))
    assert all(lo <= a for a, _ in _lane_names(fig))
