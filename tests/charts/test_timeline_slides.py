"""The timeline's slides (charts.VIEWS: timeline-main, timeline-other): the events split between them, dense rows
that still keep every mark and label apart, counted bars that stand for exactly the events they say, and a fit
on a 1280x720 and a 1920x1080 window."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from chartsupport import clickable

from dashboard.conventions import theme
from dashboard.charts import VIEWS, build, layout
from dashboard.charts.keylabels import CHAR_PX, LINE_PX, headline
from dashboard.charts.marks import MARK_PX, ROW_PX, SLIDE_ROW_PX, collapse_windows
from dashboard.charts.timeline import SLIDE_FULL_ROWS_FROM, main_theatre

PARTS = ("timeline-main", "timeline-other")
SLIDES = {"720": layout.slide(1200, 630), "1080": layout.slide(1800, 990), "export": layout.SLIDE}
SIZES = {**SLIDES, "phone": layout.PHONE}  # a part opened in briefing mode on a phone gets the phone's layout
COUNT = re.compile(r"^(\d+) events$")


@pytest.fixture(scope="module")
def slides(ctx):
    return {(view, size): build(view, ctx, lay) for view in PARTS for size, lay in SIZES.items()}


def _labels(fig):
    found = [t for t in fig.data if t.name == "labels"]
    return found[0] if found else None


def _drawn(fig):
    """(id, y, x0, x1) of every clickable mark or bar; x1 includes a bar's last day."""
    out = []
    for t in fig.data:
        if t.customdata is None:
            continue
        xs, ys, base = list(t.x), list(t.y), list(t.base) if t.type == "bar" else None
        for i, row in enumerate(t.customdata):
            if t.type == "bar":
                x0 = pd.Timestamp(base[i])
                out.append((row[0], ys[i], x0, x0 + pd.Timedelta(milliseconds=xs[i])))
            else:
                out.append((row[0], ys[i], pd.Timestamp(xs[i]), pd.Timestamp(xs[i])))
    return out


def test_timeline_slides_are_views_of_the_timeline():
    assert {v: VIEWS[v][0] for v in PARTS} == {v: "timeline" for v in PARTS}


@pytest.mark.parametrize("size", SLIDES)
def test_the_two_slides_split_the_timelines_events_by_theatre(ctx, built, slides, size):
    """Every event of the app's timeline is on exactly one slide: the main theatre's on the first, the rest on the second."""
    main, other = slides[("timeline-main", size)].data, slides[("timeline-other", size)].data
    whole = built["timeline"].data
    assert sorted([*main["id"], *other["id"]]) == sorted(whole["id"])
    theatre = main_theatre(ctx, whole, None) if len(whole) else None
    assert set(main["theatre"]) <= {theatre}
    assert theatre not in set(other["theatre"])


@pytest.mark.parametrize("size", SLIDES)
@pytest.mark.parametrize("view", PARTS)
def test_every_event_is_one_mark_bar_or_part_of_a_counted_bar(slides, frames, view, size):
    """A counted bar stands for exactly the events of its lane and actor known only to its window, no key moment
    among them; every other event is a mark or bar of its own."""
    chart = slides[(view, size)]
    data = chart.data.set_index("id")
    ev = frames.events.set_index("id")
    data["color"] = ev.loc[data.index, "primary_actor"].map(theme.actor_color)
    data["key"] = ev.loc[data.index, "key"].astype(bool)
    data["date_start"], data["date_end"] = ev.loc[data.index, "date_start"], ev.loc[data.index, "date_end"]
    labels = _labels(chart.figure)
    counts = {rid: int(COUNT.match(t).group(1)) for rid, t in zip(labels.ids, labels.text) if COUNT.match(t)} if labels else {}
    drawn = _drawn(chart.figure)
    assert sum(counts.get(rid, 1) for rid, *_ in drawn) == len(data)
    for rid, y, x0, x1 in drawn:
        if rid not in counts:
            continue
        r = data.loc[rid]
        same = data[(data["theatre"] == r["theatre"]) & (data["date_start"] == r["date_start"])
                    & (data["date_end"] == r["date_end"]) & (data["color"] == r["color"])
                    & (data["date_start"] != data["date_end"]) & ~data["key"]]
        assert counts[rid] >= 2 and counts[rid] <= len(same), rid
        assert x1 - x0 == r["date_end"] - r["date_start"] + pd.Timedelta(days=1), "the bar spans its events' window"
        i = list(labels.ids).index(rid)
        assert labels.y[i] == y, "the count sits in its own bar's row"


