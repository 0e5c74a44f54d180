"""The timeline's two filters, event actor (`actor`) and claimant (`claimant`), through AppTest."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from apptest_support import open_page
from dashboard.frames.filters import Filters, filter_figures
from dashboard.dataset.loader import data_dir_from_env
from dashboard.engines.loading import load_bundle_fast


def _figure_marks(at: AppTest) -> int:
    """Marks drawn by the figure charts (every chart after the timeline)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")][1:]
    return sum(len(t.get("customdata") or []) for s in specs for t in s["data"])


def test_an_event_actor_never_blanks_the_figure_charts():
    _, fr = load_bundle_fast(data_dir_from_env())
    actor = next(a for ids in fr.events["actor_ids"] for a in ids if a not in set(fr.figures["claimant_id"]))
    plain = open_page("timeline", span="all")
    at = open_page("timeline", span="all", actor=actor)
    assert not at.exception
    assert _figure_marks(at) == _figure_marks(plain) > 0
    assert not any("No records match" in m.value for m in (*at.markdown, *at.caption, *at.info))
    assert at.sidebar.multiselect(key="f-actor").value == [actor]


def test_a_claimant_filters_figures_only_and_lives_in_the_url():
    _, fr = load_bundle_fast(data_dir_from_env())
    claimant = fr.figures["claimant_id"].value_counts().index[0]
    plain = open_page("timeline", span="all")
    at = open_page("timeline", span="all", claimant=claimant)
    assert not at.exception
    timeline = lambda a: sum(len(t.get("customdata") or []) for t in json.loads(a.get("plotly_chart")[0].proto.spec)["data"])
    assert timeline(at) == timeline(plain)  # events ignore the claimant
    assert 0 < _figure_marks(at) < _figure_marks(plain)
    assert len(filter_figures(fr.figures, Filters(claimants=(claimant,)))) > 0
    assert at.sidebar.multiselect(key="f-claimant").value == [claimant]
    at.sidebar.multiselect(key="f-claimant").set_value([]).run()
    assert "claimant" not in at.query_params
