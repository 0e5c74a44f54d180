"""Deceased hostages' bodies held in Gaza, as counted in each report: one point per report and claimant.

No line joins the points: the count between two reports is unknown (the article says the hand-overs
were spread over weeks), and two claimants' counts are never one series. Each point is labelled with its
value and its claimant. A report dated only to a week is a bar across that week in the claimant's colour
(its mark sits in the middle of the bar, which the key says). Shape and colour = claimant, from the
registry; a derived count (computed by us) is an open mark labelled "derived" (base.mark_fill).
"""

from __future__ import annotations

import pandas as pd

from .. import theme
from .base import (Chart, Context, DERIVED_KEY, basis_text, derived_tag, esc, is_derived, mark_fill, records,
                   sources_of, value_label, wrap)
from . import layout
from .brand import brand, empty_chart
from .figures import figure_rows, number_table, period_text, with_cap
from .panels import claimant_legend_trace
from .spec import FigureSpec, trace

SPAN_KEY = "Bar: dated only to a week"
PLOT_PX_H = 300  # the plot's height
CHAR_PX, LINE_PX, MARK_PX = 6.6, 14, 9  # label size estimates at 11.5 px type, and the mark's half height


def _place(xs_px: list[float], ys_px: list[float], labels: list[str], width_px: float) -> list[str]:
    """A text position per point (in x order) so that no two labels overlap and none leaves the plot:
    above, below, or shifted to the left/right near an edge; the first position that fits wins."""
    placed, out = [], []
    for x, y, text in zip(xs_px, ys_px, labels):
        lines = text.split("<br>")
        w = max(len(l.replace("<b>", "").replace("</b>", "")) for l in lines) * CHAR_PX
        h = len(lines) * LINE_PX
        choice = None
        for vert in ("top", "bottom"):
            y0, y1 = (y + MARK_PX, y + MARK_PX + h) if vert == "top" else (y - MARK_PX - h, y - MARK_PX)
            for horiz, x0 in (("center", x - w / 2), ("left", x - w), ("right", x)):
                if x0 < -8 or x0 + w > width_px + 8:
                    continue
                if all(x0 + w <= a or b <= x0 or y1 <= c or d <= y0 for a, b, c, d in placed):
                    choice = (f"{vert} {horiz}", (x0, x0 + w, y0, y1))
                    break
            if choice:
                break
        if choice is None:  # nothing fits: above, centred (a phone with many reports; hover still has it all)
            choice = ("top center", (x - w / 2, x + w / 2, y + MARK_PX, y + MARK_PX + h))
        out.append(choice[0])
        placed.append(choice[1])
    return out


def hostage_remains(ctx: Context) -> Chart:
    title = "Deceased hostages' bodies held in Gaza, per report"
    fg = figure_rows(ctx, ["hostage_bodies_held", "hostage_bodies_remaining"])
    period = period_text(ctx, fg)
    subtitle = (f"Bodies of hostages held in Gaza, as counted in each report{' (' + period + ')' if period else ''}; "
                "one point per report and claimant, no line: the count between reports is not known")
    if fg.empty:
        return empty_chart("hostages", ctx, title, subtitle, number_table(fg), "No hostage figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "as_of_end", "id"])
    fg["label"] = [value_label(r) + derived_tag(r) for r in records(fg)]
    fg["y"] = fg["value"].fillna(fg["low"])
    fg["x"] = fg["as_of_start"] + (fg["as_of_end"] - fg["as_of_start"]) / 2
    x_span = max(fg["as_of_end"].max() - fg["as_of_start"].min(), pd.Timedelta(days=7))
    pad = max(x_span * 0.12, pd.Timedelta(days=4))
    x0, x1 = fg["as_of_start"].min() - pad, fg["as_of_end"].max() + pad
    top = fg["y"].max()
    y0, y1 = -top * 0.3, top * 1.45 + 1  # room above the highest point and below the lowest for their labels
    width = layout.plot_px() - 20  # the drawing width this layout is for
    who = [theme.in_sentence(r["claimant_label"]) if not is_derived(r) else "derived by us" for r in records(fg)]
    fg["_text"] = [f"<b>{esc(lab)}</b><br>{wrap(w, max(12, layout.chars(12)))}" for lab, w in zip(fg["label"], who)]
    fg["_pos"] = _place([(x - x0) / (x1 - x0) * width for x in fg["x"]],
                        [(y - y0) / (y1 - y0) * PLOT_PX_H for y in fg["y"]], list(fg["_text"]), width)
    fig = FigureSpec()
    spans = fg[fg["as_of_start"] != fg["as_of_end"]]
    for cid, part in spans.groupby("claimant_id", sort=False):
        xs, ys = [], []
        for r in records(part):
            xs += [r["as_of_start"], r["as_of_end"] + pd.Timedelta(hours=23), None]
            ys += [r["y"], r["y"], None]
        fig.add_trace(trace("scatter", x=xs, y=ys, mode="lines", line=dict(color=theme.actor_color(cid), width=9),
                            opacity=0.35, showlegend=False, hoverinfo="skip"))
    for cid, part in fg.groupby("claimant_id", sort=False):
        color = theme.actor_color(cid)
        rows = records(part)
        hover = [f"<b>{esc(r['label'])} {esc(r['unit'])}</b><br>{wrap(r['subject'], 60)}<br>As of: {esc(r['when'])}"
                 f"<br>{esc(basis_text(r))}<br>Source: {esc(r['source'])}" for r in rows]
        fig.add_trace(trace("scatter",
            x=part["x"], y=part["y"], mode="markers+text", name=esc(part["claimant_label"].iloc[0]), legendgroup=cid,
            showlegend=False, cliponaxis=False,
            marker=dict(color=mark_fill(color, rows), size=14, symbol=theme.claimant_symbol(cid),
                        line=dict(width=2, color=color)),
            text=list(part["_text"]),
            textposition=list(part["_pos"]), textfont=dict(size=11.5),
            customdata=part[["id", "permalink"]].to_numpy(), hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>"))
    claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
    fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
    keys = []
    if len(spans):
        keys.append(SPAN_KEY)
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="lines", name=SPAN_KEY, legend="legend2",
                            line=dict(color="#888", width=8)))
    if fg["derived"].astype(bool).any():
        keys.append(DERIVED_KEY)
        fig.add_trace(trace("scatter", x=[None], y=[None], mode="markers", name=DERIVED_KEY, legend="legend2",
                            marker=dict(symbol="circle", size=12, color="white", line=dict(color="#777", width=2))))
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if top * 1.45 / s <= 6)
    # no tick label at 0: on a phone it would sit on the first date label in the corner
    fig.update_yaxes(title=None, range=[y0, y1], tickvals=list(range(step, int(top * 1.45) + 2, step)))
    fig.update_xaxes(range=[x0, x1])
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
          plot_px=PLOT_PX_H, left=36, note=with_cap(fg, "Counts as each report gives them; a report is a point, not a trend."),
          legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])
    summary = "; ".join(f"{r['label']} ({r['when']}, {'derived by us' if is_derived(r) else 'per ' + theme.in_sentence(r['claimant_label'])})"
                        for r in records(fg))
    return Chart("hostages", title, fig, number_table(fg), f"Bodies held, per report: {summary}.", list(fg["permalink"]))
