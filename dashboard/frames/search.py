"""Full-text search over summaries, quotes, actors and locations. Pure Python, no Streamlit.

`search(frames, query)` ranks records (events, figures, comparisons, phases, sources, and the compliance
records: agreements, provisions, assessments) whose searchable
text contains every term of the query. Terms are matched as literal, case- and accent-insensitive
substrings (never as regular expressions), so a query is data and nothing in it is interpreted. A
record's score is the sum, over terms, of the weight of the best field a term occurs in (a summary
or an actor beats a quote), with a bonus when a term is a whole word and when the whole query occurs
as a phrase; ties go to the newer record, then the id. `search_source(source, query)` is the same
over a frame source: a large dataset pre-selects candidates in SQL (every term present, bound
parameters) and ranks them the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from dashboard.conventions.fold import fold

MAX_QUERY_CHARS = 200
MAX_TERMS = 8
KIND_ORDER = {"event": 0, "figure": 1, "comparison": 2, "phase": 3, "source": 4, "agreement": 5, "provision": 6,
              "assessment": 7}
# (kind, frame, searchable fields with weights, title field, date field)
FIELDS = {
    "event": ("events", {"notes": 3.0, "actor1": 3.0, "actor2": 3.0, "location": 2.0, "quote": 1.0}, "notes", "date_start"),
    "figure": ("figures", {"subject": 3.0, "claimant": 3.0, "quote": 1.0}, "subject", "as_of_start"),
    "comparison": ("comparisons", {"summary": 3.0, "claimant": 3.0, "quote": 1.0}, "summary", None),
    "phase": ("phases", {"name": 3.0, "summary": 2.0}, "name", "start_start"),
    "source": ("sources", {"title": 3.0, "outlet": 3.0, "byline": 2.0}, "title", "published_start"),
    # compliance records (dashboard/dataset/compliance.py), each linking to agreement?id=, provision?id=, assessment?id=
    "agreement": ("agreements", {"name": 3.0, "summary": 2.0, "parties": 2.0, "mediators": 2.0, "quote": 1.0}, "name",
                  "signed_start"),
    "provision": ("provisions", {"label": 3.0, "summary": 3.0, "obligated": 2.0, "agreement": 2.0, "wording": 1.0},
                  "label", "deadline_start"),
    "assessment": ("assessments", {"summary": 3.0, "claimant": 3.0, "provision": 2.0, "party": 2.0, "status_label": 2.0,
                                   "quote": 1.0}, "summary", "as_of_start"),
}
FIELD_LABEL = {"notes": "summary", "actor1": "actor", "actor2": "actor", "location": "location", "quote": "quote",
               "subject": "subject", "claimant": "claimant", "summary": "summary", "name": "name", "title": "title",
               "outlet": "outlet", "byline": "byline", "parties": "parties", "mediators": "mediators",
               "label": "provision", "obligated": "obligated party", "agreement": "agreement", "wording": "wording",
               "provision": "provision", "party": "party", "status_label": "status"}
SQL_CANDIDATES = 2_000  # at scale, at most this many events and figures are ranked


@dataclass(frozen=True)
class Hit:
    kind: str  # event, figure, comparison, phase, source, agreement, provision, assessment: the detail view it links to
    id: str
    title: str  # the record's own words (to be shown escaped)
    field: str  # where the best match is: summary, actor, location, quote, ...
    snippet: str  # the matched text around the first match (to be shown escaped)
    score: float


def folded_column(values: pd.Series) -> list[str]:
    """`fold` of every cell, each distinct value folded once (what the cache stores for the DuckDB engine)."""
    codes, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    table = [fold(u) for u in uniques] + [""]  # code -1 (a missing value) -> ""
    return [table[c] for c in codes]


def searched_columns(table: str) -> list[str]:
    """The columns search reads in a frame table (events, figures): what is stored folded for DuckDB."""
    return [c for kind, (t, fields, *_rest) in FIELDS.items() if t == table for c in fields]


def _text(value) -> str:
    """A cell as text: a list (parties, obligated actors) joined with "; ", a missing value as ""."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)):
        return "; ".join(str(v) for v in list(value) if v is not None)
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    return str(value)


