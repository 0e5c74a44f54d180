"""Date windows and the rules that resolve an article's date phrases against its publication date."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dashboard.dataset.dates import Window, check_rule, parse_stated, resolve_weekday_next, resolve_weekday_past, window
from dashboard.codebook.common import When


def W(d, precision="day", rule="inferred", text=None, note="reason"):
    return When(date=d, precision=precision, rule=rule, text=text, note=note)


PUB = window(W("2025-11-19"))  # a Wednesday
PUB_WEEK = window(W("2025-11-05", "week"))  # Wed 5 .. Tue 11 November 2025


# --------------------------------------------------------------------------- windows


@pytest.mark.parametrize("d, precision, start, end", [
    ("2025-11-19", "day", date(2025, 11, 19), date(2025, 11, 19)),
    ("2025-11-19", "week", date(2025, 11, 19), date(2025, 11, 25)),
    ("2025-11", "month", date(2025, 11, 1), date(2025, 11, 30)),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-02", "month", date(2025, 2, 1), date(2025, 2, 28)),
    ("2024", "year", date(2024, 1, 1), date(2024, 12, 31)),
    (2024, "year", date(2024, 1, 1), date(2024, 12, 31)),
])
def test_window(d, precision, start, end):
    assert window(W(d, precision)) == Window(start, end)


def test_window_mid():
    assert window(W("2025-11-19", "week")).mid == date(2025, 11, 22)


@pytest.mark.parametrize("d, precision, message", [
    ("2025-02-30", "day", "date '2025-02-30' is not a real date (day is out of range for month)"),
    ("2025-13", "month", "date '2025-13' is not a real date (bad month number 13"),
    ("2025-11-03", "month", "date '2025-11-03' is more precise than its precision 'month': write it as YYYY-MM"),
    ("2025-11", "year", "date '2025-11' is more precise than its precision 'year': write it as YYYY"),
    ("2025-11", "day", "date '2025-11' does not match precision 'day': expected YYYY-MM-DD"),
    ("3 Nov 2025", "day", "date '3 Nov 2025' does not match precision 'day': expected YYYY-MM-DD"),
    ("2025-11", "week", "expected YYYY-MM-DD (first day of the week)"),
])
def test_window_refuses(d, precision, message):
    with pytest.raises(ValueError) as exc:
        window(W(d, precision))
    assert message in str(exc.value)


# --------------------------------------------------------------------------- parsing and resolving


@pytest.mark.parametrize("text, parsed", [
    ("November 3, 2025", (2025, 11, 3)),
    ("on Sunday, November 23, 2025", (2025, 11, 23)),
    ("since it took effect on Oct. 10", (None, 10, 10)),
    ("Sept. 9", (None, 9, 9)),
    ("10 October 2025", (2025, 10, 10)),
    ("the 22nd of November", (None, 11, 22)),
    ("May 2025", (2025, 5, None)),
    ("November of last year", (None, 11, None)),
    ("in 2024", (2024, None, None)),
    ("the 22-month war", (None, None, None)),
])
def test_parse_stated(text, parsed):
    assert parse_stated(text) == parsed


def test_resolve_weekdays():
    wed = date(2025, 11, 19)
    assert resolve_weekday_past("Monday", wed) == date(2025, 11, 17)
    assert resolve_weekday_past("wednesday", wed) == wed  # "on Wednesday" in a Wednesday report: that day
    assert resolve_weekday_next("Saturday", wed) == date(2025, 11, 22)
    assert resolve_weekday_next("Wednesday", wed) == date(2025, 11, 26)  # strictly after


# --------------------------------------------------------------------------- rules: good cases


@pytest.mark.parametrize("when, pub", [
    (W("2025-11-17", text="On Monday", rule="weekday_past"), PUB),
    (W("2025-11-19", text="on Wednesday", rule="weekday_past"), PUB),
    (W("2025-11-03", text="on Monday", rule="weekday_past"), PUB_WEEK),  # published Wed 5 .. Sun 9
    (W("2025-11-10", text="on Monday", rule="weekday_past"), PUB_WEEK),  # published Mon 10 or Tue 11
    (W("2025-11-23", text="on Sunday, after Monday's strikes", rule="weekday_past"), window(W("2025-11-23", "week"))),
    (W("2025-11-22", text="this coming Saturday", rule="weekday_next"), PUB),
    (W("2025-11-26", text="next Wednesday", rule="weekday_next"), PUB),
    (W("2025-11-17", "week", text="this week", rule="this_week"), PUB),
    (W("2025-11-10", "week", text="last week", rule="last_week"), PUB),
    (W("2025-11-12", text="last week", rule="last_week"), PUB),
    (W("2025-11", "month", text="earlier this month", rule="this_month"), PUB),
    (W("2025-11-02", text="earlier this month", rule="this_month"), PUB),
    (W("2025-10", "month", text="last month", rule="last_month"), PUB),
    (W("2024-11", "month", text="November of last year", rule="last_year"), PUB),
    (W("2024", "year", text="last year", rule="last_year"), PUB),
    (W("2025-11-03", text="November 3, 2025", rule="stated"), PUB),
    (W("2025-11-03", "week", text="November 3, 2025", rule="stated"), PUB),
    (W("2025-10-10", text="10 October 2025", rule="stated"), PUB),
    (W("2025-11", "month", text="November 2025", rule="stated"), PUB),
    (W("2025-10-10", text="on Oct. 10", rule="stated_no_year"), PUB),
    (W("2025-12-31", text="by Dec. 31", rule="stated_no_year"), PUB),  # forward-looking: the loader checks status
    (W("2025-12-25", text="on Dec. 25", rule="stated_no_year"), window(W("2026-01-05"))),
    (W("2025-05", "month", text="May 2025", rule="stated_month"), PUB),
    (W("2024", "year", text="in 2024", rule="stated_year"), PUB),
    (W("2025-10-13", text="four weeks later", rule="offset", note="28 days after the ceasefire of 15 September"), PUB),
    (W("2025-11-19", "week", rule="inferred", note="internal evidence"), PUB),
])
def test_rule_consistent(when, pub):
    assert check_rule(when, pub) == []


# --------------------------------------------------------------------------- rules: bad cases


@pytest.mark.parametrize("when, pub, message", [
    # weekday_past: the latest such weekday on or before publication
    (W("2025-11-10", text="On Monday", rule="weekday_past"), PUB,
     "rule 'weekday_past': 2025-11-10 is not the latest Monday on or before publication (2025-11-19): expected 2025-11-17"),
    (W("2025-11-12", text="on Wednesday", rule="weekday_past"), PUB,
     "2025-11-12 is not the latest Wednesday on or before publication (2025-11-19): expected 2025-11-19"),
    (W("2025-11-24", text="On Monday", rule="weekday_past"), PUB, "expected 2025-11-17"),
    (W("2025-10-27", text="on Monday", rule="weekday_past"), PUB_WEEK, "expected 2025-11-03 or 2025-11-10"),
    (W("2025-11-18", text="On Monday", rule="weekday_past"), PUB,
     "rule 'weekday_past': 2025-11-18 is a Tuesday, not a Monday"),
    (W("2025-11-17", text="recently", rule="weekday_past"), PUB, "rule 'weekday_past': the phrase 'recently' names no weekday"),
    (W("2025-11-17", "week", text="On Monday", rule="weekday_past"), PUB, "a resolved weekday has day precision"),
    # weekday_next: the first such weekday strictly after publication
    (W("2025-11-29", text="this coming Saturday", rule="weekday_next"), PUB,
     "2025-11-29 is not the first Saturday after publication (2025-11-19): expected 2025-11-22"),
    (W("2025-11-19", text="on Wednesday", rule="weekday_next"), PUB, "expected 2025-11-26"),
    # this_week / last_week
    (W("2025-11-03", "week", text="this week", rule="this_week"), PUB,
     "2025-11-03 does not overlap the publication week (2025-11-13..2025-11-19)"),
    (W("2025-11-17", "week", text="last week", rule="last_week"), PUB,
     "2025-11-17 does not overlap the week before publication (2025-11-06..2025-11-12)"),
    # this_month / last_month / last_year
    (W("2025-10", "month", text="earlier this month", rule="this_month"), PUB, "2025-10 is not in the publication month"),
    (W("2025", "year", text="this month", rule="this_month"), PUB, "give at least month precision"),
    (W("2025-11", "month", text="last month", rule="last_month"), PUB, "2025-11 is not in the month before publication"),
    (W("2025-09", "month", text="last month", rule="last_month"), PUB, "2025-09 is not in the month before publication"),
    (W("2023-11", "month", text="November of last year", rule="last_year"), PUB, "2023-11 is not in the year before publication (2025)"),
    (W("2024-10", "month", text="November of last year", rule="last_year"), PUB, "'November of last year' names month 11, not 10"),
    # stated
    (W("2025-11-04", text="November 3, 2025", rule="stated"), PUB, "'November 3, 2025' names day 3, not 4"),
    (W("2024-11-03", text="November 3, 2025", rule="stated"), PUB, "'November 3, 2025' names the year 2025, not 2024"),
    (W("2025-12-03", text="November 3, 2025", rule="stated"), PUB, "names month 11, not 12"),
    (W("2025-10-11", text="10 October 2025", rule="stated"), PUB, "'10 October 2025' names day 10, not 11"),
    (W("2025-11-01", text="November 2025", rule="stated"), PUB,
     "'November 2025' gives no day, so precision 'day' is more than the text supports: use precision 'month'"),
    (W("2025-11-03", text=None, rule="stated"), PUB, "give the date phrase as written in `text`"),
    # stated_no_year: the year comes from the publication
    (W("2024-10-10", text="on Oct. 10", rule="stated_no_year"), PUB,
     "'on Oct. 10' takes its year from the publication (2025-11-19): 2025-10-10 or 2026-10-10, not 2024-10-10"),
    (W("2025-10-11", text="on Oct. 10", rule="stated_no_year"), PUB, "'on Oct. 10' reads as 10-10, not 2025-10-11"),
    (W("2025-10-10", text="on Oct. 10, 2025", rule="stated_no_year"), PUB, "the phrase 'on Oct. 10, 2025' has a year: use rule 'stated'"),
    # stated_month / stated_year
    (W("2025-06", "month", text="May 2025", rule="stated_month"), PUB, "'May 2025' names month 5, not 6"),
    (W("2025-05-01", text="May 2025", rule="stated_month"), PUB, "'May 2025' gives no day, so precision 'day'"),
    (W("2023", "year", text="in 2024", rule="stated_year"), PUB, "'in 2024' names the year 2024, not 2023"),
    (W("2024-01", "month", text="in 2024", rule="stated_year"), PUB, "'in 2024' gives no month, so precision 'month'"),
    # offset and inferred need their reasoning
    (W("2025-10-13", text="four weeks later", rule="offset", note=None), PUB, "rule 'offset': give the reasoning in `note`"),
    (W("2025-11-19", rule="inferred", note="  "), PUB, "rule 'inferred': give the reasoning in `note`"),
    # a malformed date is reported by the rule check too
    (W("2025-02-30", text="on Monday", rule="weekday_past"), PUB, "date '2025-02-30' is not a real date"),
])
def test_rule_inconsistent(when, pub, message):
    problems = check_rule(when, pub)
    assert any(message in p for p in problems), problems


# --------------------------------------------------------------------------- exact ASCII dates, bounded years (issue 11)


@pytest.mark.parametrize("d, precision, message", [
    ("２０２５-11-19", "day", "does not match precision 'day': expected YYYY-MM-DD"),
    ("2025-11-19\n", "day", "does not match precision 'day'"),
    ("2025-11-19 ", "week", "does not match precision 'week'"),
    ("２０２５", "year", "does not match precision 'year'"),
    ("9999-12-31", "week", "is outside the years 1900-2100"),
    ("0001-01-01", "day", "is outside the years 1900-2100"),
    ("2101", "year", "is outside the years 1900-2100"),
])
def test_window_refuses_lookalike_and_out_of_range_dates(d, precision, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        window(When(date=d, precision=precision, rule="inferred", note="n"))


def test_window_accepts_the_ends_of_the_range():
    assert window(When(date="1900-01-01", precision="day", rule="inferred")).start.isoformat() == "1900-01-01"
    assert window(When(date="2100-12-25", precision="week", rule="inferred")).end.isoformat() == "2100-12-31"


def test_check_rule_never_raises_near_the_calendar_limits():
    pub = Window(date(9999, 12, 31), date(9999, 12, 31))  # a publication window no loader would build, still no crash
    for rule in ("weekday_next", "this_week", "last_month", "stated_no_year"):
        when = When(date="2100-12-31", precision="day", text="on Friday, Dec. 31", rule=rule)
        assert isinstance(check_rule(when, pub), list)
