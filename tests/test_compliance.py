"""Compliance records (agreements, provisions, assessments): the codebook, the loader rules in
dashboard/dataset/compliance.py (a good and a bad case each), the derived quantities and the frames."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

import pandas as pd

from dashboard.dataset import compliance
from dashboard.frames import compliance as frames_compliance
from dashboard.frames.tables import build_frames
from dashboard.dataset.loader import DataError
from dashboard.codebook.compliance import Assessment, DeadlineUnit, Provision, RelativeDeadline
from dashboard.codebook.common import When
from dashboard.dataset.windows import windows_of
from dashboard.dataset.windows_compliance import offset_days

C = "compliance.yaml"

COMPLIANCE = """\
# yaml-language-server: $schema=../schema/datafile.schema.json
agreements:
  - id: truce
    name: Mini truce
    kind: agreement
    theatre: gaza
    parties: [israel, hamas]
    mediators: [us-official]
    effective:
      date: "2025-10-10"
      precision: day
      text: "on Oct. 10, 2025"
      rule: stated
    phases: [gaza-ceasefire]
    summary: The truce of the mini dataset.
    citations:
      - source: alpha
        quote: "The ceasefire took effect on Oct. 10, 2025"
provisions:
  - id: bodies-returned
    agreement: truce
    category: remains_return
    label: Bodies returned
    obligated: []
    stage: 1
    summary: The hostages' bodies are returned within 72 hours (who is bound is not stated).
    deadline:
      date: "2025-10-13"
      precision: day
      text: "within 72 hours"
      rule: offset
      note: 72 hours after the truce took effect.
    deadline_rule:
      text: "within 72 hours"
      amount: 72
      unit: hours
      after: effective
    paraphrase: true
    outstanding_metric: hostage_bodies_remaining
    citations:
      - source: alpha
        quote: "Between 20 and 21 hostages' bodies remain"
  - id: no-strikes
    agreement: truce
    category: cessation_of_hostilities
    label: No strikes
    obligated: [israel]
    summary: No strikes.
    citations:
      - source: alpha
        quote: "The ceasefire took effect on Oct. 10, 2025"
      - source: alpha
        quote: "Israel controls 53% of the territory"
assessments:
  - id: bodies-overdue-derived
    provision: bodies-returned
    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report's date.}
    status: overdue
    claimant: author
    party: hamas
    summary: Derived from the deadline and the count.
    evidence_figures: [bodies-remaining]
    derived:
      method: past_deadline_outstanding
      from_figures: [bodies-remaining]
      formula: deadline 13 Oct before the count of 19 Nov, 20 bodies outstanding
  - id: strikes-reported
    provision: no-strikes
    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}
    status: reported_violated
    claimant: health-ministry
    party: israel
    summary: Israeli strikes killed 12, the health ministry says.
    evidence_events: [strikes-khan-younis]
    evidence_figures: [killed-khan-younis]
    citations:
      - source: alpha
        quote: "On Monday, Israeli strikes killed 12 people in Khan Younis, the Hamas-run health ministry said."
  - id: strikes-us-view
    provision: no-strikes
    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report's date.}
    status: in_progress
    claimant: us-official
    summary: The ceasefire holds, a US official says.
    citations:
      - source: alpha
        quote: "Israel controls 53% of the territory, a U.S. official said."
