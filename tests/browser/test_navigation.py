"""issue 14, section 3: every navigation updates the address bar; Back, Forward and reload follow it;
"Read it in the article" scrolls the reader to the passage and marks it unmistakably."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(ROOT / "data", root=ROOT))


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def query(page) -> dict:
    return query_of(page.url)


def heading(page, expect: str | None = None, timeout: float = 20.0) -> str:
    """The record's heading; with `expect`, waits (up to `timeout` s) for the rerun that draws it, since a
    loaded machine can report the page ready a moment before the new record replaces the old one."""
    import time

    deadline = time.monotonic() + timeout
    text = page.locator('[data-testid="stMain"] h3').first.inner_text()
    while expect is not None and text != expect and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        text = page.locator('[data-testid="stMain"] h3').first.inner_text()
    return text


def settle(browse) -> None:
    browse.wait_ready()


def test_detail_to_detail_link_updates_the_url(app_server, browse, frames):
    """Bad case before the fix: the address bar stayed on the first event, reload showed it, Back left the app."""
    page = browse.page
    first = frames.events.iloc[len(frames.events) // 2]
    browse.visit(f"{app_server.url}/event?id={first['id']}")
    assert heading(page) == first["notes"]
    related = page.locator('[data-testid="stPageLink"] a[href*="event?id="]').last
    target = parse_qs(urlsplit(related.get_attribute("href")).query)["id"][0]
    assert target != first["id"]
    second = frames.events.set_index("id").loc[target]
    related.click()
    page.wait_for_url(lambda url: query_of(url).get("id") == target)
    settle(browse)
    assert heading(page) == second["notes"]

    page.reload()
    settle(browse)
    assert query(page) == {"id": target} and heading(page) == second["notes"], "reload shows the new record"

    page.go_back()
    page.wait_for_url(lambda url: query_of(url).get("id") == first["id"])
    settle(browse)
    assert heading(page, first["notes"]) == first["notes"], "Back returns to the previous record"

    page.go_forward()
    page.wait_for_url(lambda url: query_of(url).get("id") == target)
    settle(browse)
    assert heading(page, second["notes"]) == second["notes"], "Forward works"
    browse.assert_clean()


def test_page_to_page_links_update_the_url(app_server, browse, frames):
    """From the reader's list to a record and back: each step is one history entry."""
    page = browse.page
    sid = frames.sources["id"].iloc[0]
    browse.visit(f"{app_server.url}/sources?id={sid}")
    link = page.locator('[data-testid="stPageLink"] a[href*="event?id="]').first
    target = query_of(link.get_attribute("href"))["id"]
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/event" and query_of(url).get("id") == target)
    settle(browse)
    page.go_back()
    page.wait_for_url(lambda url: urlsplit(url).path == "/sources")
    settle(browse)
    assert query(page) == {"id": sid}
    browse.assert_clean()


