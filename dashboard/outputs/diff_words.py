"""The diff's records (Change, RecordDiff, DatasetDiff) and each change said in words (diff's text, What changed)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class RecordDiff:
    kind: str  # events, figures, ...
    id: str
    status: str  # added | removed | changed
    changes: list[Change] = field(default_factory=list)
    sentence: str = ""  # what changed, as a briefer reads it (describe)


@dataclass
class DatasetDiff:
    old_version: str
    new_version: str
    records: list[RecordDiff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what today's rules find in the old version (not a failure)

    def of(self, status: str) -> list[RecordDiff]:
        return [r for r in self.records if r.status == status]


ACTOR_FIELDS = {"claimant", "party", "actors", "obligated", "parties", "mediators", "guarantors", "sponsors"}


VALUE_FIELDS = ("value", "low", "high")


TEXT_CUT = 90


def _names(*exports: dict) -> dict[str, dict[str, str]]:
    """{'actors': {id: name}, 'sources': {id: 'outlet, "title"'}} from both versions (a removed actor keeps its name)."""
    from dashboard.conventions.theme import claimant_label

    out: dict[str, dict[str, str]] = {"actors": {}, "sources": {}}
    for e in exports:
        for a in e.get("actors") or []:
            if isinstance(a, dict) and isinstance(a.get("id"), str):
                out["actors"][a["id"]] = claimant_label(a["id"], a.get("name"))
        for s in e.get("sources") or []:
            if isinstance(s, dict) and isinstance(s.get("id"), str):
                title = _cut(str(s.get("title") or s["id"]), 60)
                out["sources"][s["id"]] = f"{s['outlet']}, “{title}”" if s.get("outlet") else f"“{title}”"
    return out


def _cut(text: str, width: int = TEXT_CUT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"


def _number(v) -> str:
    return f"{v:,.0f}" if isinstance(v, (int, float)) and float(v).is_integer() else f"{v:,}" if isinstance(v, (int, float)) else str(v)


def _window(v) -> str:
    from dashboard.conventions.datefmt import format_span

    if isinstance(v, dict) and v.get("start"):
        try:
            return format_span(v["start"], v.get("end"), "day")
        except (TypeError, ValueError, OverflowError, NotImplementedError):
            # an uploaded export's window that is not a date (the upload model keeps unknown shapes as they came):
            # said as the text it is, never a traceback
            return _cut(f"{v.get('start')} to {v.get('end')}")
    return "none"


def _plain(v, fname: str, names: dict) -> str:
    """One value in words: actor ids as names, vocabulary terms as labels, texts quoted and cut."""
    from dashboard.conventions.theme import label

    if v is None or v == []:
        return "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return _number(v)
    if isinstance(v, list):
        return ", ".join(_plain(x, fname, names) for x in v)
    if isinstance(v, dict):
        if "quote" in v:
            return _citation(v, names)
        if "date" in v or "event" in v or "phase" in v:  # a date or a bound: its date, else the record it follows
            anchor = str(v.get("date") or v.get("event") or v.get("phase") or "none")
            return anchor + (f" (“{_cut(str(v['text']), 50)}”)" if v.get("text") else "")
        return _cut(json.dumps(v, ensure_ascii=False))
    if not isinstance(v, str):
        return _cut(str(v))
    if fname.split(".")[-1] in ACTOR_FIELDS:
        return names["actors"].get(v, v)
    if " " not in v and re.fullmatch(r"[a-z_]+", v):
        return label(v).lower()  # a vocabulary term: 'at_risk' -> 'at risk'
    return f"“{_cut(v)}”"


def _citation(c: dict, names: dict) -> str:
    if not isinstance(c, dict):  # an uploaded export's citation of another shape: said as the JSON it is
        return _cut(json.dumps(c, ensure_ascii=False, default=str))
    sid = c.get("source")  # an uploaded export may hold any JSON here: only a string names a source
    src = names["sources"].get(sid, sid) if isinstance(sid, str) and sid else str(sid or "an unknown source")
    passage = f", {c['passage']}" if c.get("passage") and c.get("passage") != "body" else ""
    return f"{src}{passage}: “{_cut(str(c.get('quote') or ''))}”"


def _phrase(c: Change, rec: dict, names: dict) -> str:
    top = c.field.split(".")[0]
    words = c.field.replace(".", " ").replace("_", " ")
    if top == "citations" or (top == "excluded" and isinstance(c.old or c.new, dict)):
        what = "citation" if top == "citations" else "excluded passage"
        return f"new {what} from {_citation(c.new, names)}" if c.old is None else f"{what} removed: {_citation(c.old, names)}"
    if c.field in VALUE_FIELDS and rec.get("unit"):
        unit = "" if rec["unit"] == "percent" else " " + rec["unit"]
        tail = "%" if rec["unit"] == "percent" else unit
        if c.old is None:
            return f"{words} set to {_number(c.new)}{tail}"
        if c.new is None:
            return f"{words} {_number(c.old)}{tail} removed"
        return f"{words} {_number(c.old)} -> {_number(c.new)}{tail}"
    if isinstance(c.old, list) or isinstance(c.new, list):
        olds, news = list(c.old or []), list(c.new or [])
        added = [x for x in news if x not in olds]
        gone = [x for x in olds if x not in news]
        parts = ([f"added {_plain(added, c.field, names)}"] if added else []) + \
                ([f"removed {_plain(gone, c.field, names)}"] if gone else [])
        return f"{words}: {' and '.join(parts) or 'reordered'}"
    if c.old is None:
        return f"{words} set to {_plain(c.new, c.field, names)}"
    if c.new is None:
        return f"{words} removed (was {_plain(c.old, c.field, names)})"
    if isinstance(c.old, str) and isinstance(c.new, str) and " " in c.old + c.new:
        return f"{words} {_text_change(c.old, c.new)}"
    return f"{words} {_plain(c.old, c.field, names)} -> {_plain(c.new, c.field, names)}"


def _text_change(old: str, new: str, context: int = 4) -> str:
    """A rewritten text by the words that changed, with a few words around them: two long notes that differ
    at their end would otherwise print as the same cut text twice."""
    a, b = old.split(), new.split()
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    lo = max(0, i - context)

    def part(words: list[str]) -> str:
        hi = len(words) - max(0, j - context)
        text = " ".join(words[lo:hi])
        return ("…" if lo else "") + _cut(text) + ("…" if hi < len(words) and not text.endswith("…") else "")
    return f"“{part(a)}” -> “{part(b)}”"


def _what(kind: str, rec: dict, names: dict) -> str:
    """A record in a few words: a figure's value, unit, subject and claimant; otherwise its summary or name."""
    if kind == "figures":
        v = rec.get("value")
        if v is None and rec.get("low") is not None:
            v = f"{_number(rec['low'])}–{_number(rec.get('high'))}"
        unit = rec.get("unit") or ""
        amount = (f"{_number(v)}%" if unit == "percent" else f"{_number(v)} {unit}") if v is not None else ""
        return _cut(f"{amount} ({rec.get('subject') or rec.get('metric')})".strip()) + _per(rec, names)
    for key in ("summary", "label", "name", "title"):
        if isinstance(rec.get(key), str) and rec[key]:
            return f"“{_cut(rec[key])}”"
    return ""


