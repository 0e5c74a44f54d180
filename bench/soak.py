"""Soak run: N browser sessions navigate the app at random for a bounded time, on loopback only.

Usage: python -m bench.soak [--sessions 10] [--minutes 3] [--port 8765]
Reports errors seen (Streamlit exceptions, page errors, failed loads) and the server's RSS after warm-up
and at the end. One browser per process, as Streamlit's own load tests do.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def server_rss_kb(pid: int) -> int:
    """RSS of the server process and its children (kB), from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def urls(base: str) -> list[str]:
    sys.path.insert(0, str(ROOT))
    from dashboard.outputs.export import to_json_dict
    from dashboard.dataset.loader import load_dataset

    data = to_json_dict(load_dataset())
    links = [base + r["permalink"] for kind in ("events", "figures", "sources", "phases", "comparisons") for r in data[kind]]
    pages = ["", "timeline", "compare", "sources", "data", "about", "timeline?theatre=gaza&axis=days",
             "timeline?lanes=event_type&theatre=lebanon", "?briefing=1&chart=deaths", "event?id=does-not-exist"]
    return [base + p for p in pages] + links


def session(index: int, base: str, targets: list[str], seconds: float, out: mp.Queue) -> None:
    from playwright.sync_api import sync_playwright

    rng = random.Random(index)
    visits, errors = 0, []
    deadline = time.monotonic() + seconds
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
        while time.monotonic() < deadline:
            url = rng.choice(targets)
            try:
                page.goto(url, timeout=30_000)
                page.wait_for_selector("[data-testid='stMain']", timeout=30_000)
                page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
                if page.locator("[data-testid='stException']").count():
                    errors.append(f"stException on {url}")
                visits += 1
            except Exception as exc:  # noqa: BLE001 - every failure is a soak error to report
                errors.append(f"{type(exc).__name__} on {url}: {str(exc)[:120]}")
        browser.close()
    out.put({"session": index, "visits": visits, "errors": errors})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=3.0)
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "soak.json"))
    args = ap.parse_args(argv)
    base = f"http://127.0.0.1:{args.port}/"
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "streamlit_app.py"),
                               "--server.port", str(args.port), "--server.address", "127.0.0.1",
                               "--server.headless", "true"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(base + "_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        targets = urls(base)
        seconds = args.minutes * 60
        queue: mp.Queue = mp.Queue()
        procs = [mp.Process(target=session, args=(i, base, targets, seconds, queue)) for i in range(args.sessions)]
        for proc in procs:
            proc.start()
        warm = min(45.0, seconds / 4)
        time.sleep(warm)
        rss_warm = server_rss_kb(server.pid)
        results = [queue.get(timeout=seconds + 180) for _ in procs]
        for proc in procs:
            proc.join(timeout=30)
        rss_end = server_rss_kb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = [e for r in results for e in r["errors"]]
    report = {
        "sessions": args.sessions, "minutes": args.minutes, "visits": sum(r["visits"] for r in results),
        "errors": len(errors), "error_samples": errors[:20], "rss_after_warmup_mb": round(rss_warm / 1024, 1),
        "rss_end_mb": round(rss_end / 1024, 1),
        "rss_growth_pct": round(100 * (rss_end - rss_warm) / rss_warm, 1) if rss_warm else None,
        "cores": os.cpu_count(),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0 if not errors and (report["rss_growth_pct"] or 0) < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
