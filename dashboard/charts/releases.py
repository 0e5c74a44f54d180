"""Living hostages to be released under the truce deals: one row per claim.

A figure's as-of date here is the date the release was due or agreed ("this coming Saturday", "the
October 9 agreement"), not the date of the report, so each row says both: "for 15 Feb 2025 · reported
10–16 Feb 2025". Competing claims about the same release (claims.py) sit side by side, the second
labelled "another claim"; a derived number is an open bar.
"""

from __future__ import annotations

from dashboard.conventions import theme
from dashboard.charts.base import (Chart, Context, DERIVED_BAR_KEY, bar_marker, basis_text, esc, is_derived, latest_source_window,
                   records, sources_of, value_label, value_text, wrap)
from dashboard.charts.brand import brand, empty_chart
from dashboard.charts.figures import figure_rows, number_table, period_text, with_cap
from dashboard.charts.panels import (PANEL_TITLE_PX, bar_width, claimant_bar_ends, claimant_legend_trace, incident_names,
                     order_by_incident, panel_figure, row_positions)
from dashboard.charts.spec import trace


def scheduled_releases(ctx: Context) -> Chart:
    title = "Living hostages expected or scheduled for release"
    fg = figure_rows(ctx, ["living_hostages_to_release", "living_hostages_released"])
    fg = fg[fg["unit"] == "hostages"] if not fg.empty else fg
    # a release figure's as-of date is the day the release was due: the span is of due dates, not of reports
    period = period_text(ctx, fg).replace("reports dated", "due")
    subtitle = ("Releases expected, scheduled or agreed under the truce deals (living hostages), as reported at the time"
                f"{' (' + period + ')' if period else ''}; each row gives the date the release was due or agreed, "
                "the date of the report and who makes the claim")
    if fg.empty:
        return empty_chart("releases", ctx, title, subtitle, number_table(fg), "No release figures match the current filters.")
    fg["label"] = [value_label(r) for r in records(fg)]
    fg["value_text"] = [value_text(r) for r in records(fg)]
    fg["reported"] = [latest_source_window(ctx, ids) or "date not known" for ids in fg["source_ids"]]
    fg["_meta_when"] = [f"for {r['when']}" + (f" (“{r['period']}”)" if isinstance(r["period"], str) and r["period"] else "")
                        + f" · reported {r['reported']}" for r in records(fg)]
    fg = order_by_incident(fg, incident_names(ctx.frames.events))
    fig, _, plot_px = panel_figure([("Living hostages, per claim", fg)])
    fg = fg.assign(_y=row_positions(fig, 1))
    with theme.chart_claimants(fg["claimant_id"], ctx.claimants()):  # each claimant (each article's author) its own shape, marks and key alike
        for cid, part in fg.groupby("claimant_id", sort=False):
            rows = records(part)
            fig.add_trace(trace("bar",
                y=part["_y"], x=part["value"].fillna(part["low"]), orientation="h", name=esc(part["claimant_label"].iloc[0]),
                legendgroup=cid, showlegend=False, marker=bar_marker(theme.actor_color(cid), rows), width=bar_width(fig, 1),
                customdata=part[["id", "permalink"]].to_numpy(),
                hovertext=[f"<b>{esc(r['value_text'])}</b><br>{wrap(r['subject'], 60)}<br>{esc(basis_text(r))}<br>"
                           f"{esc(r['_meta_when'])}" for r in rows],
                hovertemplate="%{hovertext}<extra></extra>"))
            fig.add_trace(claimant_bar_ends(cid, part["value"].fillna(part["low"]), part["_y"], rows=rows))
        claimants = list(dict.fromkeys(zip(fg["claimant_id"], fg["claimant_label"])))
        fig.add_traces([claimant_legend_trace(cid, lab) for cid, lab in claimants])
    keys = []
    if fg["derived"].astype(bool).any():
        keys.append(DERIVED_BAR_KEY)
        fig.add_trace(trace("bar", x=[None], y=[None], name=DERIVED_BAR_KEY, legend="legend2",
                            marker=dict(color="white", line=dict(color="#777", width=1.5),
                                        pattern=dict(shape="/", fgcolor="#777", fillmode="overlay", solidity=0.4))))
    fig.update_xaxes(title=None, range=[0, fg["value"].fillna(fg["low"]).max() * 1.1], tickformat=",d")
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=[c for _, c in claimants],
          plot_px=plot_px, axis_px=24, head_px=PANEL_TITLE_PX, note=with_cap(fg),
          legends=[("legend", "Claimant:", [c for _, c in claimants]), ("legend2", "Key:", keys)])
    fig.update_layout(barmode="overlay")
    summary = "; ".join(f"{r['value_text']}: {r['subject']} ({'derived by us' if is_derived(r) else 'per ' + theme.in_sentence(r['claimant_label'])}, "
                        f"{r['_meta_when']})" + (" — another claim about the same release" if r["_another"] else "")
                        for r in records(fg))
    return Chart("releases", title, fig, number_table(fg), f"{title}: {summary}.", list(fg["permalink"]))
