"""Waiting for a Streamlit script run in a real browser, without the two races that made CI flaky.

1. The app starts in the "notRunning" state, before its websocket has asked for the first run, so
   waiting for that state alone can return before anything was drawn: wait for the main block to hold
   an element the script sent, then for the run to finish.
2. One Plotly chart draws two or three `svg.main-svg` layers, so counting SVGs over-counts charts:
   count the `.js-plotly-plot` containers that drew one.
"""

from __future__ import annotations

READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
SCRIPT_SENT = '[data-testid="stMain"] [data-testid="stElementContainer"]'
DRAWN_PLOTS = ("n => [...document.querySelectorAll('.js-plotly-plot')]"
               ".filter(p => p.querySelector('svg.main-svg')).length >= n")


def wait_for_run(page, plots: int = 0, timeout: float = 60_000) -> None:
    """Wait until a script run delivered content and finished, and `plots` Plotly charts have drawn."""
    page.wait_for_selector(SCRIPT_SENT, state="attached", timeout=timeout)
    page.wait_for_selector(READY, timeout=timeout)
    if plots:
        page.wait_for_function(DRAWN_PLOTS, arg=plots, timeout=timeout)
        page.wait_for_selector(READY, timeout=timeout)
