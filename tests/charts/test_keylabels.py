"""dashboard/charts/keylabels.py: headlines for key-moment labels, taken from the note without changing it."""

from __future__ import annotations

import textwrap

from dashboard.charts.keylabels import MAX_LINES, headline


def _text(lines):
    return " ".join(lines)


def test_the_first_statement_brackets_left_out():
    note = "The United Nations endorses the plan (a US official calls it an endorsement); the Council acts."
    assert _text(headline(note, "x", 34)) == "The United Nations endorses the plan"


def test_a_long_statement_is_cut_at_a_comma_never_inside_a_list():
    note = ("A delegation led by someone meets intelligence chiefs and envoys from Egypt, Qatar and the US in Cairo "
            "on ceasefire implementation, fighters in tunnels, the second phase and weapons.")
    out = _text(headline(note, "Negotiations in Cairo: Hamas", 22))
    assert not out.endswith("from Egypt"), "a list is never cut short"
    assert out == "Negotiations in Cairo: Hamas"
    note = "Israeli airstrikes across Gaza, which the article calls the largest by far of all the strikes this year"
    assert _text(headline(note, "x", 22)) == "Israeli airstrikes across Gaza"


def test_lines_fit_the_width_and_nothing_is_dropped_mid_clause():
    note = "Israeli strikes on a Palestinian refugee camp in southern Lebanon kill 13 people"
    for width in (22, 28, 34):
        lines = headline(note, "Airstrike in a very long place name, southern Lebanon: Israel Defense Forces", width)
        assert all(len(line) <= width for line in lines)
        assert _text(lines) == note or len(lines) <= MAX_LINES
        if len(textwrap.wrap(note, width)) <= MAX_LINES:
            assert _text(lines) == note
