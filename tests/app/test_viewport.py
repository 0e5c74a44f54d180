"""The chart layout width: only known widths are accepted from the browser, and charts are laid out for the
width the browser reported or an earlier visit's cookie remembered. (The measuring itself runs in a browser:
tests/browser/test_viewport_browser.py.)"""

from __future__ import annotations

import json

import pytest

from apptest_support import open_page
from dashboard.app import viewport
from dashboard.charts.layout import PHONE_PLOT_PX


@pytest.mark.parametrize("value", [330, "330", 960, "1280"])
def test_known_layout_widths_are_accepted(value):
    assert viewport.valid(value) == int(value)


@pytest.mark.parametrize("value", [None, "", "961", "0", "-330", "1e3", "330px", "<script>alert(1)</script>",
                                   "9" * 400, 330.5, [960], {"px": 960}])
def test_anything_else_from_the_browser_is_ignored(value):
    assert viewport.valid(value) is None


def test_layout_widths_start_at_the_phone_and_grow():
    assert viewport.LAYOUT_WIDTHS[0] == PHONE_PLOT_PX
    assert list(viewport.LAYOUT_WIDTHS) == sorted(set(viewport.LAYOUT_WIDTHS))


def _title(at) -> str:
    return json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]


def test_charts_are_laid_out_for_the_reported_width():
    """Without a report (or a cookie) charts fit a phone; a reported width lays them out wider, so the
    timeline's title is wrapped onto fewer lines."""
    phone = open_page("timeline")
    assert phone.session_state[viewport.STATE_KEY] is None
    wide = open_page("timeline")
    wide.session_state[viewport.COMPONENT_KEY] = {"plot_px": 960}
    wide.run()
    assert wide.session_state[viewport.STATE_KEY] == 960
    assert _title(wide).count("<br>") < _title(phone).count("<br>")


@pytest.mark.parametrize("cookie,expected", [("960", 960), ("1280", 1280), ("961", None), ("960px", None),
                                             ("<script>alert(1)</script>", None), ("", None)])
def test_a_first_run_takes_the_width_an_earlier_visit_remembered(monkeypatch, cookie, expected):
    """The cookie is read once per session, before the browser's first report, and only a known width."""
    monkeypatch.setattr(viewport, "_cookies", lambda: {viewport.COOKIE: cookie})
    at = open_page("timeline")
    assert not at.exception
    assert at.session_state[viewport.STATE_KEY] == expected
    at.session_state[viewport.COMPONENT_KEY] = {"plot_px": 640}  # the browser's report wins over the cookie
    at.run()
    assert at.session_state[viewport.STATE_KEY] == 640


@pytest.mark.parametrize("value,expected", [(720, 720), ("1080", 1080), (1200, 1200), (719, None), ("720px", None),
                                            (0, None), (99999, None), ("<script>", None), (None, None)])
def test_slide_sizes_from_the_browser_are_checked(value, expected):
    assert viewport.valid_size(value) == expected


def test_briefing_lays_a_chart_out_for_the_reported_window():
    """Briefing mode builds each chart for a slide of the column's drawing width and the window's height less the
    button above it; the control chart then moves its row labels into a column and fits the window. (The deaths
    chart does too, but its 13 claim rows still need 1,047 px: test_legibility lists it among the known overflows.)"""
    from dashboard.app import briefing

    at = open_page("", briefing="1", chart="control")
    tall = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    at.session_state[viewport.COMPONENT_KEY] = {"plot_px": 1280, "view_h": 1080, "view_w": 1800}
    at.run()
    assert not at.exception
    assert at.session_state[viewport.SLIDE_KEY] == 1800 and at.session_state[viewport.HEIGHT_KEY] == 1080
    fig = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert fig["height"] <= 1080 - briefing.CHROME_PX
    assert not any(a.get("name") == "row-label" for a in tall.get("annotations", []))  # the page layout: labels above
    assert any(a.get("name") == "row-label" for a in fig["annotations"])
