"""Strikes, raids, attacks and deaths reported after each ceasefire, Gaza and Lebanon: one panel per unit
and kind of count.

Attacks, operatives, people, sites and raids are different units, and a total over a period ("since the
ceasefire", a year and more in Lebanon) is not comparable with a single incident, so each (unit, kind)
has its own panel and scale. Each row names its theatre, its period (or that it is a single incident),
its date, its claimant and its own subject (who struck whom: the attacks panel holds Hamas attacks as well
as Israeli ones). The title lists what is drawn, never one side's actions for all rows. An open-ended
figure ('over 1,000', 'hundreds') is a bar to its lower bound and the deaths chart's dotted arrow past it
(panels.open_end_traces: one encoding); a derived one is an open bar (base.bar_marker). The claimant's shape
sits just past an exact bar's end, never over it, and on an open-ended bar's end, where its arrow starts. A
generated caveat lists how the theatres' figures differ, in the chart's order.
"""

from __future__ import annotations

import pandas as pd

from dashboard.conventions import datefmt, theme
from dashboard.charts.base import (Chart, Context, DERIVED_BAR_KEY, OPEN_QUALIFIERS, bar_marker, basis_text, count_unit, esc,
                   is_derived, records, sources_of, value_label, value_text, wrap)
from dashboard.charts.brand import brand, empty_chart
from dashboard.charts.figures import figure_rows, is_total, number_table, where_text, with_cap
from dashboard.charts.panels import (OPEN_KEY, OPEN_NOTE, PANEL_TITLE_PX, axis_ref, bar_width, claimant_bar_ends, claimant_legend_trace,
                     incident_names, mark_gap, open_axis_max, open_end_traces, open_key_trace, order_by_incident, panel_figure,
                     row_positions)
from dashboard.charts.timebase import reference_dates
from dashboard.charts.spec import trace

ENFORCEMENT_METRICS = ["operatives_killed", "sites_struck", "raids", "strikes", "killed", "attacks"]
PANEL_TITLES = {"people": "People killed", "operatives": "Operatives killed", "sites": "Sites struck",
                "raids": "Raids", "strikes": "Strikes", "attacks": "Attacks"}
KIND = {True: "totals over a period", False: "single incidents"}  # short: a panel heading is one line at phone width
DEATH_UNITS = ("people", "operatives")


def caveat(drawn) -> str | None:
    """A like-for-like warning generated from the data: differing claimants, metrics or periods per theatre. Everything
    is listed in the order the chart draws it (`drawn`: its rows, top panel first), so the note reads as the chart."""
    parts = []
    for theatre in dict.fromkeys(drawn["theatre"]):
        group = drawn[drawn["theatre"] == theatre]
        claimants = ", ".join(dict.fromkeys(theme.in_sentence(c) for c in group["claimant_label"]))
        periods = list(dict.fromkeys(p if isinstance(p, str) and p else "single incidents" for p in group["period"]))
        metrics = list(dict.fromkeys(group["metric"].str.replace("_", " ")))
        parts.append(f"{theme.label(theatre)}: {', '.join(metrics)} ({'; '.join(periods)}), claimed by {claimants}")
    if len(parts) < 2:
        return None
    return "Not like-for-like. " + " | ".join(parts) + "."


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def title_for(fg) -> str:
    """'People killed, operatives killed, raids and attacks after each ceasefire: Gaza and Lebanon', from the
    units drawn (in panel order) and the theatres drawn."""
    units = [u for u in PANEL_TITLES if u in set(fg["unit"])] + sorted(set(fg["unit"]) - set(PANEL_TITLES))
    words = [PANEL_TITLES.get(u, u.capitalize()) for u in units]
    words = [words[0]] + [w[0].lower() + w[1:] for w in words[1:]]
    many = fg["theatre"].nunique() > 1
    return f"{_listed(words)} after {'each' if many else 'the'} ceasefire: {where_text(fg)}"


def since_text(fg, refs) -> str:
    """'Gaza (since 10 Oct 2025) and Lebanon (since Nov 2024)': each theatre drawn and its ceasefire's start."""
    parts = []
    for t in [t for t in ("gaza", "lebanon") if t in set(fg["theatre"])]:
        if t in refs:
            lo, hi = refs[t]
            parts.append(f"{theme.label(t)} (since {datefmt.format_span(lo, hi, 'day' if lo == hi else 'month')})")
    return _listed(parts) if parts else ""


