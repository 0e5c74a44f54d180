"""Candidate list: the coverage scanner's items with verbatim quotes and only resolutions the date rules accept."""

from __future__ import annotations

import pytest

from dashboard.authoring import candidates as C
from dashboard.dataset import dates
from dashboard.cli import main
from dashboard.authoring.coverage import coverage_report
from dashboard.dataset.loader import load_dataset
from dashboard.codebook.common import When


@pytest.fixture(scope="module")
def ds():
    return load_dataset()


def test_every_source_lists_exactly_what_coverage_reports(ds):
    for sid, text in ds.texts.items():
        [cov] = coverage_report(ds, sid)
        cands = C.from_dataset(ds, sid)
        assert [(c.start, c.kind, c.text, c.status) for c in cands] == [(i.start, i.kind, i.text, i.status) for i in cov.items]
        for c in cands:
            assert c.quote in text and c.start >= 0
            # the quote's `occurrence` finds the sentence that holds the item
            pos = -1
            for _ in range(c.occurrence):
                pos = text.find(c.quote, pos + 1)
            assert pos <= c.start < pos + len(c.quote), (sid, c.text)


def test_every_resolution_passes_the_date_rules(ds):
    offered = 0
    for src in ds.sources:
        pub = dates.window(src.published)
        for c in C.from_dataset(ds, src.id):
            for r in c.resolutions:
                assert dates.check_rule(When(**r.when), pub) == [], (src.id, c.phrase, r.when)
                offered += 1
    assert offered > 50


def _one(phrase: str, published: str, precision: str = "day"):
    return [(r.when["date"], r.when["rule"]) for r in
            C.resolutions(phrase, When(date=published, precision=precision, rule="inferred", note="n"))]


def test_resolutions_good_cases():
    assert ("2025-11-17", "weekday_past") in _one("Monday", "2025-11-19")  # the latest Monday on or before
    assert ("2025-11-24", "weekday_next") in _one("Monday", "2025-11-19")
    assert _one("Nov. 3, 2025", "2025-11-19") == [("2025-11-03", "stated")]
    # the year that puts it before publication, or the next one after (then the status must be forward-looking)
    assert _one("Oct. 10", "2025-11-19") == [("2025-10-10", "stated_no_year"), ("2026-10-10", "stated_no_year")]
    assert ("2024-11", "last_year") in _one("November of last year", "2025-11-05")
    assert _one("last month", "2025-11-19") == [("2025-10", "last_month")]
    assert _one("this week", "2025-11-19") == [("2025-11-17", "this_week")]


def test_resolutions_bad_cases():
    assert _one("Monday", "2025-11-19") and C.resolutions("Monday", None) == []  # no publication date: nothing offered
    assert _one("yellow line", "2025-11-19") == []  # not a date phrase
    # a resolution the rules refuse is never offered: 'Oct. 10' is not read as 2024 for a 2025 article
    assert ("2024-10-10", "stated_no_year") not in _one("Oct. 10", "2025-11-19")


def test_date_phrase_widens_to_day_and_year():
    text = "It took effect on Oct. 10, 2025 and on 10 October."
    starts = [m.start() for m in C._STATED.finditer(text)]
    a, b = C.date_phrase(text, text.index("Oct."), text.index("Oct.") + 4)
    assert text[a:b] == "Oct. 10, 2025" and len(starts) == 2


def test_sentence_span_keeps_abbreviations_whole():
    text = "The U.S. envoy met Hamas on Oct. 10. Then talks stopped.\nNext paragraph."
    a, b = C.sentence_span(text, text.index("envoy"))
    assert text[a:b] == "The U.S. envoy met Hamas on Oct. 10."
    a, b = C.sentence_span(text, text.index("talks"))
    assert text[a:b] == "Then talks stopped."


def test_cli_candidates(capsys):
    assert main(["candidates", "--source", "opinion-truce-day-23"]) == 0
    out = capsys.readouterr().out
    assert "[x] line" in out and "numbers/date expressions" in out
    assert main(["candidates", "--source", "opinion-truce-day-23", "--todo"]) == 0
    assert "[x] line" not in capsys.readouterr().out
    assert main(["candidates", "--source", "opinion-truce-day"]) == 2
    assert "did you mean 'opinion-truce-day-23'" in capsys.readouterr().err


def _cand(status: str, n: int) -> C.Candidate:
    return C.Candidate("number", str(n), n, n + 1, 1, status, "", f"Sentence {n}.")


def test_todo_when_everything_is_covered_says_so_with_the_count():
    done = [_cand("covered", i) for i in range(13)] + [_cand("excluded", 20)]
    out = C.format_todo(done)
    assert out.startswith("all 14 numbers/date expressions are covered: 13 by a citation, 1 inside an exclusion")
    assert "0 numbers" not in out and "0 of" not in out
    left = C.format_todo(done + [_cand("uncovered", 30)])
    assert "1 of 15 numbers/date expressions still to code (13 covered, 1 excluded)" in left
    assert C.format_todo([]).startswith("nothing to code")
