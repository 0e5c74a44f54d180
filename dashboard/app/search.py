"""Search: summaries, quotes, actors and locations, each result linking to its detail view."""

from __future__ import annotations

import streamlit as st

from ..search import MAX_QUERY_CHARS, search_source
from . import state, ui

KIND_LABEL = {"event": "Event", "figure": "Figure", "comparison": "Comparison", "phase": "Phase", "source": "Source",
              "agreement": "Agreement", "provision": "Provision", "assessment": "Assessment"}


def query_from_url() -> str:
    value = st.query_params.get("q", "")
    return value[:MAX_QUERY_CHARS] if isinstance(value, str) else ""


def render() -> None:
    b = state.bundle()
    st.title("Search")
    st.caption("Every word must occur in a summary, quote, actor, location, claimant or title, of events, figures, "
               "comparisons, phases, sources, agreements, provisions or assessments; "
               "matching ignores case and accents. Results link to the record's detail view.")
    q = st.text_input("Search the dataset", value=query_from_url(), max_chars=MAX_QUERY_CHARS, key="search-q",
                      placeholder="e.g. Rafah, hostage bodies, Hezbollah")
    if q != query_from_url():
        st.query_params.from_dict({"q": q} if q else {})
    if not q.strip():
        st.info("Type one or more words above, or in the search box in the sidebar on any page.")
        return
    hits = search_source(b.source, q, limit=50)
    st.caption(f"{len(hits)} result{'s' if len(hits) != 1 else ''}" + (" (the best 50)" if len(hits) == 50 else ""))
    if not hits:
        st.warning(f"Nothing matches “{ui.md(q)}”.")
    for h in hits:
        with st.container(border=True):
            ui.link(h.kind, h.id, f"{KIND_LABEL[h.kind]}: {h.title}"[:160], icon=":material/arrow_forward:")
            st.caption(f"Matched in the {ui.md(h.field)}: {ui.md(h.snippet)}")


def sidebar_box() -> None:
    """A search box on every page: submitting it opens the Search page with the query in the URL."""
    with st.sidebar.form("global-search", clear_on_submit=True, border=False):
        q = st.text_input("Search", max_chars=MAX_QUERY_CHARS, placeholder="Search summaries, quotes, actors…",
                          label_visibility="collapsed")
        if st.form_submit_button("Search", icon=":material/search:") and q.strip():
            st.switch_page(state.PAGES["search"], query_params={"q": q})
