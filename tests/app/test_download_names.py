"""Download file names follow the active filters, so two filtered exports never overwrite each other."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from apptest_support import open_page
from dashboard.app.ui import download_name
from dashboard.frames.filters import Filters, file_tag, from_params

SAFE = re.compile(r"^[a-z0-9-]*(_[0-9a-f]{8})?$|^[0-9a-f]{8}$")
IDS = {"idf", "hamas", "gaza-health-ministry", "toi-another-lebanon"}


def test_no_filter_no_tag_and_layout_is_not_a_filter():
    assert file_tag(Filters()) == ""
    assert file_tag(Filters(axis="days", lanes="event_type", span="all")) == ""
    assert download_name("deaths", "2025-11-24", Filters()) == "deaths_2025-11-24"


def test_different_selections_get_different_safe_names():
    tags = {file_tag(f) for f in (Filters(theatres=("gaza",)), Filters(theatres=("lebanon",)), Filters(actors=("idf",)),
                                  Filters(claimants=("idf",)), Filters(start=date(2025, 10, 10)),
                                  Filters(end=date(2025, 10, 10)), Filters(sources=("toi-another-lebanon",)))}
    assert len(tags) == 7 and all(SAFE.match(t) and len(t) <= 50 for t in tags), tags
    assert file_tag(Filters(theatres=("gaza",), start=date(2025, 10, 10))).startswith("2025-10-10-to-end-gaza_")


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["from", "to", "theatre", "actor", "claimant", "source", "type", "status"]),
                       st.text(max_size=60), max_size=6))
def test_any_url_gives_a_filesystem_safe_bounded_tag(params):
    tag = file_tag(from_params(params, IDS, IDS))
    assert SAFE.match(tag) and len(tag) <= 50, tag


def _names(monkeypatch, **params) -> set[str]:
    """The file names the page hands to st.download_button (the proto does not carry them)."""
    from streamlit.delta_generator import DeltaGenerator

    names: list[str] = []
    original = DeltaGenerator.download_button

    def spy(self, *args, **kw):
        names.append(kw.get("file_name"))
        return original(self, *args, **kw)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    at = open_page("data", **params)
    assert not at.exception
    monkeypatch.undo()
    return set(names)


def test_data_page_downloads_name_their_filters(monkeypatch):
    g, l, p = _names(monkeypatch, theatre="gaza"), _names(monkeypatch, theatre="lebanon"), _names(monkeypatch)
    assert any("events_" in n and "gaza" in n for n in g), g
    filtered = lambda names: {n for n in names if "events" in n or "figures" in n}
    assert filtered(g) and not (filtered(g) & filtered(l)) and not (filtered(g) & filtered(p))
    assert "ceasefire-monitor_events.csv" in p
    assert "ceasefire-monitor_sources.csv" in g  # an unfiltered table keeps its plain name


def test_chart_downloads_name_their_filters(monkeypatch):
    from streamlit.delta_generator import DeltaGenerator

    names: list[str] = []
    original = DeltaGenerator.download_button
    monkeypatch.setattr(DeltaGenerator, "download_button",
                        lambda self, *a, **kw: (names.append(kw.get("file_name")), original(self, *a, **kw))[1])
    at = open_page("timeline", theatre="gaza")
    at.session_state["tl-main-data"] = True  # the data expander fills only once opened
    at.run()
    assert not at.exception
    assert any(n.startswith("timeline_") and "gaza_" in n for n in names if n), names
