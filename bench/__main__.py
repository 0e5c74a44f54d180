"""Run the benchmark: `python -m bench` (full, ~15-20 min) or `python -m bench --quick` (CI smoke, < 3 min).

Sections (each timing a median over repeated runs, reported as a ratio to a floor measured in this run):
  a  first chart: navigation to the first Plotly chart on our home page vs the floor app, alternated; in a
     full run also every other page with charts (goal 1.3)
  b  interaction: Timeline page, toggle the Lanes radio, until every chart is redrawn vs the floor's rerun
  c  scale: synthetic datasets (1k..1M events): load, filter, aggregate, build, JSON size, peak memory,
     the AppTest rerun after a filter change; power-law exponents of each cost from the smallest to the
     largest size; browser timings (a, b, e) repeated on the largest dataset
  d  concurrency: N simultaneous sessions (one Chromium per process) on one server
  e  cold start: server start to first chart
  w  figure weights: each chart's figure JSON size and trace / annotation counts at the app's width (960 px),
     always reported, with the machine's load average at the start and end of the run
Writes bench/results/latest.json and bench/results/latest.md.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.server import APP, FLOOR, ROOT, Server
from bench.common import RESULTS, SEED, WORK, cores, log, median, ratio
from bench.concurrency import run_concurrency
from bench.report import OTHER_PAGES, markdown


# --------------------------------------------------------------------------- c: scale


def synth_dir(n: int) -> Path:
    return WORK / f"synth-{n}"


def ensure_synthetic(n: int) -> dict:
    """Generate the synthetic dataset of n events unless an identical one (same generator, seed, size and a
    matching cache) is already there."""
    root = synth_dir(n)
    data = root / "data"
    check = [sys.executable, "-c",
             "import json,sys; from pathlib import Path; from dashboard import scale, synth; d=Path(sys.argv[1]);"
             "m=json.loads((d/'synthetic.json').read_text());"
             "ok=m.get('generator_version')==synth.GENERATOR_VERSION and m.get('seed')==int(sys.argv[2]) and m.get('events')==int(sys.argv[3])"
             " and (scale.cache_path(d, scale.content_key(d))/'manifest.json').is_file(); sys.exit(0 if ok else 1)",
             str(data), str(SEED), str(n)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if data.is_dir() and subprocess.run(check, cwd=ROOT, env=env, capture_output=True).returncode == 0:
        return {"events": n, "generated": False, "data_dir": str(data)}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.synth", "--events", str(n), "--out", str(root), "--seed", str(SEED)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=600)
    return {"events": n, "generated": True, "generate_s": time.perf_counter() - t, "data_dir": str(data)}


def probe(data: Path, repeats: int, profile: Path | None, timeout: float) -> dict:
    cmd = [sys.executable, "-m", "bench.scale_probe", str(data), str(repeats)]
    if profile:
        cmd += ["--profile", str(profile)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        return {"error": r.stderr[-2000:]}
    return json.loads(r.stdout.strip().splitlines()[-1])


def fit_exponent(ns: list[int], ys: list[float]) -> float | None:
    """Least-squares slope of log(y) on log(n): cost ~ n^b."""
    pts = [(math.log(n), math.log(y)) for n, y in zip(ns, ys) if y and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / den if den else None


SCALE_METRICS = ["load_s", "filter_s", "aggregate_s", "build_s", "json_s", "page_charts_s", "filter_change_rerun_s",
                 "peak_rss_mb", "max_json_bytes"]


def run_scale(sizes: list[int], repeats: int) -> dict:
    out: dict = {"sizes": {}, "exponents": {}}
    for n in sizes:
        log(f"scale: synthetic dataset of {n:,} events")
        gen = ensure_synthetic(n)
        profile = RESULTS / f"profile-timeline-rerun-{n}.txt" if n == max(sizes) else None
        res = probe(Path(gen["data_dir"]), repeats, profile, timeout=900)
        res.update(gen)
        out["sizes"][n] = res
        log(f"scale: {n:,} events: load {res.get('load_s', float('nan')):.3f}s, filter change rerun "
            f"{res.get('filter_change_rerun_s', float('nan')):.3f}s, peak {res.get('peak_rss_mb', float('nan')):.0f} MB")
    ns = [n for n in sizes if "error" not in out["sizes"][n]]
    for m in SCALE_METRICS:
        out["exponents"][m] = fit_exponent(ns, [out["sizes"][n].get(m) for n in ns])
    return out


# --------------------------------------------------------------------------- a, b, e: browser timings


def pages_first_chart(ours: Server, floor: Server, runs: int, label: str) -> dict:
    """(a) the first chart of every other page with charts, each alternated with the floor's."""
    from playwright.sync_api import sync_playwright

    from bench.browser import first_chart_ms, launch

    res: dict = {"errors": []}
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for name, path in OTHER_PAGES.items():
                got = {"ours": [], "floor": []}
                try:
                    first_chart_ms(browser, ours.url + path)  # warm-up: the page's modules and charts
                except Exception as exc:  # noqa: BLE001
                    res["errors"].append(f"{label} first chart {name} warm-up: {exc}"[:300])
                for i in range(runs):
                    for who, url in ((("ours", ours.url + path), ("floor", floor.url + "/")) if i % 2 == 0
                                     else (("floor", floor.url + "/"), ("ours", ours.url + path))):
                        try:
                            got[who].append(first_chart_ms(browser, url))
                        except Exception as exc:  # noqa: BLE001
                            res["errors"].append(f"{label} first chart {name} {who}: {exc}"[:300])
                o, f = median(got["ours"]), median(got["floor"])
                res[name] = {**got, "ours_median_ms": o, "floor_median_ms": f, "ratio": ratio(o, f)}
        finally:
            browser.close()
    return res


