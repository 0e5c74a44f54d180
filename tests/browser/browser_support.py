"""Waiting for a Streamlit script run in a real browser, without the two races that made CI flaky.

1. The app starts in the "notRunning" state, before its websocket has asked for the first run, so
   waiting for that state alone can return before anything was drawn: wait for the main block to hold
   an element the script sent, then for the run to finish.
2. One Plotly chart draws two or three `svg.main-svg` layers, so counting SVGs over-counts charts:
   count the `.js-plotly-plot` containers that drew one.
3. The run is reported finished a moment before React has drawn every element it sent (a long detail
   page was read with half its links): wait until the page has not changed for QUIET_MS.
"""

from __future__ import annotations

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SCRIPT_SENT = '[data-testid="stMain"] [data-testid="stElementContainer"]'
QUIET_MS = 300
WATCH_DOM = """() => { window.__lastChange = performance.now();
  if (!window.__watching) { window.__watching = true;
    new MutationObserver(() => { window.__lastChange = performance.now(); })
      .observe(document.body, {childList: true, subtree: true, characterData: true}); } }"""
DOM_QUIET = "ms => performance.now() - window.__lastChange > ms"
# The charts of this run have the width the browser measured (dashboard/app/viewport.py marks it)
LAYOUT_SETTLED = '.st-key-cm-viewport [data-layout="settled"]'
DRAWN_PLOTS = ("n => [...document.querySelectorAll('.js-plotly-plot')]"
               ".filter(p => p.querySelector('svg.main-svg')).length >= n")


def wait_for_run(page, plots: int = 0, timeout: float = 60_000) -> None:
    """Wait until a script run delivered content and finished, `plots` Plotly charts have drawn, and the page
    has settled."""
    page.wait_for_selector(SCRIPT_SENT, state="attached", timeout=timeout)
    page.wait_for_selector(READY, timeout=timeout)
    if plots:
        page.wait_for_function(DRAWN_PLOTS, arg=plots, timeout=timeout)
        page.wait_for_selector(READY, timeout=timeout)
    page.evaluate(WATCH_DOM)
    page.wait_for_function(DOM_QUIET, arg=QUIET_MS, timeout=timeout, polling=50)
    page.wait_for_selector(READY, timeout=timeout)
