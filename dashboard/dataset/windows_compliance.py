"""Effective windows of the compliance records, resolved by the same resolver as events and figures.

- An agreement's `signed` and `effective` dates are reported past facts: their coded window is cut by
  their own `after:`/`before:` bounds and ends by the latest publication of the agreement's sources.
- A provision's `deadline` is forward-looking (it may lie after the article that states it), so it gets
  no publication cap. A relative deadline (`deadline_rule`) resolves to the window over every start the
  text allows: "within 72 hours" of a signing on 9 October or an entry into effect on 10 October is
  12-13 October. The coded `deadline` must say the same; the message names what to write.
- An assessment's `as_of` is the date of a report: it ends by the latest publication of its sources (a
  derived status: of the figures it is computed from), unless it is a forward-looking status dated
  after them.

Windows are stored in `Dataset.windows` under (kind, id, field): ("agreements", id, "signed" |
"effective"), ("provisions", id, "deadline"), ("assessments", id, "window"). Every consumer (frames,
charts, detail views, derived statuses, exports) reads them from there. No Streamlit import.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from dashboard.conventions.datefmt import format_span
from dashboard.codebook.compliance import DeadlineUnit

WHOLE = "window"
ANCHOR_WORDS = {"signed": "the signing", "effective": "the entry into effect"}


def offset_days(amount: int, unit: DeadlineUnit) -> tuple[int, int]:
    """The fewest and most whole days a relative deadline adds to its starting day. 72 hours from a day
    ends 3 days later (same hour); 30 hours ends one or two days later, depending on the hour."""
    if unit is DeadlineUnit.hours:
        return amount // 24, math.ceil(amount / 24)
    days = amount * (7 if unit is DeadlineUnit.weeks else 1)
    return days, days


def shift(day: date, days: int) -> date | None:
    """`day` plus `days`, or None when that leaves the calendar (a huge amount is a coding problem, not a crash)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def deadline_from_rule(r, prov, agreement) -> tuple[object | None, str]:
    """(Effective window of a relative deadline, or None; what it is counted from / why it cannot be)."""
    from dashboard.dataset.effective import Effective

    rule = prov.deadline_rule
    starts = []  # (Effective, words)
    if rule.after_event:
        if rule.after_event not in r.events:
            return None, f"unknown event '{rule.after_event}'"
        w = r.event_window(rule.after_event)
        if w is None:
            return None, f"event '{rule.after_event}' has no window of its own"
        starts.append((w, f"event '{rule.after_event}' ({w.text})"))
    else:
        if agreement is None:
            return None, "its agreement is unknown"
        for anchor in rule.after:
            w = r.agreement_window(agreement.id, anchor)
            if w is None:
                return None, (f"the agreement's `{anchor}` date is not given, so '{rule.text}' cannot be counted from it; "
                              "leave the deadline empty or count from a date the text gives")
            if w.precision not in ("day", "week"):
                return None, (f"the agreement's `{anchor}` date is known to the {w.precision} only, too coarse to count "
                              f"'{rule.text}' from; leave the deadline empty")
            starts.append((w, f"{ANCHOR_WORDS[anchor]} ({w.text})"))
    low, high = offset_days(rule.amount, rule.unit)
    first = shift(min(w.start for w, _ in starts), low)
    last = shift(max(w.end for w, _ in starts), high)
    if first is None or last is None:
        return None, f"'{rule.text}' ({rule.amount} {rule.unit.value}) runs past the calendar; check `amount`"
    words = " or ".join(t for _, t in starts)
    precision = "day" if first == last else "week" if (last - first).days < 7 else "month"
    reasons = (f"'{rule.text}' after {words}",) if len(starts) > 1 or low != high else ()
    return Effective(first, last, precision, reasons), words


def write_as(first: date, last: date) -> str:
    """How to code a deadline window as a `When` (a day, or a week cut by a `before:` day)."""
    if first == last:
        return f"`deadline: {{date: \"{first}\", precision: day, rule: offset, ...}}`"
    return (f"`deadline: {{date: \"{first}\", precision: week, rule: offset, before: {{date: \"{last}\"}}, ...}}` "
            f"({format_span(first, last, 'week')})")


