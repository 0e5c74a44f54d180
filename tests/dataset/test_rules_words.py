"""R-WORDS-WEEKDAY and R-WORDS-RELATIVE-DAY (dashboard/dataset/rules/words.py): a weekday or a "this week" in our own
words has its date beside it; words quoted from the article keep theirs. Good and bad cases on the mini dataset, every field the codebook marks."""

from __future__ import annotations

import pytest

from dashboard.codebook.common import OUR_WORDS
from dashboard.codebook.events import Event
from dashboard.dataset.rules.words import bare_weekdays, our_words, undated_relative_days

E = "articles/alpha.yaml"
SUMMARY = "summary: Talks on the ceasefire resume in Cairo with Egyptian, Qatari and US mediators."


@pytest.mark.parametrize("text", [
    "Talks resume in Cairo on Wednesday.",
    "Talks resume in Cairo on Wednesday, after the strikes.",
    "Three days of marches, Friday to Sunday, in Cairo.",
    "Talks resume after Saturday's release.",
    "Talks resume; the IDF's 'statement' came on Monday.",  # an apostrophe in a word opens no quotation
])
def test_a_bare_weekday_in_a_summary_is_reported_at_its_line(mini, text):
    line = mini.edit(E, SUMMARY, f"summary: {text}")
    found = mini.problems()
    assert len(found) >= 1 and all(p.startswith(f"data/{E}:{line}: event 'cairo-talks': summary:") for p in found), found
    assert "names a weekday without its date" in found[0]
    # the record's own date holds one Wednesday: the message offers it
    if "Wednesday" in text:
        assert "'Wednesday 19 November 2025'" in found[0]


@pytest.mark.parametrize("text", [
    "Talks resume in Cairo on Wednesday 19 November 2025.",
    "Talks resume in Cairo on Wednesday, 19 November 2025.",
    "Talks resume in Cairo on Wednesday, November 19, 2025.",
    "Strikes on Monday 17, Tuesday 18 and Wednesday 19 November 2025.",
    "Talks resume in Cairo, the article says, 'on Wednesday' (19 November 2025).",
    'Talks resume in Cairo, the article says, "on Wednesday" (19 November 2025).',
    "Talks resume in Cairo, the article says, “on Wednesday” (19 November 2025).",
    "Talks resume in Cairo; a wednesday lower-cased is not a weekday name.",
])
def test_a_dated_or_quoted_weekday_is_accepted(mini, text):
    mini.edit(E, SUMMARY, f"summary: {text}")
    assert mini.problems() == []


@pytest.mark.parametrize("text", [
    "Talks resume in Cairo, the article says, 'on Wednesday'.",
    "Talks resume in Cairo “this week”, the article says.",
])
def test_a_summary_dates_the_article_words_it_quotes_too(mini, text):
    """A summary is read alone on a chart or a slide: quotation marks do not place the day."""
    line = mini.edit(E, SUMMARY, f"summary: {text}")
    found = mini.problems()
    assert len(found) == 1 and found[0].startswith(f"data/{E}:{line}: event 'cairo-talks': summary:"), found


def test_a_note_may_quote_the_words_it_resolves(mini):
    mini.edit(E, "note: Undated; reported in the article of 19 November.",
              "note: Undated; 'this week' and 'on Wednesday' in the article of 19 November.")
    assert mini.problems() == []


def test_notes_inside_dates_are_our_words_too(mini):
    line = mini.edit(E, "note: Undated; reported in the article of 19 November.",
                     "note: Undated; reported in the article of Wednesday.")
    found = mini.problems()
    assert len(found) == 1 and found[0].startswith(f"data/{E}:{line}: event 'residents-tired': when.note:"), found


def test_a_figure_subject_is_checked(mini):
    line = mini.edit(E, "subject: People killed in the Khan Younis strikes",
                     "subject: People killed in the Khan Younis strikes on Monday")
    found = mini.problems()
    assert len(found) == 1 and f":{line}: figure 'killed-khan-younis': subject:" in found[0], found
    assert "'Monday 17 November 2025'" in found[0]


