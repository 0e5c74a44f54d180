"""Effective windows (dashboard/dataset/windows.py): bounds that narrow, bounds that contradict, the publication
cap, rules re-checked against a narrowed publication window, and incidents. Good and bad case each,
on the mini dataset; the last tests check the real dataset's promise."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.dataset import dates
from dashboard.outputs import export
from dashboard.frames.tables import build_frames
from dashboard.dataset.loader import DataError
from dashboard.codebook.common import FORWARD_LOOKING
from dashboard.dataset.windows import resolve_windows

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


# phase bounds: a phase that names itself, a cycle, bounds that put an end before its start (#24 class 5).
# Each is reported once at the bound's line; before, the bound was dropped without a word.

PHASE_START = '''    start:
      date: "2025-10-10"
      precision: day
      text: "on Oct. 10, 2025"
      rule: stated'''
P = "phases.yaml"


def only(mini, needle: str) -> str:
    found = [p for p in problems(mini) if needle in p]
    assert len(found) == 1, problems(mini)
    return found[0]


def test_a_phase_bounded_by_another_phase_loads(mini):
    # good case: a second phase starting after the first one
    mini.edit(P, "    end: null\n", "    end: null\n" + SECOND_PHASE.replace("BOUND", "after: {phase: gaza-ceasefire}"))
    ds = mini.load()
    assert ds.windows[("phases", "gaza-talks", "start")].start == date(2025, 10, 10)


SECOND_PHASE = '''    summary: Ceasefire in Gaza from 10 October 2025.
    citations:
      - source: alpha
        quote: "The ceasefire took effect on Oct. 10, 2025"
  - id: gaza-talks
    name: Cairo talks
    theatre: egypt
    start:
      date: "2025-10"
      precision: month
      rule: inferred
      note: Talks under the ceasefire.
      BOUND
    end: null
'''


def test_a_phase_bounded_by_itself_is_reported(mini):
    line = mini.edit(P, PHASE_START, PHASE_START + "\n      after: {phase: gaza-ceasefire}")
    found = only(mini, "a phase cannot be bounded by itself")
    assert found.startswith(f"data/{P}:{line + 5}: phase 'gaza-ceasefire': start.after.phase:"), found


def test_a_phase_end_bounded_by_its_own_phase_is_reported(mini):
    line = mini.edit(P, "    end: null\n", '''    end:
      date: "2025-11-19"
      precision: day
      rule: inferred
      note: Talks of that day.
      after: {phase: gaza-ceasefire}
''')
    assert only(mini, "a phase cannot be bounded by itself").startswith(f"data/{P}:{line + 5}: phase 'gaza-ceasefire': end.after.phase:")


def test_two_phases_bounded_by_each_other_are_a_reported_cycle(mini):
    mini.edit(P, "    end: null\n", "    end: null\n" + SECOND_PHASE.replace("BOUND", "after: {phase: gaza-ceasefire}"))
    mini.edit(P, PHASE_START, PHASE_START + "\n      after: {phase: gaza-talks}")
    found = only(mini, "(a cycle)")
    # phases resolve in file order: the first phase's start asks for the second, whose bound closes the cycle
    line = mini.line(P, "      after: {phase: gaza-ceasefire}")
    assert found.startswith(f"data/{P}:{line}: phase 'gaza-talks': start.after.phase: the start of phase 'gaza-ceasefire' "
                            "is itself bounded"), found


def test_a_phase_and_an_event_bounded_by_each_other_are_a_reported_cycle(mini):
    mini.edit(P, PHASE_START, PHASE_START + "\n      before: {event: strikes-khan-younis}")
    line = mini.edit(A, '''      text: "On Monday"
      rule: weekday_past
    status: occurred''', '''      text: "On Monday"
      rule: weekday_past
      after: {phase: gaza-ceasefire}
    status: occurred''')
    found = only(mini, "(a cycle)")
    assert found.startswith(f"data/{A}:{line + 2}: event 'strikes-khan-younis': when.after.phase:"), found


def test_either_bound_alone_of_that_cycle_loads(mini):
    mini.edit(P, PHASE_START, PHASE_START + "\n      before: {event: strikes-khan-younis}")
    assert mini.load().windows[("phases", "gaza-ceasefire", "start")].end == date(2025, 10, 10)


def test_until_and_when_bounds_that_contradict_each_other_are_reported(mini):
    # each date alone is fine (November; November), their bounds leave no day for the event
    line = mini.edit(A, RESIDENTS, '''      date: "2025-11"
      precision: month
      rule: inferred
      note: Undated.
      after: "2025-11-18"
    until:
      date: "2025-11"
      precision: month
      rule: inferred
      note: Undated.
      before: "2025-11-10"''')
    found = only(mini, "contradict each other")
    assert found.startswith(f"data/{A}:{line + 5}: event 'residents-tired': until: with their bounds, until (1–10 Nov 2025)"), found


def test_until_and_when_bounds_that_agree_narrow_the_window(mini):
    mini.edit(A, RESIDENTS, '''      date: "2025-11"
      precision: month
      rule: inferred
      note: Undated.
      after: "2025-11-12"
    until:
      date: "2025-11"
      precision: month
      rule: inferred
      note: Undated.
      before: "2025-11-18"''')
    w = mini.load().windows[("events", "residents-tired", "window")]
    assert (w.start, w.end) == (date(2025, 11, 12), date(2025, 11, 18))


def test_phase_start_and_end_bounds_that_contradict_each_other_are_reported(mini):
    line = mini.edit(P, PHASE_START + "\n    end: null", '''    start:
      date: "2025-10"
      precision: month
      rule: inferred
      note: Undated.
      after: "2025-10-20"
    end:
      date: "2025-10"
      precision: month
      rule: inferred
      note: Undated.
      before: "2025-10-15"''')
    found = only(mini, "contradict each other")
    assert found.startswith(f"data/{P}:{line + 6}: phase 'gaza-ceasefire': end: with their bounds"), found


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


def test_incident_across_two_theatres_is_reported(mini):
    # the Cairo talks (egypt) cannot join the Khan Younis strikes (gaza): one episode, one theatre
    mini.edit(A, "    fatalities: 12\n", "    fatalities: 12\n    incident: strikes-khan-younis\n")
    line = mini.edit(A, "    location: Cairo\n", "    location: Cairo\n    incident: strikes-khan-younis\n")
    found = only(mini, "an incident joins records of one theatre")
    assert found.startswith(f"data/{A}:{line + 1}: event 'cairo-talks': incident: 'strikes-khan-younis' happened in gaza, "
                            "this event in egypt"), found


def test_figure_of_another_theatre_cannot_join_an_incident(mini):
    mini.edit(A, "    fatalities: 12\n", "    fatalities: 12\n    incident: strikes-khan-younis\n")
    mini.edit(A, "    subject: People killed in the Khan Younis strikes\n    theatre: gaza",
              "    subject: People killed in the Khan Younis strikes\n    theatre: lebanon")
    line = mini.edit(A, "    event: strikes-khan-younis\n", "    event: strikes-khan-younis\n    incident: strikes-khan-younis\n")
    assert only(mini, "an incident joins records of one theatre").startswith(
        f"data/{A}:{line + 1}: figure 'killed-khan-younis': incident: 'strikes-khan-younis' happened in gaza, this figure in lebanon")


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
