"""Compliance: what each agreement required (provisions) and what the reporting says happened (assessments).

Three jobs, no Streamlit import:
- `check_compliance(ds, report, ...)`: the loader rules for agreements, provisions and assessments
  (references, verbatim citations, relative deadlines resolved as their rule says, assessments dated
  after their source only when forward-looking, derived statuses that follow from their formula);
- the derived quantities: a relative deadline's resolved date, days past a deadline;
- `compliance_frames(ds)`: the flat tables pages, charts and exports use.
Conflicting assessments from different claimants are separate records and stay separate here: nothing
in this module picks a winner.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import TYPE_CHECKING

import pandas as pd

from . import dates, theme
from .datefmt import format_span
from .models import (
    FORWARD_LOOKING_ASSESSMENT,
    PAX_TOPIC,
    Agreement,
    Assessment,
    AssessmentStatus,
    DeadlineUnit,
    DerivedStatusMethod,
    Precision,
    Provision,
    When,
)

if TYPE_CHECKING:  # the loader imports this module; only type names come back
    from .loader import Dataset

STATUS_LABEL = {
    AssessmentStatus.not_yet_due.value: "not yet due",
    AssessmentStatus.in_progress.value: "in progress",
    AssessmentStatus.fulfilled.value: "fulfilled",
    AssessmentStatus.partly_fulfilled.value: "partly fulfilled",
    AssessmentStatus.overdue.value: "overdue",
    AssessmentStatus.disputed.value: "disputed",
    AssessmentStatus.reported_violated.value: "reported violated",
}
CATEGORY_LABEL = {
    "cessation_of_hostilities": "Cessation of hostilities", "hostage_prisoner_release": "Hostage and prisoner release",
    "remains_return": "Return of remains", "withdrawal_and_lines": "Withdrawal and lines", "disarmament": "Disarmament",
    "governance_transition": "Governance and transitional administration", "international_force": "International force",
    "guarantees_monitoring": "Guarantees and monitoring", "humanitarian_access": "Humanitarian access",
    "reconstruction": "Reconstruction", "amnesty": "Amnesty", "political_settlement": "Political settlement",
}
ANCHOR_TEXT = {"signed": "the signing", "effective": "the entry into effect"}
UNSETTLED = {AssessmentStatus.overdue.value, AssessmentStatus.disputed.value, AssessmentStatus.reported_violated.value,
             AssessmentStatus.in_progress.value, AssessmentStatus.partly_fulfilled.value}


# --------------------------------------------------------------------------- derived quantities


def _days(amount: int, unit: DeadlineUnit) -> int:
    """Whole days a relative deadline adds; hours round up (72 hours = 3 days, 30 hours = 2)."""
    if unit is DeadlineUnit.hours:
        return math.ceil(amount / 24)
    return amount * (7 if unit is DeadlineUnit.weeks else 1)


def resolve_deadline(prov: Provision, agreement: Agreement | None, events: dict) -> tuple[When | None, str | None]:
    """The `When` a relative deadline resolves to, or (None, why it cannot be resolved)."""
    rule = prov.deadline_rule
    if rule is None:
        return None, "no deadline_rule"
    if rule.after_event:
        ev = events.get(rule.after_event)
        if ev is None:
            return None, f"unknown event '{rule.after_event}'"
        anchor, named = ev.when, f"event '{ev.id}'"
    else:
        anchor = getattr(agreement, rule.after, None) if agreement else None
        named = f"the agreement's `{rule.after}` date"
        if anchor is None:
            return None, f"{named} is not given, so '{rule.text}' cannot be resolved; leave the deadline empty"
    if anchor.precision not in (Precision.day, Precision.week):
        return None, (f"{named} is known to the {anchor.precision.value} only, too coarse to count '{rule.text}' from; "
                      "leave the deadline empty")
    start = dates.window(anchor).start + timedelta(days=_days(rule.amount, rule.unit))
    return When(date=start.isoformat(), precision=anchor.precision, text=rule.text, rule="offset",
                note=f"{rule.text} after {named} ({anchor.date})"), None


def days_past(deadline: When | None, as_of: When | None) -> int | None:
    """Whole days from the end of the deadline's window to the start of the as-of window; None if not past."""
    if deadline is None or as_of is None:
        return None
    gap = (dates.window(as_of).start - dates.window(deadline).end).days
    return gap if gap > 0 else None


# --------------------------------------------------------------------------- loader rules


