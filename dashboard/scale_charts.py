"""The two weekly-count views (timeline, days-since comparison) of a large dataset, counted in SQL.

charts._timeline_aggregated and charts._compare_days_aggregated count rows of a frame: at a million
events that frame alone is ~1 s to materialize and ~400 MB at peak. Here DuckDB groups the filtered
events by (lane, first day, last day) and returns a few thousand counted groups; the spreading over
weeks is charts._weekly_counts' rule with a weight per group, and the figure is laid out exactly as
those builders lay it out (tests/test_scale_query.py compares the two figures on one dataset).
No Streamlit import.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import theme
from .charts import TIMELINE_AGGREGATE_ABOVE, Chart, Context, brand, esc, reference_dates
from .charts.base import latest_published as _latest_published
from .charts.phases import add_phase_bands
from .datefmt import format_span

TOP_LEGEND = dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom", font=dict(size=13))


def weekly_counts(lane_codes, n_lanes: int, lo, hi, counts, calendar: bool):
    """charts._weekly_counts for counted groups: `counts[i]` events share lane, first and last day."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    first = int(lo.min())
    first -= (first + 3) % 7 if calendar else first % 7  # calendar weeks start on Monday (day 0 was a Thursday)
    n_days = (int(hi.max()) - first) // 7 * 7 + 7
    width = n_days + 1
    weight = np.asarray(counts, dtype=np.float64) / (hi - lo + 1)
    lane_codes = np.asarray(lane_codes, dtype=np.int64)
    diff = (np.bincount(lane_codes * width + (lo - first), weights=weight, minlength=n_lanes * width)
            - np.bincount(lane_codes * width + (hi + 1 - first), weights=weight, minlength=n_lanes * width))
    daily = np.cumsum(diff.reshape(n_lanes, width), axis=1)[:, :n_days]
    z = daily.reshape(n_lanes, n_days // 7, 7).sum(axis=2).round(2)
    return np.arange(first, first + n_days, 7), np.where(z > 0.004, z, 0.0)


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def day_sql(refs: dict, days: bool) -> tuple[str, str]:
    """SQL for an event's (first, last) day number: epoch days, or days since its theatre's ceasefire
    (charts.days_since: start minus the latest possible ceasefire day, end minus the earliest)."""
    start, end = "(CAST(date_start AS DATE) - DATE '1970-01-01')", "(CAST(date_end AS DATE) - DATE '1970-01-01')"
    if not days:
        return start, end
    fallback = refs.get("gaza") or next(iter(refs.values()), (pd.Timestamp("2025-10-10"),) * 2)

    def ref(i: int) -> str:
        whens = " ".join(f"WHEN {_lit(t)} THEN {(w[i] - pd.Timestamp('1970-01-01')).days}" for t, w in refs.items())
        return f"(CASE theatre {whens} ELSE {(fallback[i] - pd.Timestamp('1970-01-01')).days} END)"

    return f"({start} - {ref(1)})", f"({end} - {ref(0)})"


def _sources_in_order(source, where: str, params: list) -> list[str]:
    """Distinct source ids in order of first appearance, as charts._unique_sources lists them."""
    lists = source.sql(f"SELECT source_ids, min(_row) AS first FROM n_events{where} GROUP BY source_ids ORDER BY first",
                       params)
    return list(dict.fromkeys(s for ids in lists["source_ids"] for s in ids))


def timeline(source, ctx: Context, where: str, params: list) -> Chart:
    """charts._timeline_aggregated over the events `where` selects, counted in SQL."""
    f = ctx.filters
    days = f.axis == "days"
    lane_col = "theatre" if f.lanes == "theatre" else "type"
    lane_word = "theatre" if lane_col == "theatre" else "event type"
    refs = reference_dates(ctx.frames.phases)
    lo_sql, hi_sql = day_sql(refs, days)
    groups = source.sql(f"SELECT {lane_col} AS lane, {lo_sql} AS lo, {hi_sql} AS hi, count(*) AS n FROM n_events{where} "
                        "GROUP BY ALL", params)
    stats = source.sql("SELECT count(*) AS n, min(date_start) AS first, max(date_end) AS last, "
                       "count(*) FILTER (WHERE date_precision IN ('month', 'year')) AS imprecise, "
                       f"count(*) FILTER (WHERE key) AS keys FROM n_events{where}", params).iloc[0]
    n = int(stats["n"])
    title = "Events reported in the articles" + (", by days since each theatre's ceasefire" if days else "")
    subtitle = (f"Coded events per week and {lane_word}: {n:,} events match, too many to mark one by one (more than "
                f"{TIMELINE_AGGREGATE_ABOVE:,}); colour on a log scale; an event known only to a month or year is spread "
                "evenly over the weeks it may fall in")
    codes, lanes = pd.factorize(groups["lane"])
    totals = np.bincount(codes, weights=groups["n"].to_numpy(), minlength=len(lanes))
    order = sorted(range(len(lanes)), key=lambda i: (-totals[i], str(lanes[i])))
    rank = np.empty(len(lanes), dtype=np.int64)
    rank[order] = np.arange(len(lanes))
    lanes = [str(lanes[i]) for i in order]
    bins, z = weekly_counts(rank[codes], len(lanes), groups["lo"], groups["hi"], groups["n"], calendar=not days)
    if days:
        x = bins + 3.5
        when = [f"days {b} to {b + 6}" for b in bins]
        x_title = "Days since the theatre's ceasefire took effect (7-day bins)"
    else:
        week = np.array(bins, dtype="datetime64[D]")
        x = pd.to_datetime(week) + pd.Timedelta(hours=84)  # the middle of the week, so each cell covers it
        when = [f"week of {format_span(pd.Timestamp(w), None, 'day')}" for w in week]
        x_title = None
    top = max(float(z.max()), 1.0)
    ticks = [v for v in (1, 3, 10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000, 300_000) if v <= top * 1.5]
    fig = go.Figure(go.Heatmap(
        z=np.where(z > 0, np.log10(np.maximum(z, 0.1)), np.nan), x=x, y=[esc(theme.label(v)) for v in lanes],
        customdata=np.dstack([np.broadcast_to(when, z.shape), z]), colorscale="Blues", zmin=-1, zmax=np.log10(top),
        colorbar=dict(title=dict(text="Events<br>per week"), thickness=14, tickvals=np.log10(ticks).tolist(),
                      ticktext=[f"{v:,}" for v in ticks]),
        xgap=0, ygap=2, hovertemplate="<b>%{y}</b>, %{customdata[0]}: %{customdata[1]:,.1f} events<extra></extra>",
    ))
    first, last = pd.Timestamp(stats["first"]), pd.Timestamp(stats["last"])
    if days:
        fig.add_vline(x=0, line=dict(color="#333", width=1.5, dash="dash"))
        fig.add_annotation(x=0, y=1.0, yref="paper", text="Ceasefire took effect (day 0)", showarrow=False,
                           xanchor="left", yanchor="bottom", font=dict(size=12))
    else:
        # each band on its own theatre's lane only (no lane: no band), as in the hand-coded timeline
        lanes_of = {lane: i for i, lane in enumerate(lanes)} if lane_col == "theatre" else {}
        add_phase_bands(fig, ctx, lanes_of, (first, last), last)
        fig.update_shapes(layer="above")  # translucent bands over the cells, which would hide them
    fig.update_yaxes(autorange="reversed", title=None, showgrid=False)
    fig.update_xaxes(title=x_title, range=[x[0] - (x[1] - x[0] if len(x) > 1 else 7) / 2,
                                           x[-1] + (x[1] - x[0] if len(x) > 1 else 7) / 2])
    sources = _sources_in_order(source, where, params)
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources, as_of=_latest_published(ctx, sources),
          height=max(560, 300 + 40 * len(lanes) + 8 * len(sources)))
    fig.update_layout(margin=dict(r=120, t=210))
    li, bi = np.unravel_index(int(np.argmax(z)), z.shape)
    summary = (f"{n:,} events from {format_span(first, None, 'day')} to {format_span(last, None, 'day')} in {len(lanes)} "
               f"{'theatres' if lane_col == 'theatre' else 'event types'}, shown as counts per week because more than "
               f"{TIMELINE_AGGREGATE_ABOVE:,} events match; {int(stats['imprecise']):,} are known only to a month or year "
               f"and are spread evenly over the weeks they may fall in; {int(stats['keys']):,} are key moments (listed on "
               f"the Data page). Busiest: {theme.label(lanes[li])}, {when[bi]} (about {z[li, bi]:,.0f} events).")
    nz_lane, nz_bin = np.nonzero(z)
    data = pd.DataFrame({lane_col: [lanes[i] for i in nz_lane],
                         ("days_since_ceasefire_from" if days else "week_start"):
                             bins[nz_bin] if days else pd.to_datetime(np.array(bins, dtype="datetime64[D]")[nz_bin]),
                         "events": z[nz_lane, nz_bin]})
    return Chart("timeline", title, fig, data, summary, [])


