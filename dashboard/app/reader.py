"""Sources: an article reader with every coded passage highlighted and linked to its record."""

from __future__ import annotations

import re

import streamlit as st

from dashboard.charts import source_label
from dashboard.dataset.rules.text import excluded_spans
from dashboard.views.search_results import shorten
from dashboard.app import state, ui

_SAFE_LINK = re.compile(r"[^a-z0-9?=_-]")
FOCUS_KEY = "reader-focus"  # st.container key of the paragraph the reader came from (class st-key-reader-focus)
# Constant markup, never data-derived: the passage the reader came from gets a strong yellow mark with a dark red
# outline (the other highlights are a pale orange tint) inside a red-bordered paragraph, and the page scrolls to it.
# The script only looks for the constant class; no text from the data or the address is in it.
FOCUS_HTML = """
<style>
.st-key-reader-focus {border-left: 6px solid #991b1b; padding: 0.4rem 0 0.4rem 0.9rem; background: #fef2f2;}
.st-key-reader-focus strong {background: #facc15; color: #111; outline: 2px solid #991b1b; outline-offset: 1px;
                             border-radius: 2px;}
</style>
<script>
(function () {
  let tries = 0;
  function scrollToPassage() {
    const el = document.querySelector(".st-key-reader-focus");
    if (!el) { if (++tries < 100) setTimeout(scrollToPassage, 100); return; }
    el.scrollIntoView({block: "center"});
    setTimeout(function () { el.scrollIntoView({block: "center"}); }, 500);  // again once the layout settles
  }
  scrollToPassage();
})();
</script>
"""
FOCUS_MARK = ":red-badge[:material/arrow_forward: You came from this passage]"


def highlighted_paragraphs(text: str, spans: list[tuple[int, int, str]], focus: tuple[int, int] | None,
                           excluded: list[tuple[int, int]] = (), labels: dict[str, str] | None = None):
    """Yield (paragraph_start, markdown, has_focus) with coded spans highlighted and excluded passages greyed,
    all escaped; the focused span is also bold (the reader's stylesheet marks it). `labels`: each permalink's
    link text (what the record is), so three links after one passage do not all read "↗ event"."""
    labels = labels or {}
    for start, end in ui.paragraphs(text):
        if any(a <= start and end <= b for a, b in excluded):
            yield start, f":gray[*{ui.md(text[start:end])}*] :gray-badge[excluded: not reporting]", False
            continue
        marks = sorted({(max(a, start), min(b, end)) for a, b, _ in spans if a < end and b > start})
        # merge overlapping highlights so nested quotes do not break the markup
        merged: list[list[int]] = []
        for a, b in marks:
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        out, cur, has_focus = [], start, False
        for a, b in merged:
            out.append(ui.md(text[cur:a]))
            focused = bool(focus) and a < focus[1] and b > focus[0]
            has_focus |= focused
            out.append(f":red-background[**{ui.md(text[a:b])}**]" if focused else f":orange-background[{ui.md(text[a:b])}]")
            # each highlight links to the records that cite it (permalinks are slugs we generated)
            links = dict.fromkeys(link for sa, sb, link in spans if sa < b and sb > a)
            out.append("".join(f" [↗ {ui.md(labels.get(link) or link.split('?')[0])}]({_SAFE_LINK.sub('', link)})"
                               for link in links))
            cur = b
        out.append(ui.md(text[cur:end]))
        yield start, "".join(out), has_focus


