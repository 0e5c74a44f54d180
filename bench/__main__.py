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
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .server import APP, FLOOR, ROOT, Server

RESULTS = ROOT / "bench" / "results"
WORK = Path(tempfile.gettempdir()) / "ceasefire-bench"
SEED = 0


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def median(xs):
    xs = [x for x in xs if x is not None and not (isinstance(x, float) and math.isnan(x))]
    return statistics.median(xs) if xs else None


def p95(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    k = (len(xs) - 1) * 0.95
    lo, hi = math.floor(k), math.ceil(k)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def ratio(a, b):
    return a / b if a is not None and b else None


def cores() -> dict:
    return {"os.cpu_count": os.cpu_count(), "usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None}


def mem_available_mb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) / 1024
    return float("nan")


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
    subprocess.run([sys.executable, "-m", "dashboard.synth", "--events", str(n), "--out", str(root), "--seed", str(SEED)],
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


# (a) every other page that draws a chart: its name and address (its first chart is timed)
OTHER_PAGES = {"timeline": "/timeline", "compare": "/compare", "compliance": "/compliance",
               "briefing": "/?briefing=1&chart=all"}


def pages_first_chart(ours: Server, floor: Server, runs: int, label: str) -> dict:
    """(a) the first chart of every other page with charts, each alternated with the floor's."""
    from playwright.sync_api import sync_playwright

    from .browser import first_chart_ms, launch

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

    from .browser import first_chart_ms, interaction_ms, launch

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
    from dashboard.filters import Filters
    from dashboard.frames import build_frames
    from dashboard.loader import load_dataset

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

    from .browser import first_chart_ms, launch

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


def _reader(proc: subprocess.Popen, q: queue.Queue) -> None:
    for line in proc.stdout:
        line = line.strip()
        if line.startswith("{"):
            q.put((proc.pid, json.loads(line)))


def _machine_cpu_s() -> float:
    """Busy CPU seconds of the whole machine (all processes, all cores) from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_sessions(server: Server, n: int, limit_s: float) -> dict:
    """n simultaneous sessions, each its own process and Chromium; first-chart times and server RSS while
    all sessions are open. Processes are bounded in count (n) and time (limit_s) and ended by their pid."""
    tmp = Path(tempfile.mkdtemp(prefix=f"sessions-{n}-", dir=WORK))
    go, release = tmp / "go", tmp / "release"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    q: queue.Queue = queue.Queue()
    procs = [subprocess.Popen([sys.executable, "-m", "bench.session", server.url + "/", str(go), str(release), str(limit_s)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
             for _ in range(n)]
    for p in procs:
        threading.Thread(target=_reader, args=(p, q), daemon=True).start()
    deadline = time.monotonic() + limit_s
    ready, results, errors = 0, [], []
    try:
        while ready < n and time.monotonic() < deadline:
            try:
                _, msg = q.get(timeout=1)
            except queue.Empty:
                if all(p.poll() is not None for p in procs):
                    break
                continue
            if msg.get("ready"):
                ready += 1
            else:
                results.append(msg)
        rss_before = server.rss_mb()
        cpu0, machine0 = server.cpu_s(), _machine_cpu_s()
        go.touch()
        t0 = time.monotonic()
        while len(results) < n and time.monotonic() < deadline:
            try:
                _, msg = q.get(timeout=1)
            except queue.Empty:
                if all(p.poll() is not None for p in procs):
                    break
                continue
            if not msg.get("ready"):
                results.append(msg)
        wall = time.monotonic() - t0
        server_cpu, machine_cpu = server.cpu_s() - cpu0, _machine_cpu_s() - machine0
        time.sleep(1.0)  # let the server finish any trailing work of the sessions it holds
        rss_open = server.rss_mb()
    finally:
        release.touch()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    times = [r["first_chart_ms"] for r in results if r.get("ok")]
    errors = [r.get("error") for r in results if not r.get("ok")]
    errors += ["session did not report"] * (n - len(results))
    return {"sessions": n, "ready": ready, "errors": len(errors), "error_messages": errors[:5], "wall_s": wall,
            "first_chart_ms": times, "p50_ms": median(times), "p95_ms": p95(times),
            "settled_p95_ms": p95([r.get("settled_ms") for r in results if r.get("ok")]),
            "rss_before_mb": rss_before, "rss_open_mb": rss_open,
            "server_cpu_s": server_cpu, "machine_busy_cpu_s": machine_cpu,
            "server_share_of_busy_cpu": ratio(server_cpu, machine_cpu)}


def run_concurrency(levels: list[int], single_runs: int, limit_s: float) -> dict:
    out: dict = {"levels": {}, "notes": []}
    with Server(APP, "concurrency") as server:
        server.wait_healthy(120)
        single = [run_sessions(server, 1, limit_s) for _ in range(single_runs)]
        s_ms = median([s["p50_ms"] for s in single])
        s_rss = median([s["rss_open_mb"] for s in single])
        out["single"] = {"runs": single, "first_chart_median_ms": s_ms, "rss_open_mb": s_rss}
        for n in levels:
            need = n * 350
            if mem_available_mb() < need + 1500:
                out["notes"].append(f"{n} sessions skipped: {mem_available_mb():.0f} MB available, ~{need} MB needed")
                continue
            log(f"concurrency: {n} sessions")
            r = run_sessions(server, n, limit_s)
            r["p95_over_single"] = ratio(r["p95_ms"], s_ms)
            r["rss_per_added_session_mb"] = (r["rss_open_mb"] - s_rss) / (n - 1) if n > 1 and s_rss else None
            out["levels"][n] = r
            log(f"concurrency: {n} sessions: errors {r['errors']}, p95 {r['p95_ms']} ms, RSS {r['rss_open_mb']:.0f} MB")
    return out


# --------------------------------------------------------------------------- report


def fmt(x, unit="", digits=0):
    if x is None:
        return "n/a"
    if isinstance(x, float) and math.isnan(x):
        return "n/a"
    return f"{x:,.{digits}f}{unit}"


def verdict(ok) -> str:
    return "n/a" if ok is None else ("met" if ok else "**missed**")


def markdown(r: dict) -> str:
    lines = [f"# Ceasefire Monitor benchmark ({'quick' if r['quick'] else 'full'})", "",
             f"{r['started']} · {r['cores']['usable']} usable cores (os.cpu_count {r['cores']['os.cpu_count']}) · "
             f"Python {r['python']} · {r['duration_s'] / 60:.1f} min · command: `{r['command']}`", "",
             "Every timing is a median over repeated runs; **ratio** = ours / floor measured in the same run "
             "(browser: bench/floor_app.py served the same way; server-side: building and serialising the floor app's figure).", "",
             "| Section | Measure | Ours | Floor | Ratio | Goal | Result |", "| --- | --- | ---: | ---: | ---: | --- | --- |"]
    add = lines.append
    la = r.get("load_average") or {}
    if la:
        lines[2] += " · load average (1, 5, 15 min) at start " + " / ".join(f"{x:.1f}" for x in la.get("start", [])) + \
            ", at end " + " / ".join(f"{x:.1f}" for x in la.get("end", []))
    for key, title in (("browser_real", "hand-coded data"), ("browser_large", "largest synthetic set")):
        b = r.get(key)
        if not b:
            continue
        fc, it = b["first_chart"], b["interaction"]
        add(f"| a | First chart, home page, {title} ({len(fc['ours'])} runs each) | {fmt(fc['ours_median_ms'], ' ms')} | "
            f"{fmt(fc['floor_median_ms'], ' ms')} | {fmt(fc['ratio'], '', 2)} | ≤ 1.15 | {verdict(fc['ratio'] <= 1.15 if fc['ratio'] else None)} |")
        add(f"| b | Interaction, Timeline Lanes radio → all charts redrawn, {title} ({len(it['ours'])} runs each; first, uncached run "
            f"{fmt(it['ours_first_run_ms'], ' ms')}) | {fmt(it['ours_median_ms'], ' ms')} | {fmt(it['floor_median_ms'], ' ms')} | "
            f"{fmt(it['ratio'], '', 2)} | ≤ 1.5 | {verdict(it['ratio'] <= 1.5 if it['ratio'] else None)} |")
        if key == "browser_real":
            for name, pg in (r.get("pages_first_chart") or {}).items():
                if name != "errors":
                    add(f"| a | First chart, {name} page (`{OTHER_PAGES.get(name, '?')}`), hand-coded data ({len(pg['ours'])} runs each) | "
                        f"{fmt(pg['ours_median_ms'], ' ms')} | {fmt(pg['floor_median_ms'], ' ms')} | {fmt(pg['ratio'], '', 2)} | ≤ 1.3 | "
                        f"{verdict(pg['ratio'] <= 1.3 if pg['ratio'] else None)} |")
    fw = r.get("figure_weights")
    if fw:
        for cid, w in fw["charts"].items():
            add(f"| w | {cid} figure at {fw['plot_px']} px, hand-coded data: JSON / traces / annotations (arrows) / shapes / "
                f"legend entries | {w['json_bytes']:,} B / {w['traces']} / {w['annotations']} ({w['arrows']}) / {w['shapes']} / "
                f"{w['legend_entries']} | | | | |")
    sc = r.get("scale")
    if sc:
        sizes = sorted(int(n) for n in sc["sizes"])
        big = sizes[-1]
        for n in sizes:
            s = sc["sizes"][n] if n in sc["sizes"] else sc["sizes"][str(n)]
            if "error" in s:
                add(f"| c | {n:,} events | error | | | | {s['error'][:80]} |")
                continue
            fl = s["floor_figure_s"]
            gate = n == big and big >= 1_000_000
            add(f"| c | {n:,} events: load (Parquet cache: {s['from_cache']}) | {fmt(s['load_s'] * 1000, ' ms')} | {fmt(fl * 1000, ' ms', 2)} | "
                f"{fmt(ratio(s['load_s'], fl), '', 0)} | | |")
            add(f"| c | {n:,}: filter (filter_events + filter_figures) | {fmt(s['filter_s'] * 1000, ' ms', 1)} | | {fmt(ratio(s['filter_s'], fl), '', 1)} | | |")
            add(f"| c | {n:,}: aggregate (weekly counts per lane) | {fmt(s['aggregate_s'] * 1000, ' ms', 1)} | | {fmt(ratio(s['aggregate_s'], fl), '', 1)} | | |")
            add(f"| c | {n:,}: build + to_json of the 5 Timeline charts | {fmt(s['page_charts_s'] * 1000, ' ms')} | | {fmt(ratio(s['page_charts_s'], fl), '', 0)} | | |")
            add(f"| c | {n:,}: **filter change on the server** (AppTest rerun of Timeline; slowest of {len(s['filter_change_reruns_s'])}: "
                f"{fmt(s['filter_change_rerun_max_s'] * 1000, ' ms')}) | {fmt(s['filter_change_rerun_s'] * 1000, ' ms')} | | "
                f"{fmt(ratio(s['filter_change_rerun_s'], fl), '', 0)} | ≤ 0.5 s at 1M | {verdict(s['filter_change_rerun_s'] <= 0.5) if gate else ''} |")
            add(f"| c | {n:,}: largest figure JSON ({max(s['json_bytes'], key=s['json_bytes'].get)}) | {fmt(s['max_json_bytes'] / 1e6, ' MB', 3)} | | | "
                f"≤ 1 MB | {verdict(s['max_json_bytes'] <= 1_000_000)} |")
            add(f"| c | {n:,}: peak memory (ru_maxrss of the probe process) | {fmt(s['peak_rss_mb'], ' MB')} | | | ≤ 400 MB at 1M | "
                f"{verdict(s['peak_rss_mb'] <= 400) if gate else ''} |")
    for key, title in (("cold_real", "hand-coded data"), ("cold_real_uncached", "hand-coded data, first start after a data change "
                                                                         "(no frames cache: the YAML is validated)"),
                       ("cold_large", "largest synthetic set")):
        c = r.get(key)
        if c:
            add(f"| e | Cold start: server start → first chart, {title} ({len(c['ours'])} runs each) | {fmt(c['ours_median_ms'], ' ms')} | "
                f"{fmt(c['floor_median_ms'], ' ms')} | {fmt(c['ratio'], '', 2)} | ≤ 1.3 | {verdict(c['ratio'] <= 1.3 if c['ratio'] else None)} |")
    cc = r.get("concurrency")
    if cc:
        s = cc["single"]
        add(f"| d | Single session: first chart / server RSS | {fmt(s['first_chart_median_ms'], ' ms')} / {fmt(s['rss_open_mb'], ' MB')} | | | | |")
        for n, lv in sorted(cc["levels"].items(), key=lambda kv: int(kv[0])):
            n = int(n)
            add(f"| d | {n} sessions: errors | {lv['errors']} | | | 0 | {verdict(lv['errors'] == 0)} |")
            add(f"| d | {n} sessions: p95 first chart (p50 {fmt(lv['p50_ms'], ' ms')}) | {fmt(lv['p95_ms'], ' ms')} | "
                f"{fmt(s['first_chart_median_ms'], ' ms')} (1 session) | {fmt(lv['p95_over_single'], '', 2)} | ≤ 3 | "
                f"{verdict(lv['p95_over_single'] <= 3 if lv['p95_over_single'] else None)} |")
            add(f"| d | {n} sessions: server RSS per added session | {fmt(lv['rss_per_added_session_mb'], ' MB', 1)} | | | ≤ 15 MB | "
                f"{verdict(lv['rss_per_added_session_mb'] <= 15 if lv['rss_per_added_session_mb'] is not None else None)} |")
            add(f"| d | {n} sessions: server RSS, all open | {fmt(lv['rss_open_mb'], ' MB')} | | | ≤ 690 MB at 10 | "
                f"{verdict(lv['rss_open_mb'] <= 690) if n == 10 else ''} |")
            add(f"| d | {n} sessions: server CPU during the burst / all busy CPU on the machine (browsers, server, other work) | "
                f"{fmt(lv.get('server_cpu_s'), ' s', 1)} / {fmt(lv.get('machine_busy_cpu_s'), ' s', 1)} "
                f"({fmt((lv.get('server_share_of_busy_cpu') or 0) * 100, ' %')}) | | | | |")
        for note in cc.get("notes", []):
            add(f"| d | {note} | | | | | |")
    if sc:
        lines += ["", f"Growth from {min(int(n) for n in sc['sizes']):,} to {max(int(n) for n in sc['sizes']):,} events "
                  "(least-squares exponent b of cost ∝ n^b; b = 1 is linear, b ≈ 0 flat):", "",
                  "| Cost | Exponent b |", "| --- | ---: |"]
        for m, b in sc["exponents"].items():
            lines.append(f"| {m} | {fmt(b, '', 2)} |")
    errs = [e for k in ("browser_real", "pages_first_chart", "browser_large", "cold_real", "cold_real_uncached", "cold_large") for e in (r.get(k) or {}).get("errors", [])]
    if errs:
        lines += ["", "Errors:", ""] + [f"- {e}" for e in errs]
    return "\n".join(lines) + "\n"


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