def compare_days(source, ctx: Context, where: str, params: list) -> Chart:
    """charts._compare_days_aggregated over the post-ceasefire events `where` selects, counted in SQL."""
    title = "Gaza and Lebanon on a days-since-ceasefire axis"
    n = int(source.sql(f"SELECT count(*) AS n FROM n_events{where}", params)["n"].iloc[0])
    subtitle = (f"Coded events per 7 days after each theatre's latest ceasefire ({n:,} events, too many to mark one "
                "by one); Lebanon's ceasefire is known only to the month, so each Lebanon event is spread evenly over "
                "the days it may fall on, as is any event known only to a week, month or year")
    lo_sql, hi_sql = day_sql(reference_dates(ctx.frames.phases), True)
    groups = source.sql(f"SELECT theatre, greatest({lo_sql}, 0) AS lo, {hi_sql} AS hi, count(*) AS n, min(_row) AS first "
                        f"FROM n_events{where} GROUP BY ALL ORDER BY first", params)
    order = groups.groupby("theatre", sort=False)["first"].min().sort_values()  # factorize order: first appearance
    theatres = list(order.index)
    codes = groups["theatre"].map({t: i for i, t in enumerate(theatres)}).to_numpy()
    bins, z = weekly_counts(codes, len(theatres), groups["lo"], groups["hi"], groups["n"], calendar=False)
    fig = go.Figure()
    style = {"gaza": ("#0072B2", "solid", "circle"), "lebanon": ("#009E73", "dash", "diamond")}
    for i, theatre in enumerate(str(t) for t in theatres):
        color, dash, symbol = style.get(theatre, (theme.GREY, "dot", "square"))
        fig.add_trace(go.Scatter(x=bins + 3.5, y=z[i], mode="lines+markers", name=esc(theme.label(theatre)),
                                 line=dict(color=color, width=2.5, dash=dash), marker=dict(symbol=symbol, size=6, color=color),
                                 customdata=[f"days {b} to {b + 6}" for b in bins],
                                 hovertemplate=f"<b>{esc(theme.label(theatre))}</b>, %{{customdata}}: %{{y:,.1f}} events<extra></extra>"))
    fig.add_vline(x=0, line=dict(color="#333", width=1.5, dash="dash"))
    fig.update_yaxes(title="Events per 7 days", rangemode="tozero")
    fig.update_xaxes(title="Days since the theatre's ceasefire took effect", rangemode="tozero")
    fig.update_layout(legend=dict(TOP_LEGEND))
    sources = _sources_in_order(source, where, params)
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=sources, as_of=_latest_published(ctx, sources), height=480)
    summary = "; ".join(f"{theme.label(str(t))}: {z[i].sum():,.0f} events over days {int(bins[0])} to {int(bins[-1]) + 6}"
                        for i, t in enumerate(theatres))
    nz_t, nz_b = np.nonzero(z)
    data = pd.DataFrame({"theatre": [str(theatres[i]) for i in nz_t], "days_since_ceasefire_from": bins[nz_b],
                         "days_since_ceasefire_to": bins[nz_b] + 6, "events": z[nz_t, nz_b]})
    return Chart("compare-days", title, fig, data, summary + ".", [])