def enforcement(ctx: Context) -> Chart:
    fg = figure_rows(ctx, ENFORCEMENT_METRICS, ["gaza", "lebanon"])
    refs = reference_dates(ctx.frames.phases)
    if not fg.empty:
        after = [r["as_of_end"] >= refs.get(r["theatre"], (r["as_of_end"],) * 2)[0] for r in records(fg)]
        fg = fg[after].copy()
    if fg.empty:
        title = "Strikes, raids, attacks and deaths after each ceasefire"
        return empty_chart("enforcement", ctx, title, "Gaza and Lebanon, as reported", number_table(fg),
                           "No enforcement figures match the current filters.")
    fg["_total"] = is_total(fg)
    # the slide (charts.VIEWS): people and operatives killed in single incidents are on the deaths slides, which
    # hold every such claim; this slide keeps the totals over a period and the other incidents (attacks, raids)
    deaths_elsewhere = ctx.part == "slide" and bool((~fg["_total"] & fg["unit"].isin(DEATH_UNITS)).any())
    if ctx.part == "slide":
        fg = fg[fg["_total"] | ~fg["unit"].isin(DEATH_UNITS)].copy()
        if fg.empty:
            return empty_chart("enforcement", ctx, "Strikes, raids, attacks and deaths after each ceasefire",
                               "Gaza and Lebanon, as reported", number_table(fg),
                               "No enforcement figures match the current filters (single incidents of deaths: the deaths slides).")
    title = title_for(fg)
    subtitle = (f"{since_text(fg, refs)}, as reported; totals over a period and single incidents in separate panels, "
                "one per unit, each with its own scale; each row says who did what, where, when and per whom"
                + ("; people and operatives killed in single incidents: the deaths slides" if deaths_elsewhere else ""))
    # every claimant drawn, each its own shape in marks and key alike (theme.chart_claimants)
    with theme.chart_claimants(fg["claimant_id"], ctx.claimants()):
        fg["label"] = [value_label(r) for r in records(fg)]
        fg["value_text"] = [value_text(r) for r in records(fg)]
        fg = order_by_incident(fg, incident_names(ctx.frames.events))
        units = [u for u in PANEL_TITLES if u in set(fg["unit"])] + sorted(set(fg["unit"]) - set(PANEL_TITLES))
        panels = []
        for total in (True, False):  # totals first: the long view, then the incidents
            for u in units:
                part = fg[(fg["unit"] == u) & (fg["_total"] == total)]
                if len(part):
                    panels.append((f"{PANEL_TITLES.get(u, u.capitalize())}, {KIND[total]}", part))
        fig, _, plot_px = panel_figure(panels, theatre_in_label=fg["theatre"].nunique() > 1)
        for i, (_, part) in enumerate(panels, 1):
            xa, ya = axis_ref(i)
            part = part.assign(_y=row_positions(fig, i))
            open_ = part[part["qualifier"].isin(OPEN_QUALIFIERS)]
            # an open-ended bar stops at its lower bound and runs on to the deaths chart's dotted arrow (panels.py)
            axis_max = open_axis_max(part["low"].max()) if len(open_) else max(part["low"].max(), 1) * 1.08
            for cid, g in part.groupby("claimant_id", sort=False):
                color = theme.actor_color(cid)
                rows = records(g)
                fig.add_trace(trace("bar",
                    y=g["_y"], x=g["low"], orientation="h", name=esc(g["claimant_label"].iloc[0]), legendgroup=cid,
                    showlegend=False, width=bar_width(fig, i), xaxis=xa, yaxis=ya, marker=bar_marker(color, rows),
                    customdata=g[["id", "permalink"]].to_numpy(),
                    hovertext=[f"<b>{esc(r['value_text'])}</b><br>{wrap(r['subject'], 60)}<br>{esc(basis_text(r))}<br>"
                               f"{esc(r['period'] if isinstance(r['period'], str) and r['period'] else 'Single incident')}"
                               f"<br>As of {esc(r['when'])}" for r in rows],
                    hovertemplate="%{hovertext}<extra></extra>"))
            fig.add_traces(open_end_traces(open_["low"], open_["_y"], open_["claimant_id"].map(theme.actor_color), axis_max,
                                           xa, ya))
            # the shape just past an exact bar's end (so it never hides where the bar stops); on an open-ended
            # bar's end, where its arrow starts, as on the deaths slides: a shape past it read as the value
            gap = mark_gap(axis_max)
            for cid, g in part.groupby("claimant_id", sort=False):
                at = g["low"] + [0.0 if q in OPEN_QUALIFIERS else gap for q in g["qualifier"]]
                fig.add_trace(claimant_bar_ends(cid, at, g["_y"], xa, ya, records(g)))
            # whole ticks on a small count axis: "0.5 attacks" is not a count
            fig.update_xaxes(range=[0, axis_max], row=i, col=1, **({"dtick": 1} if axis_max <= 6.5 else {}))
        drawn = pd.concat([part for _, part in panels])  # the chart's order: top panel first
        claimants = list(dict.fromkeys(zip(drawn["claimant_id"], drawn["claimant_label"])))
        fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
        keys = []
        if fg["qualifier"].isin(OPEN_QUALIFIERS).any():
            keys.append(OPEN_KEY)
            fig.add_trace(open_key_trace())
        if fg["derived"].astype(bool).any():
            keys.append(DERIVED_BAR_KEY)
            fig.add_trace(trace("bar", x=[None], y=[None], name=DERIVED_BAR_KEY, legend="legend2",
                                marker=dict(color="white", line=dict(color="#777", width=1.5),
                                            pattern=dict(shape="/", fgcolor="#777", fillmode="overlay", solidity=0.4))))
        note = " ".join(t for t in (caveat(drawn), OPEN_NOTE if OPEN_KEY in keys else None) if t) or None
        brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
              plot_px=plot_px, axis_px=24, head_px=PANEL_TITLE_PX, note=with_cap(fg, note),
              legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])
        fig.update_layout(barmode="overlay")
        summary = "; ".join(f"{theme.label(r['theatre'])}: {r['label']} {count_unit(r['unit'], r['label'])}"
                            f"{' (derived)' if is_derived(r) else ''} — {r['subject']} "
                            f"({'derived by us' if is_derived(r) else 'per ' + theme.in_sentence(r['claimant_label'])}, "
                            f"{r['period'] if isinstance(r['period'], str) and r['period'] else r['when']})"
                            for r in records(fg))
        return Chart("enforcement", title, fig, number_table(fg), f"{title}: {summary}.", list(fg["permalink"]))
