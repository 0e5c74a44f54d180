"""Provenance the coder supplies, kept apart from what the text says; time of day; "possibly the same incident".

Each piece of a source's provenance carries its basis (stated in the text, supplied by the coder, inferred) from
the manifest to the frames, footers, detail fields and export. The end-to-end cases add an article of their own
through add-source (never the bundled ones), so they hold for any valid dataset.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from authoring_support import project_copy
from dashboard.outputs import export
from dashboard.conventions import theme
from dashboard.charts import Context, build, source_label
from dashboard.cli import main
from dashboard.frames.tables import build_frames, parse_possibly_same
from dashboard.dataset.loader import DataError, load_dataset
from dashboard.codebook.common import Basis, DateRule, When
from dashboard.codebook.events import Event
from dashboard.codebook.sources import Source
from dashboard.authoring.yamledit import dumps, round_trip_yaml
from ruamel.yaml.scalarstring import DoubleQuotedScalarString as DQ

TEXT = ("Hamas handed over the bodies of 2 hostages at 7pm on Wednesday, officials said.\n"
        "Israel released 30 Palestinian prisoners on Wednesday, the prison service said.\n"
        "The army said it was not able to clarify whether the two incidents were related.\n")
SOURCE = "wire-handovers"
SUPPLIED = ["--supplied-by", "Test coder", "--outlet", "The Example Herald", "--url", "https://example.org/story",
            "--retrieved", "2025-11-21", "--published-supplied", "--published-time", "09:30"]


def _add(tmp: Path, capsys, *extra: str) -> Path:
    data = project_copy(tmp)
    article = tmp / "wire.txt"
    article.write_text(TEXT, encoding="utf-8")
    code = main(["--data", str(data), "add-source", str(article), "--id", SOURCE, "--published", "2025-11-20",
                 "--precision", "day", "--kind", "news_report", "--title", "Report: body hand-overs and a release",
                 *extra])
    assert code == 0, capsys.readouterr().err
    return data


def _article_file(data: Path) -> Path:
    return max((data / "articles").glob("*.yaml"))


def _code(data: Path, events: list[dict], figures: list[dict] = ()) -> None:
    """Append records to the new article's file as a coder would (a round-trip YAML edit)."""
    path = _article_file(data)
    y = round_trip_yaml()
    doc = y.load(path.read_text(encoding="utf-8"))
    doc["events"] = events
    doc["figures"] = list(figures)
    path.write_text(dumps(doc), encoding="utf-8")


def _cite(quote: str) -> list[dict]:
    return [{"source": SOURCE, "quote": quote}]


WED = {"date": "2025-11-19", "precision": "day", "text": "on Wednesday", "rule": "weekday_past"}
# quoted as a coder must write it: an unquoted 19:00 is a base-60 number to YAML 1.1 (the loader refuses it)
HANDOVER = {"id": "wire-bodies-handover-2025-11-19", "when": {**WED, "text": "at 7pm on Wednesday", "time": DQ("19:00")},
            "status": "occurred", "theatre": "gaza", "event_type": "remains_handover", "actors": ["hamas", "israel"],
            "summary": "Hamas hands over the bodies of two hostages.",
            "citations": _cite("Hamas handed over the bodies of 2 hostages at 7pm on Wednesday, officials said.")}
RELEASE = {"id": "wire-prisoner-release-2025-11-19", "when": WED, "status": "occurred", "theatre": "israel",
           "event_type": "prisoner_release", "actors": ["israel"], "summary": "Israel releases Palestinian prisoners.",
           "possibly_same": [{"event": HANDOVER["id"], "why": "The army could not say whether the incidents were related."}],
           "citations": _cite("Israel released 30 Palestinian prisoners on Wednesday, the prison service said.")}
RETURNED = {"id": "wire-bodies-returned-2025-11-19", "metric": "hostage_bodies_returned", "value": 2, "unit": "bodies",
            "subject": "Bodies of hostages handed over on Wednesday 19 November 2025", "theatre": "gaza", "as_of": WED, "claimant": "author",
            "event": HANDOVER["id"], "citations": _cite("Hamas handed over the bodies of 2 hostages")}
RELEASED = {"id": "wire-prisoners-released-2025-11-19", "metric": "prisoners_released", "value": 30, "unit": "prisoners",
            "subject": "Palestinian prisoners released by Israel", "theatre": "israel", "as_of": WED, "claimant": "author",
            "event": RELEASE["id"], "citations": _cite("Israel released 30 Palestinian prisoners on Wednesday")}


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """The project with the article added once through add-source, with supplied provenance (copied per test)."""
    tmp = tmp_path_factory.mktemp("added")
    data = project_copy(tmp)
    article = tmp / "wire.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["--data", str(data), "add-source", str(article), "--id", SOURCE, "--published", "2025-11-20",
                 "--precision", "day", "--kind", "news_report", "--title", "Report: body hand-overs and a release",
                 *SUPPLIED]) == 0
    return tmp


