"""Hosted-demo check: server RSS with N browser sessions, and whether the app writes any file at run time.

Usage: python -m bench.rss_sessions [--sessions 5]

Copies the repository (without .git) to a temporary directory, serves it with `streamlit run` on a free
loopback port (Python's bytecode cache enabled, as on Community Cloud), opens N sessions in separate
Playwright contexts (each loads the overview, then clicks through to the timeline and waits for the
charts), reads VmRSS of the server and its children from /proc, then clicks through every page in one
more session and lists any file under the copy whose mtime moved. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
CLICK_THROUGH = ["", "timeline?axis=days", "timeline?lanes=event_type", "compare", "sources", "data", "about",
                 "?briefing=1&chart=all", "?briefing=1&chart=timeline"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree(pid: int) -> list[int]:
    out = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            out += tree(int(child))
    return out


def rss_mb(pid: int) -> float:
    total = 0
    for p in tree(pid):
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return round(total / 1024, 1)


def settle(page, timeout: float = 60) -> int:
    """Wait until the page shows its charts and Streamlit's running indicator has gone."""
    page.wait_for_selector(".js-plotly-plot", timeout=timeout * 1000)
    end = time.time() + timeout
    while time.time() < end:
        if page.locator('[data-testid="stStatusWidget"]').count() == 0:
            time.sleep(0.8)
            if page.locator('[data-testid="stStatusWidget"]').count() == 0:
                return page.locator(".js-plotly-plot").count()
        time.sleep(0.2)
    raise TimeoutError("page did not settle")


def main() -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=5)
    n = ap.parse_args().sessions
    work = Path(tempfile.mkdtemp(prefix="rss-sessions-"))
    app = work / "app"
    shutil.copytree(ROOT, app, ignore=shutil.ignore_patterns(".git", ".pytest_cache", ".hypothesis", "__pycache__",
                                                              "artifacts", "results"))
    start = time.time()
    time.sleep(1.1)  # mtime granularity
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    srv = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(port),
                            "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=app, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    out: dict = {"sessions": n}
    try:
        for _ in range(300):
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.2)
        out["rss_mb_idle"] = rss_mb(srv.pid)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for i in range(n):
                page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
                page.goto(base + "/")
                settle(page)
                page.get_by_role("link", name="Timeline").first.click()
                page.wait_for_url("**/timeline**")
                settle(page)
                out[f"rss_mb_after_{i + 1}"] = rss_mb(srv.pid)
            time.sleep(5)
            out[f"rss_mb_{n}_sessions"] = rss_mb(srv.pid)
            page = browser.new_context().new_page()
            for path in CLICK_THROUGH:
                page.goto(f"{base}/{path}")
                try:
                    settle(page, timeout=8)
                except Exception:  # pages without charts (sources, data, about)
                    page.wait_for_timeout(2500)
            ids = _first_ids()
            for kind in ("event", "figure", "source"):
                page.goto(f"{base}/{kind}?id={ids[kind]}")
                page.wait_for_timeout(2500)
            page.goto(f"{base}/data")
            page.wait_for_timeout(2500)
            button = page.locator('[data-testid="stDownloadButton"] button').first
            if button.count():
                with page.expect_download():
                    button.click()
            out[f"rss_mb_{n + 1}_sessions_after_click_through"] = rss_mb(srv.pid)
            browser.close()
        time.sleep(1)
        changed = [f for f in app.rglob("*") if f.is_file() and f.stat().st_mtime > start]
        out["files_written"] = sorted(str(f.relative_to(app)) for f in changed if "__pycache__" not in f.parts)
        out["bytecode_files_written"] = sum(1 for f in changed if "__pycache__" in f.parts)
    finally:
        srv.terminate()
        srv.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(out, indent=1))
    return 0


def _first_ids() -> dict[str, str]:
    from dashboard.frames.tables import build_frames
    from dashboard.dataset.loader import load_dataset

    frames = build_frames(load_dataset(ROOT / "data"))
    return {"event": frames.events["id"].iloc[0], "figure": frames.figures["id"].iloc[0],
            "source": frames.sources["id"].iloc[0]}


if __name__ == "__main__":
    sys.exit(main())
