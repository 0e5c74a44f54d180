"""One concurrent benchmark session: its own process and its own Chromium, loopback only.

    python -m bench.session URL GO_FILE RELEASE_FILE DEADLINE_SECONDS

Prints {"ready": true} once the browser is up, waits for GO_FILE (so every session navigates at the same
moment), prints the result as one JSON line, keeps the page open until RELEASE_FILE exists (so the server
holds every session while its memory is read), then exits. Never runs past DEADLINE_SECONDS.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.browser import INIT_JS, SETTLED_JS, VIEWPORT, launch


def main(argv: list[str]) -> int:
    url, go, release, limit = argv[0], Path(argv[1]), Path(argv[2]), float(argv[3])
    deadline = time.monotonic() + limit
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            ctx = browser.new_context(viewport=VIEWPORT)
            ctx.add_init_script(INIT_JS)
            page = ctx.new_page()
            console_errors: list[str] = []
            page.on("pageerror", lambda exc: console_errors.append(str(exc)[:200]))
            print(json.dumps({"ready": True}), flush=True)
            while not go.exists():
                if time.monotonic() > deadline:
                    print(json.dumps({"ok": False, "error": "never released to start"}), flush=True)
                    return 1
                time.sleep(0.005)
            out: dict = {}
            try:
                remaining = max(1.0, deadline - time.monotonic() - 5) * 1000
                page.goto(url, wait_until="commit", timeout=remaining)
                page.wait_for_function("() => window.__firstChart !== undefined", timeout=remaining, polling=20)
                out["first_chart_ms"] = page.evaluate("() => window.__firstChart")
                remaining = max(1.0, deadline - time.monotonic() - 5) * 1000
                page.wait_for_function(SETTLED_JS, arg=1, timeout=remaining, polling=100)
                out["settled_ms"] = page.evaluate("() => window.__lastMut")
                exceptions = page.locator('[data-testid="stException"]').count()
                out["ok"] = exceptions == 0 and not console_errors
                if not out["ok"]:
                    out["error"] = f"{exceptions} exception(s) on the page; page errors: {console_errors[:3]}"
            except Exception as exc:  # noqa: BLE001 - any failure is a counted error, reported as text
                out = {"ok": False, "error": f"{type(exc).__name__}: {str(exc)[:300]}"}
            print(json.dumps(out), flush=True)
            while not release.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
