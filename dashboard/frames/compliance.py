"""The compliance tables (agreements, provisions, assessments, their citations) every page, chart and export reads.

Every date column holds the EFFECTIVE window of windows.py / windows_compliance.py (the coded date cut by
its bounds and, for reported facts, by its sources' publication), so no consumer re-derives a date:
`*_start`/`*_end` per date, `window_start`/`window_end`/`window_note` per record (an agreement's window is
its entry into effect, else its signing; a provision's is its deadline; an assessment's its as-of date).
The formula of a derived status is written here from those windows. No Streamlit import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from dashboard.dataset import dates
from dashboard.conventions import theme
from dashboard.dataset.compliance import (ANCHOR_TEXT, CATEGORY_LABEL, STATUS_LABEL, UNSETTLED, days_past,
    days_past_range, days_past_text, derived_formula)
from dashboard.codebook.compliance import PAX_TOPIC, Assessment
from dashboard.codebook.common import When
from dashboard.dataset.windows import publication_windows, windows_of

if TYPE_CHECKING:
    from dashboard.dataset.loader import Dataset

WINDOW = ["window_start", "window_end", "window_note"]
AGREEMENT_COLUMNS = ["id", "name", "kind", "theatre", "parties", "party_ids", "mediators", "guarantors", "sponsors",
                     "signed", "signed_start", "signed_end", "signed_precision", "signed_text", "effective", "effective_start",
                     "effective_end", "effective_precision", "effective_text", *WINDOW, "phases", "summary", "source",
                     "source_ids", "quote", "n_provisions", "permalink"]
PROVISION_COLUMNS = ["id", "agreement_id", "agreement", "theatre", "category", "category_label", "pax_topic", "label", "obligated",
                     "obligated_ids", "stage", "summary", "deadline", "deadline_start", "deadline_end", "deadline_precision",
                     "deadline_text", *WINDOW, "deadline_rule", "deadline_note", "outstanding_metric", "paraphrase", "wording", "source", "source_ids",
                     "n_assessments", "latest_as_of", "latest_statuses", "days_past_deadline", "days_past_as_of", "days_past_text",
                     "permalink"]
ASSESSMENT_COLUMNS = ["id", "provision_id", "provision", "agreement_id", "theatre", "category", "as_of", "as_of_start",
                      "as_of_end", "as_of_precision", "as_of_text", *WINDOW, "status", "status_label", "claimant_id", "claimant",
                      "claimant_key", "party_id", "party", "summary", "evidence_events", "evidence_figures", "derived",
                      "derived_formula", "days_past_deadline", "days_past_range", "days_past_text", "source", "source_ids", "quote", "permalink"]
CITATION_COLUMNS = ["record_kind", "record_id", "n", "source_id", "quote", "start", "end", "passage", "permalink"]


def empty_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (pd.DataFrame(columns=AGREEMENT_COLUMNS), pd.DataFrame(columns=PROVISION_COLUMNS),
            pd.DataFrame(columns=ASSESSMENT_COLUMNS), pd.DataFrame(columns=CITATION_COLUMNS))


def _when(prefix: str, when: When | None, eff) -> dict:
    """The columns of one date: as coded (`prefix`, `_precision`, `_text`) and its effective window."""
    if when is None:
        return {prefix: None, f"{prefix}_start": pd.NaT, f"{prefix}_end": pd.NaT, f"{prefix}_precision": None, f"{prefix}_text": None}
    w = eff or dates.window(when)
    return {prefix: when.date, f"{prefix}_start": pd.Timestamp(w.start), f"{prefix}_end": pd.Timestamp(w.end),
            f"{prefix}_precision": when.precision.value, f"{prefix}_text": when.text}


def _window(eff) -> dict:
    if eff is None:
        return {"window_start": pd.NaT, "window_end": pd.NaT, "window_note": None}
    return {"window_start": pd.Timestamp(eff.start), "window_end": pd.Timestamp(eff.end), "window_note": eff.note}


def claim_sources(rec, figures: dict) -> list[str]:
    """The sources a record claims through, in order: its citations, or for a derived record (which cites
    nothing), those of the figures it is computed from (`figures`: ds.by_id("figures")). Its author's claimant
    key comes from the first (theme.claimant_key): frames and exports alike."""
    cits = list(rec.citations)
    derived = getattr(rec, "derived", None)
    if not cits and derived:
        cits = [c for f in derived.from_figures if f in figures for c in figures[f].citations]
    return list(dict.fromkeys(c.source for c in cits))


def claimant_fields(claimant: str, source_ids, actor_name: dict, authors: dict) -> dict:
    """A record's claimant columns: `claimant_id` the codebook's actor id (raw: 'author'), `claimant_key` who
    says so as one series (the author of source S is `author:S`, theme.claimant_key) and `claimant` its name
    (an article's author: theme.author_label of that article, never one 'author' for all)."""
    key = theme.claimant_key(claimant, source_ids)
    src = key[len(theme.AUTHOR_KEY_PREFIX):] if key != claimant else None
    name = authors.get(src) if src else None
    return {"claimant_id": claimant, "claimant_key": key,
            "claimant": name or actor_name.get(claimant, claimant)}


def _assessment_claimant(a: Assessment, src_ids, name: dict, authors: dict) -> dict:
    """An assessment's claimant columns; a claimant other than an author by the label every page uses."""
    out = claimant_fields(a.claimant, src_ids, name, authors)
    if out["claimant_key"] == a.claimant:
        out["claimant"] = theme.claimant_label(a.claimant, name.get(a.claimant))
    return out


def source_names(ds: "Dataset") -> tuple[dict[str, str], dict[str, str]]:
    """(reader-facing name of each source, label of each article's author): the outlet, or its kind and
    publication window (theme.outlet_label, theme.author_label); never an internal source id."""
    published = publication_windows(ds)
    names, authors = {}, {}
    for s in ds.sources:
        w = published.get(s.id) or dates.window(s.published)
        outlet, basis = s.outlet_shown  # the text's outlet, else the one the coder supplied (marked so)
        names[s.id] = theme.outlet_label(outlet, s.kind.value, w.start, w.end, basis.value if basis else None)
        authors[s.id] = theme.author_label(outlet, s.kind.value, w.start, w.end)
    # two articles of one outlet: their authors are told apart by the publication window
    same = [a for a in authors.values() if list(authors.values()).count(a) > 1]
    for s in ds.sources:
        if authors[s.id] in same:
            w = published.get(s.id) or dates.window(s.published)
            authors[s.id] = theme.author_label(s.outlet_shown[0], s.kind.value, w.start, w.end, dated=True)
    return names, authors


def current_statuses(assessments: pd.DataFrame) -> pd.DataFrame:
    """Each (provision, claimant)'s latest assessment: the status that claimant last reported (or we derived).
    Each article's author is a claimant of their own (`claimant_key`)."""
    if assessments.empty:
        return assessments
    order = assessments.sort_values(["as_of_end", "as_of_start", "derived", "id"])
    return order.groupby(["provision_id", "claimant_key", "derived"], sort=False).tail(1)


def _rule_text(rule) -> str | None:
    if rule is None:
        return None
    if rule.after_event:
        return f"{rule.text}, counted from event {rule.after_event}"
    return f"{rule.text}, counted from {' or '.join(ANCHOR_TEXT[a] for a in rule.after)}"


def compliance_frames(ds: "Dataset") -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(agreements, provisions, assessments, their citations with spans); the citations table has the columns
    of Frames.citations but is kept apart, since the reader and coverage list only events, figures and phases."""
    from dashboard.frames.links import permalink  # frames imports this module to build its tables

    if not ds.agreements and not ds.provisions and not ds.assessments:
        return empty_frames()
    eff = windows_of(ds)
    name = {a.id: a.name for a in ds.actors}
    outlet, authors = source_names(ds)
    agreements = ds.by_id("agreements")
    provisions = ds.by_id("provisions")
    figures = ds.by_id("figures")

    def names(ids) -> list[str]:
        return [name.get(i, i) for i in ids]

    def sources_of(rec) -> tuple[str, list[str]]:
        ids = claim_sources(rec, figures)  # a derived status cites through its figures
        return "; ".join(dict.fromkeys(outlet.get(s, "unnamed outlet") for s in ids)), ids

    def formula(a: Assessment, pv) -> str | None:
        if a.derived is None:
            return None
        used = [figures[f] for f in a.derived.from_figures if f in figures]
        dw = eff.get(("provisions", pv.id, "deadline")) if pv else None
        fws = [(eff.get(("figures", f.id, "window")), f) for f in used]
        fws = [(w, f) for w, f in fws if w is not None]
        if dw is None or not fws or pv.deadline is None:
            return a.derived.formula
        w, latest = max(fws, key=lambda p: (p[0].start, p[0].end))
        rule = pv.deadline_rule
        return derived_formula(dw, _rule_text(rule) if rule else pv.deadline.text, w, latest.lo or 0, latest.unit.value)

    asm_rows = []
    for a in ds.assessments:
        pv = provisions.get(a.provision)
        src, src_ids = sources_of(a)
        w = eff.get(("assessments", a.id, "window"))
        dw = eff.get(("provisions", pv.id, "deadline")) if pv else None
        asm_rows.append({
            "id": a.id, "provision_id": a.provision, "provision": pv.label if pv else a.provision,
            "agreement_id": pv.agreement if pv else None,
            "theatre": agreements[pv.agreement].theatre.value if pv and pv.agreement in agreements else None,
            "category": pv.category.value if pv else None, **_when("as_of", a.as_of, w), **_window(w),
            "status": a.status.value, "status_label": STATUS_LABEL[a.status.value],
            **_assessment_claimant(a, src_ids, name, authors),
            "party_id": a.party, "party": name.get(a.party, a.party) if a.party else None, "summary": a.summary,
            "evidence_events": list(a.evidence_events), "evidence_figures": list(a.evidence_figures),
            "derived": a.derived is not None, "derived_formula": formula(a, pv),
            "days_past_deadline": days_past(dw, w) if dw is not None and w is not None else None,
            "days_past_range": days_past_range(dw, w.start, w.end) if dw is not None and w is not None else None,
            "days_past_text": days_past_text(dw, w.start, w.end, w.precision) if dw is not None and w is not None else None,
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
        every = asm[asm["provision_id"] == p.id]
        latest = every["as_of_end"].max() if len(every) else pd.NaT
        unsettled = mine[mine["status"].isin(UNSETTLED)]
        dw = eff.get(("provisions", p.id, "deadline"))
        past, past_as_of, past_text = None, pd.NaT, None
        if dw is not None and len(unsettled):
            last = every.sort_values(["as_of_end", "as_of_start"]).iloc[-1]
            gap = (last["as_of_start"].date() - dw.end).days
            past, past_as_of = (gap, last["as_of_start"]) if gap > 0 else (None, pd.NaT)
            past_text = days_past_text(dw, last["as_of_start"], last["as_of_end"], last["as_of_precision"])
        rule = p.deadline_rule
        src, src_ids = sources_of(p)
        pv_rows.append({
            "id": p.id, "agreement_id": p.agreement, "agreement": ag.name if ag else p.agreement,
            "theatre": ag.theatre.value if ag else None, "category": p.category.value,
            "category_label": CATEGORY_LABEL[p.category.value], "pax_topic": PAX_TOPIC[p.category], "label": p.label,
            "obligated": names(p.obligated), "obligated_ids": list(p.obligated), "stage": p.stage, "summary": p.summary,
            **_when("deadline", p.deadline, dw), **_window(dw), "deadline_rule": _rule_text(rule),
            "deadline_note": (rule.note if rule and rule.note else p.deadline.note if p.deadline else None),
            "outstanding_metric": p.outstanding_metric.value if p.outstanding_metric else None,
            "paraphrase": p.paraphrase, "wording": p.citations[0].quote, "source": src, "source_ids": src_ids,
            "n_assessments": len(every), "latest_as_of": latest,
            "latest_statuses": [f"{r.claimant}: {r.status_label}{' (derived)' if r.derived else ''}" for r in mine.itertuples()],
            "days_past_deadline": past, "days_past_as_of": past_as_of, "days_past_text": past_text,
            "permalink": permalink("provisions", p.id),
        })
    pvf = pd.DataFrame(pv_rows, columns=PROVISION_COLUMNS)
    pvf["days_past_deadline"] = pvf["days_past_deadline"].astype("Int64")
    pvf["stage"] = pvf["stage"].astype("Int64")

    ag_rows = []
    for g in ds.agreements:
        src, src_ids = sources_of(g)
        sw, ew = eff.get(("agreements", g.id, "signed")), eff.get(("agreements", g.id, "effective"))
        ag_rows.append({
            "id": g.id, "name": g.name, "kind": g.kind.value, "theatre": g.theatre.value, "parties": names(g.parties),
            "party_ids": list(g.parties), "mediators": names(g.mediators), "guarantors": names(g.guarantors),
            "sponsors": names(g.sponsors), **_when("signed", g.signed, sw), **_when("effective", g.effective, ew),
            **_window(ew or sw), "phases": list(g.phases), "summary": g.summary, "source": src, "source_ids": src_ids,
            "quote": g.citations[0].quote, "n_provisions": sum(p.agreement == g.id for p in ds.provisions),
            "permalink": permalink("agreements", g.id),
        })
    agf = pd.DataFrame(ag_rows, columns=AGREEMENT_COLUMNS)
    cits = [{"record_kind": kind[:-1], "record_id": rec.id, "n": i + 1, "source_id": c.source, "quote": c.quote,
             "start": c.start, "end": c.end, "passage": c.passage.value, "permalink": permalink(kind, rec.id)}
            for kind in ("agreements", "provisions", "assessments") for rec in getattr(ds, kind)
            for i, c in enumerate(rec.citations)]
    return agf, pvf, asm, pd.DataFrame(cits, columns=CITATION_COLUMNS)
