"""URL query parameters <-> Filters: defensive parsing, round trips, and applying filters to frames."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.frames.filters import (AXES, LANES, MAX_PARAM_CHARS, MAX_VALUES, Filters, filter_events, filter_figures,
    from_params, to_params)
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset
from dashboard.codebook.events import EventType
from dashboard.codebook.common import Status, Theatre

ACTORS = {"idf", "hamas", "hezbollah", "us-official"}
SOURCES = {"toi-another-lebanon", "report-cairo-talks"}


def parse(params):
    return from_params(params, ACTORS, SOURCES)


# --------------------------------------------------------------------------- from_params


def test_empty_params_give_defaults():
    f = parse({})
    assert f == Filters()
    assert not f.active and f.describe() == "no filters"


def test_known_values_are_kept_in_order_without_duplicates():
    f = parse({"theatre": "lebanon,gaza,lebanon", "type": "airstrike", "actor": "hamas,idf", "source": "report-cairo-talks",
               "status": "alleged", "lanes": "event_type", "axis": "days", "span": "all", "from": "2025-10-10",
               "to": "2025-11-30"})
    assert f.theatres == ("lebanon", "gaza")
    assert f.types == ("airstrike",)
    assert f.actors == ("hamas", "idf")
    assert f.sources == ("report-cairo-talks",)
    assert f.statuses == ("alleged",)
    assert (f.lanes, f.axis, f.span) == ("event_type", "days", "all")
    assert to_params(f)["span"] == "all" and "span" not in to_params(Filters())  # the default stays out of the URL
    assert (f.start, f.end) == (date(2025, 10, 10), date(2025, 11, 30))
    assert f.active


def test_unknown_keys_and_values_are_dropped():
    f = parse({"theatre": "mars,gaza", "type": "nuke", "actor": "../../etc/passwd,idf", "source": "nope",
               "status": "<script>", "lanes": "sideways", "axis": "log", "span": "<b>", "evil": "1", "id": "x"})
    assert f.theatres == ("gaza",)
    assert f.types == () and f.sources == () and f.statuses == ()
    assert f.actors == ("idf",)
    assert (f.lanes, f.axis, f.span) == ("theatre", "calendar", "focus")
    assert "evil" not in to_params(f) and "id" not in to_params(f)


def test_values_are_case_and_space_exact_but_trimmed():
    f = parse({"theatre": " gaza , Lebanon ,"})
    assert f.theatres == ("gaza",)


def test_lists_of_values_are_merged():
    f = parse({"theatre": ["gaza", "lebanon,israel"], "lanes": ["event_type", "theatre"], "from": ["2025-01-01", "x"]})
    assert f.theatres == ("gaza", "lebanon", "israel")
    assert f.lanes == "event_type"
    assert f.start == date(2025, 1, 1)
    assert parse({"theatre": [], "lanes": []}) == Filters()


def test_non_string_values_are_ignored():
    f = parse({"theatre": [None, 3, b"gaza", ("gaza",)], "from": 20250101, "lanes": None, "actor": {"idf": 1}})
    assert f == Filters()


def test_huge_values_are_dropped():
    huge = "gaza," * 100_000
    assert len(huge) > MAX_PARAM_CHARS
    f = parse({"theatre": huge, "from": "2025-01-01" + " " * MAX_PARAM_CHARS, "lanes": "event_type" * 1000})
    assert f == Filters()
    many = ",".join(["gaza"] * 300)
    assert parse({"theatre": many}).theatres == ("gaza",)


def test_at_most_max_values_per_key():
    actors = {f"a{i}" for i in range(200)}
    f = from_params({"actor": ",".join(sorted(actors))}, actors, set())
    assert len(f.actors) == MAX_VALUES


@pytest.mark.parametrize("bad", ["", "yesterday", "2025-02-30", "2025-13-01", "0000-01-01", "../../etc/passwd",
                                 "\x00\x01", "2025-1-1x", "\u202e2025-01-01", "٢٠٢٥-٠١-٠١", "9" * 5000])
def test_bad_dates_are_ignored(bad):
    f = parse({"from": bad, "to": bad})
    assert f.start is None and f.end is None


def test_dates_with_a_time_part_keep_the_day():
    assert parse({"from": "2025-10-10T12:00:00Z"}).start == date(2025, 10, 10)
    assert parse({"from": " 2025-10-10 "}).start == date(2025, 10, 10)


def test_reversed_range_is_swapped():
    f = parse({"from": "2025-11-30", "to": "2025-10-10"})
    assert (f.start, f.end) == (date(2025, 10, 10), date(2025, 11, 30))


def test_open_ended_ranges():
    assert parse({"from": "2025-10-10"}).end is None
    assert parse({"to": "2025-10-10"}).start is None
    assert "…" in parse({"to": "2025-10-10"}).describe()


def test_params_object_without_get_is_tolerated():
    assert from_params(None) == Filters()
    assert from_params(["theatre=gaza"]) == Filters()


def test_to_params_omits_defaults():
    assert to_params(Filters()) == {}
    assert to_params(Filters(lanes="event_type", axis="days")) == {"lanes": "event_type", "axis": "days"}


# --------------------------------------------------------------------------- round trip (property)

dates_ = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


def unique(values):
    return st.lists(st.sampled_from(sorted(values)), unique=True, max_size=len(values)).map(tuple)


@st.composite
def filters(draw):
    start, end = draw(st.one_of(st.none(), dates_)), draw(st.one_of(st.none(), dates_))
    if start and end and end < start:
        start, end = end, start
    return Filters(start=start, end=end, theatres=draw(unique({t.value for t in Theatre})),
                   types=draw(unique({t.value for t in EventType})), actors=draw(unique(ACTORS)),
                   claimants=draw(unique(ACTORS)), sources=draw(unique(SOURCES)), statuses=draw(unique({s.value for s in Status})),
                   lanes=draw(st.sampled_from(LANES)), axis=draw(st.sampled_from(AXES)))


@settings(max_examples=200, deadline=None)
@given(filters())
def test_round_trip(f):
    params = to_params(f)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    assert parse(params) == f
    assert to_params(parse(params)) == params


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["from", "to", "theatre", "type", "actor", "claimant", "source", "status",
                                        "lanes", "axis", "id", "chart", "briefing", "x"]),
                       st.one_of(st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3)), max_size=8))
def test_any_params_parse_to_a_stable_filter(params):
    f = parse(params)
    assert set(f.theatres) <= {t.value for t in Theatre} and set(f.actors) <= ACTORS and set(f.claimants) <= ACTORS and set(f.sources) <= SOURCES
    assert f.lanes in LANES and f.axis in AXES
    assert not (f.start and f.end and f.end < f.start)
    assert parse(to_params(f)) == f


# --------------------------------------------------------------------------- applying filters


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(ROOT / "data", root=ROOT))


def test_date_filter_keeps_overlapping_windows(frames):
    ev = frames.events
    month = ev[ev["date_precision"] == "month"].iloc[0]
    mid = (month["date_start"] + (month["date_end"] - month["date_start"]) / 2).date()
    kept = filter_events(ev, Filters(start=mid, end=mid))
    assert month["id"] in set(kept["id"]), "an event known to a month overlaps any day of that month"
    assert (kept["date_end"] >= str(mid)).all() and (kept["date_start"] <= str(mid)).all()


def test_filters_combine_with_and(frames):
    ev = frames.events
    f = Filters(theatres=("gaza",), types=("airstrike",), actors=("idf",))
    kept = filter_events(ev, f)
    assert len(kept) and (kept["theatre"] == "gaza").all() and (kept["type"] == "airstrike").all()
    assert kept["actor_ids"].map(lambda ids: "idf" in ids).all()
    assert len(kept) < len(filter_events(ev, Filters(theatres=("gaza",))))


def test_figure_filters_keep_derived_values_with_their_source(frames):
    fg = frames.figures
    src = fg.loc[fg["derived"] == False, "source_ids"].iloc[0][0]  # noqa: E712
    kept = filter_figures(fg, Filters(sources=(src,)))
    assert fg["derived"].sum() == 0 or kept["derived"].any()
    assert filter_figures(fg, Filters(claimants=("idf",)))["claimant_id"].eq("idf").all()


def test_event_actor_and_claimant_are_two_filters(frames):
    """`actor` picks events, `claimant` picks figures: an event actor never blanks the figure charts."""
    fg, ev = frames.figures, frames.events
    actor = next(a for ids in ev["actor_ids"] for a in ids)
    assert len(filter_figures(fg, Filters(actors=(actor,)))) == len(fg)
    claimant = fg["claimant_id"].iloc[0]
    assert len(filter_events(ev, Filters(claimants=(claimant,)))) == len(ev)
    kept = filter_figures(fg, Filters(claimants=(claimant,)))
    assert len(kept) and kept["claimant_id"].eq(claimant).all()


def test_claimant_param_is_parsed_bounded_and_round_trips():
    ids = {"hamas", "idf", "gaza-health-ministry"}
    f = from_params({"actor": "hamas", "claimant": "gaza-health-ministry,../../x,idf,<b>"}, ids, set())
    assert f.actors == ("hamas",) and f.claimants == ("gaza-health-ministry", "idf")
    assert to_params(f) == {"actor": "hamas", "claimant": "gaza-health-ministry,idf"}
    assert from_params(to_params(f), ids, set()) == f
    assert from_params({"claimant": "x" * (MAX_PARAM_CHARS + 1)}, ids, set()).claimants == ()
    many = {f"c{i}" for i in range(200)}
    assert len(from_params({"claimant": ",".join(sorted(many))}, many, set()).claimants) == MAX_VALUES
    assert f.active and "claimant: gaza-health-ministry, idf" in f.describe()


@settings(max_examples=50, deadline=None)
@given(filters())
def test_filtering_never_adds_rows(frames, f):
    assert len(filter_events(frames.events, f)) <= len(frames.events)
    assert len(filter_figures(frames.figures, f)) <= len(frames.figures)


def test_date_filter_uses_the_effective_window(bundled):
    """A year-coded fact reported in February 2025 is not selected by a filter from June 2025 on
    (its coded window, the whole year, would be); one dated inside the filter still is."""
    events = build_frames(bundled).events
    plan = events.set_index("id").loc["trump-gaza-takeover-plan-2025-essay"]
    assert plan["date_end"].date().isoformat() == "2025-02-11" and plan["date"] == "2025"
    late = filter_events(events, Filters(start=date(2025, 6, 1), end=date(2025, 12, 31)))
    assert "trump-gaza-takeover-plan-2025-essay" not in set(late["id"])
    early = filter_events(events, Filters(start=date(2025, 2, 1), end=date(2025, 2, 28)))
    assert "trump-gaza-takeover-plan-2025-essay" in set(early["id"])
