"""dashboard/charts/keylabels.py: headlines for key-moment labels, taken from the note without changing it."""

from __future__ import annotations

import textwrap

from dashboard.charts.keylabels import MAX_LINES, headline


def _text(lines):
    return " ".join(lines)


def test_the_first_statement_brackets_left_out():
    note = "The United Nations endorses the plan (a US official calls it an endorsement); the Council acts."
    assert _text(headline(note, "x", 34)) == "The United Nations endorses the plan"


def test_a_long_statement_is_shortened_with_a_sign_it_goes_on_never_a_type_place_actor_fallback():
    """'Negotiations in Cairo: Hamas' (the old fallback) read as a line cut off after the colon: a label is the
    note's own words, shortened at a word boundary with '…' where they do not fit."""
    note = ("A delegation led by someone meets intelligence chiefs and envoys from Egypt, Qatar and the US in Cairo "
            "on ceasefire implementation, fighters in tunnels, the second phase and weapons.")
    out = _text(headline(note, "Negotiations in Cairo: Hamas", 22))
    assert out != "Negotiations in Cairo: Hamas" and out.endswith("…")
    assert note.startswith(out[:-1]), "the note's own words, in order"
    assert out[:-1].split()[-1].lower() not in ("by", "and", "the", "from", "of"), "never ends on a dangling word"


def test_a_comma_ends_a_label_only_before_an_add_on_clause():
    note = "Israeli airstrikes across Gaza, which the article calls the largest by far of all the strikes this year"
    assert _text(headline(note, "x", 22)) == "Israeli airstrikes across Gaza"
    # cut at the comma, the sentence would lose its verb ('takes effect'): shortened with '…' instead
    note = "The Gaza ceasefire between Israel and Hamas, brokered by US President Trump and Egypt, takes effect."
    out = _text(headline(note, "x", 22))
    assert out.endswith("…") and out != "The Gaza ceasefire between Israel and Hamas"


def test_no_key_label_reads_as_a_whole_line_when_it_is_cut(ctx, built, frames):
    """Every key-moment label on every timeline drawn from the data (the page and both slides): the note's whole
    first statement, its main clause before an add-on, or its words shortened with '…'; never ending in ':'."""
    import re

    from dashboard.charts import build, layout
    from dashboard.charts.keylabels import ADD_ON, statement

    notes = frames.events.set_index("id")["notes"]
    charts = [built["timeline"], *(build(v, ctx, layout.SLIDE) for v in ("timeline-main", "timeline-other"))]
    seen = 0
    for chart in charts:
        for t in chart.figure.data:
            if t.name != "labels":
                continue
            for rid, text in zip(t.ids, t.text):
                if rid not in notes.index or re.fullmatch(r"\d+ events", text):
                    continue  # a phase's name or a counted bar's count
                body = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<b>.*?</b>", "", text)).split()).lstrip("· ")
                whole = " ".join(statement(notes[rid]).split())
                seen += 1
                assert not body.endswith(":"), body
                if body.endswith("…"):
                    assert whole.startswith(body[:-1]), (body, whole)
                elif body != whole:
                    rest = whole[len(body):]
                    assert whole.startswith(body) and rest.startswith(", ") and ADD_ON.match(rest[2:]), (body, whole)
    assert seen >= 1


def test_lines_fit_the_width_and_nothing_is_dropped_mid_clause():
    note = "Israeli strikes on a Palestinian refugee camp in southern Lebanon kill 13 people"
    for width in (22, 28, 34):
        lines = headline(note, "Airstrike in a very long place name, southern Lebanon: Israel Defense Forces", width)
        assert all(len(line) <= width for line in lines)
        assert _text(lines) == note or len(lines) <= MAX_LINES
        if len(textwrap.wrap(note, width)) <= MAX_LINES:
            assert _text(lines) == note