def provision_window(r, prov, agreements: dict):
    """A provision's deadline window: from its rule when relative, else its coded date cut by its bounds."""
    key = ("provisions", prov.id, "deadline")
    if prov.deadline is None:
        return None
    coded = r._coded("provisions", prov.id, "deadline", prov.deadline)
    if prov.deadline_rule is None or (prov.deadline_rule.after_event and prov.deadline_rule.after_event not in r.events):
        eff = coded  # an unknown anchor event is reported by R-COMPLIANCE
    else:
        eff, why = deadline_from_rule(r, prov, agreements.get(prov.agreement))
        if eff is None:
            if prov.agreement in agreements:
                r.report("provisions", prov.id, f"deadline_rule: {why}", ("deadline_rule",))
            eff = coded
        elif coded is not None and (coded.start, coded.end) != (eff.start, eff.end):
            days = str(eff.start) if eff.start == eff.end else f"{eff.start} to {eff.end}"
            coded_days = str(coded.start) if coded.start == coded.end else f"{coded.start} to {coded.end}"
            r.report("provisions", prov.id,
                     f"deadline: '{prov.deadline_rule.text}' after {why} resolves to {days}, not {coded_days} as coded; "
                     f"write {write_as(eff.start, eff.end)}", ("deadline", "date"))
    if eff is not None:
        r.out[key] = eff
    return eff


def agreement_window(r, ag, field: str):
    """An agreement's signed or effective window: a reported past fact, capped by its sources' publication."""
    key = ("agreements", ag.id, field)
    if key in r.out:
        return r.out[key]
    when = getattr(ag, field)
    if when is None:
        return None
    eff = r._coded("agreements", ag.id, field, when)
    if eff is not None:
        r._recheck_rules("agreements", ag.id, field, when, ag.citations)
        eff = r._published_cap("agreements", ag.id, field, eff, [c.source for c in ag.citations], False,
                               r._anchor_wide(ag.citations))
    if eff is not None:
        r.out[key] = eff
    return eff


def assessment_sources(asm, figures: dict) -> list[str]:
    """An assessment's sources; a derived one's are those of the figures it is computed from."""
    own = [c.source for c in asm.citations]
    if own or not asm.derived:
        return own
    return [c.source for f in asm.derived.from_figures if f in figures for c in figures[f].citations]


def assessment_window(r, asm):
    """An assessment's as-of window: the date of a report, so it ends by its latest source's publication;
    a forward-looking status dated after every source keeps its coded window (R-COMPLIANCE checks it)."""
    eff = r._coded("assessments", asm.id, "as_of", asm.as_of)
    if eff is None:
        return None
    sources = assessment_sources(asm, r.figures)
    latest = max((r.published[s].end for s in sources if s in r.published), default=None)
    # dated after every source: a forward-looking status keeps its window; any other status is reported
    # once, by R-COMPLIANCE ("only not_yet_due can describe a later date")
    after_sources = latest is not None and eff.start > latest
    if asm.citations:
        r._recheck_rules("assessments", asm.id, "as_of", asm.as_of, asm.citations)
    if not after_sources:
        eff = r._published_cap("assessments", asm.id, "as_of", eff, sources, False, None)
    if eff is not None:
        r.out[("assessments", asm.id, WHOLE)] = eff
    return eff


def resolve_compliance(r, ds) -> None:
    """Resolve every agreement, provision and assessment window into `r.out`."""
    agreements = {a.id: a for a in getattr(ds, "agreements", [])}
    for ag in agreements.values():
        for field in ("signed", "effective"):
            agreement_window(r, ag, field)
        s, e = r.out.get(("agreements", ag.id, "signed")), r.out.get(("agreements", ag.id, "effective"))
        if s is not None and e is not None and e.end < s.start:
            r.report("agreements", ag.id, f"effective: {e.text} is before signed {s.text}", ("effective", "date"))
    for prov in getattr(ds, "provisions", []):
        provision_window(r, prov, agreements)
    for asm in getattr(ds, "assessments", []):
        assessment_window(r, asm)
