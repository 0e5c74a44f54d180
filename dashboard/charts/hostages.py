"""Deceased hostages' bodies held in Gaza, as counted in each report: a step line over report dates.

A report dated to a day is a mark; one dated only to a week is a bar across that week with a hollow
badge in it (never a dot mid-week). Shape and colour = claimant, from the registry.
"""

from __future__ import annotations

import pandas as pd

from .. import theme
from .base import Chart, Context, esc, records, sources_of, value_label, wrap
from .brand import brand, empty_chart
from .figures import figure_rows, number_table, with_cap
from .panels import claimant_legend_trace
from .spec import FigureSpec, trace

SPAN_KEY = "Bar: report dated only to a week"


def hostage_remains(ctx: Context) -> Chart:
    title = "Deceased hostages' bodies held in Gaza, by report date"
    subtitle = "Bodies of hostages held in Gaza after the 10 Oct 2025 ceasefire, as counted in each report (step line)"
    fg = figure_rows(ctx, ["hostage_bodies_held", "hostage_bodies_remaining"])
    if fg.empty:
        return empty_chart("hostages", ctx, title, subtitle, number_table(fg), "No hostage figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "id"])
    fg["label"] = [value_label(r) for r in records(fg)]
    fg["y"] = fg["value"].fillna(fg["low"])
    fg["x"] = fg["as_of_start"] + (fg["as_of_end"] - fg["as_of_start"]) / 2
    fg["_changed"] = fg["y"].ne(fg["y"].shift())  # label each step once: equal neighbours would print on each other
    fig = FigureSpec()
    fig.add_trace(trace("scatter", x=fg["x"], y=fg["y"], mode="lines", line=dict(shape="hv", color="#555", width=2),
                             showlegend=False, hoverinfo="skip"))
    spans = fg[fg["as_of_start"] != fg["as_of_end"]]
    if len(spans):
        xs, ys = [], []
        for r in records(spans):
            xs += [r["as_of_start"], r["as_of_end"] + pd.Timedelta(hours=23), None]
            ys += [r["y"], r["y"], None]
        fig.add_trace(trace("scatter", x=xs, y=ys, mode="lines", line=dict(color="#888", width=9), opacity=0.45,
                                 showlegend=False, hoverinfo="skip"))
    for cid, part in fg.groupby("claimant_id", sort=False):
        color = theme.actor_color(cid)
        precise = part["as_of_start"] == part["as_of_end"]
        hover = [f"<b>{esc(r['label'])} {esc(r['unit'])}</b><br>{wrap(r['subject'], 60)}<br>As of: {esc(r['when'])}"
                 f"<br>Claimed by: {esc(r['claimant_label'])}<br>Source: {esc(r['source'])}" for r in records(part)]
        fig.add_trace(trace("scatter",
            x=part["x"], y=part["y"], mode="markers+text", name=esc(part["claimant_label"].iloc[0]), legendgroup=cid,
            showlegend=False, cliponaxis=False,
            marker=dict(color=[color if p else "white" for p in precise], size=14, symbol=theme.claimant_symbol(cid),
                        line=dict(width=2, color=color)),
            text=[f"<b>{esc(v)}</b>" if show else "" for v, show in zip(part["label"], part["_changed"])],
            textposition="top center",
            textfont=dict(size=12.5), customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"))
    claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
    fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
    keys = []
    if len(spans):
        keys.append(SPAN_KEY)
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", name=SPAN_KEY, legend="legend2",
                                 line=dict(color="#888", width=8)))
    top = fg["y"].max()
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top * 1.35 / s <= 6)
    # no tick label at 0: on a phone it would sit on the first date label in the corner
    fig.update_yaxes(title=None, range=[0, top * 1.35 + 1], tickvals=list(range(step, int(top * 1.35) + 2, step)))
    pad = max((fg["as_of_end"].max() - fg["as_of_start"].min()) * 0.12, pd.Timedelta(days=4))
    fig.update_xaxes(range=[fg["as_of_start"].min() - pad, fg["as_of_end"].max() + pad])
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
          as_of=fg["as_of_end"].max(), plot_px=300, left=36, note=with_cap(fg),
          legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])
    summary = "; ".join(f"{r['label']} ({r['when']}, per {theme.in_sentence(r['claimant_label'])})" for r in records(fg))
    return Chart("hostages", title, fig, number_table(fg), f"Bodies held: {summary}.", list(fg["permalink"]))
