"""Aggregated views for large datasets.

Above TIMELINE_AGGREGATE_ABOVE events a mark per event would send megabytes to the browser and take
seconds to build, so the timeline and the days-since comparison switch to counts per week. Each view is
counting (here from a frame; dashboard/engines/duck_charts.py counts the same in SQL) and one layout function
over the counted result, so both engines draw the same figure. Columns may be Categoricals here (large
frames from the columnar cache), so the counting only uses operations that work on both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.conventions import theme
from dashboard.conventions.datefmt import format_span
from dashboard.charts import layout
from dashboard.charts.base import Chart, Context, esc, latest_published
from dashboard.charts.brand import brand
from dashboard.charts.phases import add_phase_bands
from dashboard.charts.spec import FigureSpec, trace
from dashboard.charts.timebase import days_since_ceasefire, epoch_days, reference_dates, unique_sources, weekly_counts

TIMELINE_AGGREGATE_ABOVE = 2_000  # events in view; above this, counts per week (one mark per event costs ~0.4 kB
# of figure JSON, so 2 000 marks stay under the 1 MB budget)


@dataclass(frozen=True)
class WeeklyCounts:
    """Events counted per (lane, 7-day bin), by whichever engine counted them."""

    lanes: list[str]  # in display order
    bins: np.ndarray  # each bin's first day: epoch days, or days since the theatre's ceasefire
    z: np.ndarray  # lanes x bins, events per bin (fractional where an event's date is a span)
    n: int  # events counted
    source_ids: list[str]  # distinct, in order of first appearance
    imprecise: int = 0  # events known only to a month or year
    keys: int = 0  # key moments among them
    last: pd.Timestamp | None = None  # the latest date_end


def lanes_by_size(codes: np.ndarray, uniques, weights=None) -> tuple[np.ndarray, list[str]]:
    """Lanes ordered busiest first (ties by name): (each row's lane rank, the lanes in that order).
    `weights`: events per row, where a row is a counted group rather than one event."""
    totals = np.bincount(codes, weights=weights, minlength=len(uniques))
    order = sorted(range(len(uniques)), key=lambda i: (-totals[i], str(uniques[i])))
    rank = np.empty(len(uniques), dtype=np.int64)
    rank[order] = np.arange(len(uniques))
    return rank[codes], [str(uniques[i]) for i in order]


def timeline_lane(ctx: Context) -> str:
    return "theatre" if ctx.filters.lanes == "theatre" else "type"


def count_timeline(ctx: Context, keep: pd.Series) -> WeeklyCounts:
    """The timeline's weekly counts over the events `keep` selects, from the events frame."""
    days = ctx.filters.axis == "days"
    lane_col = timeline_lane(ctx)
    cols = list(dict.fromkeys(["date_start", "date_end", "date_precision", lane_col, "theatre", "key", "source_ids"]))
    ev = ctx.frames.events.loc[keep, cols]
    if days:
        x_lo, x_hi = days_since_ceasefire(ev, reference_dates(ctx.frames.phases))
    else:
        x_lo, x_hi = epoch_days(ev["date_start"]), epoch_days(ev["date_end"])
    codes, uniques = pd.factorize(ev[lane_col])
    rank, lanes = lanes_by_size(codes, uniques)
    bins, z = weekly_counts(rank, len(lanes), x_lo, x_hi, calendar=not days)
    return WeeklyCounts(lanes, bins, z, len(ev), unique_sources(ev["source_ids"]),
                        imprecise=int(ev["date_precision"].isin(["month", "year"]).sum()), keys=int(ev["key"].sum()),
                        last=ev["date_end"].max())


def timeline_aggregated(ctx: Context, keep: pd.Series) -> Chart:
    return timeline_layout(ctx, count_timeline(ctx, keep))


def timeline_layout(ctx: Context, counts: WeeklyCounts) -> Chart:
    """The timeline as a heatmap of events per week and lane."""
    days = ctx.filters.axis == "days"
    lane_col = timeline_lane(ctx)
    lane_word = "theatre" if lane_col == "theatre" else "event type"
    lanes, bins, z, n = counts.lanes, counts.bins, counts.z, counts.n
    title = "Events reported in the articles" + (", by days since each ceasefire" if days else "")
    subtitle = (f"Coded events per week and {lane_word} ({n:,} events, too many to mark one by one); colour: events "
                "per week, log scale; an event known only to a month or year is spread over the weeks it may fall in")

    if days:
        x = bins + 3.5
        when = [f"days {b} to {b + 6}" for b in bins]
        x_title = "Days since the theatre's ceasefire took effect (7-day bins)"
    else:
        week = pd.to_datetime(np.array(bins, dtype="datetime64[D]"))
        x = week + pd.Timedelta(hours=84)  # the middle of the week, so each cell covers it
        when = [f"week of {format_span(w, w, 'day')}" for w in week]
        x_title = None
    top = max(float(z.max()), 1.0)
    ticks = [v for v in (1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000) if v <= top * 1.5]
    fig = FigureSpec()
    fig.add_trace(trace("heatmap",
        z=np.where(z > 0, np.log10(np.maximum(z, 0.1)), np.nan), x=x, y=list(range(len(lanes))),
        customdata=np.dstack([np.broadcast_to(when, z.shape), z]), colorscale="Blues", zmin=-1, zmax=np.log10(top),
        colorbar=dict(title=dict(text="Events<br>per week", side="top"), thickness=12, orientation="h", x=0,
                      xanchor="left", y=1.0, yanchor="bottom", len=0.6, tickvals=np.log10(ticks).tolist(),
                      ticktext=[f"{v:,}" for v in ticks]),
        xgap=0, ygap=2, hovertemplate="<b>%{customdata[0]}</b>: %{customdata[1]:,.1f} events<extra></extra>",
    ))
    x_range = (x[0] - (x[1] - x[0] if len(x) > 1 else 7) / 2, x[-1] + (x[1] - x[0] if len(x) > 1 else 7) / 2)
    phase_names = []
    if days:
        fig.add_vline(x=0, line=dict(color="#333", width=1.5, dash="dash"))
    elif lane_col == "theatre":
        drawn = add_phase_bands(fig, ctx, {t: i for i, t in enumerate(lanes)}, x_range, counts.last, alpha=0.3)
        phase_names = [d["name"] for d in drawn]
        fig.update_shapes(layer="above")  # translucent bands over the cells, which would hide them
    layout.row_labels(fig, list(range(len(lanes))), [f"<b>{esc(theme.label(v))}</b>" for v in lanes], offset=0.47)
    fig.update_yaxes(range=[len(lanes) - 0.5, -0.55], autorange=False, showticklabels=False, showgrid=False)
    fig.update_xaxes(title=x_title, range=list(x_range))
    sources = counts.source_ids
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources, as_of=latest_published(ctx, sources),
          plot_px=60 * len(lanes) + 10, legends=[("legend3", "Key:", phase_names)])
    fig.update_layout(margin=dict(t=fig.layout["margin"]["t"] + 60), height=fig.layout["height"] + 60)  # the colour bar
    li, bi = np.unravel_index(int(np.argmax(z)), z.shape)
    summary = (f"{n:,} events in {len(lanes)} {'theatres' if lane_col == 'theatre' else 'event types'}, shown as counts "
               f"per week because more than {TIMELINE_AGGREGATE_ABOVE:,} events match; {counts.imprecise:,} are known only to a "
               f"month or year and are spread evenly over the weeks they may fall in; {counts.keys:,} are key "
               f"moments (listed on the Data page). Busiest: {theme.label(lanes[li])}, {when[bi]} (about {z[li, bi]:,.0f} events).")
    nz_lane, nz_bin = np.nonzero(z)
    data = pd.DataFrame({lane_col: [lanes[i] for i in nz_lane],
                         ("days_since_ceasefire_from" if days else "week_start"):
                             bins[nz_bin] if days else pd.to_datetime(np.array(bins, dtype="datetime64[D]")[nz_bin]),
                         "events": z[nz_lane, nz_bin]})
    return Chart("timeline", title, fig, data, summary, [])


