"""The DuckDB frame source: filters, counts, search and charts in SQL over the Parquet snapshot."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.engines import narrow
from dashboard.frames.filters import Filters
from dashboard.frames.tables import Frames
from dashboard.engines.narrow import NARROW, _lit, _q
from dashboard.engines.sources import (BIG, COLUMNS, FIGURE_CHARTS, LIST_COLUMNS, PandasSource, SMALL, _chart_limits,
    _where_mask, reference_dates)
from dashboard.engines.arrow import _fold_arrow, _to_pandas, _with_stand_ins, pq_columns


CONTEXT_ROWS_MAX = 50_000  # rows the timeline's context strip may read one by one from DuckDB (under 0.1 s here)


class DuckSource:
    """Events, figures and citations read from the Parquet cache on demand; only small tables in memory."""

    scale = True
    CACHE_ENTRIES = 6  # figure selections kept per process: one filter change needs one per figure chart
    ROW_CACHE = 20_000  # full rows kept per table (figure rows are ~0.5 kB)

    def __init__(self, cache_dir: Path, manifest: dict, small: dict[str, pd.DataFrame], memory_limit: str = "256MB",
                 persist: bool = True):
        import duckdb  # lazy: only large datasets pay its import

        from dashboard.engines.narrow import LIST_SEP

        self.cache_dir = Path(cache_dir)
        self.sep = LIST_SEP
        self.small = small
        self._datetimes = {n: manifest.get("datetime_columns", {}).get(n, {}) for n in BIG}
        self._con = duckdb.connect(config={"threads": 2, "memory_limit": memory_limit})
        self._lock = threading.Lock()
        self._cache: OrderedDict = OrderedDict()
        self._rows: dict[str, pd.DataFrame] = {}
        self._claimant_keys: tuple[str, ...] | None = None  # every claimant of the dataset (_context), read once
        # the narrow tables: stored beside the snapshot (narrow.py), attached read-only; views keep the names
        self.narrow_from = narrow.attach(self._con, self.cache_dir, manifest, persist)
        for name in BIG:  # whole rows: from Parquet, except figures, which narrow.py stores whole (see there)
            self._con.execute(f"CREATE VIEW {name} AS SELECT * FROM {narrow.DB}.{name}" if name in narrow.WHOLE else
                              f"CREATE VIEW {name} AS SELECT * EXCLUDE (file_row_number), file_row_number AS _row "
                              f"FROM read_parquet({_lit(self.cache_dir / (name + '.parquet'))}, file_row_number = true)")
        for name in NARROW:
            self._con.execute(f"CREATE VIEW n_{name} AS SELECT * FROM {narrow.DB}.n_{name}")
        # search compares text as search.fold folds it: the folded columns stored with the cache, else the
        # same function registered in DuckDB (slower: it folds each distinct value on the first query)
        self._folded: dict[str, list[str]] = {}
        for name in BIG:
            path = self.cache_dir / f"fold_{name}.parquet"
            if path.is_file():
                self._folded[name] = pq_columns(path)
                self._con.execute(f"CREATE VIEW fold_{name} AS SELECT * EXCLUDE (file_row_number), file_row_number AS _row "
                                  f"FROM read_parquet({_lit(path)}, file_row_number = true)")
        self._con.create_function("fold_text", _fold_arrow, ["VARCHAR"], "VARCHAR", type="arrow")
        self._combos = narrow.combos(self._con)
        self._phase_citations = self._fetch(f"SELECT * EXCLUDE (_row) FROM {narrow.DB}.phase_citations ORDER BY _row",
                                            [], "citations")
        self._empty = {n: self._fetch(f"SELECT * EXCLUDE (_row) FROM {n} LIMIT 0", [], n) for n in BIG}
        # whole rows of the figures charts draw unless an end date, a source or a claimant filter applies:
        # most filter changes then read no figure row (a read of the stored figures: ~45 ms at a million)
        pool = self._fetch(f"SELECT * FROM {narrow.DB}.figure_pool ORDER BY _row", [], "figures").set_index("_row")
        if len(pool):
            self._rows["figures"] = pool
        lo, hi = self._con.execute(f"SELECT lo, hi FROM {narrow.DB}.meta").fetchall()[0]
        self._span = (pd.Timestamp(lo).date(), pd.Timestamp(hi).date())

    # ---- filters as SQL over the narrow tables (bound parameters, never interpolated values)
    def _combos_with(self, table: str, col: str, wanted) -> list[str]:
        wanted = set(wanted)
        return [c for c in self._combos[(table, col)] if wanted.intersection(c.split(self.sep) if c else [])]

    def filter_sql(self, table: str, f: Filters | None) -> tuple[list[str], list]:
        """Conditions on n_events / n_figures equal to filters.event_mask / figure_mask."""
        if f is None:
            return [], []
        conds, params = [], []
        start, end = ("date_start", "date_end") if table == "events" else ("as_of_start", "as_of_end")
        if f.start:
            conds.append(f"{end} >= ?")
            params.append(f.start)
        if f.end:
            conds.append(f"{start} <= ?")
            params.append(f.end)
        if f.theatres:
            conds.append("list_contains(?::VARCHAR[], theatre::VARCHAR)")
            params.append(list(f.theatres))
        if table == "events":
            for col, values in (("type", f.types), ("status", f.statuses)):
                if values:
                    conds.append(f"list_contains(?::VARCHAR[], {col}::VARCHAR)")
                    params.append(list(values))
            for col, values in (("actor_ids", f.actors), ("source_ids", f.sources)):
                if values:
                    conds.append(f"list_contains(?::VARCHAR[], {col}::VARCHAR)")
                    params.append(self._combos_with("events", col, values))
        else:
            if f.sources:
                conds.append("(list_contains(?::VARCHAR[], source_ids::VARCHAR) OR derived)")
                params.append(self._combos_with("figures", "source_ids", f.sources))
            if f.claimants:
                # an actor id ('author': every author) or a claimant key (one article's author), as filters.figure_mask
                conds.append("(list_contains(?::VARCHAR[], claimant_id::VARCHAR) OR list_contains(?::VARCHAR[], claimant_key::VARCHAR))")
                params += [list(f.claimants), list(f.claimants)]
        return conds, params

    def where(self, table: str, f: Filters | None, extra: list[str] = ()) -> tuple[str, list]:
        conds, params = self.filter_sql(table, f)
        conds = conds + list(extra)
        return (" WHERE " + " AND ".join(conds) if conds else ""), params

    # ---- the source interface
    def table(self, name: str) -> pd.DataFrame:
        if name in self.small:
            return self.small[name]
        raise LookupError(f"the {name} table of a large dataset is not held in memory: read it with rows()")

    def count(self, table: str, filters: Filters | None = None, where: dict | None = None) -> int:
        if table in self.small:
            return int(_where_mask(self.small[table], where).sum())
        if table in NARROW and not set(where or {}) - set(NARROW[table]):
            w, params = self._narrow_where(table, filters, where)
            return int(self._con.cursor().execute(f"SELECT count(*) FROM n_{table}{w}", params).fetchall()[0][0])
        w, params = self._wide_where(table, where)
        return int(self._con.cursor().execute(f"SELECT count(*) FROM {table}{w}", params).fetchall()[0][0])

    def rows(self, table: str, filters: Filters | None = None, where: dict | None = None, order: list[str] | None = None,
             descending: bool = False, limit: int | None = None, offset: int = 0, near: tuple | None = None) -> pd.DataFrame:
        if table in self.small:
            return PandasSource(Frames(**{n: self._empty.get(n, pd.DataFrame()) for n in BIG},
                                       **self.small)).rows(table, filters, where, order, descending, limit, offset, near)
        cols = COLUMNS[table]
        for c in [*(order or []), *([near[0]] if near else []), *(where or {})]:
            if c not in cols:
                raise KeyError(f"unknown column {c!r}")
        direction = " DESC" if descending else ""
        params_order: list = []
        if near:
            order_sql = f"abs({_q(near[0])} - ?::DATE), _row"
            params_order = [pd.Timestamp(near[1]).date()]
        else:
            order_sql = ", ".join([f"{_q(c)}{direction}" for c in order or []] + [f"_row{direction}"])
        page = (f" LIMIT {int(limit)}" if limit is not None else "") + (f" OFFSET {int(offset)}" if offset else "")
        narrow = table in NARROW and not {*(order or []), *([near[0]] if near else []), *(where or {})} - set(NARROW[table])
        if narrow:  # row numbers from the narrow table, then only those rows from Parquet
            w, params = self._narrow_where(table, filters, where)
            found = [r[0] for r in self._con.cursor().execute(
                f"SELECT _row FROM n_{table}{w} ORDER BY {order_sql}{page}", params + params_order).fetchall()]
            return self.by_row(table, found)
        if filters is not None:
            raise ValueError("filters apply to events and figures with narrow where/order columns only")
        w, params = self._wide_where(table, where)
        if not w and not order and not near and limit is not None:  # a plain page: a row range (row groups skipped)
            w, params, page = " WHERE _row BETWEEN ? AND ?", [int(offset), int(offset) + int(limit) - 1], ""
        return self._fetch(f"SELECT * EXCLUDE (_row) FROM {table}{w} ORDER BY {order_sql}{page}", params + params_order, table)

    def by_row(self, table: str, found: list[int]) -> pd.DataFrame:
        """Full rows by row number, in the order given. Rows read recently are kept (ROW_CACHE rows per
        table): the candidates of figure charts barely change from one filter to the next."""
        if not found:
            return self._empty[table].copy()
        with self._lock:
            cached = self._rows.get(table)
        missing = sorted(set(found) - set(cached.index)) if cached is not None else sorted(set(found))
        if missing:  # a range bound lets DuckDB skip row groups
            new = self._fetch(f"SELECT * FROM {table} WHERE _row BETWEEN ? AND ? AND _row IN (SELECT unnest(?::UBIGINT[]))",
                              [missing[0], missing[-1], missing], table).set_index("_row")
            if len(found) > self.ROW_CACHE:  # a large read (a download): not kept
                return pd.concat([cached.loc[[r for r in found if r not in new.index]] if cached is not None
                                  else new.iloc[:0], new]).loc[found].reset_index(drop=True)
            cached = new if cached is None else pd.concat([cached, new])
            if len(cached) > self.ROW_CACHE:
                cached = cached.loc[list(dict.fromkeys([*found, *cached.index[::-1]]))[: self.ROW_CACHE]]
            with self._lock:
                self._rows[table] = cached
        return cached.loc[found].reset_index(drop=True)

    def event_span(self) -> tuple[date, date]:
        return self._span

    def rows_matching(self, table: str, columns: list[str], words: list[str], limit: int) -> pd.DataFrame:
        """Rows (first `limit` by position) in which every word occurs in one of `columns`, compared
        lower-cased without accents; the words are bound parameters and matched literally (contains)."""
        for c in columns:
            if c not in COLUMNS[table]:
                raise KeyError(f"unknown column {c!r}")
        if set(columns) <= set(self._folded.get(table, ())):  # folded when the cache was written
            conds = ["(" + " OR ".join(f"contains({_q(c)}, ?)" for c in columns) + ")" for _ in words]
            rows = f"SELECT _row FROM fold_{table} WHERE {' AND '.join(conds)} ORDER BY _row LIMIT {int(limit)}"
            sql = f"SELECT * EXCLUDE (_row) FROM {table} WHERE _row IN ({rows}) ORDER BY _row"
        else:
            folded = [f"fold_text(coalesce({_q(c)}::VARCHAR, ''))" for c in columns]
            conds = ["(" + " OR ".join(f"contains({col}, ?)" for col in folded) + ")" for _ in words]
            sql = f"SELECT * EXCLUDE (_row) FROM {table} WHERE {' AND '.join(conds)} ORDER BY _row LIMIT {int(limit)}"
        params = [w for w in words for _ in columns]
        return self._fetch(sql, params, table)

    def chart(self, chart_id: str, filters: Filters, version: str, lay):
        """One chart for `filters`, laid out for `lay` (a charts.layout.Layout: required, see charts.build)."""
        from dashboard.charts import layout

        with layout.using(lay):
            chart = self._chart(chart_id, filters, version)
        chart.layout = lay
        return chart

    def _chart(self, chart_id: str, filters: Filters, version: str):
        """Weekly counts in SQL where the builder would count rows, else the unchanged builder over only the
        rows it can draw (in the layout `chart` set)."""
        from dashboard.engines import duck_charts as scale_charts
        from dashboard.charts import build, chart_of, relevant_filters

        filters = relevant_filters(chart_id, filters)  # as charts.build does: SQL-counted views go around it
        aggregate_above, _ = _chart_limits()
        if chart_of(chart_id) in FIGURE_CHARTS:  # one part of a split figure chart (charts.VIEWS) reads its chart's rows
            figures = self._figure_rows(filters, *FIGURE_CHARTS[chart_of(chart_id)])
            return build(chart_id, self._context(self._frames(figures=figures), version, filters))
        if chart_id in ("compliance", "compliance-timeline"):  # read only the compliance tables: small, in memory
            return build(chart_id, self._context(self._frames(), version, filters))
        f = filters.with_(theatres=("gaza", "lebanon")) if chart_id == "compare-days" else filters
        where, params = self.where("events", f)
        ctx = self._context(self._frames(), version, filters)
        if chart_of(chart_id) == "timeline":  # counted in SQL when the view is large: one query either way
            chart = scale_charts.timeline(self, ctx, where, params, above=aggregate_above)
            if chart is not None:
                return chart
        elif self.count_sql(where, params) > aggregate_above:
            lo_sql, hi_sql = scale_charts.day_sql(reference_dates(self.small["phases"]), True)
            # compare_days keeps events from 31 days before a month-precision ceasefire on (x_lo >= -31, x_hi >= 0)
            where = f"{where} AND {hi_sql} >= 0 AND {lo_sql} >= -31"
            if self.count_sql(where, params) > aggregate_above:
                return scale_charts.compare_days(self, ctx, where, params)
        if chart_of(chart_id) == "timeline" and (filters.start or filters.end):
            # the timeline's whole-record strip reads what every filter but the dates selects (as from memory);
            # past CONTEXT_ROWS_MAX rows it reads only the dated rows (a known difference from the in-memory view)
            undated = self.where("events", filters.with_(start=None, end=None))
            if self.count_sql(*undated) <= CONTEXT_ROWS_MAX:
                where, params = undated
        found = [r[0] for r in self._con.cursor().execute(f"SELECT _row FROM n_events{where} ORDER BY _row", params).fetchall()]
        return build(chart_id, self._context(self._frames(events=self.by_row("events", found)), version, filters))

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """A small result (counts, groups) over the narrow tables, as a plain frame; list ids split back."""
        df = self._con.cursor().sql(query, params=params or None).to_arrow_table().to_pandas()
        for col in ("source_ids", "actor_ids"):
            if col in df.columns:
                df[col] = [str(v).split(self.sep) if isinstance(v, str) and v else [] for v in df[col]]
        return df

    def count_sql(self, where: str, params: list) -> int:
        return int(self._con.cursor().execute(f"SELECT count(*) FROM n_events{where}", params).fetchall()[0][0])

    def _figure_rows(self, f: Filters, metrics: tuple, theatres: tuple) -> pd.DataFrame:
        """The figures a figure chart reads, with only FIGURE_ROWS_MAX whole rows per (metric, theatre).

        A figure chart (charts._figure_rows) shows the FIGURE_ROWS_MAX most recent of its metrics and
        theatres: latest as_of_end, then as_of_start (days), then the later row; and says "N most recent
        of M". The N most recent of a union of (metric, theatre) groups are among the N most recent of each
        group, so SQL ranks each group and returns those candidates whole. Each group's other rows are
        stand-ins that copy a candidate's metric, theatre, claimant, sources and derived flag (so the
        chart's own mask keeps them and its M stays exact), dated at the earliest as_of of the selection
        and placed first (so they rank below every real row and are never drawn)."""
        _, most = _chart_limits()
        # figures follow only the date, theatre, source and claimant filters (filters.figure_mask): an event
        # type or status change reuses the selection
        key = ("figures", (f.start, f.end, f.theatres, f.sources, f.claimants), metrics, theatres)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        where, params = self.where("figures", f, ["list_contains(?::VARCHAR[], metric::VARCHAR)"]
                                   + (["list_contains(?::VARCHAR[], theatre::VARCHAR)"] if theatres else []))
        params = params + [list(metrics)] + ([list(theatres)] if theatres else [])
        groups = self._con.cursor().execute(
            f"SELECT max({narrow.FIGURE_RANK}, {int(most)}) AS top, count(*) AS n, min(as_of_start) AS lo_start, "
            f"min(as_of_end) AS lo_end FROM n_figures{where} GROUP BY metric, theatre", params).fetchall()
        found = sorted(int(k) % 16777216 for top, *_ in groups for k in top)
        cand = self.by_row("figures", found)
        extra_by_row = {int(top[0]) % 16777216: n - most for top, n, *_ in groups if n > most}
        if extra_by_row:
            # the earliest as_of of the whole selection (min() skips a missing date, as the SQL min did)
            lo = tuple(min((g[i] for g in groups if g[i] is not None), default=None) for i in (2, 3))
            cand = _with_stand_ins(cand, [found.index(r) for r in extra_by_row], list(extra_by_row.values()), lo)
        with self._lock:
            self._cache[key] = cand
            while len(self._cache) > self.CACHE_ENTRIES:
                self._cache.popitem(last=False)
        return cand

    # ---- plumbing
    def _context(self, frames: Frames, version: str, filters: Filters):
        """A chart's Context over some rows, knowing every claimant of the dataset (their shapes are chosen among
        all of them, as from memory)."""
        from dashboard.charts import Context

        if self._claimant_keys is None:
            rows = self._con.cursor().execute(
                "SELECT DISTINCT claimant_key::VARCHAR FROM n_figures WHERE claimant_key IS NOT NULL").fetchall()
            small = [k for n in ("assessments", "comparisons") if "claimant_key" in self.small[n]
                     for k in self.small[n]["claimant_key"].dropna()]
            self._claimant_keys = tuple(sorted({r[0] for r in rows} | {k for k in small if isinstance(k, str)}))
        return Context(frames, version, filters, claimant_keys=self._claimant_keys)

    def _frames(self, events: pd.DataFrame | None = None, figures: pd.DataFrame | None = None) -> Frames:
        return Frames(events=events if events is not None else self._empty["events"],
                      figures=figures if figures is not None else self._empty["figures"],
                      citations=self._phase_citations, **{n: self.small[n] for n in SMALL})

    def _narrow_where(self, table: str, filters: Filters | None, where: dict | None) -> tuple[str, list]:
        conds, params = self.filter_sql(table, filters)
        for col, value in (where or {}).items():
            values = [str(v).lower() if isinstance(v, bool) else str(v)  # as DuckDB writes a BOOLEAN as text
                      for v in (value if isinstance(value, (tuple, list, set, frozenset)) else [value])]
            if NARROW[table][col] == "combo":
                values = self._combos_with(table, col, values)
            conds.append(f"list_contains(?::VARCHAR[], {_q(col)}::VARCHAR)")
            params.append(values)
        return (" WHERE " + " AND ".join(conds) if conds else ""), params

    def _wide_where(self, table: str, where: dict | None) -> tuple[str, list]:
        conds, params = [], []
        for col, value in (where or {}).items():
            if col not in COLUMNS[table]:
                raise KeyError(f"unknown column {col!r}")
            values = list(value) if isinstance(value, (tuple, list, set, frozenset)) else [value]
            if col in LIST_COLUMNS.get(table, ()):
                conds.append(f"list_has_any({_q(col)}, ?::VARCHAR[])")
                params.append([str(v) for v in values])
            else:
                conds.append(f"{_q(col)} IN ({', '.join('?' * len(values))})")
                params += values
        return (" WHERE " + " AND ".join(conds) if conds else ""), params

    def _fetch(self, sql: str, params: list, table: str) -> pd.DataFrame:
        result = self._con.cursor().sql(sql, params=params or None).to_arrow_table()
        return _to_pandas(result, LIST_COLUMNS[table], self._datetimes[table])


def open_duck_source(cache_dir: Path, persist: bool = True) -> DuckSource:
    """A DuckSource over one frame cache directory (the small tables read into pandas); `persist`: store
    the narrow tables beside the snapshot when they are not there yet (narrow.attach)."""
    from dashboard.engines.cache import _read_table

    manifest = json.loads((Path(cache_dir) / "manifest.json").read_text(encoding="utf-8"))
    small = {n: _read_table(Path(cache_dir) / f"{n}.parquet", manifest["list_columns"].get(n, []),
                            manifest["datetime_columns"].get(n, {}), manifest["categorical_columns"].get(n, []))
             for n in SMALL}
    return DuckSource(cache_dir, manifest, small, persist=persist)
