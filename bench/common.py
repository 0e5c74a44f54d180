"""What every benchmark shares: result and work folders, the seed, log and summary statistics."""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.server import ROOT


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
