"""Cross-record rules: what one record says must agree with what its linked records say.

A fix applied to one record and not to the records that cite the same sentence, link the same event or
state the same publication date is the defect class these rules catch. Each is a dataset rule run after
the citation rules (quotes spanned) and after R-WINDOW-BOUNDS (effective windows resolved); they are
registered in rules/registry.py (EXTERNAL_CHECKS) so they run in that order.

- R-CROSS-CLAIMANT: the same quoted words, one claimant, in every record that has a claimant (figures,
  comparison cells, assessments), unless a record says why: an assessment's `note` names the other
  claimant, or, between the author and a claimant the article reports, the author's record names that
  claimant ("the IDF says") or the claimant's record says the words are the report's.
- R-CROSS-STATUS: one claimant's sentence split over several provisions carries one status, unless an
  assessment's `note` names the other provision and says why.
- R-FIGURE-IN-EVENT: a figure linked to an event lies inside the event's window, unless its `as_of.note`
  names the event and says why.
- R-OBLIGATED-NAMED: `obligated:` names only parties the provision's cited sentences name; an empty list
  is said in the summary, and a summary that says who is bound is not stated has no obligated party.
- R-NOTE-PUBLICATION: a date note that states its source's publication date states the narrowed window.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dashboard.conventions.datefmt import format_span
from dashboard.dataset.rules.text import sentences

# ----------------------------------------------------------------------------- sentences


def sentence_spans(ctx, source: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a source's text (rules/text.sentences), computed once per text."""
    key = ("sentence-spans", source)
    if key not in ctx.cache:
        text, spans, pos = ctx.ds.texts.get(source, ""), [], 0
        for s in sentences(text):
            at = text.find(s, pos)
            if at < 0:  # a sentence joined across an abbreviation: fall back to its first words
                at = text.find(s[:40], pos)
            if at < 0:
                continue
            spans.append((at, at + len(s)))
            pos = at + len(s)
        ctx.cache[key] = spans
    return ctx.cache[key]


def sentence_of(ctx, cit) -> tuple[str, int, str] | None:
    """(source, start of the sentence holding the quote's start, the sentence) or None when unspanned."""
    if cit.start is None or cit.source not in ctx.ds.texts:
        return None
    for a, b in sentence_spans(ctx, cit.source):
        if a <= cit.start < b:
            return cit.source, a, ctx.ds.texts[cit.source][a:b]
    return cit.source, cit.start, cit.quote


def overlapping(items):
    """Pairs (earlier, later) of items whose citations quote overlapping words of one source. Each item is
    (citation, payload...); a sentence that holds two claims ("X says A, while Y says B") may be split, so
    records quoting different words of one sentence are not compared."""
    by_source: dict[str, list] = {}
    for item in items:
        if item[0].start is not None:
            by_source.setdefault(item[0].source, []).append(item)
    for group in by_source.values():
        group.sort(key=lambda it: (it[0].start, it[0].end))
        for n, a in enumerate(group):
            for b in group[n + 1:]:
                if b[0].start >= a[0].end:
                    break
                yield a, b


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


# ----------------------------------------------------------------------------- naming an actor

AUTHOR_WORDS = ("the author", "the article", "the report", "the essay", "the commentary", "the analysis", "the essayist")


def actor_words(ctx, actor_id: str) -> list[str]:
    """The words that name an actor in our text or the article's: its name (and the part before a
    parenthesis), its aliases; the author by the words for an article's own voice."""
    if actor_id == "author":
        return list(AUTHOR_WORDS)
    actor = ctx.by_id("actors").get(actor_id)
    if actor is None:
        return [actor_id]
    words = [actor.name, actor.name.split(" (")[0], *actor.aliases]
    # a body of the actor names it too: "Israel's security cabinet approved a plan" says whose plan it is
    # (the cabinet is part_of israel), whatever adjective the summary uses ("the Israeli security cabinet")
    for part in ctx.by_id("actors").values():
        if part.id != actor_id and actor_id in _ancestors(ctx, part.id):
            words += [part.name, part.name.split(" (")[0], *part.aliases]
    return [w for w in dict.fromkeys(w.strip() for w in words) if len(w) >= 3]


def _ancestors(ctx, actor_id: str) -> list[str]:
    """The actors `actor_id` is part of, nearest first (a cycle stops the walk)."""
    actors, out = ctx.by_id("actors"), []
    parent = getattr(actors.get(actor_id), "part_of", None)
    while parent and parent not in out and parent != actor_id:
        out.append(parent)
        parent = getattr(actors.get(parent), "part_of", None)
    return out


def names(ctx, text: str | None, actor_id: str) -> bool:
    if not text:
        return False
    low = text.lower()
    return any(re.search(rf"(?<!\w){re.escape(w.lower())}(?!\w)", low) for w in actor_words(ctx, actor_id))


# ----------------------------------------------------------------------------- R-CROSS-CLAIMANT

CLAIMED = ("figures", "comparisons", "assessments")


def _own_words(rec) -> str:
    parts = [getattr(rec, "summary", None), getattr(rec, "subject", None), getattr(rec, "note", None)]
    return " ".join(p for p in parts if p)


