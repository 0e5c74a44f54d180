"""Coverage: every number and date expression of an article is covered by a citation, excluded, or listed."""

from __future__ import annotations

import pytest

from minidata import ALPHA, BETA
from dashboard.authoring.coverage import DATE_RX, NUMBER_RX, coverage_report, format_report


@pytest.mark.parametrize("text, found", [
    ("on Oct. 10, 2025, and", ["10", "2025"]),  # punctuation after a number is not part of it
    ("killed 2,000, said", ["2,000"]),
    ("53% of the territory", ["53%"]),
    ("a 20-point plan and the 23-day-old truce", ["20-point", "23-day"]),
    ("$1.5 billion", ["$1.5", "billion"]),
    ("dozens of strikes, two of them", ["dozens", "two"]),
])
def test_number_pattern(text, found):
    assert [m.group(0) for m in NUMBER_RX.finditer(text)] == found


def test_date_pattern():
    text = "On Monday, last week and earlier this month, in Oct. and November, over the past six weeks"
    assert [m.group(0) for m in DATE_RX.finditer(text)] == [
        "Monday", "last week", "earlier this month", "Oct.", "November", "past six weeks"]


def at(cov, text: str, where: str):
    """The item `text` found at the start of `where` in the article."""
    start = ALPHA.index(where) if cov.source_id == "alpha" else BETA.index(where)
    (item,) = [i for i in cov.items if i.start == start and i.text == text]
    return item


def test_mini_coverage(mini):
    alpha, beta = coverage_report(mini.load())
    assert (at(alpha, "12", "12 people").status, at(alpha, "12", "12 people").by) == ("covered", "event:strikes-khan-younis")
    # the phase's quote ends before the comma of "Oct. 10, 2025,": the year is still inside it
    assert (at(alpha, "2025", "2025, and").status, at(alpha, "2025", "2025, and").by) == ("covered", "phase:gaza-ceasefire")
    assert at(alpha, "Oct.", "Oct. 10").status == "covered"
    assert at(alpha, "2", "2 free").status == "excluded" and at(alpha, "2", "2 free").by == "newsletter sign-up (page furniture)"
    six = at(alpha, "six", "six weeks")
    assert six.status == "uncovered" and six.by == "" and six.line == 5 and "about six weeks" in six.context
    assert (alpha.covered, alpha.excluded, alpha.uncovered) == (13, 1, 1)
    assert [(i.text, i.line) for i in beta.items if i.status == "uncovered"] == [("20-point", 3)]
    assert at(beta, "November", "November 2024").by == "comparison:lebanon-enforcement"


def test_only_one_source(mini):
    (only,) = coverage_report(mini.load(), "beta")
    assert only.source_id == "beta"


def test_unknown_source_is_an_error(mini):
    with pytest.raises(KeyError) as exc:
        coverage_report(mini.load(), "alfa")
    assert exc.value.args[0] == "unknown source 'alfa'; did you mean 'alpha'?"


def test_format_report(mini):
    text = format_report(coverage_report(mini.load()))
    lines = text.splitlines()
    assert lines[0] == "== alpha: 15 numbers/date expressions: 13 covered, 1 excluded, 1 uncovered"
    assert lines[1].startswith("  uncovered line   5 number 'six'")
    assert "  excluded passage (newsletter sign-up (page furniture)): Subscribe to our newsletter for 2 free updates a day." in lines
    assert lines[-1] == "TOTAL: 19 items: 16 covered, 1 excluded, 2 uncovered"
    assert "covered   line" in format_report(coverage_report(mini.load()), show_covered=True)


def test_bundled_coverage_is_consistent(bundled):
    report = coverage_report(bundled)
    assert [c.source_id for c in report] == [s.id for s in bundled.sources]
    for cov in report:
        assert cov.items and cov.covered > 0
        text = bundled.texts[cov.source_id]
        for item in cov.items:
            assert text[item.start:item.start + len(item.text)] == item.text
            assert (item.status == "uncovered") == (item.by == "")


def test_compliance_citations_cover_too(bundled):
    """A number quoted only by a compliance record (agreement, provision, assessment) is covered, not listed as
    still to code."""
    import copy

    only_compliance = copy.copy(bundled)
    only_compliance.events, only_compliance.figures, only_compliance.phases, only_compliance.comparisons = [], [], [], []
    report = coverage_report(only_compliance)
    by = {i.by.split(":")[0] for cov in report for i in cov.items if i.status == "covered"}
    assert by and by <= {"agreement", "provision", "assessment"}
    cited = [(c.source, c.start, c.end) for a in bundled.assessments for c in a.citations]
    for cov in report:
        for item in cov.items:
            if any(src == cov.source_id and a <= item.start and item.start + len(item.text) <= b for src, a, b in cited):
                assert item.status == "covered"


def test_every_occurrence_of_an_excluded_passage_is_excluded(mini):
    ds = mini.load()
    src = ds.sources[0]
    furniture = src.excluded[0].quote
    ds.texts[src.id] = ds.texts[src.id] + "\n" + furniture + "\n"
    cov = coverage_report(ds, only=src.id)[0]
    tail = [i for i in cov.items if i.start >= len(ds.texts[src.id]) - len(furniture) - 1]
    assert tail and all(i.status == "excluded" for i in tail)
