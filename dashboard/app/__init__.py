"""Streamlit pages (the only package that imports Streamlit); thin: read URL and widgets, call engines, charts and views, lay out."""