def test_collapse_keeps_key_moments_and_day_known_events_apart(frames):
    ev = frames.events.assign(x_lo=frames.events["date_start"], x_hi=frames.events["date_end"],
                              when="w", group="g", hover="",
                              color=frames.events["primary_actor"].map(theme.actor_color))
    out = collapse_windows(ev, "theatre")
    assert out["n"].sum() == len(ev)
    assert (out.loc[out["n"] > 1, "x_lo"] != out.loc[out["n"] > 1, "x_hi"]).all()
    kept = ev[(ev["x_lo"] == ev["x_hi"]) | ev["key"].astype(bool)]
    assert set(kept["id"]) <= set(out["id"]), "a day-known event or a key moment is never folded into a count"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", PARTS)
def test_no_two_marks_bars_or_labels_overlap_in_a_row_on_a_slide(slides, view, size):
    """As on the page (test_timeline.py), with the slide's own rows: within a lane no mark or bar overlaps another in
    its row, no label (key moment or count) covers a mark other than its own, and every label stays inside the figure."""
    lay = SIZES[size]
    row_px = SLIDE_ROW_PX if lay.max_height and lay.max_height < SLIDE_FULL_ROWS_FROM else ROW_PX
    fig = slides[(view, size)].figure
    lo, hi = (pd.Timestamp(v).value for v in fig.layout.xaxis.range)
    width = lay.plot_px
    scale = width / (hi - lo)
    boxes = []
    for rid, y, x0, x1 in _drawn(fig):
        a, b = (x0.value - lo) * scale, (x1.value - lo) * scale
        if a == b:
            a, b = a - MARK_PX / 2, b + MARK_PX / 2
        boxes.append((rid, y - 0.25, y + 0.25, max(a, 0), min(b, width)))
    labels = _labels(fig)
    for i, rid in enumerate(labels.ids if labels else ()):
        if labels.marker.size[i] == 2:
            continue  # a phase name inside its band
        x = (pd.Timestamp(labels.x[i]).value - lo) * scale
        lines = [re.sub(r"<[^>]+>", "", line) for line in labels.text[i].split("<br>")]
        w = CHAR_PX * max(len(line) for line in lines)
        half = LINE_PX * len(lines) / row_px / 2
        off = labels.marker.size[i] / 2
        a, b = (x + off, x + off + w) if labels.textposition[i] == "middle right" else (x - off - w, x - off)
        boxes.append((f"label:{rid}", labels.y[i] - half, labels.y[i] + half, a, b))
        # inside the figure: the plot and its side margins (a label near the edge may run into the margin, as on the page)
        assert -layout.MARGIN_L <= a and b <= width + layout.MARGIN_R, (rid, a, b, width)
    for k, (r1, y0, y1, a1, b1) in enumerate(boxes):
        for r2, v0, v1, a2, b2 in boxes[k + 1:]:
            if r2 == f"label:{r1}" or r1 == f"label:{r2}":
                continue
            if y0 < v1 - 1e-9 and v0 < y1 - 1e-9:
                assert b1 <= a2 + 0.5 or b2 <= a1 + 0.5, (r1, r2, (a1, b1), (a2, b2))


@pytest.mark.parametrize("view", PARTS)
def test_key_moments_on_a_slide_lead_with_their_own_date(slides, frames, view):
    chart = slides[(view, "720")]
    key = frames.events.set_index("id")["key"].astype(bool)
    labels = _labels(chart.figure)
    when = chart.data.set_index("id")["when"]
    keyed = [(rid, t) for rid, t in zip(labels.ids, labels.text) if rid in when.index and not COUNT.match(t)] if labels else []
    expected = chart.data[chart.data["id"].map(key) & chart.data["date_precision"].isin(["day", "week"])]
    for rid, text in keyed:
        assert text.startswith(f"<b>{when[rid]}</b> · "), text
        assert text.count("<br>") <= 1, "two lines at most on a slide"
    phone = _labels(slides[(view, "phone")].figure)
    for rid, text in zip(phone.ids if phone else (), phone.text if phone else ()):
        if rid in when.index and not COUNT.match(text):
            assert text.startswith(f"<b>{when[rid]}</b><br>"), "at a phone's width, the page's labels"
    assert {rid for rid, _ in keyed} == set(expected["id"].tail(8)) or len(keyed) == min(8, len(expected))


@pytest.mark.parametrize("size", SLIDES)
@pytest.mark.parametrize("view", PARTS)
def test_bundled_timeline_slides_fit_their_window(slides, view, size):
    """Measured with the bundled data: each timeline slide fits whole (the browser check measures the real page)."""
    assert slides[(view, size)].figure.layout.height <= SLIDES[size].max_height


def test_a_slide_headline_leads_with_the_date_and_keeps_to_two_lines():
    lines = headline("Israeli airstrikes across Gaza after the Rafah attack; 104 killed", "Airstrike: IDF", 58,
                     max_lines=2, lead="27 Oct–9 Nov 2025 · ")
    assert lines[0].startswith("27 Oct–9 Nov 2025 · Israeli") and len(lines) <= 2
    assert all(len(line) <= 58 for line in lines)
