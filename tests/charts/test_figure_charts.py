"""Deaths, enforcement, releases, control and hostages: like with like, claims side by side, keys."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from chartsupport import annotations, flat, footer, legend_names

from dashboard import theme
from dashboard.charts import Context, build
from dashboard.charts.deaths import OPEN_KEY, RANGE_KEY
from dashboard.charts.enforcement import HATCH_KEY, PANEL_TITLES
from dashboard.filters import Filters


def _panel_titles(fig):
    return [flat(a.text) for a in fig.layout.annotations if a.yref and a.yref.endswith("domain") and a.text.startswith("<b>")]


def _rows_per_axis(fig):
    """Record ids drawn on each y axis."""
    out = {}
    for t in fig.data:
        if t.customdata is not None:
            out.setdefault(t.yaxis or "y", []).extend(row[0] for row in t.customdata)
    return out


# --------------------------------------------------------------------------- deaths


def test_deaths_keeps_totals_apart_from_single_incidents(built, frames):
    fig = built["deaths"].figure
    assert _panel_titles(fig) == ["Single incidents", "Totals over a reported period"]
    rows = _rows_per_axis(fig)
    period = dict(zip(frames.figures["id"], frames.figures["period"]))
    has_period = lambda rid: isinstance(period[rid], str) and bool(period[rid].strip())  # noqa: E731
    assert not any(has_period(r) for r in rows["y"])
    assert all(has_period(r) for r in rows["y2"])


def test_deaths_draws_ranges_and_open_ended_arrows(built, frames):
    fig = built["deaths"].figure
    ranged = frames.figures[(frames.figures["high"] > frames.figures["low"]) & frames.figures["metric"].isin(["killed"])]
    assert len(ranged)
    lines = [t for t in fig.data if t.mode == "lines" and t.x is not None and any(x is not None for x in t.x)]
    assert any(r["low"] in t.x and any(x is not None and x >= r["high"] for x in t.x) for t in lines for _, r in ranged.iterrows())
    keys = legend_names(fig, "legend2")
    assert OPEN_KEY in keys and RANGE_KEY in keys


def test_deaths_rows_name_their_claimant(built):
    labels = " ".join(annotations(built["deaths"].figure))
    claimants = set(built["deaths"].data["claimant"])
    assert all(f"per {theme.in_sentence(c)}" in flat(labels) for c in claimants)
    assert "per The " not in flat(labels)  # a label inside a sentence keeps no leading capital


def test_a_claimant_label_inside_a_sentence():
    assert theme.in_sentence("The article's author") == "the article's author"
    assert theme.in_sentence("Unnamed Israeli officials") == "unnamed Israeli officials"
    assert theme.in_sentence("IDF") == "IDF" and theme.in_sentence("Theatre monitors") == "Theatre monitors"
    assert theme.in_sentence("Israeli government") == "Israeli government"
    assert theme.in_sentence("Unattributed") == "unattributed"


def test_competing_claims_about_one_incident_sit_side_by_side(frames, dataset):
    """With an `incident` column, claims about one incident are adjacent rows, the later one marked as such."""
    fg = frames.figures.copy()
    deaths = fg[fg["metric"].isin(["killed", "operatives_killed"]) & fg["period"].isna()].sort_values("as_of_start")
    a, b = deaths.iloc[0]["id"], deaths.iloc[-1]["id"]  # far apart in time on purpose
    fg["incident"] = None
    fg.loc[fg["id"].isin([a, b]), "incident"] = "test-incident"
    chart = build("deaths", Context(replace(frames, figures=fg), dataset.version))
    order = _rows_per_axis(chart.figure)["y"]
    ys = {}
    for t in chart.figure.data:
        if t.customdata is not None and (t.yaxis or "y") == "y":
            ys.update({row[0]: y for row, y in zip(t.customdata, t.y)})
    assert abs(ys[a] - ys[b]) == 1, "the two claims are neighbours"
    assert "same incident, another claim" in flat(" ".join(annotations(chart.figure)))
    assert set(order) == set(deaths["id"])


def test_deaths_without_incident_column_still_builds(frames, dataset):
    bare = replace(frames, figures=frames.figures.drop(columns=["incident"]))
    chart = build("deaths", Context(bare, dataset.version, Filters()))
    assert len(chart.data) > 0
    assert "same incident" not in flat(" ".join(annotations(chart.figure)))


# --------------------------------------------------------------------------- enforcement


def test_enforcement_title_is_neutral_and_in_our_voice(built):
    title = flat(built["enforcement"].figure.layout.title.text)
    assert title == "Israeli strikes and reported deaths after each ceasefire"
    assert "Enforcement" not in title


def test_enforcement_has_one_panel_per_unit(built, frames):
    fig = built["enforcement"].figure
    unit = dict(zip(frames.figures["id"], frames.figures["unit"]))
    rows = _rows_per_axis(fig)
    assert len(rows) >= 4
    for axis, ids in rows.items():
        assert len({unit[r] for r in ids}) == 1, (axis, {unit[r] for r in ids})
    titles = _panel_titles(fig)
    assert len(titles) == len(rows) and set(titles) <= set(PANEL_TITLES.values())


def test_enforcement_explains_its_hatch(built):
    fig = built["enforcement"].figure
    hatched = [t for t in fig.data if t.type == "bar" and t.customdata is not None and t.marker.pattern.shape
               and any(t.marker.pattern.shape)]
    assert hatched
    assert HATCH_KEY in legend_names(fig, "legend2")


def test_enforcement_caveat_names_both_theatres(built):
    text = footer(built["enforcement"].figure)
    assert "Not like-for-like" in text and "Gaza" in text and "Lebanon" in text


def test_enforcement_claimant_names_are_never_cut(built):
    labels = flat(" ".join(annotations(built["enforcement"].figure)))
    for c in set(built["enforcement"].data["claimant"]):
        assert f"per {theme.in_sentence(c)}" in labels


# --------------------------------------------------------------------------- control, hostages, releases


def test_control_derived_share_is_visibly_different(built):
    bars = [t for t in built["control"].figure.data if t.type == "bar"]
    derived = [b for b in bars if "derived" in b.name]
    reported = [b for b in bars if "reported" in b.name]
    assert derived and reported
    for b in derived:
        assert b.marker.pattern.shape == "/" and b.marker.color == "white" and b.marker.line.color == theme.GREY
    for b in reported:
        assert not b.marker.pattern.shape and b.marker.color != "white"
    assert "derived" in footer(built["control"].figure).lower()


def test_control_is_not_a_slide_filling_bar(built):
    fig = built["control"].figure
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot <= 120 * len({row[0] for t in fig.data for row in (t.customdata or [])})


def test_hostage_chart_is_a_step_line_and_week_reports_are_spans(built, frames):
    fig = built["hostages"].figure
    assert any(t.line.shape == "hv" for t in fig.data if t.mode == "lines")
    week = frames.figures[frames.figures["metric"].str.startswith("hostage_bodies") & (frames.figures["as_of_precision"] == "week")]
    if len(week):
        spans = [t for t in fig.data if t.mode == "lines" and t.line.width and t.line.width >= 8]
        assert spans
        r = week.iloc[0]
        assert pd.Timestamp(r["as_of_start"]) in [pd.Timestamp(x) for x in spans[0].x if x is not None]


def test_hostage_labels_do_not_repeat_equal_neighbours(built):
    texts = [x for t in built["hostages"].figure.data if t.text is not None and not isinstance(t.text, str) for x in t.text]
    shown = [flat(x) for x in texts if x]
    assert len(shown) == len(set(shown)) or len(shown) <= 3


def test_releases_rows_carry_value_date_and_claimant(built):
    labels = flat(" ".join(annotations(built["releases"].figure)))
    for _, r in built["releases"].data.iterrows():
        assert f"per {theme.in_sentence(r['claimant'])}" in labels


@pytest.mark.parametrize("chart_id", ["deaths", "enforcement", "releases", "hostages"])
def test_claimant_filter_keeps_only_that_claimant(ctx, built, chart_id):
    chart = build(chart_id, replace(ctx, filters=Filters(actors=("idf",))))
    names = {t.name for t in chart.figure.data if t.customdata is not None}
    assert names <= {"IDF"}
