"""The codebook models: each model and each validation rule, with a good and a bad case."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from dashboard.codebook.events import ACLED_TYPES, Event, EventType
from dashboard.codebook.figures import VAGUE_MINIMUM, Derived, Figure, Qualifier
from dashboard.codebook.actors import Actor, Phase
from dashboard.codebook.common import Citation, PassageKind, Precision, When
from dashboard.codebook.comparisons import Comparison
from dashboard.codebook.datafile import DataFile
from dashboard.codebook.sources import Exclusion, Source

WHEN = {"date": "2025-11-17", "precision": "day", "text": "On Monday", "rule": "weekday_past"}
CITE = {"source": "alpha", "quote": "On Monday, Israeli strikes killed 12 people"}
SHA = "a" * 64


def errors(exc: pytest.ExceptionInfo) -> list[tuple[tuple, str, str]]:
    return [(e["loc"], e["type"], e["msg"]) for e in exc.value.errors()]


def event(**over) -> dict:
    return {"id": "strikes-khan-younis", "when": WHEN, "status": "occurred", "theatre": "gaza",
            "event_type": "airstrike", "summary": "Israeli strikes in Khan Younis", "citations": [CITE]} | over


def figure(**over) -> dict:
    base = {"id": "killed", "metric": "killed", "value": 12, "unit": "people", "subject": "People killed",
            "theatre": "gaza", "as_of": WHEN, "claimant": "health-ministry", "citations": [CITE]}
    return {k: v for k, v in (base | over).items() if v is not None}


# --------------------------------------------------------------------------- When


def test_when_good_and_year_number_becomes_text():
    w = When.model_validate({"date": 2024, "precision": "year", "rule": "stated_year", "text": "in 2024"})
    assert w.date == "2024" and w.precision is Precision.year
    assert When.model_validate(WHEN).text == "On Monday"


def test_when_bad_precision_term_and_missing_rule():
    with pytest.raises(ValidationError) as exc:
        When.model_validate({"date": "2025-11", "precision": "fortnight"})
    locs = {loc: kind for loc, kind, _ in errors(exc)}
    assert locs == {("precision",): "enum", ("rule",): "missing"}


def test_when_bool_is_not_a_year():
    with pytest.raises(ValidationError) as exc:
        When.model_validate({"date": True, "precision": "year", "rule": "stated_year"})
    assert errors(exc)[0][:2] == (("date",), "string_type")


# --------------------------------------------------------------------------- Citation, Exclusion


def test_citation_defaults():
    c = Citation.model_validate(CITE)
    assert (c.passage, c.occurrence, c.start, c.end) == (PassageKind.body, 1, None, None)


@pytest.mark.parametrize("bad, loc, kind", [
    ({"quote": ""}, ("quote",), "string_too_short"),
    ({"occurrence": 0}, ("occurrence",), "greater_than_equal"),
    ({"source": "Alpha Source"}, ("source",), "string_pattern_mismatch"),
    ({"passage": "comment"}, ("passage",), "enum"),
    ({"page": 3}, ("page",), "extra_forbidden"),
])
def test_citation_bad(bad, loc, kind):
    with pytest.raises(ValidationError) as exc:
        Citation.model_validate(CITE | bad)
    assert errors(exc)[0][:2] == (loc, kind)


def test_exclusion_needs_a_reason():
    assert Exclusion(quote="Subscribe", reason="newsletter box").start is None
    with pytest.raises(ValidationError) as exc:
        Exclusion(quote="Subscribe", reason="ad")
    assert errors(exc)[0][:2] == (("reason",), "string_too_short")


# --------------------------------------------------------------------------- Source, Actor


def source(**over) -> dict:
    return {"id": "alpha", "file": "seeds/000_abc.txt", "sha256": SHA, "title": "Report", "outlet": None,
            "outlet_evidence": "No masthead.", "kind": "news_report",
            "published": {"date": "2025-11-19", "precision": "week", "rule": "inferred", "note": "internal evidence"}} | over


def test_source_good():
    s = Source.model_validate(source())
    assert s.url is None and s.excluded == [] and s.published.precision is Precision.week


@pytest.mark.parametrize("bad, loc, kind", [
    ({"sha256": "ABC"}, ("sha256",), "string_pattern_mismatch"),
    ({"file": "../secrets.txt"}, ("file",), "string_pattern_mismatch"),
    ({"file": "seeds/sub/dir.txt"}, ("file",), "string_pattern_mismatch"),
    ({"kind": "blog"}, ("kind",), "enum"),
])
def test_source_bad(bad, loc, kind):
    with pytest.raises(ValidationError) as exc:
        Source.model_validate(source(**bad))
    assert errors(exc)[0][:2] == (loc, kind)


def test_source_missing_outlet_evidence():
    raw = source()
    del raw["outlet_evidence"]
    with pytest.raises(ValidationError) as exc:
        Source.model_validate(raw)
    assert errors(exc)[0][:2] == (("outlet_evidence",), "missing")


def test_actor_good_and_bad():
    a = Actor.model_validate({"id": "idf", "name": "Israel Defense Forces", "kind": "military", "part_of": "israel"})
    assert a.aliases == [] and a.part_of == "israel"
    with pytest.raises(ValidationError) as exc:
        Actor.model_validate({"id": "IDF", "name": "IDF", "kind": "army"})
    assert {(loc, kind) for loc, kind, _ in errors(exc)} == {(("id",), "string_pattern_mismatch"), (("kind",), "enum")}


@pytest.mark.parametrize("slug, ok", [("a", True), ("gaza-ceasefire-2025", True), ("Gaza", False), ("a--b", False),
                                      ("-a", False), ("a_b", False), ("a" * 81, False)])
def test_slug_rule(slug, ok):
    raw = {"id": slug, "name": "X", "kind": "other"}
    if ok:
        assert Actor.model_validate(raw).id == slug
    else:
        with pytest.raises(ValidationError):
            Actor.model_validate(raw)


# --------------------------------------------------------------------------- Phase, Event


def test_phase_good_and_needs_citations():
    raw = {"id": "gaza-ceasefire", "name": "Ceasefire", "theatre": "gaza", "start": WHEN, "summary": "A ceasefire.",
           "citations": [CITE]}
    assert Phase.model_validate(raw).end is None
    with pytest.raises(ValidationError) as exc:
        Phase.model_validate(raw | {"citations": []})
    assert errors(exc)[0][:2] == (("citations",), "too_short")


def test_event_good():
    e = Event.model_validate(event(actors=["idf", "hamas"], fatalities=12, key=True))
    assert e.actors == ["idf", "hamas"] and e.fatalities == 12 and e.key is True and e.until is None


@pytest.mark.parametrize("bad, loc, kind", [
    ({"summary": "Hit"}, ("summary",), "string_too_short"),
    ({"fatalities": -1}, ("fatalities",), "greater_than_equal"),
    ({"fatalities": "twelve"}, ("fatalities",), "int_type"),  # strict: text is never parsed as a number
    ({"fatalities": True}, ("fatalities",), "int_type"),
    ({"fatalities": 12.0}, ("fatalities",), "int_type"),
    ({"key": "true"}, ("key",), "bool_type"),
    ({"event_type": "bombing"}, ("event_type",), "enum"),
    ({"status": "rumoured"}, ("status",), "enum"),
    ({"theatre": "syria"}, ("theatre",), "enum"),
    ({"citations": []}, ("citations",), "too_short"),
    ({"locaton": "Cairo"}, ("locaton",), "extra_forbidden"),
    ({"actors": ["IDF"]}, ("actors", 0), "string_pattern_mismatch"),
])
def test_event_bad(bad, loc, kind):
    with pytest.raises(ValidationError) as exc:
        Event.model_validate(event(**bad))
    assert errors(exc)[0][:2] == (loc, kind)


def test_event_until_must_be_a_when():
    with pytest.raises(ValidationError) as exc:
        Event.model_validate(event(until="2025-11-20"))
    assert errors(exc)[0][0] == ("until",)


# --------------------------------------------------------------------------- Figure, Derived


def test_figure_value_and_range():
    f = Figure.model_validate(figure())
    assert (f.lo, f.hi) == (12, 12)
    r = Figure.model_validate(figure(value=None, low=20, high=21))
    assert (r.lo, r.hi, r.value) == (20, 21, None)


@pytest.mark.parametrize("over, message", [
    ({"value": None}, "give `value`, or both `low` and `high` for a range"),
    ({"value": None, "low": 20}, "give `value`, or both `low` and `high` for a range"),
    ({"low": 10, "high": 14}, "give either `value` or `low`/`high`, not both"),
    ({"citations": []}, "a reported figure needs at least one citation"),
])
def test_figure_value_rules(over, message):
    raw = figure(**over)  # a None drops the field
    with pytest.raises(ValidationError) as exc:
        Figure.model_validate(raw)
    assert message in errors(exc)[0][2]


@pytest.mark.parametrize("over, kind", [
    ({"value": "12"}, "float_type"), ({"value": True}, "float_type"), ({"value": float("nan")}, "finite_number"),
    ({"value": None, "low": float("-inf"), "high": 3}, "finite_number"),
])
def test_figure_numbers_are_strict_and_finite(over, kind):
    with pytest.raises(ValidationError) as exc:
        Figure.model_validate(figure(**over))
    assert errors(exc)[0][1] == kind


def test_figure_accepts_a_whole_number_for_a_float():
    assert Figure.model_validate(figure(value=12)).value == 12.0


@pytest.mark.parametrize("word, floor", [("dozens", 24), ("hundreds", 200), ("thousands", 2000),
                                         ("hundreds_of_thousands", 200_000)])
def test_vague_qualifier_is_open_ended(word, floor):
    f = Figure.model_validate(figure(value=None, qualifier=word, low=floor))
    assert (f.lo, f.hi, f.qualifier) == (floor, None, Qualifier(word))
    assert VAGUE_MINIMUM[Qualifier(word)] == floor


@pytest.mark.parametrize("over", [{"value": 300}, {"value": None, "low": 300}, {"value": None, "low": 200, "high": 900}])
def test_vague_qualifier_refuses_a_guessed_number(over):
    raw = figure(qualifier="hundreds", **over)
    with pytest.raises(ValidationError) as exc:
        Figure.model_validate(raw)
    assert "qualifier 'hundreds' is a word, not a number: set only `low: 200`" in errors(exc)[0][2]


def test_derived_figure_needs_no_citation():
    derived = {"method": "complement_of_share", "from_figures": ["israel-share"], "formula": "100 - Israeli share"}
    f = Figure.model_validate(figure(citations=None, unit="percent", metric="territory_share", value=47, derived=derived))
    assert f.citations == [] and f.derived.from_figures == ["israel-share"]
    with pytest.raises(ValidationError) as exc:
        Derived.model_validate(derived | {"from_figures": []})
    assert errors(exc)[0][:2] == (("from_figures",), "too_short")
    with pytest.raises(ValidationError) as exc:
        Derived.model_validate(derived | {"method": "average"})
    assert errors(exc)[0][:2] == (("method",), "enum")


# --------------------------------------------------------------------------- Comparison, DataFile


def test_comparison_theatre_is_gaza_or_lebanon():
    raw = {"id": "gaza-enforcement", "dimension": "enforcement", "theatre": "gaza", "summary": "Strikes go on.",
           "claimant": "author", "citations": [CITE]}
    assert Comparison.model_validate(raw).theatre == "gaza"
    with pytest.raises(ValidationError) as exc:
        Comparison.model_validate(raw | {"theatre": "israel"})
    assert errors(exc)[0][:2] == (("theatre",), "literal_error")
    with pytest.raises(ValidationError) as exc:
        Comparison.model_validate(raw | {"dimension": "weather"})
    assert errors(exc)[0][:2] == (("dimension",), "enum")


def test_datafile_lists_default_empty_and_unknown_key_refused():
    assert DataFile.model_validate({}).events == []
    with pytest.raises(ValidationError) as exc:
        DataFile.model_validate({"event": []})
    assert errors(exc)[0][:2] == (("event",), "extra_forbidden")


def test_every_event_type_maps_to_acled():
    assert set(ACLED_TYPES) == set(EventType)
    assert ACLED_TYPES[EventType.airstrike] == ("Explosions/Remote violence", "Air/drone strike")
