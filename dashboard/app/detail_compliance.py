"""Detail views for the compliance records (`agreement?id=`, `provision?id=`, `assessment?id=`), and the
block that lets an event or a figure link back to the provisions it bears on."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import source_label
from dashboard.dataset.compliance import CATEGORY_LABEL, STATUS_LABEL
from dashboard.conventions.datefmt import format_span
from dashboard.charts.base import value_text
from dashboard.frames.rollup import claimant_rollup, rollup_table
from dashboard.views.search_results import shorten
from dashboard.conventions.theme import in_sentence
from dashboard.app import state, ui
from dashboard.app import record

# Streamlit's badge colours nearest to the chart's status colours; the label always says the status too
BADGE = {"overdue": "red", "reported_violated": "violet", "disputed": "orange", "at_risk": "yellow", "in_progress": "blue",
         "partly_fulfilled": "green", "fulfilled": "green", "not_yet_due": "gray"}


def rollup_dataframe(rows) -> None:
    """One agreement's per-claimant roll-up: narrow count columns and every row in view (no inner scroll)."""
    table = rollup_table(rows).drop(columns="agreement")
    short = {"partly fulfilled": "partly", "reported at risk": "at risk", "reported violated": "violated",
             "not yet due": "not due", "provisions assessed": "assessed", "as of (latest report)": "as of"}
    # widths in pixels so that every column fits the page at slide width (about 980 px of content)
    config = {"claimant": st.column_config.TextColumn("claimant", width=280)}
    for c in table.columns:  # short headers keep every count in view; the full status is the tooltip
        if c != "claimant":
            config[c] = (st.column_config.TextColumn(short[c], help=c, width=104) if c.startswith("as of")
                         else st.column_config.NumberColumn(short.get(c, c), help=c, width=80 if c == "in progress" else 63))
    st.dataframe(table, hide_index=True, width="stretch", height=36 * (len(table) + 1) + 4, column_config=config)


def when(row, prefix: str) -> str:
    """A record's date written at its precision, or 'not given'."""
    if not isinstance(row.get(prefix), str):
        return "not given"
    return format_span(row[f"{prefix}_start"], row[f"{prefix}_end"], row[f"{prefix}_precision"])


def badge(status: str, text: str | None = None) -> str:
    """A status badge; `text` comes from data, so it is escaped (the directive itself is ours)."""
    return f":{BADGE[status]}-badge[{ui.md(text or STATUS_LABEL[status])}]"


def quotes(kind: str, rid: str, paraphrase: bool = False) -> None:
    """Each quote inside its paragraph, highlighted, with a link to that spot in the reader."""
    b = state.bundle()
    fr = b.frames
    cites = fr.compliance_citations[(fr.compliance_citations["record_kind"] == kind)
                                    & (fr.compliance_citations["record_id"] == rid)]
    st.subheader("Quoted source" + ("s" if len(cites) > 1 else ""))
    if paraphrase:
        st.caption("The article describes this provision in its own words; it does not quote the agreement.")
    if cites.empty:
        st.caption("No direct citation: this status is derived by us from the figures below.")
    sources = fr.sources.set_index("id")
    for _, c in cites.iterrows():
        text = b.dataset.texts[c["source_id"]]
        start, end = int(c["start"]), int(c["end"])
        with st.container(border=True):
            st.markdown(ui.quote_in_paragraph(text, start, end))
            st.caption(f"{ui.md(source_label(sources.loc[c['source_id']]))} · characters {start}–{end}")
            st.page_link(state.PAGES["sources"], label="Read it in the article", icon=":material/menu_book:",
                         query_params={"id": c["source_id"], "at": str(start)})


def evidence_links(r) -> None:
    fr = state.bundle().frames
    events = fr.events.set_index("id")
    figures = fr.figures.set_index("id")
    # each link says where it goes: the record's own words, not "Event" / "Figure" (issue 22)
    for e in r["evidence_events"]:
        what = f"{when(events.loc[e], 'date')} · {events.loc[e, 'notes']}" if e in events.index else e
        ui.link("event", e, shorten(f"Event: {what}", 140), icon=":material/event:")
    for f in r["evidence_figures"]:
        what = (f"{value_text(figures.loc[f])} {figures.loc[f, 'subject']} (per {in_sentence(figures.loc[f, 'claimant'])})"
                if f in figures.index else f)
        ui.link("figure", f, shorten(f"Figure: {what}", 140), icon=":material/numbers:")


