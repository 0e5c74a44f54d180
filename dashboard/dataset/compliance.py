"""Compliance: what each agreement required (provisions) and what the reporting says happened (assessments).

Three jobs, no Streamlit import:
- `check_compliance(ds, report, ...)`: the loader rules for agreements, provisions and assessments
  (references, dates against their sources, assessments dated after their source only when
  forward-looking, derived statuses that follow from their inputs); their effective windows, relative
  deadlines included, are resolved by windows.py / windows_compliance.py like every other date;
- the derived quantities: days past a deadline, the formula of a derived status;
- `compliance_frames(ds)` (compliance_frames.py): the flat tables pages, charts and exports use.
Conflicting assessments from different claimants are separate records and stay separate here: nothing
in this module picks a winner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from types import SimpleNamespace

from dashboard.dataset import dates
import pandas as pd

from dashboard.conventions.datefmt import days_between, format_days, format_span
from dashboard.dataset.windows import windows_of
from dashboard.codebook.compliance import (FORWARD_LOOKING_ASSESSMENT, OUTSTANDING_METRICS, Assessment,
    AssessmentStatus, DerivedStatusMethod, Provision)
from dashboard.codebook.common import When

if TYPE_CHECKING:  # the loader imports this module; only type names come back
    from dashboard.dataset.loader import Dataset
from dashboard.dataset.windows_compliance import WHOLE

STATUS_LABEL = {
    AssessmentStatus.not_yet_due.value: "not yet due",
    AssessmentStatus.in_progress.value: "in progress",
    AssessmentStatus.fulfilled.value: "fulfilled",
    AssessmentStatus.partly_fulfilled.value: "partly fulfilled",
    AssessmentStatus.overdue.value: "overdue",
    AssessmentStatus.disputed.value: "disputed",
    AssessmentStatus.at_risk.value: "reported at risk",
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
             AssessmentStatus.in_progress.value, AssessmentStatus.partly_fulfilled.value, AssessmentStatus.at_risk.value}


# --------------------------------------------------------------------------- derived quantities


def _window(x):
    """A `When` as its coded window; an Effective window (or any start/end pair) as it is."""
    return dates.window(x) if isinstance(x, When) else x


def days_past(deadline, as_of) -> int | None:
    """Whole days from the end of the deadline's window to the start of the as-of window; None if not past.
    Takes resolved windows (`Dataset.windows`), or `When`s for their coded windows."""
    if deadline is None or as_of is None:
        return None
    gap = (_window(as_of).start - _window(deadline).end).days
    return gap if gap > 0 else None


def days_past_text(deadline, as_of_start, as_of_end, as_of_precision: str = "day") -> str | None:
    """'41–47 days past it as of 23–29 Nov 2025': the days from the deadline's window to the as-of window, as a
    range when either is known only to a span (datefmt.days_between), and the as-of at its precision. None if not
    past. The one text every chart, page and export shows for days past a deadline."""
    span = days_past_range(deadline, as_of_start, as_of_end)
    return None if span is None else f"{span} past it as of {format_span(as_of_start, as_of_end, as_of_precision)}"


def days_past_range(deadline, as_of_start, as_of_end) -> str | None:
    """'41–47 days' (datefmt.format_days) from the deadline's window to the as-of window; None if not past."""
    if deadline is None or pd.isna(as_of_start):
        return None
    span = days_between(deadline.start, deadline.end, as_of_start, as_of_end)
    if span is None or max(span) <= 0:
        return None
    return format_days((max(min(span), 1), max(span)))


