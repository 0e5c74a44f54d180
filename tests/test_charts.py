"""Chart builders on the real dataset: encodings, footers, filters and escaping (no browser, no Streamlit)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from dashboard import charts, theme
from dashboard.charts import CHARTS, Context, build, esc
from dashboard.filters import Filters
from dashboard.frames import build_frames
from dashboard.loader import ROOT, load_dataset


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(ROOT / "data", root=ROOT)


@pytest.fixture(scope="module")
def frames(dataset):
    return build_frames(dataset)


@pytest.fixture(scope="module")
def ctx(dataset, frames):
    return Context(frames, dataset.version)


@pytest.fixture(scope="module")
def built(ctx):
    return {cid: build(cid, ctx) for cid in CHARTS}


def flat(text: str) -> str:
    """Annotation text without line breaks or whitespace, for comparing wrapped labels."""
    return "".join(str(text).replace("<br>", " ").split())


def annotations(fig) -> list[str]:
    return [a.text or "" for a in fig.layout.annotations]


def marker_points(fig) -> int:
    """Data points drawn as clickable marks (traces carrying record permalinks)."""
    return sum(len(t.customdata) for t in fig.data if t.customdata is not None)


# --------------------------------------------------------------------------- every chart


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_chart_has_traces_data_and_summary(built, chart_id):
    chart = built[chart_id]
    assert chart.id == chart_id
    assert len(chart.figure.data) > 0
    assert len(chart.data) > 0, "the real dataset has records for every chart"
    assert marker_points(chart.figure) > 0
    assert chart.summary and "No " not in chart.summary[:3]
    assert all(p.split("?id=")[0] in {"event", "figure", "assessment"} for p in chart.permalinks)


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_footer_names_source_version_and_as_of(built, dataset, chart_id):
    fig = built[chart_id].figure
    footers = [t for t in annotations(fig) if "Source:" in t]
    assert len(footers) == 1, annotations(fig)
    footer = footers[0]
    assert f"dataset {dataset.version}" in footer
    assert "Data as of" in footer
    assert "none shown" not in footer, "the footer lists the articles the chart draws on"
    # the title is baked in too, so a screenshot stands alone
    assert fig.layout.title.text and built[chart_id].title.split(",")[0][:20] in fig.layout.title.text


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_as_of_is_not_after_the_latest_source(built, frames, chart_id):
    """'Data as of' cannot be later than the newest article (a year-precision event ends on 31 Dec)."""
    footer = next(t for t in annotations(built[chart_id].figure) if "Source:" in t)
    stated = pd.Timestamp(re.search(r"Data as of (\d\d \w{3} \d{4})", footer).group(1))
    assert stated <= frames.sources["published_end"].max()


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_empty_selection_still_branded(frames, dataset, chart_id):
    f = Filters(start=date(1990, 1, 1), end=date(1990, 1, 2))
    chart = build(chart_id, Context(frames, dataset.version, f))
    assert len(chart.data) == 0
    text = " ".join(annotations(chart.figure))
    assert "No records match" in text
    assert "Source:" in text and f"dataset {dataset.version}" in text and "Filters:" in text


# --------------------------------------------------------------------------- colour = actor, everywhere


def test_same_claimant_same_colour_across_charts(built, frames):
    name_to_id = {esc(n): i for i, n in zip(frames.actors["id"], frames.actors["name"])}
    seen: dict[str, set[str]] = {}
    for chart in built.values():
        for t in chart.figure.data:
            if t.name in name_to_id and t.marker is not None and isinstance(t.marker.color, str):
                seen.setdefault(t.name, set()).add(t.marker.color)
    assert len(seen) >= 3, seen
    in_several = [n for n in seen if sum(n in {t.name for t in c.figure.data} for c in built.values()) > 1]
    assert in_several, "some claimant appears in more than one chart"
    for name, colours in seen.items():
        assert colours == {theme.actor_color(name_to_id[name])}, (name, colours)


def test_timeline_marks_coloured_by_initiating_actor(built, frames):
    primary = dict(zip(frames.events["id"], frames.events["primary_actor"]))
    fig = built["timeline"].figure
    checked = 0
    for t in fig.data:
        if t.customdata is None:
            continue
        for rid, _ in t.customdata:
            assert t.marker.color == theme.actor_color(primary[rid])
            assert t.name == theme.actor_group(primary[rid])
            checked += 1
    assert checked == len(frames.events)


def test_actor_colour_is_stable_under_filters(ctx, built):
    """Filtering must never recolour a claimant (colours come from the actor, not the trace order)."""
    full = {t.name: t.marker.color for t in built["deaths"].figure.data if t.name}
    only_gaza = build("deaths", replace(ctx, filters=Filters(theatres=("gaza",))))
    for t in only_gaza.figure.data:
        if t.name:
            assert t.marker.color == full[t.name]


# --------------------------------------------------------------------------- timeline encodings


def test_phase_bands_and_open_ended_labels(built, frames):
    fig = built["timeline"].figure
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert len(rects) >= len(frames.phases), "one band per phase (plus hatching for uncertain starts)"
    texts = [a.replace("<br>", " ") for a in annotations(fig)]
    for _, p in frames.phases.iterrows():
        label = next((t for t in texts if flat(esc(p["name"])) in flat(t)), None)
        assert label is not None, f"phase {p['id']} has no label"
        if p["open"]:
            assert "end not reported" in label
    starts = {pd.Timestamp(s.x0) for s in rects}
    assert all(pd.Timestamp(p) in starts for p in frames.phases["start_start"])


def test_key_moments_are_annotated(built, frames):
    fig = built["timeline"].figure
    arrows = [a.text for a in fig.layout.annotations if a.showarrow]
    assert arrows, "key moments carry callouts"
    keys = [flat(esc(charts._short(n, 56))) for n in frames.events.loc[frames.events["key"], "notes"]]
    for text in arrows:
        assert flat(text) in keys, text


def test_month_precision_event_draws_a_span_over_its_month(built, frames):
    ev = frames.events
    month = ev[(ev["date_precision"] == "month") & ev["until"].isna()].iloc[0]
    assert (month["date_end"] - month["date_start"]).days >= 27
    segments = set()
    for t in built["timeline"].figure.data:
        if t.mode == "lines":
            xs = list(t.x)
            segments |= {(pd.Timestamp(a), pd.Timestamp(b)) for a, b in zip(xs[0::3], xs[1::3])}
    assert (month["date_start"], month["date_end"]) in segments
    # the mark itself sits in the middle of the window, not on the 1st of the month
    mid = month["date_start"] + (month["date_end"] - month["date_start"]) / 2
    marks = {rid: x for t in built["timeline"].figure.data if t.customdata is not None
             for (rid, _), x in zip(t.customdata, t.x)}
    assert pd.Timestamp(marks[month["id"]]) == mid


def test_only_imprecise_events_draw_spans(built, frames):
    """One span per event whose window is longer than a day; a day-precision event is a bare mark."""
    ev = frames.events
    segments = []
    for t in built["timeline"].figure.data:
        if t.mode == "lines":
            xs = list(t.x)
            segments += [(pd.Timestamp(a), pd.Timestamp(b)) for a, b in zip(xs[0::3], xs[1::3])]
    assert all(a < b for a, b in segments)
    assert len(segments) == int((ev["date_start"] != ev["date_end"]).sum())


def test_days_axis_puts_ceasefire_at_zero(ctx):
    chart = build("timeline", replace(ctx, filters=Filters(axis="days")))
    assert any(s.type == "line" and s.x0 == 0 for s in chart.figure.layout.shapes)
    assert "day 0" in " ".join(annotations(chart.figure))
    lanes = build("timeline", replace(ctx, filters=Filters(lanes="event_type")))
    assert len(lanes.figure.layout.yaxis.ticktext) > len(build("timeline", ctx).figure.layout.yaxis.ticktext)


# --------------------------------------------------------------------------- numbers


def test_deaths_chart_draws_claimant_ranges(built, frames):
    fg = frames.figures
    ranged = fg[fg["metric"].isin(["killed", "operatives_killed"]) & fg["theatre"].isin(["gaza", "lebanon"])
                & fg["value"].isna() & fg["high"].notna()]
    assert len(ranged), "the dataset has a range figure (e.g. 20-21 killed)"
    r = ranged.iloc[0]
    segments = set()
    for t in built["deaths"].figure.data:
        if t.mode == "lines":
            xs, ys = list(t.x), list(t.y)
            segments |= {(y, a, b) for y, a, b in zip(ys[0::3], xs[0::3], xs[1::3])}
    mine = [(a, b) for y, a, b in segments if y == r["id"]]
    assert mine and mine[0][0] == r["low"] and mine[0][1] >= r["high"], mine
    if r["qualifier"] not in charts.OPEN_QUALIFIERS:
        assert mine[0][1] == r["high"]
    # every claimant is its own trace, named after the claimant
    names = {t.name for t in built["deaths"].figure.data if t.name}
    claimants = set(fg.loc[fg["metric"].isin(["killed", "operatives_killed"]) & fg["theatre"].isin(["gaza", "lebanon"]),
                           "claimant"])
    assert names == {esc(c) for c in claimants}


def test_deaths_open_ended_figures_get_an_arrow(built, frames):
    arrows = [t for t in built["deaths"].figure.data if t.mode == "markers" and t.marker.symbol == "triangle-right"]
    assert sum(len(t.y) for t in arrows) >= 1


def test_control_share_derived_is_visibly_different(built, frames):
    bars = built["control"].figure.data
    derived_ids = set(frames.figures.loc[frames.figures["derived"], "id"])
    derived = [b for b in bars if b.customdata[0][0] in derived_ids]
    reported = [b for b in bars if b.customdata[0][0] not in derived_ids]
    assert derived and reported
    for b in derived:
        assert b.marker.pattern.shape == "/" and b.marker.color == "white"
        assert "derived" in b.name and "derived" in b.text
    for b in reported:
        assert not b.marker.pattern.shape and b.marker.color != "white"
        assert "reported" in b.name and "reported" in b.text
    assert "derived" in " ".join(annotations(built["control"].figure)).lower()


def test_hostage_chart_is_a_step_chart(built):
    steps = [t for t in built["hostages"].figure.data if t.mode == "lines"]
    assert steps and steps[0].line.shape == "hv"


def test_enforcement_caveat_names_both_theatres(built):
    note = next(t for t in annotations(built["enforcement"].figure) if "Source:" in t)
    assert "Not like-for-like" in note and "Gaza" in note and "Lebanon" in note


# --------------------------------------------------------------------------- filters change the data


def test_filters_reduce_timeline_points(ctx, built):
    total = marker_points(built["timeline"].figure)
    for f in (Filters(theatres=("lebanon",)), Filters(start=date(2025, 11, 1)), Filters(types=("airstrike",)),
              Filters(actors=("idf",)), Filters(statuses=("alleged",))):
        chart = build("timeline", replace(ctx, filters=f))
        assert 0 <= marker_points(chart.figure) < total, f
        assert len(chart.data) == marker_points(chart.figure)
        assert "Filters:" in " ".join(annotations(chart.figure))


def test_theatre_filter_only_keeps_that_theatre(ctx, frames):
    chart = build("timeline", replace(ctx, filters=Filters(theatres=("lebanon",))))
    ids = {rid for t in chart.figure.data if t.customdata is not None for rid, _ in t.customdata}
    assert ids and ids == set(frames.events.loc[frames.events["theatre"] == "lebanon", "id"])


def test_filters_reduce_figure_charts(ctx, built):
    chart = build("deaths", replace(ctx, filters=Filters(theatres=("lebanon",))))
    assert 0 < marker_points(chart.figure) < marker_points(built["deaths"].figure)
    chart = build("deaths", replace(ctx, filters=Filters(actors=("idf",))))
    assert {t.name for t in chart.figure.data if t.name} == {esc("Israel Defense Forces")}


# --------------------------------------------------------------------------- escaping

PAYLOAD = "<script>alert(1)</script>"


def _poisoned(frames):
    """A copy of the frames whose every free-text field carries a script tag."""
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
    for table, cols in ((fr.assessments, ("summary", "claimant", "provision", "derived_formula")),
                        (fr.provisions, ("label", "summary", "deadline_text")), (fr.agreements, ("name",))):
        for col in cols:
            table[col] = table[col].map(lambda v: f"{v} {PAYLOAD}")
    return fr


@pytest.mark.parametrize("chart_id", list(CHARTS))
@pytest.mark.parametrize("filters", [Filters(), Filters(axis="days", lanes="event_type")], ids=["default", "days"])
def test_data_text_is_html_escaped_in_figure_json(frames, chart_id, filters):
    chart = build(chart_id, Context(_poisoned(frames), f"v{PAYLOAD}", filters))
    js = chart.figure.to_json()
    assert "<script" not in js.lower()
    assert "&lt;script&gt;" in js
    assert PAYLOAD in chart.summary or PAYLOAD in chart.data.to_csv(), "the raw text stays in the data and summary"


def test_filter_description_is_escaped(ctx):
    f = Filters(theatres=("gaza",))
    f = replace(f, actors=(PAYLOAD,))  # an unvalidated value reaching brand()
    js = build("timeline", replace(ctx, filters=f)).figure.to_json()
    assert "<script" not in js.lower()


@pytest.mark.parametrize("axis", ["calendar", "days"])
def test_timeline_axis_range_fits_the_data(ctx, frames, axis):
    """An explicit range: left-anchored phase labels must not stretch the autorange into empty years."""
    chart = build("timeline", replace(ctx, filters=Filters(axis=axis)))
    lo, hi = chart.figure.layout.xaxis.range
    if axis == "calendar":
        lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
        first, last = frames.events["date_start"].min(), frames.events["date_end"].max()
    else:
        first, last = min(_xs(chart)), max(_xs(chart))
    assert lo <= first and hi >= last
    assert (first - lo) <= (last - first) * 0.1 and (hi - last) <= (last - first) * 0.1


def _xs(chart):
    return [x for t in chart.figure.data if t.x is not None for x in t.x if x is not None]


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_height_is_a_python_number(built, chart_id):
    """st.plotly_chart sizes the element from layout.height only if it is an int/float: a numpy integer
    silently falls back to 450 px and squashes the plot (seen on the enforcement chart)."""
    height = built[chart_id].figure.layout.height
    assert type(height) in (int, float) and height >= 400


WHITE = {None, "white", "#fff", "#ffffff", "rgba(0,0,0,0)", "transparent"}


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_patterned_bars_stay_visible(built, chart_id):
    """A pattern draws its stripes over a transparent background unless fillmode is 'overlay':
    white stripes on nothing make the bar invisible (seen on the releases and enforcement charts)."""
    for t in built[chart_id].figure.data:
        if t.type != "bar" or t.marker.pattern is None or not t.marker.pattern.shape:
            continue
        shapes = t.marker.pattern.shape if isinstance(t.marker.pattern.shape, (list, tuple)) else [t.marker.pattern.shape]
        if not any(shapes):
            continue
        p = t.marker.pattern
        background = p.bgcolor or (t.marker.color if p.fillmode == "overlay" else None)
        assert p.fgcolor not in WHITE or background not in WHITE, (t.name, p)


@pytest.mark.parametrize("chart_id", ["timeline", "compare-days"])
@pytest.mark.parametrize("filters", [Filters(), Filters(theatres=("gaza", "lebanon")), Filters(lanes="event_type")],
                         ids=["all", "two-lanes", "by-type"])
def test_every_lane_label_is_inside_the_axis(ctx, chart_id, filters):
    """Lane labels are ticks; with autorange on, plotly ignores `range` and fits the marks only, so the
    last lane's label (and its marks) end up on or past the axis edge (seen with two theatres)."""
    y = build(chart_id, replace(ctx, filters=filters)).figure.layout.yaxis
    assert y.autorange in (False, None)
    lo, hi = sorted(y.range)
    assert all(lo < v < hi for v in y.tickvals)
