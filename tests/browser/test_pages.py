"""Every page in headless Chromium against a real `streamlit run` server, with screenshots for a person to check."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pandas as pd
import pytest

from dashboard.charts import SLIDES, slides_of
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset

MAIN = {"overview": ("", 3), "timeline": ("timeline", 5), "compare": ("compare", 2), "sources": ("sources", 0),
        "data": ("data", 0), "about": ("about", 0)}
HEADINGS = {"overview": "Ceasefire Monitor", "timeline": "Timeline", "compare": "Gaza vs Lebanon", "sources": "Sources",
            "data": "Data", "about": "About and method"}
KINDS = {"event": "events", "figure": "figures", "source": "sources", "phase": "phases", "comparison": "comparisons"}


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(ROOT / "data", root=ROOT))


@pytest.fixture(scope="module")
def exported():
    env = {k: v for k, v in __import__("os").environ.items() if k != "CEASEFIRE_DATA_DIR"}
    out = subprocess.run([sys.executable, "-m", "dashboard", "export", "--format", "json"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", list(MAIN))
def test_main_page(app_server, browse, name):
    path, charts = MAIN[name]
    browse.visit(f"{app_server.url}/{path}", charts=charts)
    browse.assert_clean()
    assert browse.page.locator("h1").first.inner_text().strip() == HEADINGS[name]
    plots = browse.page.locator(".js-plotly-plot")
    assert plots.count() == charts
    for i in range(charts):
        plot = plots.nth(i)
        assert plot.locator("svg.main-svg").count() >= 1
        assert plot.locator("path.point, g.bars path, g.trace path").count() > 0, f"chart {i} drew no marks"
        assert "Source:" in plot.locator("g.annotation").all_inner_texts().__str__() or \
            "Source:" in plot.inner_text()
    browse.screenshot(f"page-{name}")


@pytest.mark.parametrize("kind", list(KINDS))
def test_permalink_of_each_kind(app_server, browse, frames, kind):
    df = getattr(frames, KINDS[kind])
    rid = df["id"].iloc[len(df) // 2]
    browse.visit(f"{app_server.url}/{kind}?id={rid}")
    browse.assert_clean()
    page_text = browse.text()
    assert not browse.page.locator('[data-testid="stAlertContentWarning"]').count()
    if kind == "source":
        assert squash(df["title"].iloc[len(df) // 2]) in page_text
    else:
        quotes = frames.citations[(frames.citations["record_kind"] == kind) & (frames.citations["record_id"] == rid)]
        for q in quotes["quote"]:
            assert squash(q) in page_text
    browse.screenshot(f"permalink-{kind}")


def test_unknown_permalink_is_friendly(app_server, browse):
    browse.visit(f"{app_server.url}/event?id=no-such-event")
    browse.assert_clean()
    assert "No event with the id" in browse.text()
    browse.screenshot("permalink-not-found")


def test_exported_permalinks_show_their_quotes(app_server, browse, exported):
    events, figures = exported["events"], [f for f in exported["figures"] if f.get("citations")]
    picks = [events[0], events[len(events) // 2], figures[0], figures[-1]]
    for rec in picks:
        browse.visit(f"{app_server.url}/{rec['permalink']}")
        browse.assert_clean()
        text = browse.text()
        for c in rec["citations"]:
            assert squash(c["quote"]) in text, (rec["permalink"], c["quote"])
    assert browse.page.url.endswith(picks[-1]["permalink"])


def test_clicking_a_timeline_mark_opens_its_detail(app_server, browse):
    page = browse.page
    browse.visit(f"{app_server.url}/timeline", charts=5)
    chart = page.locator(".js-plotly-plot").first
    chart.scroll_into_view_if_needed()
    points = chart.locator("g.scatterlayer path.point")
    assert points.count() > 10
    opened = False
    for i in range(0, min(points.count(), 60), 7):  # a few marks spread over the chart, in case one is covered
        box = points.nth(i).bounding_box()
        if not box or box["width"] == 0:
            continue
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
        page.mouse.click(x, y)
        try:
            page.wait_for_url(re.compile(r"/event\?id="), timeout=8_000)
        except Exception:  # noqa: BLE001 - covered mark: try the next one
            continue
        opened = True
        break
    assert opened, "no timeline mark opened its detail view"
    browse.wait_ready()
    page.wait_for_selector("h1:has-text('Event')")
    browse.assert_clean()
    assert "No event with the id" not in browse.text()
    assert "Quoted source" in browse.text()
    browse.screenshot("click-timeline-to-event")


def test_timeline_axis_fits_the_data(app_server, browse, frames):
    """With the whole record asked for (`span=all`; the default is the latest ceasefire's period, with the whole
    record in a strip), the date axis spans the events, not empty years, and ends at the data's as-of date (a
    year-precision window running to 31 December is cut there, with an arrow)."""
    browse.visit(f"{app_server.url}/timeline?span=all", charts=5)
    browse.page.wait_for_function("document.querySelector('.js-plotly-plot')._fullLayout.xaxis.type === 'date'")
    lo, hi = browse.page.evaluate("document.querySelector('.js-plotly-plot')._fullLayout.xaxis.range")
    lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
    first = frames.events["date_start"].min()
    last = min(frames.events["date_end"].max(), frames.sources["published_end"].max())
    assert lo <= first and hi >= last
    slack = (last - first) * 0.15
    assert first - lo <= slack and hi - last <= slack, (lo, hi, first, last)


def test_filters_in_url_reach_the_chart(app_server, browse, frames):
    browse.visit(f"{app_server.url}/timeline?theatre=lebanon&span=all", charts=5)  # the whole record: every Lebanon event
    browse.assert_clean()
    n = browse.page.evaluate("""() => document.querySelector('.js-plotly-plot').data
        .filter(t => t.customdata).reduce((a, t) => a + t.customdata.length, 0)""")
    assert n == int((frames.events["theatre"] == "lebanon").sum())
    assert "theatre=lebanon" in browse.page.url
    browse.screenshot("timeline-lebanon")


@pytest.mark.parametrize("chart", ["timeline", "deaths"])
def test_briefing_mode_one_chart_no_sidebar(app_server, browse, chart):
    browse.visit(f"{app_server.url}/?briefing=1&chart={chart}", charts=1)
    browse.assert_clean()
    page = browse.page
    assert page.locator(".js-plotly-plot").count() == 1
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 0 or not sidebar.first.is_visible()
    assert not page.locator('[data-testid="stHeader"]').first.is_visible()
    assert page.locator("h1").count() == 0
    browse.screenshot(f"briefing-{chart}")


def test_briefing_mode_all_charts(app_server, browse):
    browse.visit(f"{app_server.url}/?briefing=1&chart=all", charts=len(SLIDES))
    browse.assert_clean()
    assert browse.page.locator(".js-plotly-plot").count() == len(SLIDES)
    browse.screenshot("briefing-all")


# The chart id of each drawn Plotly chart, from the camera button's file name (charts.modebar_config).
DRAWN_CHART_IDS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .map(p => ((p._context || {}).toImageButtonOptions || {}).filename || '')"""