def derived_formula(deadline_w, rule_text: str | None, figure_w, outstanding: float, unit: str) -> str:
    """The formula of a `past_deadline_outstanding` status, written from the resolved windows (never stored)."""
    due = format_span(deadline_w.start, deadline_w.end, deadline_w.precision)
    count = format_span(figure_w.start, figure_w.end, figure_w.precision)
    return (f"deadline {due}{f' ({rule_text})' if rule_text else ''} ends before the count of {count}, "
            f"and that count is {outstanding:g} {unit} still outstanding (> 0)")


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
    windows = windows_of(ds)

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
        check_when("agreements", ag, "signed", ag.signed, anchor)
        check_when("agreements", ag, "effective", ag.effective, anchor)  # their order: windows_compliance

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
        # a relative deadline is resolved (and compared with the coded one) by windows_compliance

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
            dated_by = _check_derived(asm, pv, figures, report, unknown, windows)
            anchor = anchor or dated_by
        w = check_when("assessments", asm, "as_of", asm.as_of, anchor)
        pub = published.get(anchor) if anchor else None
        if w and pub and w.start > pub.end and asm.status not in FORWARD_LOOKING_ASSESSMENT:
            report("assessments", asm.id, f"as_of: {asm.as_of.date} is after its source's publication ({pub.end}) but has status "
                                          f"'{asm.status.value}'; only {', '.join(s.value for s in FORWARD_LOOKING_ASSESSMENT)} "
                                          "can describe a later date", ("as_of", "date"))


def _check_derived(asm: Assessment, pv: Provision | None, figures: dict, report, unknown, windows: dict) -> str | None:
    """A derived status must follow from its inputs. Returns the source id that dates the inputs."""
    d = asm.derived
    missing = [f for f in d.from_figures if f not in figures]
    if missing:
        report("assessments", asm.id, f"derived.from_figures: {unknown('figures', missing[0], set(figures))}",
               ("derived", "from_figures", d.from_figures.index(missing[0])))
        return None
    used = [figures[f] for f in d.from_figures]
    fig_w = {f.id: windows.get(("figures", f.id, "window")) for f in used}
    if any(w is None for w in fig_w.values()):
        return None  # a figure without a window has a date problem of its own, reported at its line
    latest = max(used, key=lambda f: (fig_w[f.id].start, fig_w[f.id].end))
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
        deadline_w = windows.get(("provisions", pv.id, "deadline"))
        if deadline_w is None:
            return anchor  # the deadline's own problem is reported at its line
        past = days_past(deadline_w, fig_w[latest.id])
        outstanding = latest.lo is not None and latest.lo > 0
        expected = AssessmentStatus.overdue if past and outstanding else None
        if expected is None:
            why = (f"figure '{latest.id}' ({fig_w[latest.id].start}) is not after the deadline {pv.deadline.date}" if not past
                   else f"figure '{latest.id}' counts nothing outstanding ({latest.lo:g})")
            report("assessments", asm.id, f"derived: {d.method.value} does not hold: {why}", ("derived",))
        elif asm.status is not expected:
            report("assessments", asm.id, f"status: {d.method.value} gives '{expected.value}' "
                                          f"({past} days past {pv.deadline.date}, {latest.lo:g} outstanding), not '{asm.status.value}'",
                   ("status",))
    return anchor


def check_derived_metric(ds: "Dataset", report) -> None:
    """R-DERIVED-METRIC: a derived status rests on figures of the metric its provision names as counting what is
    still undone (`Provision.outstanding_metric`, one of models.OUTSTANDING_METRICS), in the agreement's theatre.
    Without it any positive figure would do: a death toll would "show" hostage remains overdue."""
    figures, provisions, agreements = ds.by_id("figures"), ds.by_id("provisions"), ds.by_id("agreements")
    for asm in ds.assessments:
        pv = provisions.get(asm.provision)
        if asm.derived is None or pv is None:
            continue  # an unknown provision is R-COMPLIANCE's
        if pv.outstanding_metric is None:
            fits = sorted(m.value for m, cats in OUTSTANDING_METRICS.items() if pv.category in cats)
            hint = (f"add `outstanding_metric: {' or '.join(fits)}` to provision '{pv.id}' if its figures count what is "
                    "still undone" if fits else f"no metric counts what a {pv.category.value} provision leaves undone")
            report("assessments", asm.id, f"derived: provision '{pv.id}' names no `outstanding_metric`, so no figure can "
                                          f"show it unmet; {hint}", ("derived", "method"))
            continue
        ag = agreements.get(pv.agreement)
        for i, fid in enumerate(asm.derived.from_figures):
            fig = figures.get(fid)
            if fig is None:
                continue  # R-COMPLIANCE reports it
            if fig.metric is not pv.outstanding_metric:
                report("assessments", asm.id, f"derived.from_figures: figure '{fid}' counts {fig.metric.value}, not "
                                              f"{pv.outstanding_metric.value}, the metric provision '{pv.id}' names as still "
                                              "undone; derive the status from a figure of that metric", ("derived", "from_figures", i))
            elif ag is not None and fig.theatre is not ag.theatre:
                report("assessments", asm.id, f"derived.from_figures: figure '{fid}' counts in {fig.theatre.value}, but "
                                              f"agreement '{ag.id}' is about {ag.theatre.value}", ("derived", "from_figures", i))


