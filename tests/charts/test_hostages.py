"""dashboard/charts/hostages.py: one labelled point per report and claimant, no line between reports."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from chartsupport import flat

from dashboard.conventions import theme
from dashboard.charts import Context, build
from dashboard.charts.hostages import METRICS, PANELS, _fit
from dashboard.charts.layout import for_width
from dashboard.frames.filters import Filters

HELD = METRICS  # bodies still held and bodies returned: the chart reads them together


def _points(fig):
    return [t for t in fig.data if t.customdata is not None]


def test_no_line_asserts_a_count_between_reports(built, frames):
    fig = built["hostages"].figure
    assert not any(t.line.shape == "hv" for t in fig.data if getattr(t, "mode", None) and "lines" in t.mode)
    fg = frames.figures[frames.figures["metric"].isin(HELD)]
    for t in fig.data:
        xs, ys = list(t.x if t.x is not None else []), list(t.y if t.y is not None else [])
        if getattr(t, "mode", None) == "lines" and any(x is not None for x in xs):  # only week spans: each flat, one report's window
            for k in range(0, len(xs), 3):
                assert ys[k] == ys[k + 1]
                start = pd.Timestamp(xs[k])
                assert start in set(fg["as_of_start"]), "a segment starts at a report's window, never joins two reports"


def test_one_point_per_report_labelled_with_value_and_claimant(built, frames):
    fg = frames.figures[frames.figures["metric"].isin(HELD)].set_index("id")
    seen, alone = [], 0
    for t in _points(built["hostages"].figure):
        # claimant KEY: two articles' authors are two claimants (theme.claimant_key)
        assert len({fg.loc[row[0], "claimant_key"] for row in t.customdata}) == 1, "a trace never joins two claimants"
        for row, text in zip(t.customdata, t.text):
            r = fg.loc[row[0]]
            who = "derived by us" if r["derived"] else theme.in_sentence(theme.claimant_label(r["claimant_key"], r["claimant"]))
            assert f"{r['value'] if pd.notna(r['value']) else r['low']:,.0f}" in flat(text)
            # the claimant in words, or (no room: two reports a few days apart on a phone) the count alone, the
            # claimant then told by the mark's shape, keyed
            assert flat(who) in flat(text) or "<br>" not in text, text
            seen.append(row[0])
            alone += "<br>" not in text
    assert sorted(seen) == sorted(fg.index)
    assert alone <= 1, "the count alone only where nothing else fits"
    keyed = {t.legendgroup for t in built["hostages"].figure.data if t.legend == "legend"}
    assert {t.legendgroup for t in _points(built["hostages"].figure)} <= keyed


@pytest.mark.parametrize("width", [330, 960])
def test_labels_are_placed_apart(frames, dataset, width):
    with for_width(width):
        chart = build("hostages", Context(frames, dataset.version))
    positions = [p for t in _points(chart.figure) for p in t.textposition]
    assert len(positions) == len(chart.data)


def test_place_separates_near_points_and_keeps_labels_inside():
    # good: two points 10 px apart get different places; bad input: a point at the right edge never runs off
    pos, _ = _fit([100, 110, 320], [50, 50, 50], ["<b>3</b><br>author", "<b>3</b><br>officials", "<b>9</b><br>unnamed officials"], 330)
    assert pos[0] != pos[1]
    assert pos[2].endswith("left")


def test_derived_count_is_an_open_mark_labelled_derived(frames, dataset):
    fg = frames.figures.copy()
    rid = fg[fg["metric"].isin(HELD)].iloc[0]["id"]
    fg.loc[fg["id"] == rid, ["derived", "derived_formula"]] = [True, "28 - 25"]
    chart = build("hostages", Context(replace(frames, figures=fg), dataset.version))
    derived = set(fg[fg["derived"].astype(bool)]["id"])
    for t in _points(chart.figure):
        for row, fill, text, hover in zip(t.customdata, t.marker.color, t.text, t.hovertext):
            assert (fill == "white") == (row[0] in derived)
            assert ("derived" in flat(text)) == (row[0] in derived) and ("Derived by us" in hover) == (row[0] in derived)
    assert "derived by us" in chart.summary


def _with_returned(frames):
    """The frames with one reported bodies-returned count added (a copy of a held count, its metric changed)."""
    fg = frames.figures
    row = fg[fg["metric"] == "hostage_bodies_remaining"].iloc[[0]].copy()
    row["id"], row["metric"], row["permalink"] = "returned-test", "hostage_bodies_returned", "figure?id=returned-test"
    return replace(frames, figures=pd.concat([fg, row], ignore_index=True))


def test_returned_and_held_each_in_their_panel_sharing_the_dates(frames, dataset):
    fr = _with_returned(frames)
    chart = build("hostages", Context(fr, dataset.version))
    axis_of = {row[0]: t.yaxis or "y" for t in _points(chart.figure) for row in t.customdata}
    metric = fr.figures.set_index("id")["metric"]
    held, returned = PANELS[0][1], PANELS[1][1]
    assert {axis_of[i] for i in axis_of if metric[i] in held} == {"y"}
    assert {axis_of[i] for i in axis_of if metric[i] in returned} == {"y2"}
    assert chart.figure.layout.xaxis.matches == "x2" or chart.figure.layout.xaxis2.matches == "x"  # one date axis
    titles = [a.text for a in chart.figure.layout.annotations]
    assert any(PANELS[0][0] in t for t in titles) and any(PANELS[1][0] in t for t in titles)


def test_one_panel_when_only_one_measure_is_drawn(frames, dataset):
    fg = frames.figures[frames.figures["metric"] != "hostage_bodies_returned"]
    chart = build("hostages", Context(replace(frames, figures=fg), dataset.version))
    assert {t.yaxis or "y" for t in _points(chart.figure)} == {"y"}
    assert not any(PANELS[1][0] in (a.text or "") for a in chart.figure.layout.annotations)


def test_claimant_filter_keeps_only_that_claimant(ctx):
    chart = build("hostages", replace(ctx, filters=Filters(claimants=("idf",))))
    assert {t.name for t in _points(chart.figure)} <= {"IDF"}


def _panel_axes(fig):
    return [k for k in fig.layout.to_plotly_json() if k.startswith("yaxis")]


def test_a_count_axis_starts_at_zero_and_shows_it(built, frames, dataset):
    """Each panel's count axis shows a 0 tick (a second reader missed it) and starts at or just below 0."""
    for fig in (built["hostages"].figure, build("hostages", Context(_with_returned(frames), dataset.version)).figure):
        for name in _panel_axes(fig):
            axis = fig.layout[name]
            assert 0 in list(axis.tickvals), name
            lo, hi = axis.range
            assert lo <= 0 and -lo <= 0.1 * (hi - lo), (name, axis.range)


