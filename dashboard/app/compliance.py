"""Compliance: which obligations each agreement set, and which are overdue or reported broken, per claimant.

Thin page: the tables and the chart come from dashboard/dataset/compliance.py and dashboard/charts/compliance.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.dataset.compliance import CATEGORY_LABEL, STATUS_LABEL
from dashboard.frames.compliance import current_statuses
from dashboard.conventions.datefmt import format_span
from dashboard.frames.filters import Filters
from dashboard.app import state, ui
from dashboard.frames.rollup import claimant_rollup
from dashboard.app.detail_compliance import evidence_links, rollup_dataframe, status_line, status_lines, status_strip, when

ATTENTION = ("overdue", "reported_violated", "disputed", "at_risk")
ATTENTION_COLUMNS = ("provision", "status", "per", "days past deadline", "as of", "assessment")


def narrow() -> bool:
    """A phone, as the browser measured it (viewport.py); unmeasured (a first run, tests) counts as wide."""
    from dashboard.app.viewport import STATE_KEY

    px = st.session_state.get(STATE_KEY)
    return bool(px) and px < 600


def _attention_table(fr) -> pd.DataFrame:
    """Every claimant's latest status that says an obligation is overdue, broken or contested."""
    cur = current_statuses(fr.assessments)
    cur = cur[cur["status"].isin(ATTENTION)]
    pv = fr.provisions.set_index("id")
    rows = []
    for _, r in cur.iterrows():
        p = pv.loc[r["provision_id"]]
        rows.append({
            "provision": p["label"], "agreement": p["agreement"], "binds": ", ".join(p["obligated"]),
            "rank": ATTENTION.index(r["status"]),
            "status": STATUS_LABEL[r["status"]] + (" (derived)" if r["derived"] else ""), "per": r["claimant"],
            "about": r["party"] if isinstance(r["party"], str) else "",
            "as of": format_span(r["as_of_start"], r["as_of_end"], r["as_of_precision"]),
            "deadline": when(p, "deadline"),
            "days past deadline": r["days_past_deadline"], "_past": r["days_past_range"],
            "assessment": r["permalink"], "provision link": p["permalink"],
        })
    # what a phone shows first: which obligation, what status, per whom, how late
    out = pd.DataFrame(rows, columns=["rank", "provision", "status", "per", "days past deadline", "as of", "binds", "about",
                                      "deadline", "agreement", "assessment", "provision link", "_past"])
    out["days past deadline"] = out["days past deadline"].astype("Int64")
    # overdue first, longest overdue first; then reported violations, then disputes, then reported risks
    return out.sort_values(["rank", "days past deadline", "provision"], ascending=[True, False, True],
                           na_position="last").drop(columns="rank")


def render() -> None:
    b = state.bundle()
    fr = b.frames
    as_of = b.dataset.as_of.isoformat()
    st.title("Compliance")
    st.caption("What each agreement required, and what each claimant says happened. A status is a claim, "
               "with its claimant and date; conflicting claims stay side by side. 'Derived' marks a status we computed "
               "from a deadline and a later reported count.")
    if fr.provisions.empty:
        st.info("No agreements are coded in this dataset.")
        return

    st.subheader("Per claimant: how many provisions each calls fulfilled, at risk, overdue, violated or disputed")
    rollup = claimant_rollup(fr.agreements, fr.assessments)
    st.caption("Each agreement's provisions counted once per claimant, by the status in that claimant's latest report on "
               "it (as of the date shown); claimants are never merged, and statuses we derived are a row of their own. "
               "The same table is in the export (compliance_rollup.csv, and `compliance_rollup` in the JSON).")
    for ag_id, rows in rollup.groupby("agreement_id", sort=False):  # one table per agreement: counts stay in view
        st.markdown(f"**{ui.md(rows['agreement'].iloc[0])}**")
        rollup_dataframe(rows)

    st.subheader("Overdue, reported violated, disputed or reported at risk, per claimant")
    table = _attention_table(fr)
    st.caption(f"{len(table)} claims, each the latest status that claimant gives for that provision. "
               f"Days past the deadline are counted to the claim's date.")
    # no deadline in the text: an empty cell, not "None" (the column stays sorted as numbers above)
    # written as a range when the deadline or the claim is known only to a span (days_past_range)
    table["days past deadline"] = table.pop("_past").map(lambda v: v if isinstance(v, str) else "")
    if narrow():  # a phone: one short block per claim, every part wrapped, instead of two visible columns
        for _, r in table.iterrows():
            late = f" · **{ui.md(r['days past deadline'])} past the deadline**" if r["days past deadline"] else ""
            st.markdown(f"**{ui.md(r['provision'])}**: {ui.md(r['status'])} · per {ui.md(r['per'])} · "
                        f"as of {ui.md(r['as of'])}{late}")
            ui.link("assessment", r["assessment"].split("?id=", 1)[-1], "Quote and evidence", icon=":material/format_quote:")
    else:
        # the columns that answer "what is late or broken, per whom": the rest (who is bound, the deadline, the
        # agreement) is one click away on the assessment; at 1440 px they pushed the links off to the right
        st.dataframe(table, hide_index=True, width="stretch", column_order=ATTENTION_COLUMNS, column_config={
            "provision": st.column_config.TextColumn(width="medium"),
            "assessment": st.column_config.LinkColumn("Quote", display_text="quote and evidence",
                                                      help="The assessment: its quote, claimant, evidence, deadline "
                                                           "and who it binds"),
            "days past deadline": st.column_config.TextColumn(help="Blank: the text gives no deadline"),
        })

    # the scorecard (each claimant's latest status), laid out for the reader's width like every other chart
    ui.show_chart(state.chart("compliance", Filters()), "compliance-chart", as_of)
    # every report over time: detail the app keeps (not exported, not in the pack); built only once opened
    with st.expander("Each report over time: every claimant's statuses by report date", key="compliance-timeline-open",
                     on_change="rerun"):
        if st.session_state.get("compliance-timeline-open"):
            ui.show_chart(state.chart("compliance-timeline", Filters()), "compliance-timeline-chart", as_of)

    st.subheader("Every provision, by agreement")
    st.caption("Each provision: its statuses over time (* = derived by us), then each claimant's latest status with its "
               "quote and the evidence records. Proposals never in force are collapsed.")
    for _, a in fr.agreements.iterrows():
        pv = fr.provisions[fr.provisions["agreement_id"] == a["id"]]
        asm = fr.assessments[fr.assessments["agreement_id"] == a["id"]]
        with st.expander(f"{a['name']} · {len(pv)} provisions · {len(asm)} assessments", expanded=a["kind"] != "proposal"):
            st.caption(f"{ui.md(a['kind'])} · binds {ui.md(', '.join(a['parties']) or 'no signatory named in the text')} · "
                       f"signed {ui.md(when(a, 'signed'))} · in effect {ui.md(when(a, 'effective'))}")
            ui.link("agreement", a["id"], "Agreement detail and quotes", icon=":material/handshake:")
            for cat, group in pv.groupby("category", sort=False):
                st.markdown(f"**{ui.md(CATEGORY_LABEL[cat])}**")
                for _, p in group.iterrows():
                    _provision_cell(fr, p)


