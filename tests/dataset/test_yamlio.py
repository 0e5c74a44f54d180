"""Safe YAML reading: line numbers for every node, and every malformed input a problem, not a crash."""

from __future__ import annotations

import pytest

from dashboard.dataset import yamlio
from dashboard.dataset import problems as dataset_problems
from dashboard.dataset.yamlio import MAX_NODES, read_yaml
from dashboard.dataset.problems import Problem

DOC = """\
# a comment
events:
  - id: first
    when:
      date: 2025-11-03
      precision: day
    year: 2024
    actors: [idf, hamas]
  - id: second
"""


def read(tmp_path, text: str | bytes, name: str = "f.yaml"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read_yaml(path, f"data/{name}")


def test_reads_data_and_keeps_dates_as_text(tmp_path):
    doc, problems = read(tmp_path, DOC)
    assert problems == []
    first = doc.data["events"][0]
    assert first["when"]["date"] == "2025-11-03"  # not a datetime.date: the codebook parses dates
    assert first["year"] == 2024 and first["actors"] == ["idf", "hamas"]


def test_line_numbers_of_nodes(tmp_path):
    doc, _ = read(tmp_path, DOC)
    assert doc.line_of(("events",)) == 2
    assert doc.line_of(("events", 0)) == 3
    assert doc.line_of(("events", 0, "when", "date")) == 5
    assert doc.line_of(("events", 0, "actors", 1)) == 8
    assert doc.line_of(("events", 1, "id")) == 9
    # a missing field reports the line of its nearest parent
    assert doc.line_of(("events", 0, "when", "rule")) == 4
    assert doc.line_of(("events", 1, "citations", 0, "quote")) == 9


def test_empty_file_is_an_empty_document(tmp_path):
    doc, problems = read(tmp_path, "# nothing coded yet\n")
    assert problems == [] and doc.data == {}


def test_problem_format():
    assert str(Problem("data/a.yaml", 7, "bad")) == "data/a.yaml:7: bad"
    assert str(Problem("data/a.yaml", None, "too large")) == "data/a.yaml:1: too large"


def test_syntax_error_has_line_and_column(tmp_path):
    doc, problems = read(tmp_path, "events:\n  - id: a\n    summary: Talks: resumed\n")
    assert doc is None
    assert problems == [Problem("data/f.yaml", 3, "YAML syntax error (column 19): mapping values are not allowed here; "
                                                  "a value containing ': ' must be quoted")]


def test_syntax_error_names_where_the_construct_began(tmp_path):
    _, problems = read(tmp_path, "events:\n  - id: a\n    actors: [idf, hamas\n  - id: b\n")
    (p,) = problems
    assert p.line == 4 and "while parsing a flow sequence (started at line 3, column 13)" in p.message
    assert "expected ',' or ']'" in p.message


@pytest.mark.parametrize("line, hint", [
    ('      - quote: "He said "no" today, the official said."', "copy the article's curly quotes"),
    ("      - quote: 'It's over, the official said.'", "write it as ''"),
    ('    citations: [{source: a, quote: "He said "no" today."}]', "copy the article's curly quotes"),
    # the closing quote followed by a space, then more words (no character glued to the quote)
    ('      - quote: "No" he said on Monday, the official said."', "copy the article's curly quotes"),
    ('      - quote: "He said no" today.', "copy the article's curly quotes"),
    # a double-quoted value continued on a second line, closed early there
    ('      - quote: "He said on Monday\n          "no" to the plan."', "copy the article's curly quotes"),
    ("      - quote: 'It' s over.'", "write it as ''"),
])
def test_a_straight_quote_slip_gets_a_hint(tmp_path, line, hint):
    _, problems = read(tmp_path, f"events:\n  - id: a\n    citations:\n{line}\n        source: a\n")
    (p,) = problems
    assert p.message.startswith("YAML syntax error") and hint in p.message


def test_tabs_in_indentation(tmp_path):
    _, problems = read(tmp_path, "events:\n  - id: a\n\t summary: x\n  - id: b\n\tsummary: y\n")
    assert problems == [Problem("data/f.yaml", 3, "tab character in indentation; YAML indents with spaces"),
                        Problem("data/f.yaml", 5, "tab character in indentation; YAML indents with spaces")]


def test_tab_inside_a_line(tmp_path):
    _, problems = read(tmp_path, "events:\n  - actors: [idf,\thamas]\n")
    assert problems[0].line == 2 and "replace the tab with spaces" in problems[0].message


def test_duplicate_key(tmp_path):
    _, problems = read(tmp_path, "events:\n  - id: a\n    status: occurred\n    status: expected\n")
    assert problems == [Problem("data/f.yaml", 4, "duplicate key 'status' (first at line 3)")]


def test_merge_keys_and_complex_keys_refused(tmp_path):
    _, problems = read(tmp_path, "base: &b {x: 1}\nevents:\n  - <<: *b\n    ? [a, b]\n    : 2\n    yes: 1\n")
    assert [(p.line, p.message) for p in problems] == [
        (3, "merge keys (<<) are not allowed in data files"), (4, "mapping key must be a plain name"),
        (6, "mapping key 'yes' must be a plain name")]


def test_byte_order_mark(tmp_path):
    doc, problems = read(tmp_path, b"\xef\xbb\xbfevents: []\n")
    assert doc is None
    assert problems == [Problem("data/f.yaml", 1, "file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")]


def test_not_utf8(tmp_path):
    _, problems = read(tmp_path, "events:\n  - id: a\n    location: Caf".encode() + b"\xe9\n")
    assert problems == [Problem("data/f.yaml", 3, "not valid UTF-8 (byte 0xe9 at offset 35); save the file as UTF-8")]


def test_control_character(tmp_path):
    _, problems = read(tmp_path, "events:\n  - id: a\n    summary: x\x00y\n")
    assert problems == [Problem("data/f.yaml", 3, "control character U+0000 is not allowed in a data file; remove it")]


def test_windows_line_endings_are_fine(tmp_path):
    doc, problems = read(tmp_path, "events:\r\n  - id: a\r\n    summary: x\r\n")
    assert problems == [] and doc.line_of(("events", 0, "summary")) == 3


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 100)
    _, problems = read(tmp_path, "# " + "x" * 200 + "\n")
    assert problems == [Problem("data/f.yaml", None, "file is 203 bytes, over the 100-byte limit for a data file")]


