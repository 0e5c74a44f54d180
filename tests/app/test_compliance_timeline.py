"""The compliance timeline (app only; no browser): scope, encodings, deadlines, derived marks, phone-width text."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dashboard.charts import compliance as cc
from dashboard.charts import compliance_timeline as ct
from dashboard.charts import Context, build
from dashboard.frames.filters import Filters
from dashboard.frames.tables import build_frames


@pytest.fixture(scope="module")
def frames(bundled):
    return build_frames(bundled)


def chart(frames, bundled, **kw):
    return build("compliance-timeline", Context(frames, bundled.version, Filters(**kw)))


def marks(fig):
    return [t for t in fig.data if t.mode == "markers"]


def test_default_shows_the_agreements_in_force_and_names_the_earlier_ones(frames, bundled):
    c = chart(frames, bundled)
    shown = set(c.data["agreement_id"])
    assert shown == {"gaza-sharm-el-sheikh-agreement-2025", "us-gaza-plan-resolution-2803", "lebanon-ceasefire-2024"}
    footer = c.figure.layout.annotations[-1].text
    assert "January 2025 Gaza truce" in footer.replace("<br>", " ")


def test_a_date_range_brings_the_january_truce_in(frames, bundled):
    c = chart(frames, bundled, start=date(2025, 1, 1), end=date(2025, 3, 31))
    assert set(c.data["agreement_id"]) == {"gaza-truce-jan-2025-deal"}


def test_every_mark_is_one_assessment_coloured_by_status(frames, bundled):
    c = chart(frames, bundled)
    ids = [cd[0] for t in marks(c.figure) for cd in t.customdata]
    assert sorted(ids) == sorted(c.data["id"])
    status = c.data.set_index("id")["status"]
    for t in marks(c.figure):
        assert {cc.STATUS_COLOR[status[cd[0]]] for cd in t.customdata} == {t.marker.color}
        assert all(cd[1].startswith("assessment?id=") for cd in t.customdata)


def test_derived_statuses_are_open_marks(frames, bundled):
    c = chart(frames, bundled)
    derived = set(c.data[c.data["derived"]]["id"])
    for t in marks(c.figure):
        ids = {cd[0] for cd in t.customdata}
        assert ("-open" in t.marker.symbol) == bool(ids & derived)


def test_deadlines_are_drawn_for_provisions_that_have_one(frames, bundled):
    c = chart(frames, bundled)
    bars = [t for t in c.figure.data if t.mode == "lines" and t.hovertext and str(t.hovertext).startswith("Deadline")]
    assert len(bars) == 2 and all(str(b.x[0]).startswith("2025-10-12") for b in bars)


def test_the_slide_layout_fits_a_slide(frames, bundled):
    from dashboard.charts import layout

    with layout.using(layout.SLIDE):  # how export-charts and the briefing pack build it
        fig = chart(frames, bundled).figure
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    units = fig.layout.yaxis.range[0] - fig.layout.yaxis.range[1]
    # the slide's height, unless its rows would need less than MIN_UNIT_PX each: then no shorter than that
    assert fig.layout.height <= 900 or plot <= cc.MIN_UNIT_PX * units + 1  # the timeline keeps its least row
    assert all(t.marker.size >= 9 for t in marks(fig))


@pytest.mark.parametrize("plot_px", [960, 1280, 1568])
def test_wide_layouts_make_room_for_the_widest_label(frames, bundled, plot_px):
    """Every provision name and agreement header sits in a column left of the plot that is as wide as its widest
    line measured in the chart's font: nothing is cut at the left edge at any export or page width."""
    from dashboard.charts import layout

    with layout.using(layout.app(plot_px)):
        fig = chart(frames, bundled).figure
    labels = [a for a in fig.layout.annotations if a.name == layout.SIDE_LABEL]
    assert labels and any("Sharm" in a.text for a in labels)
    for a in labels:
        widest = max(layout.text_px(line, a.font.size) for line in a.text.split("<br>"))
        assert a.width >= widest and a.xshift == -(a.width + layout.SIDE_LABEL_GAP)
        assert fig.layout.margin.l >= layout.MARGIN_L + a.width + layout.SIDE_LABEL_GAP  # the column starts in the figure


def test_text_is_wrapped_for_a_phone(frames, bundled):
    c = ct.compliance_over_time(Context(frames, bundled.version, Filters()), narrow=True)
    for a in c.figure.layout.annotations[:-1]:
        for line in a.text.split("<br>"):
            assert len(re.sub(r"<[^>]+>", "", line)) <= cc.LINE_CHARS, line
    for line in c.figure.layout.annotations[-1].text.split("<br>"):
        assert len(line) <= cc.FOOTER_CHARS
    assert "days past it" in " ".join(a.text for a in c.figure.layout.annotations)


@pytest.mark.parametrize("narrow", [True, False])
def test_the_subtitle_is_written_once_and_the_key_names_the_claimants_in_view(frames, bundled, narrow):
    """The header carries title, subtitle and key; Plotly's own subtitle slot stays empty (it printed the
    subtitle a second time under the key). The key lists the claimants drawn, with the shapes they have on every chart."""
    from dashboard.conventions import theme

    ctx = Context(frames, bundled.version, Filters())
    c = ct.compliance_over_time(ctx, narrow=narrow)
    title = c.figure.layout.title
    assert not (title.subtitle and title.subtitle.text)
    first_words = "Provisions over time"
    assert title.text.count(first_words) == 1
    drawn = {cd[0] for t in marks(c.figure) for cd in t.customdata}
    claimants = set(frames.assessments.loc[frames.assessments["id"].isin(drawn), "claimant_key"])
    with theme.chart_claimants(claimants, ctx.claimants()):  # each its shape among the dataset's claimants
        for key in claimants:
            assert theme.claimant_glyph(key) in title.text, key