def test_the_articles_own_date_words_are_not_our_words(mini):
    # `when.text` is the article's phrase ("On Monday"): the mini dataset has several, and loads clean
    assert "On Monday" in mini.text(E)
    assert mini.problems() == []


def test_every_marked_field_is_walked_and_no_other():
    ev = Event.model_validate({
        "id": "x", "when": {"date": "2025-11-19", "precision": "day", "text": "on Wednesday", "rule": "stated",
                            "note": "N1"},
        "status": "occurred", "theatre": "gaza", "event_type": "other", "summary": "S1 ok", "location": "L1",
        "possibly_same": [{"event": "y", "why": "W1 is open"}],
        "citations": [{"source": "s", "quote": "on Wednesday the strikes"}]})
    walked = {path: (text, kind) for path, text, kind in our_words(ev)}
    assert walked == {("when", "note"): ("N1", "note"), ("summary",): ("S1 ok", "shown"), ("location",): ("L1", "shown"),
                      ("possibly_same", 0, "why"): ("W1 is open", "note")}
    marked = {n for n, f in Event.model_fields.items() if f.json_schema_extra == OUR_WORDS}
    assert marked == {"summary", "location"}


def test_bare_weekdays_finds_each_one():
    assert [m.group(0) for m in bare_weekdays("Friday to Sunday, and Monday 3 November")] == ["Friday", "Sunday"]
    assert bare_weekdays("'Friday to Sunday'", "note") == []
    assert [m.group(0) for m in bare_weekdays("'Friday to Sunday'")] == ["Friday", "Sunday"]
    assert bare_weekdays("'Friday to Sunday' (14-16 February 2025)") == []


def test_bundled_records_name_no_bare_weekday_in_our_words(bundled):
    for kind in ("sources", "phases", "events", "figures", "comparisons", "agreements", "provisions", "assessments"):
        for rec in getattr(bundled, kind):
            for path, text, words in our_words(rec):
                assert not bare_weekdays(text, words), (kind, rec.id, path, text)


# ----------------------------------------------------------------------------- R-WORDS-RELATIVE-DAY

@pytest.mark.parametrize("text", [
    "Talks resume in Cairo this week.",
    "Talks resumed in Cairo last month and stalled.",
    "Talks resume in Cairo this week; on Wednesday 19 November 2025 they stalled.",  # that date dates the stall
    "Talks resumed in Cairo yesterday.",
    "Talks resumed in Cairo earlier in the day, the report says.",
])
def test_a_relative_day_without_its_dates_is_reported(mini, text):
    line = mini.edit(E, SUMMARY, f"summary: {text}")
    found = [p for p in mini.problems() if "counts from the day of writing" in p]
    assert len(found) == 1 and found[0].startswith(f"data/{E}:{line}: event 'cairo-talks': summary:"), found


@pytest.mark.parametrize("text", [
    "Talks resume in Cairo this week (the week from Monday 17 November 2025).",
    "Talks resumed in Cairo last month (October 2025).",
    "Talks resumed in Cairo last month (Oct. 2025).",
    "Talks resumed in Cairo 'last month' (October 2025), the article says.",
    "Talks resumed in Cairo the same week as the strikes.",  # anaphoric: the text has named the week
])
def test_a_dated_quoted_or_anaphoric_relative_day_is_accepted(mini, text):
    mini.edit(E, SUMMARY, f"summary: {text}")
    assert mini.problems() == []


def test_bundled_records_name_no_undated_relative_day_in_our_words(bundled):
    for kind in ("sources", "phases", "events", "figures", "comparisons", "agreements", "provisions", "assessments"):
        for rec in getattr(bundled, kind):
            for path, text, words in our_words(rec):
                assert not undated_relative_days(text, words), (kind, rec.id, path, text)


def test_a_year_dates_this_year():
    assert [m.group(0) for m in undated_relative_days("Signed this year.")] == ["this year"]
    assert undated_relative_days("Signed this year (2025).") == []
    assert [m.group(0) for m in undated_relative_days("Signed this month (2025).")] == ["this month"]
