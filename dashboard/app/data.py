"""Data: the filtered tables with links to detail views, downloads of exactly what is shown, the codebook."""

from __future__ import annotations

import streamlit as st

from dashboard.codebook.table import codebook_frame
from dashboard.outputs.export import frame_to_csv_bytes, frame_to_json_bytes
from dashboard.charts import relevant_filters
from dashboard.frames.filters import file_tag, filter_events, filter_figures
from dashboard.app import state, ui
from dashboard.app.timeline import filter_sidebar


ROW_CAP = 5_000


class _Paged:
    """A filtered table of a large dataset: its length by a SQL count, its rows a page at a time."""

    def __init__(self, source, table: str, filters):
        self.source, self.table, self.filters = source, table, filters
        self.n = source.count(table, filters)

    def __len__(self) -> int:
        return self.n

    def page(self, i: int):
        return self.source.rows(self.table, self.filters, limit=ROW_CAP, offset=i * ROW_CAP)

    def all(self):
        return self.source.rows(self.table, self.filters)


def _stem(name: str, tags: dict) -> str:
    tag = tags.get(name, "")
    return f"ceasefire-monitor_{name.lower()}" + (f"_{tag}" if tag else "")


def render() -> None:
    b = state.bundle()
    f = filter_sidebar(b, chart_options=False)
    fr = b.frames
    st.title("Data")
    st.caption("The tables behind every chart, filtered by the sidebar. Downloads contain exactly the rows shown. "
               "Column names follow ACLED where the meaning is the same.")
    src = b.source
    if src.scale:  # a large dataset: each table is read a page at a time; downloads are built on click
        tables = {name: _Paged(src, table, f if table in ("events", "figures") else None)
                  for name, table in (("Events", "events"), ("Figures", "figures"), ("Citations", "citations"))}
    else:
        tables = {"Events": filter_events(fr.events, f), "Figures": filter_figures(fr.figures, f), "Citations": fr.citations}
    tables.update({
        "Sources": fr.sources,
        "Phases": fr.phases,
        "Actors": fr.actors,
        "Comparisons": fr.comparisons,
        "Codebook": codebook_frame(),
    })
    # events and figures follow different filters (the timeline's and a figure chart's): each name says its own
    tags = {"Events": file_tag(relevant_filters("timeline", f)), "Figures": file_tag(relevant_filters("deaths", f))}
    tabs = st.tabs([f"{name} ({len(df)})" for name, df in tables.items()])
    for tab, (name, df) in zip(tabs, tables.items()):
        with tab:
            if isinstance(df, _Paged):
                pages = max(1, -(-len(df) // ROW_CAP))
                page = st.number_input(f"Page (of {pages:,}, {ROW_CAP:,} rows each)", 1, pages, 1, key=f"page-{name}")
                shown_rows = df.page(int(page) - 1)
                st.caption(f"Rows {(int(page) - 1) * ROW_CAP + 1:,} to {(int(page) - 1) * ROW_CAP + len(shown_rows):,} "
                           f"of {len(df):,}; the downloads contain all {len(df):,}.")
                shown = ui._linked(shown_rows)
                df = df.all  # the download callables below read every row, on click only
            elif len(df) > ROW_CAP:  # large (synthetic) datasets: the browser table stays responsive
                st.caption(f"Showing the first {ROW_CAP:,} of {len(df):,} rows; the downloads contain all {len(df):,}.")
                shown = ui._linked(df.head(ROW_CAP))
            else:
                shown = ui._linked(df)
            st.dataframe(shown, hide_index=True, column_config=ui.link_columns(shown), height=460)
            c1, c2, c3, _ = st.columns([1, 1, 1.4, 1.6])
            # callables: the files are built on click, not on every rerun
            c1.download_button(f"{name} as CSV", lambda df=df: frame_to_csv_bytes(df() if callable(df) else df),
                               file_name=f"{_stem(name, tags)}.csv", mime="text/csv", key=f"dl-{name}-csv")
            c2.download_button(f"{name} as JSON", lambda df=df: frame_to_json_bytes(df() if callable(df) else df),
                               file_name=f"{_stem(name, tags)}.json", mime="application/json",
                               key=f"dl-{name}-json")
            c3.download_button(f"{name} as CSV for spreadsheets", lambda df=df: frame_to_csv_bytes(df() if callable(df) else df, for_spreadsheets=True),
                               file_name=f"{_stem(name, tags)}_spreadsheet.csv", mime="text/csv",
                               key=f"dl-{name}-csv-sheet",
                               help="For Excel, LibreOffice or Google Sheets: text that starts with = + - or @ gets a "
                                    "leading ' so the spreadsheet shows it instead of running it as a formula. "
                                    "Use the plain CSV for pandas, R or a database.")
