"""Real-browser fixtures: a Streamlit server per dataset and headless Debian Chromium via Playwright.

The server fixtures follow streamlit's own e2e suite: start `streamlit run` on a free port, poll
/_stcore/health until it answers "ok", and stop the process at the end of the session.
Without /usr/bin/chromium (or Playwright) the browser tests are skipped, unless REQUIRE_BROWSER=1,
in which case they fail.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser_support import wait_for_run

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
HOSTILE_DATA = ROOT / "tests" / "fixtures" / "hostile" / "data"


def _missing_browser() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _missing_browser()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield b
    b.close()
    pw.stop()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, data_dir: Path | None = None, script: str = "streamlit_app.py"):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = ROOT / "artifacts" / f"server-{name}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env.pop("CEASEFIRE_DATA_DIR", None)
        if data_dir is not None:
            env["CEASEFIRE_DATA_DIR"] = str(data_dir)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none", "--server.runOnSave", "false"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        return
            except OSError:
                pass
            time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy on {self.url}:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


def _serve(name: str, data_dir: Path | None = None, script: str = "streamlit_app.py"):
    server = Server(name, data_dir, script)
    try:
        server.wait_healthy(60)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def app_server(browser):
    yield from _serve("app")


@pytest.fixture(scope="session")
def hostile_server(browser):
    yield from _serve("hostile", HOSTILE_DATA)


@pytest.fixture(scope="session")
def probe_server(browser):
    """tests/browser/sink_probe_app.py: every hostile payload through every display sink."""
    yield from _serve("probe", script="tests/browser/sink_probe_app.py")


@pytest.fixture(scope="session")
def context(browser):
    """One browser context for the session, so the app's JavaScript bundle is fetched and cached once."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    """A fresh page (its own Streamlit session) that records uncaught page errors in `page.errors`."""
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.set_default_timeout(30_000)
    yield pg
    pg.close()


class Browse:
    """Helpers bound to one page (conftest modules are not importable by name, so tests get these as a fixture)."""

    def __init__(self, page):
        self.page = page

    @property
    def errors(self) -> list[str]:
        return self.page.errors

    def wait_ready(self, charts: int = 0, timeout: float = 60_000) -> None:
        """Wait until the script run finished and `charts` Plotly charts have drawn their SVG."""
        wait_for_run(self.page, charts, timeout)

    def visit(self, url: str, charts: int = 0) -> None:
        self.page.goto(url)
        self.wait_ready(charts)

    def exceptions(self) -> list[str]:
        return self.page.locator('[data-testid="stException"]').all_inner_texts()

    def text(self) -> str:
        """The visible text of the main area, whitespace-normalised, without the invisible word joiners
        (U+2060) that dashboard.conventions.safe_text puts where an autolinker would otherwise match."""
        return " ".join(self.page.locator('[data-testid="stMain"]').inner_text().replace("\u2060", "").split())

    def assert_clean(self) -> None:
        assert not self.exceptions(), self.exceptions()
        assert not self.errors, self.errors

    def screenshot(self, name: str) -> Path:
        """Whole-page screenshot: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page = self.page
        height = page.evaluate("""() => {
            const main = document.querySelector('[data-testid="stMain"]') || document.body;
            return Math.max(main.scrollHeight, document.body.scrollHeight);
        }""")
        size = page.viewport_size
        page.set_viewport_size({"width": size["width"], "height": min(max(height, size["height"]), 9000)})
        page.wait_for_timeout(400)
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
        return path


@pytest.fixture
def browse(page) -> Browse:
    return Browse(page)


@pytest.fixture(scope="module")
def desk_project(tmp_path_factory):
    """Article 004 removed from a project copy and added back with add-source, as a new coder would."""
    from authoring_support import SOURCE_004, without_004
    from dashboard.authoring.add_source import add_source

    data, outside = without_004(tmp_path_factory.mktemp("desk"))
    add_source(outside, SOURCE_004, data, "2025-02-10", "week")
    return data


@pytest.fixture(scope="module")
def desk_server(browser, desk_project):
    """A local session with the coding desk enabled (CEASEFIRE_DESK=1) on the project copy."""
    os.environ["CEASEFIRE_DESK"] = "1"
    try:
        server = Server("desk", desk_project)
    finally:
        os.environ.pop("CEASEFIRE_DESK", None)
    try:
        server.wait_healthy(60)
        yield server
    finally:
        server.stop()
