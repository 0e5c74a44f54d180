"""Ceasefire Monitor: Streamlit entry point (Community Cloud runs this file)."""

import importlib
from pathlib import Path

import streamlit as st

from dashboard.app import briefing, overview, state, viewport
from dashboard.app.ui import ACCESSIBILITY_CSS
from dashboard.app import search as search_page
from dashboard.authoring.desk import desk_status
from dashboard.dataset.loader import data_dir_from_env

# The favicon is a file served by the app itself: a ":material/..." page icon is fetched from fonts.gstatic.com
# on every page view, which tells an outside host who is reading and fails offline.
FAVICON = Path(__file__).resolve().parent / "dashboard" / "app" / "assets" / "favicon.png"
st.set_page_config(page_title="Ceasefire Monitor", page_icon=str(FAVICON), layout="wide")
st.html(ACCESSIBILITY_CSS)


def invalid_data_page() -> None:
    st.title("Ceasefire Monitor: the dataset did not pass validation")
    problems = state.bundle().problems
    st.error(f"{len(problems)} problem(s) were found, so nothing was loaded. Fix them and reload; "
             "`python -m dashboard validate` lists the same problems.")
    st.code("\n".join(problems), language=None, wrap_lines=True)


def later(module: str, function: str = "render"):
    """A page whose module is imported when the page is first shown: a server's first run (the overview)
    then imports only what the overview needs (about 0.1 s less from server start to the first chart). An
    import error in a page module shows when that page opens; tests/app/test_app.py opens every page."""
    def page() -> None:
        getattr(importlib.import_module(f"dashboard.app.{module}"), function)()

    page.__name__ = f"{module}_{function}"
    return page


pages = {
    # The default page is served at "/" only, but its pathname stays reserved: "home" here, so that "/overview"
    # (the page's id, which readers type and share) can be the alias below.
    "overview": st.Page(overview.render, title="Overview", icon=":material/dashboard:", url_path="home", default=True),
    "timeline": st.Page(later("timeline"), title="Timeline", icon=":material/timeline:", url_path="timeline"),
    "compare": st.Page(later("compare"), title="Gaza vs Lebanon", icon=":material/compare:", url_path="compare"),
    "compliance": st.Page(later("compliance"), title="Compliance", icon=":material/gavel:", url_path="compliance"),
    "sources": st.Page(later("reader"), title="Sources", icon=":material/menu_book:", url_path="sources"),
    "data": st.Page(later("data"), title="Data", icon=":material/table:", url_path="data"),
    "about": st.Page(later("about"), title="About and method", icon=":material/info:", url_path="about"),
    "search": st.Page(search_page.render, title="Search", icon=":material/search:", url_path="search"),
    "event": st.Page(later("detail", "event_page"), title="Event", url_path="event", visibility="hidden"),
    "figure": st.Page(later("detail", "figure_page"), title="Figure", url_path="figure", visibility="hidden"),
    "source": st.Page(later("detail", "source_page"), title="Source", url_path="source", visibility="hidden"),
    "phase": st.Page(later("detail", "phase_page"), title="Phase", url_path="phase", visibility="hidden"),
    "comparison": st.Page(later("detail", "comparison_page"), title="Comparison", url_path="comparison", visibility="hidden"),
    "agreement": st.Page(later("detail_compliance", "agreement_page"), title="Agreement", url_path="agreement", visibility="hidden"),
    "provision": st.Page(later("detail_compliance", "provision_page"), title="Provision", url_path="provision", visibility="hidden"),
    "assessment": st.Page(later("detail_compliance", "assessment_page"), title="Assessment", url_path="assessment", visibility="hidden"),
}
pages["changes"] = st.Page(later("changes"), title="What changed", icon=":material/difference:", url_path="changes")
if desk_status(data_dir_from_env(), address=st.get_option("server.address")).enabled:  # opted in, loopback; never the demo
    pages["desk"] = st.Page(later("desk"), title="Coding desk", icon=":material/edit_note:", url_path="desk")
state.PAGES.update(pages)
# Old or typed addresses of the overview land on it (with their filters) instead of "Page not found".
aliases = [st.Page(lambda: st.switch_page(pages["overview"], query_params=st.query_params.to_dict()), title="Overview",
                   url_path="overview", visibility="hidden")]

if state.bundle().problems:
    st.navigation([st.Page(invalid_data_page, title="Data problems", url_path="problems", default=True)],
                  position="hidden").run()
elif briefing.active():
    current = st.navigation(list(pages.values()) + aliases, position="hidden")
    briefing.render(current.url_path)  # the page's own charts
else:
    nav = st.navigation(list(pages.values()) + aliases)
    search_page.sidebar_box()
    with st.sidebar:
        st.toggle("Briefing mode", key="briefing-toggle", help="Hide controls and show charts at slide size",
                  on_change=lambda: st.query_params.update(briefing="1"))
    viewport.measure()
    state.drop_record_params(nav.url_path)  # "/?id=x" left by a switch to a record view (state.open_record)
    nav.run()
