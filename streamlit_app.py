"""Ceasefire Monitor: Streamlit entry point (Community Cloud runs this file)."""

import streamlit as st

from dashboard.app import about, briefing, compare, data, detail, overview, reader, state, timeline
from dashboard.app import compliance, detail_compliance

st.set_page_config(page_title="Ceasefire Monitor", page_icon=":material/timeline:", layout="wide")


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
    "event": st.Page(detail.event_page, title="Event", url_path="event", visibility="hidden"),
    "figure": st.Page(detail.figure_page, title="Figure", url_path="figure", visibility="hidden"),
    "source": st.Page(detail.source_page, title="Source", url_path="source", visibility="hidden"),
    "phase": st.Page(detail.phase_page, title="Phase", url_path="phase", visibility="hidden"),
    "comparison": st.Page(detail.comparison_page, title="Comparison", url_path="comparison", visibility="hidden"),
    "agreement": st.Page(detail_compliance.agreement_page, title="Agreement", url_path="agreement", visibility="hidden"),
    "provision": st.Page(detail_compliance.provision_page, title="Provision", url_path="provision", visibility="hidden"),
    "assessment": st.Page(detail_compliance.assessment_page, title="Assessment", url_path="assessment", visibility="hidden"),
}
state.PAGES.update(pages)

if state.bundle().problems:
    st.navigation([st.Page(invalid_data_page, title="Data problems", url_path="problems", default=True)],
                  position="hidden").run()
elif briefing.active():
    st.navigation(list(pages.values()), position="hidden")
    briefing.render()
else:
    nav = st.navigation(list(pages.values()))
    with st.sidebar:
        st.toggle("Briefing mode", key="briefing-toggle", help="Hide controls and show charts at slide size",
                  on_change=lambda: st.query_params.update(briefing="1"))
    nav.run()
