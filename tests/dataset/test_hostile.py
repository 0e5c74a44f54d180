"""Hostile input: query parameters from an attacker's link and text from a poisoned dataset.

Nothing may raise, and nothing data- or URL-derived may reach the page as markup. AppTest runs are
the slow part, so each run sets every parameter at once and the property tests keep example counts low.
"""

from __future__ import annotations


import re
import string
from dataclasses import replace
from urllib.parse import parse_qs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from apptest_support import data_dir, open_page
from dashboard.app import ui
from dashboard.charts import CHARTS, SLIDES, Context, build, layout
from dashboard.frames.filters import AXES, LANES, Filters, from_params
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset
from dashboard.codebook.events import EventType
from dashboard.codebook.common import Status, Theatre

HOSTILE_DATA = ROOT / "tests" / "fixtures" / "hostile" / "data"
PAGES = ["", "timeline", "compare", "sources", "data", "about", "event", "figure", "source", "phase", "comparison"]
KEYS = ["id", "from", "to", "theatre", "type", "actor", "claimant", "source", "status", "lanes", "axis", "at", "chart", "briefing"]
HOSTILE = {
    "traversal": "../../etc/passwd",
    "long": "A" * 10_000,
    "control": "gaza\x00\x01\x07\x1b[31m\r\n\t\x7f",
    "rtl": "\u202egaza\u202c",
    "emoji": "🕊️💣🇵🇸🇮🇱",
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "mdlink": "[x](javascript:alert(1))",
}
UNESCAPED = [re.compile(p) for p in (r"(?<!\\)<script", r"(?<!\\)<img", r"(?<!\\)<iframe", r"(?<!\\)<svg",
                                     r"(?<!\\)\]\(javascript")]


def errors(at: AppTest) -> list[str]:
    return [e.message for e in at.exception]


def assert_inert(at: AppTest) -> None:
    """No exception; the only raw HTML is the constant briefing stylesheet; no live markup in Markdown."""
    assert not errors(at), errors(at)
    for m in at.markdown:
        if m.proto.allow_html:
            assert m.value.strip().startswith("<style>") and "script" not in m.value.lower()
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning] \
        + [i.value for i in at.info] + [t.value for t in at.title] + [h.value for h in at.subheader] \
        + [link.proto.label for link in at.get("page_link")]
    for text in texts:
        for pattern in UNESCAPED:
            assert not pattern.search(text), (pattern.pattern, text[:300])
    for c in at.get("plotly_chart"):
        spec = c.proto.spec.lower()
        assert not any(tag in spec for tag in ("<script", "<img", "<iframe", "<svg")), "figure text is HTML-escaped"


@pytest.fixture(scope="module", autouse=True)
def real_data():
    with data_dir(None):
        yield


# --------------------------------------------------------------------------- hostile query parameters


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "overview")
@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_every_param_hostile(page, value):
    assert_inert(open_page(page, **{k: value for k in KEYS}))


@pytest.mark.parametrize("value", list(HOSTILE.values()), ids=list(HOSTILE))
def test_briefing_mode_with_hostile_params(value):
    params = {k: value for k in KEYS}
    params["briefing"] = "1"
    at = open_page("timeline", **params)
    assert_inert(at)
    warning = at.warning[0].value
    assert "No chart has the id" in warning, "the reader is told the id is unknown (as escaped text: assert_inert)"
    assert "A" * 61 not in warning, "an unknown id is shown cut to 60 characters"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p or "overview")
def test_repeated_hostile_params(page):
    """A key given many times arrives as a list."""
    assert_inert(open_page(page, **{k: list(HOSTILE.values()) for k in KEYS}))


@pytest.mark.parametrize("page", ["event", "sources"])
def test_hostile_id_mixed_with_valid_filters(page):
    at = open_page(page, id=HOSTILE["script"], theatre="gaza,<b>x</b>", at=HOSTILE["long"], **{"from": "2025-10-10"})
    assert_inert(at)
    assert "\\<script\\>" in at.warning[0].value, "the id is shown escaped, as text"


def test_hostile_params_never_reach_the_url_filters():
    at = open_page("timeline", **{k: HOSTILE["script"] for k in KEYS if k not in ("briefing", "chart")})
    assert_inert(at)
    assert all("<" not in str(v) for v in at.query_params.values()), at.query_params


# --------------------------------------------------------------------------- hostile dataset


@pytest.fixture(scope="module")
def hostile_frames():
    return build_frames(load_dataset(HOSTILE_DATA))


@pytest.fixture
def hostile_app():
    with data_dir(HOSTILE_DATA):
        yield


def test_hostile_fixture_is_valid_and_hostile(hostile_frames):
    fr = hostile_frames
    assert len(fr.events) and len(fr.figures) and len(fr.comparisons) and len(fr.phases)
    assert fr.events["notes"].str.contains("<script>").any()
    assert fr.events["quote"].str.contains("<img src=x onerror=").any()
    assert fr.phases["summary"].str.contains("javascript:").any()
    assert fr.events["notes"].str.contains("\u202e").any()


@pytest.mark.parametrize("page", ["", "timeline", "compare", "sources", "data", "about"], ids=lambda p: p or "overview")
def test_hostile_dataset_main_pages(hostile_app, page):
    assert_inert(open_page(page))


