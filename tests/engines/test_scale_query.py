"""The DuckDB frame source (dashboard/engines/sources.py, dashboard/engines/duck_charts.py) against the pandas one.

Both sources read the same synthetic dataset (3,000 events: above the timeline's per-event limit, so
the weekly views are counted in SQL), and every chart must come out the same from either."""

from __future__ import annotations

import importlib
import json
import math
from datetime import date

import pytest

from dashboard.engines import sources as query, cache as scale, duck_charts as scale_charts
from dashboard.engines import duck as engines_duck
from dashboard.engines import loading
from bench import synth
from bench import synth_vocab
from dashboard.charts import CHARTS, SLIDES, aggregate, layout
from dashboard.charts.compare_days import TITLE as COMPARE_DAYS_TITLE
from dashboard.frames.filters import Filters, filter_events, filter_figures

N_EVENTS = 3_000
LOW_LIMIT = 300


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    data = synth.generate(tmp_path_factory.mktemp("scale") / "synth", N_EVENTS, seed=3)
    ds, frames = loading.load_bundle_fast(data)
    duck = engines_duck.open_duck_source(scale.cache_path(data, scale.content_key(data)))
    return data, ds, query.PandasSource(frames), duck


def _filters(ds):
    sources = [s.id for s in ds.sources]
    return [
        Filters(),
        Filters(theatres=("gaza",)),
        Filters(lanes="event_type"),
        Filters(axis="days"),
        Filters(axis="days", lanes="event_type", theatres=("lebanon", "gaza")),
        Filters(start=date(2025, 3, 1), end=date(2025, 3, 20)),  # under the per-event limit: drawn one by one
        Filters(start=date(2025, 6, 1)),
        Filters(types=("airstrike", "armed_clash"), statuses=("occurred",)),
        Filters(actors=("hamas", "idf")),
        Filters(actors=("hamas",), claimants=(synth_vocab.CLAIMANTS[0],)),  # the event actor and the claimant apart
        Filters(sources=(sources[2], sources[5])),
        Filters(theatres=("west_bank",), sources=(sources[0],)),
        Filters(theatres=("qatar",), start=date(2025, 12, 30)),  # (almost) nothing
    ]


