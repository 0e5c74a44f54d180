"""Israeli strikes and reported deaths after each ceasefire, Gaza and Lebanon: one panel per unit.

Attacks, operatives, people, sites and raids are different units, so each has its own panel and scale;
each row names its theatre, its period (or that it is a single incident), its date and its claimant.
An open-ended figure ('over 1,000', 'hundreds') is hatched and the bar shows its lower bound (the key
says so). A generated caveat lists how the theatres' figures differ.
"""

from __future__ import annotations

from .. import theme
from .base import Chart, Context, OPEN_QUALIFIERS, count_unit, esc, records, sources_of, value_label, value_text, wrap
from .brand import brand, empty_chart
from .figures import figure_rows, is_total, number_table, with_cap
from .panels import (PANEL_TITLE_PX, BAR_WIDTH, axis_ref, claimant_bar_ends, claimant_legend_trace, order_by_incident,
                     panel_figure)
from .timebase import reference_dates
from .spec import trace

ENFORCEMENT_METRICS = ["operatives_killed", "sites_struck", "raids", "strikes", "killed", "attacks"]
PANEL_TITLES = {"people": "People killed", "operatives": "Operatives killed", "sites": "Sites struck",
                "raids": "Raids", "strikes": "Strikes", "attacks": "Attacks"}
HATCH_KEY = "Hatched: open-ended; bar = lower bound"


def caveat(fg) -> str | None:
    """A like-for-like warning generated from the data: differing claimants, metrics or periods per theatre."""
    parts = []
    for theatre, group in fg.groupby("theatre"):
        claimants = ", ".join(sorted(theme.in_sentence(c) for c in group["claimant_label"].unique()))
        periods = sorted({p if isinstance(p, str) and p else "single incidents" for p in group["period"]})
        parts.append(f"{theme.label(theatre)}: {', '.join(sorted(group['metric'].str.replace('_', ' ').unique()))} "
                     f"({'; '.join(periods)}), claimed by {claimants}")
    if len(parts) < 2:
        return None
    return "Not like-for-like. " + " | ".join(parts) + "."


def enforcement(ctx: Context) -> Chart:
    title = "Israeli strikes and reported deaths after each ceasefire"
    subtitle = ("Gaza (since 10 Oct 2025) and Lebanon (since Nov 2024), as reported; one panel per unit, each with "
                "its own scale; each row says where, over what period and per whom")
    fg = figure_rows(ctx, ENFORCEMENT_METRICS, ["gaza", "lebanon"])
    refs = reference_dates(ctx.frames.phases)
    if not fg.empty:
        after = [r["as_of_end"] >= refs.get(r["theatre"], (r["as_of_end"],) * 2)[0] for r in records(fg)]
        fg = fg[after].copy()
    if fg.empty:
        return empty_chart("enforcement", ctx, title, subtitle, number_table(fg), "No enforcement figures match the current filters.")
    fg["label"] = [value_label(r) for r in records(fg)]
    fg["value_text"] = [value_text(r) for r in records(fg)]
    fg["_total"] = is_total(fg)
    units = [u for u in PANEL_TITLES if u in set(fg["unit"])] + sorted(set(fg["unit"]) - set(PANEL_TITLES))
    panels = []
    for u in units:
        part = order_by_incident(fg[fg["unit"] == u])
        part = part.sort_values("_total", ascending=False, kind="stable")  # totals first, then single incidents
        panels.append((PANEL_TITLES.get(u, u.capitalize()), part))
    fig, _, plot_px = panel_figure(panels, theatre_in_label=True)
    for i, (_, part) in enumerate(panels, 1):
        xa, ya = axis_ref(i)
        part = part.assign(_y=range(len(part)))
        top = max(part["low"].max(), 1)
        for cid, g in part.groupby("claimant_id", sort=False):
            color = theme.actor_color(cid)
            fig.add_trace(trace("bar",
                y=g["_y"], x=g["low"], orientation="h", name=esc(g["claimant_label"].iloc[0]), legendgroup=cid,
                showlegend=False, width=BAR_WIDTH, xaxis=xa, yaxis=ya,
                marker=dict(color=color, pattern=dict(shape=["/" if q in OPEN_QUALIFIERS else "" for q in g["qualifier"]],
                                                      fgcolor="white", fillmode="overlay", solidity=0.4)),
                customdata=g[["id", "permalink"]].to_numpy(),
                hovertext=[f"{wrap(s, 60)}<br>Claimed by: {esc(c)}<br>{esc(p if isinstance(p, str) and p else 'Single incident')}"
                           f"<br>As of {esc(a)}" for s, c, p, a in zip(g["subject"], g["claimant_label"], g["period"], g["when"])],
                hovertemplate="%{hovertext}<extra></extra>"))
            fig.add_trace(claimant_bar_ends(cid, g["low"], g["_y"], xa, ya))
        fig.update_xaxes(range=[0, top * 1.08], row=i, col=1)
    claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
    fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
    keys = []
    if fg["qualifier"].isin(OPEN_QUALIFIERS).any():
        keys.append(HATCH_KEY)
        fig.add_trace(trace("bar", x=[None], y=[None], name=HATCH_KEY, legend="legend2",
                             marker=dict(color="#777", pattern=dict(shape="/", fgcolor="white", fillmode="overlay", solidity=0.4))))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
          as_of=fg["as_of_end"].max(), plot_px=plot_px, axis_px=24, head_px=PANEL_TITLE_PX, note=with_cap(fg, caveat(fg)),
          legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])
    fig.update_layout(barmode="overlay")
    summary = "; ".join(f"{theme.label(r['theatre'])}: {r['label']} {count_unit(r['unit'], r['label'])} — {r['subject']} "
                        f"(per {theme.in_sentence(r['claimant_label'])}, {r['period'] if isinstance(r['period'], str) and r['period'] else r['when']})"
                        for r in records(fg))
    return Chart("enforcement", title, fig, number_table(fg), summary, list(fg["permalink"]))
