"""Where the time goes, both sides, at the hand-coded size: `python -m bench.profile [--data DIR]`.

Server: pyinstrument around the script run of (1) the home page's first run and (2) the Timeline page's
rerun after the Lanes radio changes (AppTest, the same script thread Streamlit uses).
Browser: a real server and headless Chromium; for the first chart on the home page and for the Lanes
switch on the Timeline page, the CDP `Performance` domain's counters (script, layout, style, task
durations), long tasks (> 50 ms, PerformanceObserver), and resource timings of the JavaScript bundle.
Writes bench/results/profile.json and profile-server-*.txt; prints a summary.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from bench.browser import INIT_JS, REDRAWN_JS, SETTLED_JS, VIEWPORT, WATCH_PLOTS_JS, launch
from bench.server import APP, ROOT, Server

RESULTS = ROOT / "bench" / "results"
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "JSHeapUsedSize")
LONG_TASKS_JS = """
(() => { window.__long = []; try { new PerformanceObserver(l => { for (const e of l.getEntries())
  window.__long.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({type: 'longtask', buffered: true}); } catch (e) {} })();
"""


def server_profiles(data_dir: Path | None) -> dict:
    from pyinstrument import Profiler
    from streamlit.testing.v1 import AppTest
    from streamlit.util import calc_hash

    if data_dir:
        os.environ["CEASEFIRE_DATA_DIR"] = str(data_dir)
    import dashboard.app.overview as overview
    import dashboard.app.timeline as timeline

    out = {}

    def wrap(module, name: str):
        original = module.render

        def profiled() -> None:
            p = Profiler(interval=0.001)
            p.start()
            try:
                original()
            finally:
                p.stop()
                text = p.output_text(unicode=False, color=False, show_all=False)
                (RESULTS / f"profile-server-{name}.txt").write_text(text, encoding="utf-8")
                out[name] = {"render_s": p.last_session.duration, "top": text.splitlines()[6:40]}

        module.render = profiled
        return original

    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()  # warm: the dataset load is a once-per-process cost, profiled apart below
    t = time.perf_counter()
    original = wrap(overview, "home-rerun")
    at.run()
    overview.render = original
    out["home_rerun_wall_s"] = time.perf_counter() - t
    at = AppTest.from_file(str(APP), default_timeout=120)
    at._page_hash = calc_hash("timeline")
    at.run()
    original = wrap(timeline, "timeline-page-rerun")
    at.sidebar.multiselect(key="f-theatre").set_value(["gaza"])
    t = time.perf_counter()
    at.run()
    out["timeline_filter_rerun_wall_s"] = time.perf_counter() - t
    timeline.render = original
    return out


def _metrics(cdp) -> dict:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] in METRICS}


def browser_profile(url: str) -> dict:
    from playwright.sync_api import sync_playwright

    out: dict = {}
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for label, path, n in (("warm-up", "/", 3), ("home first chart", "/", 3), ("timeline", "/timeline", 5)):
                ctx = browser.new_context(viewport=VIEWPORT)
                ctx.add_init_script(INIT_JS)
                ctx.add_init_script(LONG_TASKS_JS)
                page = ctx.new_page()
                cdp = ctx.new_cdp_session(page)
                cdp.send("Performance.enable")
                page.goto(url + path, wait_until="commit")
                page.wait_for_function("() => window.__firstChart !== undefined", timeout=120_000, polling=20)
                first = page.evaluate("() => window.__firstChart")
                at_first = _metrics(cdp)
                page.wait_for_function(SETTLED_JS, arg=n, timeout=120_000, polling=50)
                settled = _metrics(cdp)
                res = page.evaluate("""() => performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js'))
                    .map(e => [e.name.split('/').pop(), Math.round(e.startTime), Math.round(e.duration), e.transferSize])""")
                nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                    return {domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd)}; }""")
                entry = {"first_chart_ms": first, "at_first_chart": at_first, "settled": settled, "navigation": nav,
                         "long_tasks_before_settled": page.evaluate("() => window.__long"),
                         "js_resources": sorted(res, key=lambda r: -r[2])[:6],
                         "plotly_traces": page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].map(p => (p.data || []).length)")}
                if path == "/timeline":
                    page.evaluate(WATCH_PLOTS_JS)
                    page.evaluate("() => { window.__long = []; }")
                    before = _metrics(cdp)
                    target = page.get_by_text("By event class", exact=True)
                    t0 = float(page.evaluate("() => performance.now()"))
                    target.click()
                    page.wait_for_function(REDRAWN_JS, arg=t0, timeout=120_000, polling=20)
                    after = _metrics(cdp)
                    entry["lanes_switch"] = {"redrawn_ms": float(page.evaluate("() => window.__lastPlot")) - t0,
                                             "delta_s": {k: after[k] - before[k] for k in after if k != "JSHeapUsedSize"},
                                             "long_tasks": page.evaluate("() => window.__long")}
                if label != "warm-up":
                    out[label] = entry
                ctx.close()
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, help="data directory (default: the bundled hand-coded data)")
    args = ap.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {"server": server_profiles(args.data)}
    with Server(APP, "profile", args.data) as srv:
        srv.wait_healthy(300)
        report["browser"] = browser_profile(srv.url)
    (RESULTS / "profile.json").write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
