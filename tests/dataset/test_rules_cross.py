"""The cross-record rules (dashboard/dataset/rules/cross.py), a good and a bad case each, on the mini dataset with
its compliance file, plus the bundled set (every rule holds on it: `validate` is clean)."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.dataset.rules.registry import catalogue
from dashboard.dataset.rules.cross import stated_publication
from test_compliance import COMPLIANCE

C = "compliance.yaml"
A = "articles/alpha.yaml"
NEW_ASSESSMENT = """
  - id: bodies-ministry-view
    provision: bodies-returned
    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}
    status: disputed
    claimant: health-ministry
    summary: SUMMARY
    citations:
      - source: alpha
        quote: "Israeli strikes killed 12 people in Khan Younis"
"""


@pytest.fixture
def cm(mini):
    mini.write(C, COMPLIANCE)
    return mini


def add_assessment(m, summary: str, extra: str = "") -> None:
    m.write(C, m.text(C) + NEW_ASSESSMENT.replace("SUMMARY", summary).replace("    citations:\n", extra + "    citations:\n"))


def test_the_cross_rules_are_registered_after_the_windows():
    ids = [r["id"] for r in catalogue()]
    for rid in ("R-CROSS-CLAIMANT", "R-CROSS-STATUS", "R-FIGURE-IN-EVENT", "R-OBLIGATED-NAMED", "R-NOTE-PUBLICATION"):
        assert ids.index(rid) > ids.index("R-WINDOW-BOUNDS"), rid


def test_mini_dataset_satisfies_every_cross_rule(cm):
    assert cm.problems() == []


# ----------------------------------------------------------------------------- R-CROSS-CLAIMANT


def test_same_words_with_another_claimant_are_refused(cm):
    cm.edit(C, "    claimant: us-official\n", "    claimant: israel\n")  # strikes-us-view quotes the US official
    found = [p for p in cm.problems() if "one sentence, one claimant" in p]
    assert len(found) == 1 and "assessment 'strikes-us-view'" in found[0] and "'us-official'" in found[0], found


def test_naming_the_speaker_in_the_summary_does_not_excuse_a_wrong_claimant(cm):
    """'Israeli officials believe ...' coded as the government names the officials in its summary: still refused."""
    cm.edit(C, "    claimant: us-official\n    summary: The ceasefire holds, a US official says.",
            "    claimant: israel\n    summary: The ceasefire holds, a U.S. official says.")
    assert [p for p in cm.problems() if "one sentence, one claimant" in p]


def test_same_words_with_another_claimant_pass_when_the_note_says_why(cm):
    cm.edit(C, "    claimant: us-official\n    summary: The ceasefire holds, a US official says.",
            "    claimant: israel\n    summary: Israel's view.\n    note: The words are a U.S. official's; Israel is said to share them.")
    assert not [p for p in cm.problems() if "one sentence, one claimant" in p]


def test_the_author_may_report_a_claimant_it_names(cm):
    """An author's record quoting another claimant's words passes when it attributes them ('the ministry says')."""
    cm.edit(A, '    claimant: health-ministry\n    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12',
            '    claimant: author\n    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12')
    assert [p for p in cm.problems() if "one sentence, one claimant" in p]
    cm.edit(A, "subject: People killed in the Khan Younis strikes", "subject: People killed in the Khan Younis strikes, as the Gaza health ministry says")
    assert not [p for p in cm.problems() if "one sentence, one claimant" in p]


def test_the_author_naming_a_body_of_the_claimant_names_the_claimant(cm):
    """'As the Gaza health ministry says' attributes the words to Hamas too: the ministry is part_of hamas."""
    cm.edit(A, '    claimant: health-ministry\n    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12',
            '    claimant: author\n    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12')
    cm.edit(C, "    claimant: health-ministry\n", "    claimant: hamas\n")
    cm.edit(C, "summary: Israeli strikes killed 12, the health ministry says.", "summary: Israeli strikes killed 12, Hamas says.")
    assert [p for p in cm.problems() if "one sentence, one claimant" in p]  # the author's record names no one yet
    cm.edit(A, "subject: People killed in the Khan Younis strikes", "subject: People killed in the Khan Younis strikes, as the Gaza health ministry says")
    assert not [p for p in cm.problems() if "one sentence, one claimant" in p]


def test_a_sentence_split_between_two_claimants_is_allowed(cm):
    """Different words of one sentence may carry different claimants ("X says A, while Y says B"); the
    same words may not."""
    cm.edit(C, 'quote: "On Monday, Israeli strikes killed 12 people in Khan Younis, the Hamas-run health ministry said."',
            'quote: "killed 12 people in Khan Younis, the Hamas-run health ministry said"')
    cm.write(C, cm.text(C) + NEW_ASSESSMENT.replace("SUMMARY", "Strikes on Monday.").replace(
        "claimant: health-ministry", "claimant: us-official").replace("status: disputed", "status: in_progress").replace(
        "provision: bodies-returned", "provision: no-strikes").replace(
        '"Israeli strikes killed 12 people in Khan Younis"', '"On Monday, Israeli strikes"'))
    assert not [p for p in cm.problems() if "one sentence, one claimant" in p]
    cm.edit(C, 'quote: "On Monday, Israeli strikes"', 'quote: "On Monday, Israeli strikes killed 12"')  # now the same words
    assert [p for p in cm.problems() if "one sentence, one claimant" in p]


# ----------------------------------------------------------------------------- R-CROSS-STATUS


def test_one_claimants_words_with_two_statuses_are_refused(cm):
    add_assessment(cm, "The ministry's account of the strikes, coded on the bodies provision.")
    found = [p for p in cm.problems() if "for the same words of the same claimant" in p]
    assert len(found) == 1 and "'reported_violated'" in found[0] and "naming 'no-strikes'" in found[0], found


def test_two_statuses_pass_when_the_note_says_why(cm):
    add_assessment(cm, "The ministry's account of the strikes, coded on the bodies provision.",
                   "    note: On no-strikes this sentence is a violation; here it bears on the bodies only indirectly.\n")
    assert not [p for p in cm.problems() if "for the same words of the same claimant" in p]


# ----------------------------------------------------------------------------- R-FIGURE-IN-EVENT


def test_figure_outside_its_event_is_refused(cm):
    line = cm.edit(A, '    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}\n    claimant: health-ministry\n'
                      '    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12',
                   '    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report\'s date.}\n    claimant: health-ministry\n'
                   '    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12')
    found = [p for p in cm.problems() if "ends after its event 'strikes-khan-younis'" in p]
    assert len(found) == 1 and found[0].startswith(f"data/{A}:{line}:"), found


def test_figure_outside_its_event_passes_with_a_reason_naming_it(cm):
    cm.edit(A, '    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}\n    claimant: health-ministry\n'
               '    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12',
            '    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: "The toll as of the report, two days after strikes-khan-younis."}\n'
            '    claimant: health-ministry\n    event: strikes-khan-younis\n    citations:\n      - source: alpha\n        quote: "killed 12')
    assert not [p for p in cm.problems() if "its event 'strikes-khan-younis'" in p]


# ----------------------------------------------------------------------------- R-OBLIGATED-NAMED


def test_obligated_party_the_sentence_does_not_name_is_refused(cm):
    line = cm.edit(C, "    obligated: [israel]\n", "    obligated: [israel, hamas]\n")
    found = [p for p in cm.problems() if "obligated: 'hamas' is not named" in p]
    assert len(found) == 1 and found[0].startswith(f"data/{C}:{line}:"), found


def test_empty_obligated_must_be_said_in_the_summary(cm):
    cm.edit(C, "(who is bound is not stated)", "")
    assert any("`obligated` is empty, so the summary says" in p for p in cm.problems())


def test_summary_saying_unstated_beside_a_named_party_is_refused(cm):
    cm.edit(C, "    summary: No strikes.", "    summary: No strikes (who is bound is not stated).")
    assert any("says who is bound is not stated, but obligated names israel" in p for p in cm.problems())


# ----------------------------------------------------------------------------- R-NOTE-PUBLICATION


def test_note_stating_another_publication_window_is_refused(cm):
    line = cm.edit(A, "note: The report's date.}\n    claimant: us-official",
                   "note: Present tense at publication (week from 19 November 2025).}\n    claimant: us-official")
    found = [p for p in cm.problems() if "is not the publication window of 'alpha'" in p]
    assert len(found) == 1 and found[0].startswith(f"data/{A}:{line}:") and "write '19 Nov 2025'" in found[0], found


def test_note_stating_the_publication_window_passes(cm):
    cm.edit(A, "note: The report's date.}\n    claimant: us-official",
            "note: Present tense at publication (on or shortly after 19 November 2025).}\n    claimant: us-official")
    assert not [p for p in cm.problems() if "publication window of" in p]


def test_a_note_clause_naming_another_source_states_that_sources_publication(cm):
    """A note may compare with another article's publication ('beta, published ...'): that clause is not a
    statement of this source's window. Without the other source's id it is."""
    note = "The report's date; a later report, published on or shortly after 20 November 2025, repeats it."
    cm.edit(A, "note: The report's date.}\n    claimant: us-official", f"note: \"{note}\"}}\n    claimant: us-official")
    assert [p for p in cm.problems() if "is not the publication window of 'alpha'" in p]
    cm.edit(A, "a later report, published", "a later report (beta), published")
    assert not [p for p in cm.problems() if "publication window of" in p]
    assert stated_publication("Beta was published on or shortly after 20 November 2025.", 2025, others=["beta"]) == []


@pytest.mark.parametrize("note,expected", [
    ("Present tense at publication (week from 10 February 2025).", ("week", date(2025, 2, 10), date(2025, 2, 16))),
    ("At publication (10–11 Feb 2025).", ("range", date(2025, 2, 10), date(2025, 2, 11))),
    ("Ongoing at publication (7 Aug–6 Sep 2025, inferred).", ("range", date(2025, 8, 7), date(2025, 9, 6))),
    ("Up to publication (August 2025, inferred).", ("month", date(2025, 8, 1), date(2025, 8, 31))),
    ("Published on or shortly after Wednesday 19 November 2025.", ("from", date(2025, 11, 19), None)),
])
def test_stated_publication_reads_each_form(note, expected):
    assert stated_publication(note, 2025)[0][:3] == expected


def test_a_date_far_from_the_word_publication_is_not_read_as_it():
    note = "Between the truce start (week from 18 January 2025, see the event) and the publication week."
    assert stated_publication(note, 2025) == []


# ----------------------------------------------------------------------------- the bundled set


def test_bundled_set_satisfies_the_cross_rules(bundled):
    """`bundled` loads only when every rule holds; spot-check what the rules fixed."""
    pv = bundled.by_id("provisions")
    assert pv["sharm-war-ends"].obligated == [] and "who is bound is not stated" in pv["sharm-war-ends"].summary
    asm = bundled.by_id("assessments")
    twins = [a for a in asm.values() if a.claimant == "us-official-toi-2025-11"]
    assert len(twins) == 3 and len({a.status for a in twins}) == 1  # one official's sentence, one status
