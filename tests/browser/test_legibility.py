"""Every chart, at 1440x900 and 390x844, in the app and alone in briefing mode, measured in a real browser;
and every page and the whole briefing at 1280x800 and 768x1024, where charts get the layouts between a
phone's and a wide screen's (dashboard/app/viewport.py picks the layout from the window's width); and each
chart alone in briefing mode at 1280x720 and 1920x1080, where the whole chart must fit the window.

For each Plotly figure the check takes the box of every visible SVG `text` element
(getBoundingClientRect) and fails on: two texts overlapping, a text cut at the figure's edge, an
ellipsis, a legend that needs a scrollbar, the toolbar covering the title, a footer under 11 px, and (on
a phone) a plot squeezed narrower than most of the figure. One server, one browser context per size,
a page load per view: a few minutes in all.
"""

from __future__ import annotations

import json

import pytest

from dashboard.app.viewport import COOKIE
from dashboard.charts import CHARTS, SLIDES
from browser_support import LAYOUT_SETTLED, wait_for_run

SIZES = {"desktop": (1440, 900), "phone": (390, 844)}
# slide-sized windows: each chart alone in briefing mode must fit whole (axis and footer included), unscrolled
SLIDE_SIZES = {"slide720": (1280, 720), "slide1080": (1920, 1080)}
BETWEEN = {"laptop": (1280, 800), "tablet": (768, 1024)}
# the layout width each of those gets (dashboard/app/viewport.py), so the layouts between a phone's and a wide
# screen's are the ones measured: the laptop's column beside the sidebar, briefing's without it
BETWEEN_LAYOUT = {("laptop", "app"): "800", ("laptop", "briefing"): "960", ("tablet", "app"): "640",
                  ("tablet", "briefing"): "640"}
APP_PAGES = {"overview": ("", ("hostages", "control", "deaths")),
             "timeline": ("timeline", ("timeline", "deaths", "hostages", "control", "releases")),
             "compare": ("compare", ("compare-days", "enforcement"))}
TOLERANCE = 1.5  # px: anti-aliasing and sub-pixel rounding

MEASURE = """
(tol) => {
  const out = [];
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  for (const [n, plot] of plots.entries()) {
    const fig = plot.getBoundingClientRect();
    const problems = [];
    const boxes = [];
    for (const el of plot.querySelectorAll('svg.main-svg text')) {
      if (el.closest('.hoverlayer')) continue;
      const text = (el.textContent || '').trim();
      if (!text) continue;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || st.display === 'none' || st.opacity === '0') continue;
      const r = el.getBoundingClientRect();
      if (r.width < 0.5 || r.height < 0.5) continue;
      boxes.push({text: text.slice(0, 60), l: r.left, t: r.top, r: r.right, b: r.bottom,
                   size: parseFloat(st.fontSize), footer: text.includes('Ceasefire Monitor dataset')});
      if (text.includes('…')) problems.push(`ellipsis: "${text.slice(0, 60)}"`);
      if (r.left < fig.left - tol || r.right > fig.right + tol || r.top < fig.top - tol || r.bottom > fig.bottom + tol)
        problems.push(`cut at the edge: "${text.slice(0, 60)}" [${Math.round(r.left - fig.left)}..${Math.round(r.right - fig.left)} of ${Math.round(fig.width)}]`);
    }
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = Math.min(a.r, b.r) - Math.max(a.l, b.l), h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > tol && h > tol) problems.push(`overlap: "${a.text}" / "${b.text}" (${Math.round(w)}x${Math.round(h)} px)`);
    }
    for (const bar of plot.querySelectorAll('.legend rect.scrollbar')) {
      const r = bar.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) problems.push('legend needs a scrollbar');
    }
    const title = plot.querySelector('.gtitle');
    const modebar = plot.querySelector('.modebar');
    if (title && modebar) {
      const a = title.getBoundingClientRect(), b = modebar.getBoundingClientRect();
      if (b.width > 0 && Math.min(a.right, b.right) - Math.max(a.left, b.left) > tol &&
          Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > tol)
        problems.push(`the toolbar covers the title (title ${Math.round(a.left)},${Math.round(a.top)}-${Math.round(a.right)},${Math.round(a.bottom)}; toolbar ${Math.round(b.left)},${Math.round(b.top)}-${Math.round(b.right)},${Math.round(b.bottom)})`);
    }
    const footer = boxes.filter(b => b.footer);
    const bg = plot.querySelector('.cartesianlayer .bg, .draglayer .nsewdrag');
    out.push({n, width: fig.width, top: fig.top + window.scrollY, bottom: fig.bottom + window.scrollY,
              viewHeight: window.innerHeight, plotWidth: bg ? bg.getBoundingClientRect().width : null, texts: boxes.length,
              footerPx: footer.length ? Math.min(...footer.map(b => b.size)) : null, problems});
  }
  return out;
}
"""


