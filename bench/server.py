"""Start and stop Streamlit servers on loopback for the benchmark; read their memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "streamlit_app.py"
FLOOR = ROOT / "bench" / "floor_app.py"
LOGS = ROOT / "bench" / "results" / "logs"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run SCRIPT` on 127.0.0.1:<free port>, headless, no file watcher, no telemetry."""

    def __init__(self, script: Path, name: str, data_dir: Path | None = None):
        self.script, self.name, self.data_dir = script, name, data_dir
        self.port = free_port()
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Server":
        env = dict(os.environ)
        if self.data_dir:
            env["CEASEFIRE_DATA_DIR"] = str(self.data_dir)
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        LOGS.mkdir(parents=True, exist_ok=True)
        log = open(LOGS / f"{self.name}-{self.port}.log", "wb")
        cmd = [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless=true",
               f"--server.port={self.port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
               "--server.fileWatcherType=none", "--global.developmentMode=false", "--server.runOnSave=false"]
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return self

    def wait_healthy(self, timeout: float = 60) -> float:
        """Seconds from start until /_stcore/health answers ok."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} server exited with {self.proc.returncode}; see {LOGS}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.read().strip() == b"ok":
                        return time.monotonic() - self.started_at
            except OSError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"{self.name} server not healthy after {timeout}s")

    def rss_mb(self) -> float:
        """Resident memory of the server process (MB)."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return float("nan")

    def cpu_s(self) -> float:
        """User + system CPU seconds the server process has used so far."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
