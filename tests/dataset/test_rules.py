"""The validation-rule registry: every rule is named, documented and runs; other modules can register
rules; and the provenance rules that need their own article (captions, repeated furniture) have a
good and a bad case here."""

from __future__ import annotations

import hashlib
import re
import time

import pytest

from dashboard import cli
from dashboard.dataset import rules
from dashboard.dataset.rules import registry
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import DataError
from dashboard.dataset.rules.registry import RULE_ID, catalogue, markdown_table, register, rule
from dashboard.dataset.rules.text import HINT_QUOTE_CHARS, captions, closest_passage, occurrences

A = "articles/alpha.yaml"

GAMMA = """Strikes near the yellow line

Israeli troops fired on people approaching the yellow line, the army said.
Subscribe to our newsletter for 2 free updates a day.

Palestinians inspect a destroyed house in Khan Younis, November 18, 2025. (AP Photo/A. Photographer)
The army said the troops acted to remove a threat.
Subscribe to our newsletter for 2 free updates a day.
"""

GAMMA_SOURCE = """\
  - id: gamma
    file: seeds/gamma.txt
    sha256: {sha}
    title: "Report: strikes near the yellow line"
    outlet: null
    outlet_evidence: No masthead in the text.
    kind: news_report
    published: {{date: "2025-11-19", precision: day, rule: inferred, note: Reports the strikes of that week.}}
    excluded:
      - quote: "Subscribe to our newsletter for 2 free updates a day."
        reason: newsletter sign-up (page furniture)
"""

GAMMA_EVENT = """\
events:
  - id: gamma-strikes
    when: {{date: "2025-11-18", precision: day, rule: inferred, note: The caption's date.}}
    status: occurred
    theatre: gaza
    event_type: airstrike
    summary: Israeli troops fire on people approaching the yellow line, the army says.
    citations:
      - source: gamma
        quote: "{quote}"
{extra}"""


def with_gamma(m, quote: str, extra: str = "") -> None:
    (m.seeds / "gamma.txt").write_bytes(GAMMA.encode("utf-8"))
    sha = hashlib.sha256(GAMMA.encode("utf-8")).hexdigest()
    m.write("sources.yaml", m.text("sources.yaml") + GAMMA_SOURCE.format(sha=sha))
    m.write("articles/gamma.yaml", GAMMA_EVENT.format(quote=quote, extra=extra))


def problems_of(m) -> list[str]:
    with pytest.raises(DataError) as exc:
        m.load()
    return [str(p) for p in exc.value.problems]


# --------------------------------------------------------------------------- the registry


def test_every_rule_is_named_described_and_scoped():
    ids = [r.id for r in registry.all_rules()]
    assert len(ids) == len(set(ids)) >= 25
    for r in registry.all_rules():
        assert RULE_ID.fullmatch(r.id), r.id
        assert r.description and "\n" not in r.description and r.reads, r.id
        assert callable(r.check)


def test_record_rules_run_before_dataset_rules():
    kinds = [bool(r.kinds) for r in registry.all_rules()]
    assert kinds == sorted(kinds, reverse=True)


def test_register_refuses_a_duplicate_or_malformed_id():
    with pytest.raises(ValueError, match="registered twice"):
        register(lambda ds, report: None, "R-CITE-VERBATIM", "again", ("citations.quote",))
    with pytest.raises(ValueError, match="R-AREA-WHAT"):
        register(lambda ds, report: None, "cite verbatim", "lowercase", ("citations.quote",))
    with pytest.raises(ValueError, match="one-line"):
        register(lambda ds, report: None, "R-TEST-TWO-LINES", "one\ntwo", ("x",))


@pytest.fixture
def scratch_registry(monkeypatch):
    """The registry as it is, restored after the test (so test rules never leak into others)."""
    monkeypatch.setattr(registry, "RULES", list(registry.RULES))
    monkeypatch.setattr(registry, "EXTERNAL_CHECKS", [])
    monkeypatch.setattr(registry, "_loaded", False)
    return registry


