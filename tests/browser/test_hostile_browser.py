"""A hostile dataset served for real: script tags, event handlers and javascript: links in summaries,
names and verbatim quotes must show as literal text and never run (tests/fixtures/hostile)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset
from browser_support import wait_for_run

HOSTILE_DATA = ROOT / "tests" / "fixtures" / "hostile" / "data"  # served by the hostile_server fixture

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
LINK = "[click](javascript:window.__xss=1)"
PAGES = {"overview": ("", 3), "timeline": ("timeline", 5), "compare": ("compare", 2), "sources": ("sources", 0),
         "data": ("data", 0), "about": ("about", 0), "briefing": ("?briefing=1&chart=all", 7)}
KINDS = {"event": "events", "figure": "figures", "source": "sources", "phase": "phases", "comparison": "comparisons"}


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(HOSTILE_DATA))


def shown_as(text: str) -> str:
    """How the app prints data text: whitespace collapsed; control and bidi characters (e.g. U+202E) as U+FFFD."""
    return " ".join("".join(ch if ch.isprintable() or ch.isspace() else "\ufffd" for ch in str(text)).split())


def assert_inert(browse) -> None:
    page = browse.page
    browse.assert_clean()
    assert page.evaluate("typeof window.__xss") == "undefined", "a payload ran"
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("script").count() == 0
    assert main.locator('img[src="x"], iframe, svg[onload], [onerror]').count() == 0
    assert page.locator('a[href^="javascript" i]').count() == 0


def hover_marks(browse, limit: int = 6) -> None:
    """Show a few hover labels: their text comes from the data too."""
    points = browse.page.locator(".js-plotly-plot path.point")
    for i in range(min(points.count(), limit)):
        box = points.nth(i).bounding_box()
        if box:
            browse.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            browse.page.wait_for_timeout(120)


@pytest.mark.parametrize("name", list(PAGES))
def test_hostile_page_is_inert(hostile_server, browse, name):
    path, charts = PAGES[name]
    browse.visit(f"{hostile_server.url}/{path}", charts=charts)
    if charts:
        hover_marks(browse)
    assert_inert(browse)
    text = browse.text()
    if name == "overview":
        assert f"Strikes {SCRIPT} in Khan Younis" in text
    if name == "sources":
        assert SCRIPT in text and IMG in text and LINK in text, "the article shows its hostile text literally"
        assert f"Ceasefire takes effect {LINK}" in text, "record links show their titles literally"
    if name == "compare":
        assert f"Gaza enforcement {SCRIPT} {LINK}" in text
    if charts:
        svg = browse.page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot text')].map(t => t.textContent).join(' ')")
        assert "<script>" in svg or "<img" in svg, "chart text shows the payload literally"
        assert "&lt;" not in svg, "no double escaping"
    browse.screenshot(f"hostile-{name}")


@pytest.mark.parametrize("kind", list(KINDS))
def test_hostile_permalinks_show_text_literally(hostile_server, browse, frames, kind):
    df = getattr(frames, KINDS[kind])
    for rid in dict.fromkeys([df["id"].iloc[0], df["id"].iloc[-1]]):
        browse.visit(f"{hostile_server.url}/{kind}?id={rid}")
        assert_inert(browse)
        text = browse.text()
        row = df[df["id"] == rid].iloc[0]
        shown = {"event": "notes", "figure": "subject", "source": "title", "phase": "name", "comparison": "summary"}[kind]
        assert shown_as(row[shown]) in text
        for q in frames.citations[(frames.citations["record_kind"] == kind) & (frames.citations["record_id"] == rid)]["quote"]:
            assert shown_as(q) in text
    browse.screenshot(f"hostile-permalink-{kind}")


def test_hostile_ids_in_the_url(hostile_server, browse):
    for url in (f"/event?id={SCRIPT}", "/figure?id=%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D1%3E",
                "/sources?id=[x](javascript:window.__xss=1)&at=<svg/onload=window.__xss=1>",
                "/timeline?theatre=<script>window.__xss=1</script>&from=<b>&actor=%00%01",
                "/?briefing=1&chart=<img/src/onerror=window.__xss=1>"):
        browse.visit(f"{hostile_server.url}{url}")
        assert_inert(browse)
    browse.screenshot("hostile-url-params")


# --------------------------------------------------------------------------- no link, code, math or icon from text

PLANTED_URLS = ["/event?id=Record moved: see https://evil.example/login", "/event?id=www.evil.example",
                "/event?id=a@b.example", "/figure?id=mailto:a@b.example", "/source?id=x%0A%0A%20%20%20%20code",
                "/phase?id=$x^2$ :red[red] :material/home:", "/sources?id=https://evil.example&at=1"]
LIVE = {"links": "a", "code": "code, pre", "math": ".katex", "markup": "strong, em, h1, h2, h3, h4, li, blockquote",
        "icons": '[data-testid="stMarkdownContainer"] [role="img"]'}  # :material/x: shortcodes


def sink_counts(scope) -> dict:
    return {name: scope.locator(selector).count() for name, selector in LIVE.items()}


def test_planted_urls_render_no_link(app_server, browse):
    """issue 11 class 6: an id that contains a URL, www. address or e-mail address is shown as text."""
    page = browse.page
    for url in PLANTED_URLS:
        browse.visit(f"{app_server.url}{url}")
        browse.assert_clean()
        alert = page.locator('[data-testid="stAlert"]')
        assert alert.count() == 1, url
        assert sink_counts(alert) == dict.fromkeys(LIVE, 0), (url, sink_counts(alert))
        hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
        assert {urlsplit(h)[:2] for h in hrefs} == {tuple(urlsplit(app_server.url)[:2])}, (url, hrefs)  # own pages only
        shown = alert.inner_text().replace("\u2060", "")
        if "evil.example/login" in url:
            assert "Record moved: see https://evil.example/login" in shown, "the id is shown, literally"


def test_every_sink_shows_payloads_literally(probe_server, browse):
    """Each payload through st.markdown, st.caption, st.warning, page_link labels and Plotly text."""
    from sink_payloads import PAYLOADS, TEMPLATE

    from dashboard.conventions.safe_text import clean

    page = browse.page
    browse.visit(f"{probe_server.url}/?mode=safe", charts=1)
    browse.assert_clean()
    for i, text in enumerate(PAYLOADS):
        box = page.locator(f".st-key-md-{i}")
        assert sink_counts(box) == dict.fromkeys(LIVE, 0), (text, sink_counts(box))
        for shown in box.locator('[data-testid="stMarkdownContainer"]').all_inner_texts():
            assert clean(text).strip() in shown.replace("\u2060", ""), (text, shown)
    labels = page.locator(".st-key-link-labels")
    assert labels.locator('[data-testid="stPageLink"]').count() == 4
    assert labels.locator("a a, a code, a .katex").count() == 0
    assert all(h.startswith(probe_server.url) for h in labels.locator("a").evaluate_all("els => els.map(e => e.href)"))
    chart = page.locator(".js-plotly-plot")
    assert chart.locator("a").count() == 0
    svg = chart.evaluate("el => [...el.querySelectorAll('text')].map(t => t.textContent).join('\\n')")
    for literal in ("100% %{x} %{customdata[0]}", "$E=mc^2$", "line<br>break", "<b>html</b> &amp;"):
        assert literal in svg, (literal, svg[:2000])
    mark = chart.locator("path.point").nth(PAYLOADS.index(TEMPLATE))
    mark.scroll_into_view_if_needed()
    point = mark.bounding_box()
    page.mouse.move(point["x"] + point["width"] / 2, point["y"] + point["height"] / 2)
    page.wait_for_selector(".hoverlayer .hovertext")
    hover = page.locator(".hoverlayer .hovertext").evaluate("g => g.textContent")
    assert hover == TEMPLATE, ("no template field is filled in", hover)


def test_backslash_escaping_alone_plants_links(probe_server, browse):
    """The bad case: the old rule (backslash-escape every punctuation character) still let the autolinker
    and the icon shortcodes through, so the check above can see them."""
    from sink_payloads import PAYLOADS

    browse.visit(f"{probe_server.url}/?mode=escaped")
    counts = {text: sink_counts(browse.page.locator(f".st-key-md-{i}")) for i, text in enumerate(PAYLOADS)}
    assert counts["Record moved: see https://evil.example/login"]["links"] == 3  # markdown, caption, warning
    assert counts["www.evil.example"]["links"] == 3 and counts["a@b.example"]["links"] == 3
    assert counts[":red[red] :material/home: :smile:"]["icons"] > 0


# --------------------------------------------------------------------------- nothing leaves the machine

def outside_requests(context, base: str, paths: list[str]) -> list[str]:
    """Open each path in a fresh page and return every request to a host other than the app's own
    (blocked, so nothing actually leaves the machine)."""
    own = urlsplit(base).netloc
    seen: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).netloc == own or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            seen.append(route.request.url)
            route.abort()

    page = context.new_page()
    page.route("**/*", guard)
    try:
        for path in paths:
            page.goto(f"{base}{path}")
            wait_for_run(page)
            page.wait_for_timeout(1500)  # favicon, fonts and images load after the script run
    finally:
        page.close()
    return seen


def test_page_views_request_only_the_app_itself(browser, app_server):
    """issue 11 class 8: overview, timeline, a detail page and the reader load nothing from outside hosts,
    and the favicon is the app's own file."""
    ctx = browser.new_context()  # no cache: every request a first visit makes is seen
    try:
        ev = "/event?id=" + build_frames(load_dataset(ROOT / "data", root=ROOT)).events["id"].iloc[0]
        assert outside_requests(ctx, app_server.url, ["/", "/timeline", ev, "/sources"]) == []
        page = ctx.new_page()
        page.goto(f"{app_server.url}/")
        wait_for_run(page)
        icon = page.eval_on_selector("link[rel~='icon']", "l => l.href")
        assert urlsplit(icon).netloc == urlsplit(app_server.url).netloc and "/media/" in icon, icon
        page.close()
    finally:
        ctx.close()


def test_material_page_icon_is_fetched_from_outside(browser, probe_server):
    """The bad case: a `:material/...` page icon makes the browser ask fonts.gstatic.com."""
    ctx = browser.new_context()
    try:
        seen = outside_requests(ctx, probe_server.url, ["/?icon=material"])
    finally:
        ctx.close()
    assert any("fonts.gstatic.com" in u for u in seen), seen
