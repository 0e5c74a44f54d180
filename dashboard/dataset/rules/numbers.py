"""Number rules: ranges are ordered, every number is plausible for its unit, derived values add up."""

from __future__ import annotations

from dashboard.codebook.figures import DerivedMethod, Unit
from dashboard.dataset.rules.registry import rule

# The largest number a unit can plausibly take in this dataset: a guard against a typo or a unit
# mix-up (10^30 people), not a judgement about a claim. People: more than the population of Israel,
# Gaza, the West Bank and Lebanon together. Money: ten times a 70-billion-dollar reconstruction.
PLAUSIBLE_MAX: dict[Unit, float] = {
    Unit.people: 10_000_000, Unit.bodies: 10_000_000, Unit.hostages: 10_000, Unit.operatives: 1_000_000,
    Unit.sites: 1_000_000, Unit.raids: 1_000_000, Unit.strikes: 1_000_000, Unit.attacks: 1_000_000,
    Unit.prisoners: 1_000_000, Unit.metres: 1_000_000, Unit.kilometres: 100_000, Unit.hours: 1_000_000,
    Unit.days: 100_000, Unit.weeks: 10_000, Unit.months: 10_000, Unit.years: 1_000, Unit.usd: 1e12,
    Unit.points: 10_000, Unit.states: 250, Unit.officials: 1_000_000, Unit.percent: 100,
}
MAX_FATALITIES = PLAUSIBLE_MAX[Unit.people]


def _numbers(fig):
    return [(name, v) for name, v in (("value", fig.value), ("low", fig.low), ("high", fig.high)) if v is not None]


@rule("R-FIG-RANGE-ORDER", "a range's `low` is not greater than its `high`", reads=("figures.low", "figures.high"), kinds=("figures",))
def range_order(fig, report):
    if fig.low is not None and fig.high is not None and fig.low > fig.high:
        report(f"low {fig.low:g} is greater than high {fig.high:g}; write the smaller number as `low`", ("low",))


@rule("R-FIG-UNIT-BOUNDS", "a figure's numbers fit its unit: a percent lies in 0-100, a count is not negative and at most "
      "a plausible maximum per unit (e.g. 10,000,000 people)", reads=("figures.value", "figures.low", "figures.high", "figures.unit"),
      kinds=("figures",))
def unit_bounds(fig, report):
    for name, v in _numbers(fig):
        if fig.unit is Unit.percent:
            if not 0 <= v <= 100:
                report(f"{name}: {v:g} percent is outside 0-100; a share must lie within 0-100", (name,))
        elif v < 0:
            report(f"{name}: {v:g} is negative; a count of {fig.unit.value} cannot be negative", (name,))
        elif v > PLAUSIBLE_MAX.get(fig.unit, float("inf")):
            report(f"{name}: {v:g} {fig.unit.value} is more than the plausible maximum of {PLAUSIBLE_MAX[fig.unit]:,.0f} "
                   "for this unit; check the number and the unit", (name,))


@rule("R-EVENT-FATALITIES", f"an event's `fatalities` is at most {MAX_FATALITIES:,}", reads=("events.fatalities",), kinds=("events",))
def fatalities_plausible(ev, report):
    if ev.fatalities is not None and ev.fatalities > MAX_FATALITIES:
        report(f"fatalities: {ev.fatalities:,} is more than the plausible maximum of {MAX_FATALITIES:,}; check the number",
               ("fatalities",))


@rule("R-FIG-DERIVED", "a derived figure names known figures with single values and its value follows from its method",
      reads=("figures.derived", "figures.value"), kinds=("figures",))
def derived_value(fig, report):
    d = fig.derived
    if not d:
        return
    ctx = report.ctx
    figures = ctx.by_id("figures")
    missing = [f for f in d.from_figures if f not in figures]
    if missing:
        report(f"derived.from_figures: {ctx.unknown('figures', missing[0], set(figures) - {fig.id})}",
               ("derived", "from_figures", d.from_figures.index(missing[0])))
        return
    sources = [figures[f] for f in d.from_figures]
    if any(s.value is None for s in sources):
        report("derived: can only derive from figures with a single value", ("derived", "from_figures"))
        return
    if d.method is DerivedMethod.complement_of_share:
        expected = 100 - sources[0].value
    elif len(sources) >= 2:
        expected = sources[0].value - sources[1].value
    else:
        report("derived: 'difference' needs two figures", ("derived", "from_figures"))
        return
    if fig.value is None or abs(fig.value - expected) > 1e-9:
        report(f"derived value should be {expected:g} by {d.method.value}, not {fig.value}", ("value",))