def status_line(r) -> str:
    """One assessment as a line of Markdown: status badge, date, claimant (data text escaped)."""
    return (f"{badge(r['status'])}{' *(derived)*' if r['derived'] else ''} "
            f"{ui.md(format_span(r['as_of_start'], r['as_of_end'], r['as_of_precision']))} · {ui.md(r['claimant'])}")


def status_strip(asm: pd.DataFrame) -> str:
    """A provision's statuses over time, oldest first: one short badge per assessment (date and status; the
    claimant is in the lines below), so the strip wraps on a phone instead of cutting a long badge off."""
    order = asm.sort_values(["as_of_start", "as_of_end", "id"])
    return " ".join(badge(r["status"], f"{format_span(r['as_of_start'], r['as_of_end'], r['as_of_precision'])} · "
                                       f"{STATUS_LABEL[r['status']]}{'*' if r['derived'] else ''}")
                    for _, r in order.iterrows())


def status_lines(asm: pd.DataFrame) -> str:
    return "  \n".join(status_line(r) for _, r in asm.sort_values(["as_of_start", "as_of_end", "id"]).iterrows())


def agreement_page() -> None:
    fr = state.bundle().frames
    rid, a = record._record(fr.agreements, "agreement", "Agreement")
    if a is None:
        return
    st.markdown(f"### {ui.md(a['name'])}")
    st.caption(f"{ui.md(a['kind'])} · {ui.md(a['theatre'])} · signed {ui.md(when(a, 'signed'))} · "
               f"in effect {ui.md(when(a, 'effective'))}")
    st.markdown(ui.md(a["summary"]))
    quotes("agreement", rid)
    record._fields([("id", a["id"]), ("kind", a["kind"]), ("theatre", a["theatre"]), ("parties", "; ".join(a["parties"])),
             ("mediators", "; ".join(a["mediators"])), ("guarantors", "; ".join(a["guarantors"])),
             ("sponsors", "; ".join(a["sponsors"])), ("signed / endorsed", when(a, "signed")),
             ("signed, as written", a["signed_text"]), ("in effect", when(a, "effective")),
             ("in effect, as written", a["effective_text"]), ("why the date is narrower than written", a["window_note"]),
             ("source", a["source"]), ("permalink", a["permalink"])])
    for ph in a["phases"]:
        ui.link("phase", ph, f"Phase: {ph}", icon=":material/date_range:")
    rollup = claimant_rollup(fr.agreements[fr.agreements["id"] == rid], fr.assessments[fr.assessments["agreement_id"] == rid])
    if len(rollup):
        st.subheader("Per claimant")
        st.caption("Provisions each claimant calls fulfilled, in progress, at risk, overdue, violated or disputed, by the "
                   "status in that claimant's latest report on each; claimants are never merged.")
        rollup_dataframe(rollup)
    pv = fr.provisions[fr.provisions["agreement_id"] == rid]
    st.subheader(f"{len(pv)} provisions")
    for cat, group in pv.groupby("category", sort=False):
        st.markdown(f"**{ui.md(CATEGORY_LABEL[cat])}**")
        for _, p in group.iterrows():
            ui.link("provision", p["id"], p["label"], icon=":material/gavel:")
            st.caption(ui.md("; ".join(p["latest_statuses"]) or "no assessment in the articles"))


