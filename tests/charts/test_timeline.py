"""Timeline: time drawn as known, axis following the filters, phases on their own lane, key moments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from chartsupport import clickable, footer, legend_names

from dashboard import theme
from dashboard.charts import build
from dashboard.charts.marks import ARROW_KEY, SPAN_KEY
from dashboard.charts.phases import OPEN_KEY
from dashboard.filters import Filters


def _bars(fig):
    return [t for t in fig.data if t.type == "bar"]


def test_marks_coloured_by_initiating_actor(built, frames):
    primary = dict(zip(frames.events["id"], frames.events["primary_actor"]))
    seen = 0
    for t, _, rid in clickable(built["timeline"].figure):
        colour = t.marker.color
        assert colour == theme.actor_color(primary[rid])
        assert t.name == theme.actor_group(primary[rid])
        seen += 1
    assert seen == len(frames.events), "every event is one clickable mark or bar"


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


def test_only_imprecise_events_are_bars(built, frames):
    spans = set(frames.events.loc[frames.events["date_start"] != frames.events["date_end"], "id"])
    bars = {row[0] for t in _bars(built["timeline"].figure) for row in t.customdata}
    assert bars == spans
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
              and not isinstance(t.marker.symbol, str) and "triangle-left" in t.marker.symbol]
    assert arrows, "spans starting before the window are cut at the axis and marked"
    assert all(pd.Timestamp(x) >= lo for t in arrows for x in t.x)
    assert ARROW_KEY in legend_names(fig, "legend3")
    for t in _bars(fig):  # bars are cut to the window, never drawn from before it
        assert all(pd.Timestamp(b) >= lo for b in t.base)


def test_unfiltered_axis_ends_at_the_as_of_date(built, frames):
    hi = pd.Timestamp(built["timeline"].figure.layout.xaxis.range[1])
    assert hi <= frames.sources["published_end"].max() + pd.Timedelta(days=20)
    assert pd.Timestamp(built["timeline"].figure.layout.xaxis.range[0]) <= frames.events["date_start"].min()


def _lane_of(fig, label):
    labels = [a for a in fig.layout.annotations if a.yref == "y" and a.text == f"<b>{label}</b>"]
    assert labels, label
    return round(labels[0].y + 0.5)


def test_phase_bands_sit_on_their_own_theatre_lane(built, frames):
    fig = built["timeline"].figure
    bands = [s for s in fig.layout.shapes if s.type == "rect" and s.yref == "y"]
    assert bands
    lanes = {t: _lane_of(fig, theme.label(t)) for t in set(frames.phases["theatre"])}
    for s in bands:
        lane = (s.y0 + s.y1) / 2
        assert s.y1 - s.y0 <= 1.0, "a band covers one lane, never the whole plot"
        if s.showlegend and s.name != OPEN_KEY:
            phase = frames.phases[frames.phases["name"] == s.name].iloc[0]
            assert lane == lanes[phase["theatre"]], (s.name, lane)


def test_every_phase_is_named_in_the_legend(built, frames):
    names = legend_names(built["timeline"].figure, "legend3")
    assert set(frames.phases["name"]) <= set(names)


def test_an_open_end_fades_out_instead_of_running_to_the_edge(built, frames):
    fig = built["timeline"].figure
    open_ids = set(frames.phases.loc[frames.phases["open"], "id"])
    assert open_ids
    faded = [s for s in fig.layout.shapes if s.legendgroup in open_ids and s.opacity is not None and s.opacity < 1]
    assert faded, "open-ended phases fade"
    assert len({s.opacity for s in faded}) >= 2, "the fade has steps"
    assert OPEN_KEY in legend_names(fig, "legend3")
    hi = pd.Timestamp(fig.layout.xaxis.range[1])
    for pid in open_ids:  # a solid part ends at the last report citing it, before the edge
        solid = [s for s in fig.layout.shapes if s.legendgroup == pid and s.showlegend]
        assert all(pd.Timestamp(s.x1) < hi for s in solid)


def test_event_type_lanes_give_phases_their_own_lane(ctx, frames):
    fig = build("timeline", replace(ctx, filters=Filters(lanes="event_type"))).figure
    bands = [s for s in fig.layout.shapes if s.type == "rect" and s.yref == "y" and s.showlegend]
    labels = {a.text for a in fig.layout.annotations if a.yref == "y"}
    assert any("truces and ceasefires" in t for t in labels)
    n_phase_lanes = len(set(frames.phases["theatre"]))
    assert all((s.y0 + s.y1) / 2 < n_phase_lanes for s in bands), "bands only on the phase lanes"


def test_key_moments_are_numbered_and_listed(built, frames):
    fig = built["timeline"].figure
    numbers = [a for a in fig.layout.annotations if a.showarrow and a.text and a.text.startswith("<b>")]
    assert numbers, "key moments carry numbers"
    text = footer(fig)
    assert "Key moments:" in text
    for a in numbers:
        n = a.text.removeprefix("<b>").removesuffix("</b>")
        assert f" {n} " in text


def test_key_moment_numbers_in_a_lane_keep_apart(built):
    fig = built["timeline"].figure
    lo, hi = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    numbers = [a for a in fig.layout.annotations if a.showarrow]
    by_lane = {}
    for a in numbers:
        by_lane.setdefault(a.ay, []).append(pd.Timestamp(a.ax))
    for xs in by_lane.values():
        xs.sort()
        assert all((b - a) / (hi - lo) >= 0.06 for a, b in zip(xs, xs[1:]))


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
                         ids=["all", "two-lanes", "by-type"])
def test_every_lane_is_inside_the_axis(ctx, filters):
    fig = build("timeline", replace(ctx, filters=filters)).figure
    y = fig.layout.yaxis
    assert y.autorange is False
    lo, hi = sorted(y.range)
    assert all(lo < v < hi for v in y.tickvals)