def count_compare_days(ev: pd.DataFrame) -> WeeklyCounts:
    """Events per 7 days since each theatre's ceasefire (`ev`: the post-ceasefire events, with x_lo/x_hi in
    days); theatres in order of first appearance."""
    codes, theatres = pd.factorize(ev["theatre"])
    lo, hi = ev["x_lo"].to_numpy(dtype=np.int64), ev["x_hi"].to_numpy(dtype=np.int64)
    bins, z = weekly_counts(codes, len(theatres), np.maximum(lo, 0), hi, calendar=False)
    return WeeklyCounts([str(t) for t in theatres], bins, z, len(ev), unique_sources(ev["source_ids"]))


def compare_days_aggregated(ctx: Context, ev: pd.DataFrame, title: str) -> Chart:
    return compare_days_layout(ctx, count_compare_days(ev), title)


def compare_days_layout(ctx: Context, counts: WeeklyCounts, title: str) -> Chart:
    """One line per theatre of events per 7 days since its ceasefire."""
    theatres, bins, z = counts.lanes, counts.bins, counts.z
    subtitle = (f"Coded events per 7 days after each theatre's latest ceasefire ({counts.n:,} events, too many to mark "
                "one by one); an event whose date (or whose theatre's ceasefire) is known only to a week, month or year "
                "is spread over the days it may fall on")
    fig = FigureSpec()
    style = {"gaza": (theme.THEATRE_COLORS["gaza"], "solid", "circle"),
             "lebanon": (theme.THEATRE_COLORS["lebanon"], "dash", "diamond")}
    for i, theatre in enumerate(theatres):
        color, dash, symbol = style.get(theatre, (theme.GREY, "dot", "square"))
        fig.add_trace(trace("scatter", x=bins + 3.5, y=z[i], mode="lines+markers", name=esc(theme.label(theatre)),
                                 line=dict(color=color, width=2.5, dash=dash), marker=dict(symbol=symbol, size=6, color=color),
                                 customdata=[f"days {b} to {b + 6}" for b in bins],
                                 hovertext=[esc(theme.label(theatre))] * len(bins),
                                 hovertemplate="<b>%{hovertext}</b>, %{customdata}: %{y:,.1f} events<extra></extra>"))
    fig.add_vline(x=0, line=dict(color="#333", width=1.5, dash="dash"))
    fig.update_yaxes(title=None, rangemode="tozero")
    fig.update_xaxes(title="Days since the theatre's ceasefire (day 0, dashed)", rangemode="tozero")
    sources = counts.source_ids
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources, as_of=latest_published(ctx, sources),
          plot_px=300, left=48, legends=[("legend", "Theatre:", [theme.label(t) for t in theatres])])
    fig.update_yaxes(title=dict(text="Events per 7 days", standoff=4), automargin=False)
    summary = "; ".join(f"{theme.label(t)}: {z[i].sum():,.0f} events over days {int(bins[0])} to {int(bins[-1]) + 6}"
                        for i, t in enumerate(theatres))
    nz_t, nz_b = np.nonzero(z)
    data = pd.DataFrame({"theatre": [theatres[i] for i in nz_t], "days_since_ceasefire_from": bins[nz_b],
                         "days_since_ceasefire_to": bins[nz_b] + 6, "events": z[nz_t, nz_b]})
    return Chart("compare-days", title, fig, data, summary + ".", [])
