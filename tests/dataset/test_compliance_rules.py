"""Statuses and windows the compliance rules refuse (issue #24, class 5), a good and a bad case each, on the
mini compliance file of test_compliance.py:

- R-DERIVED-METRIC: a derived `overdue` rests on figures of the metric its provision names as still undone
  (`outstanding_metric`), in the agreement's theatre; a death toll never makes remains overdue;
- the codebook: `outstanding_metric` fits the provision's category; a derived status has no citations;
- R-COMPLIANCE-DATES: no deadline before the agreement existed (the earlier of its signing and its entry into
  effect), no `fulfilled` before then, no `not_yet_due` after the
  deadline, no claimant's `overdue` before it; windows that may still overlap are not a problem (a property
  test against a brute force over every day of the windows).
Each bad case is one problem at `data/compliance.yaml:LINE` (a DataError, never a traceback)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dashboard.frames.tables import build_frames
from dashboard.codebook.compliance import OUTSTANDING_METRICS, Assessment, AssessmentStatus, Provision
from dashboard.dataset.effective import Effective
from dashboard.dataset.compliance import status_contradicts
from test_compliance import COMPLIANCE, C, expect_one, problems_of

EFFECTIVE = '''    effective:
      date: "2025-10-10"
      precision: day
      text: "on Oct. 10, 2025"
      rule: stated
'''
SIGNED = EFFECTIVE.replace("effective:", "signed:")
US_VIEW = '''    provision: no-strikes
    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report's date.}
    status: in_progress
'''
DERIVED_FROM = "      from_figures: [bodies-remaining]\n"


@pytest.fixture
def cm(mini):
    mini.write(C, COMPLIANCE)
    return mini


@pytest.fixture
def signed(cm):
    """The mini truce with a signing date (10 October 2025, the day it took effect)."""
    cm.edit(C, EFFECTIVE, SIGNED + EFFECTIVE)
    return cm


def us_view(m, provision: str, as_of: str, status: str) -> int:
    """Recode the US official's assessment; returns the line of its `status:`."""
    line = m.edit(C, US_VIEW, f"    provision: {provision}\n    as_of: {as_of}\n    status: {status}\n")
    return line + 2


# --------------------------------------------------------------------------- R-DERIVED-METRIC


def test_derived_status_from_its_outstanding_metric_loads(cm):
    ds = cm.load()
    asm = ds.by_id("assessments")["bodies-overdue-derived"]
    pv = ds.by_id("provisions")[asm.provision]
    fig = ds.by_id("figures")[asm.derived.from_figures[0]]
    assert asm.status.value == "overdue" and fig.metric is pv.outstanding_metric
    assert pv.category in OUTSTANDING_METRICS[pv.outstanding_metric]
    # the provision's table (detail view, CSV) says which count shows it unmet
    assert build_frames(ds).provisions.set_index("id").loc[pv.id, "outstanding_metric"] == "hostage_bodies_remaining"


def test_a_death_toll_does_not_make_remains_overdue(cm):
    # the toll of 12 is positive and dated after the deadline: the old rule took it as "still outstanding"
    cm.edit(C, '''    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report's date.}
    status: overdue
    claimant: author''', '''    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}
    status: overdue
    claimant: health-ministry''')
    cm.edit(C, "    evidence_figures: [bodies-remaining]\n", "    evidence_figures: [killed-khan-younis]\n")
    line = cm.edit(C, DERIVED_FROM, "      from_figures: [killed-khan-younis]\n")
    expect_one(cm, line, "assessment 'bodies-overdue-derived': derived.from_figures: figure 'killed-khan-younis' counts "
                         "killed, not hostage_bodies_remaining")


def test_derived_status_needs_its_provision_to_name_the_metric(cm):
    cm.edit(C, "    outstanding_metric: hostage_bodies_remaining\n", "")
    line = cm.line(C, "      method: past_deadline_outstanding")
    expect_one(cm, line, "derived: provision 'bodies-returned' names no `outstanding_metric`",
               "add `outstanding_metric: hostage_bodies_held or hostage_bodies_remaining`")


def test_derived_status_from_another_theatre_is_refused(cm):
    cm.edit("articles/alpha.yaml", "    subject: Hostages' bodies remaining in Gaza\n    theatre: gaza",
            "    subject: Hostages' bodies remaining in Gaza\n    theatre: lebanon")
    line = cm.line(C, DERIVED_FROM)
    expect_one(cm, line, "figure 'bodies-remaining' counts in lebanon, but agreement 'truce' is about gaza")