def check_compliance(ds: "Dataset", report) -> None:
    """Check agreements, provisions and assessments; every problem goes to `report(kind, id, message, at)`.

    A dataset rule of the registry (dashboard/rules, entry R-COMPLIANCE): by the time it runs the citation
    rules have verified and spanned these records' quotes; `report.unknown` and `report.published` are the
    registry's own reference hints and publication windows."""
    unknown = report.unknown

    def check_when(kind, rec, label, when, anchor):
        """The date is real at its precision and its rule agrees with the anchor source's publication."""
        if when is None:
            return None
        try:
            w = dates.window(when)
        except ValueError as exc:
            report(kind, rec.id, f"{label}: {exc}", (label, "date"))
            return None
        pub = report.published.get(anchor) if anchor else None
        for message in dates.check_rule(when, pub) if pub else []:
            report(kind, rec.id, f"{label}: {message}", (label,))
        return w

    def check_citations(kind, rec):
        return rec.citations[0].source if rec.citations else None  # the date anchor; quotes: R-CITE-* rules

    actor_ids = {a.id for a in ds.actors}
    phase_ids = {p.id for p in ds.phases}
    events = ds.by_id("events")
    figures = ds.by_id("figures")
    agreements = ds.by_id("agreements")
    provisions = ds.by_id("provisions")
    published = report.published

    def actors(kind, rec, name):
        for i, a in enumerate(getattr(rec, name)):
            if a not in actor_ids:
                report(kind, rec.id, f"{name}: {unknown('actors', a, actor_ids)}", (name, i))

    for ag in ds.agreements:
        anchor = check_citations("agreements", ag)
        for name in ("parties", "mediators", "guarantors", "sponsors"):
            actors("agreements", ag, name)
        for i, ph in enumerate(ag.phases):
            if ph not in phase_ids:
                report("agreements", ag.id, f"phases: {unknown('phases', ph, phase_ids)}", ("phases", i))
        signed = check_when("agreements", ag, "signed", ag.signed, anchor)
        effective = check_when("agreements", ag, "effective", ag.effective, anchor)
        if signed and effective and effective.end < signed.start:
            report("agreements", ag.id, f"effective {ag.effective.date} is before signed {ag.signed.date}", ("effective", "date"))

    for pv in ds.provisions:
        anchor = check_citations("provisions", pv)
        ag = agreements.get(pv.agreement)
        if ag is None:
            report("provisions", pv.id, f"agreement: {unknown('agreements', pv.agreement, set(agreements))}", ("agreement",))
        actors("provisions", pv, "obligated")
        # a deadline is forward-looking by nature: it may lie after the article that states it
        check_when("provisions", pv, "deadline", pv.deadline, anchor)
        if pv.deadline_rule and pv.deadline_rule.after_event and pv.deadline_rule.after_event not in events:
            report("provisions", pv.id, f"deadline_rule.after_event: {unknown('events', pv.deadline_rule.after_event, set(events))}",
                   ("deadline_rule", "after_event"))
        elif pv.deadline_rule and (ag is not None or pv.deadline_rule.after_event):
            expected, why = resolve_deadline(pv, ag, events)
            if expected is None:
                report("provisions", pv.id, f"deadline_rule: {why}", ("deadline_rule",))
            elif (pv.deadline.date, pv.deadline.precision) != (expected.date, expected.precision) or pv.deadline.rule.value != "offset":
                report("provisions", pv.id,
                       f"deadline: '{pv.deadline_rule.text}' resolves to {expected.date} ({expected.precision.value}, rule offset: "
                       f"{expected.note}), not {pv.deadline.date} ({pv.deadline.precision.value}, rule {pv.deadline.rule.value})",
                       ("deadline", "date"))

    for asm in ds.assessments:
        anchor = check_citations("assessments", asm) if asm.citations else None
        pv = provisions.get(asm.provision)
        if pv is None:
            report("assessments", asm.id, f"provision: {unknown('provisions', asm.provision, set(provisions))}", ("provision",))
        if asm.claimant not in actor_ids:
            report("assessments", asm.id, f"claimant: {unknown('actors', asm.claimant, actor_ids)}", ("claimant",))
        if asm.party is not None:
            if asm.party not in actor_ids:
                report("assessments", asm.id, f"party: {unknown('actors', asm.party, actor_ids)}", ("party",))
            elif pv is not None and pv.obligated and asm.party not in pv.obligated:
                report("assessments", asm.id, f"party: '{asm.party}' is not obligated by provision '{pv.id}' "
                                              f"(obligated: {', '.join(pv.obligated)})", ("party",))
        for i, e in enumerate(asm.evidence_events):
            if e not in events:
                report("assessments", asm.id, f"evidence_events: {unknown('events', e, set(events))}", ("evidence_events", i))
        for i, f in enumerate(asm.evidence_figures):
            if f not in figures:
                report("assessments", asm.id, f"evidence_figures: {unknown('figures', f, set(figures))}", ("evidence_figures", i))
        if asm.derived:
            dated_by = _check_derived(asm, pv, figures, report, unknown)
            anchor = anchor or dated_by
        w = check_when("assessments", asm, "as_of", asm.as_of, anchor)
        pub = published.get(anchor) if anchor else None
        if w and pub and w.start > pub.end and asm.status not in FORWARD_LOOKING_ASSESSMENT:
            report("assessments", asm.id, f"as_of: {asm.as_of.date} is after its source's publication ({pub.end}) but has status "
                                          f"'{asm.status.value}'; only {', '.join(s.value for s in FORWARD_LOOKING_ASSESSMENT)} "
                                          "can describe a later date", ("as_of", "date"))


