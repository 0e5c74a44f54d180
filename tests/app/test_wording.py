"""Values, counts and phrases in the pages' own words: one value+unit text, counts read from the data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from apptest_support import open_page
from dashboard.app import reader, ui
from dashboard.charts.base import value_text
from dashboard.frames.tables import period_phrase
from dashboard.dataset.loader import data_dir_from_env
from dashboard.engines.sources import PandasSource
from dashboard.engines.loading import load_bundle_fast

BAD = re.compile(r"%\s*percent|(?<![\d,.])1 (months|people|bodies|operatives|days|weeks|points|hostages)\b")
APP = Path(__file__).resolve().parents[2] / "dashboard" / "app"


@pytest.fixture(scope="module")
def frames():
    return load_bundle_fast(data_dir_from_env())[1]


def test_value_text_agrees_in_number():
    row = {"qualifier": "exact", "value": 1.0, "low": 1.0, "high": 1.0, "derived": False}
    assert value_text({**row, "unit": "months"}) == "1 month"
    assert value_text({**row, "unit": "people"}) == "1 person"
    assert value_text({**row, "value": 47.0, "unit": "percent"}) == "47%"


def test_no_page_prints_a_value_beside_its_raw_unit():
    """The class: a page writing value_label(...) then the unit column re-derives what value_text says."""
    for path in APP.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"value_label\([^)]*\)\)?\}?\*{0,2}[^\n]{0,24}\[.unit.\]", text), path.name


def test_reader_record_titles_use_value_text(frames):
    src = PandasSource(frames)
    for rid in frames.figures["id"]:
        title = reader._record_title(src, "figure", rid)
        assert not BAD.search(title), title
        assert title.startswith(value_text(frames.figures.set_index("id").loc[rid].to_dict() | {"id": rid}))


def test_figure_pages_never_say_1_months_or_percent_twice(frames):
    fg = frames.figures
    picked = fg[(fg["unit"] == "percent") | (fg["value"] == 1)]["id"].tolist()[:4] or fg["id"].tolist()[:1]
    for rid in picked:
        at = open_page("figure", id=rid)
        assert not at.exception
        shown = " ".join(m.value for m in at.markdown).replace("\\", "")
        assert not BAD.search(shown), (rid, BAD.search(shown))


def test_counts_in_the_overview_and_about_come_from_the_data(frames):
    n = len(frames.sources)
    at = open_page("")
    assert any(f"from {ui.count_words(n, 'news article')} on" in c.value for c in at.caption)
    at = open_page("about")
    text = " ".join(m.value for m in at.markdown)
    unnamed = int(frames.sources["outlet"].map(lambda o: not (isinstance(o, str) and o.strip())).sum())
    assert ui.count_words(n, "article").capitalize() in text
    if unnamed:
        assert f"{ui.count_words(unnamed, 'outlet').capitalize()} {'is' if unnamed == 1 else 'are'} named neither" in text
    supplied = int((frames.sources["outlet_basis"] == "supplied").sum())
    assert (f"{ui.count_words(supplied, 'outlet').capitalize()} {'is' if supplied == 1 else 'are'} known" in text) == bool(supplied)


def test_count_words():
    assert ui.count_words(5, "news article") == "five news articles"
    assert ui.count_words(1, "outlet") == "one outlet"
    assert ui.count_words(12, "source") == "12 sources"


def test_periods_are_phrases_not_sentence_starts(frames):
    assert period_phrase("Since the ceasefire") == "since the ceasefire"
    assert period_phrase("October 2025") == "October 2025"
    assert period_phrase(None) is None
    periods = [p for p in frames.figures["period"] if isinstance(p, str)]
    assert all(not p.startswith(("Since ", "During ", "Over ")) for p in periods)


VAGUE_LINKS = {"Figure detail", "Source sentence", "Details and quote", "Quote and context"}


def test_record_links_say_where_they_go(frames):
    """Link labels name the page they open ('Figure page — ...'), and titles are cut at a word."""
    fig = frames.figures.iloc[0]
    for at in (open_page(""), open_page("figure", id=fig["id"]), open_page("compare")):
        assert not at.exception
        labels = [p.proto.label.replace("\\", "") for p in at.get("page_link")]
        assert labels and not VAGUE_LINKS & set(labels), labels
        assert not [lab for lab in labels if len(lab) >= 139 and not lab.endswith("…")], labels
