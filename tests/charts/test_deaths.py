"""dashboard/charts/deaths.py: people and operatives apart, totals apart from incidents, each row its own
subject, "another claim" only for the same quantity, one arrow length, a title from what is drawn."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest
from chartsupport import annotations, flat, footer, legend_names, panel_titles, row_labels, rows_per_axis

from dashboard.conventions import theme
from dashboard.charts import Context, build, layout
from dashboard.charts.deaths import OPEN_KEY, RANGE_KEY
from dashboard.charts.panels import ARROW_SHARE
from dashboard.charts.panels import ANOTHER_CLAIM
from dashboard.frames.filters import Filters

DEATHS = ["killed", "operatives_killed"]


def _deaths(frames):
    fg = frames.figures
    return fg[fg["metric"].isin(DEATHS) & fg["theatre"].isin(["gaza", "lebanon"])]


def test_each_panel_holds_one_unit_and_one_kind_of_count(built, frames):
    fig = built["deaths"].figure
    fg = frames.figures.set_index("id")
    total = fg["period"].map(lambda p: isinstance(p, str) and bool(p.strip()))
    rows = rows_per_axis(fig)
    assert len(rows) == len(panel_titles(fig)) >= 2
    for ids in rows.values():
        assert len({fg.loc[i, "unit"] for i in ids}) == 1 and len({total[i] for i in ids}) == 1
    assert len({fg.loc[i, "unit"] for ids in rows.values() for i in ids}) == len(set(_deaths(frames)["unit"]))


def test_title_names_only_the_theatres_drawn(ctx, frames):
    gaza = build("deaths", replace(ctx, filters=Filters(theatres=("gaza",), start=date(2025, 10, 10))))
    assert "Gaza" in gaza.title and "Lebanon" not in gaza.title
    assert "from 10 Oct 2025" in flat(gaza.figure.layout.title.subtitle.text)  # the period from the filter
    both = build("deaths", ctx)
    drawn = set(both.data["theatre"])
    assert ("Lebanon" in both.title) == ("lebanon" in drawn) and ("Gaza" in both.title) == ("gaza" in drawn)


def test_rows_keep_their_subjects_and_claimants(built):
    labels = " ".join(row_labels(built["deaths"].figure))
    for _, r in built["deaths"].data.iterrows():
        assert flat(r["subject"])[:40] in labels, r["id"]
        assert f"per {theme.in_sentence(r['claimant'])}" in labels
    assert "same incident, another claim" not in labels


def test_bundled_deaths_have_no_competing_claims(built):
    """The bundled 22 Nov episode's figures count different things: none is labelled another claim."""
    assert not any(ANOTHER_CLAIM in lab for lab in row_labels(built["deaths"].figure))


def test_a_second_claimant_for_the_same_count_is_labelled_another_claim(frames, dataset):
    fg = frames.figures.copy()
    base = _deaths(frames)
    base = base[base["event"].notna() & base["period"].isna()].iloc[0]
    twin = base.copy()
    twin["id"], twin["claimant_id"], twin["claimant_key"], twin["claimant"] = "twin-claim", "idf", "idf", "IDF"
    twin["value"], twin["low"], twin["high"], twin["qualifier"] = 7.0, 7.0, 7.0, "exact"
    chart = build("deaths", Context(replace(frames, figures=pd.concat([fg, twin.to_frame().T], ignore_index=True)),
                                    dataset.version))
    labels = [lab for lab in row_labels(chart.figure) if ANOTHER_CLAIM in lab]
    assert len(labels) == 1 and flat(base["subject"])[:30] in labels[0]  # labelled, and still says what it counts
    axis = next(a for a, ids in rows_per_axis(chart.figure).items() if base["id"] in ids)
    ys = {row[0]: y for t in chart.figure.data if t.customdata is not None and (t.yaxis or "y") == axis
          for row, y in zip(t.customdata, t.y)}
    order = sorted(ys, key=ys.get)
    assert abs(order.index("twin-claim") - order.index(base["id"])) == 1  # side by side


def test_same_episode_other_count_is_not_another_claim(frames, dataset):
    """Two figures of one incident about different events (the bad case of issue 20 item 8)."""
    fg = frames.figures.copy()
    d = _deaths(frames)
    a, b = d[d["period"].isna() & (d["unit"] == "people")].iloc[[0, -1]]["id"]
    fg.loc[fg["id"].isin([a, b]), "incident"] = fg.loc[fg["id"] == a, "event"].iloc[0]
    chart = build("deaths", Context(replace(frames, figures=fg), dataset.version))
    assert not any(ANOTHER_CLAIM in lab for lab in row_labels(chart.figure))


