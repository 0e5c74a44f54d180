"""Sentences of an article, found in one pass: the quote a candidate offers, the desk's sentence list, and
which occurrence of a repeated sentence a citation must name. No Streamlit import.

Split at . ! ? ” or " followed by space, never after 'U.S.' or 'Oct.', never before a lowercase word, never
across a paragraph, and never before a caption's photo credit (the credit belongs to its caption).
"""

from __future__ import annotations

import bisect
import re

from dashboard.dataset.rules.text import credit_start
from dashboard.dataset.rules.text import occurrences as _offsets  # every occurrence, overlapping ones too, as the loader counts

_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|No|vs)\.$")
_ABBREVIATION_WINDOW = 16  # characters before a break that the abbreviation test reads (its longest form is 5)
_BREAK = re.compile(r"(?<=[.!?”\"])\s+")


def _credit_at(text: str, para_start: int, para_end: int, after_blank: bool) -> int | None:
    """Offset where a caption paragraph's photo credit begins (rules.text.credit_start), else None."""
    para = text[para_start:para_end].rstrip()
    lead = len(para) - len(para.lstrip())
    at = credit_start(para.strip(), after_blank) if para.strip() else None
    return None if at is None else para_start + lead + at


def _paragraph_chunks(text: str, para_start: int, para_end: int, after_blank: bool = False) -> list[tuple[int, tuple[int, int]]]:
    """One paragraph cut into sentences: (chunk start, (sentence start, sentence end)) per chunk, where a chunk
    is a sentence with the blanks after it. Split at . ! ? ” or " followed by space, never after 'U.S.' or
    'Oct.' or before a lowercase word, nor before a caption's photo credit ('... 2025. (AP Photo/...)' is one
    sentence: the credit belongs to its caption). One pass (linear in the paragraph's length)."""
    cuts, credit = [para_start], _credit_at(text, para_start, para_end, after_blank)
    for m in _BREAK.finditer(text, para_start, para_end):
        if m.end() == credit:
            continue
        # the abbreviation test reads only the few characters before the break (the longest form, 'Sept.', is
        # 5): each break costs the same in a 64 KB paragraph as in a short one. `search` with pos keeps `\b`
        # reading the character before the window, so the answer is the one the whole sentence would give.
        lo = max(cuts[-1], m.start() - _ABBREVIATION_WINDOW)
        if _ABBREVIATION.search(text, lo, m.start()) or text[m.end():m.end() + 1].islower():
            continue  # 'U.S. envoy', 'Oct. 10': an abbreviation, or a lowercase word, never starts a sentence
        cuts.append(m.end())
    cuts.append(para_end + 1)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        chunk = text[a:min(b, para_end)].rstrip()
        lead = len(chunk) - len(chunk.lstrip())
        out.append((a, (a + lead, a + len(chunk))))
    return out


class Sentences:
    """Every sentence of a text, computed once; `span(pos)` finds the one around an offset by bisection, and
    `occurrence` finds each quote's offsets once. Building it is linear in the text, so the candidates of a
    long one-paragraph article no longer re-split the paragraph per candidate (64 KB took minutes that way)."""

    def __init__(self, text: str):
        self.text = text
        self._chunk_starts: list[int] = []
        self._chunk_spans: list[tuple[int, int]] = []
        pos, blank_before = 0, False
        while pos <= len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            for a, span in _paragraph_chunks(text, pos, end, blank_before):
                self._chunk_starts.append(a)
                self._chunk_spans.append(span)
            blank_before = not text[pos:end].strip()
            pos = end + 1
        self.spans = [(a, b) for a, b in self._chunk_spans if b > a]
        self._offsets: dict[str, list[int]] = {}
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def span(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `pos`; the blanks after a sentence belong to it."""
        return self._chunk_spans[bisect.bisect_right(self._chunk_starts, pos) - 1]

    def occurrence(self, quote: str, start: int) -> int:
        """1 + how many times `quote` occurs before `start` (1 when it occurs only once)."""
        offsets = self.offsets(quote)
        return bisect.bisect_left(offsets, start) + 1 if len(offsets) > 1 else 1

    def offsets(self, quote: str) -> list[int]:
        """Start offsets of every occurrence of `quote` (found once per quote)."""
        offsets = self._offsets.get(quote)
        if offsets is None:
            offsets = self._offsets[quote] = _offsets(self.text, quote)
        return offsets

    def line(self, pos: int) -> int:
        """1-based line of an offset."""
        return bisect.bisect_left(self._newlines, pos) + 1


def sentence_span(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the sentence holding offset `pos` (one lookup: reads only its paragraph)."""
    para_start = text.rfind("\n", 0, pos) + 1
    para_end = text.find("\n", pos)
    prev_start = text.rfind("\n", 0, max(para_start - 1, 0)) + 1
    after_blank = para_start > 0 and not text[prev_start:para_start - 1].strip()
    chunks = _paragraph_chunks(text, para_start, len(text) if para_end < 0 else para_end, after_blank)
    return chunks[bisect.bisect_right([a for a, _ in chunks], pos) - 1][1]


def all_sentences(text: str) -> list[tuple[int, int]]:
    """Every sentence of a text as (start, end), in reading order."""
    return Sentences(text).spans


def occurrence_of(text: str, quote: str, start: int) -> int:
    """1 + how many times `quote` occurs before `start` (what a citation's `occurrence` must say)."""
    offsets = _offsets(text, quote)
    return bisect.bisect_left(offsets, start) + 1 if len(offsets) > 1 else 1
