"""Deaths: people reported killed, per claim, single incidents apart from totals over a period.

Each row is one claim with its claimant (shape and colour from the registry); a range is a line from
low to high; an open-ended figure ('more than') runs on to an arrow. Competing claims about one
incident sit in adjacent rows. Single incidents and totals are separate panels with their own scales.
"""

from __future__ import annotations

import pandas as pd

from .. import theme
from .base import Chart, Context, OPEN_QUALIFIERS, esc, records, sources_of, value_label, value_text, wrap
from .brand import brand, empty_chart
from .figures import figure_rows, is_total, number_table, with_cap
from .panels import PANEL_TITLE_PX, axis_ref, claimant_legend_trace, order_by_incident, panel_figure
from .spec import trace

OPEN_KEY = "Arrow: open-ended ('more than')"
RANGE_KEY = "Line: reported range, low to high"


def _draw(fig, part: pd.DataFrame, i: int) -> None:
    xa, ya = axis_ref(i)
    top = max(part["high"].fillna(part["low"]).max(), 1)
    arrow = top * 0.06
    ys = list(range(len(part)))
    part = part.assign(_y=ys)
    part["_end"] = part["high"].fillna(part["low"])
    part.loc[part["qualifier"].isin(OPEN_QUALIFIERS), "_end"] = part["_end"] + arrow
    for color, g in part.groupby(part["claimant_id"].map(theme.actor_color), sort=False):
        xs, yy = [], []
        for r in records(g[g["_end"] > g["low"]]):
            xs += [r["low"], r["_end"], None]
            yy += [r["_y"], r["_y"], None]
        if xs:
            fig.add_trace(trace("scatter", x=xs, y=yy, mode="lines", line=dict(color=color, width=5), showlegend=False,
                                     hoverinfo="skip", xaxis=xa, yaxis=ya))
    open_ = part[part["qualifier"].isin(OPEN_QUALIFIERS)]
    if len(open_):
        fig.add_trace(trace("scatter", x=open_["_end"], y=open_["_y"], mode="markers", showlegend=False, hoverinfo="skip",
                                 marker=dict(symbol="triangle-right", size=13, color=list(open_["claimant_id"].map(theme.actor_color))),
                                 xaxis=xa, yaxis=ya))
    for cid, g in part.groupby("claimant_id", sort=False):
        hover = [f"<b>{esc(r['label'])}</b> {esc(r['unit'])}<br>{wrap(r['subject'], 60)}<br>Claimed by: "
                 f"{esc(r['claimant_label'])}<br>As of: {esc(r['when'])}<br>Source: {esc(r['source'])}" for r in records(g)]
        fig.add_trace(trace("scatter",
            x=g["low"], y=g["_y"], mode="markers", name=esc(g["claimant_label"].iloc[0]), legendgroup=cid, showlegend=False,
            marker=dict(color=theme.actor_color(cid), size=14, symbol=theme.claimant_symbol(cid), line=dict(width=1, color="#222")),
            customdata=g[["id", "permalink"]].to_numpy(), hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
            xaxis=xa, yaxis=ya))
    fig.update_xaxes(range=[0, top * 1.12], title=None, row=i, col=1)


def deaths_by_claimant(ctx: Context) -> Chart:
    title = "Reported deaths in Gaza and Lebanon, by claimant"
    subtitle = ("People reported killed, each row one claim with who makes it; single incidents and totals over a "
                "period in separate panels, each with its own scale")
    fg = figure_rows(ctx, ["killed", "operatives_killed"], ["gaza", "lebanon"])
    if fg.empty:
        return empty_chart("deaths", ctx, title, subtitle, number_table(fg), "No death figures match the current filters.")
    fg["label"] = [value_label(r) for r in records(fg)]
    fg["value_text"] = [value_text(r) for r in records(fg)]
    fg = order_by_incident(fg)
    total = is_total(fg)
    panels = [(t, p) for t, p in (("Single incidents", fg[~total]), ("Totals over a reported period", fg[total])) if len(p)]
    fig, _, plot_px = panel_figure(panels, theatre_in_label=True)
    for i, (_, part) in enumerate(panels, 1):
        _draw(fig, part, i)
    claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
    fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
    keys = []
    if fg["qualifier"].isin(OPEN_QUALIFIERS).any():
        keys.append(OPEN_KEY)
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", name=OPEN_KEY, legend="legend2",
                                 marker=dict(symbol="triangle-right", size=12, color="#777")))
    if (fg["high"].fillna(fg["low"]) > fg["low"]).any():
        keys.append(RANGE_KEY)
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", name=RANGE_KEY, legend="legend2",
                                 line=dict(color="#777", width=5)))
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
          as_of=fg["as_of_end"].max(), plot_px=plot_px, axis_px=24, head_px=PANEL_TITLE_PX,
          note=with_cap(fg, "Claims from different claimants are shown side by side, never averaged."),
          legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])
    summary = "; ".join(f"{r['value_text']} ({r['subject']}, per {theme.in_sentence(r['claimant_label'])}, "
                        f"{r['period'] if isinstance(r['period'], str) and r['period'] else r['when']})" for r in records(fg))
    return Chart("deaths", title, fig, number_table(fg), summary, list(fg["permalink"]))