def test_open_ended_arrows_have_one_length_in_every_panel(built):
    fig = built["deaths"].figure
    ratios = []
    for t in fig.data:
        xs = list(t.x) if t.x is not None else []
        if t.mode != "markers" or t.marker.symbol != "triangle-right" or t.customdata is not None or not xs or xs[0] is None:
            continue
        ax = t.xaxis or "x"
        axis = fig.layout["xaxis" + ax[1:]]
        segments = [(tr.x[k], tr.x[k + 1], tr.y[k]) for tr in fig.data if tr.mode == "lines" and (tr.xaxis or "x") == ax
                    and tr.x for k in range(0, len(tr.x) - 1, 3)]
        for end, y in zip(xs, list(t.y)):
            low = next(x0 for x0, x1, yy in segments if x1 == end and yy == y)
            ratios.append((end - low) / (axis.range[1] - axis.range[0]))
    assert len(ratios) >= 2
    # from a single value the arrow is exactly that share of the axis; from a range ('at least 20-21') it starts at the high end
    assert all(r >= ARROW_SHARE - 1e-9 for r in ratios) and sum(r == pytest.approx(ARROW_SHARE) for r in ratios) >= 2
    assert OPEN_KEY in legend_names(fig, "legend2") and "not part of the value" in footer(fig)
    # the arrow's shaft is dotted and thin, a reported range solid and thick: an arrow never reads as a range
    dashes = {tr.line.dash for tr in fig.data if tr.mode == "lines" and tr.x}
    assert dashes == {"dot", None} or dashes == {"dot"}


def test_ranges_are_lines_from_low_to_high(built, frames):
    fig = built["deaths"].figure
    ranged = _deaths(frames)[_deaths(frames)["high"] > _deaths(frames)["low"]]
    if ranged.empty:
        pytest.skip("no range among the death figures of this dataset")
    lines = [t for t in fig.data if t.mode == "lines" and t.x is not None]
    assert all(any(r["low"] in t.x and any(x is not None and x >= r["high"] for x in t.x) for t in lines)
               for _, r in ranged.iterrows())
    assert RANGE_KEY in legend_names(fig, "legend2")
    # the mark matches the key (second reading test: 'at least 20-21', narrower than its mark, read as a point): every
    # range ends in a tick drawn over the marks, and the key's range entry carries the same tick
    def drawn_ticks(t):
        return t.type == "scatter" and t.marker.symbol == "line-ns" and t.x is not None and list(t.x)[:1] != [None]
    ticks = [(x, t.xaxis or "x") for t in fig.data if drawn_ticks(t) for x in t.x]
    assert sorted(x for x, _ in ticks) == sorted(ranged["high"])
    key = [t for t in fig.data if t.name == RANGE_KEY]
    assert key and key[0].marker.symbol == "line-ns" and "lines" in key[0].mode
    for k, t in enumerate(fig.data):  # over its panel's marks
        if drawn_ticks(t):
            assert k > max(j for j, m in enumerate(fig.data) if m.customdata is not None and m.xaxis == t.xaxis)


def test_derived_row_is_an_open_mark_and_says_derived(frames, dataset):
    fg = frames.figures.copy()
    rid = _deaths(frames).iloc[0]["id"]
    fg.loc[fg["id"] == rid, ["derived", "derived_formula"]] = [True, "a - b"]
    chart = build("deaths", Context(replace(frames, figures=fg), dataset.version))
    for t in chart.figure.data:
        if t.customdata is not None:
            for row, fill, hover in zip(t.customdata, t.marker.color, t.hovertext):
                assert (fill == "white") == (row[0] == rid)
                assert ("Derived by us" in hover) == (row[0] == rid)
    assert any("(derived)" in lab for lab in row_labels(chart.figure))
    assert "derived by us" in chart.summary


def test_claimant_filter_keeps_only_that_claimant(ctx):
    chart = build("deaths", replace(ctx, filters=Filters(claimants=("idf",))))
    assert {t.name for t in chart.figure.data if t.customdata is not None} <= {"IDF"}


@pytest.mark.parametrize("lay", [layout.SLIDE, layout.slide(1200, 630), layout.PHONE], ids=lambda l: l.name)
def test_the_slides_split_people_from_operatives_and_together_hold_every_claim(ctx, lay):
    """charts.VIEWS: the deaths chart on two slides, one unit each, titled by its unit; nothing lost or repeated."""
    whole = build("deaths", ctx, lay)
    parts = {v: build(v, ctx, lay) for v in ("deaths-people", "deaths-operatives")}
    assert {v: c.id for v, c in parts.items()} == {v: v for v in parts}
    ids = [i for c in parts.values() for i in c.data["id"]]
    assert sorted(ids) == sorted(whole.data["id"]) and len(set(ids)) == len(ids)
    fg = ctx.frames.figures.set_index("id")
    for view, metric, word in (("deaths-people", "killed", "People"), ("deaths-operatives", "operatives_killed", "Operatives")):
        chart = parts[view]
        assert set(fg.loc[list(chart.data["id"]), "metric"]) <= {metric}
        if len(chart.data):
            assert chart.title.startswith(f"{word} reported killed in ")
            assert all(t.startswith(word) for t in panel_titles(chart.figure))
