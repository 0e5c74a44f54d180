"""Ceasefire Monitor: Streamlit entry point (Community Cloud runs this file)."""

from pathlib import Path

import streamlit as st

from dashboard.app import about, briefing, compare, data, detail, overview, reader, state, timeline
from dashboard.app import changes, desk as desk_page
from dashboard.desk import desk_status
from dashboard.loader import data_dir_from_env
from dashboard.app import search as search_page
from dashboard.app import compliance, detail_compliance

# The favicon is a file served by the app itself: a ":material/..." page icon is fetched from fonts.gstatic.com
# on every page view, which tells an outside host who is reading and fails offline.
FAVICON = Path(__file__).resolve().parent / "dashboard" / "app" / "assets" / "favicon.png"
st.set_page_config(page_title="Ceasefire Monitor", page_icon=str(FAVICON), layout="wide")


def invalid_data_page() -> None:
    st.title("Ceasefire Monitor: the dataset did not pass validation")
    problems = state.bundle().problems
    st.error(f"{len(problems)} problem(s) were found, so nothing was loaded. Fix them and reload; "
             "`python -m dashboard validate` lists the same problems.")
    st.code("\n".join(problems), language=None, wrap_lines=True)


pages = {
    "overview": st.Page(overview.render, title="Overview", icon=":material/dashboard:", url_path="overview", default=True),
    "timeline": st.Page(timeline.render, title="Timeline", icon=":material/timeline:", url_path="timeline"),
    "compare": st.Page(compare.render, title="Gaza vs Lebanon", icon=":material/compare:", url_path="compare"),
    "compliance": st.Page(compliance.render, title="Compliance", icon=":material/gavel:", url_path="compliance"),
    "sources": st.Page(reader.render, title="Sources", icon=":material/menu_book:", url_path="sources"),
    "data": st.Page(data.render, title="Data", icon=":material/table:", url_path="data"),
    "about": st.Page(about.render, title="About and method", icon=":material/info:", url_path="about"),
    "search": st.Page(search_page.render, title="Search", icon=":material/search:", url_path="search"),
    "event": st.Page(detail.event_page, title="Event", url_path="event", visibility="hidden"),
    "figure": st.Page(detail.figure_page, title="Figure", url_path="figure", visibility="hidden"),
    "source": st.Page(detail.source_page, title="Source", url_path="source", visibility="hidden"),
    "phase": st.Page(detail.phase_page, title="Phase", url_path="phase", visibility="hidden"),
    "comparison": st.Page(detail.comparison_page, title="Comparison", url_path="comparison", visibility="hidden"),
    "agreement": st.Page(detail_compliance.agreement_page, title="Agreement", url_path="agreement", visibility="hidden"),
    "provision": st.Page(detail_compliance.provision_page, title="Provision", url_path="provision", visibility="hidden"),
    "assessment": st.Page(detail_compliance.assessment_page, title="Assessment", url_path="assessment", visibility="hidden"),
}
pages["changes"] = st.Page(changes.render, title="What changed", icon=":material/difference:", url_path="changes")
if desk_status(data_dir_from_env()).enabled:  # local sessions that opted in; never the hosted demo
    pages["desk"] = st.Page(desk_page.render, title="Coding desk", icon=":material/edit_note:", url_path="desk")
state.PAGES.update(pages)

if state.bundle().problems:
    st.navigation([st.Page(invalid_data_page, title="Data problems", url_path="problems", default=True)],
                  position="hidden").run()
elif briefing.active():
    st.navigation(list(pages.values()), position="hidden")
    briefing.render()
else:
    nav = st.navigation(list(pages.values()))
    search_page.sidebar_box()
    with st.sidebar:
        st.toggle("Briefing mode", key="briefing-toggle", help="Hide controls and show charts at slide size",
                  on_change=lambda: st.query_params.update(briefing="1"))
        state.wide_charts_toggle()
    nav.run()