"""


@pytest.fixture
def cm(mini):
    mini.write(C, COMPLIANCE)
    return mini


def problems_of(m) -> list[str]:
    with pytest.raises(DataError) as exc:
        m.load()
    return [str(p) for p in exc.value.problems]


def expect_one(m, line: int, *parts: str) -> str:
    found = problems_of(m)
    assert len(found) == 1, found
    assert found[0].startswith(f"data/{C}:{line}: "), found[0]
    for part in parts:
        assert part in found[0], found[0]
    return found[0]


# --------------------------------------------------------------------------- good case


def test_mini_compliance_loads_with_spans(cm):
    ds = cm.load()
    assert [a.id for a in ds.agreements] == ["truce"]
    assert {p.id for p in ds.provisions} == {"bodies-returned", "no-strikes"}
    assert len(ds.assessments) == 3
    cit = ds.by_id("provisions")["bodies-returned"].citations[0]
    assert ds.texts["alpha"][cit.start:cit.end] == cit.quote
    assert ds.origins[("assessments", "strikes-us-view")].file == f"data/{C}"


# --------------------------------------------------------------------------- deadline resolution


def test_relative_deadline_wrong_date_is_refused(cm):
    line = cm.edit(C, 'date: "2025-10-13"', 'date: "2025-10-12"')
    expect_one(cm, line, "provision 'bodies-returned'", "'within 72 hours' after the entry into effect (10 Oct 2025) resolves to "
               "2025-10-13, not 2025-10-12 as coded", 'write `deadline: {date: "2025-10-13", precision: day')


def test_relative_deadline_needs_its_anchor_date(cm):
    cm.edit(C, "      after: effective", "      after: signed")
    line = cm.line(C, "    deadline_rule:")
    expect_one(cm, line, "deadline_rule: the agreement's `signed` date is not given", "leave the deadline empty")


def test_relative_deadline_from_an_event(cm):
    cm.edit(C, "      amount: 72\n      unit: hours\n      after: effective", "      amount: 1\n      unit: days\n      after_event: strikes-khan-younis")
    cm.edit(C, 'date: "2025-10-13"', 'date: "2025-11-18"')  # Monday 17 Nov + 1 day
    assert cm.load().by_id("provisions")["bodies-returned"].deadline.date == "2025-11-18"


def test_relative_deadline_from_a_missing_event(cm):
    line = cm.edit(C, "      after: effective", "      after_event: no-such-event")
    expect_one(cm, line, "deadline_rule.after_event: unknown event 'no-such-event'")


def test_relative_deadline_against_a_month_is_refused(cm):
    cm.edit(C, 'date: "2025-10-10"\n      precision: day\n      text: "on Oct. 10, 2025"\n      rule: stated',
            'date: "2025-10"\n      precision: month\n      text: "October 2025"\n      rule: stated_month')
    line = cm.line(C, "    deadline_rule:")
    expect_one(cm, line, "known to the month only", "leave the deadline empty")


def test_offset_days_of_hours_span_the_hour_of_the_start():
    assert offset_days(72, DeadlineUnit.hours) == (3, 3)
    assert offset_days(30, DeadlineUnit.hours) == (1, 2)  # 30 hours after a day ends one or two days later
    assert offset_days(2, DeadlineUnit.weeks) == (14, 14)


def test_relative_deadline_over_two_possible_starts_is_a_window(cm):
    """'within 72 hours' when the text does not say whether of the signing (9 Oct) or the entry into
    effect (10 Oct): the deadline is the window over both, 12-13 Oct."""
    cm.edit(C, "    kind: agreement\n", "    kind: agreement\n    signed: {date: \"2025-10-09\", precision: day, rule: inferred, note: Signed the day before.}\n")
    cm.edit(C, "      after: effective", "      after: [signed, effective]")
    line = cm.line(C, '      date: "2025-10-13"')
    expect_one(cm, line, "resolves to 2025-10-12 to 2025-10-13", 'before: {date: "2025-10-13"}')
    cm.edit(C, '      date: "2025-10-13"\n      precision: day', '      date: "2025-10-12"\n      precision: week\n      before: "2025-10-13"')
    ds = cm.load()
    w = windows_of(ds)[("provisions", "bodies-returned", "deadline")]
    assert (w.start.isoformat(), w.end.isoformat()) == ("2025-10-12", "2025-10-13")
    row = build_frames(ds).provisions.set_index("id").loc["bodies-returned"]
    assert (row["window_start"], row["window_end"]) == (pd.Timestamp("2025-10-12"), pd.Timestamp("2025-10-13"))
    assert row["deadline_rule"] == "within 72 hours, counted from the signing or the entry into effect"


def test_huge_relative_deadline_is_a_problem_not_a_traceback(cm):
    cm.edit(C, "      amount: 72\n      unit: hours", "      amount: 800000\n      unit: weeks")
    line = cm.line(C, "    deadline_rule:")
    expect_one(cm, line, "runs past the calendar; check `amount`")


def test_relative_deadline_amount_is_bounded_in_the_codebook():
    with pytest.raises(ValidationError, match="less than or equal"):
        RelativeDeadline(text="x", amount=10**12, unit="days", after="signed")


def test_days_past():
    deadline = When(date="2025-10-12", precision="day", rule="offset", note="n")
    assert compliance.days_past(deadline, When(date="2025-11-23", precision="week", rule="inferred", note="n")) == 42
    assert compliance.days_past(deadline, When(date="2025-10-12", precision="day", rule="stated", text="x")) is None
    assert compliance.days_past(None, deadline) is None


# --------------------------------------------------------------------------- dangling references


@pytest.mark.parametrize("old,new,message", [
    ("    agreement: truce\n    category: remains_return", "    agreement: truse\n    category: remains_return",
     "agreement: unknown agreement 'truse'; did you mean 'truce'?"),
    ("    provision: no-strikes\n    as_of: {date: \"2025-11-19\"", "    provision: no-strike\n    as_of: {date: \"2025-11-19\"",
     "provision: unknown provision 'no-strike'"),
    ("    claimant: us-official", "    claimant: us-oficial", "claimant: unknown actor 'us-oficial'"),
    ("    obligated: [israel]", "    obligated: [israell]", "obligated: unknown actor 'israell'"),
    ("    mediators: [us-official]", "    mediators: [qatar]", "mediators: unknown actor 'qatar'"),
    ("    phases: [gaza-ceasefire]", "    phases: [gaza-truce]", "phases: unknown phase 'gaza-truce'"),
    ("    evidence_events: [strikes-khan-younis]", "    evidence_events: [strikes-khan]", "evidence_events: unknown event 'strikes-khan'"),
    ("    evidence_figures: [killed-khan-younis]", "    evidence_figures: [killed-khan]", "evidence_figures: unknown figure 'killed-khan'"),
    ("      from_figures: [bodies-remaining]", "      from_figures: [bodies-remains]", "derived.from_figures: unknown figure 'bodies-remains'"),
])
def test_dangling_ids_are_reported_at_their_line(cm, old, new, message):
    line = cm.edit(C, old, new)
    found = problems_of(cm)
    assert any(p.startswith(f"data/{C}:") and message in p for p in found), found
    at = [p for p in found if message in p][0]
    assert int(at.split(":")[1]) in range(line, line + 3), (at, line)


def test_party_must_be_obligated(cm):
    line = cm.edit(C, "    party: israel", "    party: hamas")
    expect_one(cm, line, "party: 'hamas' is not obligated by provision 'no-strikes'")


def test_quotes_are_verbatim(cm):
    line = cm.edit(C, "\"Between 20 and 21 hostages' bodies remain\"", "\"Between 20 and 22 hostages' bodies remain\"")
    expect_one(cm, line, "provision 'bodies-returned'", "quote not found verbatim in source 'alpha'")


# --------------------------------------------------------------------------- dated after the source


def test_assessment_after_its_source_needs_forward_looking_status(cm):
    line = cm.edit(C, '{date: "2025-11-19", precision: day, rule: inferred, note: The report\'s date.}\n    status: in_progress',
                   '{date: "2025-12-01", precision: day, rule: inferred, note: Expected.}\n    status: in_progress')
    expect_one(cm, line, "assessment 'strikes-us-view'", "after its source's publication (2025-11-19)", "status 'in_progress'",
               "not_yet_due")


def test_assessment_after_its_source_may_be_not_yet_due(cm):
    cm.edit(C, '{date: "2025-11-19", precision: day, rule: inferred, note: The report\'s date.}\n    status: in_progress',
            '{date: "2025-12-01", precision: day, rule: inferred, note: Expected.}\n    status: not_yet_due')
    assert cm.load().by_id("assessments")["strikes-us-view"].status.value == "not_yet_due"


# --------------------------------------------------------------------------- derived status


def test_derived_status_must_follow_from_its_formula(cm):
    line = cm.edit(C, "    status: overdue", "    status: fulfilled")
    expect_one(cm, line, "status: past_deadline_outstanding gives 'overdue'", "37 days past 2025-10-13", "not 'fulfilled'")


def test_derived_status_needs_a_later_figure(cm):
    cm.edit(C, 'date: "2025-10-13"', 'date: "2025-11-25"')
    cm.edit(C, "      amount: 72\n      unit: hours", "      amount: 46\n      unit: days")
    line = cm.line(C, "    derived:")
    expect_one(cm, line, "derived: past_deadline_outstanding does not hold", "is not after the deadline 2025-11-25")


def test_derived_status_is_as_of_its_figure(cm):
    line = cm.edit(C, '{date: "2025-11-19", precision: day, rule: inferred, note: The report\'s date.}\n    status: overdue',
                   '{date: "2025-11-18", precision: day, rule: inferred, note: The report\'s date.}\n    status: overdue')
    expect_one(cm, line, "as_of: a derived status is as of its latest figure 'bodies-remaining' (2025-11-19, day)")


def test_derived_status_keeps_the_figure_claimant(cm):
    line = cm.edit(C, "    claimant: author\n    party: hamas", "    claimant: us-official\n    party: hamas")
    expect_one(cm, line, "claimant: a derived status rests on the numbers of 'author'")


def test_derived_status_needs_a_deadline(cm):
    cm.edit(C, "    provision: bodies-returned", "    provision: no-strikes")
    found = problems_of(cm)
    assert any("derived: provision 'no-strikes' has no deadline" in p for p in found), found


# --------------------------------------------------------------------------- codebook (models)


def test_reported_assessment_needs_a_citation():
    with pytest.raises(ValidationError, match="needs at least one citation"):
        Assessment(id="a", provision="p", as_of={"date": "2025", "precision": "year", "rule": "stated_year", "text": "2025"},
                   status="overdue", claimant="author", summary="no source given")


def test_deadline_rule_needs_the_resolved_deadline():
    with pytest.raises(ValidationError, match="write the resolved `deadline`"):
        Provision(id="p", agreement="a", category="remains_return", label="Bodies", summary="returns bodies",
                  deadline_rule={"text": "within 72 hours", "amount": 72, "unit": "hours", "after": "signed"},
                  citations=[{"source": "s", "quote": "q"}])


def test_relative_deadline_has_exactly_one_anchor():
    with pytest.raises(ValidationError, match="exactly one of"):
        RelativeDeadline(text="within 72 hours", amount=72, unit="hours", after="signed", after_event="e")
    with pytest.raises(ValidationError, match="exactly one of"):
        RelativeDeadline(text="within 72 hours", amount=72, unit="hours")


def test_unknown_status_term_gets_a_hint(cm):
    line = cm.edit(C, "    status: reported_violated", "    status: violated")
    found = expect_one(cm, line, "unknown term 'violated'")
    assert "reported_violated" in found


# --------------------------------------------------------------------------- frames


def test_frames_keep_conflicting_claimants_apart(cm):
    fr = build_frames(cm.load())
    cur = frames_compliance.current_statuses(fr.assessments)
    strikes = cur[cur["provision_id"] == "no-strikes"].set_index("claimant_id")["status"].to_dict()
    assert strikes == {"health-ministry": "reported_violated", "us-official": "in_progress"}
    row = fr.provisions.set_index("id").loc["bodies-returned"]
    assert row["days_past_deadline"] == 37 and row["deadline"] == "2025-10-13"
    assert row["deadline_rule"] == "within 72 hours, counted from the entry into effect"
    derived = fr.assessments.set_index("id").loc["bodies-overdue-derived"]
    assert derived["derived"] and derived["source_ids"] == ["alpha"]  # cites through its figure
    assert fr.agreements.set_index("id").loc["truce", "permalink"] == "agreement?id=truce"


def test_dataset_without_compliance_has_empty_tables(mini):
    fr = build_frames(mini.load())
    assert fr.provisions.empty and list(fr.provisions.columns) == frames_compliance.PROVISION_COLUMNS


# --------------------------------------------------------------------------- effective windows (windows_compliance)


def test_assessment_window_ends_by_its_source_publication(cm):
    """A week-dated report (17-23 Nov) in an article published on 19 Nov is drawn 17-19 Nov, with the reason."""
    cm.edit(C, '{date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}\n    status: reported_violated',
            '{date: "2025-11-17", precision: week, rule: inferred, note: In the week of the strikes.}\n    status: reported_violated')
    ds = cm.load()
    w = windows_of(ds)[("assessments", "strikes-reported", "window")]
    assert (w.start.isoformat(), w.end.isoformat()) == ("2025-11-17", "2025-11-19")
    assert "reported as past in an article published 19 Nov 2025" in w.note
    row = build_frames(ds).assessments.set_index("id").loc["strikes-reported"]
    assert row["as_of_end"] == pd.Timestamp("2025-11-19") and row["window_note"] == w.note


def test_forward_looking_assessment_after_its_source_keeps_its_window(cm):
    cm.edit(C, '{date: "2025-11-19", precision: day, rule: inferred, note: The report\'s date.}\n    status: in_progress',
            '{date: "2025-12-01", precision: week, rule: inferred, note: Expected.}\n    status: not_yet_due')
    w = windows_of(cm.load())[("assessments", "strikes-us-view", "window")]
    assert (w.start.isoformat(), w.end.isoformat()) == ("2025-12-01", "2025-12-07")


def test_agreement_dates_are_capped_and_bounded(cm):
    """An agreement's signing is a reported fact: a year-dated signing ends by its source's publication (19 Nov
    2025), and a `before:` bound the text sets narrows it further."""
    cm.edit(C, "    kind: agreement\n", "    kind: agreement\n    signed: {date: \"2025\", precision: year, rule: inferred, note: Signed this year (2025).}\n")
    w = windows_of(cm.load())[("agreements", "truce", "signed")]
    assert (w.start.isoformat(), w.end.isoformat()) == ("2025-01-01", "2025-11-19")
    cm.edit(C, "note: Signed this year (2025).}", "note: Signed this year (2025)., before: \"2025-10-09\"}")
    ds = cm.load()
    w = windows_of(ds)[("agreements", "truce", "signed")]
    assert (w.start.isoformat(), w.end.isoformat()) == ("2025-01-01", "2025-10-09")
    row = build_frames(ds).agreements.set_index("id").loc["truce"]
    assert row["signed_end"] == pd.Timestamp("2025-10-09")
    assert (row["window_start"], row["window_end"]) == (pd.Timestamp("2025-10-10"), pd.Timestamp("2025-10-10"))  # in effect


def test_deadline_counted_from_an_event_uses_its_effective_window(cm):
    cm.edit(C, "      amount: 72\n      unit: hours\n      after: effective", "      amount: 1\n      unit: days\n      after_event: strikes-khan-younis")
    cm.edit(C, 'date: "2025-10-13"', 'date: "2025-11-18"')
    w = windows_of(cm.load())[("provisions", "bodies-returned", "deadline")]
    assert (w.start.isoformat(), w.end.isoformat()) == ("2025-11-18", "2025-11-18")


# --------------------------------------------------------------------------- bad input: problems, never tracebacks


@pytest.mark.parametrize("old,new,message", [
    ('      date: "2025-10-10"\n      precision: day\n      text: "on Oct. 10, 2025"\n      rule: stated',
     '      date: "2025-13-45"\n      precision: day\n      text: "on Oct. 10, 2025"\n      rule: stated', "2025-13-45"),
    ("      amount: 72\n", "      amount: 1000000000\n", "less than or equal to 876000"),
    ('      date: "2025-10-13"', '      date: "2025-02-30"', "2025-02-30"),
    ("    stage: 1\n", "    stage: 100000000000000000000\n", "stage"),
])
def test_bad_compliance_dates_and_numbers_are_problems_not_tracebacks(cm, old, new, message):
    line = cm.edit(C, old, new)
    found = problems_of(cm)  # DataError, not any other exception
    assert any(message in p and p.startswith(f"data/{C}:") for p in found), found
    assert any(int(p.split(":")[1]) in range(line, line + 5) for p in found if message in p), (found, line)


def test_derived_status_over_a_badly_dated_figure_is_a_problem_not_a_traceback(cm):
    cm.edit("articles/alpha.yaml", '    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report\'s date.}\n'
                                   '    claimant: author\n    citations:',
            '    as_of: {date: "2025-11-31", precision: day, rule: inferred, note: The report\'s date.}\n'
            '    claimant: author\n    citations:')
    found = problems_of(cm)
    assert any("2025-11-31" in p for p in found), found
