"""Search results as a briefer reads them: what, how many, when, per whom, from where, and the matched words.

Pure Python, no Streamlit: the Search page (dashboard/app/search.py) escapes and lays out what this returns.
The ranking stays in dashboard/frames/search.py; this module only describes its hits from the resolved records
(values through charts.base.value_text, dates through datefmt, claimants through theme.claimant_label), so a
result says the same as the record's own detail view.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from dashboard.conventions import datefmt, theme
from dashboard.charts.base import value_text
from dashboard.frames.search import FIELD_LABEL, FIELDS, Hit, terms
from dashboard.conventions.fold import fold

KIND_LABEL = {"event": "Event", "figure": "Figure", "comparison": "Comparison", "phase": "Phase", "source": "Source"}
TABLE_OF = {"event": "events", "figure": "figures", "comparison": "comparisons", "phase": "phases", "source": "sources"}
SNIPPET_CHARS = 160
HEADLINE_CHARS = 140
SLACK = 24  # a snippet grows by at most this many characters to end on a word boundary


@dataclass(frozen=True)
class Result:
    kind: str
    id: str
    type: str  # "Figure · Hostage bodies", "Event · Strike"
    headline: str  # the record's own words, shortened at a word boundary
    facts: tuple[str, ...]  # value, date, claimant, source: each a short phrase, in that order
    field: str  # where the words matched: summary, quote, ...
    snippet: str  # the matched text in context, cut at word boundaries
    matches: tuple[tuple[int, int], ...]  # (start, end) of each matched term in `snippet`
    distinguish: str = ""  # set when two results would otherwise read identically


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def shorten(text: str, limit: int) -> str:
    """`text` at most about `limit` characters, cut at a word boundary with an ellipsis (never mid-word)."""
    text = " ".join(_text(text).split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return (text[:cut] if cut > limit // 2 else text[:limit]).rstrip(" ,;:–—-") + "…"


def word_snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About `width` characters of `text` around the first matched word, starting and ending on word
    boundaries, and where each word occurs in it. Positions are found on the folded text; folding keeps
    a character's position unless it changes its length (rare ligatures), so a mismatch is dropped."""
    text = " ".join(_text(text).split())
    folded = fold(text)
    found = [folded.find(w) for w in words if w and folded.find(w) >= 0]
    at = min(found) if found else 0
    start = max(0, at - width // 3)
    end = min(len(text), start + width)
    if start > 0 and not text[start - 1].isspace():  # back to the start of the word (the match stays in)
        back = text.rfind(" ", max(0, start - SLACK), start)
        start = back + 1 if back >= 0 else start
        if back < 0:  # a word longer than the slack: skip forward to the next one, unless that passes the match
            fwd = text.find(" ", start, at)
            start = fwd + 1 if fwd >= 0 else start
    if end < len(text) and not text[end].isspace():  # forward to the end of the word
        fwd = text.find(" ", end, end + SLACK)
        end = fwd if fwd >= 0 else (text.rfind(" ", start, end) if text.rfind(" ", start, end) > at else end)
    piece = text[start:end]
    lead, tail = ("…" if start > 0 else ""), ("…" if end < len(text) else "")
    fp = fold(piece) if len(fold(piece)) == len(piece) else None
    spans = []
    if fp is not None:
        for w in words:
            i = fp.find(w)
            while w and i >= 0:
                spans.append((len(lead) + i, len(lead) + i + len(w)))
                i = fp.find(w, i + len(w))
    return lead + piece + tail, tuple(sorted(set(spans)))


def _record(source, kind: str, rid: str):
    table = TABLE_OF.get(kind)
    if table is None:
        return None
    try:
        rows = source.rows(table, where={"id": rid})
    except (KeyError, LookupError):
        return None
    return None if rows.empty else rows.iloc[0]


def _facts(kind: str, r) -> tuple[str, tuple[str, ...]]:
    """(type label, facts) of one record."""
    if kind == "figure":
        who = theme.claimant_label(r["claimant_key"], _text(r["claimant"]) or None)  # an author: of that article
        return (f"Figure · {theme.label(r['metric'])}",
                (value_text(r), datefmt.format_row(r, "as_of"), f"per {theme.in_sentence(who)}", _text(r["source"])))
    if kind == "event":
        facts = [datefmt.format_row(r, "date")]
        actor = _text(r.get("actor1"))
        if actor:
            facts.append(f"by {actor}")
        fat = r.get("fatalities")
        if fat is not None and not pd.isna(fat) and fat:
            facts.append(f"{int(fat):,} {'fatality' if int(fat) == 1 else 'fatalities'} reported")
        facts.append(_text(r.get("source")))
        return f"Event · {theme.label(r.get('event_type'))} · {theme.label(r.get('theatre'))}", tuple(facts)
    if kind == "comparison":
        who = theme.claimant_label(r["claimant_key"], _text(r["claimant"]) or None)
        return (f"Comparison · {theme.label(r.get('dimension'))} · {theme.label(r.get('theatre'))}",
                (f"per {theme.in_sentence(who)}", _text(r.get("source"))))
    if kind == "phase":
        end = r.get("end_end") if not r.get("open") else None
        span = datefmt.format_span(r["start_start"], end if end is not None and not pd.isna(end) else None,
                                   r.get("start_precision") or "day")
        return f"Phase · {theme.label(r.get('theatre'))}", (f"from {span}" + ("" if end is not None and not pd.isna(end) else ", open"),)
    if kind == "source":
        return ("Source · " + theme.label(r.get("kind")),
                (f"published {datefmt.format_row(r, 'published')}",
                 (_text(r.get("outlet")) + (" (supplied by coder)" if r.get("outlet_basis") == "supplied" else ""))
                 if _text(r.get("outlet")) else "outlet not identified",
                 _text(r.get("byline"))))
    return KIND_LABEL.get(kind, kind.capitalize()), ()


def describe(source, hits: list[Hit], query: str) -> list[Result]:
    """The hits as results, each with its type, value, date, claimant, source and matched words in context;
    results that would read identically carry what tells them apart."""
    words = terms(query)
    out = []
    for h in hits:
        r = _record(source, h.kind, h.id)
        label, facts = _facts(h.kind, r) if r is not None else (KIND_LABEL.get(h.kind, h.kind.capitalize()), ())
        snippet, spans = word_snippet(_matched_text(h, r, words), words)
        out.append(Result(h.kind, h.id, label, shorten(h.title, HEADLINE_CHARS) or h.id,
                          tuple(f for f in facts if f), h.field, snippet, spans))
    return _distinguish(out)


def _matched_text(h: Hit, r, words: list[str]) -> str:
    """The whole text of the field the hit matched in (the engine's own snippet is cut mid-word)."""
    if r is not None and h.kind in FIELDS:
        for col in FIELDS[h.kind][1]:
            if FIELD_LABEL.get(col, col) == h.field and col in r.index:
                text = _text(r[col])
                if any(w in fold(text) for w in words):
                    return text
    return h.snippet.strip("…")


def _distinguish(results: list[Result]) -> list[Result]:
    seen: dict[tuple, list[int]] = {}
    for i, r in enumerate(results):
        seen.setdefault((r.type, r.headline, r.facts, r.snippet), []).append(i)
    out = list(results)
    for same in seen.values():
        if len(same) > 1:
            for i in same:  # nothing the reader sees differs: the record id does, and names the record
                out[i] = replace(out[i], distinguish=f"record {results[i].id}")
    return out


def what_differs(results: list[Result]) -> list[str]:
    """The line each result shows (for tests and text exports): type, headline, facts, snippet, distinguisher."""
    return [" | ".join([r.type, r.headline, *r.facts, r.snippet, r.distinguish]) for r in results]