def _check_derived(asm: Assessment, pv: Provision | None, figures: dict, report, unknown) -> str | None:
    """A derived status must follow from its inputs. Returns the source id that dates the inputs."""
    d = asm.derived
    missing = [f for f in d.from_figures if f not in figures]
    if missing:
        report("assessments", asm.id, f"derived.from_figures: {unknown('figures', missing[0], set(figures))}",
               ("derived", "from_figures", d.from_figures.index(missing[0])))
        return None
    used = [figures[f] for f in d.from_figures]
    latest = max(used, key=lambda f: (dates.window(f.as_of).start, dates.window(f.as_of).end))
    anchor = latest.citations[0].source if latest.citations else None
    if d.method is DerivedStatusMethod.past_deadline_outstanding:
        if pv is None:
            return anchor
        if pv.deadline is None:
            report("assessments", asm.id, f"derived: provision '{pv.id}' has no deadline, so it cannot be past it", ("derived", "method"))
            return anchor
        if (asm.as_of.date, asm.as_of.precision) != (latest.as_of.date, latest.as_of.precision):
            report("assessments", asm.id, f"as_of: a derived status is as of its latest figure '{latest.id}' "
                                          f"({latest.as_of.date}, {latest.as_of.precision.value}), not {asm.as_of.date}", ("as_of", "date"))
        if asm.claimant != latest.claimant:
            report("assessments", asm.id, f"claimant: a derived status rests on the numbers of '{latest.claimant}' "
                                          f"(figure '{latest.id}'), not '{asm.claimant}'", ("claimant",))
        past = days_past(pv.deadline, latest.as_of)
        outstanding = latest.lo is not None and latest.lo > 0
        expected = AssessmentStatus.overdue if past and outstanding else None
        if expected is None:
            why = (f"figure '{latest.id}' ({latest.as_of.date}) is not after the deadline {pv.deadline.date}" if not past
                   else f"figure '{latest.id}' counts nothing outstanding ({latest.lo:g})")
            report("assessments", asm.id, f"derived: {d.method.value} does not hold: {why}", ("derived",))
        elif asm.status is not expected:
            report("assessments", asm.id, f"status: {d.method.value} gives '{expected.value}' "
                                          f"({past} days past {pv.deadline.date}, {latest.lo:g} outstanding), not '{asm.status.value}'",
                   ("status",))
    return anchor


# --------------------------------------------------------------------------- frames


AGREEMENT_COLUMNS = ["id", "name", "kind", "theatre", "parties", "party_ids", "mediators", "guarantors", "sponsors",
                     "signed", "signed_start", "signed_end", "signed_precision", "signed_text", "effective", "effective_start",
                     "effective_end", "effective_precision", "effective_text", "phases", "summary", "source", "source_ids",
                     "quote", "n_provisions", "permalink"]
PROVISION_COLUMNS = ["id", "agreement_id", "agreement", "theatre", "category", "category_label", "pax_topic", "label", "obligated",
                     "obligated_ids", "stage", "summary", "deadline", "deadline_start", "deadline_end", "deadline_precision",
                     "deadline_text", "deadline_rule", "deadline_note", "paraphrase", "wording", "source", "source_ids",
                     "n_assessments", "latest_as_of", "latest_statuses", "days_past_deadline", "days_past_as_of", "permalink"]
