"""Issue 24, class 7 (left from the last attack): each case refused with a clear problem, and its good twin accepted.

Control characters written as YAML escapes, two actors with one name, a seed with a byte-order mark, a source
URL that is not http(s), and a timeline URL for a period without records."""

from __future__ import annotations

import hashlib

import pytest

from apptest_support import data_dir, open_page
from authoring_support import project_copy
from dashboard.dataset.loader import DataError, load_dataset
from dashboard.authoring.yamledit import append_record, dumps, round_trip_yaml
from dashboard.dataset.yamlio import parse_yaml


@pytest.mark.parametrize("escape, code", [("\\0", "0000"), ("\\e", "001B"), ("\\v", "000B"), ("\\f", "000C"),
                                          ("\\x07", "0007"), ("\\x84", "0084"), ("\\u009b", "009B")])
def test_control_characters_written_as_escapes_are_refused_in_the_parsed_value(escape, code):
    doc, problems = parse_yaml(f'events:\n  - id: x\n    summary: "before{escape}after"\n'.encode(), "data/a.yaml")
    assert doc is None and len(problems) == 1
    assert str(problems[0]).startswith(f"data/a.yaml:3: value holds control character U+{code}")


def test_tabs_and_line_breaks_in_values_stay_text():
    doc, problems = parse_yaml(b'a: "one\\ttwo\\nthree"\nb: |\n  line one\n  line two\n', "data/a.yaml")
    assert problems == [] and doc.data == {"a": "one\ttwo\nthree", "b": "line one\nline two\n"}


def test_line_separators_articles_hold_stay_text():
    """NEL and U+2028/U+2029 occur inside articles' sentences, and a verbatim quote keeps them (add-source writes
    them as escapes): they are text, unlike the C0/C1 controls above."""
    doc, problems = parse_yaml(b'a: "one\\Ntwo\\Lthree\\Pfour"\n', "data/a.yaml")
    assert problems == [] and doc.data == {"a": "one\x85two\u2028three\u2029four"}


@pytest.mark.parametrize("escape", ["\\e[31m", "\\0", "\\v", "\\f"])
def test_an_escape_in_a_data_file_fails_validate(tmp_path, escape):
    data = project_copy(tmp_path)
    path = data / "articles" / "zz-escape.yaml"
    path.write_text(f'# an escape inside a comment is not a value: "{escape}"\n'
                    f'actors:\n  - {{id: x-escape, name: "Escape{escape} group", kind: armed_group}}\n', encoding="utf-8")
    with pytest.raises(DataError, match="control character U\\+00"):
        load_dataset(data)
    path.write_text(path.read_text(encoding="utf-8").replace(f"Escape{escape} group", "Escape group"), encoding="utf-8")
    assert load_dataset(data).by_id("actors")["x-escape"].name == "Escape group"


def _add_actor(data, name):
    append_record(data / "actors.yaml", "actors", {"id": "x-second-actor", "name": name, "kind": "armed_group"})


@pytest.mark.parametrize("variant", ["same", "upper", "spaces", "accents"])
def test_two_actors_sharing_a_name_are_refused(tmp_path, variant):
    data = project_copy(tmp_path)
    first = load_dataset(data).actors[0]
    name = {"same": first.name, "upper": first.name.upper(), "spaces": f"  {first.name}  ".replace(" ", "  "),
            "accents": first.name.replace("a", "á", 1)}[variant]
    _add_actor(data, name)
    with pytest.raises(DataError) as exc:
        load_dataset(data)
    assert any("is already the name of actor" in str(p) and first.id in str(p) for p in exc.value.problems)


def test_an_actor_with_its_own_name_is_accepted(tmp_path):
    data = project_copy(tmp_path)
    _add_actor(data, "A test armed group of its own name")
    assert "x-second-actor" in load_dataset(data).by_id("actors")


def _set_source_field(data, key, value):
    y = round_trip_yaml()
    path = data / "sources.yaml"
    doc = y.load(path.read_text(encoding="utf-8"))
    doc["sources"][0][key] = value
    path.write_text(dumps(doc), encoding="utf-8")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 "file:///etc/passwd", "ftp://example.org/a", "//example.org/a", "https://",
                                 "https://exa mple.org", " https://example.org"])
def test_a_source_url_must_be_http_or_https(tmp_path, url):
    data = project_copy(tmp_path)
    _set_source_field(data, "url", url)
    with pytest.raises(DataError, match="url"):
        load_dataset(data)


@pytest.mark.parametrize("url", ["https://example.org/news/2025/11/article?id=3#top", "http://example.org"])
def test_an_http_or_https_source_url_is_accepted(tmp_path, url):
    data = project_copy(tmp_path)
    _set_source_field(data, "url", url)
    assert load_dataset(data).sources[0].url == url


def test_a_hand_registered_seed_with_a_bom_fails_validate(tmp_path):
    data = project_copy(tmp_path)
    src = load_dataset(data).sources[0]
    seed = data.parent / src.file
    raw = b"\xef\xbb\xbf" + seed.read_bytes()
    seed.write_bytes(raw)
    _set_source_field(data, "sha256", hashlib.sha256(raw).hexdigest())  # registered by hand, checksum and all
    with pytest.raises(DataError) as exc:
        load_dataset(data)
    assert any("byte-order mark" in str(p) for p in exc.value.problems)


def test_a_seed_without_a_bom_passes(tmp_path):
    data = project_copy(tmp_path)
    assert all(not (data.parent / s.file).read_bytes().startswith(b"\xef\xbb\xbf") for s in load_dataset(data).sources)


# --------------------------------------------------------------------------- the timeline keeps the period asked for


def test_a_timeline_period_without_records_says_so_and_keeps_the_url():
    with data_dir(None):
        at = open_page("timeline", **{"from": "2030-01-01", "to": "2030-01-02"})
        assert not at.exception, [e.value for e in at.exception]
        assert any("No records in this period" in i.value for i in at.info), [i.value for i in at.info]
        assert at.query_params.get("from") in ("2030-01-01", ["2030-01-01"])
        assert at.query_params.get("to") in ("2030-01-02", ["2030-01-02"])


def test_a_timeline_period_with_records_keeps_the_url_and_shows_them():
    ds = load_dataset()
    day = min(e.when.date for e in ds.events if len(e.when.date) == 10)
    with data_dir(None):
        at = open_page("timeline", **{"from": day, "to": day})
        assert not at.exception, [e.value for e in at.exception]
        assert not any("No records in this period" in i.value for i in at.info)
        assert at.query_params.get("from") in (day, [day])
