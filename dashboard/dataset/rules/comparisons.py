"""Comparison integrity: a Gaza or Lebanon cell must rest on that theatre's own reporting.

A cell's summary is about one theatre; if none of its citations comes from a sentence that names the
theatre or its parties, the cell is borrowing another theatre's reporting (or the article's general
framing) and must be reworded or given a citation of its own. No Streamlit import.
"""

from __future__ import annotations

import re

# Names that put a sentence in a theatre's reporting: the place, its parts and the armed group based there.
THEATRE_TERMS: dict[str, tuple[str, ...]] = {
    "gaza": ("Gaza", "Hamas", "the Strip", "Rafah", "Khan Younis", "yellow line", "Palestinian", "Deir al-Balah",
             "Jabalia", "Beit Lahia", "Nuseirat", "Shejaiya"),
    "lebanon": ("Lebanon", "Lebanese", "Hezbollah", "Beirut", "Litani", "Nabatieh", "Tyre", "Bint Jbeil", "Marjayoun"),
}


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) a quote sits in: from the last sentence end before it to the first one after it."""
    head = max(text.rfind(mark, 0, start) for mark in (". ", "? ", "! ", "\n"))
    tails = [i for i in (text.find(mark, end) for mark in (". ", "? ", "! ", "\n")) if i >= 0]
    return text[head + 1 if head >= 0 else 0: min(tails) + 1 if tails else len(text)].strip()


def names_theatre(sentence: str, theatre: str) -> bool:
    return any(re.search(rf"\b{re.escape(term)}", sentence) for term in THEATRE_TERMS.get(theatre, ()))


def check_comparison_theatres(ds, report) -> None:
    """Loader rule: every comparison cell cites at least one sentence from its own theatre's reporting."""
    for cmp in ds.comparisons:
        spans = [(c, ds.texts.get(c.source)) for c in cmp.citations if c.start is not None]
        if not spans or cmp.theatre not in THEATRE_TERMS:
            continue  # unlocated quotes are reported by the loader
        if any(names_theatre(sentence_around(text, c.start, c.end), cmp.theatre) for c, text in spans if text):
            continue
        terms = ", ".join(f"'{t}'" for t in THEATRE_TERMS[cmp.theatre])
        report("comparisons", cmp.id, f"citations: none of the quoted sentences is {cmp.theatre} reporting (none names "
                                      f"{terms}); cite the sentence that says this about {cmp.theatre.title()}, "
                                      "or reword the summary to what the citations say", ("citations",))