# re-exported: pages, charts, frames and exports import the tables from here


# Statuses that say the obligation was carried out (in whole or part): impossible before the agreement existed.
PERFORMED = ("fulfilled", "partly_fulfilled")


def status_contradicts(status: str, as_of, deadline, signed) -> str | None:
    """Which date a status certainly contradicts ("signed" or "deadline"), or None. Windows are (start, end)
    day ranges, any of them None when unknown. Certain means for every day of each window: a window that could
    still fall either side of the other (an as-of of 13-19 October against a deadline of 12-13 October) is
    not a contradiction. On the deadline's own day an obligation can be either not yet due or overdue."""
    if status in PERFORMED and signed is not None and as_of.end < signed.start:
        return "signed"  # done before the agreement existed
    if status == "not_yet_due" and deadline is not None and as_of.start > deadline.end:
        return "deadline"  # not due, after the deadline passed
    if status == "overdue" and deadline is not None and as_of.end < deadline.start:
        return "deadline"  # overdue before the deadline came
    return None


def check_compliance_dates(ds, report) -> None:
    """R-COMPLIANCE-DATES: deadlines and statuses against the agreement's resolved dates (status_contradicts)."""
    from dashboard.dataset.windows import windows_of

    windows = windows_of(ds)
    provisions = ds.by_id("provisions")

    def signed(agreement_id):
        """When the agreement came to exist: the earlier of its signing and its entry into effect (either may
        be all the text gives; the January 2025 truce has only `effective`), with the words to name it."""
        dated = [(windows.get(("agreements", agreement_id, name)), name) for name in ("signed", "effective")]
        dated = [(w, name) for w, name in dated if w is not None]
        if not dated:
            return None
        w, name = min(dated, key=lambda p: (p[0].start, p[0].end))
        return SimpleNamespace(start=w.start, end=w.end, text=w.text, word="signed" if name == "signed" else "in effect")

    for pv in ds.provisions:
        s, d = signed(pv.agreement), windows.get(("provisions", pv.id, "deadline"))
        if s is not None and d is not None and d.end < s.start:
            report("provisions", pv.id, f"deadline: {d.text} is before agreement '{pv.agreement}' was {s.word} ({s.text}); "
                                        "a deadline the agreement sets falls on or after its signing: check the date and "
                                        "its `deadline_rule`", ("deadline", "date"))
    why = {"fulfilled": "nothing can be done under an agreement before it exists: check the as-of date or the status",
           "not_yet_due": "past its deadline an obligation is fulfilled, overdue or another status the claimant gives",
           "overdue": "before its deadline an obligation cannot be overdue: check the as-of date, or use at_risk or "
                      "not_yet_due as the claimant's words say"}
    for asm in ds.assessments:
        pv, a = provisions.get(asm.provision), windows.get(("assessments", asm.id, WHOLE))
        if pv is None or a is None or asm.derived:
            continue  # an unknown provision or a bad as-of is reported at its own line; a derived status by R-COMPLIANCE
        status = asm.status.value
        s, d = signed(pv.agreement), windows.get(("provisions", pv.id, "deadline"))
        which = status_contradicts(status, a, d, s)
        if which == "signed":
            report("assessments", asm.id, f"status: '{status}' as of {a.text}, before agreement '{pv.agreement}' was {s.word} "
                                          f"({s.text}); {why['fulfilled']}", ("status",))
        elif which == "deadline":
            side = "after" if status == "not_yet_due" else "before"
            report("assessments", asm.id, f"status: '{status}' as of {a.text}, {side} the deadline of provision '{pv.id}' "
                                          f"({d.text}); {why[status]}", ("status",))