def browser_pair(ours: Server, floor: Server, runs: int, label: str) -> dict:
    """(a) first chart and (b) interaction, ours vs floor, alternated run by run."""
    from playwright.sync_api import sync_playwright

    from bench.browser import first_chart_ms, interaction_ms, launch

    res: dict = {"first_chart": {"ours": [], "floor": []}, "interaction": {"ours": [], "floor": []}, "errors": []}
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            first_chart_ms(browser, ours.url + "/")  # warm-up: each server loads its data and compiles once
            first_chart_ms(browser, floor.url + "/")
            for i in range(runs):
                for who, srv in (("ours", ours), ("floor", floor)) if i % 2 == 0 else (("floor", floor), ("ours", ours)):
                    try:
                        res["first_chart"][who].append(first_chart_ms(browser, srv.url + "/"))
                    except Exception as exc:  # noqa: BLE001
                        res["errors"].append(f"{label} first chart {who}: {exc}"[:300])
            for i in range(runs):
                for who in (("ours", "floor") if i % 2 == 0 else ("floor", "ours")):
                    try:
                        if who == "ours":
                            ms = interaction_ms(browser, ours.url + "/timeline", 5, "By event class", in_sidebar=False)
                        else:
                            ms = interaction_ms(browser, floor.url + "/", 1, "large", in_sidebar=False)
                        res["interaction"][who].append(ms)
                    except Exception as exc:  # noqa: BLE001
                        res["errors"].append(f"{label} interaction {who}: {exc}"[:300])
        finally:
            browser.close()
    for k in ("first_chart", "interaction"):
        o, f = median(res[k]["ours"]), median(res[k]["floor"])
        res[k].update({"ours_median_ms": o, "floor_median_ms": f, "ratio": ratio(o, f)})
    runs_o = res["interaction"]["ours"]
    res["interaction"]["ours_first_run_ms"] = runs_o[0] if runs_o else None  # the only uncached rerun
    return res


APP_WIDTH_PX = 960  # the app's layout width at 1440x900 (viewport.LAYOUT_WIDTHS): what the timings above draw


