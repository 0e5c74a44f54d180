"""dashboard/charts/keylabels.py: headlines for key-moment labels, taken from the note without changing it."""

from __future__ import annotations

import textwrap

from dashboard.charts.keylabels import MAX_LINES, headline


def _text(lines):
    return " ".join(lines)


def test_the_first_statement_brackets_left_out():
    note = "The United Nations endorses the plan (a US official calls it an endorsement); the Council acts."
    assert _text(headline(note, "x", 34)) == "The United Nations endorses the plan"


# a label that reads whole never ends on one of these (test-local: not the module's list)
_DANGLING = {"a", "an", "the", "of", "by", "and", "or", "to", "in", "on", "at", "for", "from", "with", "that", "says",
             "said", "led"}


def reads_whole(body: str, whole: str) -> bool:
    """`body` is the whole statement, or a prefix of it that stops before a comma or a word that starts a new
    phrase, ends on no dangling word, and carries no ellipsis."""
    if "…" in body or "..." in body:
        return False
    if body == whole:
        return True
    rest = whole[len(body):]
    return (whole.startswith(body) and (rest.startswith(", ") or rest.startswith(" "))
            and body.split()[-1].lower().strip(",") not in _DANGLING and len(body.split()) >= 3)


def test_a_long_statement_is_cut_where_it_reads_whole_never_a_type_place_actor_fallback():
    """'Negotiations in Cairo: Hamas' (the old fallback) read as a line cut off after the colon: a label is the
    note's own words, cut before a trailing phrase where they do not fit, never with an ellipsis."""
    note = ("A delegation led by someone meets intelligence chiefs and envoys from Egypt, Qatar and the US in Cairo "
            "on ceasefire implementation, fighters in tunnels, the second phase and weapons.")
    out = _text(headline(note, "Negotiations in Cairo: Hamas", 34))
    assert out != "Negotiations in Cairo: Hamas" and reads_whole(out, note.rstrip("."))
    assert not out.endswith("from Egypt, Qatar"), "a list is never cut short"
    assert out.startswith("A delegation led by someone meets intelligence chiefs and envoys")


def test_a_comma_ends_a_label_only_before_an_add_on_or_a_new_phrase():
    note = "Israeli airstrikes across Gaza, which the article calls the largest by far of all the strikes this year"
    assert _text(headline(note, "x", 22)) == "Israeli airstrikes across Gaza"
    note = "Israeli strikes on a Palestinian refugee camp in southern Lebanon kill 13 people and wound many more"
    out = _text(headline(note, "x", 22))
    assert reads_whole(out, note) and out == "Israeli strikes on a Palestinian refugee camp"
    # what someone says is never cut after the verb ('The IDF says a gunman' reads as a claim cut off): whole
    note = "The IDF says a gunman who crossed the yellow line attacked troops near Rafah in the south"
    assert _text(headline(note, "x", 22)) == note


def test_no_key_label_is_a_fragment(ctx, built, frames):
    """Every key-moment label on every timeline drawn from the data (the page and both slides): the note's whole
    first statement or a prefix that stops where a phrase ends; never ending in ':' or a dangling word."""
    import re

    from dashboard.charts import build, layout
    from dashboard.charts.keylabels import statement

    notes = frames.events.set_index("id")["notes"]
    charts = [built["timeline"], *(build(v, ctx, lay) for v in ("timeline-main", "timeline-other")
                                   for lay in (layout.SLIDE, layout.slide(1200, 630), layout.PHONE))]
    seen = 0
    for chart in charts:
        for t in chart.figure.data:
            if t.name not in ("labels", "marklabels"):
                continue
            for rid, text in zip(t.ids, t.text):
                if rid not in notes.index or re.fullmatch(r"\d+ events", text):
                    continue  # a phase's name or a counted bar's count
                body = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<b>.*?</b>", "", text)).split()).lstrip("· ")
                whole = " ".join(statement(notes[rid]).split())
                seen += 1
                assert not body.endswith(":") and reads_whole(body, whole), (body, whole)
    assert seen >= 1


def test_lines_fit_the_width_and_nothing_is_dropped_mid_clause():
    note = "Israeli strikes on a Palestinian refugee camp in southern Lebanon kill 13 people"
    for width in (22, 28, 34):
        lines = headline(note, "Airstrike in a very long place name, southern Lebanon: Israel Defense Forces", width)
        assert all(len(line) <= width for line in lines)
        assert _text(lines) == note or len(lines) <= MAX_LINES
        if len(textwrap.wrap(note, width)) <= MAX_LINES:
            assert _text(lines) == note


def test_a_bare_name_or_an_opening_phrase_is_never_a_label():
    """'US President Donald Trump' (cut before 'and Israeli Prime Minister ... meet') names someone and says
    nothing; 'In a 60 Minutes interview alongside Witkoff' is only where it was said: the statement stays whole."""
    from dashboard.charts.keylabels import cuts

    note = "US President Donald Trump and Israeli Prime Minister Benjamin Netanyahu meet at the White House"
    assert "US President Donald Trump" not in cuts(note)
    note = "In a 60 Minutes interview alongside Witkoff, Kushner calls the Gaza agreement very fragile"
    assert "In a 60 Minutes interview alongside Witkoff" not in cuts(note)


def test_an_apostrophe_is_no_quotation_mark_and_a_missing_note_is_no_statement():
    """Second reading: "Israel's" counted as an opening quote, so such a note got no shorter form (and its mark no
    label); a NaN note became the label 'nan'. A cut inside a real quotation is still refused."""
    from dashboard.charts.keylabels import cuts, statement

    possessive = "Israel's army strikes a Hamas weapons depot in northern Gaza near Jabalia"
    assert cuts(possessive) == [c.replace("The", "Israel's", 1) for c in cuts(possessive.replace("Israel's", "The", 1))]
    assert cuts(possessive)
    quoted = cuts("Residents describe 'a night of terror in Gaza City' after the strikes on Sunday")
    assert quoted and all(c.count("'") in (0, 2) for c in quoted), quoted
    assert statement(float("nan")) == statement(None) == ""
