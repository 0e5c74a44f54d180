"""issue 22: WCAG 2.2 AA, checked by axe-core (the engine `axe-playwright-python` ships) in a real browser.

Every page the sidebar lists, one record view of each kind (ids read from the data) and briefing mode, at
1440x900 and 390x844, in the light and the dark theme (Streamlit follows the browser's colour scheme, since
.streamlit/config.toml defines both). A violation fails with the rule, the WCAG criterion and the elements.
"""

from __future__ import annotations

import pytest
from browser_support import wait_for_run

from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def record_paths() -> list[str]:
    """One detail view of each record kind, with an id taken from the bundled data (whatever it holds)."""
    fr = build_frames(load_dataset(ROOT / "data", root=ROOT))
    paths = []
    kinds = (("event", fr.events), ("figure", fr.figures), ("source", fr.sources), ("phase", fr.phases),
             ("comparison", fr.comparisons), ("agreement", fr.agreements), ("provision", fr.provisions),
             ("assessment", fr.assessments))
    for kind, df in kinds:
        if len(df):
            paths.append(f"{kind}?id={df['id'].iloc[0]}")
    return paths


def page_paths(browse, url: str) -> list[str]:
    """The pages the sidebar navigation offers (the page registry as a reader sees it)."""
    browse.visit(url + "/")
    hrefs = browse.page.eval_on_selector_all('[data-testid="stSidebarNav"] a', "els => els.map(e => e.href)")
    paths = sorted({h.removeprefix(url).lstrip("/") for h in hrefs})
    assert len(paths) >= 8, hrefs  # overview, timeline, compare, compliance, sources, data, about, search, changes
    return paths


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["html"][:120] for n in v["nodes"][:4])
            for v in result.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_every_page_has_no_wcag_violation(app_server, browser, browse, record_paths, size, scheme):
    paths = page_paths(browse, app_server.url) + record_paths + ["search?q=hostage", "?briefing=1&chart=deaths"]
    w, h = SIZES[size]
    ctx = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme)
    try:
        pg = ctx.new_page()
        pg.set_default_timeout(60_000)
        found = {}
        for path in paths:
            pg.goto(f"{app_server.url}/{path}")
            wait_for_run(pg)
            if scheme == "dark":  # the theme really followed the scheme: axe would otherwise check the light one twice
                bg = pg.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
                assert bg != "rgb(255, 255, 255)", bg
            bad = violations(pg)
            if bad:
                found[path or "/"] = bad
        assert not found, "\n".join(f"{p}: {v}" for p, vs in found.items() for v in vs)
    finally:
        ctx.close()
