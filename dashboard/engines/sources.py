"""Frame sources: the one interface pages and chart builders read events, figures and citations through.

* `PandasSource` wraps the in-memory `Frames` (the hand-coded data and small synthetic sets): every
  method is a pandas mask over the frames, so the hand-coded views are exactly what they were.
* `DuckSource` queries the Parquet frame cache (see scale.py) with DuckDB, for datasets above
  `SCALE_ABOVE_EVENTS`: filters are pushed into SQL, tables come back a page at a time (LIMIT/OFFSET),
  and `chart()` materializes only what a chart draws: above `TIMELINE_AGGREGATE_ABOVE` events the
  timeline and the days-since comparison are weekly counts per lane grouped in SQL (scale_charts.py);
  figure charts get whole rows only for the `FIGURE_ROWS_MAX` most recent per (metric, theatre),
  ranked in SQL; a view of at most TIMELINE_AGGREGATE_ABOVE events is fetched whole. The narrow
  tables those queries read are built once per snapshot and stored beside it (narrow.py).

Otherwise the chart builders are unchanged: they receive a `Frames` either way. The small tables (sources,
phases, actors, comparisons) are always pandas. No Streamlit import; duckdb is imported only when a
large dataset is opened, so it costs the hand-coded app nothing at start-up.
"""

from __future__ import annotations

import os
from datetime import date

import pandas as pd

from dashboard.frames.filters import Filters, event_mask, figure_mask
from dashboard.frames.tables import Frames, _EVENT_COLUMNS, _FIGURE_COLUMNS

SCALE_ABOVE_EVENTS = 50_000  # above this many events the app queries Parquet instead of holding frames
ENGINE_ENV = "CEASEFIRE_ENGINE"  # "pandas" or "duckdb" forces a path (tests, benchmarks); unset: by size
BIG = ("events", "figures", "citations")
SMALL = ("sources", "phases", "actors", "comparisons", "agreements", "provisions", "assessments", "compliance_citations")
LIST_COLUMNS = {"events": ("actor_ids", "source_ids"), "figures": ("source_ids",), "citations": ()}
CITATION_COLUMNS = ["record_kind", "record_id", "n", "source_id", "quote", "start", "end", "passage", "permalink"]
COLUMNS = {"events": _EVENT_COLUMNS, "figures": _FIGURE_COLUMNS, "citations": CITATION_COLUMNS}
# The metrics (and theatres) each figure chart selects in charts.py; a chart is handed only these figures.
# tests/engines/test_scale_query.py checks every figure chart draws the same figure from both sources.
FIGURE_CHARTS = {
    "deaths": (("killed", "operatives_killed"), ("gaza", "lebanon")),
    "hostages": (("hostage_bodies_held", "hostage_bodies_remaining", "hostage_bodies_returned"), ()),
    "control": (("territory_share",), ()),
    "releases": (("living_hostages_to_release", "living_hostages_released"), ()),
    "enforcement": (("operatives_killed", "sites_struck", "raids", "strikes", "killed", "attacks"), ("gaza", "lebanon")),
}


def engine_for(n_events: int) -> str:
    forced = os.environ.get(ENGINE_ENV, "").strip().lower()
    if forced in ("pandas", "duckdb"):
        return forced
    return "duckdb" if n_events > SCALE_ABOVE_EVENTS else "pandas"


def reference_dates(phases: pd.DataFrame):
    from dashboard.charts import reference_dates as refs

    return refs(phases)


def _chart_limits() -> tuple[int, int]:
    from dashboard.charts import FIGURE_ROWS_MAX, TIMELINE_AGGREGATE_ABOVE  # lazy: charts imports plotly

    return TIMELINE_AGGREGATE_ABOVE, FIGURE_ROWS_MAX


def _where_mask(df: pd.DataFrame, where: dict | None) -> pd.Series:
    keep = pd.Series(True, index=df.index)
    for col, value in (where or {}).items():
        if col not in df.columns:
            raise KeyError(f"unknown column {col!r}")
        values = value if isinstance(value, (tuple, list, set, frozenset)) else (value,)
        if df[col].dtype == object and len(df) and isinstance(df[col].iloc[0], (list, tuple)):
            wanted = set(values)
            keep &= df[col].map(lambda ids: bool(wanted.intersection(ids)))
        else:
            keep &= df[col].isin(list(values))
    return keep


class PandasSource:
    """The frames in memory (the hand-coded dataset): today's behaviour, behind the source interface."""

    scale = False

    def __init__(self, frames: Frames):
        self.frames = frames

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self.frames, name)

    def count(self, table: str, filters: Filters | None = None, where: dict | None = None) -> int:
        return int(self._mask(table, filters, where).sum())

    def rows(self, table: str, filters: Filters | None = None, where: dict | None = None, order: list[str] | None = None,
             descending: bool = False, limit: int | None = None, offset: int = 0, near: tuple | None = None) -> pd.DataFrame:
        """Rows of `table` that `filters` (events, figures) and `where` ({column: value or values}; a list
        column matches when it shares a value) select, in `order` or nearest first to `near` = (column,
        value), from `offset`, at most `limit`."""
        df = self.table(table)
        keep = self._mask(table, filters, where)
        out = df if bool(keep.all()) else df[keep]
        if near:
            out = out.iloc[(out[near[0]] - near[1]).abs().argsort(kind="stable")]
        elif order:
            out = out.sort_values(order, ascending=not descending)
        if offset or limit is not None:
            out = out.iloc[offset: None if limit is None else offset + limit]
        if filters is not None:
            from dashboard.frames.filters import _take  # the same dtype rule as filter_events/filter_figures

            out = _take(out, pd.Series(True, index=out.index))
        return out

    def event_span(self) -> tuple[date, date]:
        ev = self.frames.events
        return ev["date_start"].min().date(), ev["date_end"].max().date()

    def chart(self, chart_id: str, filters: Filters, version: str, lay):
        """One chart for `filters`, laid out for `lay` (a charts.layout.Layout: required, see charts.build)."""
        from dashboard.charts import Context, build  # lazy: charts imports plotly

        return build(chart_id, Context(self.frames, version, filters), lay)

    def _mask(self, table: str, filters: Filters | None, where: dict | None) -> pd.Series:
        df = self.table(table)
        keep = _where_mask(df, where)
        if filters is not None and table == "events":
            keep &= event_mask(df, filters)
        elif filters is not None and table == "figures":
            keep &= figure_mask(df, filters)
        return keep


# --------------------------------------------------------------------------- DuckDB over the Parquet cache