def test_a_dataset_rule_registered_with_the_decorator_reports_at_the_field_line(mini, scratch_registry):
    @rule("R-TEST-NO-CAIRO", "no event is located in Cairo (a test rule)", reads=("events.location",))
    def check_no_cairo(ds, report):
        for ev in ds.events:
            if ev.location == "Cairo":
                report("events", ev.id, "location: Cairo is not allowed here", ("location",))

    assert check_no_cairo.__name__ == "check_no_cairo"  # the decorator returns the function unchanged
    assert f"data/{A}:{mini.line(A, 'location: Cairo')}: event 'cairo-talks': location: Cairo is not allowed here" in problems_of(mini)
    mini.edit(A, "location: Cairo", "location: Giza")
    mini.load()  # the good case: nothing to report


def test_a_check_registered_by_one_list_entry(mini, scratch_registry, monkeypatch):
    import sys
    import types

    module = types.ModuleType("scratch_checks")

    def check_summaries(ds, report):  # the signature other modules use: check_xxx(ds, report)
        for ev in ds.events:
            if "Cairo" in ev.summary:
                report("events", ev.id, "summary: names Cairo", ("summary",))

    module.check_summaries = check_summaries
    monkeypatch.setitem(sys.modules, "scratch_checks", module)
    scratch_registry.EXTERNAL_CHECKS.append(("R-TEST-SUMMARY", "a test check", ("events.summary",), "scratch_checks:check_summaries"))
    assert "R-TEST-SUMMARY" in [r["id"] for r in catalogue()]
    assert any("event 'cairo-talks': summary: names Cairo" in p for p in problems_of(mini))


def test_a_record_rule_gets_the_record_and_a_bound_report(mini, scratch_registry):
    @rule("R-TEST-SHORT-SUMMARY", "a test record rule", reads=("comparisons.summary",), kinds=("comparisons",))
    def short_summary(cmp, report):
        if len(cmp.summary) < 100:
            report(f"summary: {len(cmp.summary)} characters", ("summary",))

    line = mini.line(A, "summary: Israeli strikes on Hezbollah")
    assert f"data/{A}:{line}: comparison 'lebanon-enforcement': summary: 66 characters" in problems_of(mini)


def test_rules_cli_lists_every_rule(capsys):
    assert cli.main(["rules"]) == 0
    out = capsys.readouterr().out
    for r in registry.all_rules():
        assert re.search(rf"^{re.escape(r.id)} +{re.escape(r.description)}$", out, re.M), r.id
    assert out.rstrip().endswith(f"{len(registry.all_rules())} rules")


def test_coding_guide_lists_the_rules_as_the_registry_does():
    guide = (ROOT / "docs" / "CODING.md").read_text(encoding="utf-8")
    assert markdown_table() in guide, ("docs/CODING.md is out of date: replace the table under 'Validation rules' "
                                       "with the output of `python -m dashboard rules --markdown`")


# --------------------------------------------------------------------------- provenance rules on an article with a caption


def test_caption_structure_of_the_seeds():
    assert captions(GAMMA) == [(GAMMA.index("Palestinians"), GAMMA.index("(AP Photo/A. Photographer)") + 26)]
    seed = (ROOT / "seeds" / "000_ce416ff1c9993087.txt").read_text(encoding="utf-8")
    assert len(captions(seed)) == 8  # the eight photo captions of article 000, each ending in its credit


def test_caption_quote_marked_as_caption_loads(mini):
    with_gamma(mini, "Palestinians inspect a destroyed house in Khan Younis", "        passage: photo_caption\n")
    cit = mini.load().by_id("events")["gamma-strikes"].citations[0]
    assert GAMMA[cit.start:cit.end].startswith("Palestinians inspect")


def test_caption_quote_marked_as_body_is_refused(mini):
    with_gamma(mini, "Palestinians inspect a destroyed house in Khan Younis")
    line = mini.line("articles/gamma.yaml", "quote:")
    assert (f"data/articles/gamma.yaml:{line}: event 'gamma-strikes': citation 1: the quote is in a photo caption; "
            "add `passage: photo_caption`") in problems_of(mini)


def test_body_quote_marked_as_caption_is_refused(mini):
    with_gamma(mini, "Israeli troops fired on people approaching the yellow line", "        passage: photo_caption\n")
    line = mini.line("articles/gamma.yaml", "passage:")
    assert any(p.startswith(f"data/articles/gamma.yaml:{line}: event 'gamma-strikes': citation 1: `passage: photo_caption`, "
                            "but the quote is not inside a photo caption") for p in problems_of(mini))


