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
# A photo caption is a paragraph (a line) of its own that ends in a photo credit. The credit forms of the
# common outlets (docs/CODING.md, "Photo captions"):
#   - in parentheses: "(AP Photo/Jehad Alshrafi)", "(Ozan KOSE / AFP)", "(Israel Defense Forces)". Any
#     parenthesis counts after a blank line (the layout of captions between paragraphs); without one, only a
#     parenthesis with a slash or the word Photo, since body paragraphs often end in "(Hamas)";
#   - labelled: "Photograph: Mohammed Saber/EPA", "Photo: Reuters", "Credit: ...", "Image: ...", "Photo by ...";
#   - an agency suffix: "... Gaza City, 5 November 2025. Mohammed Saber/EPA", "/Reuters", "AFP via Getty Images".
# What this misses, the manifest marks explicitly (`captions:` of the source).
_PAREN_CREDIT = re.compile(r"\(([^()\n]+)\)$")
_PHOTO_WORDS = re.compile(r"/|\bPhoto\b|\bPool\b", re.IGNORECASE)
_LABEL_CREDIT = re.compile(r"(?:^|[.!?”\"’)]\s+)(?:Photograph|Photo|Picture|Image|Credit|Illustration|Video still)s?"
                           r"(?:\s*:|\s+by\b|\s+credit\s*:)\s*\S[^\n]{0,150}$")
_AGENCIES = (r"Reuters|AFP|AP|EPA(?:-EFE)?|Getty Images|Anadolu(?: Agency)?|Bloomberg|Xinhua|WAFA|Shutterstock|Alamy|"
             r"dpa|ANSA|UPI|Pool|Flash90|SOPA Images|LightRocket|NurPhoto|Middle East Images|Abaca|Sipa|IDF|GPO")
_AGENCY_CREDIT = re.compile(rf"(?:/\s*|\bvia\s+)(?:{_AGENCIES})(?:\s+via\s+(?:{_AGENCIES}))?$")


_SENTENCE_END = re.compile(r"[.!?”\"’)]\s+")


def credit_start(para: str, after_blank: bool) -> int | None:
    """Where the credit of a caption paragraph begins (an offset into `para`), or None if it is no caption.
    Sentence splitting stops there: a credit is part of its caption, not a sentence of its own."""
    m = _PAREN_CREDIT.search(para)
    if m and (after_blank or _PHOTO_WORDS.search(m.group(1))):
        return m.start()
    m = _LABEL_CREDIT.search(para)
    if m:
        return m.start() + (len(m.group(0)) - len(m.group(0).lstrip(".!?”\"’) \t")))
    m = _AGENCY_CREDIT.search(para)
    if m:  # the credit's name runs back to the end of the caption's last sentence
        ends = [e.end() for e in _SENTENCE_END.finditer(para, 0, m.start())]
        return ends[-1] if ends else 0
    return None


def _is_caption(para: str, after_blank: bool) -> bool:
    return credit_start(para, after_blank) is not None


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


def _likeness(quote: str, passage: str) -> tuple[int, int, int]:
    """How well `passage` holds `quote`, word by word: the quote's words found in it in order (the fewest words
    to edit), then the longest run of words in common, then the shorter passage. Not a character ratio: a
    ratio divides by both lengths, so a short unrelated sentence beat the long sentence a clause was misquoted
    from, and characters matched here and there made any long passage look close."""
    qw, pw = _WORD.findall(quote.lower()), _WORD.findall(passage.lower())
    blocks = difflib.SequenceMatcher(None, qw, pw, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks), max((b.size for b in blocks), default=0), -len(passage)


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
    best = max(sorted(ranked), key=lambda i: _likeness(q, candidates[i][:HINT_PASSAGE_CHARS]))
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


def captions(text: str, marked=()) -> list[tuple[int, int]]:
    """(start, end) of each photo caption of an article: every paragraph that ends in a credit, and every
    occurrence of the passages the manifest marks as captions (`marked`). CR and trailing blanks are not part
    of a caption, so a CRLF text reads as its LF twin does."""
    out, pos, blank_before = [], 0, True
    while pos <= len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        para = text[pos:end].rstrip()
        lead = len(para) - len(para.lstrip())
        if para.strip() and _is_caption(para.strip(), blank_before and pos > 0):
            out.append((pos + lead, pos + len(para)))
        blank_before = not para.strip()
        pos = end + 1
    out += [(p, p + len(q)) for q in marked for p in occurrences(text, q)]
    return sorted(set(out))


def line_and_context(text: str, pos: int, length: int, words: int = 4) -> str:
    """'line 3: "…the words before [quote] the words after…"' for listing where an occurrence is."""
    line = text.count("\n", 0, pos) + 1
    before = text[text.rfind("\n", 0, pos) + 1:pos].split()[-words:]
    after_end = text.find("\n", pos + length)
    after = text[pos + length:after_end if after_end >= 0 else len(text)].split()[:words]
    snippet = " ".join(before + ["[…]"] + after) if before or after else "[…]"
    return f'line {line}: "{snippet}"'