def drawn_chart_ids(page) -> list[str]:
    return [re.sub(r"^ceasefire-monitor_(.*)_[^_]*$", r"\1", name) for name in page.evaluate(DRAWN_CHART_IDS)]


@pytest.mark.parametrize("path", ["", "timeline", "compare", "compliance"])
def test_briefing_mode_keeps_the_pages_own_charts(app_server, browse, path):
    """issue 22, bad case before the fix: the sidebar's Briefing mode on Gaza vs Lebanon or Compliance showed all
    eight charts (the timeline's among them). Now the charts the page draws, in its order; on Gaza vs Lebanon
    reached through the sidebar's toggle as a reader would."""
    from dashboard.app.briefing import PAGE_CHARTS

    page = browse.page
    n = len(PAGE_CHARTS[path])
    browse.visit(f"{app_server.url}/{path}", charts=n)
    on_page = drawn_chart_ids(page)
    assert on_page == list(PAGE_CHARTS[path]), "PAGE_CHARTS lists the charts the page draws"
    slides = [v for cid in on_page for v in slides_of(cid)]  # a chart too tall for a slide comes as its parts
    if path == "compare":
        page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]', has_text="Briefing mode").click()
        page.wait_for_url(lambda u: "briefing=1" in u)
        browse.wait_ready(charts=len(slides))
    else:
        browse.visit(f"{app_server.url}/{path}?briefing=1", charts=len(slides))
    page.wait_for_timeout(1000)  # another page's chart would have drawn by now
    assert drawn_chart_ids(page) == slides
    browse.assert_clean()


