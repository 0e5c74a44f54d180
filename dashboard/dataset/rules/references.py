"""Reference rules: ids that records point at (actors, phases, events) exist and are loaded."""

from __future__ import annotations

from dashboard.dataset.rules.registry import rule


def _check(report, kind: str, field: str, value, at: tuple) -> None:
    if value and value not in report.ctx.ids(kind):
        report(f"{field}: {report.ctx.unknown(kind, value)}", at)


@rule("R-REF-ACTOR", "the actors and claimants a record names are known actor ids",
      reads=("events.actors", "figures.claimant", "comparisons.claimant"), kinds=("events", "figures", "comparisons"))
def ref_actor(rec, report):
    if report.kind == "events":
        for ai, a in enumerate(rec.actors):
            _check(report, "actors", "actors", a, ("actors", ai))
    else:
        _check(report, "actors", "claimant", rec.claimant, ("claimant",))


@rule("R-REF-PHASE", "a record's `phase` is a known phase id", reads=("events.phase", "figures.phase"), kinds=("events", "figures"))
def ref_phase(rec, report):
    _check(report, "phases", "phase", rec.phase, ("phase",))


@rule("R-REF-EVENT", "a figure's `event` is a known event id", reads=("figures.event",), kinds=("figures",))
def ref_event(fig, report):
    _check(report, "events", "event", fig.event, ("event",))


@rule("R-POSSIBLY-SAME", "a `possibly_same` link names another known event, once, and not one of its own incident "
      "(an incident already says they are one episode)", reads=("events.possibly_same", "events.incident"), kinds=("events",))
def possibly_same(ev, report):
    events = report.ctx.by_id("events")
    seen = set()
    for i, link in enumerate(ev.possibly_same):
        at = ("possibly_same", i, "event")
        if link.event == ev.id:
            report("possibly_same: an event cannot be possibly the same as itself", at)
        elif link.event in seen:
            report(f"possibly_same: event '{link.event}' is linked twice; keep one link", at)
        elif link.event not in events:
            _check(report, "events", "possibly_same", link.event, at)
        elif ev.incident and events[link.event].incident == ev.incident:
            report(f"possibly_same: '{link.event}' is already in the same incident ('{ev.incident}'), which says they "
                   "are one episode; drop the link or the incident", at)
        seen.add(link.event)