def rgb(css: str) -> tuple[int, ...]:
    return tuple(int(float(x)) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def distance(a, b) -> float:
    return sum((x - y) ** 2 for x, y in zip(a, b)) ** 0.5


def test_read_it_in_the_article_scrolls_to_and_marks_the_passage(app_server, browse, frames):
    page = browse.page
    # a citation far down its article, so "at the top" and "at the passage" differ
    c = frames.citations.sort_values(["start", "record_kind", "record_id"], kind="stable").iloc[-1]
    browse.visit(f"{app_server.url}/{c['record_kind']}?id={c['record_id']}")
    wanted = f"sources?id={c['source_id']}&at={c['start']}"
    # the run can be reported finished a moment before React has drawn every element: wait for the link
    read = page.locator(f'[data-testid="stPageLink"] a[href="{wanted}"]', has_text="Read it in the article")
    read.first.wait_for(timeout=30_000)
    read.first.click()
    page.wait_for_url(lambda url: urlsplit(url).path == "/sources")
    focus = page.locator(".st-key-reader-focus")
    focus.wait_for()
    settle(browse)
    page.wait_for_timeout(700)  # the second, settling scroll
    assert query(page) == {"id": c["source_id"], "at": str(c["start"])}
    box = page.evaluate("""() => {
        const r = document.querySelector('.st-key-reader-focus').getBoundingClientRect();
        const main = document.querySelector('[data-testid="stMain"]');
        return {top: r.top, bottom: r.bottom, height: window.innerHeight, scrolled: main.scrollTop + window.scrollY};
    }""")
    assert box["scrolled"] > 0 and 0 <= box["top"] and box["bottom"] <= box["height"], box
    assert focus.locator("strong").count() >= 1
    assert c["quote"][:40] in focus.inner_text()
    assert "You came from this passage" in focus.inner_text()
    styles = page.evaluate("""() => {
        const f = document.querySelector('.st-key-reader-focus');
        const mark = getComputedStyle(f.querySelector('strong'));
        const other = [...document.querySelectorAll('[data-testid="stMarkdownContainer"] span')]
            .filter(s => !f.contains(s)).map(s => getComputedStyle(s).backgroundColor)
            .filter(c => c !== 'rgba(0, 0, 0, 0)');
        return {mark: mark.backgroundColor, outline: mark.outlineStyle + ' ' + mark.outlineWidth,
                border: getComputedStyle(f).borderLeftStyle + ' ' + getComputedStyle(f).borderLeftWidth, other};
    }""")
    ordinary = max(set(styles["other"]), key=styles["other"].count)  # the usual highlight tint
    assert distance(rgb(styles["mark"]), rgb(ordinary)) > 150, styles  # was 7.1 (255,241,242 vs 255,246,237); now 220
    assert styles["outline"].startswith("solid") and styles["border"] == "solid 6px", styles
    browse.assert_clean()
    browse.screenshot("reader-focus")


def test_reader_without_a_passage_opens_at_the_top(app_server, browse, frames):
    browse.visit(f"{app_server.url}/sources?id={frames.sources['id'].iloc[0]}&at=not-a-number")
    page = browse.page
    assert page.locator(".st-key-reader-focus").count() == 0
    assert page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollTop") == 0
    assert query(page) == {"id": frames.sources["id"].iloc[0]}, "an `at` that names no passage leaves the URL"


def test_overview_by_its_page_id_lands_on_the_overview(app_server, browse):
    """issue 22, bad case before the fix: `/overview` opened Streamlit's "Page not found" dialog, because the
    default page is served at "/" only. The alias keeps the filters and settles on "/"."""
    page = browse.page
    browse.visit(f"{app_server.url}/overview?theatre=gaza")
    page.wait_for_url(lambda u: urlsplit(u).path == "/", timeout=20_000)
    browse.wait_ready()
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Ceasefire Monitor"
    assert "Page not found" not in page.content()
    assert query(page).get("theatre") == "gaza"
    browse.assert_clean()


def test_back_back_from_the_article_leaves_no_record_id_on_the_overview(app_server, browse):
    """issue 22, bad case before the fix: overview -> a chart mark -> its record -> "Read it in the article" ->
    Back -> Back left `/?id=<record id>` in the address bar. st.switch_page (a click on a mark) writes the record's
    query string on the overview before switching, which pushes that entry; the overview now drops it."""
    page = browse.page
    browse.visit(app_server.url + "/", charts=3)
    plot = page.locator(".js-plotly-plot").first
    plot.locator("g.trace path.point").first.click(force=True)  # the first mark of the first chart
    page.wait_for_url(lambda u: urlsplit(u).path != "/" and "id" in query_of(u), timeout=30_000)
    record = urlsplit(page.url).path
    settle(browse)
    read = page.locator('[data-testid="stPageLink"] a', has_text="Read it in the article").first
    read.wait_for(timeout=30_000)
    read.click()
    page.wait_for_url(lambda u: urlsplit(u).path == "/sources")
    settle(browse)
    page.go_back()
    page.wait_for_url(lambda u: urlsplit(u).path == record)
    settle(browse)
    page.go_back()
    page.wait_for_url(lambda u: urlsplit(u).path == "/")
    settle(browse)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('id')", timeout=20_000)
    assert query(page) == {}, page.url
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Ceasefire Monitor"
    browse.assert_clean()


def tab_to(page, text: str, limit: int = 250) -> int:
    """Press Tab until the focused element is a link or button whose text holds `text`; the presses it took.
    Only the keyboard moves the focus (no click, no locator.focus())."""
    for n in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("t => { const a = document.activeElement;"
                         " return ['A', 'BUTTON'].includes(a?.tagName) && a.innerText.includes(t); }", text):
            return n
    raise AssertionError(f"{limit} Tab presses did not reach “{text}”")


def at_path(page, path: str) -> None:
    page.wait_for_function("p => location.pathname === p", arg=path, timeout=30_000)


def test_keyboard_alone_reaches_a_records_sentence_in_the_article(app_server, browse):
    """issue 22: from the overview to a record's quoted sentence in its article with Tab and Enter only: the
    headline tile's link opens the figure, its "Read it in the article" opens the reader at the passage."""
    page = browse.page
    browse.visit(app_server.url + "/", charts=3)
    page.locator("body").evaluate("b => b.focus()")  # start from the top of the document, as a fresh page does
    tab_to(page, "Figure and its source")
    page.keyboard.press("Enter")
    at_path(page, "/figure")  # page.url can miss a pushState that a key press caused: read location itself
    settle(browse)
    rid = query_of(page.evaluate("location.href")).get("id")
    tab_to(page, "Read it in the article")
    page.keyboard.press("Enter")
    at_path(page, "/sources")
    focus = page.locator(".st-key-reader-focus")
    focus.wait_for()
    settle(browse)
    page.wait_for_timeout(700)  # the reader's settling scroll
    box = page.evaluate("""() => { const r = document.querySelector('.st-key-reader-focus').getBoundingClientRect();
        return {top: r.top, bottom: r.bottom, height: window.innerHeight}; }""")
    assert 0 <= box["top"] < box["height"], box  # the passage is on screen
    assert "You came from this passage" in focus.inner_text()
    assert focus.locator("strong").count() >= 1  # the sentence is marked
    assert rid, "the figure page the keyboard opened had a record id"
    browse.assert_clean()
