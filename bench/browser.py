"""Headless Chromium timings: navigation to first Plotly chart, and widget change to charts redrawn."""

from __future__ import annotations

import time

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}

# Installed before any page script runs: records when the first chart's SVG appears (ms since navigation
# start) and when the DOM last changed.
INIT_JS = """
(() => {
  if (window.__bench) return;
  window.__bench = true;
  const obs = new MutationObserver(() => {
    window.__lastMut = performance.now();
    if (window.__firstChart === undefined && document.querySelector('.js-plotly-plot .main-svg'))
      window.__firstChart = performance.now();
  });
  obs.observe(document, {childList: true, subtree: true});
})();
"""

# Records the time of the last DOM change inside any Plotly chart.
WATCH_PLOTS_JS = """
() => {
  window.__lastPlot = 0;
  new MutationObserver(ms => {
    for (const m of ms) {
      let t = m.target;
      if (t.nodeType !== 1) t = t.parentElement;
      const inside = t && t.closest && t.closest('.js-plotly-plot');
      const added = [...m.addedNodes].some(n => n.nodeType === 1 && (n.matches('.js-plotly-plot') || n.querySelector('.js-plotly-plot')));
      if (inside || added) { window.__lastPlot = performance.now(); return; }
    }
  }).observe(document.body, {childList: true, subtree: true, attributes: true, characterData: true});
}
"""

# `n` drawn charts: each chart draws two or three `.main-svg` layers, so layers would count one chart as several.
SETTLED_JS = """
(n) => [...document.querySelectorAll('.js-plotly-plot')].filter(p => p.querySelector('.main-svg')).length >= n
       && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
       && performance.now() - (window.__lastMut || 0) > 400
"""

REDRAWN_JS = """
(t0) => window.__lastPlot > t0
        && document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
        && performance.now() - window.__lastPlot > 400
"""


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)


def first_chart_ms(browser, url: str, timeout_s: float = 90) -> float:
    """A fresh browser context (no cache, new session): navigation start to the first chart drawn."""
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        ctx.add_init_script(INIT_JS)
        page = ctx.new_page()
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function("() => window.__firstChart !== undefined", timeout=timeout_s * 1000, polling=20)
        return float(page.evaluate("() => window.__firstChart"))
    finally:
        ctx.close()


def interaction_ms(browser, url: str, n_charts: int, click_text: str, in_sidebar: bool,
                   timeout_s: float = 90) -> float:
    """Open `url`, wait until its `n_charts` charts are drawn and the app is idle, click the widget option
    `click_text`, and time until the rerun has finished and the charts stopped changing (ms)."""
    ctx = browser.new_context(viewport=VIEWPORT)
    try:
        ctx.add_init_script(INIT_JS)
        page = ctx.new_page()
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_function(SETTLED_JS, arg=n_charts, timeout=timeout_s * 1000, polling=50)
        page.evaluate(WATCH_PLOTS_JS)
        scope = page.locator('[data-testid="stSidebar"]') if in_sidebar else page
        target = scope.get_by_text(click_text, exact=True)
        target.wait_for(timeout=timeout_s * 1000)
        t0 = float(page.evaluate("() => performance.now()"))
        target.click()
        page.wait_for_function(REDRAWN_JS, arg=t0, timeout=timeout_s * 1000, polling=20)
        return float(page.evaluate("() => window.__lastPlot")) - t0
    finally:
        ctx.close()


def wall_first_chart(browser, url: str, timeout_s: float = 120) -> tuple[float, float]:
    """(monotonic time when navigation was issued, ms to first chart): for cold-start timing."""
    t_nav = time.monotonic()
    return t_nav, first_chart_ms(browser, url, timeout_s)
