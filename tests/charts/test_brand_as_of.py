"""dashboard/charts/brand.py: 'Data as of' is the latest source window among the records drawn, at its
precision, on every chart; no date axis finer than a day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from chartsupport import footer

from dashboard.conventions import datefmt
from dashboard.charts import CHARTS, Context, build
from dashboard.charts.base import latest_source_window
from dashboard.charts.brand import DAY_MS
from dashboard.charts.layout import for_width
from dashboard.frames.filters import Filters


@pytest.mark.parametrize("chart_id", ["hostages", "deaths", "enforcement", "releases", "control"])
def test_as_of_is_the_latest_source_window_drawn(built, frames, chart_id):
    chart = built[chart_id]
    ids = {s for i in chart.data["id"] for s in frames.figures.set_index("id").loc[i, "source_ids"]}
    src = frames.sources[frames.sources["id"].isin(ids)].sort_values(["published_end", "published_start"])
    assert f"Data as of {datefmt.format_row(src.iloc[-1], 'published')}" in footer(chart.figure)


def test_a_week_dated_source_is_never_written_as_one_day(frames, dataset):
    week = frames.sources[frames.sources["published_start"] < frames.sources["published_end"]]
    if week.empty:
        pytest.skip("every source of this dataset is dated to a day")
    ctx = Context(frames, dataset.version)
    s = week.iloc[0]
    assert latest_source_window(ctx, [s["id"]]) == datefmt.format_row(s, "published")
    assert "–" in latest_source_window(ctx, [s["id"]])  # a range, not its last day


def test_a_day_dated_source_is_one_day(frames, dataset):
    sources = frames.sources.copy()
    sources["published_start"] = sources["published_end"]
    ctx = Context(replace(frames, sources=sources), dataset.version)
    s = sources.sort_values("published_end").iloc[-1]
    assert latest_source_window(ctx, list(sources["id"])) == datefmt.format_span(s["published_end"], None, "day")
    assert latest_source_window(ctx, []) is None


@pytest.mark.parametrize("chart_id", [c for c in CHARTS if c != "compare-days"])
@pytest.mark.parametrize("width", [330, 1568])
def test_a_one_day_filter_never_gives_an_hourly_axis(frames, dataset, chart_id, width):
    with for_width(width):
        chart = build(chart_id, Context(frames, dataset.version, Filters(start=date(2025, 11, 22), end=date(2025, 11, 22))))
    for name in [k for k in chart.figure.layout if k.startswith("xaxis")]:
        axis = chart.figure.layout[name]
        if axis.range and not isinstance(axis.range[0], (int, float)):  # a date axis
            if axis.dtick is not None:
                assert int(axis.dtick) >= DAY_MS, (chart_id, name, axis.dtick)
            else:  # Plotly's own ticks only where about 80 px per tick leaves at least two days per tick
                span = (pd.Timestamp(axis.range[1]) - pd.Timestamp(axis.range[0])) / pd.Timedelta(days=1)
                assert span / max(width // 80, 2) >= 2, (chart_id, name, span)


def test_a_long_date_axis_keeps_plotlys_own_ticks(built):
    assert built["hostages"].figure.layout.xaxis.dtick is None  # weeks of reports: no forced daily ticks


def test_the_as_of_says_what_it_is_the_as_of_of(built):
    """Second reading test: the enforcement slide's as-of differed from the others' and read as a mistake; it is the
    latest source among the records drawn, and every footer now says so."""
    for chart in built.values():
        text = footer(chart.figure)
        if "Data as of" in text:
            assert "(latest source in this chart)" in text