ASSESSMENT_COLUMNS = ["id", "provision_id", "provision", "agreement_id", "theatre", "category", "as_of", "as_of_start",
                      "as_of_end", "as_of_precision", "as_of_text", "status", "status_label", "claimant_id", "claimant",
                      "claimant_key", "party_id", "party", "summary", "evidence_events", "evidence_figures", "derived", "derived_formula",
                      "days_past_deadline", "source", "source_ids", "quote", "permalink"]


CITATION_COLUMNS = ["record_kind", "record_id", "n", "source_id", "quote", "start", "end", "passage", "permalink"]


def empty_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (pd.DataFrame(columns=AGREEMENT_COLUMNS), pd.DataFrame(columns=PROVISION_COLUMNS),
            pd.DataFrame(columns=ASSESSMENT_COLUMNS), pd.DataFrame(columns=CITATION_COLUMNS))


def _when(prefix: str, when: When | None) -> dict:
    if when is None:
        return {prefix: None, f"{prefix}_start": pd.NaT, f"{prefix}_end": pd.NaT, f"{prefix}_precision": None, f"{prefix}_text": None}
    w = dates.window(when)
    return {prefix: when.date, f"{prefix}_start": pd.Timestamp(w.start), f"{prefix}_end": pd.Timestamp(w.end),
            f"{prefix}_precision": when.precision.value, f"{prefix}_text": when.text}


def _claimant_label(a: Assessment, name: dict, outlet: dict, src_ids: list[str]) -> str:
    """Who says so. 'The author' differs from article to article, so the author is named by their outlet."""
    if a.claimant != "author" or not src_ids:
        return theme.claimant_label(a.claimant, name.get(a.claimant))  # the one label every page uses
    return f"Author, {outlet.get(src_ids[0], src_ids[0])}"


def _author_outlets(ds: "Dataset") -> dict[str, str]:
    """A short name for each article's author: the outlet, or its kind and publication window."""
    from .windows import publication_windows  # the narrowed window, as every other surface shows it

    published = publication_windows(ds)
    out = {}
    for s in ds.sources:
        w = published.get(s.id) or dates.window(s.published)
        out[s.id] = s.outlet or f"{s.kind.value.replace('_', ' ')}, {format_span(w.start, w.end, 'day')}"
    return out


def current_statuses(assessments: pd.DataFrame) -> pd.DataFrame:
    """Each (provision, claimant)'s latest assessment: the status that claimant last reported (or we derived).
    Each article's author is a claimant of their own (`claimant_key`)."""
    if assessments.empty:
        return assessments
    order = assessments.sort_values(["as_of_end", "as_of_start", "derived", "id"])
    return order.groupby(["provision_id", "claimant_key", "derived"], sort=False).tail(1)


