"""The compliance scorecard (no browser): provisions x claimants, each cell one claimant's latest status.

Expectations read the data (current_statuses, the provisions table); tests about the bundled articles say so.
"""

from __future__ import annotations

import html
import math
import re
from datetime import date

import pytest

from dashboard.charts import compliance as cc
from dashboard.charts import Context, build, layout
from dashboard.dataset.compliance import STATUS_LABEL
from dashboard.frames.compliance import current_statuses
from dashboard.frames.filters import Filters
from dashboard.frames.tables import build_frames

# export-charts, briefing at 1280x720 (the column's drawing width as the browser reports it) and 1920x1080, pages
MATRIX_LAYOUTS = [layout.SLIDE, layout.slide(1200, 630), layout.slide(1248, 630), layout.slide(1860, 990), layout.app(1376),
                  layout.app(960)]


@pytest.fixture(scope="module")
def frames(bundled):
    return build_frames(bundled)


def chart(frames, bundled, lay=layout.SLIDE, **kw):
    return build("compliance", Context(frames, bundled.version, Filters(**kw)), lay)


def cells(fig):
    """(trace, index, assessment id) of every drawn status cell (the blank cells carry no record)."""
    return [(t, i, cd[0]) for t in fig.data if t.type == "bar" and t.customdata is not None
            for i, cd in enumerate(t.customdata)]


def in_scope(frames, c):
    asm = frames.assessments
    return current_statuses(asm[asm["provision_id"].isin(c.data["provision_id"])])


def test_default_shows_the_agreements_in_force_and_names_the_earlier_ones(frames, bundled):
    c = chart(frames, bundled)
    ag = frames.agreements.set_index("id")
    current = set(frames.phases.sort_values("start_start").groupby("theatre")["id"].last())
    in_force = {a for a, ps in ag["phases"].items() if set(ps) & current}
    assert set(c.data["agreement_id"]) <= in_force
    earlier = [n for a, n in ag["name"].items() if a not in in_force and a in set(frames.assessments["agreement_id"])]
    footer = c.figure.layout.annotations[-1].text.replace("<br>", " ")
    assert all(n in footer for n in earlier)


def test_bundled_date_range_brings_the_january_truce_in(frames, bundled):
    c = chart(frames, bundled, start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert set(c.data["agreement_id"]) == {"gaza-truce-jan-2025-deal"}


@pytest.mark.parametrize("lay", MATRIX_LAYOUTS, ids=lambda lay: lay.name)
def test_every_cell_is_one_claimants_latest_status_and_no_two_claimants_share_one(frames, bundled, lay):
    """Each claimant's latest assessment of a provision is its own cell, coloured by its status; every cell sits
    in a row and column of its own (claimants never merged); our derived statuses only in the last column."""
    c = chart(frames, bundled, lay)
    cur = in_scope(frames, c)
    drawn = cells(c.figure)
    claimed = {i for *_, i in drawn} - set(cur.loc[cur["derived"], "id"])
    assert claimed == set(cur.loc[~cur["derived"], "id"])  # every claimant's latest status, and nothing older
    status = frames.assessments.set_index("id")["status"]
    derived = set(frames.assessments.loc[frames.assessments["derived"], "id"])
    n_columns = c.figure.layout.xaxis.range[1]
    places = set()
    for t, i, aid in drawn:
        colour = t.marker.line.color if aid in derived else t.marker.color
        assert colour == cc.STATUS_COLOR[status[aid]]
        place = (round(t.y[i], 6), int(t.base[i]))
        assert place not in places
        places.add(place)
        is_last = int(t.base[i]) == int(n_columns) - 1
        assert (aid in derived) == (t.marker.pattern is not None and t.marker.pattern.shape == "/") 
        if aid in derived:
            assert is_last  # "Derived by us", never under a claimant
    heads = [a.text for a in c.figure.layout.annotations if a.xref == "x"]
    assert heads[-1].replace("<br>", " ") == cc.DERIVED if cur["derived"].any() else True


@pytest.mark.parametrize("lay", MATRIX_LAYOUTS, ids=lambda lay: lay.name)
def test_each_column_names_one_claimant_and_every_cell_word_fits_its_cell(frames, bundled, lay):
    c = chart(frames, bundled, lay)
    cur = in_scope(frames, c)
    fig = c.figure
    heads = [a.text.replace("-<br>", "").replace("<br>", " ") for a in fig.layout.annotations if a.xref == "x"]
    claimants = set(cur.loc[~cur["derived"], "claimant"])
    assert set(heads) - {cc.DERIVED} == claimants and len(heads) == len(set(heads))
    plot_px = fig.layout.width if fig.layout.width else lay.figure_px
    column_px = (plot_px - fig.layout.margin.l - fig.layout.margin.r) / fig.layout.xaxis.range[1]
    words = {STATUS_LABEL[s] for s in STATUS_LABEL} | set(cc.SHORT_LABEL.values())
    for t in fig.data:
        if t.type == "scatter" and t.mode == "text":
            for w in t.text:
                assert w.replace("<br>", " ") in words
                for line in w.split("<br>"):  # a narrow page: the label on two lines
                    assert layout.text_px(line, t.textfont.size) <= column_px * cc.CELL_FILL + 1, (w, column_px)
                assert "<br>" not in w or not lay.max_height  # a slide's rows stay one line: it must fit
                assert t.textfont.size >= cc.MIN_CELL_PX


def test_cell_text_has_contrast_on_its_colour():
    def contrast(a, b):
        def lum(c):
            v = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
            v = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
            return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]
        hi, lo = sorted((lum(a), lum(b)), reverse=True)
        return (hi + 0.05) / (lo + 0.05)
    for colour in cc.STATUS_COLOR.values():
        assert contrast(colour, cc._ink(colour)) >= 4.5, colour


