"""dashboard/frames/search.py: ranking, literal matching, empty and hostile queries; the Search page."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.frames.tables import Frames
from dashboard.frames.search import MAX_QUERY_CHARS, Hit, search, terms

HOSTILE = ["<script>window.__xss=1</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", ".*",
           "(", "[", "\\", "a|b", "(?i)", "$1", "\x00\x01", "\u202eevil", "🙂" * 100, "x" * 10_000, "%", "_", "' OR 1=1 --"]


def _frames(events=(), figures=(), comparisons=()) -> Frames:
    ev = pd.DataFrame(list(events), columns=["id", "notes", "actor1", "actor2", "location", "quote", "date_start"])
    ev["date_start"] = pd.to_datetime(ev["date_start"])
    fg = pd.DataFrame(list(figures), columns=["id", "subject", "claimant", "quote", "as_of_start"])
    fg["as_of_start"] = pd.to_datetime(fg["as_of_start"])
    cm = pd.DataFrame(list(comparisons), columns=["id", "summary", "claimant", "quote"])
    empty = pd.DataFrame(columns=["id"])
    return Frames(ev, fg, empty, pd.DataFrame(columns=["id", "title", "outlet", "byline", "published_start"]),
                  pd.DataFrame(columns=["id", "name", "summary", "start_start"]), empty, cm)


FR = _frames(
    events=[
        ("e-summary", "Israeli strikes hit Rafah", "Israel Defense Forces", None, "Rafah", "troops moved", "2025-11-01"),
        ("e-quote", "Talks resume in Cairo", "Hamas", None, "Cairo", "fighters remain in Rafah tunnels", "2025-11-02"),
        ("e-sub", "Rafahville festival", None, None, "Elsewhere", "nothing", "2025-11-03"),
        ("e-literal", "A note with .* and (brackets [x]", None, None, None, "q", "2025-10-01"),
        ("e-accent", "Réunion à Genève", None, None, "Genève", "q", "2025-10-02"),
        ("e-actor", "Drone strike", "Hezbollah", "Israel Defense Forces", "Lebanon", "q", "2025-10-03"),
    ],
    figures=[("f-1", "Bodies of hostages held in Gaza", "Israel", "the bodies of 4 hostages remain", "2025-11-20")],
    comparisons=[("c-1", "Hostage bodies still held", "Israel", "q")],
)


def ids(hits: list[Hit]) -> list[str]:
    return [h.id for h in hits]


def test_a_summary_match_ranks_above_a_quote_match_and_a_substring():
    got = ids(search(FR, "rafah"))
    assert got.index("e-summary") < got.index("e-quote")
    assert got.index("e-quote") < got.index("e-sub") or got.index("e-sub") > got.index("e-summary")
    assert set(got) == {"e-summary", "e-quote", "e-sub"}


def test_a_whole_word_beats_a_substring_in_the_same_field():
    hits = {h.id: h.score for h in search(FR, "rafah")}
    # e-summary has "Rafah" as a word in its summary; e-sub only inside "Rafahville"
    assert hits["e-summary"] > hits["e-sub"]


def test_every_term_must_occur_and_a_phrase_scores_higher():
    assert ids(search(FR, "rafah cairo")) == ["e-quote"]  # Cairo in its summary, Rafah in its quote
    phrase = {h.id: h.score for h in search(FR, "hostage bodies")}
    assert set(phrase) == {"f-1", "c-1"}
    assert phrase["c-1"] > phrase["f-1"]  # "hostage bodies" as a phrase only in the comparison


def test_actors_locations_and_claimants_are_searched():
    hit = next(h for h in search(FR, "hezbollah") if h.id == "e-actor")
    assert hit.field == "actor"
    assert ids(search(FR, "lebanon")) == ["e-actor"]
    assert "f-1" in ids(search(FR, "israel"))


def test_matching_ignores_case_and_accents():
    assert ids(search(FR, "GENEVE")) == ["e-accent"]
    assert ids(search(FR, "réunion")) == ["e-accent"]


def test_ties_go_to_the_newer_record_then_the_id():
    got = search(FR, "israel defense forces")
    assert ids(got)[:2] == ["e-summary", "e-actor"]  # same score: 1 Nov before 3 Oct


def test_regex_characters_are_literal():
    assert ids(search(FR, ".*")) == ["e-literal"]
    assert ids(search(FR, "[x]")) == ["e-literal"]
    assert ids(search(FR, "(brackets")) == ["e-literal"]
    assert search(FR, "a|b") == []  # not an alternation
    assert search(FR, "r.fah") == []  # not a wildcard


@pytest.mark.parametrize("query", ["", "   ", "\n\t", None, 42, ["rafah"], "\"'“”"])
def test_empty_or_unusable_queries_give_nothing(query):
    assert search(FR, query) == []


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_searched_as_text(query):
    hits = search(FR, query)
    assert all(isinstance(h, Hit) for h in hits)


def test_terms_are_bounded():
    assert len(terms(" ".join(f"w{i}" for i in range(100)))) == 8
    assert len("".join(terms("y" * 10_000))) <= MAX_QUERY_CHARS


def test_the_bundled_dataset_finds_quotes_and_links_every_hit():
    from dashboard.engines.loading import load_bundle_fast
    from dashboard.dataset.loader import data_dir_from_env

    ds, fr = load_bundle_fast(data_dir_from_env())
    hits = search(fr, "Hezbollah")
    from dashboard.frames.search import FIELDS

    assert hits and all(h.kind in FIELDS for h in hits)
    every_id = {k: set(getattr(fr, t)["id"]) for k, (t, *_rest) in FIELDS.items()}
    assert all(h.id in every_id[h.kind] for h in hits)
    quote = fr.events["quote"].iloc[0]
    words = " ".join(quote.split()[:4])
    assert fr.events["id"].iloc[0] in ids(search(fr, words, limit=200))


def test_search_page_escapes_the_query_and_results(monkeypatch):
    from apptest_support import open_page

    at = open_page("search", q="Hezbollah")
    assert not at.exception
    links = [p.proto.label for p in at.get("page_link")]
    assert any(label.startswith("Event") for label in links)
    for q in HOSTILE:
        at = open_page("search", q=q)
        assert not at.exception, q
        shown = [e.value for e in (*at.markdown, *at.caption, *at.warning)] + [p.proto.label for p in at.get("page_link")]
        for text in shown:  # every Markdown-special character from the query arrives backslash-escaped
            assert not re.search(r"(?<!\\)[<\[]", text), (q, text)
    at = open_page("search", q="<b>hezbollah</b>")
    assert any("\\<b\\>" in w.value for w in at.warning)


def test_every_page_has_the_search_box():
    from apptest_support import open_page

    for path in ("", "timeline", "data"):
        at = open_page(path)
        assert [b.label for b in at.sidebar.button].count("Search") == 1, path


# --------------------------------------------------------------------------- one folding, both engines (issue 24)

FOLD_CASES = {  # query -> the text it must find
    "Straße": "Talks at the Strasse checkpoint",
    "strasse": "Protest in the Straße of the old town",
    "Ｒａｆａｈ": "Crossing reopened at Rafah",
    "ﬁnal": "The final round of talks",
    "final": "The ﬁnal list of names",
    "GENÈVE": "Réunion à Genève",
    "İstanbul": "Meeting in istanbul",
}


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory):
    """The same frames served by the pandas source and by the DuckDB source (with its folded columns, and
    without them through DuckDB's fold_text function)."""
    import shutil

    from authoring_support import project_copy
    from dashboard.engines import sources as query
    from dashboard.engines import duck as engines_duck
    from dashboard.engines import loading
    from dashboard.frames.tables import build_frames
    from dashboard.dataset.loader import load_dataset

    data = project_copy(tmp_path_factory.mktemp("fold"))
    ds = load_dataset(data)
    frames = build_frames(ds)
    ev = frames.events.copy()
    for i, (_, text) in enumerate(FOLD_CASES.items()):
        ev.loc[ev.index[i], "notes"] = text
    frames = Frames(**{**{n: df for n, df in frames.items()}, "events": ev})
    where = loading.write_cache(data, ds, frames)
    plain = shutil.copytree(where, where.parent / "no-fold")
    (plain / "fold_events.parquet").unlink()
    (plain / "fold_figures.parquet").unlink()
    return (query.PandasSource(frames), engines_duck.open_duck_source(where, persist=False),
            engines_duck.open_duck_source(plain, persist=False), ev)


@pytest.mark.parametrize("q", list(FOLD_CASES))
def test_the_same_query_finds_the_same_records_in_both_engines(both_engines, q):
    from dashboard.frames.search import search_source

    pandas_source, duck, duck_udf, ev = both_engines
    wanted = ev.loc[ev["notes"] == FOLD_CASES[q], "id"].iloc[0]
    found = [[(h.kind, h.id) for h in search_source(s, q)] for s in (pandas_source, duck, duck_udf)]
    assert ("event", wanted) in found[0]
    assert found[0] == found[1] == found[2]


def test_a_query_that_matches_nothing_is_empty_in_both_engines(both_engines):
    from dashboard.frames.search import search_source

    for s in both_engines[:3]:
        assert search_source(s, "Strasbourg") == []


def test_fold_is_one_function():
    from dashboard.frames import search as s
    from dashboard.conventions import fold

    assert fold.fold("Straße") == fold.fold("STRASSE") == "strasse"
    assert fold.fold("Ｒａｆａｈ") == "rafah" and fold.fold("ﬁnal") == "final" and fold.fold("Genève") == "geneve"
    assert s.folded_column(pd.Series(["Straße", None, "Straße"])) == ["strasse", "", "strasse"]


# --------------------------------------------------------------------------- compliance records (issue 20)

COMPLIANCE = [("agreement", "agreements", "name"), ("provision", "provisions", "label"), ("assessment", "assessments", "summary")]


def _compliance_frames():
    from dashboard.frames.tables import build_frames
    from dashboard.dataset.loader import load_dataset

    return build_frames(load_dataset())


@pytest.mark.parametrize("kind, table, col", COMPLIANCE)
def test_every_compliance_record_is_found_by_its_own_words(kind, table, col):
    fr = _compliance_frames()
    df = getattr(fr, table)
    if df.empty:
        pytest.skip(f"this dataset codes no {table}")
    for _, row in df.head(5).iterrows():
        words = " ".join(str(row[col]).split()[:6])
        assert (kind, row["id"]) in [(h.kind, h.id) for h in search(fr, words, limit=500)], words


def test_compliance_lists_are_searched_as_text():
    fr = _compliance_frames()
    if fr.agreements.empty:
        pytest.skip("this dataset codes no agreements")
    row = next(r for _, r in fr.agreements.iterrows() if len(r["parties"]))
    hits = [h for h in search(fr, row["parties"][0], limit=500) if h.kind == "agreement"]
    assert row["id"] in [h.id for h in hits]
    assert all("[" not in h.snippet and "'" not in h.snippet[:1] for h in hits)  # a list is shown as "A; B"


def test_a_query_matching_no_compliance_record_gives_none():
    fr = _compliance_frames()
    assert [h for h in search(fr, "zzqx-no-such-word") if h.kind in ("agreement", "provision", "assessment")] == []


def test_search_page_links_compliance_results_to_their_detail_views():
    from apptest_support import open_page

    fr = _compliance_frames()
    if fr.provisions.empty:
        pytest.skip("this dataset codes no provisions")
    for kind, table, col in COMPLIANCE:
        row = getattr(fr, table).iloc[0]
        at = open_page("search", q=" ".join(str(row[col]).split()[:6]))
        assert not at.exception, [e.value for e in at.exception]
        links = [(p.proto.label, p.proto.page, p.proto.query_string) for p in at.get("page_link")]
        assert any(label.startswith(kind.title()) and query == f"id={row['id']}" and page.endswith(kind)
                   for label, page, query in links), links
