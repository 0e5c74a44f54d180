"""Property tests (hypothesis): crafted query strings on every page, through AppTest.

The generated values mix what the attacks used: URLs, www. and e-mail addresses, newlines with indentation,
Markdown, Plotly template fields (%{...}), $math$, HTML, directives and icon shortcodes, next to real ids
so the detail pages also render found records. Every run must end without an exception, and no Markdown
element may contain a link, autolink, code, math, HTML, directive or icon that the app did not put there.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apptest_support import data_dir, open_page
from dashboard.app.about import METHOD
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset
from markdown_check import planted_markup

PAGES = ["", "timeline", "compare", "sources", "data", "about", "event", "figure", "source", "phase", "comparison"]
KEYS = ["id", "at", "from", "to", "theatre", "type", "actor", "source", "status", "lanes", "axis", "chart"]
FRAMES = build_frames(load_dataset(ROOT / "data", root=ROOT))
REAL_IDS = [FRAMES.events["id"].iloc[0], FRAMES.figures["id"].iloc[0], FRAMES.sources["id"].iloc[0],
            FRAMES.phases["id"].iloc[0], FRAMES.comparisons["id"].iloc[0], str(FRAMES.citations["start"].iloc[0])]
FRAGMENTS = ["Record moved: see https://evil.example/login", "www.evil.example", "a@b.example", "mailto:x@y.example",
             "\n\n    indented code", "\n```\nfence\n```", "`code`", "$x^2$", "$$y$$", "%{x}", "%{customdata[0]}",
             "<b>html</b>", "<img src=x onerror=alert(1)>", "[link](https://evil.example)", ":red[red]",
             ":material/home:", "**bold**", "# heading", "> quote", "1. item", "| a | b |", "\r\n", "\t", " ", "x"]
# the app's own code spans (constant help text)
OWN_CODE = {f"{k}?id=…" for k in ("event", "figure", "source", "phase", "comparison")} | {
    "python -m dashboard validate", "briefing=1"}
CONSTANT_TEXTS = {textwrap.dedent(METHOD).strip()}  # the method page's own Markdown (as st.markdown cleans it)

value = st.one_of(st.sampled_from(REAL_IDS), st.lists(st.sampled_from(FRAGMENTS + REAL_IDS), min_size=1, max_size=4).map("".join))
params = st.dictionaries(st.sampled_from(KEYS), value, max_size=4)


@pytest.fixture(scope="module", autouse=True)
def real_data():
    with data_dir(None):
        yield


def markdown_texts(at) -> list[str]:
    """Every element whose text Streamlit renders as Markdown."""
    return ([m.value for m in at.markdown if not m.proto.allow_html] + [c.value for c in at.caption]
            + [w.value for w in at.warning] + [i.value for i in at.info] + [e.value for e in at.error]
            + [t.value for t in at.title] + [h.value for h in at.subheader] + [h.value for h in at.header]
            + [link.proto.label for link in at.get("page_link")] + [link.proto.help for link in at.get("page_link")])


def test_the_checker_finds_planted_markup():
    """The bad cases: each construct the property test forbids is found when it is there."""
    for bad in ("see https://evil.example", "www.x.org", "a@b.example", "\n    code", "```x```", "`x`", "$x$",
                "<b>x</b>", "[l](https://x)", ":red[x]", ":material/home:"):
        assert planted_markup(bad, OWN_CODE), bad
    assert not planted_markup(r"see https\:\u2060//evil\.example", OWN_CODE)
    assert not planted_markup("[↗ event](event?id=gaza-ceasefire) :orange-background[x]", OWN_CODE)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "overview")
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
          derandomize=True)
@given(query=params)
def test_crafted_query_strings_plant_no_markup(page, query):
    at = open_page(page, **query)
    assert not at.exception, [e.message for e in at.exception]
    for text in set(markdown_texts(at)) - CONSTANT_TEXTS:
        assert not planted_markup(text, OWN_CODE), (page, query, text[:300], planted_markup(text, OWN_CODE))
    for chart in at.get("plotly_chart"):  # Plotly renders <a href>, <b> and <img>-like tags in its text
        spec = chart.proto.spec
        assert "<a " not in spec and "<img" not in spec and "<b>html" not in spec
