"""One display rule for every date the app writes: a date is written at its precision.

A month is "Aug 2025", a year is "2025", a week is "17–23 Nov 2025", a day is "22 Nov 2025". A window
narrower than its precision (a year-dated fact bounded by its source's publication) is written as the
span it can be: "Jan–Feb 2025". A time of day the text states is written after its day: "22 Nov 2025, 19:00"
(never on a window longer than a day). Charts, tables, hovers, text descriptions and exports all call this.
"""

from __future__ import annotations

from datetime import date

import pandas as pd


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _as_date(value) -> date | None:
    if value is None or value is pd.NaT or (not isinstance(value, date) and pd.isna(value)):
        return None  # NaT passes isinstance(date), so it is tested by identity
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _time(value) -> str | None:
    return value if isinstance(value, str) and value else None


def format_span(start, end=None, precision: str | None = "day", time: str | None = None) -> str:
    """Display text for a window [start, end] known to `precision` (day, week, month, year); `time` ('19:00',
    local time as the text states it) is written only when the window is one day."""
    s, e = _as_date(start), _as_date(end)
    if s is None:
        return ""
    e = e or s
    if s == e:
        return f"{_day(s)}, {_time(time)}" if _time(time) else _day(s)
    whole_month = s.day == 1 and (e + pd.Timedelta(days=1)).day == 1 and (s.year, s.month) == (e.year, e.month)
    whole_year = (s.month, s.day) == (1, 1) and (e.month, e.day) == (12, 31) and s.year == e.year
    if precision == "year" and whole_year:
        return str(s.year)
    if precision in ("month", "year") and whole_month:
        return f"{s:%b %Y}"
    if precision in ("month", "year"):
        if (s.year, s.month) == (e.year, e.month):  # part of one month: the month is all we can say
            return f"{s:%b %Y}"
        first = f"{s:%b}" if s.year == e.year else f"{s:%b %Y}"
        return f"{first}–{e:%b %Y}"
    # day or week spans: "17–23 Nov 2025", "28 Nov–4 Dec 2025", "29 Dec 2025–4 Jan 2026"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{_day(e)}"
    if s.year == e.year:
        return f"{s.day} {s:%b}–{_day(e)}"
    return f"{_day(s)}–{_day(e)}"


# the window columns of each frame: (start, end, precision)
PREFIXES = {"date": ("date_start", "date_end", "date_precision"),
            "as_of": ("as_of_start", "as_of_end", "as_of_precision"),
            "published": ("published_start", "published_end", "published_precision")}
TIME_COLUMNS = {"date": "date_time", "as_of": "as_of_time", "published": "published_time"}  # optional columns


def format_row(row, prefix: str = "date") -> str:
    """A frame row's window written at its precision: format_row(event, "date"), format_row(figure, "as_of")."""
    start, end, precision = PREFIXES[prefix]
    time = row.get(TIME_COLUMNS[prefix]) if hasattr(row, "get") else None
    return format_span(row[start], row[end], row[precision], time)


def column(df: pd.DataFrame, prefix: str = "date") -> pd.Series:
    """The display text of every row's window (for tables and CSVs of what a chart shows)."""
    start, end, precision = PREFIXES[prefix]
    if df.empty:
        return pd.Series([], index=df.index, dtype=object)
    times = df[TIME_COLUMNS[prefix]] if TIME_COLUMNS[prefix] in df.columns else [None] * len(df)
    return pd.Series([format_span(s, e, p, t) for s, e, p, t in zip(df[start], df[end], df[precision], times)],
                     index=df.index, dtype=object)


# --------------------------------------------------------------------------- counts of days
# A count of days between two windows is itself a range: from a ceasefire on 10 Oct to a report dated only
# to 23-29 Nov is 44 to 50 days, never "44 days". Every "days since" and "days past" the app writes uses
# these two functions (the overview's KPIs, the compliance views' days past a deadline).


def days_between(first_start, first_end, last_start, last_end) -> tuple[int, int] | None:
    """(fewest, most) whole days from a day in [first_start, first_end] to a day in [last_start, last_end]."""
    a0, a1, b0, b1 = (_as_date(v) for v in (first_start, first_end or first_start, last_start, last_end or last_start))
    if a0 is None or b0 is None:
        return None
    a1, b1 = a1 or a0, b1 or b0
    return (b0 - a1).days, (b1 - a0).days


def format_days(span: tuple[int, int] | None, unit: str = "days") -> str:
    """'44–50 days', '44 days', '1 day': a count of days at the precision its windows allow."""
    if span is None:
        return ""
    lo, hi = min(span), max(span)
    if lo == hi:
        return f"{lo} {unit[:-1] if abs(lo) == 1 and unit.endswith('s') else unit}"
    return f"{lo}–{hi} {unit}"
