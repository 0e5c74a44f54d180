"""The candidate list of an article: what is still to code, with a ready quote and the date resolutions.

Every number and date expression the coverage scanner finds (`coverage.scan`), with the sentence around
it as a verbatim quote (a slice of the seed, so the loader will find it), and for each date phrase the
`When`s the date rules accept against the publication window: each proposed resolution is checked with
`dates.check_rule`, so the list never offers a date that `validate` would refuse. No Streamlit import.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from dashboard.dataset import dates
from dashboard.authoring.coverage import coverage_report, scan
from dashboard.dataset.loader import Dataset
from dashboard.codebook.common import DateRule, Precision, When
from dashboard.authoring.sentences import Sentences, all_sentences, occurrence_of, sentence_span  # noqa: F401 (the desk and tests use them here)

_MONTH_NAMES = "|".join(sorted(dates.MONTHS, key=len, reverse=True))
# a month name with the day and year around it: "Nov. 3, 2025", "10 October", "November of last year"
_STATED = re.compile(
    rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b(?:{_MONTH_NAMES})\b\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\d))?"
    r"(?:,?\s+(?:19|20)\d\d\b)?(?:\s+of\s+last\s+year)?", re.IGNORECASE)
_COUNT_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


@dataclass
class Resolution:
    """One way the date rules read a phrase: a ready `When` (as a dict) and why."""

    when: dict
    explanation: str


@dataclass
class Candidate:
    kind: str  # number | date
    text: str  # what the scanner matched
    start: int
    end: int
    line: int
    status: str  # covered | excluded | uncovered
    by: str  # the record (or exclusion reason) that covers it
    quote: str  # the sentence around it, verbatim
    occurrence: int = 1  # which occurrence of `quote` in the text (for the citation's `occurrence`)
    repeats: int = 1  # how many times `quote` occurs: above 1, a citation must say `occurrence` (even 1)
    phrase: str = ""  # the date phrase the rules read (the match widened to day and year)
    resolutions: list[Resolution] = field(default_factory=list)
    time: str | None = None  # a number that is a time of day ("7pm", "12:00 noon"): its `When.time`, HH:MM


# a time of day as articles write it, from its first digit: "7pm", "7:30 p.m.", "12:00 noon", "by 14:30"
_TIME = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*(a\.m\.|p\.m\.|am\b|pm\b|noon\b|midnight\b)?", re.IGNORECASE)
_TIME_BEFORE = re.compile(r"\b(?:at|by|until|from|before|after|around)\s+$", re.IGNORECASE)


def time_of_day(text: str, start: int) -> str | None:
    """The `When.time` ("19:00") of a time of day that starts at `start`, or None when the number there is not one.
    A bare "14:30" counts only after "at", "by", "until" ...; "12:00 noon" is noon; anything out of range is None."""
    m = _TIME.match(text, start)
    if not m or (start and text[start - 1].isdigit()):
        return None
    hour, minute, mark = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower().replace(".", "")
    if not mark and not (m.group(2) and _TIME_BEFORE.search(text[max(0, start - 10):start])):
        return None
    if mark in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if mark == "pm" else 0)
    elif mark == "noon" and hour != 12 or mark == "midnight" and hour != 12:
        return None
    elif mark == "midnight":
        hour = 0
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


# --------------------------------------------------------------------------- date resolutions


def date_phrase(text: str, m_start: int, m_end: int) -> tuple[int, int]:
    """Widen a date match to the phrase the rules read: 'Oct.' -> 'Oct. 10', 'November' -> 'November 3, 2025'."""
    for m in _STATED.finditer(text, max(0, m_start - 12), min(len(text), m_end + 24)):
        if m.start() <= m_start and m_end <= m.end():
            return m.start(), m.end()
    return m_start, m_end


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _when(d: str, precision: Precision, text: str, rule: DateRule, note: str | None = None) -> When:
    return When(date=d, precision=precision, text=text, rule=rule, note=note)


def _proposals(phrase: str, pub: dates.Window, pub_text: str) -> list[tuple[When, str]]:
    low = phrase.lower()
    out: list[tuple[When, str]] = []
    wd = dates._weekday_in(phrase)
    if wd is not None:
        name = calendar.day_name[wd]
        for d in sorted({dates.resolve_weekday_past(name, x) for x in dates._days(pub)}):
            out.append((_when(d.isoformat(), Precision.day, phrase, DateRule.weekday_past),
                        f"'on {name}' in a report: the latest {name} on or before publication ({pub_text})"))
        for d in sorted({dates.resolve_weekday_next(name, x) for x in dates._days(pub)}):
            out.append((_when(d.isoformat(), Precision.day, phrase, DateRule.weekday_next),
                        f"'this coming {name}': the first {name} after publication ({pub_text})"))
        return out
    if "last year" in low:
        year, month, _ = dates.parse_stated(phrase)
        for y in sorted({pub.start.year - 1, pub.end.year - 1}):
            if month:
                out.append((_when(f"{y}-{month:02d}", Precision.month, phrase, DateRule.last_year),
                            f"a month of the year before publication ({pub_text})"))
            out.append((_when(str(y), Precision.year, phrase, DateRule.last_year), f"the year before publication ({pub_text})"))
        return out
    year, month, day = dates.parse_stated(phrase)
    if month is not None:
        if year is not None and day is not None:
            out.append((_when(f"{year}-{month:02d}-{day:02d}", Precision.day, phrase, DateRule.stated), "the full date is stated"))
        elif year is not None:
            out.append((_when(f"{year}-{month:02d}", Precision.month, phrase, DateRule.stated_month), "month and year are stated"))
        elif day is not None:
            for d in sorted(dates._month_day_candidates(month, day, pub)):
                out.append((_when(d.isoformat(), Precision.day, phrase, DateRule.stated_no_year),
                            f"day and month stated; the year is the one that puts it nearest publication ({pub_text})"))
        else:
            for y in sorted({pub.start.year - 1, pub.start.year, pub.end.year}):
                note = f"The month is named without a year; {y} read from the publication window ({pub_text})."
                out.append((_when(f"{y}-{month:02d}", Precision.month, phrase, DateRule.inferred, note),
                            f"a month without a year: {calendar.month_name[month]} {y} (rule inferred; keep the note)"))
        return out
    if re.search(r"\b(this|earlier this) week\b", low):
        out.append((_when(_monday(pub.start).isoformat(), Precision.week, phrase, DateRule.this_week),
                    f"the publication's week, Monday to Sunday ({pub_text})"))
    elif re.search(r"\blast week\b", low):
        out.append((_when((_monday(pub.start) - timedelta(days=7)).isoformat(), Precision.week, phrase, DateRule.last_week),
                    f"the week before publication's week ({pub_text})"))
    elif re.search(r"\b(this|earlier this) month\b", low):
        for y, mo in sorted(dates._months_of(pub)):
            out.append((_when(f"{y}-{mo:02d}", Precision.month, phrase, DateRule.this_month), f"the publication's month ({pub_text})"))
    elif re.search(r"\blast month\b", low):
        for y, mo in sorted({dates._prev_month(*ym) for ym in dates._months_of(pub)}):
            out.append((_when(f"{y}-{mo:02d}", Precision.month, phrase, DateRule.last_month), f"the month before publication ({pub_text})"))
    elif re.search(r"\bnext (week|month|year)\b", low):
        unit = re.search(r"next (week|month|year)", low).group(1)
        if unit == "week":
            start, precision = _monday(pub.end) + timedelta(days=7), Precision.week
            out.append((_when(start.isoformat(), precision, phrase, DateRule.offset,
                              f"The week after the publication's week ({pub_text})."), "the week after publication's week"))
        elif unit == "month":
            y, mo = (pub.end.year + (pub.end.month == 12), pub.end.month % 12 + 1)
            out.append((_when(f"{y}-{mo:02d}", Precision.month, phrase, DateRule.offset,
                              f"The month after publication ({pub_text})."), "the month after publication"))
        else:
            out.append((_when(str(pub.end.year + 1), Precision.year, phrase, DateRule.offset,
                              f"The year after publication ({pub_text})."), "the year after publication"))
    elif re.search(r"\b(today|yesterday|tomorrow)\b", low):
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[re.search(r"today|yesterday|tomorrow", low).group(0)]
        precision = Precision.day if pub.start == pub.end else Precision.week
        d = pub.start + timedelta(days=shift)
        note = f"'{phrase}' counted from publication ({pub_text}); {abs(shift) or 'no'} day(s) {'after' if shift > 0 else 'before' if shift < 0 else 'offset'}."
        out.append((_when(d.isoformat(), precision, phrase, DateRule.offset, note), "counted in days from publication"))
    else:
        m = re.search(r"\b(past|coming)\s+(?:(\w+)\s+)?(day|week|month|year)s\b", low)
        if m:
            n = _COUNT_WORDS.get(m.group(2) or "", int(m.group(2)) if (m.group(2) or "").isdigit() else None)
            if n:
                span = timedelta(days=n * _UNIT_DAYS[m.group(3)])
                d = pub.start - span if m.group(1) == "past" else pub.end + span
                note = f"{n} {m.group(3)}(s) {'before' if m.group(1) == 'past' else 'after'} publication ({pub_text})."
                out.append((_when(d.isoformat(), Precision.week, phrase, DateRule.offset, note),
                            f"a duration counted from publication; a {m.group(3)} is about {_UNIT_DAYS[m.group(3)]} days"))
    return out


def resolutions(phrase: str, published: When | None) -> list[Resolution]:
    """The `When`s the date rules accept for a phrase against a publication date (none without one)."""
    if published is None:
        return []
    try:
        pub = dates.window(published)
    except ValueError:
        return []
    pub_text = dates._span(pub)
    out = []
    for when, why in _proposals(phrase, pub, pub_text):
        if dates.check_rule(when, pub):
            continue  # never offer what validate refuses
        after = dates.window(when).start > pub.end
        out.append(Resolution(when.model_dump(mode="json", exclude_none=True),
                              why + ("; after publication, so status expected or scheduled" if after else "")))
    return out


# --------------------------------------------------------------------------- the list


def _candidate(sents: Sentences, kind: str, m: re.Match, status: str, by: str, published: When | None) -> Candidate:
    text, s, e = sents.text, m.start(), m.end()
    qa, qb = sents.span(s)
    quote = text[qa:qb]
    cand = Candidate(kind, m.group(0), s, e, sents.line(s), status, by, quote, sents.occurrence(quote, qa),
                     len(sents.offsets(quote)))
    if kind == "number":
        cand.time = time_of_day(text, s)
    if kind == "date":
        pa, pb = date_phrase(text, s, e)
        cand.phrase = text[pa:pb]
        cand.resolutions = resolutions(cand.phrase, published)
    return cand


def from_text(text: str, published: When | None = None, excluded: list[tuple[int, int, str]] = ()) -> list[Candidate]:
    """Candidates of an article not yet coded (add-source): nothing covered yet; excluded from the spans given."""
    out, sents = [], Sentences(text)
    for kind, m in scan(text):
        s, e = m.start(), m.end()
        ex = [why for a, b, why in excluded if a <= s and e <= b]
        out.append(_candidate(sents, kind, m, "excluded" if ex else "uncovered", (ex or [""])[0], published))
    return out


def from_dataset(ds: Dataset, source_id: str) -> list[Candidate]:
    """Candidates of a loaded source, each marked exactly as `coverage` marks it (unknown id: KeyError)."""
    [cov] = coverage_report(ds, source_id)
    text = ds.texts[source_id]
    published = ds.by_id("sources")[source_id].published
    matches = {(m.start(), kind): m for kind, m in scan(text)}
    out, sents = [], Sentences(text)
    for item in cov.items:
        out.append(_candidate(sents, item.kind, matches[(item.start, item.kind)], item.status, item.by, published))
    return out


# YAML's own short escapes; every other character a YAML reader would not keep as it is (controls, the
# Unicode line and paragraph separators, NEL, the BOM, lone surrogates) is written as \\uXXXX, so a
# quote from any article stays on its one line, also inside a comment (YAML ends a comment at U+2028/U+0085).
_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\0",
                 "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}
_YAML_UNSAFE = re.compile("[\\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def _escape(m: re.Match) -> str:
    ch = m.group(0)
    return _YAML_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def yaml_quote(s: str) -> str:
    """A double-quoted YAML scalar on one line (what the data files use for quotes): the same string back
    from any YAML reader, whatever characters the article holds."""
    return '"' + _YAML_UNSAFE.sub(_escape, s) + '"'


def one_line(s: str) -> str:
    """Text for a `#` comment: every line break (CR, LF, NEL, U+2028/9) and control character becomes a space."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]+", " ", s)