def _copy(added: Path, tmp: Path) -> Path:
    shutil.copytree(added / "data", tmp / "data")
    shutil.copytree(added / "seeds", tmp / "seeds")
    return tmp / "data"


@pytest.fixture(scope="module")
def coded(added, tmp_path_factory):
    data = _copy(added, tmp_path_factory.mktemp("coded"))
    _code(data, [HANDOVER, RELEASE], [RETURNED, RELEASED])
    ds = load_dataset(data)
    return ds, build_frames(ds)


# --------------------------------------------------------------------------- add-source and the manifest


def test_add_source_writes_supplied_provenance_apart_from_the_text(added):
    data = added / "data"
    src = load_dataset(data).by_id("sources")[SOURCE]
    assert src.outlet is None, "the text names no outlet: the supplied one is not written as the text's"
    assert (src.supplied.by, src.supplied.outlet, src.supplied.url, src.supplied.retrieved) == (
        "Test coder", "The Example Herald", "https://example.org/story", "2025-11-21")
    assert src.published.rule is DateRule.supplied and src.published.time == "09:30"
    assert src.outlet_shown == ("The Example Herald", Basis.supplied) and src.published_basis is Basis.supplied


@pytest.mark.parametrize("extra, message", [
    (["--outlet", "The Example Herald"], "--supplied-by"),  # supplied by nobody
    (["--supplied-by", "Test coder"], "nothing is supplied"),
    (["--supplied-by", "Test coder", "--url", "javascript:alert(1)"], "supplied provenance"),
    (["--supplied-by", "Test coder", "--retrieved", "21 Nov"], "supplied provenance"),
])
def test_add_source_refuses_incomplete_or_bad_supplied_provenance_and_writes_nothing(tmp_path, capsys, extra, message):
    data = project_copy(tmp_path)
    before = (data / "sources.yaml").read_bytes()
    article = tmp_path / "wire.txt"
    article.write_text(TEXT, encoding="utf-8")
    code = main(["--data", str(data), "add-source", str(article), "--id", SOURCE, "--published", "2025-11-20", *extra])
    assert code == 2 and message in capsys.readouterr().err
    assert (data / "sources.yaml").read_bytes() == before


def test_without_supplied_options_nothing_is_supplied(tmp_path, capsys):
    data = _add(tmp_path, capsys)
    src = load_dataset(data).by_id("sources")[SOURCE]
    assert src.supplied is None and src.published_basis is Basis.inferred and src.outlet_shown == (None, None)


# --------------------------------------------------------------------------- what readers see


def test_footer_names_a_supplied_outlet_as_supplied_never_unnamed(coded):
    ds, fr = coded
    row = fr.sources.set_index("id").loc[SOURCE]
    label = source_label(row)
    assert label.startswith("The Example Herald (supplied by coder;") and "unnamed outlet" not in label
    assert "20 Nov 2025, 09:30, date supplied by coder" in label
    chart = build("hostages", Context(fr, ds.version))
    footer = chart.figure.layout.annotations[-1].text if chart.figure.layout.annotations else ""
    texts = " ".join(a.text or "" for a in chart.figure.layout.annotations) + footer
    assert "The Example Herald (supplied by coder" in texts.replace("<br>", " ")


def test_records_name_the_supplied_outlet_marked(coded):
    _, fr = coded
    ev = fr.events.set_index("id").loc[HANDOVER["id"]]
    assert ev["source"] == "The Example Herald (supplied by coder)"


def test_every_bundled_source_label_says_where_outlet_and_date_come_from():
    fr = build_frames(load_dataset())
    for _, s in fr.sources.iterrows():
        label = source_label(s)
        assert any(f"date {w}" in label for w in theme.BASIS_WORDS.values()), label
        if isinstance(s["outlet"], str):
            assert theme.BASIS_WORDS[s["outlet_basis"]] in label, label
        else:
            assert label.startswith("unnamed outlet ("), label


def test_export_carries_each_piece_with_its_basis(coded):
    ds, _ = coded
    src = next(s for s in export.to_json_dict(ds)["sources"] if s["id"] == SOURCE)
    assert src["provenance"]["outlet"] == {"value": "The Example Herald", "basis": "supplied"}
    assert src["provenance"]["url"] == {"value": "https://example.org/story", "basis": "supplied"}
    assert src["provenance"]["published"] == {"basis": "supplied", "time": "09:30"}
    assert src["supplied"]["by"] == "Test coder"
    rebuilt = export.from_json_dict(export.to_json_dict(ds))  # the computed key never blocks the round trip
    assert rebuilt.sources[-1].supplied.outlet == "The Example Herald"


def test_time_of_day_reaches_frames_and_display(coded):
    from dashboard.conventions import datefmt

    _, fr = coded
    ev = fr.events.set_index("id").loc[HANDOVER["id"]]
    assert ev["date_time"] == "19:00" and datefmt.format_row(ev, "date") == "19 Nov 2025, 19:00"


