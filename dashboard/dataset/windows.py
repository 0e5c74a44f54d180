"""Effective windows: the one first-and-last-possible-day range every consumer draws, filters and exports.

A record's coded window (`dates.window`) says what its date phrase means; the sources can say more.
A reported past fact (any status that is not forward-looking) cannot end after the latest day its
latest source may have been published, and a coder can add the bounds the text sets with `after:` and
`before:` on a `When` ("since the ceasefire", "preceded the 9 October deal"). The effective window is
the coded window intersected with those bounds. A bound that only narrows the window is applied and
explained in a human sentence (`Effective.note`); a bound that contradicts it (an empty intersection)
is a coding problem reported at the field's line, with what to write instead.

Publication windows are narrowed the same way (`before:`/`after:` on a source's `published`), and the
date rules of every record are checked again against the narrow window, so "on Monday" cannot resolve
to a Monday the evidence excludes. No Streamlit import.
"""

from __future__ import annotations

from datetime import date

from dashboard.dataset import dates
from dashboard.conventions.datefmt import format_span
from dashboard.codebook.common import FORWARD_LOOKING, Bound, When
from dashboard.dataset.effective import Effective


# Keys of `Dataset.windows`: (kind, id, field). Events, figures and assessments have one window per
# record (field "window"); phases one per end ("start", "end"); sources one for "published"; agreements
# one per date ("signed", "effective"); provisions one for "deadline" (windows_compliance.py).
WHOLE = "window"


def _span(start: date, end: date, precision: str = "day") -> str:
    return format_span(start, end, precision)


