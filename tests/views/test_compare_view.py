"""The Gaza vs Lebanon page: an enforcement summary from the data, every matrix cell dated, earlier cells apart."""

from __future__ import annotations

import pandas as pd
import pytest

from apptest_support import open_page
from dashboard.conventions import datefmt
from dashboard.charts import ENFORCEMENT_METRICS, reference_dates
from dashboard.charts.base import value_text
from dashboard.views.compare_view import ceasefire_dates, dated_comparisons, enforcement_summary
from dashboard.dataset.loader import data_dir_from_env
from dashboard.engines.loading import load_bundle_fast


@pytest.fixture(scope="module")
def frames():
    return load_bundle_fast(data_dir_from_env())[1]


def test_summary_lists_every_enforcement_figure_since_each_ceasefire_once(frames):
    refs = reference_dates(frames.phases)
    fg = frames.figures[frames.figures["metric"].isin(ENFORCEMENT_METRICS)]
    for t in enforcement_summary(frames):
        rows = fg[fg["theatre"] == t.theatre]
        start = refs.get(t.theatre, (None,))[0]
        after = rows if start is None else rows[rows["as_of_end"] >= start]
        items = [i for c in t.claims for i in c.items]
        assert len(items) == len(after) and t.earlier == len(rows) - len(after)
        for r in after.to_dict("records"):  # value, subject and date at precision, under its claimant
            assert f"{value_text(r)}: {r['subject']} ({datefmt.format_row(r, 'as_of')})" in items
        assert t.ceasefire == ceasefire_dates(frames.phases).get(t.theatre, "")


def test_every_cell_is_dated_and_earlier_cells_are_flagged(frames):
    cm = dated_comparisons(frames)
    assert len(cm) == len(frames.comparisons) and cm["stated"].astype(bool).all()
    refs = reference_dates(frames.phases)
    cites = frames.citations[frames.citations["record_kind"] == "comparison"]
    src = frames.sources.set_index("id")
    for r in cm.to_dict("records"):
        last = src.loc[list(cites.loc[cites["record_id"] == r["id"], "source_id"]), "published_end"].max()
        assert r["before_ceasefire"] == (r["theatre"] in refs and last < refs[r["theatre"]][0])


def test_bundled_gaza_statements_from_february_and_august_are_kept_apart(frames):
    cm = dated_comparisons(frames)
    early = cm[cm["before_ceasefire"]]
    assert set(early["theatre"]) == {"gaza"}
    assert early["stated"].str.contains("Feb 2025").any() and early["stated"].str.contains("Aug").any()


def test_compare_page_leads_with_the_summary_and_dates_cells(frames):
    at = open_page("compare")
    assert not at.exception
    assert at.subheader[0].value == "How enforcement compares"
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "stated " in text and "Per " in text
    cm = dated_comparisons(frames)
    if cm["before_ceasefire"].any():
        assert any(e.label.startswith("Statements from before the ceasefire") for e in at.expander)
    assert "Quote in its article" in [p.proto.label for p in at.get("page_link")]