def _provision_cell(fr, p) -> None:
    mine = fr.assessments[fr.assessments["provision_id"] == p["id"]]
    with st.container(border=True):
        due = "" if not isinstance(p["deadline"], str) else f" · due {when(p, 'deadline')}"
        past = "" if not isinstance(p["days_past_text"], str) else f" · **{ui.md(p['days_past_text'])}** (derived)"
        st.markdown(f"**{ui.md(p['label'])}** · binds {ui.md(', '.join(p['obligated']) or 'a party not named')}"
                    f"{ui.md(due)}{past}")
        ui.link("provision", p["id"], "Provision: wording and all assessments", icon=":material/gavel:")
        if mine.empty:
            st.caption("The articles do not report on how this is being carried out.")
            return
        st.markdown("**Over time**  \n" + status_strip(mine))
        st.markdown("**Latest per claimant**")
        for _, r in current_statuses(mine).iterrows():
            st.markdown(f"{status_line(r)}: {ui.md(r['summary'])}")
            cols = st.columns(2)
            with cols[0]:
                ui.link("assessment", r["id"], "Quote", icon=":material/format_quote:")
            with cols[1]:
                n = len(r["evidence_events"]) + len(r["evidence_figures"])
                if n:
                    with st.popover(f"Evidence ({n})"):
                        evidence_links(r)


def category_comparison() -> None:
    """Gaza vs Lebanon, provision by category: what each ceasefire required and how each is reported to go."""
    fr = state.bundle().frames
    if fr.provisions.empty:
        return
    current = {ph for ph in fr.phases.sort_values("start_start").groupby("theatre")["id"].last()}
    in_force = fr.agreements[fr.agreements["phases"].map(lambda ps: bool(set(ps) & current)).astype(bool)]
    pv = fr.provisions[fr.provisions["agreement_id"].isin(in_force["id"])]
    st.subheader("Provisions by category: what each ceasefire required, and how it is reported to be going")
    names = {t: "; ".join(in_force[in_force["theatre"] == t]["name"]) for t in ("gaza", "lebanon")}
    counts = {t: int((pv["theatre"] == t).sum()) for t in ("gaza", "lebanon")}
    # folded: the comparison page leads with its summary; this detail is one click away (issue 22: page height)
    with st.expander(f"Gaza {ui.count_words(counts['gaza'], 'provision')}, Lebanon "
                     f"{ui.count_words(counts['lebanon'], 'provision')}, by category"):
        _category_rows(fr, pv, names)


def _category_rows(fr, pv, names: dict[str, str]) -> None:
    head = st.columns([1.2, 3, 3])
    head[0].markdown("**Category**")
    head[1].markdown(f"**Gaza** ({ui.md(names['gaza'])})")
    head[2].markdown(f"**Lebanon** ({ui.md(names['lebanon'])})")
    for cat in CATEGORY_LABEL:
        rows = pv[pv["category"] == cat]
        if rows.empty:
            continue
        cols = st.columns([1.2, 3, 3], border=True)
        cols[0].markdown(f"**{ui.md(CATEGORY_LABEL[cat])}**")
        for col, theatre in ((cols[1], "gaza"), (cols[2], "lebanon")):
            with col:
                cells = rows[rows["theatre"] == theatre]
                if cells.empty:
                    st.caption("No provision of this kind in the articles.")
                for _, p in cells.iterrows():
                    st.markdown(f"**{ui.md(p['label'])}**")
                    mine = fr.assessments[fr.assessments["provision_id"] == p["id"]]
                    st.markdown(status_lines(current_statuses(mine)) if len(mine) else "*not reported on*")
                    ui.link("provision", p["id"], "Wording and assessments", icon=":material/format_quote:")
