"""One text folding (case, accents, compatibility forms) for search and name comparisons."""

from __future__ import annotations

import functools
import unicodedata

import pandas as pd


def fold(text) -> str:
    """Lower case without accents, control characters as spaces: the form both sides are compared in.

    The one text-folding function of search: the in-memory ranking, the query terms, the folded columns written
    with a large dataset's cache (`folded_columns`) and DuckDB's `fold_text` function all call it, so "Straße"
    finds "strasse", fullwidth "Ｒａｆａｈ" finds "Rafah" and the ligature in "ﬁnal" finds "final" in both engines."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    return _fold_str(str(text))


@functools.lru_cache(maxsize=65_536)  # large datasets repeat their actors, places and quotes many times
def _fold_str(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text if not unicodedata.combining(ch))
