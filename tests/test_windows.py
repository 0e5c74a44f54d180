"""Effective windows (dashboard/windows.py): bounds that narrow, bounds that contradict, the publication
cap, rules re-checked against a narrowed publication window, and incidents. Good and bad case each,
on the mini dataset; the last tests check the real dataset's promise."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard import dates, export
from dashboard.frames import build_frames
from dashboard.loader import DataError
from dashboard.models import FORWARD_LOOKING
from dashboard.windows import resolve_windows

A = "articles/alpha.yaml"
RESIDENTS = '''      date: "2025-11-19"
      precision: week
      rule: inferred
      note: Undated; reported in the article of 19 November.'''


def problems(mini) -> list[str]:
    with pytest.raises(DataError) as exc:
        mini.load()
    return [str(p) for p in exc.value.problems]


# --------------------------------------------------------------------------- publication cap


def test_reported_past_fact_ends_with_its_source(mini):
    ds = mini.load()
    w = ds.windows[("events", "residents-tired", "window")]
    # coded as the week from 19 Nov (19-25), published 19 Nov: cut at the publication day
    assert (w.start, w.end) == (date(2025, 11, 19), date(2025, 11, 19))
    assert w.note == "narrowed to end 19 Nov 2025: reported as past in an article published 19 Nov 2025"
    row = build_frames(ds).events.set_index("id").loc["residents-tired"]
    assert row["date_end"].date() == date(2025, 11, 19) and row["window_note"] == w.note


def test_forward_looking_record_is_not_cut(mini):
    mini.edit(A, "    status: occurred\n    theatre: gaza\n    event_type: other", "    status: expected\n    theatre: gaza\n    event_type: other")
    w = mini.load().windows[("events", "residents-tired", "window")]
    assert (w.start, w.end, w.note) == (date(2025, 11, 19), date(2025, 11, 25), None)


def test_latest_source_sets_the_cap(mini):
    # cairo-talks is cited from alpha (19 Nov) and beta (20 Nov): a week window ends on 20 Nov
    mini.edit(A, '''      date: "2025-11-19"
      precision: day
      text: "on Wednesday, November 19, 2025"
      rule: stated
    status: occurred''', '''      date: "2025-11-17"
      precision: week
      text: "this week"
      rule: this_week
    status: occurred''')
    w = mini.load().windows[("events", "cairo-talks", "window")]
    assert w.end == date(2025, 11, 20) and "published 20 Nov 2025" in w.note


# --------------------------------------------------------------------------- after/before bounds


def test_after_a_phase_narrows_the_start(mini):
    mini.edit(A, RESIDENTS, RESIDENTS.replace('"2025-11-19"\n      precision: week', '"2025-10"\n      precision: month')
              + "\n      after: {phase: gaza-ceasefire, text: since the ceasefire}")
    w = mini.load().windows[("events", "residents-tired", "window")]
    assert (w.start, w.end) == (date(2025, 10, 10), date(2025, 10, 31))
    assert w.note == ("narrowed to start 10 Oct 2025: after the start of October 2025 Gaza ceasefire (10 Oct 2025) "
                      "('since the ceasefire')")


def test_after_a_phase_that_contradicts_the_date_is_reported_with_the_fix(mini):
    line = mini.edit(A, RESIDENTS, RESIDENTS.replace('"2025-11-19"\n      precision: week', '"2025-09"\n      precision: month')
                     + "\n      after: {phase: gaza-ceasefire}")
    found = [p for p in problems(mini) if "ends before its bound" in p]
    assert len(found) == 1
    assert found[0].startswith(f"data/{A}:{line + 4}: event 'residents-tired': when: coded Sep 2025 ends before its bound")
    assert "write a date on or after 2025-10-10" in found[0]


def test_before_an_event_narrows_the_end(mini):
    mini.edit(A, RESIDENTS, RESIDENTS.replace('"2025-11-19"\n      precision: week', '"2025-11"\n      precision: month')
              + "\n      before: {event: cairo-talks, text: before the talks}")
    w = mini.load().windows[("events", "residents-tired", "window")]
    assert (w.start, w.end) == (date(2025, 11, 1), date(2025, 11, 19))
    assert "narrowed to end 19 Nov 2025: before the event 'cairo-talks' (19 Nov 2025) ('before the talks')" in w.note


def test_before_a_day_that_contradicts_the_date_is_reported(mini):
    mini.edit(A, RESIDENTS, RESIDENTS + '\n      before: "2025-11-01"')
    found = [p for p in problems(mini) if "starts after its bound" in p]
    assert len(found) == 1 and "write a date on or before 2025-11-01" in found[0]


def test_unknown_bound_reference_is_reported(mini):
    mini.edit(A, RESIDENTS, RESIDENTS + "\n      after: {phase: no-such-phase}")
    assert any("when.after.phase: unknown phase 'no-such-phase'" in p for p in problems(mini))


def test_a_bound_names_exactly_one_anchor(mini):
    mini.edit(A, RESIDENTS, RESIDENTS + '\n      after: {phase: gaza-ceasefire, date: "2025-10-01"}')
    assert any("a bound names exactly one of `date`, `phase` or `event`" in p for p in problems(mini))


def test_bound_cycle_is_reported(mini):
    mini.edit(A, RESIDENTS, RESIDENTS + "\n      after: {event: residents-tired}")
    assert any("an event cannot be bounded by itself" in p for p in problems(mini))


# --------------------------------------------------------------------------- narrowed publication windows


def test_publication_window_narrowed_by_a_bound(mini):
    mini.edit("sources.yaml", '''      date: "2025-11-19"
      precision: day''', '''      date: "2025-11-19"
      precision: week
      before: {date: "2025-11-21", text: evidence}''')
    ds = mini.load()
    w = ds.windows[("sources", "alpha", "published")]
    assert (w.start, w.end) == (date(2025, 11, 19), date(2025, 11, 21))
    assert build_frames(ds).sources.set_index("id").loc["alpha", "published_end"].date() == date(2025, 11, 21)


def test_rule_that_only_the_wide_window_allows_is_reported(mini):
    # "On Monday" resolved to 24 Nov: fine for a publication week 19-25 Nov, wrong once it ends 21 Nov
    mini.edit("sources.yaml", '''      date: "2025-11-19"
      precision: day''', '''      date: "2025-11-19"
      precision: week
      before: "2025-11-21"''')
    mini.edit(A, '''      date: "2025-11-17"
      precision: day
      text: "On Monday"
      rule: weekday_past
    status: occurred''', '''      date: "2025-11-24"
      precision: day
      text: "On Monday"
      rule: weekday_past
    status: expected''')
    found = [p for p in problems(mini) if "narrowed publication window" in p]
    assert found and "expected 2025-11-17" in found[0]


def test_publication_bound_must_be_a_day(mini):
    mini.edit("sources.yaml", '''      date: "2025-11-19"
      precision: day''', '''      date: "2025-11-19"
      precision: week
      before: {phase: gaza-ceasefire}''')
    assert any("a publication window is bounded by a day" in p for p in problems(mini))


# --------------------------------------------------------------------------- incidents


def test_incident_links_claims_and_is_exported(mini):
    mini.edit(A, "    fatalities: 12\n", "    fatalities: 12\n    incident: strikes-khan-younis\n")
    mini.edit(A, "    event: strikes-khan-younis\n", "    event: strikes-khan-younis\n    incident: strikes-khan-younis\n")
    ds = mini.load()
    fr = build_frames(ds)
    assert fr.figures.set_index("id").loc["killed-khan-younis", "incident"] == "strikes-khan-younis"
    assert fr.events.set_index("id").loc["strikes-khan-younis", "incident"] == "strikes-khan-younis"
    data = export.to_json_dict(ds)
    assert next(f for f in data["figures"] if f["id"] == "killed-khan-younis")["incident"] == "strikes-khan-younis"
    assert export.from_json_dict(data) == export.dataset_as_datafile(ds)


def test_incident_must_name_an_event_that_names_itself(mini):
    mini.edit(A, "    event: strikes-khan-younis\n", "    event: strikes-khan-younis\n    incident: strikes-khan-younis\n")
    assert any("add `incident: strikes-khan-younis` to event 'strikes-khan-younis' too" in p for p in problems(mini))


def test_unknown_incident_is_reported(mini):
    mini.edit(A, "    event: strikes-khan-younis\n", "    event: strikes-khan-younis\n    incident: no-such-event\n")
    assert any("incident: unknown event 'no-such-event'" in p for p in problems(mini))


# --------------------------------------------------------------------------- the real dataset


def _latest_publication_end(ds, citations) -> date:
    return max(ds.windows[("sources", c.source, "published")].end for c in citations)


def test_every_event_and_figure_exports_a_window(bundled):
    data = export.to_json_dict(bundled)
    for kind in ("events", "figures"):
        for row in data[kind]:
            assert set(row["window"]) == {"start", "end"}, row["id"]
            assert date.fromisoformat(row["window"]["start"]) <= date.fromisoformat(row["window"]["end"])


def test_no_reported_fact_ends_after_its_latest_source(bundled):
    """The issue's promise: a past fact's window never ends after its latest source's publication window."""
    data = export.to_json_dict(bundled)
    events, figures = bundled.by_id("events"), bundled.by_id("figures")
    checked = 0
    for row in data["events"]:
        ev = events[row["id"]]
        if ev.status not in FORWARD_LOOKING:
            assert date.fromisoformat(row["window"]["end"]) <= _latest_publication_end(bundled, ev.citations), ev.id
            checked += 1
    for row in data["figures"]:
        fig = figures[row["id"]]
        linked = events.get(fig.event) if fig.event else None
        if fig.citations and not (linked and linked.status in FORWARD_LOOKING):
            assert date.fromisoformat(row["window"]["end"]) <= _latest_publication_end(bundled, fig.citations), fig.id
            checked += 1
    assert checked > 100


def test_effective_window_lies_inside_the_coded_window(bundled):
    for (kind, rid, name), w in resolve_windows(bundled).items():
        rec = bundled.by_id(kind)[rid]
        when = {"window": getattr(rec, "when", None) or getattr(rec, "as_of", None)}.get(name) or getattr(rec, name)
        coded = dates.window(when)
        last = dates.window(rec.until).end if kind == "events" and rec.until else coded.end
        assert coded.start <= w.start <= w.end <= last, (kind, rid)


def test_csv_carries_window_columns(bundled, tmp_path):
    export.write_csv(bundled, tmp_path)
    header = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"window_start", "window_end", "window_note", "incident"} <= set(header)
    header = (tmp_path / "figures.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"window_start", "window_end", "window_note", "incident"} <= set(header)
