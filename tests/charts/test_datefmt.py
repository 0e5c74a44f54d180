"""The one date display rule, at every precision, on every surface that writes a date."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dashboard.conventions import datefmt
from dashboard.charts import CHARTS, source_label

DAY_OF_MONTH_START = re.compile(r"\b0?1 (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


@pytest.mark.parametrize("start,end,precision,expected", [
    ("2025-11-22", "2025-11-22", "day", "22 Nov 2025"),
    ("2025-11-22", None, "day", "22 Nov 2025"),
    ("2025-10-10", "2025-11-11", "day", "10 Oct–11 Nov 2025"),           # a day with an `until`
    ("2025-11-17", "2025-11-23", "week", "17–23 Nov 2025"),
    ("2025-10-27", "2025-11-02", "week", "27 Oct–2 Nov 2025"),
    ("2025-12-29", "2026-01-04", "week", "29 Dec 2025–4 Jan 2026"),
    ("2025-08-01", "2025-08-31", "month", "Aug 2025"),
    ("2025-02-01", "2025-02-28", "month", "Feb 2025"),
    ("2024-11-01", "2025-11-11", "month", "Nov 2024–Nov 2025"),         # a month running on to a later date
    ("2025-10-01", "2025-11-11", "month", "Oct–Nov 2025"),
    ("2025-01-01", "2025-12-31", "year", "2025"),
    ("2025-01-01", "2025-02-16", "year", "Jan–Feb 2025"),               # a year clipped by its source
    ("2025-01-01", "2025-01-20", "year", "Jan 2025"),
])
def test_format_span_every_precision(start, end, precision, expected):
    assert datefmt.format_span(start, end, precision) == expected


def test_format_span_accepts_dates_timestamps_and_missing():
    assert datefmt.format_span(date(2025, 8, 1), date(2025, 8, 31), "month") == "Aug 2025"
    assert datefmt.format_span(pd.Timestamp("2025-08-01"), pd.Timestamp("2025-08-31"), "month") == "Aug 2025"
    assert datefmt.format_span(None) == "" and datefmt.format_span(pd.NaT) == ""


def test_a_month_is_never_written_as_its_first_day():
    assert datefmt.format_span("2025-08-01", "2025-08-31", "month") != "1 Aug 2025"
    assert datefmt.format_span("2025-01-01", "2025-12-31", "year") != "1 Jan 2025"


def test_format_row_and_column_for_each_frame(frames):
    ev = frames.events
    month = ev[(ev["date_precision"] == "month") & (ev["date_start"].dt.month == ev["date_end"].dt.month)].iloc[0]
    assert datefmt.format_row(month, "date") == f"{month['date_start']:%b %Y}"
    col = datefmt.column(frames.figures, "as_of")
    assert len(col) == len(frames.figures) and col.map(bool).all()
    assert all(f", {when}, date " in source_label(s)
               for when, (_, s) in zip(datefmt.column(frames.sources, "published"), frames.sources.iterrows()))
    assert datefmt.column(frames.events.iloc[:0], "date").empty


def test_source_label_writes_the_publication_date_at_its_precision(frames):
    imprecise = frames.sources[frames.sources["published_precision"].isin(["month", "year"])]
    assert len(imprecise), "article 002 is dated only to a span of months"
    for _, src in imprecise.iterrows():
        label = source_label(src)
        when = datefmt.format_span(src['published_start'], src['published_end'], src['published_precision'])
        assert f", {when}, date " in label
        assert not re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, date", label), label  # never a day for a month or a year


def test_a_stated_time_is_written_after_its_day_only():
    day = pd.Timestamp("2025-02-15")
    assert datefmt.format_span(day, day, "day", "12:00") == "15 Feb 2025, 12:00"
    assert datefmt.format_span(day, day + pd.Timedelta(days=6), "week", "12:00") == "15–21 Feb 2025"  # never on a span
    assert datefmt.format_span(day, day, "day", float("nan")) == "15 Feb 2025"  # a frame's missing time


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_no_chart_surface_writes_an_imprecise_date_as_a_day(built, frames, chart_id):
    """Hovers, labels, footers, summaries and the data table: no month or year shown as its first day."""
    chart = built[chart_id]
    imprecise_starts = set()
    for df, prefix in ((frames.events, "date"), (frames.figures, "as_of")):
        rows = df[df[f"{prefix}_precision"].isin(["month", "year"])]
        imprecise_starts |= {f"{d.day} {d:%b %Y}" for d in rows[f"{prefix}_start"]}
    precise_days = {f"{d.day} {d:%b %Y}" for df, p in ((frames.events, "date"), (frames.figures, "as_of"))
                    for d in df.loc[df[f"{p}_precision"].isin(["day", "week"]), f"{p}_start"]}
    suspicious = imprecise_starts - precise_days  # a first-of-month that is not also some record's real day
    texts = [chart.summary, chart.data.to_csv()]
    texts += [a.text or "" for a in chart.figure.layout.annotations]
    texts += [str(t.hovertext) for t in chart.figure.data if t.hovertext is not None]
    blob = " ".join(texts)
    for day in suspicious:
        assert not re.search(rf"(?<![\d–]){re.escape(day)}", blob), (chart_id, day)
    assert "00:00:00" not in chart.data.to_csv()


# --------------------------------------------------------------------------- counts of days


def test_days_between_a_day_and_a_week_is_a_range():
    from dashboard.conventions.datefmt import days_between, format_days

    span = days_between("2025-10-10", "2025-10-10", "2025-11-23", "2025-11-29")
    assert span == (44, 50) and format_days(span) == "44–50 days"


def test_days_between_two_days_is_one_number():
    from dashboard.conventions.datefmt import days_between, format_days

    assert format_days(days_between("2025-10-10", None, "2025-10-11", None)) == "1 day"
    assert format_days(days_between("2025-10-10", "2025-10-10", "2025-11-09", "2025-11-09")) == "30 days"
    assert days_between(None, None, "2025-11-09", None) is None and format_days(None) == ""