def test_every_occurrence_of_an_excluded_passage_is_excluded(mini):
    with_gamma(mini, "Subscribe to our newsletter for 2 free updates a day.", "        occurrence: 2\n")
    line = mini.line("articles/gamma.yaml", "quote:")
    assert (f"data/articles/gamma.yaml:{line}: event 'gamma-strikes': citation 1: quotes an excluded passage "
            "(page furniture or reader comment), which is not reporting") in problems_of(mini)


def test_a_quote_beside_repeated_furniture_loads(mini):
    with_gamma(mini, "The army said the troops acted to remove a threat.")
    ds = mini.load()
    (x,) = ds.by_id("sources")["gamma"].excluded
    assert (x.start, x.end) == (GAMMA.index("Subscribe"), GAMMA.index("Subscribe") + len(x.quote))  # the first, as before


# --------------------------------------------------------------------------- the closest-passage hint is bounded


def test_occurrences_include_overlapping_ones():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("abc", "x") == []


def test_closest_passage_still_finds_the_sentence():
    text = (ROOT / "seeds" / "000_ce416ff1c9993087.txt").read_text(encoding="utf-8")
    misquote = "Hamas has stretched the handover of slain hostages across four weeks since the ceasefire"
    assert closest_passage(misquote, text).startswith("Hamas has stretched out the handover process of slain hostages")


LONG = ("If the terror group manages to retain its weapons and its control over who runs Gaza, Israel’s ostensible "
        "victory will dissipate, and Hamas will have won the war on its own terms, analysts in the region have warned.")
SHORT = "But the terror group is doing everything it can to avoid giving up its weapons."


@pytest.mark.parametrize("misquote", [
    "If the terror organization manages to retain its weapons and its",  # a clause of the long sentence, one word off
    "If the terror group tries to keep its weapons and its control over who runs Gaza",  # one phrase changed
    "its control over who runs Gaza, Israel’s apparent victory will dissipate",
])
def test_closest_passage_prefers_the_sentence_the_clause_came_from(misquote):
    """A one-phrase misquote of a clause of a long sentence: the hint is that sentence, not a short one that shares
    a few words (a similarity ratio divided by the long sentence's length and chose the short one)."""
    text = f"{SHORT} Talks resumed in Cairo.\n{LONG}\nThe group denies it. {SHORT.replace('But', 'And')}"
    assert closest_passage(misquote, text).startswith(LONG[:60])


def test_closest_passage_generated_misquotes():
    """Sentences built from one vocabulary (so every sentence shares words with every other); in each, one phrase
    of one to three words is replaced: the hint is always the sentence it came from."""
    import random

    rng = random.Random(7)
    vocab = ("the ceasefire talks group hostages bodies army strikes said officials Gaza Lebanon deal phase "
             "release weapons control line yellow week border crossing aid trucks").split()
    sents = [" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 40))).capitalize() + "." for _ in range(30)]
    text = " ".join(sents)
    for s in sents:
        words = s.rstrip(".").split()
        i, n = rng.randrange(len(words) - 3), rng.randint(1, 3)
        clause = words[max(0, i - 6):i] + ["quite", "other", "words"][:n] + words[i + n:i + n + 6]
        misquote = " ".join(clause)
        if misquote in text:
            continue
        assert closest_passage(misquote, text).rstrip("…") == s[:len(closest_passage(misquote, text).rstrip("…"))], misquote


def test_closest_passage_cost_does_not_grow_with_the_misquote():
    text = (ROOT / "seeds" / "000_ce416ff1c9993087.txt").read_text(encoding="utf-8")
    words = text.split()
    short = " ".join(words[i * 7 % len(words)] for i in range(200))[:1024]
    long = " ".join(words[i * 7 % len(words)] for i in range(3000))[:10 * 1024]
    timings = []
    for quote in (short, long):
        t = time.perf_counter()
        closest_passage(quote, text)
        timings.append(time.perf_counter() - t)
    assert len(long) > 8 * HINT_QUOTE_CHARS
    assert timings[1] < 1.0, timings  # was ~11 s for a 10 KB misquote before the bound (about 1 s per KB)