@pytest.mark.parametrize("lay", [layout.SLIDE, layout.PHONE], ids=lambda lay: lay.name)
def test_rows_name_the_provision_the_party_it_binds_its_deadline_and_days_past_it(frames, bundled, lay):
    """Full provision names; the obligated party ("not stated" when the text names none); the deadline at its
    precision; days past it as compliance.days_past_text writes them (a range when a window is one)."""
    c = chart(frames, bundled, lay)
    text = " ".join(re.sub(r"<[^>]+>", "", a.text.replace("<br>", " ")) for a in c.figure.layout.annotations)
    text = " ".join(text.split())
    cur = in_scope(frames, c)
    for p in frames.provisions[frames.provisions["id"].isin(c.data["provision_id"])].itertuples():
        assert p.label in text
        if p.obligated:
            assert f"binds {', '.join(p.obligated)}" in text
        else:  # said once, in the key, not on every row that names no party (second reading test)
            assert cc.NO_PARTY in html.unescape(c.figure.layout.title.text) and "binds not stated" not in text
        mine = cur[(cur["provision_id"] == p.id) & cur["status"].isin(["overdue", "in_progress", "disputed",
                                                                        "reported_violated", "partly_fulfilled", "at_risk"])]
        if isinstance(p.deadline, str) and len(mine):
            last = mine.sort_values(["as_of_end", "as_of_start"]).iloc[-1]
            from types import SimpleNamespace
            from dashboard.dataset.compliance import days_past_text
            due = SimpleNamespace(start=p.deadline_start.date(), end=p.deadline_end.date())
            expected = days_past_text(due, last["as_of_start"], last["as_of_end"], last["as_of_precision"])
            if expected:  # and marked as ours: no claimant states a count of days (second reading test)
                assert f"{expected} {cc.OUR_COUNT}" in text


def test_bundled_overdue_bodies_read_as_a_range_past_the_deadline(frames, bundled):
    c = chart(frames, bundled)
    text = " ".join(a.text for a in c.figure.layout.annotations)
    assert "41–48 days past it as of 23–29 Nov 2025" in text
    assert "due 12–13 Oct 2025" in text


@pytest.mark.parametrize("lay", [layout.SLIDE, layout.slide(1200, 630), layout.slide(1860, 990)], ids=lambda lay: lay.name)
def test_the_slide_layout_fits_its_slide(frames, bundled, lay):
    """The whole figure within the slide's height, unless its rows would be shorter than a label line."""
    fig = chart(frames, bundled, lay).figure
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    units = fig.layout.yaxis.range[0] - fig.layout.yaxis.range[1]
    assert fig.layout.height <= lay.max_height or plot <= cc.MATRIX_UNIT_PX * units + 1


def test_bundled_scorecard_fits_a_1280x720_briefing_slide(frames, bundled):
    """Measured with the bundled set: the briefing view's chart (1280x720 less the button above it) fits."""
    from dashboard.app.briefing import CHROME_PX

    for width in (1200, 1216, 1248):  # the column's drawing width, as the browser may report it
        assert chart(frames, bundled, layout.slide(width, 720 - CHROME_PX)).figure.layout.height <= 720 - CHROME_PX


