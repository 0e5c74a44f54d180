"""Briefing mode: `?briefing=1` hides Streamlit chrome and shows charts as slides; `&chart=<id>` shows one.

The slides are charts.SLIDES: every chart, one too tall for a slide split into parts (charts.VIEWS), as
export-charts and the briefing pack draw them. Each chart is built for a slide layout (charts.layout.slide) of the measured width and the window's height
less the button above it, so the whole chart (title, legends, plot, axis, footer) fits the window: the rows
give up height, the row labels move into a column beside them, legends take fewer rows (see layout.py). A chart
whose rows cannot shrink that far without text colliding keeps the least height they need. A window narrower
than a slide (layout.SLIDE_FROM_PX of drawing width: a phone, a tablet) gets the page's layout. Each chart keeps
the height its builder gave it: every part of it is placed in pixels for that height, so a forced height would
move them onto each other. A button at the top leads back to the full app with the same filters.

Which charts: the page's own (PAGE_CHARTS: briefing on Gaza vs Lebanon shows that page's two, on Compliance its
one); `&chart=<id>` one chart, `&chart=all` every chart; a page without charts shows every chart and says so.
"""

from __future__ import annotations

import streamlit as st

from dashboard.charts import SLIDES, layout, modebar_config, slides_of
from dashboard.conventions.safe_text import md
from dashboard.app import state, viewport

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


# Each page's own charts in the order the page shows them, by the page's url path ("" is the default page, the
# overview). A page that draws a chart lists it here; tests/browser/test_pages.py checks each page draws these.
PAGE_CHARTS: dict[str, tuple[str, ...]] = {
    "": ("hostages", "control", "deaths"),
    "timeline": ("timeline", "deaths", "hostages", "control", "releases"),
    "compare": ("compare-days", "enforcement"),
    "compliance": ("compliance",),
}
PAGE_CHARTS["home"] = PAGE_CHARTS["overview"] = PAGE_CHARTS[""]  # the overview's reserved path and its alias
ALL = "all"


def chart_ids(page_path: str, wanted: str | None) -> tuple[list[str], str | None]:
    """(the slides to show, a note for the reader or None) for a page and the `chart` parameter. A page shows every
    slide of its charts; `&chart=` one slide: a part's own id, or a split chart's (charts.VIEWS) first part, so that
    the view is one slide that fits the window."""
    own = [v for cid in PAGE_CHARTS.get(page_path, ()) for v in slides_of(cid)]
    if wanted == ALL:
        return list(SLIDES), None
    if wanted is not None and slides_of(wanted):
        return list(slides_of(wanted)[:1]), None
    fallback = own or list(SLIDES)
    where = "this page's charts" if own else "every chart"
    if wanted is not None:
        return fallback, (f"No chart has the id “{wanted[:60]}”; showing {where}. Known ids: "
                          + ", ".join(SLIDES) + f", or {ALL} for every chart.")
    if not own:
        return fallback, "This page draws no chart; showing every chart."
    return fallback, None


def active() -> bool:
    return st.query_params.get("briefing") in ("1", "true", "yes")


def leave() -> None:
    """Back to the full app: drop briefing and chart from the address, keep the filters."""
    for key in ("briefing", "chart"):
        st.query_params.pop(key, None)
    st.session_state["briefing-toggle"] = False


def render(page_path: str = "") -> None:
    """Briefing mode on the page at `page_path` (st.navigation's current page)."""
    st.markdown(CHROME_CSS, unsafe_allow_html=True)
    viewport.measure(watch_height=True)  # after the stylesheet: measured without the sidebar, as briefing shows it
    st.button("Back to the full app", icon=":material/arrow_back:", on_click=leave, key="briefing-leave",
              help="Leave briefing mode (removes briefing=1 from the address; filters stay)")
    b = state.bundle()
    f = state.current_filters()
    as_of = b.dataset.as_of.isoformat()
    ids, note = chart_ids(page_path, st.query_params.get("chart"))
    if note:
        st.warning(md(note))
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
    from dashboard.outputs.export_charts import find_browser

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

        from dashboard.outputs.briefing_pack import DEFAULT_CHARTS, build_pack

        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "pack.pptx"
            build_pack(b.source, b.dataset, list(DEFAULT_CHARTS), f, out)
            return out.read_bytes()

    st.download_button("Briefing pack (PPTX)", build, file_name=f"ceasefire-monitor_briefing_{b.dataset.as_of}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       icon=":material/slideshow:", key="briefing-pack",
                       help="Title slide, every chart at full width with its footer, sources, and every quote behind "
                            "the charts. Takes a few seconds to render.")
