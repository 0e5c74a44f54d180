"""Record views: read the id from the URL and lay out a record's fields (events, figures, compliance)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.app import state, ui


def _fields(rows: list[tuple[str, object]]) -> None:
    def text(v) -> str:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))  # 20.0 -> 20; 20.5 stays as it is
        return str(v)

    df = pd.DataFrame([(k, text(v)) for k, v in rows], columns=["Field", "Value"])
    st.dataframe(df, hide_index=True, width="stretch")


def _record(table: pd.DataFrame, kind: str, title: str):
    """The row named by `?id=`, or None after showing a friendly not-found (never a traceback)."""
    rid = state.query_id()
    st.title(title)
    row = table[table["id"] == rid] if rid else table.iloc[0:0]
    if row.empty:
        ui.not_found(kind, rid)
        return rid, None
    state.show_in_url(kind, id=rid)  # a link from one record to another updates the address bar (Back returns)
    return rid, row.iloc[0]
