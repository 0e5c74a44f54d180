"""Charts are laid out for the width of the reader's window (dashboard/app/viewport.py), measured in a real
browser: wider layouts on wider windows and again after a resize, the choice kept in a cookie so the next
visit draws its charts once, and a cookie holding anything else ignored."""

from __future__ import annotations

import pytest

from browser_support import LAYOUT_SETTLED, wait_for_run
from dashboard.app.viewport import COOKIE

# Every height the first chart is drawn at: a chart laid out again for another width is drawn again.
RECORD_DRAWS = """
window.__heights = [];
new MutationObserver(() => {
  const svg = document.querySelector('.js-plotly-plot svg.main-svg');
  const h = svg && svg.getAttribute('height');
  if (h && window.__heights[window.__heights.length - 1] !== h) window.__heights.push(h);
}).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['height']});
"""


def settle(page) -> None:
    """Wait until this run's charts have the measured width and are drawn."""
    page.wait_for_selector(LAYOUT_SETTLED, state="attached", timeout=30_000)
    wait_for_run(page, plots=1)


def _open(context, url: str):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.goto(url)
    wait_for_run(page, plots=1)
    settle(page)
    return page


def _layout(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == COOKIE), None)


def _title_lines(page) -> int:
    return page.locator(".js-plotly-plot").first.locator(".gtitle tspan.line").count() or 1


@pytest.fixture
def sized(browser):
    made = []

    def make(width: int, height: int, cookie: str | None = None, url: str = ""):
        ctx = browser.new_context(viewport={"width": width, "height": height})
        if cookie is not None:
            ctx.add_cookies([{"name": COOKIE, "value": cookie, "url": url}])
        ctx.add_init_script(RECORD_DRAWS)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def test_charts_take_the_layout_that_fits_the_window_and_follow_a_resize(app_server, sized):
    phone = sized(390, 844)
    page = _open(phone, f"{app_server.url}/timeline")
    assert _layout(phone) == "330"
    phone_lines = _title_lines(page)
    assert phone_lines >= 2, "a phone's layout wraps the timeline's title"

    desktop = sized(1440, 900)
    page = _open(desktop, f"{app_server.url}/timeline")
    assert _layout(desktop) == "960", "the main column beside the sidebar at 1440 px: 948 px of drawing width"
    assert _title_lines(page) < phone_lines

    page.set_viewport_size({"width": 390, "height": 844})  # the window narrowed to a phone's
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=330')", timeout=30_000)
    settle(page)
    assert _title_lines(page) == phone_lines
    assert not page.errors


def test_briefing_mode_lays_charts_out_for_its_wider_column(app_server, sized):
    desktop = sized(1440, 900)
    _open(desktop, f"{app_server.url}/?briefing=1&chart=deaths")
    assert _layout(desktop) == "1280", "no sidebar: 1408 px of column"


def test_the_next_visit_draws_its_charts_once_at_the_remembered_width(app_server, sized):
    phone = sized(390, 844)
    phone_height = _open(phone, f"{app_server.url}/").evaluate("window.__heights.at(-1)")
    desktop = sized(1440, 900)
    desktop_height = _open(desktop, f"{app_server.url}/").evaluate("window.__heights.at(-1)")
    assert phone_height != desktop_height, "the two layouts are told apart by the first chart's height"
    again = _open(desktop, f"{app_server.url}/")  # the cookie from the first visit is sent with this one
    assert again.evaluate("window.__heights") == [desktop_height], "drawn once, never at the phone's layout"
    assert not again.errors


@pytest.mark.parametrize("cookie", ["99999", "<script>alert(1)</script>", "-1", "960px"])
def test_a_cookie_holding_anything_else_is_ignored(app_server, sized, cookie):
    """A cookie the app did not write is not a width: the page works and lays charts out for the phone it is
    on (tests/app/test_viewport.py checks that the first run ignores it)."""
    phone = sized(390, 844, cookie=cookie, url=app_server.url)
    page = _open(phone, f"{app_server.url}/")
    assert _layout(phone) == "330"
    assert len(page.evaluate("window.__heights")) == 1, "drawn once, at a phone's layout"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not page.errors
