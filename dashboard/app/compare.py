"""Gaza vs Lebanon: the comparison the first article draws, every cell from coded data."""

from __future__ import annotations

import streamlit as st

from ..filters import Filters
from ..models import Dimension
from .. import theme
from ..theme import label
from . import compliance, state, ui


def render() -> None:
    b = state.bundle()
    fr = b.frames
    as_of = b.dataset.as_of.isoformat()
    st.title("Gaza vs Lebanon")
    st.caption("Both ceasefires side by side: time since each took effect, enforcement figures with their claimants, "
               "and a matrix of coded statements. Every cell links to its quoted source.")
    ui.show_chart(state.chart("compare-days", Filters()), "cmp-days", as_of)
    ui.show_chart(state.chart("enforcement", Filters()), "cmp-enf", as_of)

    st.subheader("Comparison matrix")
    cm = fr.comparisons
    head = st.columns([1.2, 3, 3])
    head[0].markdown("**Dimension**")
    head[1].markdown("**Gaza** (ceasefire of 10 Oct 2025)")
    head[2].markdown("**Lebanon** (ceasefire of Nov 2024)")
    for dim in Dimension:
        rows = cm[cm["dimension"] == dim.value]
        if rows.empty:
            continue
        cols = st.columns([1.2, 3, 3], border=True)
        cols[0].markdown(f"**{label(dim.value)}**")
        for col, theatre in ((cols[1], "gaza"), (cols[2], "lebanon")):
            cells = rows[rows["theatre"] == theatre]
            with col:
                if cells.empty:
                    st.caption("Not coded from the articles.")
                for _, r in cells.iterrows():
                    who = theme.claimant_label(r["claimant_id"], r["claimant"])
                    st.markdown(f"{ui.md(r['summary'])}  \n*Per {ui.md(theme.in_sentence(who))} · {ui.md(r['source'])}*")
                    ui.link("comparison", r["id"], "Quote and context", icon=":material/format_quote:")
    compliance.category_comparison()  # provisions by category, Gaza vs Lebanon (dashboard/app/compliance.py)
