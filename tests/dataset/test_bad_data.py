"""Bad data: each defect injected into a small valid dataset is reported with its file, its line and a
helpful message, the CLI exits 1 listing it, and nothing is half-loaded.

Every case edits the `mini` dataset (tests/conftest.py) and returns what must be reported; expected
line numbers are read from the edited text, never hard-coded.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass

import pytest

from dashboard import cli
from dashboard.dataset import yamlio
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import DataError
from dashboard.dataset.yamlio import MAX_FILE_BYTES, MAX_NODES

A = "articles/alpha.yaml"  # the mini dataset's article file


@dataclass
class Expect:
    file: str  # as reported: data/...
    line: int | None
    parts: list[str]  # substrings the message must contain


CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


# --------------------------------------------------------------------------- YAML-level defects


@case
def yaml_syntax_error(m):
    line = m.edit("phases.yaml", "Ceasefire in Gaza from", "Ceasefire in Gaza: from")
    column = m.text("phases.yaml").splitlines()[line - 1].index("Gaza:") + len("Gaza") + 1
    return Expect("data/phases.yaml", line, [f"YAML syntax error (column {column}): mapping values are not allowed here",
                                             "a value containing ': ' must be quoted"])


@case
def tab_indentation(m):
    line = m.edit("actors.yaml", "    name: Unnamed US official", "\tname: Unnamed US official")
    return Expect("data/actors.yaml", line, ["tab character in indentation; YAML indents with spaces"])


@case
def duplicate_key(m):
    first = m.edit(A, "    location: Cairo\n", "    location: Cairo\n    location: Giza\n")
    return Expect(f"data/{A}", first + 1, [f"duplicate key 'location' (first at line {first})"])


@case
def non_utf8_file(m):
    text = m.text("actors.yaml")
    line = m.line("actors.yaml", "Unnamed US official")
    m.path("actors.yaml").write_bytes(text.replace("Unnamed US official", "Unnamed US officiél").encode("latin-1"))
    return Expect("data/actors.yaml", line, ["not valid UTF-8 (byte 0xe9 at offset", "save the file as UTF-8"])


@case
def byte_order_mark(m):
    m.path("phases.yaml").write_bytes(b"\xef\xbb\xbf" + m.path("phases.yaml").read_bytes())
    return Expect("data/phases.yaml", 1, ["file starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM"])


@case
def alias_bomb(m):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    m.write("articles/bomb.yaml", "\n".join(lines) + "\n")
    # 9**7 strings under g (line 7) already pass MAX_NODES: refused there, before anything is expanded
    return Expect("data/articles/bomb.yaml", 7, [f"expand the document to more than {MAX_NODES:,} nodes (alias bomb?); refused"])


@case
def recursive_alias(m):
    m.write("articles/loop.yaml", "events: &e\n  - *e\n")
    return Expect("data/articles/loop.yaml", 1, ["recursive alias: the node anchored here contains itself; refused"])


@case
def file_too_large(m):
    m.path("articles/huge.yaml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    return Expect("data/articles/huge.yaml", None, [f"file is {MAX_FILE_BYTES + 1:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit"])


@case
def python_tag(m):
    line = m.edit(A, 'summary: Talks on the ceasefire', 'summary: !!python/object/apply:os.system ["true"]\n    x: Talks on the ceasefire')
    return Expect(f"data/{A}", line, ["YAML tag '!!python/object/apply:os.system' is not allowed in data files"])


@case
def top_level_not_a_mapping(m):
    m.write("articles/list.yaml", "- id: a\n- id: b\n")
    return Expect("data/articles/list.yaml", 1, ["top level must be a mapping with keys sources, actors, phases, events"])


@case
def unknown_top_level_key(m):
    line = m.edit(A, "\nfigures:\n", "\nfigure:\n") + 1
    return Expect(f"data/{A}", line, ["unknown top-level key 'figure'; did you mean 'figures'?"])


@case
def section_not_a_list(m):
    text = m.text(A)
    m.write(A, text[:text.index("comparisons:")] + "comparisons:\n  id: lebanon-enforcement\n")
    line = m.line(A, "comparisons:")
    return Expect(f"data/{A}", line, ["'comparisons' must be a list"])


# --------------------------------------------------------------------------- codebook (schema) defects


@case
def unknown_field(m):
    line = m.edit(A, "    location: Khan Younis", "    locaton: Khan Younis")
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': locaton: unknown field 'locaton'; did you mean 'location'?"])


@case
def wrong_type(m):
    line = m.edit(A, "    fatalities: 12", "    fatalities: twelve")
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': fatalities: Input should be a valid integer", "(got 'twelve')"])


@case
def wrong_type_long_input(m):
    line = m.edit(A, "    key: true", "    key: " + "very " * 30 + "important")
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': key: Input should be a valid boolean", "(got 'very very very", "…)"])


@case
def missing_required_field(m):
    m.edit(A, "    status: occurred\n", "", occurrence=2)
    return Expect(f"data/{A}", m.line(A, "- id: cairo-talks"),
                  ["event 'cairo-talks': status: required field missing (one of: occurred, announced, expected, scheduled, alleged)"])


@case
def missing_nested_field(m):
    m.edit(A, "      precision: day\n", "")
    return Expect(f"data/{A}", m.line(A, "    when:"), ["event 'strikes-khan-younis': when.precision: required field missing"])


@case
def invalid_id(m):
    line = m.edit(A, "- id: cairo-talks", "- id: Cairo Talks")
    return Expect(f"data/{A}", line, ["id: 'Cairo Talks' is not a valid id: use lowercase letters, digits and single hyphens (e.g. 'cairo-talks')"])


@case
def unknown_vocabulary_term(m):
    line = m.edit(A, "event_type: airstrike", "event_type: air_strike")
    return Expect(f"data/{A}", line, ["event_type: unknown term 'air_strike'; did you mean 'airstrike'"])


@case
def unknown_vocabulary_term_no_close_match(m):
    line = m.edit(A, "    theatre: lebanon", "    theatre: syria")
    return Expect(f"data/{A}", line, ["comparison 'lebanon-enforcement': theatre: unknown term 'syria'; allowed: gaza, lebanon"])


@case
def empty_quote(m):
    line = m.edit(A, '"Israel controls 53% of the territory, a U.S. official said."', '""')
    return Expect(f"data/{A}", line, ["figure 'israel-control-share': citations.0.quote: empty quote; copy the passage verbatim from the article"])


@case
def blank_quote(m):
    line = m.edit(A, '"Israel controls 53% of the territory, a U.S. official said."', '"   "')
    return Expect(f"data/{A}", line, ["figure 'israel-control-share': citation 1: empty quote (only whitespace)"])


@case
def empty_citation_list(m):
    old = '    citations:\n      - source: beta\n        quote: "Hezbollah'
    line = m.edit(A, old, '    citations: []\n    x: "Hezbollah')
    m.edit(A, '    x: "Hezbollah has been struck repeatedly since the Lebanon ceasefire of November 2024."\n', "")
    return Expect(f"data/{A}", line, ["comparison 'lebanon-enforcement': citations: empty citation list; cite at least one verbatim quote"])


@case
def figure_without_citation(m):
    m.edit(A, '    citations:\n      - source: alpha\n        quote: "Israel controls 53% of the territory, a U.S. official said."\n', "")
    return Expect(f"data/{A}", m.line(A, "- id: israel-control-share"),
                  ["figure 'israel-control-share': a reported figure needs at least one citation (or `derived` for a computed one)"])


@case
def computed_span_written_by_hand(m):
    old = '        quote: "On Monday, Israeli strikes killed 12 people in Khan Younis"\n'
    line = m.edit(A, old, old + "        start: 45\n") + 1
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': citations.start: spans are computed by the loader; remove it"])


@case
def vague_word_with_a_number(m):
    m.edit(A, "    low: 20\n    high: 21\n", "    value: 300\n    qualifier: hundreds\n")
    return Expect(f"data/{A}", m.line(A, "- id: bodies-remaining"),
                  ["figure 'bodies-remaining': qualifier 'hundreds' is a word, not a number: set only `low: 200`"])


@case
def negative_fatalities(m):
    line = m.edit(A, "    fatalities: 12", "    fatalities: -12")
    return Expect(f"data/{A}", line, ["fatalities: Input should be greater than or equal to 0 (got -12)"])


# --------------------------------------------------------------------------- dataset-level defects


@case
def duplicate_id(m):
    m.write(A, m.text(A) + "actors:\n  - {id: hamas, name: Hamas movement, kind: political_movement}\n")
    first = m.line("actors.yaml", "id: hamas")
    return Expect(f"data/{A}", m.line(A, "{id: hamas"),
                  [f"duplicate actor id 'hamas' (first at data/actors.yaml:{first}); ids are unique across all files"])


@case
def dangling_source(m):
    line = m.edit(A, "      - source: beta\n        quote: \"Talks", "      - source: betta\n        quote: \"Talks")
    return Expect(f"data/{A}", line, ["event 'cairo-talks': citation 2: unknown source 'betta'; did you mean 'beta'?"])


@case
def dangling_actor(m):
    line = m.edit(A, "    actors: [idf, hamas]", "    actors: [idf, hammas]")
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': actors: unknown actor 'hammas'; did you mean 'hamas'?"])


@case
def dangling_event(m):
    line = m.edit(A, "    event: strikes-khan-younis", "    event: strikes-khan-yunis")
    return Expect(f"data/{A}", line, ["figure 'killed-khan-younis': event: unknown event 'strikes-khan-yunis'; did you mean 'strikes-khan-younis'?"])


@case
def dangling_phase(m):
    line = m.edit(A, "    phase: gaza-ceasefire", "    phase: gaza-ceasfire")
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': phase: unknown phase 'gaza-ceasfire'; did you mean 'gaza-ceasefire'?"])


@case
def dangling_claimant(m):
    line = m.edit(A, "    claimant: us-official", "    claimant: us-oficial")
    return Expect(f"data/{A}", line, ["figure 'israel-control-share': claimant: unknown actor 'us-oficial'; did you mean 'us-official'?"])


@case
def dangling_part_of(m):
    line = m.edit("actors.yaml", "part_of: israel", "part_of: isreal")
    return Expect("data/actors.yaml", line, ["actor 'idf': part_of: unknown actor 'isreal'; did you mean 'israel'?"])


@case
def dangling_derived_from(m):
    line = m.edit(A, "from_figures: [israel-control-share]", "from_figures: [israel-share]")
    return Expect(f"data/{A}", line, ["figure 'rest-control-share': derived.from_figures: unknown figure 'israel-share'; did you mean 'israel-control-share'?"])


@case
def derived_value_wrong(m):
    line = m.edit(A, "    value: 47", "    value: 48")
    return Expect(f"data/{A}", line, ["figure 'rest-control-share': derived value should be 47 by complement_of_share, not 48.0"])


@case
def quote_not_verbatim(m):
    line = m.edit(A, "Israel controls 53% of the territory,", "Israel controls 53 percent of the territory,")
    return Expect(f"data/{A}", line, ["figure 'israel-control-share': citation 1: quote not found verbatim in source 'alpha'",
                                      'closest passage: "Israel controls 53% of the territory, a U.S. official said."'])


@case
def quote_with_straight_quotes_and_dash(m):
    line = m.edit(A, '"Residents said “we are tired, so tired” — and the shelling went on."',
                  "'Residents said \"we are tired, so tired\" - and the shelling went on.'")
    return Expect(f"data/{A}", line, ["event 'residents-tired': citation 1: quote not found verbatim in source 'alpha' "
                                      "(it matches once curly quotes and dashes are normalized: copy the exact characters)"])


@case
def quote_in_a_different_source(m):
    line = m.edit(A, "      - source: beta\n        quote: \"Talks", "      - source: alpha\n        quote: \"Talks")
    return Expect(f"data/{A}", line,  # the line of the `source:` to correct
                  ["event 'cairo-talks': citation 2: quote not in source 'alpha' but found verbatim in source 'beta': correct the `source`"])


@case
def occurrence_that_does_not_exist(m):
    m.edit(A, "        occurrence: 2", "        occurrence: 3")
    return Expect(f"data/{A}", m.line(A, 'quote: "the Hamas-run health ministry said"'),
                  ["figure 'wounded-khan-younis': citation 2: quote occurs 2 time(s); occurrence 3 does not exist"])


@case
def quote_from_excluded_passage(m):
    line = m.edit(A, '"Between 20 and 21 hostages\' bodies remain"', '"Subscribe to our newsletter for 2 free updates a day."')
    return Expect(f"data/{A}", line, ["figure 'bodies-remaining': citation 1: quotes an excluded passage (page furniture or reader comment)"])


@case
def excluded_passage_not_verbatim(m):
    line = m.edit("sources.yaml", "newsletter for 2 free", "newsletter for two free")
    return Expect("data/sources.yaml", line, ["source 'alpha': excluded passage not found verbatim",
                                              'closest passage: "Subscribe to our newsletter for 2 free updates a day."'])


@case
def impossible_date(m):
    line = m.edit(A, 'date: "2025-11-17"', 'date: "2025-02-30"')
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': when: date '2025-02-30' is not a real date (day is out of range for month)"])


@case
def date_more_precise_than_precision(m):
    m.edit("phases.yaml", "      precision: day", "      precision: month")
    return Expect("data/phases.yaml", m.line("phases.yaml", 'date: "2025-10-10"'),
                  ["phase 'gaza-ceasefire': start: date '2025-10-10' is more precise than its precision 'month': write it as YYYY-MM"])


@case
def date_after_publication_not_forward_looking(m):
    line = m.edit(A, 'date: "2025-11-19"\n      precision: day\n      text: "on Wednesday, November 19, 2025"',
                  'date: "2025-11-26"\n      precision: day\n      text: "on Wednesday, November 26, 2025"')
    return Expect(f"data/{A}", line, ["event 'cairo-talks': when: 2025-11-26 is after its source's publication (2025-11-19) "
                                      "but has status 'occurred'; use status expected or scheduled"])


@case
def relative_date_resolved_wrongly(m):
    m.edit(A, 'date: "2025-11-17"', 'date: "2025-11-10"')
    return Expect(f"data/{A}", m.line(A, "    when:"),
                  ["event 'strikes-khan-younis': when: rule 'weekday_past': 2025-11-10 is not the latest Monday on or "
                   "before publication (2025-11-19): expected 2025-11-17"])


@case
def stated_date_contradicts_text(m):
    m.edit("phases.yaml", 'date: "2025-10-10"', 'date: "2024-10-10"')
    return Expect("data/phases.yaml", m.line("phases.yaml", "    start:"),
                  ["phase 'gaza-ceasefire': start: rule 'stated': 'on Oct. 10, 2025' names the year 2025, not 2024"])


@case
def inferred_date_without_note(m):
    m.edit(A, "      note: Undated; reported in the article of 19 November.\n", "")
    return Expect(f"data/{A}", m.line(A, "    when:", occurrence=3), ["event 'residents-tired': when: rule 'inferred': give the reasoning in `note`"])


@case
def publication_inferred_without_note(m):
    m.edit("sources.yaml", "      note: Written in the same week as the Cairo talks.\n", "")
    return Expect("data/sources.yaml", m.line("sources.yaml", "    published:", occurrence=2),
                  ["source 'beta': published: rule 'inferred': give the reasoning in `note`"])


@case
def end_before_start(m):
    line = m.edit("phases.yaml", "    end: null", '    end: {date: "2025-10-01", precision: day, rule: inferred, note: Ended early.}')
    return Expect("data/phases.yaml", line, ["phase 'gaza-ceasefire': end 2025-10-01 is before start 2025-10-10"])


@case
def until_before_when(m):
    line = m.edit(A, "    status: occurred\n    theatre: egypt",
                  '    until: {date: "2025-11-18", precision: day, rule: inferred, note: Talks ended.}\n    status: occurred\n    theatre: egypt')
    return Expect(f"data/{A}", line, ["event 'cairo-talks': until 2025-11-18 is before when 2025-11-19"])


@case
def low_greater_than_high(m):
    line = m.edit(A, "    low: 20", "    low: 22")
    return Expect(f"data/{A}", line, ["figure 'bodies-remaining': low 22 is greater than high 21; write the smaller number as `low`"])


@case
def share_outside_0_100(m):
    line = m.edit(A, "    value: 53", "    value: 153")
    return Expect(f"data/{A}", line, ["figure 'israel-control-share': value: 153 percent is outside 0-100"])


@case
def negative_count(m):
    line = m.edit(A, "    value: 3\n", "    value: -3\n")
    return Expect(f"data/{A}", line, ["figure 'wounded-khan-younis': value: -3 is negative; a count of people cannot be negative"])


# --------------------------------------------------------------------------- seed defects


@case
def seed_file_missing(m):
    (m.seeds / "beta.txt").unlink()
    return Expect("data/sources.yaml", m.line("sources.yaml", "file: seeds/beta.txt"),
                  ["source 'beta': seed file 'seeds/beta.txt' is missing", "copy the article there byte for byte"])


@case
def seed_text_changed(m):
    seed = m.seeds / "alpha.txt"
    seed.write_bytes(seed.read_bytes().replace(b"killed 12 people", b"killed 13 people"))
    return Expect("data/sources.yaml", m.line("sources.yaml", "sha256:"),
                  ["source 'alpha': seed 'seeds/alpha.txt' changed: sha256 is", "the article text must not be edited"])


@case
def seed_not_utf8(m):
    raw = "Talks resumed in Cairo this week.\nCaf\xe9\n".encode("latin-1")
    (m.seeds / "beta.txt").write_bytes(raw)
    old = m.text("sources.yaml").split("sha256: ")[2].split("\n")[0]
    m.edit("sources.yaml", f"sha256: {old}", f"sha256: {hashlib.sha256(raw).hexdigest()}")
    return Expect("data/sources.yaml", m.line("sources.yaml", "file: seeds/beta.txt"), ["source 'beta': seed 'seeds/beta.txt' is not UTF-8"])


@case
def checksum_malformed(m):
    old = m.text("sources.yaml").split("sha256: ")[1].split("\n")[0]
    line = m.edit("sources.yaml", f"sha256: {old}", f"sha256: {old[:12].upper()}")
    return Expect("data/sources.yaml", line, [f"source 'alpha': sha256: '{old[:12].upper()}' is not a checksum: give the 64 lowercase "
                                              "hex digits printed by `sha256sum seeds/FILE`"])


@case
def seed_path_outside_seeds(m):
    line = m.edit("sources.yaml", "file: seeds/beta.txt", "file: ../beta.txt")
    return Expect("data/sources.yaml", line, ["source 'beta': file: '../beta.txt' is not a seed path: write seeds/NAME.txt"])


@case
def control_character(m):
    line = m.edit(A, "Talks on the ceasefire resume", "Talks on the ceasefire\x07 resume")
    return Expect(f"data/{A}", line, ["control character U+0007 is not allowed in a data file; remove it"])


@case
def deep_nesting(m):
    line = m.edit(A, "    actors: [idf, hamas]", "    actors: " + "[" * 80 + "]" * 80)
    return Expect(f"data/{A}", line, ["document is nested more than 50 levels deep; refused"])


# --------------------------------------------------------------------------- strict scalars, dates, provenance, line numbers (issue 11)


@case
def yaml11_boolean(m):
    line = m.edit(A, "    key: true", "    key: yes")
    return Expect(f"data/{A}", line, ["'yes' is a YAML 1.1 boolean: write true or false, or quote it"])


@case
def yaml11_boolean_in_a_text_field(m):
    line = m.edit(A, "    location: Cairo", "    location: off")
    return Expect(f"data/{A}", line, ["'off' is a YAML 1.1 boolean"])


@case
def sexagesimal_number(m):
    line = m.edit(A, "    value: 3\n", "    value: 1:30\n")
    return Expect(f"data/{A}", line, ["'1:30' would be read as a base-60 number by YAML 1.1"])


@case
def octal_number(m):
    line = m.edit(A, "    fatalities: 12", "    fatalities: 012")
    return Expect(f"data/{A}", line, ["'012' is not a plain decimal number"])


@case
def boolean_for_a_count(m):
    line = m.edit(A, "    fatalities: 12", "    fatalities: true")
    return Expect(f"data/{A}", line, ["event 'strikes-khan-younis': fatalities: Input should be a valid integer", "(got True)"])


@case
def text_for_a_number(m):
    line = m.edit(A, "    value: 3\n", '    value: "3"\n')
    return Expect(f"data/{A}", line, ["figure 'wounded-khan-younis': value: Input should be a valid number", "(got '3')"])


@case
def text_for_a_boolean(m):
    line = m.edit(A, "    key: true", '    key: "true"')
    return Expect(f"data/{A}", line, ["key: Input should be a valid boolean"])


@case
def nan_count(m):
    line = m.edit(A, "    value: 3\n", "    value: .nan\n")
    return Expect(f"data/{A}", line, ["figure 'wounded-khan-younis': value: Input should be a finite number"])


@case
def infinite_count(m):
    line = m.edit(A, "    value: 3\n", "    value: -.inf\n")
    return Expect(f"data/{A}", line, ["value: Input should be a finite number"])


@case
def implausibly_large_count(m):
    line = m.edit(A, "    value: 3\n", "    value: 1000000000000000000000000000000.0\n")
    return Expect(f"data/{A}", line, ["figure 'wounded-khan-younis': value: 1e+30 people is more than the plausible maximum of 10,000,000"])


@case
def implausibly_large_fatalities(m):
    line = m.edit(A, "    fatalities: 12", "    fatalities: " + "1" + "0" * 30)
    return Expect(f"data/{A}", line, ["fatalities: 1,000,000,000,000,000,000,000,000,000,000 is more than the plausible maximum"])


@case
def full_width_digits_in_a_date(m):
    line = m.edit(A, 'date: "2025-11-17"', 'date: "２０２５-11-17"')
    return Expect(f"data/{A}", line, ["when: date '２０２５-11-17' does not match precision 'day': expected YYYY-MM-DD"])


@case
def trailing_newline_in_a_date(m):
    line = m.edit(A, 'date: "2025-11-17"', 'date: "2025-11-17\\n"')
    return Expect(f"data/{A}", line, ["when: date '2025-11-17\\n' does not match precision 'day'"])


@case
def week_at_the_end_of_the_calendar(m):
    m.edit(A, 'date: "2025-11-19"\n      precision: week', 'date: "9999-12-31"\n      precision: week')
    return Expect(f"data/{A}", m.line(A, '9999-12-31'), ["event 'residents-tired': when: date '9999-12-31' is outside the years 1900-2100"])


@case
def line_separator_in_a_value(m):
    line = m.edit(A, "Talks on the ceasefire resume", "Talks on the ceasefire\u2028 resume")
    return Expect(f"data/{A}", line, ["U+2028 LINE SEPARATOR is not allowed in a data file"])


@case
def next_line_character_in_a_value(m):
    line = m.edit(A, "Talks on the ceasefire resume", "Talks on the ceasefire\x85 resume")
    return Expect(f"data/{A}", line, ["U+0085 NEXT LINE is not allowed"])


@case
def bare_carriage_return(m):
    line = m.edit(A, "Talks on the ceasefire resume", "Talks on the ceasefire\r resume")
    return Expect(f"data/{A}", line, ["a bare carriage return (CR without LF) is not allowed"])


@case
def echoed_value_with_a_newline(m):
    line = m.edit(A, "event_type: airstrike", 'event_type: "air\\nstrike"')
    return Expect(f"data/{A}", line, ["event_type: unknown term 'air\\nstrike'"])  # escaped: the message stays one line


@case
def ambiguous_quote(m):
    m.edit(A, "        occurrence: 2\n", "")
    return Expect(f"data/{A}", m.line(A, 'quote: "the Hamas-run health ministry said"'),
                  ["figure 'wounded-khan-younis': citation 2: quote occurs 2 times in source 'alpha' (1) line 3: \"",
                   "2) line 4: \"", "add `occurrence: N`"])


@case
def quote_too_short(m):
    line = m.edit(A, '"Another 3 people were wounded"', '"Another 3"')
    return Expect(f"data/{A}", line, ["figure 'wounded-khan-younis': citation 1: quote \"Another 3\" has only 9 characters; quote at least 12"])


@case
def one_seed_under_two_sources(m):
    text = m.text("sources.yaml")
    alpha = text[text.index("  - id: alpha"):text.index("  - id: beta")]
    m.write("sources.yaml", text + alpha.replace("id: alpha", "id: alpha-copy"))
    return Expect("data/sources.yaml", m.line("sources.yaml", "file: seeds/alpha.txt", 2),
                  ["source 'alpha-copy': seed 'seeds/alpha.txt' is already registered as source 'alpha' (data/sources.yaml:3)"])


@case
def actor_part_of_itself(m):
    line = m.edit("actors.yaml", "part_of: israel", "part_of: idf")
    return Expect("data/actors.yaml", line, ["actor 'idf': part_of: an actor cannot be part of itself"])


@case
def actor_cycle(m):
    m.edit("actors.yaml", "kind: state}", "kind: state, part_of: idf}")
    return Expect("data/actors.yaml", m.line("actors.yaml", "id: israel"), ["actor 'israel': part_of: cycle israel -> idf -> israel"])


@case
def excluded_passage_too_short(m):
    line = m.edit("sources.yaml", '"Subscribe to our newsletter for 2 free updates a day."', '"Subscribe"')
    return Expect("data/sources.yaml", line, ["source 'alpha': excluded passage \"Subscribe\" is shorter than 12 characters"])


@case
def photo_caption_that_is_not_a_caption(m):
    line = m.edit(A, '        quote: "Another 3 people were wounded"\n',
                  '        quote: "Another 3 people were wounded"\n        passage: photo_caption\n') + 1
    return Expect(f"data/{A}", line, ["citation 1: `passage: photo_caption`, but the quote is not inside a photo caption"])


# --------------------------------------------------------------------------- statuses and windows the rules refuse (#24 class 5)


def _with_compliance(m):
    from test_compliance import COMPLIANCE

    m.write("compliance.yaml", COMPLIANCE)


@case
def phase_bounded_by_itself(m):
    line = m.edit("phases.yaml", '      rule: stated\n    end: null', '      rule: stated\n      after: {phase: gaza-ceasefire}\n    end: null')
    return Expect("data/phases.yaml", line + 1, ["phase 'gaza-ceasefire': start.after.phase: a phase cannot be bounded by itself"])


@case
def phase_and_event_bounding_each_other(m):
    m.edit("phases.yaml", '      rule: stated\n    end: null', '      rule: stated\n      before: {event: cairo-talks}\n    end: null')
    line = m.edit(A, '      rule: stated\n    status: occurred\n    theatre: egypt',
                  '      rule: stated\n      after: {phase: gaza-ceasefire}\n    status: occurred\n    theatre: egypt')
    return Expect(f"data/{A}", line + 1, ["event 'cairo-talks': when.after.phase: the start of phase 'gaza-ceasefire' is itself "
                                          "bounded, directly or through other records, by this one (a cycle)"])


@case
def when_and_until_bounds_contradicting(m):
    line = m.edit(A, '      note: Undated; reported in the article of 19 November.\n',
                  '      note: Undated; reported in the article of 19 November.\n      after: "2025-11-20"\n'
                  '    until: {date: "2025-11-19", precision: week, rule: inferred, note: Undated., before: "2025-11-19"}\n')
    return Expect(f"data/{A}", line + 2, ["event 'residents-tired': until: with their bounds, until (19 Nov 2025) ends before "
                                          "when starts (20–25 Nov 2025)"])


@case
def incident_across_two_theatres(m):
    m.edit(A, "    fatalities: 12\n", "    fatalities: 12\n    incident: strikes-khan-younis\n")
    line = m.edit(A, "    location: Cairo\n", "    location: Cairo\n    incident: strikes-khan-younis\n")
    return Expect(f"data/{A}", line + 1, ["event 'cairo-talks': incident: 'strikes-khan-younis' happened in gaza, this event in egypt"])


@case
def derived_overdue_from_a_death_toll(m):
    _with_compliance(m)
    m.edit("compliance.yaml", '    as_of: {date: "2025-11-19", precision: day, rule: inferred, note: The report\'s date.}\n'
                              '    status: overdue\n    claimant: author',
           '    as_of: {date: "2025-11-17", precision: day, text: "On Monday", rule: weekday_past}\n'
           '    status: overdue\n    claimant: health-ministry')
    line = m.edit("compliance.yaml", "      from_figures: [bodies-remaining]\n", "      from_figures: [killed-khan-younis]\n")
    return Expect("data/compliance.yaml", line, ["assessment 'bodies-overdue-derived': derived.from_figures: figure "
                                                 "'killed-khan-younis' counts killed, not hostage_bodies_remaining"])


@case
def derived_status_with_a_citation(m):
    _with_compliance(m)
    formula = "      formula: deadline 13 Oct before the count of 19 Nov, 20 bodies outstanding\n"
    m.edit("compliance.yaml", formula, formula + '    citations:\n      - source: alpha\n'
                                                 '        quote: "Between 20 and 21 hostages\' bodies remain"\n')
    return Expect("data/compliance.yaml", m.line("compliance.yaml", "  - id: bodies-overdue-derived"),
                  ["assessment 'bodies-overdue-derived': a derived assessment has no citations of its own"])


@case
def deadline_before_the_signing(m):
    _with_compliance(m)
    m.edit("compliance.yaml", "    effective:\n", '    signed: {date: "2025-10-10", precision: day, text: "on Oct. 10, 2025", rule: stated}\n'
                                                 "    effective:\n")
    line = m.edit("compliance.yaml", "    summary: No strikes.\n", "    summary: No strikes.\n"
                  '    deadline: {date: "2025-10-01", precision: day, rule: inferred, note: A typo for November.}\n')
    return Expect("data/compliance.yaml", line + 1, ["provision 'no-strikes': deadline: 1 Oct 2025 is before agreement 'truce' "
                                                     "was signed (10 Oct 2025)"])


@case
def not_yet_due_after_the_deadline(m):
    _with_compliance(m)
    m.edit("compliance.yaml", "    provision: no-strikes\n    as_of: {date: \"2025-11-19\"", "    provision: bodies-returned\n    as_of: {date: \"2025-11-19\"")
    line = m.edit("compliance.yaml", "    status: in_progress\n", "    status: not_yet_due\n")
    return Expect("data/compliance.yaml", line, ["assessment 'strikes-us-view': status: 'not_yet_due' as of 19 Nov 2025, after "
                                                 "the deadline of provision 'bodies-returned' (13 Oct 2025)"])


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("name", list(CASES))
def test_defect_reported_at_its_line(mini, name, capsys):
    expect = CASES[name](mini)
    with pytest.raises(DataError) as exc:  # raised instead of returning a partial Dataset
        mini.load()
    problems = exc.value.problems
    hits = [p for p in problems if p.file == expect.file and p.line == expect.line and all(s in p.message for s in expect.parts)]
    assert hits, f"expected {expect} among:\n" + "\n".join(map(str, problems))

    code = cli.main(["--data", str(mini.data), "validate"])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert str(hits[0]) in lines
    assert lines[-1] == f"{len(problems)} problem(s); nothing was loaded."
    assert all(re.match(r"^data/\S+\.ya?ml:\d+: \S", line) for line in lines[:-1]), lines


CLASS_5 = [phase_bounded_by_itself, phase_and_event_bounding_each_other, when_and_until_bounds_contradicting,
           incident_across_two_theatres, derived_overdue_from_a_death_toll, derived_status_with_a_citation,
           deadline_before_the_signing, not_yet_due_after_the_deadline]


@pytest.mark.parametrize("fn", CLASS_5, ids=lambda fn: fn.__name__)
def test_the_app_entry_point_lists_what_validate_lists(mini, fn, capsys, monkeypatch):
    """The app's loader (scale.load_source, behind the problems page) refuses the dataset with validate's lines."""
    pass
    from dashboard.engines import loading

    monkeypatch.setenv("CEASEFIRE_FRAMES_CACHE", "0")
    fn(mini)
    assert cli.main(["--data", str(mini.data), "validate"]) == 1
    printed = capsys.readouterr().err.splitlines()[:-1]
    with pytest.raises(DataError) as exc:
        loading.load_source(mini.data)
    assert [str(p) for p in exc.value.problems] == printed


def test_at_least_25_distinct_defects():
    assert len(CASES) >= 25


def test_fixing_the_status_makes_a_future_date_valid(mini):
    date_after_publication_not_forward_looking(mini)
    mini.edit(A, "    status: occurred\n    theatre: egypt", "    status: scheduled\n    theatre: egypt")
    assert mini.load().by_id("events")["cairo-talks"].when.date == "2025-11-26"


def test_alias_bomb_is_never_expanded(mini, monkeypatch):
    alias_bomb(mini)

    def never(*args, **kwargs):
        raise AssertionError("an alias bomb was expanded")

    monkeypatch.setattr(yamlio, "_convert", never)  # any file that is not refused up front would fail here
    for name in ("sources.yaml", "actors.yaml", "phases.yaml", A):  # leave the bomb alone
        mini.path(name).unlink()
    with pytest.raises(DataError) as exc:
        mini.load()
    assert [p.line for p in exc.value.problems] == [7]


MULTI = [yaml_syntax_error, unknown_field, quote_not_verbatim, negative_count, seed_file_missing, dangling_part_of]


def test_multiple_defects_reported_together(mini, tmp_path, capsys):
    expected = [fn(mini) for fn in MULTI]
    with pytest.raises(DataError) as exc:
        mini.load()
    problems = exc.value.problems
    for e in expected:
        assert any(p.file == e.file and p.line == e.line and all(s in p.message for s in e.parts) for p in problems), e
    assert {p.file for p in problems} == {"data/phases.yaml", "data/articles/alpha.yaml", "data/sources.yaml", "data/actors.yaml"}
    assert problems == sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
    # the syntax error keeps phases.yaml out, and the references to its phase say so
    assert f"data/{A}:{mini.line(A, 'phase: gaza-ceasefire', 2)}: event 'cairo-talks': phase: unknown phase "\
           "'gaza-ceasefire' (it may be defined in data/phases.yaml, which could not be read)" in map(str, problems)

    # nothing half-loaded: an export of bad data writes nothing
    out = tmp_path / "out.json"
    assert cli.main(["--data", str(mini.data), "export", "--format", "json", "--out", str(out)]) == 1
    assert not out.exists()
    assert cli.main(["--data", str(mini.data), "export", "--format", "csv", "--out", str(tmp_path / "csv")]) == 1
    assert not (tmp_path / "csv").exists()
    err = capsys.readouterr().err
    assert f"{len(problems)} problem(s); nothing was loaded." in err


def test_yaml_problems_in_one_file_do_not_hide_record_problems_in_another(mini):
    tab_indentation(mini)
    dangling_phase(mini)
    empty_citation_list(mini)
    with pytest.raises(DataError) as exc:
        mini.load()
    messages = [p.message for p in exc.value.problems]
    assert any("tab character" in m for m in messages)
    assert any("unknown phase 'gaza-ceasfire'" in m for m in messages)
    assert any("empty citation list" in m for m in messages)


def test_reference_to_a_refused_record_points_at_it(mini):
    line = mini.edit("phases.yaml", "    theatre: gaza", "    theatre: gaza-strip")
    with pytest.raises(DataError) as exc:
        mini.load()
    messages = [str(p) for p in exc.value.problems]
    assert f"data/phases.yaml:{line}: phase 'gaza-ceasefire': theatre: unknown term 'gaza-strip'; did you mean 'gaza'?" in messages
    assert (f"data/{A}:{mini.line(A, 'phase: gaza-ceasefire')}: event 'strikes-khan-younis': phase: phase 'gaza-ceasefire' "
            "is not loaded because it has problems of its own (at data/phases.yaml:2)") in messages


def test_cli_subprocess_bad_data_no_traceback(mini):
    quote_not_verbatim(mini)
    dangling_actor(mini)
    proc = subprocess.run([sys.executable, "-m", "dashboard", "--data", str(mini.data), "validate"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert lines[-1] == "2 problem(s); nothing was loaded."
    assert lines[0].startswith(f"data/{A}:{mini.line(A, 'actors: [idf, hammas]')}: event 'strikes-khan-younis': actors: unknown actor 'hammas'")
    assert lines[1].startswith(f"data/{A}:{mini.line(A, 'Israel controls 53 percent')}: figure 'israel-control-share': citation 1: quote not found")
