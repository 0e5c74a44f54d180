"""dashboard/charts/enforcement.py: totals apart from single incidents, one unit per panel, a title made
from what is drawn (never one side's actions for a panel that holds the other's)."""

from __future__ import annotations

from dataclasses import replace

from chartsupport import flat, footer, legend_names, panel_titles, row_labels, rows_per_axis

from dashboard.conventions import theme
from dashboard.charts import build, layout
from dashboard.charts.enforcement import HATCH_KEY, KIND, PANEL_TITLES
from dashboard.frames.filters import Filters


def test_each_panel_is_one_unit_and_one_kind(built, frames):
    fig = built["enforcement"].figure
    fg = frames.figures.set_index("id")
    total = fg["period"].map(lambda p: isinstance(p, str) and bool(p.strip()))
    rows = rows_per_axis(fig)
    titles = panel_titles(fig)
    assert len(rows) == len(titles)
    for (axis, ids), title in zip(sorted(rows.items(), key=lambda kv: int(kv[0][1:] or 1)), titles):
        assert len({fg.loc[i, "unit"] for i in ids}) == 1 and len({total[i] for i in ids}) == 1, axis
        unit, kind = fg.loc[ids[0], "unit"], KIND[bool(total[ids[0]])]
        assert title == f"{PANEL_TITLES.get(unit, unit.capitalize())}, {kind}"


def test_title_lists_what_is_drawn(built):
    chart = built["enforcement"]
    title = flat(chart.figure.layout.title.text)
    for unit in set(chart.data["unit"]):
        assert PANEL_TITLES.get(unit, unit).lower() in title.lower()
    assert "Israeli strikes" not in title  # the attacks panel holds Hamas attacks too: no one side's name over all


def test_title_follows_the_theatre_filter(ctx):
    chart = build("enforcement", replace(ctx, filters=Filters(theatres=("lebanon",))))
    assert chart.title.endswith(": Lebanon") and "Gaza" not in chart.title


def test_rows_say_who_did_what(built):
    labels = " ".join(row_labels(built["enforcement"].figure))
    for _, r in built["enforcement"].data.iterrows():
        assert flat(r["subject"])[:40] in labels
        assert f"per {theme.in_sentence(r['claimant'])}" in labels


def test_hatch_and_caveat(built):
    fig = built["enforcement"].figure
    hatched = [t for t in fig.data if t.type == "bar" and t.customdata is not None and any(t.marker.pattern.shape)]
    assert hatched and HATCH_KEY in legend_names(fig, "legend2")
    text = footer(fig)
    assert "Not like-for-like" in text and "Gaza" in text and "Lebanon" in text


def test_panel_headings_fit_one_phone_line(built):
    """A panel heading is one line of 14 px bold (PANEL_TITLE_PX): about 42 characters at 330 px."""
    for chart_id in ("enforcement", "deaths", "releases"):
        assert all(len(t) <= 42 for t in panel_titles(built[chart_id].figure)), panel_titles(built[chart_id].figure)


def test_the_slide_leaves_single_incidents_of_deaths_to_the_deaths_slides(ctx):
    """charts.VIEWS: the enforcement slide keeps the totals over a period and the other incidents; each claim it
    leaves out is a single incident of people or operatives killed that the deaths slides draw, and it says so."""
    whole = build("enforcement", ctx, layout.SLIDE)
    slide = build("enforcement-slide", ctx, layout.SLIDE)
    deaths = {i for v in ("deaths-people", "deaths-operatives") for i in build(v, ctx, layout.SLIDE).data["id"]}
    left = set(whole.data["id"]) - set(slide.data["id"])
    assert set(slide.data["id"]) <= set(whole.data["id"]) and left <= deaths
    fg = ctx.frames.figures.set_index("id")
    assert all(not (isinstance(p, str) and p.strip()) for p in fg.loc[list(left), "period"])
    assert ("the deaths slides" in slide.figure.layout.title.subtitle.text) == bool(left)
    assert not any(t.startswith(("People killed, single", "Operatives killed, single")) for t in panel_titles(slide.figure))
