"""Reference rules: ids that records point at (actors, phases, events) exist and are loaded."""

from __future__ import annotations

from . import rule


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
