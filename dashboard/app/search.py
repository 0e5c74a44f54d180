"""Search: summaries, quotes, actors and locations, each result linking to its detail view."""

from __future__ import annotations

import streamlit as st

from dashboard.frames.search import MAX_QUERY_CHARS, search_source
from dashboard.views.search_results import KIND_LABEL, Result, describe
from dashboard.app import state, ui


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
    for r in describe(b.source, hits, q):
        with st.container(border=True):
            _result(r)


def marked(text: str, spans) -> str:
    """Markdown of `text` with the matched words in bold; every piece escaped, so data stays text."""
    out, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        out += [ui.md(text[pos:start]), f"**{ui.md(text[start:end])}**"]
        pos = end
    return "".join(out) + ui.md(text[pos:])


def _result(r: Result) -> None:
    """One result: what it is, its value, date, claimant and source, the matched words, and a link to it."""
    st.caption(ui.md(r.type) + (f" · {ui.md(r.distinguish)}" if r.distinguish else ""))
    st.markdown(f"**{ui.md(r.headline)}**")
    if r.facts:
        st.markdown(" · ".join(ui.md(f) for f in r.facts))
    if r.snippet.strip("…") not in r.headline.rstrip("…"):  # a match the headline already shows is not repeated
        st.markdown(f"Matched in the {ui.md(r.field)}: {marked(r.snippet, r.matches)}")
    # the label says where the link goes: that record's own page
    ui.link(r.kind, r.id, f"{KIND_LABEL.get(r.kind, r.kind.capitalize())} page — details and sources", icon=":material/arrow_forward:")


def sidebar_box() -> None:
    """A search box on every page: submitting it opens the Search page with the query in the URL."""
    with st.sidebar.form("global-search", clear_on_submit=True, border=False):
        q = st.text_input("Search", max_chars=MAX_QUERY_CHARS, placeholder="Search summaries, quotes, actors…",
                          label_visibility="collapsed")
        if st.form_submit_button("Search", icon=":material/search:") and q.strip():
            st.switch_page(state.PAGES["search"], query_params={"q": q})