def _bars(fig):
    """(y, trace) of every week bar: line traces (reported) and bar traces (derived, hatched)."""
    return [(t.y[0], t) for t in fig.data if t.customdata is None and t.x is not None and t.x != (None,)
            and (t.type == "bar" or getattr(t, "mode", None) == "lines")]


def test_week_bars_of_one_value_whose_weeks_overlap_are_drawn_apart(frames, dataset):
    """Two reports of the same count whose weeks share a day (19-23 and 23-29 Nov, both 3) were one bar over the
    other: they now sit one above the other, and each mark stays at its exact value."""
    fg = frames.figures
    base = fg[(fg["metric"] == "hostage_bodies_remaining") & (fg["as_of_start"] != fg["as_of_end"])].iloc[[0]].copy()
    other = base.copy()
    other["id"], other["permalink"], other["claimant_id"] = "overlap-test", "figure?id=overlap-test", "israeli-officials-unnamed"
    other["as_of_start"] = base["as_of_end"].iloc[0]
    other["as_of_end"] = base["as_of_end"].iloc[0] + pd.Timedelta(days=6)
    keep = fg[fg["metric"] != "hostage_bodies_remaining"]
    fig = build("hostages", Context(replace(frames, figures=pd.concat([keep, base, other], ignore_index=True)),
                                    dataset.version)).figure
    value = float(base["value"].iloc[0])
    spans = [(y, t) for y, t in _bars(fig) if t.type == "scatter" and abs(y - value) < value]
    assert len(spans) == 2
    assert spans[0][0] != spans[1][0], "not drawn over each other"
    assert all(y != value for y, _ in spans) and min(y for y, _ in spans) < value < max(y for y, _ in spans)
    marks = [y for t in _points(fig) for y, row in zip(t.y, t.customdata) if row[0] in (base["id"].iloc[0], "overlap-test")]
    assert marks == [value, value], "the marks keep the exact count"


