"""Briefing mode: `?briefing=1` hides Streamlit chrome and lays charts out at 16:9; `&chart=<id>` shows one."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ..charts import CHARTS, EXPORT_HEIGHT, modebar_config
from . import state

# A constant stylesheet (never data-derived): hide the toolbar, header, sidebar and page padding.
CHROME_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stDecoration"], footer {display: none !important;}
.block-container {padding: 0.5rem 1rem !important; max-width: 100% !important;}
</style>
"""


def active() -> bool:
    return st.query_params.get("briefing") in ("1", "true", "yes")


def render() -> None:
    st.markdown(CHROME_CSS, unsafe_allow_html=True)
    b = state.bundle()
    f = state.current_filters()
    as_of = b.dataset.as_of.isoformat()
    wanted = st.query_params.get("chart")
    ids = [wanted] if wanted in CHARTS else list(CHARTS)
    if wanted is not None and wanted not in CHARTS:
        st.warning("Unknown chart id; showing all charts. Known ids: " + ", ".join(CHARTS))
    for cid in ids:
        chart = state.chart(cid, f)
        # 16:9-ish at slide size with larger type; a copy, so the cached figure is untouched
        fig = _big(chart.figure, len(ids) == 1)
        st.plotly_chart(fig, theme=None, key=f"brief-{cid}", config=modebar_config(chart, as_of))
    st.caption("Briefing mode. Remove `briefing=1` from the address to return to the full app.")


def _big(fig, single: bool):
    big = go.Figure(fig)
    slide = EXPORT_HEIGHT if single else int(EXPORT_HEIGHT * 0.8)
    # a chart taller than a slide keeps its height (as in modebar_config), instead of being squashed into it
    big.update_layout(height=max(slide, int(fig.layout.height or 0)), font=dict(size=16),
                      width=None)
    return big

