"""About / Method: how the data is coded and what it can and cannot say."""

from __future__ import annotations

import streamlit as st

from dashboard.app import state, ui

METHOD = """
### What this is
Ceasefire Monitor turns a small set of news articles about the 2025 Gaza ceasefire into a hand-coded,
source-verified dataset of **events**, **figures**, **phases** and **comparison statements**, and shows them
as charts. Every record cites verbatim sentences from the stored article text; the loader refuses any quote
that is not found character for character, and any article whose checksum changed.

### Coding rules
- **Every dated or datable event and every number** in the body text and photo captions is coded, including
  background facts the articles state. Page furniture (newsletter boxes, donation asks, podcast plugs,
  disclosures) and reader comments are excluded, each with a recorded reason.
- **Dates** carry a precision (day, week, month, year; ACLED's `time_precision` 1/2/3 in exports), the phrase
  as the article wrote it, and the rule that resolved it against the article's inferred publication date
  ("on Monday" = the latest Monday not after publication). A month is never shown as a day: on charts,
  imprecise dates are drawn as spans.
- **Publication dates** are inferred from internal evidence (no article carries a date line); the reasoning is
  shown on each source's page.
- **Claims policy**: every figure names its claimant (the Hamas-run health ministry, the IDF, a US official, the
  article's author...). Conflicting figures are kept side by side and never averaged or resolved. Ranges stay
  ranges; "more than 100" is drawn as open-ended; vague words ("dozens", "hundreds") are coded by the smallest
  number the word can mean and shown as open-ended.
- **Derived values** (such as the complement of a reported control share) are marked as derived, with their
  formula, wherever they appear.
- **Voice**: our labels and summaries are neutral and descriptive; the articles' own words appear only inside
  quotation marks, attributed.

### Source kinds
News report, analysis, opinion and academic commentary are distinguished: opinion essays are coded for the
facts they state, but their framing is the author's.

### Known limits
"""
# after the limits counted from the data (a Markdown element of its own: METHOD stays a constant text)
LIMITS = """- Casualty figures come from parties to the conflict; the dataset records who says what, not what is true.
- The days-since-ceasefire axis uses Gaza's 10 October 2025 ceasefire and Lebanon's November 2024 ceasefire,
  known only to the month, so Lebanon positions are shown as spans.
"""


def _counted_limits(sources) -> str:
    """The limits that depend on the data, counted from it (an added article changes them)."""
    n = len(sources)
    unnamed = int(sources["outlet"].map(lambda o: not (isinstance(o, str) and o.strip())).sum())
    lines = [f"- {ui.count_words(n, 'article').capitalize()} "
             f"{'is' if n == 1 else 'are'} a thin, uneven sample: absence of an event here is not evidence it did not happen."]
    if unnamed:
        lines.append(f"- {ui.count_words(unnamed, 'outlet').capitalize()} {'is' if unnamed == 1 else 'are'} named "
                     "neither by the text nor by the coder, and shown as \"unnamed outlet\" with the article's kind "
                     "and publication date.")
    supplied = int((sources.get("outlet_basis") == "supplied").sum()) if "outlet_basis" in sources else 0
    if supplied:
        lines.append(f"- {ui.count_words(supplied, 'outlet').capitalize()} {'is' if supplied == 1 else 'are'} known "
                     "from where the file came from, not from its text, and marked \"supplied by coder\".")
    return "\n".join(lines)


def render() -> None:
    b = state.bundle()
    st.title("About and method")
    st.markdown(METHOD)
    st.markdown(_counted_limits(b.frames.sources) + "\n" + LIMITS)
    st.caption(f"Dataset version {b.version} · {len(b.frames.sources)} sources · {b.source.count('events')} events · "
               f"{b.source.count('figures')} figures. To code a new article, follow docs/CODING.md and run "
               "`python -m dashboard validate`.")
