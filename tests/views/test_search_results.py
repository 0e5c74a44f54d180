"""dashboard/views/search_results.py and the Search page: results that answer what, how many, when, per whom."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.conventions import datefmt, theme
from dashboard.charts.base import value_text
from dashboard.dataset.loader import data_dir_from_env
from dashboard.engines.loading import load_source
from dashboard.frames.search import search_source
from dashboard.views.search_results import describe, shorten, word_snippet


@pytest.fixture(scope="module")
def source():
    return load_source(data_dir_from_env())[1]


def test_snippets_start_and_end_on_word_boundaries():
    text = ("Israeli officials believe Hamas is delaying the return of the bodies of the three remaining hostages "
            "to avoid triggering negotiations over its disarmament, according to several reports from Cairo today.")
    for width in range(20, 120, 7):
        snip, spans = word_snippet(text, ["avoid"], width)
        body = snip.strip("…")
        assert body in text and "avoid" in body
        i = text.index(body)
        assert i == 0 or text[i - 1] == " ", (width, snip)  # never starts mid-word
        j = i + len(body)
        assert j == len(text) or text[j] == " ", (width, snip)  # never ends mid-word ("…to avoi")
        assert [snip[a:b] for a, b in spans] == ["avoid"]


def test_snippet_marks_every_term_and_survives_accents_and_long_words():
    snip, spans = word_snippet("Réunion à Genève sur la trêve", ["geneve", "treve"])
    assert sorted(snip[a:b] for a, b in spans) == ["Genève", "trêve"]
    snip, _ = word_snippet("x" * 500 + " target", ["target"], 40)
    assert "target" in snip


def test_shorten_cuts_at_a_word():
    assert shorten("alpha beta gamma delta", 12) == "alpha beta…"
    assert shorten("short", 12) == "short"


def test_figure_results_carry_value_date_claimant_and_source(source):
    figs = source.table("figures")
    f = figs.iloc[0]
    words = " ".join(str(f["subject"]).split()[:3])
    results = [r for r in describe(source, search_source(source, words, limit=200), words) if r.id == f["id"]]
    assert results, words
    r = results[0]
    assert r.facts[0] == value_text(f)
    assert datefmt.format_row(f, "as_of") in r.facts
    assert any(theme.in_sentence(theme.claimant_label(f["claimant_key"], f["claimant"])) in x for x in r.facts)
    assert f["source"] in r.facts
    assert r.type.startswith("Figure")


def test_every_kind_found_in_the_data_is_described(source):
    for kind, table, col in (("event", "events", "notes"), ("phase", "phases", "name"), ("source", "sources", "title"),
                             ("comparison", "comparisons", "summary")):
        row = source.table(table).iloc[0]
        words = " ".join(str(row[col]).split()[:3])
        r = next(r for r in describe(source, search_source(source, words, limit=200), words) if r.id == row["id"])
        assert r.facts and all(r.facts), (kind, r)


def test_bundled_hostage_bodies_results_never_read_identically(source):
    results = describe(source, search_source(source, "hostage bodies", limit=50), "hostage bodies")
    shown = [(r.type, r.headline, r.facts, r.snippet, r.distinguish) for r in results]
    assert len(shown) == len(set(shown))


def test_identical_looking_results_get_a_distinguisher():
    from dashboard.frames.tables import Frames
    from dashboard.engines.sources import PandasSource
    from dashboard.frames.search import search

    ev = pd.DataFrame({"id": ["a", "b"], "notes": ["Strike on Rafah"] * 2, "actor1": ["IDF"] * 2, "actor2": [None] * 2,
                       "location": ["Rafah"] * 2, "quote": ["q"] * 2, "event_type": ["battles"] * 2,
                       "theatre": ["gaza"] * 2, "fatalities": [None] * 2, "source": ["Outlet"] * 2,
                       "date_start": pd.to_datetime(["2025-11-01"] * 2), "date_end": pd.to_datetime(["2025-11-01"] * 2),
                       "date_precision": ["day"] * 2})
    empty = pd.DataFrame(columns=["id"])
    fr = Frames(ev, pd.DataFrame(columns=["id", "subject", "claimant", "quote", "as_of_start"]), empty,
                pd.DataFrame(columns=["id", "title", "outlet", "byline", "published_start"]),
                pd.DataFrame(columns=["id", "name", "summary", "start_start"]), empty,
                pd.DataFrame(columns=["id", "summary", "claimant", "quote"]))
    src = PandasSource(fr)
    results = describe(src, search(fr, "rafah"), "rafah")
    assert [r.distinguish for r in results] == ["record a", "record b"]


def test_search_page_shows_facts_and_escapes_them():
    from apptest_support import open_page

    at = open_page("search", q="hostage bodies")
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "bodies" in text and "per " in text
    assert re.search(r"\*\*\w*bod", text, re.IGNORECASE)  # the matched word is marked
    labels = [p.proto.label for p in at.get("page_link")]
    assert "Figure page — details and sources" in labels and "Event page — details and sources" in labels