def _explained(ctx, rec, other) -> bool:
    """Does `rec` say why its claimant differs from `other`'s for the same words? Its `note` names the other
    claimant; or, between the author and a claimant the author reports, the author's record names that claimant
    ("the IDF says") or the claimant's record says the words are the report's ("in the report's words"). Two
    claimants other than the author need the note: naming each other in a summary is what a wrong claimant
    does too ("Israeli officials believe ..." coded as the government)."""
    if names(ctx, getattr(rec, "note", None), other.claimant):
        return True
    if rec.claimant == "author":
        return names(ctx, _own_words(rec), other.claimant)
    if other.claimant == "author":
        return names(ctx, _own_words(rec), "author")
    return False


def check_same_sentence_same_claimant(ds, report) -> None:
    """Records quoting the same words have the same claimant, or one of the two names the other's claimant."""
    items = []
    for kind in CLAIMED:
        for rec in getattr(ds, kind):
            if kind == "assessments" and rec.derived is not None:
                continue  # a derived status cites nothing itself
            items += [(cit, kind, rec, i) for i, cit in enumerate(rec.citations)]
    seen: set[tuple[str, str]] = set()
    for (_, okind, other, _), (cit, kind, rec, i) in overlapping(items):
        if other.claimant == rec.claimant or (okind, other.id) == (kind, rec.id) or (kind, rec.id) in seen:
            continue
        if _explained(report, rec, other) or _explained(report, other, rec):
            continue
        seen.add((kind, rec.id))
        found = sentence_of(report, cit)
        report(kind, rec.id, f"citation {i + 1}: the words \"{_short(cit.quote)}\" (sentence \"{_short(found[2] if found else cit.quote)}\") "
                             f"have claimant '{rec.claimant}' here but '{other.claimant}' in {okind[:-1]} '{other.id}': one "
                             "sentence, one claimant. Use the claimant the text gives, or say in the summary whose words "
                             f"these are (name {'the author' if other.claimant == 'author' else repr(other.claimant)})",
               ("claimant",))


# ----------------------------------------------------------------------------- R-CROSS-STATUS


def check_one_status_per_sentence(ds, report) -> None:
    """One claimant's words split over several provisions carry one status (or a `note` says why)."""
    items = [(cit, a) for a in ds.assessments if a.derived is None for cit in a.citations]
    flagged = set()
    for (_, b), (cit, a) in overlapping(items):
        same_claimant = (a.claimant == b.claimant) and (a.claimant != "author" or cit.source in {c.source for c in b.citations})
        if (not same_claimant or a.id == b.id or a.status == b.status or a.provision == b.provision
                or a.id in flagged or b.id in flagged):
            continue
        if any(x.note and (y.provision in x.note or y.id in x.note) for x, y in ((a, b), (b, a))):
            continue
        flagged.add(a.id)
        report("assessments", a.id, f"status: '{a.status.value}' here, but '{b.status.value}' in assessment '{b.id}' "
                                    f"(provision '{b.provision}') for the same words of the same claimant "
                                    f"(\"{_short(cit.quote)}\"): give both one status, or say why in `note` "
                                    f"(naming '{b.provision}')", ("status",))


# ----------------------------------------------------------------------------- R-FIGURE-IN-EVENT


def check_figure_inside_event(ds, report) -> None:
    """A figure linked to an event lies inside the event's effective window, or its as_of.note names the event."""
    windows = getattr(ds, "windows", {}) or {}
    for f in ds.figures:
        if not f.event:
            continue
        fw, ew = windows.get(("figures", f.id, "window")), windows.get(("events", f.event, "window"))
        if fw is None or ew is None or (ew.start <= fw.start and fw.end <= ew.end):
            continue
        if f.as_of.note and f.event in f.as_of.note:
            continue  # the reason is stated, naming the event
        if f.metric.value == "duration" and fw.start >= ew.start:
            continue  # a duration counts the time since its event: it ends after it by definition
        side = "starts before" if fw.start < ew.start else "ends after"
        report("figures", f.id, f"as_of: {fw.text} {side} its event '{f.event}' ({ew.text}): date the figure inside the "
                                "event's window (or widen the event), or say why in `as_of.note`, naming the event",
               ("as_of",))


# ----------------------------------------------------------------------------- R-OBLIGATED-NAMED

UNSTATED = re.compile(r"who is bound is not stated|who (?:hands over|must act|is bound)[^.;]* (?:is )?not (?:stated|said|named)|"
                      r"names no (?:party|one)|no party (?:is )?(?:named|obliged|bound)|does not say (?:who|by whom)|"
                      r"(?:party|parties|partners) (?:is |are )?not named|binds? no (?:named )?party", re.I)


