"""Living hostages expected or scheduled for release under the truce deals: one row per claim."""

from __future__ import annotations

from .. import theme
from .base import Chart, Context, esc, records, sources_of, value_label, value_text, wrap
from .brand import brand, empty_chart
from .figures import figure_rows, number_table, with_cap
from .panels import PANEL_TITLE_PX, BAR_WIDTH, claimant_bar_ends, claimant_legend_trace, order_by_incident, panel_figure
from .spec import trace


def scheduled_releases(ctx: Context) -> Chart:
    title = "Living hostages expected or scheduled for release"
    subtitle = ("Releases expected, scheduled or agreed under the truce deals (living hostages), as reported at the "
                "time; each row gives the report date and who makes the claim")
    fg = figure_rows(ctx, ["living_hostages_to_release", "living_hostages_released"])
    fg = fg[fg["unit"] == "hostages"] if not fg.empty else fg
    if fg.empty:
        return empty_chart("releases", ctx, title, subtitle, number_table(fg), "No release figures match the current filters.")
    fg["label"] = [value_label(r) for r in records(fg)]
    fg["value_text"] = [value_text(r) for r in records(fg)]
    fg = order_by_incident(fg)
    fig, _, plot_px = panel_figure([("Living hostages, per claim", fg)])
    fg = fg.assign(_y=range(len(fg)))
    for cid, part in fg.groupby("claimant_id", sort=False):
        fig.add_trace(trace("bar",
            y=part["_y"], x=part["value"].fillna(part["low"]), orientation="h", name=esc(part["claimant_label"].iloc[0]),
            legendgroup=cid, showlegend=False, marker=dict(color=theme.actor_color(cid)), width=BAR_WIDTH,
            customdata=part[["id", "permalink"]].to_numpy(),
            hovertext=[f"{wrap(s, 60)}<br>Claimed by: {esc(c)}<br>As of {esc(a)}" for s, c, a in
                       zip(part["subject"], part["claimant_label"], part["when"])],
            hovertemplate="%{hovertext}<extra></extra>"))
        fig.add_trace(claimant_bar_ends(cid, part["value"].fillna(part["low"]), part["_y"]))
    claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
    fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
    fig.update_xaxes(title=None, range=[0, fg["value"].fillna(fg["low"]).max() * 1.1], tickformat=",d")
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
          as_of=fg["as_of_end"].max(), plot_px=plot_px, axis_px=24, head_px=PANEL_TITLE_PX, note=with_cap(fg),
          legends=[("legend", "Claimant:", [c for _, c in claimants])])
    fig.update_layout(barmode="overlay")
    summary = "; ".join(f"{r['label']}: {r['subject']} ({r['claimant_label']}, {r['when']})" for r in records(fg))
    return Chart("releases", title, fig, number_table(fg), summary, list(fg["permalink"]))
