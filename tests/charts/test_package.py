"""What every chart in the registry does: marks, data, summary, brand, escaping, the public API."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from chartsupport import annotations, footer, marker_points

from dashboard import charts
from dashboard.charts import CHARTS, Context, build
from dashboard.frames.filters import Filters


def test_public_names_other_modules_import():
    for name in ("build", "Chart", "Context", "modebar_config", "source_label", "value_label", "esc", "CHARTS",
                 "EXPORT_WIDTH", "EXPORT_HEIGHT", "EXPORT_SCALE", "reference_dates", "QUALIFIER_TEXT",
                 "FIGURE_ROWS_MAX", "TIMELINE_AGGREGATE_ABOVE", "_epoch_days", "_weekly_counts"):
        assert hasattr(charts, name), name


def test_one_module_per_chart():
    """Adding a chart is one module and one registry entry: each builder lives in its own module."""
    modules = {fn.__module__ for fn in CHARTS.values()}
    assert len(modules) == len(CHARTS)
    assert all(m.startswith("dashboard.charts.") for m in modules)


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_chart_has_marks_data_and_summary(built, chart_id):
    chart = built[chart_id]
    assert chart.id == chart_id
    assert len(chart.data) > 0, "the real dataset has records for every chart"
    assert marker_points(chart.figure) > 0
    assert chart.summary and not chart.summary.startswith("No ")
    assert all(p.split("?id=")[0] in ({"assessment"} if chart_id == "compliance" else {"event", "figure"})
               for p in chart.permalinks)


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_footer_names_source_version_and_as_of(built, dataset, chart_id):
    text = footer(built[chart_id].figure)
    assert f"dataset {dataset.version}" in text
    assert "Data as of" in text and "Source:" in text
    assert "none shown" not in text, "the footer lists the articles the chart draws on"
    assert built[chart_id].figure.layout.title.text


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_as_of_is_not_after_the_latest_source(built, frames, chart_id):
    import pandas as pd

    text = footer(built[chart_id].figure)
    import re

    # "Data as of 23–29 Nov 2025" (a week-dated source) or "Data as of 9 Nov 2025": the last day it can be
    found = re.search(r"Data as of (?:\d{1,2}(?: [A-Z][a-z]{2})?(?: \d{4})?–)?(\d{1,2} [A-Z][a-z]{2} \d{4})", text)
    stated = pd.Timestamp(found.group(1))
    assert stated <= frames.sources["published_end"].max()


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_empty_selection_still_branded(frames, dataset, chart_id):
    chart = build(chart_id, Context(frames, dataset.version, Filters(start=date(1990, 1, 1), end=date(1990, 1, 2))))
    assert len(chart.data) == 0
    text = " ".join(annotations(chart.figure)).replace("<br>", " ")
    assert "No records match" in text
    assert "Source:" in text and f"dataset {dataset.version}" in text and "Filters:" in text


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_height_is_a_python_number(built, chart_id):
    """st.plotly_chart sizes the element from layout.height only if it is an int/float: a numpy integer
    silently falls back to 450 px and squashes the plot."""
    height = built[chart_id].figure.layout.height
    assert type(height) in (int, float) and height >= 300


WHITE = {None, "white", "#fff", "#ffffff", "rgba(0,0,0,0)", "transparent"}


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_patterned_bars_stay_visible(built, chart_id):
    """White stripes on a transparent background make a bar invisible: patterned bars overlay a colour."""
    for t in built[chart_id].figure.data:
        if t.type != "bar" or t.marker.pattern is None or not t.marker.pattern.shape:
            continue
        shapes = t.marker.pattern.shape if isinstance(t.marker.pattern.shape, (list, tuple)) else [t.marker.pattern.shape]
        if not any(shapes):
            continue
        p = t.marker.pattern
        background = p.bgcolor or (t.marker.color if p.fillmode == "overlay" else None)
        assert p.fgcolor not in WHITE or background not in WHITE, (t.name, p)


# --------------------------------------------------------------------------- escaping

PAYLOAD = "<script>alert(1)</script> %{x}"


def _poisoned(frames):
    """A copy of the frames whose every free-text field carries a script tag and a template field."""
    fr = replace(frames, **{name: df.copy() for name, df in frames.items()})
    for col in ("notes", "date_text", "source", "location", "actor1"):
        fr.events[col] = fr.events[col].map(lambda v: f"{v} {PAYLOAD}")
    for col in ("subject", "claimant", "source", "period", "derived_formula", "as_of"):
        fr.figures[col] = fr.figures[col].map(lambda v: f"{v} {PAYLOAD}")
    for col in ("name", "summary"):
        fr.phases[col] = fr.phases[col].map(lambda v: f"{v} {PAYLOAD}")
    fr.sources["outlet"] = fr.sources["outlet"].map(lambda v: f"{v} {PAYLOAD}")
    fr.sources["title"] = fr.sources["title"].map(lambda v: f"{v} {PAYLOAD}")
    fr.actors["name"] = fr.actors["name"].map(lambda v: f"{v} {PAYLOAD}")
    return fr


@pytest.mark.parametrize("chart_id", list(CHARTS))
@pytest.mark.parametrize("filters", [Filters(), Filters(axis="days", lanes="event_type")], ids=["default", "days"])
def test_data_text_is_escaped_in_figure_json(frames, chart_id, filters):
    chart = build(chart_id, Context(_poisoned(frames), "v<script>", filters))
    js = chart.figure.to_json()
    assert "<script" not in js.lower()
    assert "&lt;script&gt;" in js
    assert "%{x}" not in js, "data never reaches plotly as a template field"
    for t in chart.figure.data:  # hover templates are constants; data goes through hovertext/customdata
        assert "script" not in (t.hovertemplate or "")


def test_filter_description_is_escaped(ctx):
    f = replace(Filters(theatres=("gaza",)), actors=("<script>alert(1)</script>",))  # an unvalidated value
    js = build("timeline", replace(ctx, filters=f)).figure.to_json()
    assert "<script" not in js.lower()


def test_filter_dates_in_the_footer_follow_the_display_rule(ctx):
    from dashboard.charts.brand import filter_text

    assert filter_text(Filters(start=date(2025, 10, 10))) == "from 10 Oct 2025"
    assert filter_text(Filters(end=date(2025, 2, 1), theatres=("gaza",))) == "to 1 Feb 2025; theatre: gaza"
    text = footer(build("deaths", replace(ctx, filters=Filters(start=date(2025, 10, 10)))).figure)
    assert "Filters: from 10 Oct 2025" in text and "…" not in text


def test_a_chart_is_built_with_only_the_filters_it_follows(ctx):
    """A figure chart is not filtered by event type or status, so its footer must not say it is, and the
    app's cache reuses it when only those change; the timeline follows them and says so."""
    typed = Filters(types=("airstrike",), statuses=("occurred",), lanes="type")
    relevant_filters = charts.relevant_filters
    assert relevant_filters("deaths", typed) == Filters()
    assert relevant_filters("timeline", typed) == typed
    assert relevant_filters("compare-days", typed) == typed.with_(lanes="theatre")
    assert relevant_filters("compliance", Filters(actors=("idf",), theatres=("gaza",))) == Filters(theatres=("gaza",))
    deaths = build("deaths", replace(ctx, filters=typed))
    assert "type:" not in footer(deaths.figure) and "Filters:" not in footer(deaths.figure)
    assert deaths.figure.to_json() == build("deaths", ctx).figure.to_json()
    assert "type: airstrike" in footer(build("timeline", replace(ctx, filters=typed)).figure)
