"""Small rendering helpers shared by the pages. Data-derived text is always escaped or shown as text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts import Chart, modebar_config, relevant_filters
from dashboard.outputs.export import frame_to_csv_bytes, frame_to_json_bytes
from dashboard.frames.filters import Filters, file_tag
from dashboard.conventions.safe_text import md
from dashboard.app import state


# A constant stylesheet (never data-derived). WCAG 2.2 target size (2.5.8): the date range input's day and
# month segments are 18x20 px spin buttons; give each at least 24x24 px so a finger or a tremor hits the one meant.
ACCESSIBILITY_CSS = """<style>
[data-testid="stDateInput"] [role="spinbutton"] {display: inline-block; min-width: 24px; min-height: 24px;
  line-height: 24px; text-align: center;}
</style>"""


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_words(n: int, noun: str, plural: str | None = None) -> str:
    """'five news articles', 'one outlet', '12 sources': a count from the data written as prose would."""
    word = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{word} {noun if n == 1 else plural or noun + 's'}"


def quote_md(quote: str, attribution: str) -> str:
    return f"> “{md(quote)}”\n>\n> — {md(attribution)}"


def link(kind: str, rid: str, label: str, icon: str | None = None) -> None:
    page = state.PAGES.get(kind)
    if page is None:
        st.markdown(md(label))
        return
    # page_link labels are Markdown: labels carry data (summaries, titles), so escape them like any text
    st.page_link(page, label=md(label), query_params={"id": rid}, icon=icon)


def show_chart(chart: Chart, key: str, as_of: str) -> None:
    """Render a branded chart with export options, a text alternative and the data behind it.
    Clicking a mark opens that record's detail view."""
    fmt = st.session_state.get(f"{key}-fmt", "png")
    event = st.plotly_chart(
        chart.sent_figure(), key=key, theme=None, config=modebar_config(chart, as_of, fmt),
        on_select="rerun", selection_mode=("points",),
    )
    # Filled only once opened (opening reruns the page): a collapsed expander still sends and mounts its
    # contents, and a data grid under each of five charts delayed every page's first chart and every redraw.
    data_key = f"{key}-data"
    with st.expander("Text description and data behind this chart", key=data_key, on_change="rerun"):
        if st.session_state.get(data_key):
            _chart_data(chart, key, as_of)
    _open_selection(event)


def _chart_data(chart: Chart, key: str, as_of: str) -> None:
    st.text(chart.summary)
    st.dataframe(_linked(chart.data), hide_index=True, column_config=link_columns(chart.data))
    c1, c2, c3 = st.columns([1, 1, 2])
    name = download_name(chart.id, as_of, relevant_filters(chart.id, state.current_filters()))
    # callables: the bytes are built only when someone downloads, not on every rerun
    c1.download_button("CSV of this chart", lambda: frame_to_csv_bytes(chart.data), file_name=f"{name}.csv",
                       mime="text/csv", key=f"{key}-csv")
    c2.download_button("JSON of this chart", lambda: frame_to_json_bytes(chart.data), file_name=f"{name}.json",
                       mime="application/json", key=f"{key}-json")
    c3.radio("Camera button exports", ["png", "svg"], key=f"{key}-fmt", horizontal=True,
             help="PNG at 2x for slides, SVG for print")


def download_name(stem: str, as_of: str, f: Filters) -> str:
    """'deaths_2025-11-24' unfiltered, 'deaths_2025-11-24_gaza_3f2a9c1b' filtered: the filters that shaped the
    rows are in the name, so two filtered exports never overwrite each other."""
    tag = file_tag(f)
    return f"{stem}_{as_of}_{tag}" if tag else f"{stem}_{as_of}"


def _open_selection(event) -> None:
    """A click on a mark opens that record's detail view."""
    if event and event.selection and event.selection.points:
        custom = event.selection.points[0].get("customdata")
        if custom and len(custom) >= 2 and isinstance(custom[1], str):
            kind, _, rid = custom[1].partition("?id=")
            state.open_record(kind, rid)


def _linked(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda v: isinstance(v, list)).any():  # empty datetime cols: .any() raises
            out[col] = out[col].map(lambda v: ", ".join(v) if isinstance(v, list) else v)
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")  # window bounds are days; no 00:00:00
    return out


def link_columns(df: pd.DataFrame) -> dict:
    config = {}
    if "permalink" in df.columns:
        config["permalink"] = st.column_config.LinkColumn("Detail", display_text=r"\?id=(.*)$",
                                                          help="Open the detail view with the quoted sentence")
    return config


def not_found(kind: str, rid: str | None) -> None:
    if rid:
        st.warning(f"No {kind} with the id “{md(rid[:120])}” is in this dataset.")
    else:
        st.info(f"Give a {kind} id in the address, for example `{kind}?id=…`, or pick one from the lists.")
    st.page_link(state.PAGES["overview"], label="Back to the overview", icon=":material/arrow_back:")
    st.page_link(state.PAGES["data"], label="Browse all records", icon=":material/table:")


def paragraphs(text: str):
    """(start, end) of each non-blank paragraph: lines split on LF only, as citation offsets count them."""
    pos = 0
    for para in text.split("\n"):
        start, end = pos, pos + len(para)
        pos = end + 1
        if para.strip():
            yield start, end


def quote_in_paragraph(text: str, start: int, end: int) -> str:
    """Markdown of the paragraph around text[start:end], the quote highlighted; every piece escaped."""
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    p_end = len(text) if p_end < 0 else p_end
    return f"{md(text[p_start:start])}:orange-background[**{md(text[start:end])}**]{md(text[end:p_end])}"