def _close(a, b, path="fig") -> None:
    """Plotly JSON trees equal, floats to 0.011 (weekly counts are rounded to 2 decimals on both sides)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), f"{path}: keys {set(a) ^ set(b)}"
        for k in a:
            _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b), f"{path}: lengths {len(a)} vs {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            assert a is b, f"{path}: {a!r} vs {b!r}"
        elif not (math.isnan(a) and math.isnan(b)):
            assert abs(a - b) <= 0.011, f"{path}: {a} vs {b}"
    else:
        assert a == b, f"{path}: {a!r} vs {b!r}"


@pytest.mark.parametrize("chart_id", sorted(set(CHARTS) | set(SLIDES)))
def test_every_chart_is_the_same_from_duckdb(sources, chart_id):
    _, ds, pandas_source, duck = sources
    lay = layout.PHONE if chart_id in CHARTS else layout.SLIDE  # a chart's slide part (charts.VIEWS) as a slide
    for f in _filters(ds):
        want = pandas_source.chart(chart_id, f, ds.version, lay)
        got = duck.chart(chart_id, f, ds.version, lay)
        _same(want, got, f"{chart_id} {f.describe()}")


def _same(want, got, path: str) -> None:
    _close(json.loads(want.figure.to_json()), json.loads(got.figure.to_json()), path)
    assert got.summary == want.summary
    assert list(got.data.columns) == list(want.data.columns)
    assert len(got.data) == len(want.data)
    assert got.permalinks == want.permalinks


@pytest.fixture
def low_limit(monkeypatch):
    """A per-event limit of 300, so the SQL-counted days-since comparison (399 post-ceasefire events here)
    is exercised too; every module that reads the limit sees it."""
    for name in ("dashboard.charts", "dashboard.charts.aggregate", "dashboard.charts.timeline",
                 "dashboard.charts.compare_days"):
        monkeypatch.setattr(importlib.import_module(name), "TIMELINE_AGGREGATE_ABOVE", LOW_LIMIT)


@pytest.mark.parametrize("chart_id", ["timeline", "compare-days"])
def test_the_weekly_views_are_the_same_from_sql_counts(sources, low_limit, chart_id):
    _, ds, pandas_source, duck = sources
    aggregated = 0
    for f in _filters(ds):
        want = pandas_source.chart(chart_id, f, ds.version, layout.PHONE)
        got = duck.chart(chart_id, f, ds.version, layout.PHONE)
        _same(want, got, f"{chart_id} {f.describe()} (limit {LOW_LIMIT})")
        aggregated += "events" in want.data.columns  # the weekly views' data: counts; per-event views: rows
    assert aggregated >= 3, "the weekly views were barely exercised"


def test_the_weekly_views_are_counted_in_sql(sources, monkeypatch):
    """Above the per-event limit the weekly views are built from SQL groups: no event row is fetched and
    the pandas counting is never called, yet the layout (shared with the pandas path) shows every event."""
    _, ds, _, duck = sources

    def refuse(*args, **kwargs):
        raise AssertionError("rows materialized for a view that should be counted in SQL")

    monkeypatch.setattr(duck, "by_row", refuse)
    monkeypatch.setattr(aggregate, "count_timeline", refuse)
    monkeypatch.setattr(aggregate, "count_compare_days", refuse)
    for name in ("dashboard.charts", "dashboard.charts.aggregate", "dashboard.charts.compare_days"):
        monkeypatch.setattr(importlib.import_module(name), "TIMELINE_AGGREGATE_ABOVE", LOW_LIMIT)  # as low_limit
    chart = duck.chart("timeline", Filters(), ds.version, layout.PHONE)
    assert chart.figure.data[0].type == "heatmap"
    assert chart.summary.startswith(f"{N_EVENTS:,} events in ")
    assert chart.data["events"].sum() == pytest.approx(N_EVENTS, abs=0.5)
    compare = duck.chart("compare-days", Filters(), ds.version, layout.PHONE)
    assert {t.type for t in compare.figure.data} == {"scatter"}
    assert compare.title == COMPARE_DAYS_TITLE


def test_small_views_are_not_counted(sources, monkeypatch):
    """Under the limit the DuckDB source fetches the rows and draws one mark per event (the bad case for
    the test above: the SQL counting is not used)."""
    _, ds, _, duck = sources

    def refuse(*args, **kwargs):
        raise AssertionError("a small view was counted per week")

    monkeypatch.setattr(scale_charts, "timeline_layout", refuse)
    chart = duck.chart("timeline", Filters(start=date(2025, 3, 1), end=date(2025, 3, 20)), ds.version, layout.PHONE)
    assert all(t.type != "heatmap" for t in chart.figure.data)


def test_counts_match_the_pandas_masks(sources):
    _, ds, pandas_source, duck = sources
    for f in _filters(ds):
        for table in ("events", "figures"):
            assert duck.count(table, f) == pandas_source.count(table, f), (table, f.describe())


def test_pages_are_the_filtered_rows_in_order(sources):
    _, ds, pandas_source, duck = sources
    f = Filters(theatres=("gaza", "lebanon"))
    everything = filter_events(pandas_source.frames.events, f)
    page = duck.rows("events", f, limit=50, offset=100)
    assert list(page["id"]) == list(everything["id"].iloc[100:150])
    assert list(page.columns) == list(everything.columns)
    figs = duck.rows("figures", Filters(start=date(2025, 1, 1)), limit=20)
    assert list(figs["id"]) == list(filter_figures(pandas_source.frames.figures, Filters(start=date(2025, 1, 1)))["id"].iloc[:20])
    cites = duck.rows("citations", limit=30, offset=10)
    assert list(cites["record_id"]) == list(pandas_source.frames.citations["record_id"].iloc[10:40])


def test_lookups_and_ordering_agree(sources):
    _, _, pandas_source, duck = sources
    ev = pandas_source.frames.events
    rid = ev["id"].iloc[123]
    assert duck.rows("events", where={"id": rid})["id"].tolist() == [rid]
    latest = duck.rows("events", order=["date_start", "date_end"], descending=True, limit=10)
    assert latest["date_start"].is_monotonic_decreasing
    assert latest["date_start"].iloc[0] == ev["date_start"].max()
    near = duck.rows("events", where={"theatre": "gaza"}, near=("date_start", ev["date_start"].iloc[5]), limit=5)
    want = pandas_source.rows("events", where={"theatre": "gaza"}, near=("date_start", ev["date_start"].iloc[5]), limit=5)
    assert (near["date_start"] - ev["date_start"].iloc[5]).abs().tolist() == (want["date_start"] - ev["date_start"].iloc[5]).abs().tolist()
    phase = duck.rows("events", where={"phase": ev["phase"].dropna().iloc[0]})
    assert set(phase["id"]) == set(ev.loc[ev["phase"] == ev["phase"].dropna().iloc[0], "id"])
    assert duck.event_span() == pandas_source.event_span()


def test_hostile_values_are_bound_not_run(sources):
    _, _, _, duck = sources
    for value in ("x' OR '1'='1", "'; DROP TABLE n_events; --", "\x00", "🙂" * 500, "%", "_"):
        assert duck.rows("events", where={"id": value}).empty
        assert duck.count("figures", where={"claimant_id": value}) == 0
    assert duck.count("events") == N_EVENTS  # nothing was dropped


def test_unknown_columns_are_refused(sources):
    _, _, pandas_source, duck = sources
    for src in (pandas_source, duck):
        with pytest.raises(KeyError):
            src.rows("events", where={"id; DROP TABLE events": "x"})
        with pytest.raises(KeyError):
            src.rows("events", order=['date_start" DESC; --'])


def test_large_tables_are_not_held_in_memory(sources):
    _, _, _, duck = sources
    with pytest.raises(LookupError):
        duck.table("events")
    assert len(duck.table("sources")) > 0


def test_engine_follows_size_unless_forced(monkeypatch):
    monkeypatch.delenv(query.ENGINE_ENV, raising=False)
    assert query.engine_for(query.SCALE_ABOVE_EVENTS) == "pandas"
    assert query.engine_for(query.SCALE_ABOVE_EVENTS + 1) == "duckdb"
    monkeypatch.setenv(query.ENGINE_ENV, "duckdb")
    assert query.engine_for(10) == "duckdb"
    monkeypatch.setenv(query.ENGINE_ENV, "bogus")  # anything else: by size
    assert query.engine_for(10) == "pandas"


def test_load_source_picks_the_engine(sources, monkeypatch):
    data, _, _, _ = sources
    monkeypatch.setenv(query.ENGINE_ENV, "duckdb")
    assert isinstance(loading.load_source(data)[1], engines_duck.DuckSource)
    monkeypatch.setenv(query.ENGINE_ENV, "pandas")
    assert isinstance(loading.load_source(data)[1], query.PandasSource)


def test_every_page_renders_from_duckdb(sources, monkeypatch):
    """The app at scale: every page through the DuckDB source, without an exception."""
    from apptest_support import data_dir, open_page

    data, ds, pandas_source, _ = sources
    monkeypatch.setenv(query.ENGINE_ENV, "duckdb")
    ev, fg = pandas_source.frames.events, pandas_source.frames.figures
    visits = [("", {}), ("timeline", {"theatre": "gaza"}), ("timeline", {"lanes": "event_type", "axis": "days"}),
              ("compare", {}), ("data", {"theatre": "lebanon"}), ("about", {}), ("sources", {"id": ds.sources[0].id}),
              ("event", {"id": ev["id"].iloc[0]}), ("figure", {"id": fg["id"].iloc[0]}),
              ("source", {"id": ds.sources[1].id}), ("phase", {"id": ds.phases[0].id}),
              ("comparison", {"id": ds.comparisons[0].id}), ("event", {"id": "no-such-id"})]
    with data_dir(data):
        for path, params in visits:
            at = open_page(path, **params)
            assert not at.exception, (path, [e.message for e in at.exception])
        at = open_page("data")
        assert any(f"{N_EVENTS:,}" in c.value for c in at.caption), "the events tab counts every row"