class _Resolver:
    """Resolves windows on demand (an event bounded by another event needs that event first)."""

    def __init__(self, ds, report):
        self.report = report
        self.events = ds.by_id("events")
        self.phases = ds.by_id("phases")
        self.figures = ds.by_id("figures")
        self.agreements = ds.by_id("agreements") if hasattr(ds, "agreements") else {}
        self.out: dict[tuple[str, str, str], Effective] = {}
        self.busy: set[tuple] = set()  # records being resolved: ("events", id) or ("phases", id, end)
        self.wide: dict[str, dates.Window] = {}
        self.published: dict[str, Effective] = {}
        for src in ds.sources:
            try:
                self.wide[src.id] = dates.window(src.published)
            except ValueError:
                continue  # reported by the loader
            eff = self._bounded("sources", src.id, "published", src.published, self.wide[src.id])
            if eff is not None:
                self.published[src.id] = eff
                self.out[("sources", src.id, "published")] = eff

    # ---------------------------------------------------------------- bounds

    def _bound_day(self, kind: str, rid: str, label: str, side: str, b: Bound) -> tuple[date, str] | None:
        """The day a bound sets and a phrase saying where it comes from, or None (reported)."""
        said = f" ('{b.text}')" if b.text else ""
        if b.date is not None:
            try:
                day = date.fromisoformat(b.date)
            except ValueError:
                self.report(kind, rid, f"{label}.{side}.date: '{b.date}' is not a real day", (label, side, "date"))
                return None
            return day, f"the text sets it on or {side} {_span(day, day)}{said}"
        if kind == "sources":
            self.report(kind, rid, f"{label}.{side}: a publication window is bounded by a day (`{side}: YYYY-MM-DD`), "
                                   "not by a phase or an event", (label, side))
            return None
        if b.phase is not None:
            ph = self.phases.get(b.phase)
            if ph is None:
                self.report(kind, rid, f"{label}.{side}.phase: unknown phase '{b.phase}'", (label, side, "phase"))
                return None
            if (kind, rid) == ("phases", ph.id):
                self.report(kind, rid, f"{label}.{side}.phase: a phase cannot be bounded by itself; bound it by a day or "
                                       "an event the text names", (label, side, "phase"))
                return None
            if ("phases", ph.id, "start") in self.busy:
                self.report(kind, rid, f"{label}.{side}.phase: the start of phase '{ph.id}' is itself bounded, directly or "
                                       "through other records, by this one (a cycle); bound one of them by a day instead",
                            (label, side, "phase"))
                return None
            w = self.phase_window(ph.id, "start")
            if w is None:
                return None
            day = w.start if side == "after" else w.end
            return day, f"{side} the start of {ph.name} ({w.text}){said}"
        ev = self.events.get(b.event)
        if ev is None:
            self.report(kind, rid, f"{label}.{side}.event: unknown event '{b.event}'", (label, side, "event"))
            return None
        if (kind, rid) == ("events", ev.id):
            self.report(kind, rid, f"{label}.{side}.event: an event cannot be bounded by itself", (label, side, "event"))
            return None
        w = self.event_window(ev.id)
        if w is None:
            return None
        day = w.start if side == "after" else w.end
        return day, f"{side} the event '{ev.id}' ({w.text}){said}"

    def _bounded(self, kind: str, rid: str, label: str, when: When, coded: dates.Window) -> Effective | None:
        """The coded window of one `When` cut by its own `after`/`before` bounds."""
        start, end, reasons = coded.start, coded.end, []
        precision = when.precision.value
        for side in ("after", "before"):
            b = getattr(when, side)
            if b is None:
                continue
            found = self._bound_day(kind, rid, label, side, b)
            if found is None:
                continue
            day, why = found
            coded_text = _span(coded.start, coded.end, precision)
            if side == "after" and day > end:
                self.report(kind, rid, f"{label}: coded {coded_text} ends before its bound: {why}. The text puts it on or "
                                       f"after {_span(day, day)}: write a date on or after {day.isoformat()} (e.g. "
                                       f"`date: \"{day:%Y-%m}\"`, `precision: month`), or remove `after:` if the text does not set it",
                            (label, "after"))
                return None
            if side == "before" and day < start:
                self.report(kind, rid, f"{label}: coded {coded_text} starts after its bound: {why}. The text puts it on or "
                                       f"before {_span(day, day)}: write a date on or before {day.isoformat()}, "
                                       "or remove `before:` if the text does not set it", (label, "before"))
                return None
            if side == "after" and day > start:
                start = day
                reasons.append(f"narrowed to start {_span(day, day)}: {why}")
            if side == "before" and day < end:
                end = day
                reasons.append(f"narrowed to end {_span(day, day)}: {why}")
        return Effective(start, end, precision, tuple(reasons))

    def _published_cap(self, kind: str, rid: str, label: str, eff: Effective, source_ids: list[str],
                       forward: bool, wide_anchor: dates.Window | None) -> Effective | None:
        """A reported past fact ends no later than its latest source's publication window."""
        if forward:
            return eff
        pubs = [(self.published[s].end, s) for s in source_ids if s in self.published]
        if not pubs:
            return eff
        latest, sid = max(pubs)
        pub = self.published[sid]
        if eff.start > latest:
            # the loader already reports a start after the anchor's (wide) publication window
            if wide_anchor is None or eff.start <= wide_anchor.end:
                self.report(kind, rid, f"{label}: {_span(eff.start, eff.end, eff.precision)} starts after its latest source "
                                       f"'{sid}' was published ({pub.text}) but the record reports it as past: date it "
                                       f"on or before {latest.isoformat()}, or use status expected or scheduled", (label,))
            return None
        if eff.end <= latest:
            return eff
        reason = f"narrowed to end {_span(latest, latest)}: reported as past in an article published {pub.text}"
        return Effective(eff.start, latest, eff.precision, eff.reasons + (reason,))

    def _anchor_wide(self, citations) -> dates.Window | None:
        return self.wide.get(citations[0].source) if citations else None

    def _recheck_rules(self, kind: str, rid: str, label: str, when: When, citations) -> None:
        """Date rules against the narrowed publication window; only what the wide window did not already flag."""
        if not citations or citations[0].source not in self.published:
            return
        sid = citations[0].source
        narrow, wide = self.published[sid], self.wide[sid]
        if (narrow.start, narrow.end) == (wide.start, wide.end):
            return
        seen = set(dates.check_rule(when, wide))
        for message in dates.check_rule(when, dates.Window(narrow.start, narrow.end)):
            if message not in seen:
                self.report(kind, rid, f"{label}: against the narrowed publication window of '{sid}' ({narrow.text}): {message}", (label,))

    def _coded(self, kind: str, rid: str, label: str, when: When) -> Effective | None:
        try:
            coded = dates.window(when)
        except ValueError:
            return None  # reported by the loader
        return self._bounded(kind, rid, label, when, coded)

    # ---------------------------------------------------------------- records

    def phase_window(self, pid: str, end: str) -> Effective | None:
        key = ("phases", pid, end)
        if key in self.out:
            return self.out[key]
        ph = self.phases[pid]
        when = ph.start if end == "start" else ph.end
        if when is None or ("phases", pid, end) in self.busy:
            return None  # a cycle: reported by _bound_day at the bound that closes it
        self.busy.add(("phases", pid, end))
        try:
            eff = self._coded("phases", pid, end, when)
            if eff is not None:
                self._recheck_rules("phases", pid, end, when, ph.citations)
                eff = self._published_cap("phases", pid, end, eff, [c.source for c in ph.citations], False,
                                          self._anchor_wide(ph.citations))
        finally:
            self.busy.discard(("phases", pid, end))
        if eff is not None:
            self.out[key] = eff
        return eff

    def event_window(self, eid: str) -> Effective | None:
        key = ("events", eid, WHOLE)
        if key in self.out:
            return self.out[key]
        if ("events", eid) in self.busy:
            self.report("events", eid, "when: its `after`/`before` bounds refer back to this event (a cycle); "
                                       "bound it by a date or a phase instead", ("when",))
            return None
        ev = self.events[eid]
        self.busy.add(("events", eid))
        try:
            first = self._coded("events", eid, "when", ev.when)
            last = self._coded("events", eid, "until", ev.until) if ev.until else first
            if first is None or last is None or not self._ordered("events", eid, ("when", ev.when, first),
                                                                    ("until", ev.until, last)):
                return None
            for label, when in (("when", ev.when), ("until", ev.until)):
                if when is not None:
                    self._recheck_rules("events", eid, label, when, ev.citations)
            reasons = first.reasons + (last.reasons if last is not first else ())
            eff = Effective(first.start, last.end, ev.when.precision.value, reasons)
            eff = self._published_cap("events", eid, "until" if ev.until else "when", eff,
                                      [c.source for c in ev.citations], ev.status in FORWARD_LOOKING,
                                      self._anchor_wide(ev.citations))
        finally:
            self.busy.discard(("events", eid))
        if eff is not None:
            self.out[key] = eff
        return eff

    def figure_window(self, fid: str) -> Effective | None:
        fig = self.figures[fid]
        eff = self._coded("figures", fid, "as_of", fig.as_of)
        if eff is None:
            return None
        self._recheck_rules("figures", fid, "as_of", fig.as_of, fig.citations)
        linked = self.events.get(fig.event) if fig.event else None
        forward = linked is not None and linked.status in FORWARD_LOOKING
        eff = self._published_cap("figures", fid, "as_of", eff, _figure_sources(fig, self.figures), forward,
                                  self._anchor_wide(fig.citations))
        if eff is not None:
            self.out[("figures", fid, WHOLE)] = eff
        return eff

    def _ordered(self, kind: str, rid: str, first: tuple, last: tuple) -> bool:
        """Whether the end's effective window can follow the start's. When their coded dates are in order
        (else R-DATE-ORDER reports them) but their `after:`/`before:` bounds push the end before the start,
        the bounds contradict each other: reported at the end's line, never dropped silently."""
        (fl, fwhen, feff), (ll, lwhen, leff) = first, last
        if leff.end >= feff.start:
            return True
        try:
            coded_ok = dates.window(lwhen).end >= dates.window(fwhen).start
        except ValueError:
            coded_ok = False
        if coded_ok:
            self.report(kind, rid, f"{ll}: with their bounds, {ll} ({_span(leff.start, leff.end)}) ends before {fl} starts "
                                   f"({_span(feff.start, feff.end)}); "
                                   f"the `after:`/`before:` bounds of `{fl}` and `{ll}` contradict each other: keep the "
                                   "one the text sets", (ll,))
        return False

    def agreement_window(self, aid: str, field: str) -> Effective | None:
        """An agreement's `signed` or `effective` window (see windows_compliance)."""
        from dashboard.dataset.windows_compliance import agreement_window

        ag = self.agreements.get(aid)
        return agreement_window(self, ag, field) if ag is not None else None