def test_a_derived_week_is_a_hatched_bar_and_the_key_says_derived(built, frames, dataset):
    fg = frames.figures.copy()
    rid = fg[fg["metric"].isin(HELD) & (fg["as_of_start"] != fg["as_of_end"])].iloc[0]["id"]
    fg.loc[fg["id"] == rid, ["derived", "derived_formula"]] = [True, "28 - 25"]
    fig = build("hostages", Context(replace(frames, figures=fg), dataset.version)).figure
    hatched = [t for t in fig.data if t.type == "bar" and t.marker.pattern.shape == "/" and t.legend != "legend2"]
    shown = fg[fg["metric"].isin(HELD)]
    n = int((shown["derived"].astype(bool) & (shown["as_of_start"] != shown["as_of_end"])).sum())
    assert len(hatched) == n >= 1 and all(t.marker.color == "white" for t in hatched)
    names = [t.name for t in fig.data if t.legend == "legend2"]
    assert any("derived" in n and "Hatched" in n for n in names), names
    swatch = next(t for t in fig.data if t.legend == "legend2" and "Hatched" in t.name)
    assert swatch.type == "bar" and swatch.marker.pattern.shape == "/", "the key shows the hatched bar it names"
    assert fig.layout.xaxis.type == "date", "the bar keeps the date axis"


def test_two_labels_at_one_height_close_together_make_room_for_each_other():
    """The two 3s (19-23 and 23-29 Nov) sit at one height a few days apart, with no room below a count near 0: the
    first label goes left, the second right or above, narrower if need be; they never share a spot."""
    from dashboard.charts.hostages import CHAR_PX, LINE_PX, MARK_PX, _fit

    labels = ["<b>3</b><br>the article's author", "<b>3</b><br>unnamed Israeli officials"]
    for gap, width in ((55, 700), (76, 940), (25, 330)):
        xs, ys = [width - 140, width - 140 + gap], [21, 21]
        pos, texts = _fit(xs, ys, labels, width)
        boxes = []
        for x, y, p, t in zip(xs, ys, pos, texts):
            lines = t.split("<br>")
            w, h = max(len(l.replace("<b>", "").replace("</b>", "")) for l in lines) * CHAR_PX, len(lines) * LINE_PX
            vert, horiz = p.split()
            x0 = {"center": x - w / 2, "left": x - w - (MARK_PX if vert == "middle" else 0),
                  "right": x + (MARK_PX if vert == "middle" else 0)}[horiz]
            y0 = {"top": y + MARK_PX, "bottom": y - MARK_PX - h, "middle": y - h / 2}[vert]
            boxes.append((x0, x0 + w, y0, y0 + h))
            assert y0 >= 0, "never below the axis"
        (a0, a1, b0, b1), (c0, c1, d0, d1) = boxes
        assert a1 <= c0 or c1 <= a0 or b1 <= d0 or d1 <= b0, (gap, width, pos, texts)
