"""Flatten the validated dataset into pandas frames: the single shape charts, pages and CSV use.

Column names follow ACLED where a column means what ACLED's means (event_date, time_precision,
event_type, sub_event_type, actor1, actor2, location, fatalities, source, notes).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from dashboard.frames import claims
from dashboard.dataset import dates
from dashboard.frames import compliance as frames_compliance
from dashboard.dataset.loader import Dataset
from dashboard.dataset.effective import Effective
from dashboard.dataset.windows import incident_of, windows_of
from dashboard.codebook.events import ACLED_TYPES
from dashboard.codebook.common import Precision
from dashboard.frames.links import permalink

# ACLED's time_precision codes; ACLED has no year code, so a year is coded 3 and kept in date_precision.
TIME_PRECISION = {Precision.day: 1, Precision.week: 2, Precision.month: 3, Precision.year: 3}


# A figure's period follows its value or stands where a date would ("3 killed, per the IDF, since the
# ceasefire"; "Lebanon · since the ceasefire · per the IDF"), so it is a phrase, never a sentence start:
# coders copy it with the article's capital ("Since the ceasefire"). Only a leading function word is
# lowered, so a period starting with a name ("October 2025", "Ramadan") keeps its capital.
PERIOD_LEAD_WORDS = {"since", "during", "over", "in", "from", "after", "before", "between", "until", "through",
                     "throughout", "the", "last", "past", "this", "so", "for", "across", "within", "up"}


def period_phrase(period: str | None) -> str | None:
    """'Since the ceasefire' -> 'since the ceasefire'; 'October 2025' unchanged."""
    if not isinstance(period, str) or not period:
        return period
    first = period.split(" ", 1)[0]
    return period[0].lower() + period[1:] if first.lower() in PERIOD_LEAD_WORDS else period


@dataclass
class Frames:
    events: pd.DataFrame
    figures: pd.DataFrame
    citations: pd.DataFrame
    sources: pd.DataFrame
    phases: pd.DataFrame
    actors: pd.DataFrame
    comparisons: pd.DataFrame
    # compliance tables (dashboard/dataset/compliance.py); empty for datasets that code no agreements
    agreements: pd.DataFrame = field(default_factory=lambda: frames_compliance.empty_frames()[0])
    provisions: pd.DataFrame = field(default_factory=lambda: frames_compliance.empty_frames()[1])
    assessments: pd.DataFrame = field(default_factory=lambda: frames_compliance.empty_frames()[2])
    compliance_citations: pd.DataFrame = field(default_factory=lambda: frames_compliance.empty_frames()[3])

    def items(self):
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


def _when_cols(prefix: str, when) -> dict:
    if when is None:
        return {f"{prefix}": None, f"{prefix}_start": pd.NaT, f"{prefix}_end": pd.NaT, f"{prefix}_precision": None,
                f"{prefix}_text": None, f"{prefix}_rule": None}
    w = dates.window(when)
    return {
        prefix: when.date,
        f"{prefix}_start": pd.Timestamp(w.start),
        f"{prefix}_end": pd.Timestamp(w.end),
        f"{prefix}_precision": when.precision.value,
        f"{prefix}_text": when.text,
        f"{prefix}_rule": when.rule.value,
    }


def build_frames(ds: Dataset) -> Frames:
    actor_name = {a.id: a.name for a in ds.actors}
    from dashboard.frames.compliance import claim_sources, claimant_fields, source_names

    outlet, authors = source_names(ds)  # reader-facing names (theme.outlet_label, author_label), never a source id

    figures_by_id = ds.by_id("figures")

    def claimant_of(rec) -> dict:  # claimant_id (raw), claimant_key (each article's author its own), claimant
        return claimant_fields(rec.claimant, claim_sources(rec, figures_by_id), actor_name, authors)

    def sources_of(rec) -> str:
        return "; ".join(dict.fromkeys(outlet[c.source] for c in rec.citations))

    # Every date column holds the EFFECTIVE window (coded window cut by the sources' bounds, see
    # windows.py), so charts, filters and exports draw what the text allows; window_note says why.
    effective = windows_of(ds)
    incident = incident_of(ds)

    same = possibly_same_links(ds)

    events = []
    for e in ds.events:
        acled_type, acled_sub = ACLED_TYPES[e.event_type]
        w = effective.get(("events", e.id, "window")) or _coded(e.when, e.until)
        row = {
            "id": e.id,
            "event_date": w.start.isoformat(),
            "date": e.when.date,
            "time_precision": TIME_PRECISION[e.when.precision],
            "date_precision": e.when.precision.value,
            "date_time": e.when.time,
            "date_start": pd.Timestamp(w.start),
            "date_end": pd.Timestamp(w.end),
            "window_note": w.note,
            "incident": incident.get(("events", e.id)),
            "possibly_same": same.get(e.id),
            "date_text": e.when.text,
            "date_rule": e.when.rule.value,
            "date_note": e.when.note,
            "until": e.until.date if e.until else None,
            "status": e.status.value,
            "theatre": e.theatre.value,
            "location": e.location,
            "event_type": acled_type,
            "sub_event_type": acled_sub,
            "type": e.event_type.value,
            "actor1": actor_name.get(e.actors[0]) if e.actors else None,
            "actor2": actor_name.get(e.actors[1]) if len(e.actors) > 1 else None,
            "actor_ids": list(e.actors),
            "primary_actor": e.actors[0] if e.actors else "unattributed",
            "phase": e.phase,
            "fatalities": e.fatalities,
            "key": e.key,
            "source": sources_of(e),
            "source_ids": list(dict.fromkeys(c.source for c in e.citations)),
            "notes": e.summary,
            "quote": e.citations[0].quote,
            "permalink": permalink("events", e.id),
        }
        events.append(row)
    ev = pd.DataFrame(events, columns=_EVENT_COLUMNS)

    figures = []
    for f in ds.figures:
        w = effective.get(("figures", f.id, "window")) or _coded(f.as_of)
        figures.append({
            "id": f.id,
            "metric": f.metric.value,
            "value": f.value,
            "low": f.lo,
            "high": f.hi,
            "qualifier": f.qualifier.value,
            "unit": f.unit.value,
            "subject": f.subject,
            "theatre": f.theatre.value,
            "as_of": f.as_of.date,
            "as_of_start": pd.Timestamp(w.start),
            "as_of_end": pd.Timestamp(w.end),
            "as_of_precision": f.as_of.precision.value,
            "as_of_time": f.as_of.time,
            "as_of_text": f.as_of.text,
            "window_note": w.note,
            "incident": incident.get(("figures", f.id)),
            "period": period_phrase(f.period),
            **claimant_of(f),
            "event": f.event,
            "phase": f.phase,
            "derived": f.derived is not None,
            "derived_formula": f.derived.formula if f.derived else None,
            "source": sources_of(f) if f.citations else "derived",
            "source_ids": list(dict.fromkeys(c.source for c in f.citations)),
            "quote": f.citations[0].quote if f.citations else None,
            "permalink": permalink("figures", f.id),
        })
    fg = pd.DataFrame(figures, columns=_FIGURE_COLUMNS)
    fg["quantity"] = claims.quantity_keys(fg)  # which figures are claims about the same quantity (claims.py)

    cits = []
    for kind in ("events", "figures", "phases", "comparisons"):
        for rec in getattr(ds, kind):
            for i, c in enumerate(rec.citations):
                cits.append({"record_kind": kind[:-1], "record_id": rec.id, "n": i + 1, "source_id": c.source,
                             "quote": c.quote, "start": c.start, "end": c.end, "passage": c.passage.value,
                             "permalink": permalink(kind, rec.id)})
    ct = pd.DataFrame(cits, columns=["record_kind", "record_id", "n", "source_id", "quote", "start", "end", "passage", "permalink"])

    def pub(s):
        return effective.get(("sources", s.id, "published")) or _coded(s.published)

    def phase_end(p, end: str):
        return effective.get(("phases", p.id, end)) or _coded(getattr(p, end))

    src = pd.DataFrame([{
        "id": s.id, "file": s.file, "title": s.title, **provenance_cols(s), "outlet_evidence": s.outlet_evidence,
        "kind": s.kind.value, "byline": s.byline, "published": s.published.date,
        "published_precision": s.published.precision.value, "published_start": pd.Timestamp(pub(s).start),
        "published_end": pd.Timestamp(pub(s).end), "published_rationale": s.published.note,
        "sha256": s.sha256, "permalink": permalink("sources", s.id),
    } for s in ds.sources])

    ph = pd.DataFrame([{
        "id": p.id, "name": p.name, "theatre": p.theatre.value, "start": p.start.date, "start_precision": p.start.precision.value,
        "start_start": pd.Timestamp(phase_end(p, "start").start), "start_end": pd.Timestamp(phase_end(p, "start").end),
        "end": p.end.date if p.end else None, "end_end": pd.Timestamp(phase_end(p, "end").end) if p.end else pd.NaT,
        "open": p.end is None, "summary": p.summary, "permalink": permalink("phases", p.id),
    } for p in ds.phases], columns=["id", "name", "theatre", "start", "start_precision", "start_start", "start_end",
                                     "end", "end_end", "open", "summary", "permalink"])

    ac = pd.DataFrame([{"id": a.id, "name": a.name, "kind": a.kind.value, "aliases": "; ".join(a.aliases), "part_of": a.part_of}
                       for a in ds.actors])

    cm = pd.DataFrame([{
        "id": c.id, "dimension": c.dimension.value, "theatre": c.theatre, "summary": c.summary,
        **claimant_of(c), "source": sources_of(c), "quote": c.citations[0].quote, "permalink": permalink("comparisons", c.id),
    } for c in ds.comparisons], columns=["id", "dimension", "theatre", "summary", "claimant_id", "claimant_key", "claimant",
                                         "source", "quote", "permalink"])
    return Frames(ev, fg, ct, src, ph, ac, cm, *frames_compliance.compliance_frames(ds))


def provenance_cols(s) -> dict:
    """A source's provenance as shown, each piece with its basis (models.Basis: stated in the text, supplied
    by the coder, inferred): `outlet` and `url` are what readers see (the text's, else the coder's), and the
    text's and the coder's values are kept apart in their own columns for the detail view and the export."""
    outlet, outlet_basis = s.outlet_shown
    url, url_basis = s.url_shown
    sup = s.supplied
    return {"outlet": outlet, "outlet_basis": outlet_basis.value if outlet_basis else None,
            "outlet_in_text": s.outlet, "outlet_supplied": sup.outlet if sup else None,
            "url": url, "url_basis": url_basis.value if url_basis else None,
            "published_basis": s.published_basis.value, "published_time": s.published.time,
            "supplied_by": sup.by if sup else None, "retrieved": sup.retrieved if sup else None,
            "supplied_note": sup.note if sup else None}


def possibly_same_links(ds) -> dict[str, str]:
    """Event id -> its "possibly the same incident" links, both ways, one per line as 'other-id: why' (ids are
    slugs, so the first ': ' ends the id). A link coded on one event is shown on both."""
    links: dict[str, dict[str, str]] = {}
    for e in ds.events:
        for link in e.possibly_same:
            why = " ".join(link.why.split())  # one line each: a folded YAML reason keeps no line break
            links.setdefault(e.id, {}).setdefault(link.event, why)
            links.setdefault(link.event, {}).setdefault(e.id, why)
    return {eid: "\n".join(f"{other}: {why}" for other, why in sorted(d.items())) for eid, d in links.items()}


def parse_possibly_same(text) -> list[tuple[str, str]]:
    """[(other event id, why)] from a frame's `possibly_same` cell (possibly_same_links)."""
    if not isinstance(text, str) or not text:
        return []
    return [tuple(line.split(": ", 1)) if ": " in line else (line, "") for line in text.split("\n")]


def _coded(first, last=None) -> Effective:
    """The coded window, for a record the resolver could not bound (only in datasets not built by load_dataset)."""
    a, b = dates.window(first), dates.window(last or first)
    return Effective(a.start, b.end, first.precision.value)


_EVENT_COLUMNS = ["id", "event_date", "date", "time_precision", "date_precision", "date_start", "date_end", "date_text", "date_rule",
                  "date_note", "until", "status", "theatre", "location", "event_type", "sub_event_type", "type", "actor1",
                  "actor2", "actor_ids", "primary_actor", "phase", "fatalities", "key", "source", "source_ids", "notes",
                  "quote", "permalink", "window_note", "incident", "date_time", "possibly_same"]
_FIGURE_COLUMNS = ["id", "metric", "value", "low", "high", "qualifier", "unit", "subject", "theatre", "as_of", "as_of_start",
                   "as_of_end", "as_of_precision", "as_of_text", "period", "claimant_id", "claimant_key", "claimant", "event", "phase",
                   "derived", "derived_formula", "source", "source_ids", "quote", "permalink", "window_note", "incident",
                   "quantity", "as_of_time"]