def render() -> None:
    b = state.bundle()
    fr = b.frames
    ids = list(fr.sources["id"])
    wanted = state.query_id()
    if wanted is not None and wanted not in ids:
        st.title("Sources")
        ui.not_found("source", wanted)
        return
    st.title("Sources")
    titles = dict(zip(fr.sources["id"], fr.sources["title"]))
    # not bind="query-params": a bound selectbox keeps its *formatted* option (the title) in the URL, and every
    # permalink names the source by id
    sid = st.selectbox("Article", ids, index=ids.index(wanted) if wanted in ids else 0, format_func=titles.get)
    src = fr.sources.set_index("id").loc[sid]
    text = b.dataset.texts[sid]
    focus = None
    try:
        hl = int(st.query_params.get("at", ""))
        cites = b.source.rows("citations", where={"source_id": sid, "start": hl})
        if len(cites):
            focus = (hl, int(cites.iloc[0]["end"]))
    except ValueError:
        pass
    # the address bar shows what is on screen: a link from elsewhere updates it, an `at` that names no passage goes
    state.show_in_url("sources", id=sid, **({"at": str(focus[0])} if focus else {}))

    # The article comes first: on a phone columns stack in order, and ~60 record links used to stand between the
    # reader and the text. The article's facts stay above it (one short block), the records list after it.
    st.markdown(f"**{ui.md(src['title'])}**")
    outlet = _or(src['outlet'], 'not identified in the text')
    outlet += " (supplied by coder)" if src.get("outlet_basis") == "supplied" else ""
    st.text(f"Outlet: {outlet} · Kind: {src['kind'].replace('_', ' ')} · "
            f"Byline: {_or(src['byline'], 'none in the text')} · Published: {source_label(src)} · File: {src['file']}")
    body, meta = st.columns([2, 1])
    cites = b.source.rows("citations", where={"source_id": sid}).sort_values("start")
    with meta:
        with st.expander("Why this outlet and date"):
            st.text(f"Outlet: {src['outlet_evidence']}\n\nDate: {src['published_rationale']}")
        ui.link("source", sid, "Source detail view", icon=":material/info:")
        records = cites.drop_duplicates(["record_kind", "record_id"])
        st.subheader(f"Coded from this article ({len(records)})")
        labels = {}
        for _, c in records.iterrows():
            rec = _record_title(b.source, c["record_kind"], c["record_id"])
            ui.link(c["record_kind"], c["record_id"], shorten(f"{c['record_kind'].title()}: {rec}", 120))
            labels[c["permalink"]] = shorten(f"{c['record_kind']}: {rec}", 48)  # the inline links say where they go
    with body:
        spans = [(int(c.start), int(c.end), c.permalink) for c in cites.itertuples()]
        excluded = [x for x in b.dataset.by_id("sources")[sid].excluded]
        st.caption("Highlighted: coded passages" + (" (bold yellow with a red outline: the passage you came from)"
                                                    if focus else "") + ". Page furniture is marked as excluded.")
        ex_spans = excluded_spans(text, [x.quote for x in excluded])
        if focus:
            st.html(FOCUS_HTML, unsafe_allow_javascript=True)
        for start, markdown, has_focus in highlighted_paragraphs(text, spans, focus, ex_spans, labels):
            if has_focus:
                with st.container(key=FOCUS_KEY):
                    st.markdown(FOCUS_MARK)
                    st.markdown(markdown)
            else:
                st.markdown(markdown)
        if excluded:
            with st.expander(f"{len(excluded)} excluded passages (not reporting)"):
                for x in excluded:
                    st.text(f"{x.reason}: {x.quote}")


def _or(value, fallback: str) -> str:
    return value if isinstance(value, str) and value else fallback


def _record_title(source, kind: str, rid: str) -> str:
    row = source.rows({"event": "events", "figure": "figures", "phase": "phases", "comparison": "comparisons"}[kind],
                      where={"id": rid})
    if row.empty:
        return rid
    r = row.iloc[0]
    if kind == "event":  # the date at its precision ("Nov 2024"), never the ISO first day of the window ("2024-11-01")
        from dashboard.conventions.datefmt import format_row

        return f"{format_row(r, 'date')} · {r['notes']}"
    if kind == "figure":
        from dashboard.charts.base import value_text  # the one value+unit text: "1 month", "47%", "1 person"

        return f"{value_text(r)}: {r['subject']}"
    if kind == "phase":
        return r["name"]
    return r["summary"]
