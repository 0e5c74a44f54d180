"""Reported control of Gaza's territory: one stacked bar per report date, reported vs derived.

The reported share is solid in its actor's colour; the derived remainder (100 minus it, not stated in
the articles) is hatched grey: it belongs to no named actor, so it never borrows an actor's colour.
"""

from __future__ import annotations

from dashboard.conventions import theme
from dashboard.charts.base import Chart, Context, DERIVED_WORD, bar_marker, basis_text, esc, is_derived, records, sources_of, wrap
from dashboard.charts.brand import brand, empty_chart
from dashboard.charts.figures import figure_rows, number_table, with_cap
from dashboard.charts.layout import row_labels
from dashboard.charts.spec import FigureSpec, trace

ROW_PX = 86


def _color(r) -> str:
    if r["derived"]:
        return theme.GREY
    subject = r["subject"].lower()
    return theme.actor_color("hamas") if "hamas" in subject else theme.actor_color("idf") if "isra" in subject else theme.GREY


def short_of(r) -> str:
    return DERIVED_WORD if is_derived(r) else "reported"


def control_share(ctx: Context) -> Chart:
    title = "Reported control of Gaza's territory"
    subtitle = "Share of the Gaza Strip (%); solid: reported in the text; hatched: derived by us from a reported share"
    fg = figure_rows(ctx, ["territory_share"])
    if fg.empty:
        return empty_chart("control", ctx, title, subtitle, number_table(fg), "No control-share figures match the current filters.")
    fg = fg.sort_values(["as_of_start", "derived", "id"])
    rows = list(dict.fromkeys(fg["when"]))
    fig = FigureSpec()
    for r in records(fg):
        color = _color(r)
        short = DERIVED_WORD if is_derived(r) else "reported"
        fig.add_trace(trace("bar",
            y=[rows.index(r["when"])], x=[r["value"]], orientation="h", width=0.42,
            name=esc(f"{r['value']:.0f}% {short}: {r['subject'].split(' (')[0].removeprefix('Share of Gaza ')}"),
            marker=bar_marker(color, [r]),  # solid when reported, open and hatched when derived (base.py)
            text=f"<b>{r['value']:.0f}%</b> {short}", textposition="inside", insidetextanchor="middle",
            textfont=dict(size=14, color="white" if not r["derived"] else "#222"),
            customdata=[[r["id"], r["permalink"]]], hovertext=[f"<b>{r['value']:.0f}%</b> {short}<br>{wrap(r['subject'], 60)}<br>{esc(basis_text(r))}<br>As of {esc(r['when'])}"],
            hovertemplate="%{hovertext}<extra></extra>"))
    reported = fg[~fg["derived"]]
    labels = [f"As of {esc(w)} · per {esc(', '.join(dict.fromkeys(theme.in_sentence(c) for c in reported.loc[reported['when'] == w, 'claimant_label'])) or 'derived')}"
              for w in rows]
    row_labels(fig, list(range(len(rows))), labels, offset=0.3)
    fig.update_yaxes(range=[len(rows) - 0.5, -0.75], autorange=False, showticklabels=False, showgrid=False)
    fig.update_xaxes(range=[0, 101], title=None, ticksuffix="%", dtick=25)
    fig.update_layout(barmode="stack")
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources_of(fg), claimants=list(reported["claimant_label"]),
          plot_px=ROW_PX * len(rows) + 20, axis_px=30,
          note=with_cap(fg, "The derived share is the complement of the reported one (100 minus it); it is not stated in the articles."),
          legends=[("legend", "", [t["name"] for t in fig.data])])
    summary = "; ".join(f"{r['value']:.0f}% {short_of(r)}: {r['subject']} ({basis_text(r).replace('Claimed by: ', 'reported by ')}, as of {r['when']})"
                        for r in records(fg))
    return Chart("control", title, fig, number_table(fg), summary, list(fg["permalink"]))
