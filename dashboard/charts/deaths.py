"""Deaths: people and operatives reported killed, per claim, single incidents apart from totals over a period.

Each row is one claim with its claimant (shape and colour from the registry) and its own subject; a range
is a line from low to a tick at high; an open-ended figure ('more than', 'dozens') runs on to an arrow of one fixed
length (panels.open_end_traces, shared with the enforcement chart; the key says it is not a value).
Figures of one incident sit under the incident's name; only competing claims about the same count are
labelled "another claim" (claims.py). People and operatives, single incidents and totals, are separate
panels with their own scales. The title names the theatres drawn.
"""

from __future__ import annotations

import pandas as pd

from dashboard.conventions import theme
from dashboard.charts.base import (Chart, Context, DERIVED_KEY, OPEN_QUALIFIERS, basis_text, esc, is_derived, mark_fill, records,
                   sources_of, value_label, value_text, wrap)
from dashboard.charts.brand import brand, empty_chart
from dashboard.charts.figures import figure_rows, is_total, number_table, period_text, where_text, with_cap
from dashboard.charts.panels import (OPEN_KEY, OPEN_NOTE, PANEL_TITLE_PX, axis_ref, row_positions, claimant_legend_trace,
                     incident_names, open_axis_max, open_end_traces, open_key_trace, order_by_incident, panel_figure)
from dashboard.charts.spec import trace

RANGE_KEY = "Line to a tick: reported range, low to high"


def range_cap(color) -> dict:
    """The tick at a range's high end (drawn over the mark), in the chart and in the key alike."""
    return dict(symbol="line-ns", size=20, color=color, line=dict(width=3, color=color))
PANELS = [("people", False, "People killed, single incidents"), ("operatives", False, "Operatives killed, single incidents"),
          ("people", True, "People killed, totals over a period"),
          ("operatives", True, "Operatives killed, totals over a period")]


