"""What the provenance rules need to know about an article's text: sentences, captions, occurrences, hints."""

from __future__ import annotations

import difflib
import re

# The hint for a quote that was not found costs at most HINT_CANDIDATES comparisons of at most
# HINT_QUOTE_CHARS x HINT_PASSAGE_CHARS characters, however long the misquote or the article.
HINT_QUOTE_CHARS = 300
HINT_PASSAGE_CHARS = 600
HINT_CANDIDATES = 8
HINT_SHOWN_CHARS = 240

_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|No|vs)\.$")
_WORD = re.compile(r"\w+")
# A photo caption in the seeds is a paragraph of its own, after a blank line, ending in the credit in
# parentheses: "... in Istanbul on November 3, 2025. (Ozan KOSE / AFP)".
_CAPTION = re.compile(r"(?<=\n\n)[^\n]*\([^()\n]+\)[ \t]*(?=\n|\Z)")


def sentences(text: str) -> list[str]:
    """Sentences of an article, not split after abbreviations such as 'U.S.' or 'Oct.'."""
    out: list[str | None] = []
    for para in text.split("\n"):
        pieces = re.split(r"(?<=[.!?”\"])\s+", para.strip())
        for piece in pieces:
            if out and out[-1] is not None and _ABBREVIATION.search(out[-1]) and piece[:1].isupper():
                out[-1] += " " + piece
            elif piece:
                out.append(piece)
        out.append(None)  # paragraph break: never join across it
    return [s for s in out if s]


def _words(s: str) -> set[str]:
    return set(_WORD.findall(s.lower()))


def closest_passage(quote: str, text: str) -> str:
    """The sentence (or pair of adjacent sentences) of the article most like a quote that was not found verbatim.

    Bounded: candidates are ranked first by words shared with the quote (linear in the text), and only
    the best few are compared character by character, on the first HINT_QUOTE_CHARS of the quote."""
    sents = sentences(text)
    candidates = sents + [a + " " + b for a, b in zip(sents, sents[1:])]
    if not candidates:
        return ""
    q = quote[:HINT_QUOTE_CHARS]
    qwords = _words(q)
    ranked = sorted(range(len(candidates)), key=lambda i: -len(qwords & _words(candidates[i])))[:HINT_CANDIDATES]
    best = max(sorted(ranked), key=lambda i: difflib.SequenceMatcher(
        None, q, candidates[i][:HINT_PASSAGE_CHARS], autojunk=False).ratio())
    shown = candidates[best]
    return shown[:HINT_SHOWN_CHARS] + ("…" if len(shown) > HINT_SHOWN_CHARS else "")


def normalize_quotes(s: str) -> str:
    return s.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"}))


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of `quote` in `text` (overlapping ones included)."""
    out, pos = [], text.find(quote)
    while pos >= 0:
        out.append(pos)
        pos = text.find(quote, pos + 1)
    return out


def excluded_spans(text: str, quotes) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of every excluded passage: an excluded passage excludes them all
    (rules/seeds.py), so the reader greys and coverage counts each, not only the first."""
    return sorted((pos, pos + len(q)) for q in quotes for pos in occurrences(text, q))


def captions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each photo caption paragraph of an article."""
    return [(m.start(), m.end()) for m in _CAPTION.finditer(text)]


def line_and_context(text: str, pos: int, length: int, words: int = 4) -> str:
    """'line 3: "…the words before [quote] the words after…"' for listing where an occurrence is."""
    line = text.count("\n", 0, pos) + 1
    before = text[text.rfind("\n", 0, pos) + 1:pos].split()[-words:]
    after_end = text.find("\n", pos + length)
    after = text[pos + length:after_end if after_end >= 0 else len(text)].split()[:words]
    snippet = " ".join(before + ["[…]"] + after) if before or after else "[…]"
    return f'line {line}: "{snippet}"'
