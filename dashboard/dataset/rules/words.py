"""Rules for our own words: the text fields the codebook marks `x-our-words` (summaries, subjects, notes, names).

A weekday alone ("on Wednesday") or a "this week" is how an article dates things for readers of that day; in our
words, read weeks later on a chart or a slide, it names no day. Words shown alone (summaries, subjects, names) date
every such word, quoted or not ("'on Wednesday' (19 November 2025)"). A note is read beside the date it explains and
may quote the words it resolves ('this coming Saturday') without repeating the date.
"""

from __future__ import annotations

import calendar
import re
from datetime import timedelta

from pydantic import BaseModel

from dashboard.codebook.common import OUR_NOTE, OUR_WORDS, When
from dashboard.dataset import dates
from dashboard.dataset.rules.registry import rule

RECORD_KINDS = ("sources", "actors", "phases", "events", "figures", "comparisons", "agreements", "provisions",
                "assessments")
_MARK = next(iter(OUR_WORDS))
SHOWN, NOTE = OUR_WORDS[_MARK], OUR_NOTE[_MARK]

_WEEKDAY = re.compile(r"\b(" + "|".join(calendar.day_name) + r")\b")
# What makes a weekday dated: a day number beside it ("Wednesday 19 November 2025", "Monday 3, Tuesday 4
# ... November", "Saturday, 22 November") or a month and day ("Saturday, November 22, 2025").
_DATED = re.compile(r",?\s+(?:\d{1,2}\b|(?:" + "|".join(calendar.month_name[1:]) + r")\s+\d{1,2}\b)")
# Words quoted from the article: '...' (an apostrophe inside a word, as in "IDF's", opens and closes nothing),
# "...", ‘...’ and “...”.
_QUOTED = re.compile(r"(?<!\w)'(?:[^'\n]|'(?=\w))*'(?!\w)|\"[^\"\n]*\"|‘[^’\n]*’|“[^”\n]*”")
# Days, weeks and months counted from the day of writing ("this week", "last month", "earlier in the day"):
# true for the article's first readers, empty in our words. Anaphoric ones ("the same week", "that day")
# point at a date the text has just named and are left alone.
_RELATIVE = re.compile(r"\b(?:(?:this|last|next|past|coming) (?:week(?:end)?|month|year)|yesterday|today|tomorrow|tonight"
                       r"|(?:earlier|later) (?:this|in the) (?:week|month|day|year)"
                       r"|(?:a|one|two|three|four|five|six|several|few) (?:days|weeks|months) ago)\b", re.IGNORECASE)