def test_new_types_and_measures_are_coded_and_classed(coded):
    _, fr = coded
    ev = fr.events.set_index("id")
    assert ev.loc[RELEASE["id"], "type"] == "prisoner_release"
    assert theme.event_class("prisoner_release") == "hostages"
    assert set(fr.figures["metric"]) >= {"hostage_bodies_returned", "prisoners_released"}


def test_possibly_same_is_shown_on_both_events(coded):
    _, fr = coded
    ev = fr.events.set_index("id")
    there = parse_possibly_same(ev.loc[RELEASE["id"], "possibly_same"])
    back = parse_possibly_same(ev.loc[HANDOVER["id"], "possibly_same"])
    assert [o for o, _ in there] == [HANDOVER["id"]] and [o for o, _ in back] == [RELEASE["id"]]
    assert "could not say" in back[0][1]
    assert ev.loc[RELEASE["id"], "incident"] is None or ev.loc[RELEASE["id"], "incident"] != ev.loc[HANDOVER["id"], "incident"]


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize("change, message", [
    ({"possibly_same": [{"event": RELEASE["id"], "why": "itself"}]}, "cannot be possibly the same as itself"),
    ({"possibly_same": [{"event": "no-such-event", "why": "unknown"}]}, "no-such-event"),
    ({"possibly_same": [{"event": HANDOVER["id"], "why": "twice"}, {"event": HANDOVER["id"], "why": "again"}]}, "linked twice"),
    ({"when": {**WED, "rule": "supplied"}}, "only a source's publication date may be supplied"),
])
def test_bad_links_and_supplied_record_dates_are_problems(added, tmp_path, change, message):
    data = _copy(added, tmp_path)
    _code(data, [HANDOVER, {**RELEASE, **change}])
    with pytest.raises(DataError) as exc:
        load_dataset(data)
    assert any(message in str(p) for p in exc.value.problems), exc.value.problems


def test_possibly_same_inside_one_incident_is_a_contradiction(added, tmp_path):
    data = _copy(added, tmp_path)
    _code(data, [{**HANDOVER, "incident": HANDOVER["id"]}, {**RELEASE, "incident": HANDOVER["id"]}])
    with pytest.raises(DataError) as exc:
        load_dataset(data)
    assert any("already in the same incident" in str(p) for p in exc.value.problems)


def test_time_belongs_to_a_day():
    assert When.model_validate({**WED, "time": "07:05"}).time == "07:05"
    with pytest.raises(ValidationError, match="a `time` belongs to a day"):
        When.model_validate({"date": "2025-11-17", "precision": "week", "rule": "this_week", "time": "19:00"})
    for bad in ("7pm", "24:00", "19:60", "19.00"):
        with pytest.raises(ValidationError):
            When.model_validate({**WED, "time": bad})


def test_a_supplied_date_needs_someone_who_supplied_it_and_supplied_needs_content():
    base = {"id": "s", "file": "seeds/x.txt", "sha256": "a" * 64, "title": "T", "outlet_evidence": "none",
            "kind": "news_report", "published": {"date": "2025-11-20", "precision": "day", "rule": "supplied"}}
    with pytest.raises(ValidationError, match="needs `supplied"):
        Source.model_validate(base)
    assert Source.model_validate({**base, "supplied": {"by": "Coder"}}).published_basis is Basis.supplied
    inferred = {**base, "published": {"date": "2025-11-20", "precision": "day", "rule": "inferred", "note": "n"}}
    with pytest.raises(ValidationError, match="supplies nothing"):
        Source.model_validate({**inferred, "supplied": {"by": "Coder"}})
    stated = Source.model_validate({**inferred, "outlet": "Text Outlet", "supplied": {"by": "Coder", "outlet": "Other"}})
    assert stated.outlet_shown == ("Text Outlet", Basis.stated), "the text's outlet wins over the coder's"


def test_possibly_same_needs_a_reason():
    with pytest.raises(ValidationError):
        Event.model_validate({**RELEASE, "possibly_same": [{"event": HANDOVER["id"]}]})


@pytest.mark.parametrize("text, at, expected", [
    ("7pm on Wednesday", 0, "19:00"), ("7:30 p.m.", 0, "19:30"), ("12:00 noon on Saturday", 0, "12:00"),
    ("11 a.m.", 0, "11:00"), ("12 midnight", 0, "00:00"), ("at 14:30", 3, "14:30"),
    # bad: not a time of day
    ("1:30 of the vote", 0, None), ("13pm", 0, None), ("00 noon", 0, None), ("2025 pm", 0, None), ("30 prisoners", 0, None),
])
def test_time_of_day_is_read_from_the_text(text, at, expected):
    from dashboard.authoring.candidates import time_of_day

    assert time_of_day(text, at) == expected


def test_candidate_list_proposes_the_time_for_a_time_of_day():
    from dashboard.authoring.candidates import format_candidates, from_text

    published = When.model_validate({"date": "2025-11-20", "precision": "day", "rule": "inferred", "note": "n"})
    listing = format_candidates(from_text(TEXT, published))
    assert listing.count('time: "19:00"') == 1 and "time:" not in listing.replace('time: "19:00"', "")
