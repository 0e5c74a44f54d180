"""The two weekly-count views (timeline, days-since comparison) of a large dataset, counted in SQL.

charts.aggregate counts rows of a frame: at a million events that frame alone is ~1 s to materialize
and ~400 MB at peak. Here DuckDB groups the filtered events by (lane, first day, last day) and returns
a few thousand counted groups; timebase.weekly_counts spreads them over weeks with a weight per group,
and the figure is drawn by the same layout functions the pandas path uses (charts.aggregate), so the
two engines cannot drift apart (tests/engines/test_scale_query.py compares them on one dataset).
No Streamlit import.
"""

from __future__ import annotations

import pandas as pd

from dashboard.charts import Chart, Context, reference_dates
from dashboard.charts.aggregate import WeeklyCounts, compare_days_layout, lanes_by_size, timeline_lane, timeline_layout
from dashboard.charts.compare_days import TITLE as COMPARE_DAYS_TITLE
from dashboard.charts.timebase import weekly_counts


def _lit(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def day_sql(refs: dict, days: bool) -> tuple[str, str]:
    """SQL for an event's (first, last) day number: epoch days, or days since its theatre's ceasefire
    (timebase.days_since: start minus the latest possible ceasefire day, end minus the earliest)."""
    start, end = "(CAST(date_start AS DATE) - DATE '1970-01-01')", "(CAST(date_end AS DATE) - DATE '1970-01-01')"
    if not days:
        return start, end
    fallback = refs.get("gaza") or next(iter(refs.values()), (pd.Timestamp("2025-10-10"),) * 2)

    def ref(i: int) -> str:
        whens = " ".join(f"WHEN {_lit(t)} THEN {(w[i] - pd.Timestamp('1970-01-01')).days}" for t, w in refs.items())
        return f"(CASE theatre {whens} ELSE {(fallback[i] - pd.Timestamp('1970-01-01')).days} END)"

    return f"({start} - {ref(1)})", f"({end} - {ref(0)})"


def _sources_in_order(source, where: str, params: list) -> list[str]:
    """Distinct source ids in order of first appearance, as timebase.unique_sources lists them."""
    lists = source.sql(f"SELECT source_ids, min(_row) AS first FROM n_events{where} GROUP BY source_ids ORDER BY first",
                       params)
    return list(dict.fromkeys(s for ids in lists["source_ids"] for s in ids))


def count_timeline(source, ctx: Context, where: str, params: list, above: int = -1) -> WeeklyCounts | None:
    """aggregate.count_timeline over the events `where` selects, counted in SQL. None when at most
    `above` events match (they are drawn one by one): the totals come first and double as that count."""
    stats = source.sql("SELECT count(*) AS n, max(date_end) AS last, "
                       "count(*) FILTER (WHERE date_precision IN ('month', 'year')) AS imprecise, "
                       f"count(*) FILTER (WHERE key) AS keys FROM n_events{where}", params).iloc[0]
    if int(stats["n"]) <= above:
        return None
    days = ctx.filters.axis == "days"
    lo_sql, hi_sql = day_sql(reference_dates(ctx.frames.phases), days)
    groups = source.sql(f"SELECT {timeline_lane(ctx)} AS lane, {lo_sql} AS lo, {hi_sql} AS hi, count(*) AS n "
                        f"FROM n_events{where} GROUP BY ALL", params)
    codes, uniques = pd.factorize(groups["lane"])
    rank, lanes = lanes_by_size(codes, uniques, weights=groups["n"].to_numpy())
    bins, z = weekly_counts(rank, len(lanes), groups["lo"], groups["hi"], calendar=not days, counts=groups["n"])
    return WeeklyCounts(lanes, bins, z, int(stats["n"]), _sources_in_order(source, where, params),
                        imprecise=int(stats["imprecise"]), keys=int(stats["keys"]), last=pd.Timestamp(stats["last"]))


def timeline(source, ctx: Context, where: str, params: list, above: int = -1) -> Chart | None:
    """The timeline's weekly view counted in SQL; None when at most `above` events match."""
    counts = count_timeline(source, ctx, where, params, above)
    return None if counts is None else timeline_layout(ctx, counts)


def count_compare_days(source, ctx: Context, where: str, params: list) -> WeeklyCounts:
    """aggregate.count_compare_days over the post-ceasefire events `where` selects, counted in SQL."""
    lo_sql, hi_sql = day_sql(reference_dates(ctx.frames.phases), True)
    groups = source.sql(f"SELECT theatre, greatest({lo_sql}, 0) AS lo, {hi_sql} AS hi, count(*) AS n, min(_row) AS first "
                        f"FROM n_events{where} GROUP BY ALL ORDER BY first", params)
    order = groups.groupby("theatre", sort=False)["first"].min().sort_values()  # factorize order: first appearance
    theatres = [str(t) for t in order.index]
    codes = groups["theatre"].map({t: i for i, t in enumerate(theatres)}).to_numpy()
    bins, z = weekly_counts(codes, len(theatres), groups["lo"], groups["hi"], calendar=False, counts=groups["n"])
    return WeeklyCounts(theatres, bins, z, int(groups["n"].sum()), _sources_in_order(source, where, params))


def compare_days(source, ctx: Context, where: str, params: list) -> Chart:
    return compare_days_layout(ctx, count_compare_days(source, ctx, where, params), COMPARE_DAYS_TITLE)
