"""Date windows and the rules that resolve an article's date phrases against its publication date.

A `When` names a window of days: a day, a 7-day week starting on `date`, a month or a year.
Each rule is checked against the window of the source's publication, so a coder who resolves
"on Monday" to the wrong Monday is told so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.codebook.common import DateRule, Precision, When

# ASCII digits only and matched whole (re.fullmatch): `\d` would accept full-width digits ('２０２５')
# and `$` a trailing newline.
_FORMATS = {
    Precision.day: (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "YYYY-MM-DD"),
    Precision.week: (re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"), "YYYY-MM-DD (first day of the week)"),
    Precision.month: (re.compile(r"[0-9]{4}-[0-9]{2}"), "YYYY-MM"),
    Precision.year: (re.compile(r"[0-9]{4}"), "YYYY"),
}
# Plausible years for this dataset. Every computation on a window stays within a few years of it, so no
# date arithmetic can overflow (9999-12-31 + 6 days), and pandas' datetime64 range holds every day.
FIRST_YEAR, LAST_YEAR = 1900, 2100
_DEPTH = {Precision.day: 3, Precision.week: 3, Precision.month: 2, Precision.year: 1}
_ORDER = {Precision.day: 0, Precision.week: 1, Precision.month: 2, Precision.year: 3}  # fine to coarse

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9


@dataclass(frozen=True)
class Window:
    """Inclusive range of days a `When` may denote."""

    start: date
    end: date

    @property
    def mid(self) -> date:
        return self.start + (self.end - self.start) / 2


def window(when: When) -> Window:
    """The window of days a `When` covers. Raises ValueError with a coder-facing message."""
    text = str(when.date)
    pattern, shape = _FORMATS[when.precision]
    if not pattern.fullmatch(text):
        depth = text.count("-") + 1 if re.fullmatch(r"[0-9]{4}(-[0-9]{2}){0,2}", text) else None
        if depth is not None and depth > _DEPTH[when.precision]:
            raise ValueError(
                f"date '{text}' is more precise than its precision '{when.precision.value}': write it as {shape}"
            )
        raise ValueError(f"date '{text}' does not match precision '{when.precision.value}': expected {shape}")
    parts = [int(p) for p in text.split("-")]
    if not FIRST_YEAR <= parts[0] <= LAST_YEAR:
        raise ValueError(f"date '{text}' is outside the years {FIRST_YEAR}-{LAST_YEAR} this dataset can hold")
    try:
        if when.precision is Precision.year:
            return Window(date(parts[0], 1, 1), date(parts[0], 12, 31))
        if when.precision is Precision.month:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return Window(date(parts[0], parts[1], 1), date(parts[0], parts[1], last))
        day = date(parts[0], parts[1], parts[2])
    except ValueError as exc:
        raise ValueError(f"date '{text}' is not a real date ({exc})") from None
    if when.precision is Precision.week:
        return Window(day, day + timedelta(days=6))
    return Window(day, day)


def _months_of(w: Window) -> set[tuple[int, int]]:
    months, d = set(), w.start.replace(day=1)
    while d <= w.end:
        months.add((d.year, d.month))
        d = (d + timedelta(days=32)).replace(day=1)
    return months


def _prev_month(y: int, m: int) -> tuple[int, int]:
    return (y - 1, 12) if m == 1 else (y, m - 1)


def _weekday_in(text: str) -> int | None:
    """The weekday the phrase names first ('on Sunday, after Monday's strike' -> Sunday)."""
    found = [(m.start(), index) for name, index in WEEKDAYS.items()
             for m in [re.search(rf"\b{name}\b", text, re.IGNORECASE)] if m]
    return min(found)[1] if found else None


def parse_stated(text: str) -> tuple[int | None, int | None, int | None]:
    """Pull (year, month, day) out of a phrase like 'November 3, 2025', 'Oct. 10', '10 October', 'May 2025', '2024'."""
    m = re.search(r"\b(19\d\d|20\d\d)\b", text)
    year = int(m.group(1)) if m else None
    for m in re.finditer(r"(?:\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?\b([A-Z][a-z]{2,8})\b\.?(?:\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\d))?", text):
        if m.group(2).lower() in MONTHS:
            day = m.group(3) or m.group(1)
            return year, MONTHS[m.group(2).lower()], int(day) if day else None
    return year, None, None


def _days(w: Window):
    d = w.start
    while d <= w.end:
        yield d
        d += timedelta(days=1)


def _month_day_candidates(month: int, day: int, published: Window) -> set[date]:
    """Where 'Oct. 10' (no year) can fall: the latest such date on or before, or the next one after,
    some day of the publication window (the loader separately requires a forward-looking status
    for anything after publication)."""
    out: set[date] = set()
    for ref in (published.start, published.end):
        for year in (ref.year - 1, ref.year, ref.year + 1):
            try:
                out.add(date(year, month, day))
            except ValueError:  # 29 February in a common year
                pass
    lo = max((d for d in out if d <= published.start), default=None)
    hi = min((d for d in out if d > published.end), default=None)
    return {d for d in out if (lo is None or d >= lo) and (hi is None or d <= hi)}


def check_rule(when: When, published: Window, *, publication: bool = False) -> list[str]:
    """Problems with how `when` was resolved against a publication window (empty list: consistent).
    `publication`: `when` is a source's own publication date, the one date a coder may supply (rule `supplied`)."""
    if when.rule is DateRule.supplied:
        return [] if publication else [
            "rule 'supplied': only a source's publication date may be supplied by the coder; a record's date "
            "comes from its text (use the rule that resolves the text's words, or `inferred` with a note)"]
    try:
        return _check_rule(when, published)
    except ValueError as exc:
        return [str(exc)]
    except OverflowError:  # unreachable within FIRST_YEAR..LAST_YEAR; a problem, never a traceback
        return [f"date '{when.date}' is too close to the limits of the calendar to resolve rule '{when.rule.value}'"]


def _check_rule(when: When, published: Window) -> list[str]:
    w = window(when)
    rule, text = when.rule, when.text or ""
    problems: list[str] = []

    def need(cond: bool, message: str) -> None:
        if not cond:
            problems.append(f"rule '{rule.value}': {message}")

    if rule in (DateRule.inferred, DateRule.offset):
        need(bool(when.note and when.note.strip()), "give the reasoning in `note`")
        return problems
    if rule in (DateRule.stated, DateRule.stated_no_year, DateRule.stated_month, DateRule.stated_year):
        need(bool(text), "give the date phrase as written in `text`")
        year, month, day = parse_stated(text)
        if rule is DateRule.stated_no_year:
            need(year is None, f"the phrase '{text}' has a year: use rule 'stated'")
            if month and day and when.precision is Precision.day:
                need((w.start.month, w.start.day) == (month, day), f"'{text}' reads as {month:02d}-{day:02d}, not {when.date}")
                options = sorted(_month_day_candidates(month, day, published))
                need(w.start in options,
                     f"'{text}' takes its year from the publication ({_span(published)}): "
                     f"{' or '.join(d.isoformat() for d in options)}, not {when.date}")
        else:
            finest = {DateRule.stated: Precision.day, DateRule.stated_month: Precision.month, DateRule.stated_year: Precision.year}[rule]
            if rule is DateRule.stated and day is None:
                finest = Precision.month if month is not None else Precision.year
            need(_ORDER[when.precision] >= _ORDER[finest] or when.precision is Precision.week and finest is Precision.day,
                 f"'{text}' gives no {'day' if finest is not Precision.year else 'month'}, so precision '{when.precision.value}' "
                 f"is more than the text supports: use precision '{finest.value}'")
            if year is not None:
                need(w.start.year == year, f"'{text}' names the year {year}, not {w.start.year}")
            if month is not None and when.precision in (Precision.day, Precision.week, Precision.month):
                need(w.start.month == month, f"'{text}' names month {month}, not {w.start.month}")
            if day is not None and when.precision is Precision.day:
                need(w.start.day == day, f"'{text}' names day {day}, not {w.start.day}")
        return problems
    if rule in (DateRule.weekday_past, DateRule.weekday_next):
        wd = _weekday_in(text)
        need(wd is not None, f"the phrase '{text}' names no weekday")
        need(when.precision is Precision.day, "a resolved weekday has day precision")
        if wd is not None and when.precision is Precision.day:
            need(w.start.weekday() == wd, f"{when.date} is a {calendar.day_name[w.start.weekday()]}, not a {calendar.day_name[wd]}")
            if w.start.weekday() == wd:
                resolve = resolve_weekday_past if rule is DateRule.weekday_past else resolve_weekday_next
                options = sorted({resolve(calendar.day_name[wd], d) for d in _days(published)})
                which = ("latest {} on or before" if rule is DateRule.weekday_past else "first {} after").format(calendar.day_name[wd])
                need(w.start in options,
                     f"{when.date} is not the {which} publication ({_span(published)}): "
                     f"expected {' or '.join(d.isoformat() for d in options)}")
        return problems
    if rule in (DateRule.this_week, DateRule.last_week):
        shift = 0 if rule is DateRule.this_week else 7
        lo, hi = published.start - timedelta(days=6 + shift), published.end - timedelta(days=shift)
        need(w.start <= hi and w.end >= lo, f"{when.date} does not overlap the {'publication week' if not shift else 'week before publication'} ({lo}..{hi})")
        return problems
    if rule in (DateRule.this_month, DateRule.last_month):
        months = _months_of(published)
        if rule is DateRule.last_month:
            months = {_prev_month(*ym) for ym in months}
        need(_months_of(w) <= months or when.precision is Precision.year,
             f"{when.date} is not in {'the publication month' if rule is DateRule.this_month else 'the month before publication'}")
        need(when.precision in (Precision.month, Precision.week, Precision.day), "give at least month precision")
        return problems
    if rule is DateRule.last_year:
        need(w.start.year == published.start.year - 1 or w.start.year == published.end.year - 1,
             f"{when.date} is not in the year before publication ({published.start.year})")
        _, month, _ = parse_stated(text)
        if month is not None and when.precision is not Precision.year:
            need(w.start.month == month, f"'{text}' names month {month}, not {w.start.month}")
    return problems


def _span(w: Window) -> str:
    return w.start.isoformat() if w.start == w.end else f"{w.start}..{w.end}"


def resolve_weekday_past(weekday: str, published_on: date) -> date:
    """The latest `weekday` on or before a publication day ('on Monday' in a report)."""
    target = WEEKDAYS[weekday.lower()]
    return published_on - timedelta(days=(published_on.weekday() - target) % 7)


def resolve_weekday_next(weekday: str, published_on: date) -> date:
    """The next `weekday` strictly after a publication day ('this coming Saturday')."""
    target = WEEKDAYS[weekday.lower()]
    return published_on + timedelta(days=(target - published_on.weekday() - 1) % 7 + 1)