def provision_page() -> None:
    fr = state.bundle().frames
    rid, p = record._record(fr.provisions, "provision", "Provision")
    if p is None:
        return
    st.markdown(f"### {ui.md(p['label'])}")
    st.markdown(ui.md(p["summary"]))
    due = when(p, "deadline")
    past = "" if not isinstance(p["days_past_text"], str) else f" · **{ui.md(p['days_past_text'])}** (derived)"
    st.caption(f"{ui.md(p['category_label'])} · binds {ui.md(', '.join(p['obligated']) or 'a party the text does not name')} · "
               f"deadline {ui.md(due)}{past}")
    ui.link("agreement", p["agreement_id"], shorten(f"Agreement: {p['agreement']}", 120), icon=":material/handshake:")
    asm = fr.assessments[fr.assessments["provision_id"] == rid]
    st.subheader("Status over time, per claimant")
    if asm.empty:
        st.caption("The articles do not report on how this provision is being carried out.")
    else:
        for _, r in asm.sort_values(["as_of_start", "as_of_end", "id"]).iterrows():
            st.markdown(f"{status_line(r)}: {ui.md(r['summary'])}")
            ui.link("assessment", r["id"], "Quote and evidence", icon=":material/fact_check:")
    quotes("provision", rid, bool(p["paraphrase"]))
    record._fields([("id", p["id"]), ("agreement", p["agreement"]), ("category", p["category"]), ("closest PA-X topic", p["pax_topic"]),
             ("obligated", "; ".join(p["obligated"])), ("stage", p["stage"]), ("deadline", due),
             ("deadline as written", p["deadline_text"]), ("deadline rule", p["deadline_rule"]),
             ("deadline note", p["deadline_note"]), ("deadline window", p["window_note"]), ("days past the deadline (derived)", p["days_past_deadline"]),
             ("what counts it still undone (metric)", p["outstanding_metric"]),
             ("paraphrase", p["paraphrase"]), ("source", p["source"]), ("permalink", p["permalink"])])


def assessment_page() -> None:
    fr = state.bundle().frames
    rid, r = record._record(fr.assessments, "assessment", "Assessment")
    if r is None:
        return
    provision = fr.provisions.set_index("id").loc[r["provision_id"]]
    st.markdown(f"### {ui.md(provision['label'])}: {badge(r['status'])}")
    st.markdown(ui.md(r["summary"]))
    st.caption(f"Per {ui.md(in_sentence(r['claimant']))} · as of {ui.md(when(r, 'as_of'))}"
               + (" · **derived by us, not stated in the text**" if r["derived"] else ""))
    if r["derived"]:
        st.markdown(f"Formula: {ui.md(r['derived_formula'])}")
    ui.link("provision", r["provision_id"], "Provision: wording and all assessments", icon=":material/gavel:")
    quotes("assessment", rid)
    st.subheader("Evidence")
    if not len(r["evidence_events"]) and not len(r["evidence_figures"]):
        st.caption("No event or figure is linked.")
    evidence_links(r)
    others = fr.assessments[(fr.assessments["provision_id"] == r["provision_id"]) & (fr.assessments["id"] != rid)]
    if len(others):
        st.subheader("Other assessments of this provision (side by side, not reconciled)")
        st.markdown(status_lines(others))
    record._fields([("id", r["id"]), ("provision", r["provision_id"]), ("status", r["status"]), ("claimant", r["claimant"]),
             ("party", r["party"]), ("as of", when(r, "as_of")), ("as of, as written", r["as_of_text"]),
             ("days past the deadline", r["days_past_deadline"]), ("derived", r["derived"]),
             ("formula", r["derived_formula"]), ("source", r["source"]), ("permalink", r["permalink"])])


def provisions_for(kind: str, rid: str) -> None:
    """On an event or figure page: the provisions whose assessments cite it as evidence."""
    asm = state.bundle().frames.assessments
    if asm.empty or kind not in ("event", "figure"):
        return
    column = "evidence_events" if kind == "event" else "evidence_figures"
    hits = asm[asm[column].map(lambda ids: rid in ids).astype(bool)]
    if hits.empty:
        return
    st.subheader("Provisions this bears on")
    for _, r in hits.iterrows():
        st.markdown(f"**{ui.md(r['provision'])}**: {status_line(r)}")
        # the line above gives the status and date; the claimant label may carry a date itself
        ui.link("assessment", r["id"], f"Assessment of “{shorten(str(r['provision']), 80)}” per "
                f"{in_sentence(r['claimant'])}: quote and evidence", icon=":material/gavel:")