def _figure_sources(fig, figures: dict, depth: int = 0) -> list[str]:
    """A reported figure's sources; a derived one's are those of the figures it is computed from."""
    own = [c.source for c in fig.citations]
    if own or not fig.derived or depth > 5:
        return own
    return [s for f in fig.derived.from_figures if f in figures for s in _figure_sources(figures[f], figures, depth + 1)]


def resolve_windows(ds, report=None) -> dict[tuple[str, str, str], Effective]:
    """Every record's effective window, keyed (kind, id, field); problems go to `report(kind, id, message, at)`."""
    r = _Resolver(ds, report or (lambda *a, **k: None))
    for ph in ds.phases:
        first = r.phase_window(ph.id, "start")
        if ph.end is not None:
            last = r.phase_window(ph.id, "end")
            if first is not None and last is not None and not r._ordered("phases", ph.id, ("start", ph.start, first),
                                                                         ("end", ph.end, last)):
                r.out.pop(("phases", ph.id, "end"), None)  # an end before the start is no window to draw
    for ev in ds.events:
        r.event_window(ev.id)
    for fig in ds.figures:
        r.figure_window(fig.id)
    from dashboard.dataset.windows_compliance import resolve_compliance  # agreements, provisions, assessments

    resolve_compliance(r, ds)
    return r.out