def check_obligated_named(ds, report) -> None:
    """`obligated:` lists only parties the provision's cited sentences name; empty is said in the summary."""
    for p in ds.provisions:
        said = [found[2] for cit in p.citations if (found := sentence_of(report, cit))]
        if not said:
            continue
        for i, actor in enumerate(p.obligated):
            if not any(names(report, s, actor) for s in said):
                report("provisions", p.id, f"obligated: '{actor}' is not named in the provision's cited sentences; list only "
                                           "parties the text names as bound (else leave `obligated: []` and say in the "
                                           "summary that the text does not say who is bound)", ("obligated", i))
        if p.obligated and UNSTATED.search(p.summary):
            report("provisions", p.id, f"summary: says who is bound is not stated, but obligated names "
                                       f"{', '.join(p.obligated)}: keep one", ("summary",))
        if not p.obligated and not UNSTATED.search(p.summary):
            report("provisions", p.id, "summary: `obligated` is empty, so the summary says the text does not say who is "
                                       "bound (e.g. 'who is bound is not stated')", ("summary",))


# ----------------------------------------------------------------------------- R-NOTE-PUBLICATION

_NAMES = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
          "december"]
MONTHS = {**{m: i + 1 for i, m in enumerate(_NAMES)}, **{m[:3]: i + 1 for i, m in enumerate(_NAMES)}, "sept": 9}
_M = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b"
_DAY = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) )?"
PUBLICATION = re.compile(r"publication|published", re.I)
NEAR = 30  # a stated date belongs to "publication" when it starts this many characters after the word, at most
# what a note may state about its source's publication date, each read as the days it claims
SPAN_FORMS = [
    ("week", re.compile(rf"week \(?from {_DAY}(\d{{1,2}}) {_M}(?: (\d{{4}}))?", re.I)),
    ("range", re.compile(rf"(\d{{1,2}})(?: {_M})?\s*(?:-|–|\.\.|to)\s*(\d{{1,2}}) {_M}(?: (\d{{4}}))?", re.I)),
    ("from", re.compile(rf"on or shortly after {_DAY}(\d{{1,2}}) {_M}(?: (\d{{4}}))?", re.I)),
    ("month", re.compile(rf"(?<!\d ){_M} (\d{{4}}), inferred", re.I)),
]


def _day(d: str, month: str, year: str | None, default_year: int) -> date | None:
    try:
        return date(int(year) if year else default_year, MONTHS[month.lower()], int(d))
    except ValueError:
        return None


def stated_publication(note: str, year: int, others=()) -> list[tuple[str, date, date | None, str]]:
    """(form, first day, last day or None for 'on or shortly after', the words) of each publication date
    the note states: only in the clause (up to ';' or '.') that mentions publication. A clause naming
    another source (an id in `others`) states that source's publication, not this one's: skipped."""
    out = []
    for clause in re.split(r"(?<=[;.])\s+", note):
        ends = [m.end() for m in PUBLICATION.finditer(clause)]
        if not ends or any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", clause, re.I) for o in others):
            continue
        for form, rx in SPAN_FORMS:
            for m in rx.finditer(clause):
                if not any(0 <= m.start() - e <= NEAR for e in ends):
                    continue
                g = m.groups()
                if form == "week":
                    first = _day(g[0], g[1], g[2], year)
                    last = first + timedelta(days=6) if first else None
                elif form == "range":
                    first = _day(g[0], g[1] or g[3], g[4], year)
                    last = _day(g[2], g[3], g[4], year)
                elif form == "from":
                    first, last = _day(g[0], g[1], g[2], year), None
                else:
                    first = date(int(g[1]), MONTHS[g[0].lower()], 1)
                    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)  # noqa: E501
                    last = nxt - timedelta(days=1)
                if first is not None:
                    out.append((form, first, last, m.group(0)))
            if out:
                break  # the first form found in a clause is what it states
    return out


def _dated(ds):
    """(kind, record, label, When, anchor source) for every dated field that carries a note."""
    for kind, fields in (("events", ("when", "until")), ("figures", ("as_of",)), ("phases", ("start", "end")),
                         ("assessments", ("as_of",)), ("agreements", ("signed", "effective")), ("provisions", ("deadline",))):
        for rec in getattr(ds, kind, []):
            cits = list(getattr(rec, "citations", []))
            if not cits and kind == "assessments" and rec.derived:
                figs = ds.by_id("figures")
                cits = [c for f in rec.derived.from_figures if f in figs for c in figs[f].citations]
            if not cits:
                continue
            for label in fields:
                when = getattr(rec, label, None)
                if when is not None and when.note:
                    yield kind, rec, label, when, cits[0].source


def check_publication_notes(ds, report) -> None:
    """A date note that states its source's publication date states the (narrowed) publication window."""
    from dashboard.dataset.windows import publication_windows

    pubs = publication_windows(ds)
    for kind, rec, label, when, source in _dated(ds):
        pub = pubs.get(source)
        if pub is None:
            continue
        others = [s for s in pubs if s != source]
        for form, first, last, words in stated_publication(when.note, pub.start.year, others):
            ok = first == pub.start if last is None else (first, last) == (pub.start, pub.end)
            if not ok:
                days = format_span(pub.start, pub.end, "day")
                report(kind, rec.id, f"{label}.note: '{words}' is not the publication window of '{source}' ({days}); "
                                     f"write '{days}' (the window the loader resolves)", (label, "note"))
                break
