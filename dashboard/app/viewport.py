"""The width charts are laid out for, measured in the reader's browser.

Plotly never wraps text, so every chart is laid out server-side for one drawing width (charts.layout.for_width).
The server does not learn the screen's width by itself: a phone layout drawn on a desktop leaves wide empty
bands where a phone's legend would wrap, and a desktop layout on a phone runs off the screen. So a tiny
component in the main column measures its width and reports the widest layout that fits; charts are then
laid out for it. It also keeps the choice in a cookie, so the next visit's first run already knows it and
the charts are drawn once, at the right size. Until a width is known, charts fit a phone.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts.layout import MARGIN_L, MARGIN_R, PHONE_PLOT_PX

# The layouts a chart can get, narrowest first: a small set keeps the chart cache small and a resize from
# re-laying charts out for every pixel. 330 is a phone (390 px screen), 960 the main column at 1440 px.
LAYOUT_WIDTHS = (PHONE_PLOT_PX, 480, 640, 800, 960, 1280)
COOKIE = "cm_plot_px"  # holds one of LAYOUT_WIDTHS and nothing else
STATE_KEY = "chart-plot-px"  # the width this session's charts are laid out for
HEIGHT_KEY = "chart-view-h"  # briefing mode: the window's height, a multiple of STEP
SLIDE_KEY = "chart-view-w"  # briefing mode: the column's drawing width, a multiple of STEP
STEP = 60  # a resize re-lays slides out only when a size crosses a step
SIZES = range(300, 3841, STEP)  # the window heights and drawing widths accepted from the browser
COMPONENT_KEY = "cm-viewport"  # the component's own state: the browser's latest report

# Reports the widest layout whose drawing width (the column less the figure's side margins) fits the column,
# again whenever the column's width changes (a rotated phone, a resized window, the sidebar closed).
# Streamlit calls this function again on every run whose `data` changed, so the element keeps one watcher;
# within a run it asks for each width once. `data-layout` says whether this run's charts have the measured width
# ("settled") or a rerun for it is on its way ("pending"): the browser tests wait for it.
_JS = """
export default function ({ parentElement, data, setStateValue }) {
  const column = parentElement.closest('[data-testid="stMainBlockContainer"]');
  if (!column) return;
  if (parentElement.__watcher) parentElement.__watcher.disconnect();
  if (parentElement.__onResize) window.removeEventListener("resize", parentElement.__onResize);
  parentElement.__asked = null;  // a new run: the width it has may differ from the one last asked for
  parentElement.__askedH = null;
  parentElement.__askedW = null;
  const report = () => {
    const style = getComputedStyle(column);
    const room = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - data.margins;
    if (!(room > 0)) return;
    let px = data.widths[0];
    for (const w of data.widths) if (w <= room * 1.02) px = w;  // 960 is the layout for 948 px at 1440
    // briefing mode: also the window's height and the column's drawing width (in steps), the size a slide fills
    const h = data.watch_height ? Math.floor(window.innerHeight / data.step) * data.step : null;
    const w = data.watch_height ? Math.floor(room / data.step) * data.step : null;
    const settled = px === data.current && (!data.watch_height || (h === data.view_h && w === data.view_w));
    parentElement.dataset.layout = settled ? "settled" : "pending";
    if (px !== parentElement.__asked) {
      parentElement.__asked = px;
      document.cookie = `${data.cookie}=${px}; path=/; max-age=31536000; SameSite=Lax`;
      if (px !== data.current) setStateValue("plot_px", px);
    }
    if (data.watch_height && h > 0 && h !== parentElement.__askedH) {
      parentElement.__askedH = h;
      if (h !== data.view_h) setStateValue("view_h", h);
    }
    if (data.watch_height && w > 0 && w !== parentElement.__askedW) {
      parentElement.__askedW = w;
      if (w !== data.view_w) setStateValue("view_w", w);
    }
  };
  parentElement.__watcher = new ResizeObserver(report);
  parentElement.__watcher.observe(column);
  parentElement.__onResize = report;
  window.addEventListener("resize", report);
  report();
}
"""

# The measuring element takes no room on the page (no gap above the page title). Written on several lines:
# Streamlit reads a one-line string that looks like a path or glob as a file name.
_CSS = """
.st-key-cm-viewport {
  position: absolute;
  height: 0;
  overflow: hidden;
}
"""


@st.cache_resource(show_spinner=False)
def _component():
    return st.components.v2.component("ceasefire_monitor.viewport", js=_JS, css=_CSS, isolate_styles=False)


def valid(value) -> int | None:
    """A layout width from the browser (component state or cookie): one of LAYOUT_WIDTHS, else None."""
    try:
        px = int(str(value))
    except (TypeError, ValueError):
        return None
    return px if px in LAYOUT_WIDTHS else None


def _cookies():
    return st.context.cookies


def plot_px() -> int:
    """The drawing width charts are laid out for in this session."""
    return st.session_state.get(STATE_KEY) or PHONE_PLOT_PX


def valid_size(value) -> int | None:
    """A window height or drawing width from the browser: one of SIZES, else None."""
    try:
        px = int(str(value))
    except (TypeError, ValueError):
        return None
    return px if px in SIZES else None


def view_size() -> tuple[int | None, int | None]:
    """Briefing mode: (the column's drawing width, the window's height), multiples of STEP; None until reported.
    A slide is laid out for exactly these, not for one of LAYOUT_WIDTHS, so its row labels get the room there is."""
    return st.session_state.get(SLIDE_KEY), st.session_state.get(HEIGHT_KEY)


def measure(watch_height: bool = False) -> None:
    """Set the layout width for this run and mount the measuring component at the top of the main column
    (call it before the page's charts). The width is the browser's latest report; before the first report
    of a session, the cookie from an earlier visit; before either, none (charts fit a phone). `watch_height`
    (briefing mode): the window's height and the column's exact drawing width are reported too (view_size), for
    slides that must fit the window."""
    reported = valid((st.session_state.get(COMPONENT_KEY) or {}).get("plot_px"))
    if reported is None and st.session_state.get(STATE_KEY) is None:
        reported = valid(_cookies().get(COOKIE))
    current = reported or st.session_state.get(STATE_KEY)
    st.session_state[STATE_KEY] = current
    state = st.session_state.get(COMPONENT_KEY) or {}
    view_h = valid_size(state.get("view_h")) or st.session_state.get(HEIGHT_KEY)
    view_w = valid_size(state.get("view_w")) or st.session_state.get(SLIDE_KEY)
    st.session_state[HEIGHT_KEY], st.session_state[SLIDE_KEY] = view_h, view_w
    _component()(key=COMPONENT_KEY, data={"widths": list(LAYOUT_WIDTHS), "margins": MARGIN_L + MARGIN_R,
                                          "cookie": COOKIE, "current": current, "watch_height": watch_height,
                                          "step": STEP, "view_h": view_h, "view_w": view_w},
                 # a state key exists only with its on_<key>_change callback (Streamlit 1.67); nothing to do in it
                 default={"plot_px": None, "view_h": None, "view_w": None}, height=0, on_plot_px_change=lambda: None,
                 on_view_h_change=lambda: None, on_view_w_change=lambda: None)