def test_unreadable(tmp_path):
    doc, problems = read_yaml(tmp_path / "missing.yaml", "data/missing.yaml")
    assert doc is None and problems[0].message == "cannot read file: No such file or directory"


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for prev, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"  # i expands to 9**9 = 387 million strings


def test_alias_bomb_refused_without_expanding(tmp_path, monkeypatch):
    # Bounded by design: the expansion is measured on the composed node graph (linear in the file),
    # so the converter, which is what would expand aliases, must never run.
    def never(*args, **kwargs):
        raise AssertionError("the alias bomb was expanded")

    monkeypatch.setattr(yamlio, "_convert", never)
    doc, problems = read(tmp_path, billion_laughs())
    assert doc is None
    assert problems == [Problem("data/f.yaml", 7, f"aliases here expand the document to more than {MAX_NODES:,} nodes "
                                                  "(alias bomb?); refused")]


def test_small_aliases_still_read(tmp_path):
    doc, problems = read(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert problems == [] and doc.data == {"a": [1, 2], "b": [1, 2]}
    doc.data["a"].append(3)
    assert doc.data["b"] == [1, 2]  # expanded into separate objects, not shared


def test_recursive_alias_refused(tmp_path):
    _, problems = read(tmp_path, "a: 1\nb: &b [1, *b]\n")
    assert problems == [Problem("data/f.yaml", 2, "recursive alias: the node anchored here contains itself; refused")]


@pytest.mark.parametrize("depth", [60, 100_000])
def test_deep_nesting_refused(tmp_path, depth):
    _, problems = read(tmp_path, "a: 1\nb: " + "[" * depth + "]" * depth + "\n")
    assert problems == [Problem("data/f.yaml", 2, "document is nested more than 50 levels deep; refused")]


def test_block_nesting_refused(tmp_path):
    text = "".join("  " * i + f"k{i}:\n" for i in range(55)) + "  " * 55 + "v: 1\n"
    _, problems = read(tmp_path, text)
    assert problems == [Problem("data/f.yaml", 50, "document is nested more than 50 levels deep; refused")]


@pytest.mark.parametrize("text, tag", [
    ("!!python/object/apply:os.system ['true']\n", "!!python/object/apply:os.system"),
    ("a: !!python/name:os.system\n", "!!python/name:os.system"),
    ("a: !!binary aGVsbG8=\n", "!!binary"),
    ("a: !!set {x}\n", "!!set"),
    ("a: !custom 1\n", "!custom"),
])
def test_tags_are_refused(tmp_path, text, tag):
    doc, problems = read(tmp_path, text)
    assert doc is None
    assert problems == [Problem("data/f.yaml", 1, f"YAML tag '{tag}' is not allowed in data files; "
                                                  "write a plain value (quote it if it starts with ! or &)")]


@pytest.mark.parametrize("text, message", [
    ("a: !!int twelve\n", "value 'twelve' is not a valid int; remove the !! tag"),
    ("a: !!bool maybe\n", "value 'maybe' is not a valid bool; remove the !! tag"),
])
def test_wrongly_tagged_scalar(tmp_path, text, message):
    assert read(tmp_path, text)[1] == [Problem("data/f.yaml", 1, message)]


def test_explicit_plain_tags_are_fine(tmp_path):
    doc, problems = read(tmp_path, "a: !!str 2024\nb: !!int 3\n")
    assert problems == [] and doc.data == {"a": "2024", "b": 3}


# --------------------------------------------------------------------------- one strict scalar policy (issue 11)


@pytest.mark.parametrize("value, message", [
    ("yes", "'yes' is a YAML 1.1 boolean: write true or false"),
    ("Off", "'Off' is a YAML 1.1 boolean"),
    ("1:30", "'1:30' would be read as a base-60 number by YAML 1.1"),
    ("-2:05:07.5", "'-2:05:07.5' would be read as a base-60 number"),
    ("010", "'010' is not a plain decimal number"),
    ("0x1f", "'0x1f' is not a plain decimal number"),
    ("0b101", "'0b101' is not a plain decimal number"),
    ("1_000", "'1_000' is not a plain decimal number"),
    ("1e3", "'1e3' is a number in YAML 1.2 but text in YAML 1.1"),
    ("0o17", "'0o17' is a number in YAML 1.2 but text in YAML 1.1"),
])
def test_values_yaml_versions_read_differently_are_refused(tmp_path, value, message):
    doc, problems = read(tmp_path, f"events:\n  - id: a\n    v: {value}\n")
    assert doc is None and len(problems) == 1
    assert problems[0].line == 3 and problems[0].message.startswith(message), problems


def test_plain_values_both_versions_agree_on_are_read(tmp_path):
    doc, problems = read(tmp_path, "a: true\nb: False\nc: 12\nd: -3\ne: 0\nf: 1.5\ng: .5\nh: 2.5e+3\ni: ~\n"
                                   "j: 'yes'\nk: \"1:30\"\nl: '010'\nm: word\nn: 2025-11-19\n")
    assert problems == []
    assert doc.data == {"a": True, "b": False, "c": 12, "d": -3, "e": 0, "f": 1.5, "g": 0.5, "h": 2500.0, "i": None,
                        "j": "yes", "k": "1:30", "l": "010", "m": "word", "n": "2025-11-19"}


@pytest.mark.parametrize("char, name", [("\u2028", "U+2028 LINE SEPARATOR"), ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
                                        ("\x85", "U+0085 NEXT LINE"), ("\r", "a bare carriage return")])
def test_characters_yaml_counts_as_line_breaks_are_refused_at_the_editor_line(tmp_path, char, name):
    doc, problems = read(tmp_path, f"events:\n  - id: a\n    summary: \"one{char}two\"\n    x: a{char}b\n")
    assert doc is None
    assert [p.line for p in problems] == [3, 4] and all(p.message.startswith(name) for p in problems)


def test_problem_messages_are_one_line():
    p = Problem("data/a\nb.yaml", 3, "unknown term 'air\nstrike\u2028x\x85y\tz\x00'")
    assert str(p) == "data/a\\nb.yaml:3: unknown term 'air\\nstrike\\u2028x\\u0085y\\tz\\u0000'"
    assert "\n" not in str(p)
    assert str(Problem("data/a.yaml", 1, "Hebrew די and emoji 🕊️ stay")) == "data/a.yaml:1: Hebrew די and emoji 🕊️ stay"


def test_problems_per_file_are_capped_and_counted(tmp_path):
    doc, problems = read(tmp_path, "\tx: 1\n" * 1000)
    assert doc is None and len(problems) == dataset_problems.MAX_PROBLEMS_PER_FILE + 1
    assert [p.line for p in problems[:-1]] == list(range(1, 51))
    assert problems[-1] == Problem("data/f.yaml", 50, "and 950 more problems in this file (only the first 50 are listed)")


def test_problem_log_keeps_the_first_lines_of_each_file():
    log = dataset_problems.ProblemLog(limit=3)
    log.extend(Problem("data/b.yaml", n, "x") for n in range(100, 0, -1))  # arriving in any order
    log.append(Problem("data/a.yaml", 7, "y"))
    assert log.total == len(log) == 101
    assert [str(p) for p in log.listed()] == ["data/a.yaml:7: y", "data/b.yaml:1: x", "data/b.yaml:2: x", "data/b.yaml:3: x",
                                              "data/b.yaml:3: and 97 more problems in this file (only the first 3 are listed)"]


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as fh:
        fh.truncate(6 * 1024**3)  # sparse: 6 GB by stat, nothing written
    monkeypatch.setattr(yamlio, "parse_yaml", lambda *a: pytest.fail("a file over the limit was parsed"))
    doc, problems = read_yaml(path, "data/big.yaml")
    assert doc is None and problems[0].message.startswith(f"file is {6 * 1024**3:,} bytes, over the")