def test_outstanding_metric_must_fit_the_category(cm):
    line = cm.edit(C, "    outstanding_metric: hostage_bodies_remaining\n", "    outstanding_metric: killed\n")
    found = problems_of(cm)
    bad = [p for p in found if "outstanding_metric: 'killed' does not count what a remains_return provision leaves undone" in p]
    assert len(bad) == 1 and bad[0].startswith(f"data/{C}:"), found
    assert int(bad[0].split(":")[1]) <= line  # at the provision, before or at the field


def test_outstanding_metric_in_the_codebook():
    base = dict(id="p", agreement="a", label="Bodies", summary="returns bodies", citations=[{"source": "s", "quote": "q"}])
    assert Provision(category="remains_return", outstanding_metric="hostage_bodies_held", **base).outstanding_metric
    with pytest.raises(ValidationError, match="use hostages_to_release or living_hostages_to_release"):
        Provision(category="hostage_prisoner_release", outstanding_metric="hostage_bodies_remaining", **base)
    with pytest.raises(ValidationError, match="no metric counts it"):
        Provision(category="disarmament", outstanding_metric="killed", **base)


# --------------------------------------------------------------------------- derived statuses carry no citations


def test_derived_status_with_a_citation_of_its_own_is_refused(cm):
    formula = "      formula: deadline 13 Oct before the count of 19 Nov, 20 bodies outstanding\n"
    line = cm.edit(C, formula, formula + '''    citations:
      - source: alpha
        quote: "Between 20 and 21 hostages' bodies remain"
''')
    found = problems_of(cm)
    bad = [p for p in found if "a derived assessment has no citations of its own" in p]
    assert len(bad) == 1 and bad[0].startswith(f"data/{C}:"), found
    assert cm.line(C, "  - id: bodies-overdue-derived") <= int(bad[0].split(":")[1]) <= line + 4


def test_derived_status_without_citations_in_the_codebook():
    when = {"date": "2025", "precision": "year", "rule": "stated_year", "text": "2025"}
    derived = {"method": "past_deadline_outstanding", "from_figures": ["f"]}
    base = dict(id="a", provision="p", as_of=when, status="overdue", claimant="author", summary="computed by us")
    assert Assessment(derived=derived, **base).citations == []
    with pytest.raises(ValidationError, match="no citations of its own"):
        Assessment(derived=derived, citations=[{"source": "s", "quote": "q" * 12}], **base)


# --------------------------------------------------------------------------- R-COMPLIANCE-DATES: deadlines


def deadline(date: str, precision: str = "day") -> str:
    return (f"    summary: No strikes.\n    deadline: {{date: \"{date}\", precision: {precision}, rule: inferred, "
            "note: The test's deadline.}\n")


def test_deadline_before_the_signing_is_refused(signed):
    line = signed.edit(C, "    summary: No strikes.\n", deadline("2025-10-01"))
    expect_one(signed, line + 1, "provision 'no-strikes': deadline: 1 Oct 2025 is before agreement 'truce' was signed "
                                 "(10 Oct 2025)")


@pytest.mark.parametrize("date,precision", [("2025-10-10", "day"), ("2025-10-06", "week"), ("2025-10", "month")])
def test_deadline_on_or_possibly_after_the_signing_loads(signed, date, precision):
    signed.edit(C, "    summary: No strikes.\n", deadline(date, precision))
    assert signed.load().by_id("provisions")["no-strikes"].deadline.date == date


def test_agreement_with_only_an_entry_into_effect_sets_the_floor_there(cm):
    """The mini truce has only `effective` (10 Oct 2025), as the January 2025 truce: a deadline before it is
    before the agreement existed."""
    line = cm.edit(C, "    summary: No strikes.\n", deadline("2025-10-01"))
    expect_one(cm, line + 1, "provision 'no-strikes': deadline: 1 Oct 2025 is before agreement 'truce' was in effect "
                             "(10 Oct 2025)")


# --------------------------------------------------------------------------- R-COMPLIANCE-DATES: statuses

BEFORE_SIGNING = "{date: \"2025-10-01\", precision: day, rule: inferred, note: Before the signing.}"
SIGNING_WEEK = "{date: \"2025-10-06\", precision: week, rule: inferred, note: The week of the signing.}"


def test_fulfilled_before_the_signing_is_refused(signed):
    line = us_view(signed, "no-strikes", BEFORE_SIGNING, "fulfilled")
    expect_one(signed, line, "assessment 'strikes-us-view': status: 'fulfilled' as of 1 Oct 2025, before agreement "
                             "'truce' was signed (10 Oct 2025)")


def test_partly_fulfilled_before_the_signing_is_refused(signed):
    line = us_view(signed, "no-strikes", BEFORE_SIGNING, "partly_fulfilled")
    expect_one(signed, line, "status: 'partly_fulfilled' as of 1 Oct 2025, before agreement 'truce' was signed")


