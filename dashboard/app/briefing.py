"""Briefing mode: `?briefing=1` hides Streamlit chrome and shows charts as slides; `&chart=<id>` shows one.

The slides are charts.SLIDES: every chart, one too tall for a slide split into parts (charts.VIEWS), as
export-charts and the briefing pack draw them. Each chart is built for a slide layout (charts.layout.slide) of the measured width and the window's height
less the button above it, so the whole chart (title, legends, plot, axis, footer) fits the window: the rows
give up height, the row labels move into a column beside them, legends take fewer rows (see layout.py). A chart
whose rows cannot shrink that far without text colliding keeps the least height they need. A window narrower
than a slide (layout.SLIDE_FROM_PX of drawing width: a phone, a tablet) gets the page's layout. Each chart keeps
the height its builder gave it: every part of it is placed in pixels for that height, so a forced height would
move them onto each other. A button at the top leads back to the full app with the same filters.
"""

from __future__ import annotations

import streamlit as st

from ..charts import SLIDES, layout, modebar_config, slides_of
from . import state, viewport

CHROME_PX = 90  # the chart starts 80 px down (page padding, the button, the gap below it; measured at 1280x720), 10 to spare


def slide_layout() -> layout.Layout:
    """The slide layout for this window: the column's drawing width and the window's height less the button above
    the chart; until the browser has reported them, the page's layout width and 16:9 of it."""
    w, h = viewport.view_size()
    if not w or w < layout.SLIDE_FROM_PX:  # a phone or tablet: the page's layout, which scrolls (layout.slide)
        return layout.app(viewport.plot_px())
    return layout.slide(w, h - CHROME_PX if h else None)

# A constant stylesheet (never data-derived): hide the toolbar, header, sidebar and page padding.
CHROME_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer {display: none !important;}
.block-container {padding: 0.5rem 1rem !important; max-width: 100% !important;}
</style>
"""


def active() -> bool:
    return st.query_params.get("briefing") in ("1", "true", "yes")


def leave() -> None:
    """Back to the full app: drop briefing and chart from the address, keep the filters."""
    for key in ("briefing", "chart"):
        st.query_params.pop(key, None)
    st.session_state["briefing-toggle"] = False


def render() -> None:
    st.markdown(CHROME_CSS, unsafe_allow_html=True)
    viewport.measure(watch_height=True)  # after the stylesheet: measured without the sidebar, as briefing shows it
    st.button("Back to the full app", icon=":material/arrow_back:", on_click=leave, key="briefing-leave",
              help="Leave briefing mode (removes briefing=1 from the address; filters stay)")
    b = state.bundle()
    f = state.current_filters()
    as_of = b.dataset.as_of.isoformat()
    wanted = st.query_params.get("chart")
    # one slide: a slide's id, or a chart's (a chart split over slides opens on its first, charts.VIEWS)
    ids = list(slides_of(wanted)[:1]) if wanted else list(SLIDES)
    if wanted is not None and not ids:
        ids = list(SLIDES)
        st.warning("Unknown chart id; showing all charts. Known ids: " + ", ".join(SLIDES))
    lay = slide_layout()
    for cid in ids:
        chart = state.chart(cid, f, lay)
        # a slide at the width it was laid out for (its layout's width), a page's layout across the column
        st.plotly_chart(chart.sent_figure(), theme=None, key=f"brief-{cid}", config=modebar_config(chart, as_of),
                        width="content" if lay.max_height else "stretch")


@st.cache_resource(show_spinner=False)
def _pack_renderer() -> str | None:
    """Why a briefing pack cannot be built here, or None when it can (kaleido and a browser present)."""
    from importlib.util import find_spec  # looked up, not imported: the overview stays as fast to start

    for name in ("kaleido", "pptx"):
        if find_spec(name) is None:
            return f"needs the {name} package (requirements-dev.txt)"
    from ..export_charts import find_browser

    return None if find_browser() else "needs Chrome or Chromium on the server"


def pack_download() -> None:
    """A download of the briefing pack (every chart, the current filters), built only on click."""
    reason = _pack_renderer()
    if reason:
        st.caption(f"Briefing pack (PPTX): not available on this server, it {reason}; "
                   "`python -m dashboard briefing-pack --out pack.pptx` builds it from the command line.")
        return
    b, f = state.bundle(), state.current_filters()

    def build() -> bytes:
        import tempfile
        from pathlib import Path

        from ..briefing_pack import DEFAULT_CHARTS, build_pack

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "pack.pptx"
            build_pack(b.source, b.dataset, list(DEFAULT_CHARTS), f, out)
            return out.read_bytes()

    st.download_button("Briefing pack (PPTX)", build, file_name=f"ceasefire-monitor_briefing_{b.dataset.as_of}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon=":material/slideshow:", key="briefing-pack",
                       help="Title slide, every chart at full width with its footer, sources, and every quote behind "
                            "the charts. Takes a few seconds to render.")
