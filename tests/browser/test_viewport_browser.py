"""Charts are laid out for the width of the reader's window (dashboard/app/viewport.py), measured in a real
browser: wider layouts on wider windows, the choice kept in a cookie so the next visit draws the charts once,
and a cookie holding anything else ignored."""

from __future__ import annotations

import pytest

from browser_support import wait_for_run
from dashboard.app.viewport import COOKIE

# The height of the first chart each time it is drawn: a chart laid out again for another width is drawn again
RECORD_DRAWS = """
window.__heights = [];
new MutationObserver(() => {
  const svg = document.querySelector('.js-plotly-plot svg.main-svg');
  const h = svg && svg.getAttribute('height');
  if (h && window.__heights[window.__heights.length - 1] !== h) window.__heights.push(h);
}).observe(document, {childList: true, subtree: true, attributes: true, attributeFilter: ['height']});
"""


def _open(context, url: str) -> tuple:
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    wait_for_run(page, plots=1)
    return page, errors


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


def test_charts_take_the_layout_that_fits_the_window(app_server, sized):
    phone = sized(390, 844)
    page, errors = _open(phone, f"{app_server.url}/timeline")
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=')")
    assert _layout(phone) == "330"
    phone_lines = _title_lines(page)

    desktop = sized(1440, 900)
    page, more = _open(desktop, f"{app_server.url}/timeline")
    # the main column at 1440 px beside the sidebar: 980 px, 948 px of drawing width
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=960')")
    page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot')[0]"
                           "?.querySelectorAll('.gtitle tspan.line').length < n", arg=phone_lines, timeout=30_000)
    assert phone_lines >= 2 and _title_lines(page) < phone_lines
    assert not errors and not more


def test_the_next_visit_draws_its_charts_once_at_the_remembered_width(app_server, sized):
    desktop = sized(1440, 900)
    first, _ = _open(desktop, f"{app_server.url}/")
    first.wait_for_function(f"() => document.cookie.includes('{COOKIE}=960')")
    again, errors = _open(desktop, f"{app_server.url}/")
    again.wait_for_timeout(1500)  # time for a second layout, if one were coming
    assert len(again.evaluate("window.__heights")) == 1, again.evaluate("window.__heights")
    assert not errors


@pytest.mark.parametrize("cookie", ["99999", "<script>alert(1)</script>", "-1", "960px"])
def test_a_cookie_holding_anything_else_is_ignored(app_server, sized, cookie):
    phone = sized(390, 844, cookie=cookie, url=app_server.url)
    page, errors = _open(phone, f"{app_server.url}/")
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=330')")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not errors