def _draw(fig, part: pd.DataFrame, i: int) -> None:
    xa, ya = axis_ref(i)
    axis_max = open_axis_max(part["high"].fillna(part["low"]).max())  # room for the arrow past the largest value
    part = part.assign(_y=row_positions(fig, i), _high=part["high"].fillna(part["low"]))
    ranged = part[part["_high"] > part["low"]]
    for color, g in ranged.groupby(ranged["claimant_id"].map(theme.actor_color), sort=False):
        # a reported range: a thick solid line, low to high, and a tick at the high end (drawn after the marks, so a
        # range narrower than its mark, 'at least 20-21', still shows its tick as the key does)
        xs, yy = [], []
        for r in records(g):
            xs += [r["low"], r["_high"], None]
            yy += [r["_y"], r["_y"], None]
        fig.add_trace(trace("scatter", x=xs, y=yy, mode="lines", line=dict(color=color, width=5), showlegend=False,
                            hoverinfo="skip", xaxis=xa, yaxis=ya))
    open_ = part[part["qualifier"].isin(OPEN_QUALIFIERS)]
    # an open end: the shared thin dotted arrow from the value (a range's high end), never read as more of the range
    fig.add_traces(open_end_traces(open_["_high"], open_["_y"], open_["claimant_id"].map(theme.actor_color), axis_max,
                                   xa, ya))
    for cid, g in part.groupby("claimant_id", sort=False):
        rows = records(g)
        color = theme.actor_color(cid)
        hover = [f"<b>{esc(r['value_text'])}</b><br>{wrap(r['subject'], 60)}<br>{esc(basis_text(r))}"
                 f"<br>As of: {esc(r['when'])}<br>Source: {esc(r['source'])}" for r in rows]
        fig.add_trace(trace("scatter",
            x=g["low"], y=g["_y"], mode="markers", name=esc(g["claimant_label"].iloc[0]), legendgroup=cid, showlegend=False,
            marker=dict(color=mark_fill(color, rows), size=14, symbol=theme.claimant_symbol(cid),
                        line=dict(width=[2 if is_derived(r) else 1 for r in rows],
                                  color=[color if is_derived(r) else "#222" for r in rows])),
            customdata=g[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            xaxis=xa, yaxis=ya))
    if len(ranged):
        colors = list(ranged["claimant_id"].map(theme.actor_color))
        fig.add_trace(trace("scatter", x=ranged["_high"], y=ranged["_y"], mode="markers", showlegend=False, hoverinfo="skip",
                            cliponaxis=False, marker=range_cap(colors),
                            xaxis=xa, yaxis=ya))
    fig.update_xaxes(range=[0, axis_max], title=None, row=i, col=1, **({"dtick": 1} if axis_max <= 7 else {}))  # whole counts


# A slide holds one unit (charts.VIEWS): people killed, or operatives killed; each part names its unit in its title.
PARTS = {"people": ("killed", "People reported killed"), "operatives": ("operatives_killed", "Operatives reported killed")}


def deaths_by_claimant(ctx: Context) -> Chart:
    metrics = [PARTS[ctx.part][0]] if ctx.part else ["killed", "operatives_killed"]
    fg = figure_rows(ctx, metrics, ["gaza", "lebanon"])
    where = where_text(fg) or " and ".join(theme.label(t) for t in (ctx.filters.theatres or ("gaza", "lebanon")))
    title = f"{PARTS[ctx.part][1]} in {where}, by claimant" if ctx.part else f"Reported deaths in {where}, by claimant"
    period = period_text(ctx, fg)
    # a part's title names its unit; the whole chart's subtitle does
    lead = "People and operatives reported killed" + (f", {period}" if period else "")
    if ctx.part:
        lead = (period[:1].upper() + period[1:]) if period else PARTS[ctx.part][1]
    subtitle = f"{lead}; each row one claim with who makes it; single incidents and totals in separate panels, each with its own scale"
    if fg.empty:
        return empty_chart("deaths", ctx, title, subtitle, number_table(fg), "No death figures match the current filters.")
    # every claimant drawn, each its own shape in marks and key alike (theme.chart_claimants)
    with theme.chart_claimants(fg["claimant_id"], ctx.claimants()):
        fg["label"] = [value_label(r) for r in records(fg)]
        fg["value_text"] = [value_text(r) for r in records(fg)]
        fg = order_by_incident(fg, incident_names(ctx.frames.events))
        total = is_total(fg)
        panels = [(name, fg[(fg["unit"] == unit) & (total == tot)]) for unit, tot, name in PANELS]
        panels = [(name, part) for name, part in panels if len(part)]
        fig, _, plot_px = panel_figure(panels, theatre_in_label=len(set(fg["theatre"])) > 1)
        for i, (_, part) in enumerate(panels, 1):
            _draw(fig, part, i)
        claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
        fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
        keys = []
        if fg["qualifier"].isin(OPEN_QUALIFIERS).any():
            keys.append(OPEN_KEY)
            fig.add_trace(open_key_trace())
        if (fg["high"].fillna(fg["low"]) > fg["low"]).any():
            keys.append(RANGE_KEY)
            fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines+markers", name=RANGE_KEY, legend="legend2",
                                line=dict(color="#777", width=5),
                                marker=range_cap("#777")))
        if fg["derived"].astype(bool).any():
            keys.append(DERIVED_KEY)
            fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", name=DERIVED_KEY, legend="legend2",
                                marker=dict(symbol="circle", size=12, color="white", line=dict(color="#777", width=2))))
        note = ("Claims from different claimants are shown side by side, never averaged; \"another claim\" marks only "
                "a claim about the same count." + (" " + OPEN_NOTE if OPEN_KEY in keys else ""))
        brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
              plot_px=plot_px, axis_px=24, head_px=PANEL_TITLE_PX, note=with_cap(fg, note),
              legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])
        summary = "; ".join(f"{r['value_text']} ({r['subject']}, {'derived by us' if is_derived(r) else 'per ' + theme.in_sentence(r['claimant_label'])}, "
                            f"{r['period'] if isinstance(r['period'], str) and r['period'] else r['when']})"
                            + (" — another claim about the same count" if r["_another"] else "") for r in records(fg))
        return Chart("deaths", title, fig, number_table(fg), f"{title}: {summary}.", list(fg["permalink"]))