def compliance_frames(ds: "Dataset") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(agreements, provisions, assessments, their citations with spans); the citations table has the columns
    of Frames.citations but is kept apart, since the reader and coverage list only events, figures and phases."""
    from .frames import permalink  # frames imports this module to build its tables

    if not ds.agreements and not ds.provisions and not ds.assessments:
        return empty_frames()
    name = {a.id: a.name for a in ds.actors}
    outlet = {s.id: s.outlet or f"Unidentified outlet ({s.id})" for s in ds.sources}
    authors = _author_outlets(ds)
    agreements = ds.by_id("agreements")
    provisions = ds.by_id("provisions")
    figures = ds.by_id("figures")

    def names(ids) -> list[str]:
        return [name.get(i, i) for i in ids]

    def sources_of(rec) -> tuple[str, list[str]]:
        cits = list(rec.citations)
        if not cits and getattr(rec, "derived", None):  # a derived status cites through its figures
            cits = [c for f in rec.derived.from_figures if f in figures for c in figures[f].citations]
        ids = list(dict.fromkeys(c.source for c in cits))
        return "; ".join(dict.fromkeys(outlet.get(s, s) for s in ids)), ids

    asm_rows = []
    for a in ds.assessments:
        pv = provisions.get(a.provision)
        src, src_ids = sources_of(a)
        asm_rows.append({
            "id": a.id, "provision_id": a.provision, "provision": pv.label if pv else a.provision,
            "agreement_id": pv.agreement if pv else None,
            "theatre": agreements[pv.agreement].theatre.value if pv and pv.agreement in agreements else None,
            "category": pv.category.value if pv else None, **_when("as_of", a.as_of),
            "status": a.status.value, "status_label": STATUS_LABEL[a.status.value],
            "claimant_id": a.claimant, "claimant": _claimant_label(a, name, authors, src_ids),
            "claimant_key": f"author:{src_ids[0]}" if a.claimant == "author" and src_ids else a.claimant,
            "party_id": a.party, "party": name.get(a.party, a.party) if a.party else None, "summary": a.summary,
            "evidence_events": list(a.evidence_events), "evidence_figures": list(a.evidence_figures),
            "derived": a.derived is not None, "derived_formula": a.derived.formula if a.derived else None,
            "days_past_deadline": days_past(pv.deadline, a.as_of) if pv else None,
            "source": src, "source_ids": src_ids, "quote": a.citations[0].quote if a.citations else None,
            "permalink": permalink("assessments", a.id),
        })
    asm = pd.DataFrame(asm_rows, columns=ASSESSMENT_COLUMNS)
    asm["days_past_deadline"] = asm["days_past_deadline"].astype("Int64")
    current = current_statuses(asm)

    pv_rows = []
    for p in ds.provisions:
        ag = agreements.get(p.agreement)
        mine = current[current["provision_id"] == p.id]
        latest = asm[asm["provision_id"] == p.id]["as_of_end"].max() if len(asm) else pd.NaT
        unsettled = mine[mine["status"].isin(UNSETTLED)]
        latest_w = max((dates.window(x.as_of) for x in ds.assessments if x.provision == p.id), key=lambda w: (w.end, w.start), default=None)
        past = None
        if p.deadline is not None and latest_w is not None and len(unsettled):
            gap = (latest_w.start - dates.window(p.deadline).end).days
            past = gap if gap > 0 else None
        rule = p.deadline_rule
        src, src_ids = sources_of(p)
        pv_rows.append({
            "id": p.id, "agreement_id": p.agreement, "agreement": ag.name if ag else p.agreement,
            "theatre": ag.theatre.value if ag else None, "category": p.category.value,
            "category_label": CATEGORY_LABEL[p.category.value], "pax_topic": PAX_TOPIC[p.category], "label": p.label,
            "obligated": names(p.obligated), "obligated_ids": list(p.obligated), "stage": p.stage, "summary": p.summary,
            **_when("deadline", p.deadline),
            "deadline_rule": (f"{rule.text}, counted from {ANCHOR_TEXT.get(rule.after) or 'event ' + str(rule.after_event)}"
                              if rule else None),
            "deadline_note": (rule.note if rule and rule.note else p.deadline.note if p.deadline else None),
            "paraphrase": p.paraphrase, "wording": p.citations[0].quote, "source": src, "source_ids": src_ids,
            "n_assessments": int((asm["provision_id"] == p.id).sum()), "latest_as_of": latest,
            "latest_statuses": [f"{r.claimant}: {r.status_label}{' (derived)' if r.derived else ''}" for r in mine.itertuples()],
            "days_past_deadline": past,
            "days_past_as_of": pd.Timestamp(latest_w.start) if past is not None else pd.NaT,
            "permalink": permalink("provisions", p.id),
        })
    pvf = pd.DataFrame(pv_rows, columns=PROVISION_COLUMNS)
    pvf["days_past_deadline"] = pvf["days_past_deadline"].astype("Int64")
    pvf["stage"] = pvf["stage"].astype("Int64")

    ag_rows = []
    for g in ds.agreements:
        src, src_ids = sources_of(g)
        ag_rows.append({
            "id": g.id, "name": g.name, "kind": g.kind.value, "theatre": g.theatre.value, "parties": names(g.parties),
            "party_ids": list(g.parties), "mediators": names(g.mediators), "guarantors": names(g.guarantors),
            "sponsors": names(g.sponsors), **_when("signed", g.signed), **_when("effective", g.effective),
            "phases": list(g.phases), "summary": g.summary, "source": src, "source_ids": src_ids,
            "quote": g.citations[0].quote, "n_provisions": sum(p.agreement == g.id for p in ds.provisions),
            "permalink": permalink("agreements", g.id),
        })
    agf = pd.DataFrame(ag_rows, columns=AGREEMENT_COLUMNS)
    cits = [{"record_kind": kind[:-1], "record_id": rec.id, "n": i + 1, "source_id": c.source, "quote": c.quote,
             "start": c.start, "end": c.end, "passage": c.passage.value, "permalink": permalink(kind, rec.id)}
            for kind in ("agreements", "provisions", "assessments") for rec in getattr(ds, kind)
            for i, c in enumerate(rec.citations)]
    return agf, pvf, asm, pd.DataFrame(cits, columns=CITATION_COLUMNS)