def test_briefing_mode_says_a_chart_id_is_unknown(app_server, browse):
    browse.visit(f"{app_server.url}/compare?briefing=1&chart=bogus", charts=1 + len(slides_of("enforcement")))
    alert = browse.page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "No chart has the id “bogus”" in alert and "compare-days" in alert, alert
    assert drawn_chart_ids(browse.page) == ["compare-days", *slides_of("enforcement")]


def test_no_tooltip_stays_after_the_since_the_ceasefire_button(app_server, browse):
    """issue 22, bad case before the fix: after a click on "Since the ... ceasefire" its help tooltip stayed on
    screen over the sidebar (the pointer, or a phone's tap focus, is still on the button)."""
    page = browse.page
    browse.visit(f"{app_server.url}/timeline", charts=5)
    button = page.locator('[data-testid="stSidebar"] [data-testid="stButton"] button', has_text="ceasefire").first
    button.click()
    browse.wait_ready(charts=5)
    page.wait_for_timeout(1000)
    page.wait_for_function("() => location.search.includes('from=')")  # the range moved to the ceasefire
    tips = page.locator('[data-testid="stTooltipContent"]')
    assert not any(t.is_visible() for t in tips.all()), [t.inner_text() for t in tips.all()]
    browse.assert_clean()


def test_compare_page_answers_first_and_folds_its_detail(app_server, browse, frames):
    """issue 22, bad case before the fix: Gaza vs Lebanon was ~15,000 px tall at 1440 with every matrix cell open.
    Now the summary leads, and each dimension of the matrix is a closed row (enforcement, the page's question,
    open) whose label counts the statements per theatre."""
    from dashboard.codebook.figures import Dimension
    from dashboard.conventions.theme import label

    page = browse.page
    page.set_viewport_size({"width": 1440, "height": 900})
    browse.visit(f"{app_server.url}/compare", charts=2)
    summary_top = page.get_by_text("How enforcement compares").first.bounding_box()["y"]
    chart_top = page.locator(".js-plotly-plot").first.bounding_box()["y"]
    assert summary_top < chart_top, "the summary answers before the charts"
    coded = set(frames.comparisons["dimension"])
    for dim in Dimension:
        if dim.value not in coded:
            continue
        row = page.locator('[data-testid="stExpander"] details', has_text=f"{label(dim.value)}: Gaza").first
        assert row.count() == 1, dim
        assert (row.get_attribute("open") is not None) == (dim is Dimension.enforcement), dim
    browse.assert_clean()
    browse.screenshot("compare-1440")


# Marks the figure charts drew: every chart after the first (the timeline), counted by their record ids.
FIGURE_MARKS = """() => [...document.querySelectorAll('.js-plotly-plot')].slice(1)
    .map(p => p.data.filter(t => t.customdata).reduce((a, t) => a + t.customdata.length, 0))"""
TIMELINE_IDS = """() => document.querySelector('.js-plotly-plot').data
    .filter(t => t.customdata).flatMap(t => t.customdata.map(c => Array.isArray(c) ? c[0] : c))"""


def test_an_event_actor_filters_events_only_and_never_blanks_the_figure_charts(app_server, browse, frames):
    """issue 22, bad case before the fix: one filter did two jobs ("Actor (events) / claimant (figures)"), so
    `actor=hamas` blanked every figure chart ("No records match") while the events chart showed Israel's events.
    Now `actor` is who acted and keeps only those events; the figure charts draw as without it (claims have their
    own `claimant` filter)."""
    claimants = set(frames.figures["claimant_id"])
    counts = frames.events.explode("actor_ids")["actor_ids"].value_counts()
    actor = next(a for a in counts.index if a not in claimants)  # an actor who is no claimant: the old bad case
    page = browse.page
    browse.visit(f"{app_server.url}/timeline?span=all", charts=5)
    plain = page.evaluate(FIGURE_MARKS)
    browse.visit(f"{app_server.url}/timeline?span=all&actor={actor}", charts=5)
    browse.assert_clean()
    assert page.evaluate(FIGURE_MARKS) == plain and sum(plain) > 0
    assert "No records match" not in page.inner_text("body")
    acted = set(frames.events.loc[frames.events["actor_ids"].map(lambda ids: actor in ids), "id"])
    shown = set(page.evaluate(TIMELINE_IDS))
    assert shown and shown <= acted, shown - acted
