"""The floor: the smallest Streamlit page with one Plotly chart and one widget, served the same way as
the app. Our pages are timed against it in the same run (bench/__main__.py)."""

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Floor", layout="wide")
size = st.radio("Marker size", ["small", "large"], horizontal=True)
xs = list(range(50))
fig = go.Figure(go.Scatter(x=xs, y=[(x * 37) % 23 for x in xs], mode="markers",
                           marker=dict(size=8 if size == "small" else 16, color="#0072B2")))
fig.update_layout(title="Floor chart", height=400)
st.plotly_chart(fig, theme=None)