@pytest.mark.parametrize("kind, frame", [("event", "events"), ("figure", "figures"), ("source", "sources"),
                                         ("phase", "phases"), ("comparison", "comparisons")])
def test_hostile_dataset_detail_pages(hostile_app, hostile_frames, kind, frame):
    for rid in getattr(hostile_frames, frame)["id"]:
        at = open_page(kind, id=rid)
        assert_inert(at)
        assert not at.warning, f"{kind} {rid} not found"
        quotes = hostile_frames.citations[(hostile_frames.citations["record_kind"] == kind)
                                          & (hostile_frames.citations["record_id"] == rid)]["quote"]
        text = "\n".join(m.value for m in at.markdown)
        for q in quotes:
            assert ui.md(q) in text, "the hostile quote is shown, escaped"


def test_hostile_dataset_briefing(hostile_app):
    at = open_page("", briefing="1", chart="all")
    assert_inert(at)
    assert len(at.get("plotly_chart")) == len(SLIDES)
    specs = "".join(c.proto.spec for c in at.get("plotly_chart"))
    assert "&lt;script&gt;window.__xss=1" in specs


def test_hostile_dataset_reader_escapes_highlighted_spans(hostile_app, hostile_frames):
    c = hostile_frames.citations.iloc[0]
    at = open_page("sources", id=c["source_id"], at=str(c["start"]))
    assert_inert(at)
    text = "\n".join(m.value for m in at.markdown)
    assert ":red-background[" in text and "\\<script\\>window" in text
    assert at.text, "the excluded passages and metadata are shown as plain text"
    labels = [link.proto.label for link in at.get("page_link")]
    assert any("\\[click\\]\\(javascript" in label for label in labels), "record links carry escaped titles"


# --------------------------------------------------------------------------- properties

word = st.text(alphabet=string.printable + "\u202e\x00é🕊<>[]()", max_size=30)
vocab = st.sampled_from([t.value for t in Theatre] + [t.value for t in EventType] + [s.value for s in Status]
                        + ["idf", "hamas", "hezbollah", "us-official", "author", "toi-another-lebanon"])
maybe_date = st.one_of(st.none(), st.dates().map(str), word)
values = st.one_of(vocab, word, st.lists(st.one_of(vocab, word), max_size=4).map(",".join))


@pytest.fixture(scope="module")
def real():
    ds = load_dataset(ROOT / "data", root=ROOT)
    return Context(build_frames(ds), ds.version)


_BUILT: set[Filters] = set()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=st.fixed_dictionaries({"from": maybe_date, "to": maybe_date},
                                    optional={k: values for k in ("theatre", "type", "actor", "claimant", "source", "status")}
                                    | {"lanes": st.sampled_from(LANES + ("x",)), "axis": st.sampled_from(AXES + ("x",))}))
def test_random_url_filters_never_break_a_chart(real, params):
    params = {k: v for k, v in params.items() if v is not None}
    f = from_params(params, set(real.frames.actors["id"]), set(real.frames.sources["id"]))
    if f in _BUILT:  # many parameter sets parse to the same filters; build each distinct one once
        return
    for cid in CHARTS:
        chart = build(cid, replace(real, filters=f))
        assert chart.figure.data is not None and chart.summary
    for cid in set(SLIDES) - set(CHARTS):  # the parts of a split chart (charts.VIEWS), as a slide draws them
        chart = build(cid, replace(real, filters=f), layout.SLIDE)
        assert chart.figure.data is not None and chart.summary
    _BUILT.add(f)  # only once every chart built: hypothesis's replay of a failure must build it again


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(f=st.builds(Filters, start=st.one_of(st.none(), st.dates()), end=st.one_of(st.none(), st.dates()),
                   theatres=st.lists(st.one_of(vocab, word), max_size=3).map(tuple),
                   types=st.lists(st.one_of(vocab, word), max_size=3).map(tuple),
                   actors=st.lists(st.one_of(vocab, word), max_size=3).map(tuple),
                   claimants=st.lists(st.one_of(vocab, word), max_size=3).map(tuple),
                   sources=st.lists(st.one_of(vocab, word), max_size=3).map(tuple),
                   statuses=st.lists(st.one_of(vocab, word), max_size=3).map(tuple),
                   lanes=st.sampled_from(LANES), axis=st.sampled_from(AXES)))
def test_any_filters_object_never_breaks_a_chart(real, f):
    """Even unvalidated Filters (reversed dates, unknown values) build every chart, escaped."""
    for cid in CHARTS:
        js = build(cid, replace(real, filters=f)).figure.to_json()
        assert "<script" not in js.lower()


query_key = st.sampled_from(KEYS + ["x", ""])
query_value = st.one_of(vocab, word, st.sampled_from(list(HOSTILE.values())), st.sampled_from(["1", "timeline", "days"]))
query_string = st.lists(st.tuples(query_key, query_value), max_size=6).map(
    lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(page=st.sampled_from(PAGES), qs=query_string)
def test_random_query_strings_never_raise(page, qs):
    params = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(qs, keep_blank_values=True).items()}
    assert_inert(open_page(page, **params))