_MONTHS = "|".join(calendar.month_name[1:]) + "|" + "|".join(calendar.month_abbr[1:])
# What says which dates a relative phrase means, after it in its clause (at most RELATIVE_REACH characters): a day and month
# ("17 November", "5–9 Nov"), a month and year ("October 2025", "November 19, 2025") or an ISO date.
_A_DATE = re.compile(rf"\b\d{{1,2}}(?:[–-]\d{{1,2}})? (?:{_MONTHS})\b|\b(?:{_MONTHS})\.?(?: \d{{1,2}},)? \d{{4}}\b"
                     r"|\b\d{4}-\d{2}(?:-\d{2})?\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
RELATIVE_REACH = 80


def _walk(model: BaseModel, path: tuple = ()):
    """(field path, field info, value) of every field inside a record, nested models and lists included."""
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        yield path + (name,), info, value
        items = [(path + (name,), value)] if isinstance(value, BaseModel) else \
            [(path + (name, i), v) for i, v in enumerate(value) if isinstance(v, BaseModel)] if isinstance(value, list) else []
        for at, item in items:
            yield from _walk(item, at)


def our_words(model: BaseModel):
    """(field path, text, kind) of every field in our words inside a record; kind is SHOWN or NOTE."""
    for path, info, value in _walk(model):
        kind = info.json_schema_extra.get(_MARK) if isinstance(info.json_schema_extra, dict) else None
        if isinstance(value, str) and kind in (SHOWN, NOTE):
            yield path, value, kind


def bare_weekdays(text: str, kind: str = SHOWN) -> list[re.Match]:
    """The weekdays named in `text` with no day of the month beside them (or after the quotation holding them)."""
    return _undated(text, _WEEKDAY, lambda m, pos: _DATED.match(text, pos), kind)


def undated_relative_days(text: str, kind: str = SHOWN) -> list[re.Match]:
    """The relative days, weeks and months in `text` with no date after them in their clause."""
    return _undated(text, _RELATIVE, lambda m, pos: _dates_it(m, _clause_after(text, pos)), kind)


def _dates_it(m: re.Match, clause: str) -> bool:
    """Whether `clause` says which dates the relative phrase `m` means: a day or a month, or a year for a year."""
    return bool(_A_DATE.search(clause) or ("year" in m.group(0).lower() and _YEAR.search(clause)))


def _undated(text: str, pattern: re.Pattern, dated_at, kind: str) -> list[re.Match]:
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    out = []
    for m in pattern.finditer(text):
        closing = next((b for a, b in quoted if a <= m.start() < b), None)
        if closing is not None and kind == NOTE:
            continue  # a note may quote the words it resolves
        if dated_at(m, m.end()) or (closing is not None and (dated_at(m, closing) or _A_DATE.search(_clause_after(text, closing)))):
            continue
        out.append(m)
    return out


def _clause_after(text: str, pos: int) -> str:
    """The text after `pos` up to the end of its clause (';', a sentence end) or RELATIVE_REACH characters: a date
    further on dates something else ("this week heightened tensions; on Tuesday 18 November ...")."""
    tail = text[pos:pos + RELATIVE_REACH]
    end = re.search(r";|(?<!\b[A-Z][a-z]{2})[.!?](?:\s|$)", tail)  # "Oct. 2025" does not end it
    return tail[:end.start()] if end else tail


def _suggestion(rec: BaseModel, weekday: str) -> str | None:
    """'Wednesday 19 November 2025' when the record's own dates hold exactly one day of that weekday. Not for a
    source: the weekdays of its publication note are the days it reports, not days of its publication window."""
    if "published" in type(rec).model_fields:
        return None
    days = set()
    for when in (value for _, _, value in _walk(rec) if isinstance(value, When)):
        try:
            w = dates.window(when)
        except ValueError:
            continue
        span = [w.start + timedelta(days=i) for i in range((w.end - w.start).days + 1)]
        days |= {d for d in span if calendar.day_name[d.weekday()] == weekday}
    if len(days) != 1:
        return None
    d = days.pop()
    return f"{weekday} {d.day} {calendar.month_name[d.month]} {d.year}"


def _context(text: str, m: re.Match, chars: int = 24) -> str:
    """The weekday with a few words either side, cut at word boundaries."""
    start = text.rfind(" ", 0, max(m.start() - chars, 0)) + 1 if m.start() > chars else 0
    end = text.find(" ", m.end() + chars)
    return ("…" if start else "") + text[start:end if end >= 0 else len(text)] + ("…" if end >= 0 else "")


@rule("R-WORDS-WEEKDAY", "a weekday in our own words (summaries, subjects, notes, names) has its date beside it "
      "('Wednesday 19 November 2025'); a note may quote the article's weekday it resolves",
      reads=("summary", "subject", "note", "name", "label", "title", "formula", "why"), kinds=RECORD_KINDS)
def weekday_dated(rec, report):
    for path, text, kind in our_words(rec):
        for m in bare_weekdays(text, kind):
            hint = _suggestion(rec, m.group(0))
            form = (f"the record's dates hold one {m.group(0)}: '{hint}'" if hint
                    else f"'{m.group(0)} D Month YYYY', the day it resolves to")
            report(f"{'.'.join(str(p) for p in path)}: \"{_context(text, m)}\" names a weekday without its date, "
                   f"which a reader weeks later cannot place; write the date beside it ({form})"
                   + (" or quote the article's words" if kind == NOTE else ""), path)


@rule("R-WORDS-RELATIVE-DAY", "a day, week or month counted from the day of writing ('this week', 'last month') in our own "
      "words is followed by the dates it means ('this week (the week from Monday 17 November 2025)'); a note may "
      "quote the article's phrase it resolves", reads=("summary", "subject", "note", "name", "label", "title", "formula", "why"),
      kinds=RECORD_KINDS)
def relative_day_dated(rec, report):
    for path, text, kind in our_words(rec):
        for m in undated_relative_days(text, kind):
            report(f"{'.'.join(str(p) for p in path)}: \"{_context(text, m)}\" counts from the day of writing, which a "
                   "reader weeks later does not know; say which dates it means right after it (e.g. 'this week (the "
                   "week from Monday 17 November 2025)', 'last month (October 2025)')"
                   + (" or quote the article's words" if kind == NOTE else ""), path)
