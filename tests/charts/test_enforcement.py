"""dashboard/charts/enforcement.py: totals apart from single incidents, one unit per panel, a title made
from what is drawn (never one side's actions for a panel that holds the other's)."""

from __future__ import annotations

from dataclasses import replace

from chartsupport import flat, footer, legend_names, panel_titles, row_labels, rows_per_axis

from dashboard.conventions import theme
from dashboard.charts import build, layout
import pytest

from dashboard.charts.base import OPEN_QUALIFIERS
from dashboard.charts.enforcement import KIND, PANEL_TITLES
from dashboard.charts.panels import MARK_GAP_SHARE, OPEN_KEY
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


def test_open_ended_arrow_and_caveat(built):
    """Second reading test: a hatched bar that stopped at a lower bound read as exact. An open-ended bar now runs on
    to the deaths chart's dotted arrow (one encoding, panels.open_end_traces) and no bar is hatched unless derived."""
    fig = built["enforcement"].figure
    data = built["enforcement"].data
    open_ = data[data["qualifier"].isin(OPEN_QUALIFIERS)]
    heads = [t for t in fig.data if t.type == "scatter" and t.mode == "markers" and t.customdata is None and t.x and t.x[0] is not None
             and t.marker.symbol == "triangle-right"]
    assert len(open_) == sum(len(t.x) for t in heads)
    assert all(not any(t.marker.pattern.shape) for t in fig.data if t.type == "bar" and t.customdata is not None
               and not data.set_index("id").loc[[c[0] for c in t.customdata], "derived"].astype(bool).any())
    if len(open_):
        assert OPEN_KEY in legend_names(fig, "legend2") and "not part of the value" in footer(fig)
    text = footer(fig)
    assert "Not like-for-like" in text and "Gaza" in text and "Lebanon" in text


def test_claimant_shapes_sit_past_exact_bar_ends_and_on_open_ended_ones(built):
    """The claimant's shape is just past an exact bar's end, never over it (a black cross hid a black bar's end);
    on an open-ended bar it sits at the value, where the arrow starts, as on the deaths slides (the third reading
    test: a shape at about 340 for 'over 330' could be read as the value)."""
    fig = built["enforcement"].figure
    data = built["enforcement"].data.set_index("id")
    bars = {(t.xaxis or "x", y): x for t in fig.data if t.type == "bar" and t.customdata is not None for x, y in zip(t.x, t.y)}
    open_ended = {(t.xaxis or "x", y) for t in fig.data if t.type == "bar" and t.customdata is not None
                  for y, c in zip(t.y, t.customdata) if data.loc[c[0], "qualifier"] in OPEN_QUALIFIERS}
    ends = [(t.xaxis or "x", x, y) for t in fig.data if t.type == "scatter" and t.mode == "markers" and t.hoverinfo == "skip"
            and t.x and t.x[0] is not None and t.marker.symbol not in (None, "triangle-right") for x, y in zip(t.x, t.y)]
    assert ends
    for ax, x, y in ends:
        axis = fig.layout["xaxis" + ax[1:]]
        share = 0 if (ax, y) in open_ended else MARK_GAP_SHARE
        assert (x - bars[(ax, y)]) / axis.range[1] == pytest.approx(share, abs=1e-9)


def test_the_caveat_lists_theatres_and_claimants_in_the_charts_order(built):
    """Second reading test: the note listed claimants in a garbled (alphabetical) order. Each theatre's part names
    its claimants in the order their rows are drawn, top panel first."""
    chart = built["enforcement"]
    fig, data = chart.figure, chart.data.set_index("id")
    placed = sorted((int((t.yaxis or "y")[1:] or 1), y, c[0]) for t in fig.data if t.type == "bar" and t.customdata is not None
                    for y, c in zip(t.y, t.customdata))
    rows = data.loc[[i for *_, i in placed]]
    if rows["theatre"].nunique() < 2:
        pytest.skip("one theatre: no caveat")
    text = footer(fig)
    for theatre in dict.fromkeys(rows["theatre"]):
        who = list(dict.fromkeys(theme.in_sentence(c) for c in rows.loc[rows["theatre"] == theatre, "claimant"]))
        assert f"{theme.label(theatre)}: " in text and f"claimed by {', '.join(who)}" in text


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