def format_candidates(cands: list[Candidate], comment: bool = False) -> str:
    """Human-readable list; with `comment`, every line starts with '# ' (the skeleton's commented list)."""
    lines, previous = [], None
    for c in cands:
        mark = {"covered": "[x]", "excluded": "[-]", "uncovered": "[ ]"}[c.status]
        who = f"  ({c.status}: {c.by})" if c.by else ""
        lines.append(f"{mark} line {c.line} {c.kind} {c.text!r}{who}")
        if c.status == "excluded":
            continue
        if (c.quote, c.occurrence) == previous:
            lines.append("    quote: (the same sentence as above)")
        else:
            lines.append(f"    quote: {yaml_quote(c.quote)}")
            if c.repeats > 1:  # its own line, so the skeleton comments it out like every other line
                lines.append(f"    occurrence: {c.occurrence}  # the sentence occurs {c.repeats} times: "
                             "a citation of it must say which")
        previous = (c.quote, c.occurrence)
        if c.time:
            lines.append(f"    time: \"{c.time}\"  # a time of day: add it to the `when` (day precision) of what happened then")
        if c.kind == "date":
            if not c.resolutions:
                lines.append(f"    date phrase {c.phrase!r}: no rule resolves it alone; use rule inferred or offset with a note")
            for r in c.resolutions:
                w = r.when
                extra = f", note: {yaml_quote(w['note'])}" if "note" in w else ""
                lines.append(f"    when: {{date: \"{w['date']}\", precision: {w['precision']}, text: {yaml_quote(w['text'])}, "
                             f"rule: {w['rule']}{extra}}}  # {r.explanation}")
    counts = {s: sum(c.status == s for c in cands) for s in ("covered", "excluded", "uncovered")}
    lines.append(f"{len(cands)} numbers/date expressions: {counts['covered']} covered, {counts['excluded']} excluded, "
                 f"{counts['uncovered']} uncovered")
    if comment:
        return "\n".join(("# " + line).rstrip() for line in lines)
    return "\n".join(lines)


def format_todo(cands: list[Candidate]) -> str:
    """The `--todo` list: only what is still uncovered, or one line saying that everything is covered."""
    todo = [c for c in cands if c.status == "uncovered"]
    covered, excluded = (sum(c.status == s for c in cands) for s in ("covered", "excluded"))
    if todo:
        listed = format_candidates(todo).rsplit("\n", 1)[0]
        return (f"{listed}\n{len(todo)} of {len(cands)} numbers/date expressions still to code "
                f"({covered} covered, {excluded} excluded)")
    if not cands:
        return "nothing to code: the scanner finds no number or date expression in this article"
    return (f"all {len(cands)} numbers/date expressions are covered: {covered} by a citation, {excluded} inside an "
            "exclusion; nothing left to code")