def _per(rec: dict, names: dict) -> str:
    from dashboard.conventions.theme import in_sentence

    c = rec.get("claimant")
    return f", per {in_sentence(names['actors'].get(c, c))}" if isinstance(c, str) and c else ""


def describe(r: RecordDiff, old: dict | None, new: dict | None, names: dict) -> str:
    """The record's change in one sentence (see the section comment)."""
    rec = new or old or {}
    if r.status != "changed":
        what = _what(r.kind, rec, names)
        first = (rec.get("citations") or [None])[0]
        src = f" from {names['sources'].get(first.get('source'), first.get('source'))}" if isinstance(first, dict) else ""
        return f"{'new' if r.status == 'added' else 'removed'}{': ' + what if what else ''}{src if r.status == 'added' else ''}"
    phrases: list[list[str]] = []  # [field, phrase]
    windows = set()
    for c in r.changes:
        top = c.field.split(".")[0]
        if top == "window" or top.endswith("_window"):  # resolved windows: start and end in one phrase, at the display rule
            if top not in windows:
                windows.add(top)
                phrases.append([top, f"{top.replace('_', ' ')} {_window((old or {}).get(top))} -> {_window((new or {}).get(top))}"])
            continue
        phrases.append([c.field, _phrase(c, rec, names)])
    if r.kind == "figures" and "claimant" not in {f for f, _ in phrases}:
        values = [p for p in phrases if p[0] in VALUE_FIELDS + ("qualifier", "unit")]
        if values:  # whose number it is, right after the number
            values[-1][1] += _per(rec, names)
    return "; ".join(p for _, p in phrases)