def figure_weights(plot_px: int = APP_WIDTH_PX) -> dict:
    """(w) What each chart sends the browser at the app's width, hand-coded data, no filters: the figure's JSON
    size (bytes, as st.plotly_chart sends it), its traces, annotations (and those with arrows), shapes and
    legend entries. Draw time grows with these, so they are reported next to the first-chart and Lanes ratios."""
    from dashboard.charts import APP_CHARTS, CHARTS, Context, build, layout
    from dashboard.frames.filters import Filters
    from dashboard.frames.tables import build_frames
    from dashboard.dataset.loader import load_dataset

    ds = load_dataset(ROOT / "data", root=ROOT)
    ctx = Context(build_frames(ds), ds.version, Filters())
    out = {}
    for cid in [*CHARTS, *APP_CHARTS]:
        sent = build(cid, ctx, layout.app(plot_px)).sent_figure().to_dict()
        data, lay = sent["data"], sent["layout"]
        notes = lay.get("annotations") or []
        out[cid] = {"json_bytes": len(json.dumps(sent, default=str, separators=(",", ":"))), "traces": len(data),
                    "annotations": len(notes), "arrows": sum(1 for a in notes if a.get("showarrow")),
                    "shapes": len(lay.get("shapes") or []),
                    "legend_entries": sum(1 for t in data if t.get("showlegend", True) is not False and t.get("name"))}
    return {"plot_px": plot_px, "charts": out}


def write_frames_cache() -> None:
    """Validate the hand-coded data and write its frames cache (`python -m dashboard cache`)."""
    subprocess.run([sys.executable, "-m", "dashboard", "cache"], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                   check=True, capture_output=True, timeout=300)


def cold_start(runs: int, data_dir: Path | None, label: str, without_frames_cache: bool = False) -> dict:
    """(e) server start to first chart (ms), ours vs floor, alternated. The app keeps the frames it validated
    as a Parquet cache (data/.cache), so a start normally reads that; `without_frames_cache` removes it
    before each of our starts: the first start after a data change, which validates the YAML."""
    from playwright.sync_api import sync_playwright

    from bench.browser import first_chart_ms, launch

    res: dict = {"ours": [], "floor": [], "health_ours": [], "health_floor": [], "errors": []}
    with sync_playwright() as pw:
        browser = launch(pw)  # launched before the servers: browser start-up is not part of the server's cold start
        try:
            for i in range(runs):
                for who in (("ours", "floor") if i % 2 == 0 else ("floor", "ours")):
                    srv = Server(APP if who == "ours" else FLOOR, f"cold-{label}-{who}", data_dir if who == "ours" else None)
                    if who == "ours" and without_frames_cache:
                        shutil.rmtree((data_dir or ROOT / "data") / ".cache", ignore_errors=True)
                    try:
                        srv.start()
                        res[f"health_{who}"].append(srv.wait_healthy(180) * 1000)
                        t_nav = time.monotonic()
                        ms = first_chart_ms(browser, srv.url + "/", timeout_s=180)
                        res[who].append((t_nav - srv.started_at) * 1000 + ms)
                    except Exception as exc:  # noqa: BLE001
                        res["errors"].append(f"cold {label} {who}: {exc}"[:300])
                    finally:
                        srv.stop()
        finally:
            browser.close()
    o, f = median(res["ours"]), median(res["floor"])
    res.update({"ours_median_ms": o, "floor_median_ms": f, "ratio": ratio(o, f)})
    return res


# --------------------------------------------------------------------------- d: concurrency


