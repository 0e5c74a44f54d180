"""Every page of the Streamlit app through streamlit.testing.v1.AppTest (no browser).

The app uses st.navigation with callable pages, so `AppTest.switch_page()` (which takes a page *file*)
does not apply: a page is opened by requesting its script hash, which Streamlit derives from the page's
url_path (`streamlit.navigation.page.Page._script_hash`), exactly as the browser's URL does.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apptest_support import data_dir, open_page
from dashboard.conventions import theme
from dashboard.app import ui
from dashboard.charts import SLIDES
from dashboard.conventions.datefmt import format_row
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset

MAIN_PAGES = {"": "Ceasefire Monitor", "timeline": "Timeline", "compare": "Gaza vs Lebanon", "sources": "Sources",
              "data": "Data", "about": "About and method"}
DETAIL_PAGES = {"event": "Event", "figure": "Figure", "source": "Source", "phase": "Phase", "comparison": "Comparison cell"}
FRAME_OF = {"event": "events", "figure": "figures", "source": "sources", "phase": "phases", "comparison": "comparisons"}


def errors(at: AppTest) -> list[str]:
    return [e.message for e in at.exception]


def plotly_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def marks(spec: dict) -> int:
    return sum(len(t.get("customdata") or []) for t in spec["data"])


def all_markdown(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(ROOT / "data", root=ROOT))


@pytest.fixture(scope="module", autouse=True)
def real_data():
    with data_dir(None):
        yield


# --------------------------------------------------------------------------- every page renders


@pytest.mark.parametrize("path", list(MAIN_PAGES))
def test_main_page_renders(path):
    at = open_page(path)
    assert not errors(at), errors(at)
    assert [t.value for t in at.title][:1] == [MAIN_PAGES[path]]
    # the only raw HTML the app may emit is the constant briefing stylesheet, never on normal pages
    assert not [m for m in at.markdown if m.proto.allow_html]


@pytest.mark.parametrize("path, expected", [("", 3), ("timeline", 5), ("compare", 2)])
def test_chart_pages_show_branded_charts(path, expected):
    specs = plotly_specs(open_page(path))
    assert len(specs) == expected
    for spec in specs:
        assert spec["data"]
        assert any("Source:" in (a.get("text") or "") for a in spec["layout"]["annotations"])


@pytest.mark.parametrize("kind", list(DETAIL_PAGES))
def test_detail_page_shows_record_and_quote(frames, kind):
    df = getattr(frames, FRAME_OF[kind])
    rid = df["id"].iloc[len(df) // 2]
    at = open_page(kind, id=rid)
    assert not errors(at), errors(at)
    assert at.title[0].value == DETAIL_PAGES[kind]
    assert not at.warning
    text = all_markdown(at)
    if kind == "source":
        assert ui.md(df["title"].iloc[len(df) // 2]) in text
    else:
        quotes = frames.citations[(frames.citations["record_kind"] == kind) & (frames.citations["record_id"] == rid)]["quote"]
        if kind == "figure" and quotes.empty:  # a derived figure has no citation of its own
            assert "derived" in text
        for q in quotes:
            assert ui.md(q) in text, q


def test_event_deep_link_selects_that_event(frames):
    ev = frames.events[frames.events["key"]].iloc[-1]
    at = open_page("event", id=ev["id"])
    assert at.markdown[0].value == f"### {ui.md(ev['notes'])}"
    assert ui.md(ev["quote"]) in all_markdown(at)
    assert at.query_params == {"id": ev["id"]}


def test_figure_deep_link_shows_claimant_and_quote(frames):
    fg = frames.figures[frames.figures["quote"].notna()].iloc[0]
    at = open_page("figure", id=fg["id"])
    text = all_markdown(at)
    assert ui.md(fg["quote"]) in text and ui.md(theme.in_sentence(fg["claimant"])) in text


def test_derived_figure_is_marked(frames):
    fg = frames.figures[frames.figures["derived"]]
    if fg.empty:
        pytest.skip("no derived figure in the dataset")
    at = open_page("figure", id=fg["id"].iloc[0])
    assert "derived, not reported" in all_markdown(at)
    assert "No direct citation" in all_markdown(at)


@pytest.mark.parametrize("kind", list(DETAIL_PAGES))
@pytest.mark.parametrize("rid", ["no-such-id", None], ids=["unknown", "missing"])
def test_unknown_or_missing_id_is_a_friendly_not_found(kind, rid):
    at = open_page(kind, **({"id": rid} if rid else {}))
    assert not errors(at), errors(at)
    if rid:
        assert f"No {kind} with the id" in at.warning[0].value
    else:
        assert "Give a" in at.info[0].value
    assert len(at.get("page_link")) >= 2, "links back to the overview and the data"


def test_reader_with_unknown_source_is_not_found():
    at = open_page("sources", id="no-such-source")
    assert not errors(at)
    assert "No source with the id" in at.warning[0].value


def test_reader_highlights_the_passage_you_came_from(frames):
    c = frames.citations.iloc[0]
    at = open_page("sources", id=c["source_id"], at=str(c["start"]))
    assert not errors(at)
    assert ":red-background[" in all_markdown(at)
    assert at.selectbox[0].value == c["source_id"]
    plain = open_page("sources", id=c["source_id"])
    assert ":red-background[" not in all_markdown(plain) and ":orange-background[" in all_markdown(plain)


def test_reader_focus_is_marked_and_scrolled_by_a_constant_script(frames):
    """The passage you came from sits in its own keyed container with a marker; the only HTML besides the app's
    constant stylesheet (ui.ACCESSIBILITY_CSS, on every page) is the constant FOCUS_HTML (style + scroll script),
    and only when there is a passage to go to."""
    from dashboard.app import reader

    c = frames.citations.iloc[0]
    at = open_page("sources", id=c["source_id"], at=str(c["start"]))
    html = [h.proto.body for h in at.get("html") if h.proto.body != ui.ACCESSIBILITY_CSS.strip()]
    assert html == [reader.FOCUS_HTML.strip()]
    assert reader.FOCUS_MARK in all_markdown(at) and f":red-background[**{ui.md(c['quote'])}" in all_markdown(at)
    assert at.query_params == {"id": c["source_id"], "at": str(c["start"])}
    for at_value in ("not-a-number", "999999999", "<script>"):
        plain = open_page("sources", id=c["source_id"], at=at_value)
        page_html = [h.proto.body for h in plain.get("html") if h.proto.body != ui.ACCESSIBILITY_CSS.strip()]
        assert not errors(plain) and not page_html and reader.FOCUS_MARK not in all_markdown(plain)
        assert plain.query_params == {"id": c["source_id"]}, "an `at` that names no passage is dropped"


@pytest.mark.parametrize("kind", list(DETAIL_PAGES))
def test_detail_page_puts_its_record_in_the_url(frames, kind):
    """Good case: a found record is written back (so a same-page link updates the address bar);
    bad case: an unknown id is not echoed into the URL."""
    rid = getattr(frames, FRAME_OF[kind])["id"].iloc[0]
    assert open_page(kind, id=rid, theatre="gaza").query_params == {"id": rid}
    assert open_page(kind, id="no-such-id").query_params == {"id": "no-such-id"}, "left as the visitor typed it"


# --------------------------------------------------------------------------- filters


def test_timeline_filter_widgets_change_the_chart_and_the_url(frames):
    at = open_page("timeline", span="all")  # the whole record: every event is a mark
    before = marks(plotly_specs(at)[0])
    assert before == len(frames.events)
    at.sidebar.multiselect(key="f-theatre").set_value(["lebanon"]).run()
    assert not errors(at), errors(at)
    after = marks(plotly_specs(at)[0])
    assert after == int((frames.events["theatre"] == "lebanon").sum()) < before
    assert at.query_params.get("theatre") == "lebanon"
    assert any("Showing" in c.value for c in at.caption)
    at.radio(key="f-span").set_value("focus").run()  # the default: since the latest ceasefire in view, a strip above
    assert "span" not in at.query_params
    assert marks(plotly_specs(at)[0]) < after
    at.radio(key="f-axis").set_value("days").run()
    assert at.query_params.get("axis") == "days"
    assert "Days since" in json.dumps(plotly_specs(at)[0]["layout"]["xaxis"])


def test_since_the_ceasefire_preset_sets_the_window_and_the_axis(frames):
    at = open_page("timeline")
    at.sidebar.button(key="f-since-ceasefire").click().run()
    assert not errors(at), errors(at)
    assert at.query_params.get("from") == "2025-10-10"
    lo = str(plotly_specs(at)[0]["layout"]["xaxis"]["range"][0])
    assert lo.startswith(("2025-10-0", "2025-10-10")), lo  # the axis starts at the window, not in 2023


def test_timeline_filters_from_the_url(frames):
    at = open_page("timeline", theatre="lebanon", type="airstrike")
    assert not errors(at), errors(at)
    want = ((frames.events["theatre"] == "lebanon") & (frames.events["type"] == "airstrike")).sum()
    assert marks(plotly_specs(at)[0]) == want
    assert at.sidebar.multiselect(key="f-theatre").value == ["lebanon"]


@pytest.mark.parametrize("params", [{"theatre": "west_bank"}, {"from": "1990-01-01", "to": "1990-01-02"},
                                    {"from": "2099-01-01"}, {"to": "1900-01-01"}, {"status": "alleged", "type": "funeral"}])
def test_timeline_with_empty_or_out_of_range_filters(params):
    at = open_page("timeline", **params)
    assert not errors(at), errors(at)
    assert len(plotly_specs(at)) == 5


def test_data_page_follows_filters(frames):
    at = open_page("data", theatre="lebanon")
    assert not errors(at), errors(at)
    n = int((frames.events["theatre"] == "lebanon").sum())
    assert at.tabs[0].label == f"Events ({n})"


def test_data_page_offers_plain_and_spreadsheet_csv():
    at = open_page("data")
    labels = [b.proto.label for b in at.get("download_button")]
    for name in ("Events", "Figures", "Citations", "Sources"):
        assert f"{name} as CSV" in labels and f"{name} as CSV for spreadsheets" in labels, labels


def test_data_page_with_no_matching_rows():
    at = open_page("data", theatre="west_bank")
    assert not errors(at), errors(at)
    assert at.tabs[0].label == "Events (0)"


# --------------------------------------------------------------------------- briefing mode


def test_briefing_single_chart():
    at = open_page("", briefing="1", chart="timeline")
    assert not errors(at), errors(at)
    assert len(at.get("plotly_chart")) == 1
    assert len(at.sidebar) == 0 and not at.title
    css = [m for m in at.markdown if m.proto.allow_html]
    assert len(css) == 1 and "stSidebar" in css[0].value


def test_briefing_all_charts_and_unknown_chart():
    from dashboard.app.briefing import PAGE_CHARTS
    from dashboard.charts import slides_of

    at = open_page("timeline", briefing="1", chart="all")
    assert len(at.get("plotly_chart")) == len(SLIDES)
    at = open_page("timeline", briefing="1")  # the page's own charts, each as its slides
    assert len(at.get("plotly_chart")) == sum(len(slides_of(c)) for c in PAGE_CHARTS["timeline"])
    at = open_page("", briefing="1", chart="no-such-chart")
    assert not errors(at)
    assert "No chart has the id" in at.warning[0].value
    assert len(at.get("plotly_chart")) == sum(len(slides_of(c)) for c in PAGE_CHARTS[""])


def test_briefing_follows_filters(frames):
    at = open_page("", briefing="1", chart="timeline", theatre="lebanon", span="all")
    assert marks(plotly_specs(at)[0]) == int((frames.events["theatre"] == "lebanon").sum())


def test_briefing_toggle_sets_the_url():
    at = open_page("about")
    at.sidebar.toggle(key="briefing-toggle").set_value(True).run()
    assert at.query_params.get("briefing") == "1"


# --------------------------------------------------------------------------- invalid data


@pytest.fixture
def broken_copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    article = sorted((tmp_path / "data" / "articles").glob("*.yaml"))[0]
    text = article.read_text(encoding="utf-8")
    text = text.replace("event_type:", "event_type: not-a-type #", 1)
    article.write_text(text, encoding="utf-8")
    (tmp_path / "seeds" / sorted(p.name for p in (tmp_path / "seeds").iterdir())[1]).write_text("edited", encoding="utf-8")
    return tmp_path / "data"


@pytest.mark.parametrize("path, params", [("", {}), ("timeline", {"theatre": "gaza"}), ("event", {"id": "x"}),
                                          ("", {"briefing": "1", "chart": "timeline"})])
def test_invalid_data_dir_shows_the_problems_page(broken_copy, path, params):
    with data_dir(broken_copy):
        at = open_page(path, **params)
    assert not errors(at), errors(at)
    assert "did not pass validation" in at.title[0].value
    assert "problem(s)" in at.error[0].value
    problems = at.code[0].value
    assert "not-a-type" in problems and "articles/" in problems, problems
    assert "sha256" in problems or "changed" in problems
    assert not at.get("plotly_chart")


def test_missing_data_dir_shows_the_problems_page(tmp_path):
    with data_dir(tmp_path / "nowhere"):
        at = open_page()
    assert not errors(at), errors(at)
    assert "did not pass validation" in at.title[0].value


def test_overview_latest_developments_are_the_newest_events(frames):
    at = open_page()
    bold = [m.value for m in at.markdown if m.value.startswith("**")]
    newest = frames.events.sort_values(["date_start", "date_end"], ascending=False).head(10)
    assert bold[0].startswith(f"**{ui.md(newest['notes'].iloc[0])}**")
    # each date is written to its precision by the one display rule: a month is never shown as a day
    expected = [format_row(r, "date") for _, r in newest.iterrows()]
    assert all(len(t) > 0 and not (r["date_precision"] == "month" and t[0].isdigit())
               for t, (_, r) in zip(expected, newest.iterrows()))
    shown = [m.value for m in at.markdown]
    for text in expected:
        assert text in shown, (text, shown[:20])


def test_figure_without_event_has_no_event_link(frames):
    """A figure with no event has NaN in the frame; NaN is truthy, so it once linked to `event?id=nan`."""
    fg = frames.figures[frames.figures["event"].isna()]
    if fg.empty:
        pytest.skip("every figure has an event")
    at = open_page("figure", id=fg["id"].iloc[0])
    assert not errors(at)
    links = [(link.proto.page, link.proto.query_string) for link in at.get("page_link")]
    assert not [q for p, q in links if p == "event"], links
    assert all("nan" not in q for _, q in links), links


@pytest.mark.parametrize("kind", ["event", "figure", "phase", "source"])
def test_detail_links_point_at_real_records(frames, kind):
    """Every page link on a detail view opens a record that exists."""
    ids = {k: set(getattr(frames, v)["id"]) for k, v in FRAME_OF.items()}
    ids["sources"] = ids["source"]
    df = getattr(frames, FRAME_OF[kind])
    for rid in df["id"].iloc[:: max(1, len(df) // 4)]:
        at = open_page(kind, id=rid)
        for link in at.get("page_link"):
            if link.proto.query_string.startswith("id="):
                target = link.proto.query_string.split("&")[0][3:]
                assert target in ids.get(link.proto.page, {target}), (kind, rid, link.proto.page, target)


def test_chart_data_is_sent_only_once_its_expander_is_opened():
    """A collapsed "data behind this chart" expander sends nothing (a data grid under each chart slowed every
    page); opened, it holds the text description, the table and the downloads."""
    at = open_page("")
    assert not errors(at), errors(at)
    assert len(at.get("plotly_chart")) == 3 and not at.dataframe
    at.session_state["ov-hostages-data"] = True  # what opening the expander does
    at.run()
    assert not errors(at), errors(at)
    assert len(at.dataframe) == 1
    labels = [b.proto.label for b in at.get("download_button")]
    assert "CSV of this chart" in labels and "JSON of this chart" in labels


def test_reader_greys_every_occurrence_of_an_excluded_passage():
    """The rule excludes every occurrence of an excluded passage, so the reader greys each, not only the first."""
    from dashboard.app import reader
    from dashboard.dataset.rules.text import excluded_spans

    furniture = "Sign up for our daily newsletter"
    text = f"Reporting paragraph one.\n\n{furniture}\n\nReporting paragraph two.\n\n{furniture}\n"
    spans = excluded_spans(text, [furniture])
    assert [text[a:b] for a, b in spans] == [furniture, furniture]
    greyed = [md for _, md, _ in reader.highlighted_paragraphs(text, [], None, spans) if "excluded: not reporting" in md]
    assert len(greyed) == 2