def publication_windows(ds) -> dict[str, Effective]:
    """Each source's narrowed publication window (cheap: no record is resolved)."""
    if getattr(ds, "windows", None):
        return {rid: w for (kind, rid, _), w in ds.windows.items() if kind == "sources"}
    return _Resolver(ds, lambda *a, **k: None).published


def check_windows(ds, report) -> None:
    """Loader rule: resolve every effective window (stored on `ds.windows`), reporting contradicted bounds,
    unknown bound references, past facts dated after their sources, and date rules that fail against a
    narrowed publication window."""
    ds.windows = resolve_windows(ds, report)


def windows_of(ds) -> dict[tuple[str, str, str], Effective]:
    """The dataset's effective windows (resolved here for a dataset not built by load_dataset)."""
    if not getattr(ds, "windows", None):
        ds.windows = resolve_windows(ds)
    return ds.windows


def incident_of(ds) -> dict[tuple[str, str], str]:
    """(kind, id) -> incident id for every event and figure that belongs to one (coded explicitly on
    each record, so the data file says everything the export does)."""
    return {(kind, r.id): r.incident for kind in ("events", "figures") for r in getattr(ds, kind) if r.incident}


def check_incidents(ds, report) -> None:
    """Loader rule: an `incident` is the id of the event that describes it, and that event says so too
    (`incident: <its own id>`), so every record of the incident carries the same id."""
    events = ds.by_id("events")
    for kind in ("events", "figures"):
        for rec in getattr(ds, kind):
            if not rec.incident:
                continue
            target = events.get(rec.incident)
            if target is None:
                report(kind, rec.id, f"incident: unknown event '{rec.incident}'; an incident is named by the id of "
                                     "the event that describes it", ("incident",))
            elif target.incident != target.id:
                fix = (f"write `incident: {target.incident}` (the incident '{target.id}' belongs to)" if target.incident
                       else f"add `incident: {target.id}` to event '{target.id}' too (it names the incident)")
                report(kind, rec.id, f"incident: event '{target.id}' does not name an incident of its own; {fix}", ("incident",))
            elif rec.theatre is not target.theatre:
                # one episode happens in one theatre: records of another are a separate incident (or a coding slip)
                report(kind, rec.id, f"incident: '{target.id}' happened in {target.theatre.value}, this {kind[:-1]} in "
                                     f"{rec.theatre.value}; an incident joins records of one theatre: fix the theatre or "
                                     "leave `incident` out", ("incident",))
