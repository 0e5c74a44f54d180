"""The Compliance page, its chart and detail views in headless Chromium at slide and phone size.

The chart's legibility is measured, not eyeballed only: every drawn text of the figure must lie inside
the figure, no two texts may overlap, and none may be shortened with an ellipsis. Screenshots go to
artifacts/screenshots/ for a person to look at.
"""

from __future__ import annotations

import pytest

from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset

SIZES = {"slide": (1440, 900), "phone": (390, 844)}

# every visible <text> of each plotly chart: its box, and whether it fits inside the chart and clears the others
TEXT_BOXES = """() => [...document.querySelectorAll('.js-plotly-plot')].map(plot => {
  const frame = plot.getBoundingClientRect();
  const boxes = [...plot.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim() && !t.closest('.hoverlayer') && !t.closest('.modebar'))
    .map(t => { const r = t.getBoundingClientRect(); return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; })
    .filter(b => b.r - b.l > 0 && b.b - b.t > 0);
  return {frame: {l: frame.left, r: frame.right, t: frame.top, b: frame.bottom}, boxes};
})"""


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(ROOT / "data", root=ROOT))


def legibility_problems(page) -> list[str]:
    problems = []
    for chart in page.evaluate(TEXT_BOXES):
        f, boxes = chart["frame"], chart["boxes"]
        for b in boxes:
            if b["l"] < f["l"] - 1 or b["r"] > f["r"] + 1 or b["t"] < f["t"] - 1 or b["b"] > f["b"] + 1:
                problems.append(f"clipped: {b['text'][:60]!r}")
            if "…" in b["text"] or "..." in b["text"]:
                problems.append(f"ellipsis: {b['text'][:60]!r}")
        for i, a in enumerate(boxes):
            for c in boxes[i + 1:]:
                overlap_x = min(a["r"], c["r"]) - max(a["l"], c["l"])
                overlap_y = min(a["b"], c["b"]) - max(a["t"], c["t"])
                if overlap_x > 2 and overlap_y > 2:  # a couple of pixels of line spacing is not an overlap
                    problems.append(f"overlap: {a['text'][:40]!r} / {c['text'][:40]!r}")
    return problems


@pytest.mark.parametrize("size", ["slide"])  # briefing mode is for slides; on a phone the page's chart is checked
def test_briefing_compliance_chart_is_legible(app_server, browse, size):
    browse.page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    browse.visit(f"{app_server.url}/?briefing=1&chart=compliance", charts=1)
    browse.assert_clean()
    assert browse.page.locator(".js-plotly-plot").count() == 1
    # the scorecard: a cell per claimant and provision (blank ones included), each a bar
    assert browse.page.locator(".js-plotly-plot .barlayer .point").count() > 20
    assert legibility_problems(browse.page) == []
    browse.screenshot(f"compliance-chart-{size}")


@pytest.mark.parametrize("size", list(SIZES))
def test_compliance_page(app_server, browse, frames, size):
    browse.page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    browse.visit(f"{app_server.url}/compliance", charts=1)
    browse.assert_clean()
    text = browse.text()
    assert "Per claimant: how many provisions each calls fulfilled, at risk, overdue, violated or disputed" in text
    assert "Overdue, reported violated, disputed or reported at risk, per claimant" in text
    proposals = frames.agreements[frames.agreements["kind"] == "proposal"]["id"]
    for label in frames.provisions[~frames.provisions["agreement_id"].isin(proposals)]["label"]:  # proposals start collapsed
        assert label in text, label
    assert legibility_problems(browse.page) == []
    browse.screenshot(f"page-compliance-{size}")


@pytest.mark.parametrize("kind,frame", [("agreement", "agreements"), ("provision", "provisions"), ("assessment", "assessments")])
def test_compliance_permalinks(app_server, browse, frames, kind, frame):
    cites = frames.compliance_citations[frames.compliance_citations["record_kind"] == kind]
    rid = cites["record_id"].iloc[0]
    browse.visit(f"{app_server.url}/{kind}?id={rid}")
    browse.assert_clean()
    text = browse.text()
    assert kind.title() in text
    for q in cites[cites["record_id"] == rid]["quote"]:
        assert " ".join(q.split()) in text, q
    browse.screenshot(f"{kind}-{rid}")


def test_clicking_a_compliance_mark_opens_its_assessment(app_server, browse):
    browse.visit(f"{app_server.url}/compliance", charts=1)
    # a status cell of the scorecard (the first bar trace is the blank cells, which open nothing), or, if the page
    # is laid out for a phone (the list), a status swatch
    point = browse.page.locator(".js-plotly-plot .barlayer .trace:nth-child(n+2) .point path, "
                                ".js-plotly-plot .scatterlayer path.point").first
    point.scroll_into_view_if_needed()
    point.click(force=True)
    browse.page.wait_for_url("**/assessment?id=*", timeout=30_000)
    browse.wait_ready()
    browse.assert_clean()
    assert "Assessment" in browse.text()


# The claims table's scroller: its drawn width against the width it shows (Glide's grid scrolls sideways inside it).
CLAIMS_GRID_OVERFLOW = """() => { const grids = [...document.querySelectorAll('[data-testid="stDataFrame"]')];
    const s = grids[grids.length - 1].querySelector('.dvn-scroller');
    return s.scrollWidth - s.clientWidth; }"""


@pytest.mark.parametrize("size", list(SIZES))
def test_the_claims_table_shows_every_column_it_has(app_server, browse, frames, size):
    """issue 22, bad case before the fix: at 1440 the overdue/violated table hid its right-hand columns (the quote
    links) behind a sideways scroll, and a phone showed two of its twelve columns. Now six columns that fit at
    1440, and on a phone one wrapped block per claim, each with its quote link."""
    from dashboard.frames.compliance import current_statuses

    page = browse.page
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size])))
    browse.visit(f"{app_server.url}/compliance", charts=1)
    page.wait_for_timeout(1000)
    cur = current_statuses(frames.assessments)
    claims = int(cur["status"].isin(["overdue", "reported_violated", "disputed", "at_risk"]).sum())
    if size == "phone":
        links = page.locator('[data-testid="stMain"] [data-testid="stPageLink"] a', has_text="Quote and evidence")
        assert links.count() == claims
        wide = page.evaluate("""() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p')]
            .filter(p => p.scrollWidth > p.clientWidth + 1).length""")
        assert wide == 0, "every claim's text wraps inside the column"
    else:
        assert page.evaluate(CLAIMS_GRID_OVERFLOW) <= 1, "no column hidden behind a sideways scroll"
    browse.assert_clean()