@pytest.mark.parametrize("status", ["fulfilled", "partly_fulfilled"])
def test_fulfilled_before_an_entry_into_effect_with_no_signing_date_is_refused(cm, status):
    """Only `effective` (the January 2025 truce's case) escaped the check when it read `signed` alone."""
    line = us_view(cm, "no-strikes", BEFORE_SIGNING, status)
    expect_one(cm, line, f"status: '{status}' as of 1 Oct 2025, before agreement 'truce' was in effect (10 Oct 2025)")


def test_fulfilled_before_the_effect_but_after_an_earlier_signing_loads(signed):
    """Signed before it took effect: done after the signing is possible, whatever the entry into effect."""
    signed.edit(C, SIGNED, SIGNED.replace("2025-10-10", "2025-09-28").replace("Oct. 10", "Sept. 28"))
    us_view(signed, "no-strikes", BEFORE_SIGNING, "fulfilled")  # 1 Oct: after a 28 Sep signing, before a 10 Oct effect
    assert signed.load().by_id("assessments")["strikes-us-view"].status.value == "fulfilled"


def test_fulfilled_on_or_after_an_entry_into_effect_loads(cm):
    us_view(cm, "no-strikes", SIGNING_WEEK, "fulfilled")
    assert cm.load().by_id("assessments")["strikes-us-view"].status.value == "fulfilled"


def test_fulfilled_in_a_window_that_may_follow_the_signing_loads(signed):
    us_view(signed, "no-strikes", SIGNING_WEEK, "fulfilled")  # 6-12 Oct against a signing on 10 Oct: may be after
    assert signed.load().by_id("assessments")["strikes-us-view"].status.value == "fulfilled"


def test_not_yet_due_after_the_deadline_is_refused(cm):
    line = us_view(cm, "bodies-returned", "{date: \"2025-11-19\", precision: day, rule: inferred, note: The report's date.}",
                   "not_yet_due")
    expect_one(cm, line, "assessment 'strikes-us-view': status: 'not_yet_due' as of 19 Nov 2025, after the deadline of "
                         "provision 'bodies-returned' (13 Oct 2025)")


@pytest.mark.parametrize("as_of", [
    "{date: \"2025-10-12\", precision: day, rule: inferred, note: Before the deadline.}",
    "{date: \"2025-10-13\", precision: week, rule: inferred, note: The week of the deadline.}",  # 13-19 Oct: may be the day
])
def test_not_yet_due_before_or_possibly_at_the_deadline_loads(cm, as_of):
    us_view(cm, "bodies-returned", as_of, "not_yet_due")
    assert cm.load().by_id("assessments")["strikes-us-view"].status.value == "not_yet_due"


def test_claimed_overdue_before_the_deadline_is_refused(cm):
    line = us_view(cm, "bodies-returned", BEFORE_SIGNING, "overdue")
    expect_one(cm, line, "status: 'overdue' as of 1 Oct 2025, before the deadline of provision 'bodies-returned' (13 Oct 2025)")


def test_claimed_overdue_after_the_deadline_loads(cm):
    us_view(cm, "bodies-returned", "{date: \"2025-11-19\", precision: day, rule: inferred, note: The report's date.}", "overdue")
    assert cm.load().by_id("assessments")["strikes-us-view"].status.value == "overdue"


# --------------------------------------------------------------------------- only certain contradictions (property)

DAY0 = date(2025, 10, 1)
windows = st.tuples(st.integers(0, 20), st.integers(0, 6)).map(
    lambda t: Effective(DAY0 + timedelta(t[0]), DAY0 + timedelta(t[0] + t[1]), "day"))


def _days(w):
    return [w.start + timedelta(n) for n in range((w.end - w.start).days + 1)]


def _possible(status: str, as_of, deadline, signed) -> bool:
    """Brute force: some day of each window makes the status consistent with the signing and the deadline."""
    for x in _days(as_of):
        if status in ("fulfilled", "partly_fulfilled") and signed is not None and not any(x >= s for s in _days(signed)):
            continue
        if status == "not_yet_due" and deadline is not None and not any(x <= d for d in _days(deadline)):
            continue
        if status == "overdue" and deadline is not None and not any(x >= d for d in _days(deadline)):
            continue  # on the deadline's day it may already be overdue (hours)
        return True
    return False


@settings(max_examples=300, deadline=None)
@given(status=st.sampled_from([s.value for s in AssessmentStatus]), as_of=windows,
       deadline=st.one_of(st.none(), windows), signed=st.one_of(st.none(), windows))
def test_a_status_is_refused_exactly_when_no_day_of_the_windows_allows_it(status, as_of, deadline, signed):
    assert (status_contradicts(status, as_of, deadline, signed) is not None) == (not _possible(status, as_of, deadline, signed))
