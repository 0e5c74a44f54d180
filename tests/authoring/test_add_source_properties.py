"""add-source on any text (property tests): whatever the article holds, the skeleton it writes parses and
validates, every candidate quote is a verbatim slice of the text (also after the comment is read back as YAML),
and a quote pasted into a citation is accepted by the loader. A BOM is refused and nothing is written.

Generated texts mix what real articles hold and what broke add-source before: a sentence repeated (pull
quotes, captions echoed in the body), lines starting with YAML syntax (`- `, `# `, `: `, `---`), very long
lines, U+2028 / U+0085 inside sentences, right-to-left text, CRLF line ends, captions in several credit forms.
Example counts are small: the whole file runs in well under a minute.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from minidata import Mini
from dashboard.authoring import add_source as A
from dashboard.authoring import candidates as C
from dashboard.dataset.loader import load_dataset
from dashboard.dataset.rules.text import captions, occurrences
from dashboard.authoring.yamledit import append_record
from dashboard.dataset.yaml_scalars import CONTROL_IN_VALUE

# No shrinking phase: a failing case is printed as generated (shrinking one took over five minutes), and
# the file stays within CI's budget.
FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                phases=[Phase.explicit, Phase.reuse, Phase.generate])

WORDS = ["Israeli", "strikes", "killed", "people", "in", "Khan", "Younis", "the", "ministry", "said", "U.S.", "envoy",
         "talks", "hostages", "bodies", "returned", "ceasefire", "Oct.", "Mr.", "שלום", "غزة", "“quoted”", "back\\slash",
         'a "straight" quote', "colon: here", "hash # mark", "{braces}", "[list]", "&anchor", "*alias", "!tag", "%pct"]
NUMBERS = ["3", "21", "28", "270", "1,200", "53%", "two", "seven", "20-point"]
DATES = ["on Monday", "on Wednesday", "November 3, 2025", "Oct. 10", "last week", "this month", "in 2024"]
SPECIALS = ["\u2028", "\x85", "\u2029", "\u200f", "\u202e", "\t", "\u00a0"]
LINE_STARTS = ["- ", "# ", ": ", "---", "? ", "| ", "> ", "@", "`", "...", "%YAML "]
CREDITS = ["(AP Photo/Abdel Kareem Hana)", "Photograph: Mohammed Saber/EPA", "Photo: Reuters", "(Ozan KOSE / AFP)",
           "Credit: Israel Defense Forces", "Omar al-Qattaa/AFP via Getty Images"]


@st.composite
def sentence(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=9))
    words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(NUMBERS)))
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(DATES)))
    if draw(st.integers(0, 3)) == 0:  # a separator or a direction mark inside the sentence
        words.insert(draw(st.integers(1, len(words))), draw(st.sampled_from(SPECIALS)))
    return " ".join(words).capitalize() + draw(st.sampled_from([".", ".", "!", "?", ".”"]))


@st.composite
def article(draw) -> str:
    pool = draw(st.lists(sentence(), min_size=2, max_size=6))
    paragraphs = []
    for _ in range(draw(st.integers(2, 7))):
        para = " ".join(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3)))  # repeats across paragraphs
        kind = draw(st.integers(0, 5))
        if kind == 0:
            para = draw(st.sampled_from(LINE_STARTS)) + para
        elif kind == 1:
            para = para + " " + draw(st.sampled_from(CREDITS))  # a caption
        elif kind == 2:
            para = " ".join([para] * draw(st.integers(20, 60)))  # a very long line
        paragraphs.append(para)
    sep = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\r\n\r\n"]))
    return sep.join(paragraphs) + draw(st.sampled_from(["", "\n", "\r\n"]))


TITLES = st.one_of(st.none(), st.text(min_size=1, max_size=60).filter(lambda s: "\x00" not in s),
                   st.sampled_from(["Two lines\nof title", "Ends a comment\u2028events: [x]", "CR\rtitle", "# hash: title"]))


@pytest.fixture(scope="module")
def template():
    """A small valid project (minidata.Mini), copied fresh for each example."""
    root = Path(tempfile.mkdtemp(prefix="addsrc-props-"))
    Mini(root / "repo")
    yield root / "repo"
    shutil.rmtree(root, ignore_errors=True)


def _project(template: Path) -> Path:
    work = Path(tempfile.mkdtemp(prefix="addsrc-case-"))
    shutil.copytree(template, work / "repo")
    return work / "repo"


def _commented_quotes(skeleton: str) -> list[tuple[str, int | None]]:
    """(quote, occurrence or None) of each `#     quote: "..."` line of the skeleton, read back by a YAML parser."""
    out = []
    lines = skeleton.split("\n")
    for i, line in enumerate(lines):
        m = re.match(r'#     quote: (".*")$', line)
        if m:
            occ = re.match(r"#     occurrence: (\d+)", lines[i + 1]) if i + 1 < len(lines) else None
            out.append((yaml.safe_load(m.group(1)), int(occ.group(1)) if occ else None))
    return out


@FAST
@given(text=article(), title=TITLES)
def test_skeleton_parses_validates_and_every_quote_is_verbatim(template, text, title):
    repo = _project(template)
    try:
        src = repo.parent / "incoming.txt"
        src.write_bytes(text.encode("utf-8"))
        added = A.add_source(src, "generated-article", repo / "data", "2025-11-05", "day", title=title,
                             kind="news_report", published_text="on Wednesday\u2028(the day)", note="Line one.\nLine two.")
        skeleton = added.article.read_text(encoding="utf-8")
        yaml.safe_load(skeleton)  # parses (add_source has validated the whole dataset too)
        assert skeleton.startswith("# yaml-language-server:") and "\n# Article " in skeleton
        header = skeleton.split("\n")[1]
        assert header.startswith("# Article ") and "\n" not in header and "\u2028" not in header
        ds = load_dataset(repo / "data", root=repo)
        assert ds.texts["generated-article"] == text  # the seed is the text, byte for byte
        typed = None if title is None else " ".join(CONTROL_IN_VALUE.sub("", title).split())
        if typed:  # one line, without the control characters the loader refuses in any value
            assert ds.by_id("sources")["generated-article"].title == typed
        for c in added.candidates:
            found = occurrences(text, c.quote)
            assert c.quote and found, c
            a = found[c.occurrence - 1]
            assert a <= c.start and c.end <= a + len(c.quote), c  # the occurrence named is the one around it
        for quote, occurrence in _commented_quotes(skeleton):  # what the coder copies out of the comment
            n = len(occurrences(text, quote))
            assert n >= 1, quote
            # a repeated sentence always says which occurrence (the loader requires it, even for the first)
            assert (occurrence is not None) == (n > 1) and (occurrence or 1) <= n, (quote, occurrence, n)
        # a quote pasted into a citation as the list gives it is accepted by the loader
        caps = captions(text)
        usable = [c for c in added.candidates if len(c.quote.strip()) >= 12 and c.status == "uncovered"]
        for i, c in enumerate(usable[:2]):
            cit = {"source": "generated-article", "quote": c.quote}
            if c.repeats > 1:
                cit["occurrence"] = c.occurrence
            start = occurrences(text, c.quote)[c.occurrence - 1]
            if any(a <= start and start + len(c.quote) <= b for a, b in caps):
                cit["passage"] = "photo_caption"
            elif any(start < b and a < start + len(c.quote) for a, b in caps):
                continue  # straddles a caption's edge: not a quote a coder would take
            append_record(added.article, "events", {
                "id": f"generated-event-{i}", "when": {"date": "2025-11-05", "precision": "day", "rule": "stated",
                                                         "text": "5 November 2025"},
                "status": "occurred", "theatre": "gaza", "event_type": "other", "actors": [],
                "summary": "A generated event.", "citations": [cit]})
        load_dataset(repo / "data", root=repo)
    finally:
        shutil.rmtree(repo.parent, ignore_errors=True)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow],
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(text=article())
def test_a_bom_is_refused_and_nothing_is_written(template, text):
    repo = _project(template)
    try:
        src = repo.parent / "bom.txt"
        src.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        before = {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()}
        with pytest.raises(A.AddSourceError, match="byte-order mark"):
            A.add_source(src, "bom-article", repo / "data", "2025-11-05", "day")
        assert {p: p.read_bytes() for p in repo.rglob("*") if p.is_file()} == before
    finally:
        shutil.rmtree(repo.parent, ignore_errors=True)


def test_sentences_are_found_once_and_match_a_lookup_per_offset():
    """`Sentences` (one pass) gives the same sentence for every offset as a lookup of that offset alone."""
    text = ("The U.S. envoy met Mr. Smith on Oct. 10. Then talks stopped! “Why?” he asked. and so on.\r\n\r\n"
            "- A list-like line. # Not a comment.\n" + "A long line of 3 words. " * 200 + "\n")
    s = C.Sentences(text)
    for pos in range(len(text) + 1):
        assert s.span(pos) == C.sentence_span(text, pos)
    assert C.all_sentences(text) == [sp for sp in s.spans]
    assert text[slice(*s.span(text.index("envoy")))] == "The U.S. envoy met Mr. Smith on Oct. 10."


def test_the_size_limit_is_checked_before_the_text_is_read_or_scanned(template, monkeypatch):
    repo = _project(template)
    try:
        big = repo.parent / "big.txt"
        big.write_bytes(b"On Monday, 3 people were killed.\n")
        monkeypatch.setattr(A, "MAX_SEED_BYTES", 8)
        monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self} over the limit"))
        monkeypatch.setattr(A.cand, "from_text", lambda *a, **k: pytest.fail("scanned a text over the limit"))
        with pytest.raises(A.AddSourceError, match="over the 8-byte limit for a seed article"):
            A.add_source(big, "big-article", repo / "data", "2025-11-05", "day")
    finally:
        shutil.rmtree(repo.parent, ignore_errors=True)
