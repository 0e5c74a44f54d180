"""Date rules: every `When` is a real date at its precision, resolved consistently with its source's
publication, not dated after publication unless forward-looking, and no end comes before its start."""

from __future__ import annotations

from dashboard.dataset import dates
from dashboard.codebook.common import FORWARD_LOOKING
from dashboard.dataset.rules.registry import rule

DATED = {"phases": ("start", "end"), "events": ("when", "until"), "figures": ("as_of",)}
ORDERED = {"phases": ("start", "end"), "events": ("when", "until")}


def _window(when):
    try:
        return dates.window(when)
    except ValueError:
        return None


def _anchor(report, rec):
    """The publication window of the record's first cited source (the date rules' reference point)."""
    return report.ctx.published.get(rec.citations[0].source) if rec.citations else None


def _status(report, kind, rec):
    if kind == "events":
        return rec.status
    if kind == "figures" and rec.event:
        linked = report.ctx.by_id("events").get(rec.event)
        return linked.status if linked else None
    return None


def _dates(kind, rec):
    for label in DATED[kind]:
        when = getattr(rec, label)
        if when is not None:
            yield label, when


@rule("R-DATE-FORM", "a date is ASCII `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as its precision says, a real day, within 1900-2100",
      reads=("when", "until", "as_of", "start", "end"), kinds=tuple(DATED))
def date_form(rec, report):
    for label, when in _dates(report.kind, rec):
        try:
            dates.window(when)
        except ValueError as exc:
            report(f"{label}: {exc}", (label, "date"))


@rule("R-DATE-RULE", "a date's `rule` and `text` resolve to it from the publication window of the first cited source",
      reads=("when", "until", "as_of", "start", "end", "citations.source"), kinds=tuple(DATED))
def date_rule(rec, report):
    pub = _anchor(report, rec)
    if pub is None:
        return
    for label, when in _dates(report.kind, rec):
        if _window(when) is not None:
            for message in dates.check_rule(when, pub):
                report(f"{label}: {message}", (label,))


@rule("R-DATE-FUTURE-STATUS", "a record dated after its source's publication has status expected or scheduled",
      reads=("when", "until", "as_of", "start", "end", "status"), kinds=tuple(DATED))
def date_future_status(rec, report):
    pub = _anchor(report, rec)
    if pub is None:
        return
    status = _status(report, report.kind, rec)
    for label, when in _dates(report.kind, rec):
        w = _window(when)
        if w is not None and w.start > pub.end and status not in FORWARD_LOOKING:
            state = f"status '{status.value}'" if status else "a record that is not forward-looking"
            report(f"{label}: {when.date} is after its source's publication ({pub.end}) but has {state}; "
                   "use status expected or scheduled", (label, "date"))


@rule("R-DATE-ORDER", "an end (`end`, `until`) is not before its start (`start`, `when`)",
      reads=("start", "end", "when", "until"), kinds=tuple(ORDERED))
def date_order(rec, report):
    first, last = ORDERED[report.kind]
    a, b = getattr(rec, first), getattr(rec, last)
    wa, wb = (_window(a) if a else None), (_window(b) if b else None)
    if wa and wb and wb.end < wa.start:
        report(f"{last} {b.date} is before {first} {a.date}", (last, "date"))