# --------------------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="CI smoke mode: 1k and 10k events, 3 sessions, fewer runs (< 3 min)")
    ap.add_argument("--sizes", help="comma-separated event counts (default 1000,10000,100000,1000000; quick 1000,10000)")
    ap.add_argument("--sessions", help="comma-separated concurrency levels (default 10,25; quick 3)")
    ap.add_argument("--runs", type=int, help="browser runs per side (default 7; quick 3)")
    ap.add_argument("--skip", default="", help="comma-separated sections to skip: a,b,c,d,e")
    args = ap.parse_args(argv)
    quick = args.quick
    sizes = [int(x) for x in args.sizes.split(",")] if args.sizes else ([1000, 10000] if quick else [1000, 10000, 100000, 1000000])
    levels = [int(x) for x in args.sessions.split(",")] if args.sessions else ([3] if quick else [10, 25])
    runs = args.runs or (3 if quick else 7)
    skip = set(filter(None, args.skip.split(",")))
    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    c = cores()
    print(f"cores: {c['usable']} usable (os.cpu_count() = {c['os.cpu_count']})", flush=True)
    report: dict = {"quick": quick, "started": time.strftime("%Y-%m-%d %H:%M:%S"), "cores": c,
                    "python": platform.python_version(), "command": " ".join(["python -m bench"] + (argv if argv is not None else sys.argv[1:])),
                    "sizes": sizes, "sessions": levels, "runs": runs}

    if "c" not in skip:
        report["scale"] = run_scale(sizes, 2 if quick else 3)
    largest = synth_dir(max(sizes)) / "data"
    report["figure_weights"] = figure_weights()  # cheap (under a second); always reported
    report["load_average"] = {"start": os.getloadavg()}
    if not {"a", "b"} <= skip:
        log(f"browser: first chart and interaction, hand-coded data, {runs} runs each")
        with Server(APP, "ours") as ours, Server(FLOOR, "floor") as floor:
            ours.wait_healthy(120)
            floor.wait_healthy(120)
            report["browser_real"] = browser_pair(ours, floor, runs, "hand-coded")
            if not quick and "a" not in skip:
                log(f"browser: first chart of every other page, {max(2, runs - 2)} runs each")
                report["pages_first_chart"] = pages_first_chart(ours, floor, max(2, runs - 2), "hand-coded")
        if largest.is_dir() and not quick:
            log(f"browser: first chart and interaction, {max(sizes):,} synthetic events")
            with Server(APP, "ours-large", largest) as ours, Server(FLOOR, "floor") as floor:
                ours.wait_healthy(300)
                floor.wait_healthy(120)
                report["browser_large"] = browser_pair(ours, floor, max(2, runs - 2), "largest")
    if "e" not in skip:
        log("cold start")
        write_frames_cache()  # a normal start reads the frames cache (the app writes it after validating)
        report["cold_real"] = cold_start(2 if quick else 3, None, "hand-coded")
        if not quick:
            report["cold_real_uncached"] = cold_start(2, None, "hand-coded-uncached", without_frames_cache=True)
            write_frames_cache()  # not left missing or half-written for the sections after this one
        if largest.is_dir() and not quick:
            report["cold_large"] = cold_start(2, largest, "largest")
    if "d" not in skip:
        report["concurrency"] = run_concurrency(levels, 2 if quick else 3, 120 if quick else 420)
    report["load_average"]["end"] = os.getloadavg()  # other work on the machine: ratios are against a floor run alongside
    report["duration_s"] = time.monotonic() - started
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    md = markdown(json.loads(json.dumps(report, default=str)))
    (RESULTS / "latest.md").write_text(md, encoding="utf-8")
    print(md, flush=True)
    log(f"wrote {RESULTS / 'latest.json'} and {RESULTS / 'latest.md'} in {report['duration_s'] / 60:.1f} min")
    # Goals are reported, not asserted; but a measurement that crashed means the bench is broken.
    broken = list(_errors(report))
    for where, message in broken:
        log(f"ERROR in {where}: {str(message)[-400:]}")
    return 1 if broken else 0


def _errors(node, where: str = "report"):
    """(path, message) for every `error` a section recorded."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "error" and value:
                yield where, value
            else:
                yield from _errors(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _errors(value, f"{where}[{i}]")


if __name__ == "__main__":
    raise SystemExit(main())
