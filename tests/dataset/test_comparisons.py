"""Comparison integrity (dashboard/dataset/rules/comparisons.py): a cell must cite its own theatre's reporting."""

from __future__ import annotations

import pytest

from dashboard.dataset.rules.comparisons import check_comparison_theatres, names_theatre, sentence_around
from dashboard.dataset.loader import DataError

A = "articles/alpha.yaml"


def test_cell_citing_its_own_theatre_loads(mini):
    assert [c.id for c in mini.load().comparisons] == ["lebanon-enforcement"]


def test_cell_citing_only_another_theatre_is_reported(mini):
    line = mini.edit(A, '''      - source: beta
        quote: "Hezbollah has been struck repeatedly since the Lebanon ceasefire of November 2024."''', '''      - source: alpha
        quote: "Israel controls 53% of the territory, a U.S. official said."''')
    with pytest.raises(DataError) as exc:
        mini.load()
    found = [str(p) for p in exc.value.problems if "lebanon reporting" in str(p)]
    assert len(found) == 1 and found[0].startswith(f"data/{A}:{line - 1}: comparison 'lebanon-enforcement': citations:")


def test_sentence_around_a_quote():
    text = "First one. The truce in Gaza holds, they said. Next."
    start = text.index("holds")
    assert sentence_around(text, start, start + 5) == "The truce in Gaza holds, they said."
    assert names_theatre("The truce in Gaza holds", "gaza") and not names_theatre("The truce holds", "gaza")


def test_every_real_cell_cites_its_own_theatre(bundled):
    """The test the issue asks for: it fails when a cell has a summary but no citation from its own theatre."""
    found = []
    check_comparison_theatres(bundled, lambda kind, rid, message, at=(): found.append((rid, message)))
    assert found == []
    assert all(c.summary and c.citations for c in bundled.comparisons)