@pytest.mark.parametrize("plot_px", [1280, 1376, 1568])
def test_wide_layouts_make_room_for_the_widest_label(frames, bundled, plot_px):
    """Every provision name and agreement header sits in a column left of the cells as wide as its widest line
    measured in the chart's font: nothing is cut at the left edge, nothing runs under the cells."""
    fig = chart(frames, bundled, layout.app(plot_px)).figure
    labels = [a for a in fig.layout.annotations if a.name == layout.SIDE_LABEL]
    assert labels and any("Sharm" in a.text for a in labels)
    for a in labels:
        widest = max(layout.text_px(re.sub(r"<[^>]+>", "", line), a.font.size, "<b>" in a.text)
                     for line in a.text.split("<br>"))
        assert a.width >= widest - 1 and a.xshift == -(a.width + layout.SIDE_LABEL_GAP)
        assert fig.layout.margin.l >= layout.MARGIN_L + a.width + layout.SIDE_LABEL_GAP


def test_a_phone_lists_each_claimants_status_with_text_wrapped(frames, bundled):
    """At phone width the matrix gives way to the list: every claimant's latest status named on a line of its
    status, our derived statuses as 'derived by us'; every line within the phone's width."""
    c = chart(frames, bundled, layout.PHONE)
    assert not [t for t in c.figure.data if t.type == "bar"]
    lines = [re.sub(r"<[^>]+>", "", line) for a in c.figure.layout.annotations[:-1] for line in a.text.split("<br>")]
    for line in lines:
        assert len(line) <= cc.LINE_CHARS, line
    for line in c.figure.layout.annotations[-1].text.split("<br>"):
        assert len(line) <= cc.FOOTER_CHARS
    text = " ".join(lines)
    cur = in_scope(frames, c)
    for r in cur.itertuples():
        assert f"{STATUS_LABEL[r.status]}:" in text
        if not r.derived:
            assert r.claimant.split(" ")[0] in text
    if cur["derived"].any():
        assert "derived by us" in text


@pytest.mark.parametrize("lay", [layout.SLIDE, layout.PHONE], ids=lambda lay: lay.name)
def test_the_header_is_written_once_with_a_key_of_every_status(frames, bundled, lay):
    c = chart(frames, bundled, lay)
    title = c.figure.layout.title
    assert not (title.subtitle and title.subtitle.text)
    assert title.text.replace("<br>", " ").count("Each claimant's latest status per provision") == 1
    for s in cc.STATUS_ORDER:
        assert cc.STATUS_COLOR[s] in title.text and STATUS_LABEL[s] in title.text
    assert "derived by us" in title.text


def test_data_and_summary_are_what_is_drawn(frames, bundled):
    c = chart(frames, bundled)
    assert set(c.data["id"]) == set(in_scope(frames, c)["id"])
    assert all(p.startswith("assessment?id=") for p in c.permalinks)
    for r in c.data.itertuples():
        assert r.provision in c.summary


def test_the_timeline_stays_in_the_app_only(frames, bundled):
    from dashboard.charts import APP_CHARTS, CHARTS

    assert "compliance-timeline" in APP_CHARTS and "compliance-timeline" not in CHARTS
    c = build("compliance-timeline", Context(frames, bundled.version, Filters()), layout.app(960))
    assert c.id == "compliance-timeline" and len(c.data)


def _hue(hex_color: str) -> tuple[float, float]:
    """(chroma, hue angle in degrees) in CIELCh (D65): the hue a reader names, not the RGB one."""
    v = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    a, bb = 500 * (fx - fy), 200 * (fy - fz)
    return math.hypot(a, bb), math.degrees(math.atan2(bb, a)) % 360


def test_every_status_colour_is_its_own_hue():
    """Second reading test: 'fulfilled'/'in progress' were two blues and 'overdue'/'disputed' two oranges. Every
    coloured status now differs from every other by 30 degrees of hue or more (a grey, 'not yet due', has none),
    and every colour is distinct; the word in each cell still carries the status for colour-blind readers."""
    colours = [cc.STATUS_COLOR[s] for s in cc.STATUS_ORDER]
    assert len(set(colours)) == len(colours)
    hues = [(s, *_hue(cc.STATUS_COLOR[s])) for s in cc.STATUS_ORDER]
    chromatic = [(s, h) for s, c, h in hues if c > 15]
    for (s1, h1), (s2, h2) in [(a, b) for i, a in enumerate(chromatic) for b in chromatic[i + 1:]]:
        gap = min(abs(h1 - h2), 360 - abs(h1 - h2))
        assert gap >= 30, (s1, s2, round(gap))
