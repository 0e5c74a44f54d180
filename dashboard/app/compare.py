"""Gaza vs Lebanon: the comparison the first article draws, every cell from coded data."""

from __future__ import annotations

import streamlit as st

from dashboard.views.compare_view import ENFORCEMENT_METRICS, ceasefire_dates, dated_comparisons, enforcement_summary
from dashboard.frames.filters import Filters
from dashboard.codebook.figures import Dimension
from dashboard.conventions import theme
from dashboard.conventions.theme import label
from dashboard.app import compliance, state, ui


def render() -> None:
    b = state.bundle()
    fr = b.frames
    as_of = b.dataset.as_of.isoformat()
    st.title("Gaza vs Lebanon")
    st.caption("Both ceasefires side by side: what each claimant's enforcement figures say, time since each took "
               "effect, and a matrix of coded statements. Every cell links to its quoted source.")
    summary()
    ui.show_chart(state.chart("compare-days", Filters()), "cmp-days", as_of)
    ui.show_chart(state.chart("enforcement", Filters()), "cmp-enf", as_of)

    st.subheader("Comparison matrix")
    cm = dated_comparisons(fr, b.source.rows("citations", where={"record_kind": "comparison"}))
    written = ceasefire_dates(fr.phases)
    current, earlier = cm[~cm["before_ceasefire"]], cm[cm["before_ceasefire"]]
    st.caption("Statements made since each theatre's ceasefire, dated by the article that made them. One row per "
               "dimension: open a row to read its statements (enforcement, this page's question, is open).")
    matrix(current, {t: f"since the {written[t]} ceasefire" if t in written else "" for t in THEATRES}, fold=True)
    if len(earlier):
        # statements about an earlier truce or the war: not evidence of how the current ceasefire is kept
        with st.expander(f"Statements from before the ceasefire ({len(earlier)})"):
            matrix(earlier, {t: f"before the {written[t]} ceasefire" if t in written else "" for t in THEATRES})
    compliance.category_comparison()  # provisions by category, Gaza vs Lebanon (dashboard/app/compliance.py)


THEATRES = ("gaza", "lebanon")


def summary() -> None:
    """How enforcement compares: per theatre, each claimant's figures since its ceasefire, dated and attributed."""
    st.subheader("How enforcement compares")
    b = state.bundle()
    figures = b.source.rows("figures", where={"metric": tuple(ENFORCEMENT_METRICS)})  # in memory or from DuckDB alike
    theatres = enforcement_summary(b.frames, figures)
    if not theatres:
        st.info("No enforcement figures are coded yet.")
        return
    for col, t in zip(st.columns(len(theatres)), theatres):
        with col:
            since = f", since the {t.ceasefire} ceasefire" if t.ceasefire else ""
            n = sum(len(c.items) for c in t.claims)
            st.markdown(f"**{ui.md(label(t.theatre))}{ui.md(since)}**: {ui.count_words(n, 'figure')} from "
                        f"{ui.count_words(len(t.claims), 'claimant')}")
            st.markdown("\n".join(f"- Per {ui.md(theme.in_sentence(c.claimant))}:\n" + "\n".join(f"  - {ui.md(i)}" for i in c.items)
                                    for c in t.claims) or "No figures since the ceasefire.")
            if t.earlier:
                st.caption(f"{ui.count_words(t.earlier, 'earlier figure').capitalize()} from before this ceasefire "
                           f"{'is' if t.earlier == 1 else 'are'} in the chart below, not in this summary.")


def matrix(cm, heads: dict[str, str], fold: bool = False) -> None:
    """The statements per dimension and theatre. `fold`: each dimension in its own expander, its label counting
    the statements per theatre, enforcement open (the page was ~15,000 px tall at 1440 with every cell open)."""
    if not fold:
        _matrix_head(heads)
    for dim in Dimension:
        rows = cm[cm["dimension"] == dim.value]
        if rows.empty:
            continue
        if fold:
            counts = ", ".join(f"{label(t)} {ui.count_words(int((rows['theatre'] == t).sum()), 'statement')}"
                               for t in THEATRES)
            with st.expander(f"{label(dim.value)}: {counts}", expanded=dim is Dimension.enforcement):
                _matrix_head(heads)
                _matrix_row(dim, rows)
        else:
            _matrix_row(dim, rows)


def _matrix_head(heads: dict[str, str]) -> None:
    head = st.columns([1.2, 3, 3])
    head[0].markdown("**Dimension**")
    for col, theatre in zip(head[1:], THEATRES):
        col.markdown(f"**{ui.md(label(theatre))}** ({ui.md(heads.get(theatre, ''))})")


def _matrix_row(dim, rows) -> None:
    cols = st.columns([1.2, 3, 3], border=True)
    cols[0].markdown(f"**{label(dim.value)}**")
    for col, theatre in zip(cols[1:], THEATRES):
        cells = rows[rows["theatre"] == theatre]
        with col:
            if cells.empty:
                st.caption("Not coded from the articles.")
            for _, r in cells.iterrows():
                who = theme.claimant_label(r["claimant_key"], r["claimant"])
                when = f" · stated {r['stated']}" if r["stated"] else ""
                st.markdown(f"{ui.md(r['summary'])}  \n*Per {ui.md(theme.in_sentence(who))} · {ui.md(r['source'])}"
                            f"{ui.md(when)}*")
                ui.link("comparison", r["id"], "Quote in its article", icon=":material/format_quote:")