def _views():
    for size in SIZES:
        for page, (path, charts) in APP_PAGES.items():
            yield pytest.param(size, f"/{path}", charts, "app", id=f"{size}-app-{page}")
        for cid in SLIDES:
            yield pytest.param(size, f"/?briefing=1&chart={cid}", (cid,), "briefing", id=f"{size}-briefing-{cid}")
        yield pytest.param(size, "/?briefing=1&chart=all", tuple(SLIDES), "briefing", id=f"{size}-briefing-all")
    for size in BETWEEN:
        for page, (path, charts) in APP_PAGES.items():
            yield pytest.param(size, f"/{path}", charts, "app", id=f"{size}-app-{page}")
        yield pytest.param(size, "/?briefing=1&chart=all", tuple(SLIDES), "briefing", id=f"{size}-briefing-all")
    for size in SLIDE_SIZES:
        # every slide (charts.SLIDES: a chart too tall for one is split into parts, charts.VIEWS), and a split
        # chart's own id, which opens its first slide
        for cid in dict.fromkeys([*SLIDES, *CHARTS]):
            reason = SLIDE_OVERFLOW.get((size, cid))
            marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
            yield pytest.param(size, f"/?briefing=1&chart={cid}", (cid,), "briefing", id=f"{size}-briefing-{cid}",
                               marks=marks)


# Views whose chart cannot shrink to the window without text or marks colliding: the slide layout gives them the
# least height they need (layout.min_plot_px), still taller than the window. The fit is asserted all the same and
# they are reported as expected failures (not strict: a denser chart that fits passes), keyed (size, view) with the
# height measured. None now: deaths, enforcement and compare-days fit since they became slides of their own
# (charts.VIEWS) and slides got denser; the timeline since it became two slides (timeline-main, timeline-other) drawn
# with thinner rows and counted bars for events known only to the same window.
SLIDE_OVERFLOW: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def sized(browser):
    contexts = {name: browser.new_context(viewport={"width": w, "height": h})
                for name, (w, h) in {**SIZES, **BETWEEN, **SLIDE_SIZES}.items()}
    yield contexts
    for c in contexts.values():
        c.close()


@pytest.mark.parametrize("size,path,charts,mode", list(_views()))
def test_every_text_box_is_legible(app_server, sized, size, path, charts, mode):
    page = sized[size].new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(app_server.url + path)
        wait_for_run(page)
        # the charts laid out for this window's width (a first visit draws a phone's layout, then reruns)
        page.wait_for_selector(LAYOUT_SETTLED, state="attached", timeout=60_000)
        wait_for_run(page)
        page.wait_for_function(
            "n => { const p = [...document.querySelectorAll('.js-plotly-plot')];"
            " return p.length >= n && p.every(x => x.querySelector('svg.main-svg .gtitle')); }",
            arg=len(charts), timeout=60_000)
        page.wait_for_timeout(600)  # plotly finishes its second layout pass (legends, automargins)
        results = page.evaluate(MEASURE, TOLERANCE)
    finally:
        page.close()
    assert not errors, errors
    if size in BETWEEN:
        layout = next(c["value"] for c in sized[size].cookies() if c["name"] == COOKIE)
        assert layout == BETWEEN_LAYOUT[size, mode], (size, mode, layout)
    assert len(results) == len(charts), (len(results), charts)
    problems = {charts[r["n"]]: r["problems"] for r in results if r["problems"]}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
    for r in results:
        assert r["texts"] > 5, "the figure drew its text"
        if size in SLIDE_SIZES:  # the whole chart in the window: nothing below the fold
            assert r["bottom"] <= r["viewHeight"] + TOLERANCE, (
                f"{charts[r['n']]}: {round(r['bottom'] - r['top'])} px tall, ends at {round(r['bottom'])} px in a "
                f"{r['viewHeight']} px window")
        if mode == "briefing" and size == "desktop":
            assert r["footerPx"] is not None and r["footerPx"] >= 11, r
        if size == "phone" and r["plotWidth"] is not None:
            assert r["plotWidth"] >= 0.8 * r["width"], f"{charts[r['n']]}: the plot keeps its width on a phone ({r})"


def test_briefing_has_a_visible_way_back(app_server, sized):
    page = sized["phone"].new_page()
    try:
        page.goto(app_server.url + "/?briefing=1&chart=control")
        wait_for_run(page)
        button = page.get_by_role("button", name="Back to the full app")
        button.wait_for(state="visible", timeout=30_000)
        button.click()
        page.wait_for_function("() => !location.search.includes('briefing')", timeout=30_000)
        wait_for_run(page)
        page.wait_for_selector("h1", timeout=30_000)
    finally:
        page.close()
