"""Provenance rules: every citation names a known source and quotes it verbatim, at one unambiguous
occurrence, in the right kind of passage, and never from an excluded passage. The spans they compute
(`start`, `end`) are what the reader highlights."""

from __future__ import annotations

from dashboard.codebook.common import PassageKind
from dashboard.dataset.rules.registry import rule
from dashboard.dataset.rules.text import captions, closest_passage, line_and_context, normalize_quotes, occurrences

CITED = ("phases", "events", "figures", "comparisons", "agreements", "provisions", "assessments")
# The shortest quote in the five coded articles has 26 characters ("Hamas questioned the claim"). 12
# characters is two or three words: enough to be found once, short enough for a name and a verb.
MIN_QUOTE_CHARS = 12
MAX_LISTED_OCCURRENCES = 5


def _skip(ctx) -> set[int]:
    return ctx.cache.setdefault("citations-refused", set())


def _usable(ctx, cit) -> bool:
    """A citation the text rules can look at: its source's text is loaded and no earlier rule refused it."""
    return cit.source in ctx.ds.texts and id(cit) not in _skip(ctx)


@rule("R-CITE-SOURCE", "a citation's `source` is a known source id", reads=("citations.source",), kinds=CITED)
def cite_source(rec, report):
    ids = report.ctx.ids("sources")
    for ci, cit in enumerate(rec.citations):
        if cit.source not in ids:
            report(f"citation {ci + 1}: {report.ctx.unknown('sources', cit.source, ids)}", ("citations", ci, "source"))


@rule("R-CITE-MIN-LENGTH", f"a quote is not blank and has at least {MIN_QUOTE_CHARS} characters", reads=("citations.quote",), kinds=CITED)
def cite_min_length(rec, report):
    for ci, cit in enumerate(rec.citations):
        size = len(cit.quote.strip())
        if size == 0:
            report(f"citation {ci + 1}: empty quote (only whitespace); copy the passage verbatim from the article",
                   ("citations", ci, "quote"))
        elif size < MIN_QUOTE_CHARS:
            report(f"citation {ci + 1}: quote \"{cit.quote}\" has only {size} characters; quote at least {MIN_QUOTE_CHARS} "
                   "(a few words) so the passage it comes from is unambiguous", ("citations", ci, "quote"))
        else:
            continue
        _skip(report.ctx).add(id(cit))


@rule("R-CITE-VERBATIM", "a quote occurs character for character in its source (else: where it does occur, or the closest passage)",
      reads=("citations.source", "citations.quote"), kinds=CITED)
def cite_verbatim(rec, report):
    ctx = report.ctx
    for ci, cit in enumerate(rec.citations):
        if not _usable(ctx, cit):
            continue
        text = ctx.ds.texts[cit.source]
        found = occurrences(text, cit.quote)
        if found:
            ctx.occurrences[id(cit)] = found
            continue
        _skip(ctx).add(id(cit))
        elsewhere = [sid for sid, t in ctx.ds.texts.items() if sid != cit.source and cit.quote in t]
        if elsewhere:  # the wrong `source`, not the wrong words
            report(f"citation {ci + 1}: quote not in source '{cit.source}' but found verbatim in source '{elsewhere[0]}': "
                   "correct the `source`", ("citations", ci, "source"))
            continue
        hint = ""
        if normalize_quotes(cit.quote) in normalize_quotes(text):
            hint = " (it matches once curly quotes and dashes are normalized: copy the exact characters)"
        report(f"citation {ci + 1}: quote not found verbatim in source '{cit.source}'{hint}; "
               f"closest passage: \"{closest_passage(cit.quote, text)}\"", ("citations", ci, "quote"))


@rule("R-CITE-OCCURRENCE", "a quote that occurs more than once says which with `occurrence` (the message lists each), "
      "and that occurrence exists", reads=("citations.quote", "citations.occurrence"), kinds=CITED)
def cite_occurrence(rec, report):
    ctx = report.ctx
    for ci, cit in enumerate(rec.citations):
        found = ctx.occurrences.get(id(cit))
        if not found or not _usable(ctx, cit):
            continue
        text = ctx.ds.texts[cit.source]
        if len(found) > 1 and "occurrence" not in cit.model_fields_set:
            where = "; ".join(f"{n}) {line_and_context(text, pos, len(cit.quote))}"
                              for n, pos in enumerate(found[:MAX_LISTED_OCCURRENCES], 1))
            more = f"; and {len(found) - MAX_LISTED_OCCURRENCES} more" if len(found) > MAX_LISTED_OCCURRENCES else ""
            report(f"citation {ci + 1}: quote occurs {len(found)} times in source '{cit.source}' ({where}{more}); "
                   "add `occurrence: N` for the one meant, or quote more words", ("citations", ci, "quote"))
        elif cit.occurrence > len(found):
            report(f"citation {ci + 1}: quote occurs {len(found)} time(s); occurrence {cit.occurrence} does not exist",
                   ("citations", ci, "quote"))
        else:
            cit.start = found[cit.occurrence - 1]
            cit.end = cit.start + len(cit.quote)
            continue
        _skip(ctx).add(id(cit))


@rule("R-CITE-PASSAGE", "`passage: photo_caption` quotes lie inside a photo caption, `body` quotes outside every caption",
      reads=("citations.passage",), kinds=CITED)
def cite_passage(rec, report):
    ctx = report.ctx
    for ci, cit in enumerate(rec.citations):
        if cit.start is None or not _usable(ctx, cit):
            continue
        key = ("captions", cit.source)
        if key not in ctx.cache:
            src = ctx.by_id("sources").get(cit.source)
            ctx.cache[key] = captions(ctx.ds.texts[cit.source], src.captions if src is not None else ())
        inside = [(a, b) for a, b in ctx.cache[key] if a < cit.end and cit.start < b]
        if cit.passage is PassageKind.photo_caption and not any(a <= cit.start and cit.end <= b for a, b in inside):
            report(f"citation {ci + 1}: `passage: photo_caption`, but the quote is not inside a photo caption: a "
                   "caption is a paragraph of its own ending in a credit such as '(AP Photo/...)', 'Photograph: "
                   "Name/EPA' or '.../Reuters'. If it is a caption the detector misses, add its paragraph, verbatim, to "
                   "`captions:` of the source in data/sources.yaml; if it is body text, use `passage: body`",
                   ("citations", ci, "passage"))
        elif cit.passage is PassageKind.body and inside:
            report(f"citation {ci + 1}: the quote is in a photo caption; add `passage: photo_caption`",
                   ("citations", ci, "quote"))


@rule("R-CITE-EXCLUDED", "a quote does not overlap any occurrence of an excluded passage (page furniture, reader comments)",
      reads=("citations.quote", "sources.excluded"), kinds=CITED)
def cite_not_excluded(rec, report):
    ctx = report.ctx
    for ci, cit in enumerate(rec.citations):
        if cit.start is None or not _usable(ctx, cit):
            continue
        if any(cit.start < b and a < cit.end for a, b in ctx.excluded.get(cit.source, [])):
            report(f"citation {ci + 1}: quotes an excluded passage (page furniture or reader comment), which is not reporting",
                   ("citations", ci, "quote"))