def terms(query) -> list[str]:
    """The query's distinct terms (folded), at most MAX_TERMS; an empty or unusable query gives []."""
    if not isinstance(query, str):
        return []
    out: list[str] = []
    for t in fold(query[:MAX_QUERY_CHARS]).split():
        t = t.strip("\"'“”‘’.,;:!?()[]{}")
        if t and t not in out:
            out.append(t)
    return out[:MAX_TERMS]


def _snippet(text: str, term: str, width: int = 160) -> str:
    """About `width` characters of `text` around the first occurrence of `term` (folded positions
    match the original ones except where folding changed a character's length; then the start)."""
    at = max(fold(text).find(term), 0)
    start = max(0, at - width // 3)
    piece = text[start:start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def _rank(kind: str, df: pd.DataFrame, words: list[str], phrase: str) -> list[Hit]:
    _, fields, title_col, date_col = FIELDS[kind]
    fields = {c: w for c, w in fields.items() if c in df.columns}
    if df.empty or not fields:
        return []
    folded = {c: df[c].map(lambda v: fold(_text(v))) for c in fields}
    score = pd.Series(0.0, index=df.index)
    best_field = pd.Series("", index=df.index, dtype=object)
    best_weight = pd.Series(0.0, index=df.index)
    for word in words:
        term_best = pd.Series(0.0, index=df.index)
        boundary = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")  # the term escaped: a literal, never a pattern
        for col, weight in fields.items():
            has = folded[col].str.contains(word, regex=False)
            whole = folded[col][has].map(lambda s: bool(boundary.search(s)))
            w = has.astype(float) * weight
            w[whole[whole].index] += 0.5
            term_best = term_best.where(term_best >= w, w)
            better = w > best_weight
            best_field[better], best_weight[better] = col, w[better]
        score = score.where(term_best > 0, -1e9) + term_best  # every term must occur somewhere
    if len(words) > 1:
        score += sum(folded[c].str.contains(phrase, regex=False) * 1.0 for c in fields)
    keep = score > 0
    hits = []
    for i in df.index[keep]:
        col = best_field[i]
        text = _text(df.at[i, col])
        first = next((w for w in words if w in fold(text)), words[0])
        title = _text(df.at[i, title_col])
        hits.append((Hit(kind, str(df.at[i, "id"]), title, FIELD_LABEL.get(col, col),
                         _snippet(text, first), float(score[i])),
                     df.at[i, date_col] if date_col and date_col in df.columns else None))
    return hits


def _order(hits, limit: int) -> list[Hit]:
    def key(item):
        hit, when = item
        stamp = pd.Timestamp(when).value if when is not None and not pd.isna(when) else -(2 ** 62)
        return (-hit.score, -stamp, KIND_ORDER[hit.kind], hit.id)

    return [h for h, _ in sorted(hits, key=key)[:limit]]


def search(frames, query, limit: int = 50) -> list[Hit]:
    """The best `limit` records for `query` in `frames` (a dashboard.frames.tables.Frames), best first."""
    words = terms(query)
    if not words:
        return []
    phrase = " ".join(words)
    hits = []
    for kind, (table, *_rest) in FIELDS.items():
        hits += _rank(kind, getattr(frames, table), words, phrase)
    return _order(hits, limit)


def search_source(source, query, limit: int = 50) -> list[Hit]:
    """search() over a query.PandasSource or DuckSource."""
    if not getattr(source, "scale", False):
        return search(source.frames, query, limit)
    words = terms(query)
    if not words:
        return []
    phrase = " ".join(words)
    hits = []
    for kind, (table, fields, *_rest) in FIELDS.items():
        if table in ("events", "figures"):
            df = source.rows_matching(table, list(fields), words, SQL_CANDIDATES)
        else:
            df = source.table(table)
        hits += _rank(kind, df, words, phrase)
    return _order(hits, limit)
