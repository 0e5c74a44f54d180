"""dashboard/app/reader.py: the Sources page lists coded records with dates at their precision."""

from __future__ import annotations

import pytest

from dashboard.app.reader import _record_title
from dashboard.conventions.datefmt import format_row
from dashboard.frames.tables import build_frames
from dashboard.engines.sources import PandasSource


@pytest.fixture(scope="module")
def source(bundled):
    return PandasSource(build_frames(bundled))


def test_event_titles_write_dates_at_their_precision(source):
    events = source.frames.events
    coarse = events[events["date_precision"].isin(["month", "year"])]
    assert len(coarse), "the bundled data has month- or year-dated events"
    for _, e in coarse.iterrows():
        title = _record_title(source, "event", e["id"])
        assert title.startswith(format_row(e, "date")) and not title.startswith(e["event_date"])  # never "2024-11-01"


def test_a_day_dated_event_keeps_its_day(source):
    events = source.frames.events
    e = events[events["date_precision"] == "day"].iloc[0]
    assert _record_title(source, "event", e["id"]).startswith(format_row(e, "date"))


def test_a_derived_figure_says_so(source):
    fg = source.frames.figures
    for _, f in fg.iterrows():
        assert ("(derived)" in _record_title(source, "figure", f["id"])) == bool(f["derived"])
