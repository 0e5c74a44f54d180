"""A probe page, served only by the browser tests: every payload through each display sink.

`?mode=safe` (default) uses dashboard.conventions.safe_text; `?mode=escaped` uses backslash-escaping alone (the rule
the app had before), so the test can show that the check finds planted links when they are there.
"""

import re
import sys
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for `dashboard`
from dashboard.conventions.safe_text import md, plotly_text  # noqa: E402
from sink_payloads import PAYLOADS, TEMPLATE  # noqa: E402

_OLD = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^%\"'])")


if st.query_params.get("icon") == "material":  # the bad case of the offline test: Streamlit fetches this icon
    st.set_page_config(page_icon=":material/timeline:")
mode = st.query_params.get("mode", "safe")
esc = md if mode == "safe" else (lambda s: _OLD.sub(r"\\\1", s))


def probe() -> None:
    for i, text in enumerate(PAYLOADS):
        with st.container(key=f"md-{i}"):
            st.markdown(esc(text))
            st.caption(esc(text))
            st.warning(f"No event with the id “{esc(text)}” is in this dataset.")
    with st.container(key="link-labels"):
        for i, text in enumerate(PAYLOADS[:4]):
            st.page_link(PROBE, label=esc(text), query_params={"id": str(i)})
    if mode == "safe":
        fig = go.Figure(go.Scatter(
            x=list(range(len(PAYLOADS))), y=[1] * len(PAYLOADS), mode="markers+text",
            text=[plotly_text(p) for p in PAYLOADS], name=plotly_text(TEMPLATE),
            customdata=[[p] for p in PAYLOADS],
            hovertemplate=[plotly_text(p) + "<extra></extra>" for p in PAYLOADS]))
        fig.update_layout(title=plotly_text(PAYLOADS[0]), showlegend=True, width=1400, height=500)
        fig.update_xaxes(tickvals=list(range(len(PAYLOADS))), ticktext=[plotly_text(p, 20) for p in PAYLOADS])
        st.plotly_chart(fig, theme=None, key="probe-chart")


PROBE = st.Page(probe, title="Probe", url_path="probe", default=True)
st.navigation([PROBE], position="hidden").run()
