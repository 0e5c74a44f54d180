"""Photo captions by structure: the credit forms of the common outlets, CRLF texts, the manifest's `captions:`
for what detection misses, and sentences that keep a caption's credit with it."""

from __future__ import annotations

import hashlib

import pytest

from dashboard.authoring import candidates as C
from dashboard.dataset.loader import DataError
from dashboard.dataset.rules.text import captions

CAPTIONS = [
    "Smoke rises over Ej Jarmaq on October 30, 2025. (Rabih DAHER / AFP)",
    "Hamas operatives search for bodies in Gaza City, November 5, 2025. (AP Photo/Jehad Alshrafi)",
    "Palestinians wait at a hospital in Khan Younis, 5 November 2025. Photograph: Mohammed Saber/EPA",
    "A family returns north on Friday. Photo: Reuters",
    "Coffins are carried in Nabatieh. Credit: Israel Defense Forces",
    "A bulldozer clears rubble in Rafah. Image: handout",
    "Aid trucks queue at Kerem Shalom, 12 November 2025. Omar al-Qattaa/AFP via Getty Images",
    "Displaced people walk along the coast road, 10 October 2025. Dawoud Abu Alkas/Reuters",
]
BODY = [
    "Israeli strikes killed 3 people, the Hamas-run health ministry said.",
    "The talks were mediated by Egypt (and Qatar).",  # a parenthesis, but no blank line and no credit word
    "Officials said the photo was taken on Monday.",
]


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
@pytest.mark.parametrize("caption", CAPTIONS)
def test_each_credit_form_makes_a_caption_in_lf_and_crlf_texts(caption, eol):
    text = eol.join(["A headline", BODY[0], caption, BODY[1], ""])
    ((a, b),) = captions(text)
    assert text[a:b] == caption  # the whole paragraph, without its CR


@pytest.mark.parametrize("line", BODY)
def test_body_paragraphs_are_not_captions(line):
    assert captions("A headline\n" + line + "\nMore text.\n") == []


def test_a_bare_parenthesis_counts_only_after_a_blank_line():
    para = "Troops of the Nahal Brigade operate in Gaza, November 1, 2025. (Israel Defense Forces)"
    assert captions("Body text.\n" + para + "\n") == []
    assert captions("Body text.\r\n\r\n" + para + "\r\n") != []


def test_a_caption_is_one_sentence_with_its_credit():
    text = "Body. More body.\n\n" + CAPTIONS[1] + "\n" + CAPTIONS[2] + "\n"
    spans = [text[a:b] for a, b in C.all_sentences(text)]
    assert CAPTIONS[1] in spans and CAPTIONS[2] in spans and "(AP Photo/Jehad Alshrafi)" not in spans


TEXT = """Strikes and a caption the detector does not know

Israeli strikes killed 3 people in Khan Younis on Monday, health officials said.

Relatives wait outside Nasser hospital in Khan Younis on Monday. Picture taken by a staff photographer
"""
CAPTION = "Relatives wait outside Nasser hospital in Khan Younis on Monday. Picture taken by a staff photographer"
SOURCE = """\
  - id: delta
    file: seeds/delta.txt
    sha256: {sha}
    title: "Report: a caption in an unknown style"
    outlet: null
    outlet_evidence: No masthead in the text.
    kind: news_report
    published: {{date: "2025-11-18", precision: day, rule: inferred, note: Test text.}}
{captions}"""
EVENT = """\
events:
  - id: delta-relatives-wait
    when: {date: "2025-11-17", precision: day, text: "Monday", rule: weekday_past}
    status: occurred
    theatre: gaza
    event_type: other
    summary: Relatives wait outside a hospital in Khan Younis.
    citations:
      - source: delta
        quote: "Relatives wait outside Nasser hospital in Khan Younis on Monday."
        passage: photo_caption
"""


def _with_delta(mini, captions_yaml: str) -> None:
    (mini.seeds / "delta.txt").write_bytes(TEXT.encode("utf-8"))
    sha = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
    mini.write("sources.yaml", mini.text("sources.yaml") + SOURCE.format(sha=sha, captions=captions_yaml))
    mini.write("articles/delta.yaml", EVENT)


def _problems(mini) -> list[str]:
    with pytest.raises(DataError) as exc:
        mini.load()
    return [str(p) for p in exc.value.problems]


def test_a_missed_caption_gets_an_error_naming_both_options(mini):
    _with_delta(mini, "")
    (problem,) = [p for p in _problems(mini) if "delta-relatives-wait" in p]
    assert "`captions:` of the source in data/sources.yaml" in problem and "use `passage: body`" in problem


def test_the_manifest_marks_a_caption_explicitly(mini):
    _with_delta(mini, f'    captions:\n      - "{CAPTION}"\n')
    ds = mini.load()
    assert ds.by_id("events")["delta-relatives-wait"].citations[0].passage.value == "photo_caption"


def test_a_marked_caption_must_be_verbatim(mini):
    _with_delta(mini, '    captions:\n      - "Relatives wait outside the hospital in Khan Younis"\n')
    line = mini.line("sources.yaml", "Relatives wait outside the hospital")
    assert any(p.startswith(f"data/sources.yaml:{line}: source 'delta': caption not found verbatim") for p in _problems(mini))
