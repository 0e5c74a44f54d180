"""Concurrent browser sessions against one server: per-session timings and the machine's CPU."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.server import APP, ROOT, Server
from bench.common import WORK, log, median, mem_available_mb, p95, ratio


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
