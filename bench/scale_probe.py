"""Server-side costs on one dataset, in a fresh process (so peak memory is this dataset's alone).

    python -m bench.scale_probe DATA_DIR REPEATS [--profile OUT.txt]

Prints one JSON object: load, filter, aggregate, figure-building and JSON-serialisation times (median of
REPEATS, each repeat a different filter so nothing is cached; figure building split into the chart
builders' own time and the frame source's), all through the frame source the app uses
(dashboard/engines/sources.py: pandas frames for small datasets, DuckDB over Parquet above SCALE_ABOVE_EVENTS), the size of every figure's JSON, the time
of an AppTest rerun of the Timeline page after a widget change (the server's whole cost of a filter change),
peak memory (ru_maxrss), and the floor: building and serialising the floor app's figure.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

PAGE_CHARTS = ["timeline", "deaths", "hostages", "control", "releases"]  # the Timeline page
ALL_CHARTS = PAGE_CHARTS + ["enforcement", "compare-days"]


def _filters():
    from dashboard.frames.filters import Filters

    return [Filters(theatres=("gaza",)), Filters(lanes="event_type"), Filters(start=date(2025, 1, 1)),
            Filters(types=("airstrike", "armed_clash")), Filters(axis="days", theatres=("lebanon",)),
            Filters(statuses=("occurred",), lanes="event_type"), Filters(end=date(2025, 6, 30), axis="days")]


def _median(xs):
    return statistics.median(xs) if xs else None


def floor_figure_s(repeats: int = 20) -> float:
    import plotly.graph_objects as go

    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        xs = list(range(50))
        fig = go.Figure(go.Scatter(x=xs, y=[(x * 37) % 23 for x in xs], mode="markers", marker=dict(size=8)))
        fig.update_layout(title="Floor chart", height=400)
        fig.to_json()
        times.append(time.perf_counter() - t)
    return _median(times)


def main(argv: list[str]) -> int:
    data, repeats = Path(argv[0]), int(argv[1])
    profile_out = Path(argv[3]) if len(argv) > 3 and argv[2] == "--profile" else None
    t = time.perf_counter()
    import pandas as pd  # noqa: F401

    from dashboard.engines import cache as scale
    from dashboard.engines import loading
    from dashboard.charts import _epoch_days, _weekly_counts
    from dashboard.frames.filters import event_mask

    out: dict = {"import_s": time.perf_counter() - t, "floor_figure_s": floor_figure_s()}
    loads = []
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        ds, src = loading.load_source(data)  # what the app's state.bundle() does
        loads.append(time.perf_counter() - t)
        if _ < repeats - 1:
            del ds, src
    out["load_s"] = _median(loads)
    out["engine"] = "duckdb" if src.scale else "pandas"
    out["events"], out["figures"] = src.count("events"), src.count("figures")
    out["from_cache"] = (scale.cache_path(data, scale.content_key(data)) / "manifest.json").is_file()

    filters = _filters()[: max(repeats, 3)]
    filt, agg, build_s, json_s, change_s, builders_s = [], [], [], [], [], []
    # time spent inside the chart builders (the rest of a chart's build is the frame source's work)
    import dashboard.charts as charts_pkg
    from dashboard.charts import layout
    from dashboard.engines import duck_charts as scale_charts

    inside = [0.0]

    def timed(fn):
        def wrapper(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                inside[0] += time.perf_counter() - t0
        return wrapper

    originals = charts_pkg.build, scale_charts.timeline_layout
    charts_pkg.build, scale_charts.timeline_layout = timed(charts_pkg.build), timed(scale_charts.timeline_layout)
    per_chart: dict[str, list[float]] = {c: [] for c in PAGE_CHARTS}
    for f in filters:
        t = time.perf_counter()
        src.count("events", f)
        src.count("figures", f)
        filt.append(time.perf_counter() - t)
        t = time.perf_counter()
        lane = "type" if f.lanes == "event_type" else "theatre"
        if src.scale:  # weekly counts per lane: grouped in SQL (scale_charts.timeline's query)
            where, params = src.where("events", f)
            src.sql(f"SELECT {lane} AS lane, date_start - DATE '1970-01-01' AS lo, date_end - DATE '1970-01-01' AS hi, "
                    f"count(*) AS n FROM n_events{where} GROUP BY ALL", params)
        else:
            fr = src.frames
            keep = event_mask(fr.events, f)
            ev = fr.events.loc[keep, ["date_start", "date_end", "theatre", "type"]]
            if len(ev):
                codes, lanes = pd.factorize(ev[lane])
                _weekly_counts(codes, len(lanes), _epoch_days(ev["date_start"]), _epoch_days(ev["date_end"]), True)
        agg.append(time.perf_counter() - t)
        total_b = total_j = 0.0
        inside[0] = 0.0
        for cid in PAGE_CHARTS:
            t = time.perf_counter()
            chart = src.chart(cid, f, ds.version, layout.PHONE)
            b = time.perf_counter() - t
            t = time.perf_counter()
            chart.figure.to_json()
            j = time.perf_counter() - t
            per_chart[cid].append(b + j)
            total_b, total_j = total_b + b, total_j + j
        build_s.append(total_b)
        builders_s.append(inside[0])
        json_s.append(total_j)
        change_s.append(total_b + total_j)
    charts_pkg.build, scale_charts.timeline_layout = originals
    out["filter_s"] = _median(filt)
    out["aggregate_s"] = _median(agg)
    out["build_s"] = _median(build_s)
    out["builders_s"] = _median(builders_s)  # of build_s: inside dashboard/charts (Plotly figures)
    out["source_s"] = _median([b - i for b, i in zip(build_s, builders_s)])  # of build_s: the frame source
    out["json_s"] = _median(json_s)
    out["page_charts_s"] = _median(change_s)
    out["per_chart_s"] = {c: _median(v) for c, v in per_chart.items()}

    sizes: dict[str, int] = {}
    for f in [filters[0].__class__()] + filters:
        for cid in ALL_CHARTS:
            n = len(src.chart(cid, f, ds.version, layout.PHONE).figure.to_json())
            sizes[cid] = max(sizes.get(cid, 0), n)
    out["json_bytes"] = sizes
    out["max_json_bytes"] = max(sizes.values())
    out["peak_rss_mb_before_apptest"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del ds, src
    gc.collect()

    # the whole server-side cost of a filter change: an AppTest rerun of the Timeline page
    os.environ["CEASEFIRE_DATA_DIR"] = str(data)
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    app = Path(__file__).resolve().parent.parent / "streamlit_app.py"
    at = AppTest.from_file(str(app), default_timeout=300)
    at._page_hash = calc_hash("timeline")
    t = time.perf_counter()
    at.run()
    out["apptest_first_run_s"] = time.perf_counter() - t
    out["apptest_errors"] = [e.message for e in at.exception]
    changes = [("multiselect", "f-theatre", ["gaza"]), ("multiselect", "f-type", ["airstrike", "armed_clash"]),
               ("radio", "f-lanes", "event_type"), ("multiselect", "f-theatre", ["gaza", "lebanon"]),
               ("radio", "f-axis", "days"), ("multiselect", "f-type", []), ("radio", "f-lanes", "theatre")][: max(repeats, 3)]
    reruns = []
    for kind, key, value in changes:
        # sidebar filters; the lanes/axis switches sit beside the timeline (in its fragment)
        getattr(at if key in ("f-lanes", "f-axis") else at.sidebar, kind)(key=key).set_value(value)
        t = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - t)
        out["apptest_errors"] += [e.message for e in at.exception]
    out["filter_change_rerun_s"] = _median(reruns)
    out["filter_change_reruns_s"] = reruns
    out["filter_change_rerun_max_s"] = max(reruns)
    if profile_out:
        # the page runs in AppTest's script thread: profile inside it, around the Timeline page's render()
        from pyinstrument import Profiler

        import dashboard.app.timeline as page

        original = page.render

        def profiled() -> None:
            profiler = Profiler(interval=0.001)
            profiler.start()
            try:
                original()
            finally:
                profiler.stop()
                profile_out.write_text(profiler.output_text(unicode=False, color=False, show_all=False),
                                       encoding="utf-8")

        page.render = profiled
        try:
            at.sidebar.multiselect(key="f-theatre").set_value(["lebanon", "israel"])
            at.run()
        finally:
            page.render = original
        out["profile"] = str(profile_out)
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
