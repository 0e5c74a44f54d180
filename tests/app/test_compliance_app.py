"""The Compliance page, its detail views and the links from events and figures, through AppTest (no browser)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from apptest_support import data_dir, open_page
from dashboard.app import ui
from dashboard.frames.compliance import current_statuses
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset

FRAME_OF = {"agreement": "agreements", "provision": "provisions", "assessment": "assessments"}
TITLE = {"agreement": "Agreement", "provision": "Provision", "assessment": "Assessment"}


@pytest.fixture(scope="module")
def frames():
    return build_frames(load_dataset(ROOT / "data", root=ROOT))


@pytest.fixture(scope="module", autouse=True)
def real_data():
    with data_dir(None):
        yield


def errors(at) -> list[str]:
    return [e.message for e in at.exception]


def text_of(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.fixture(scope="module")
def page():
    return open_page("compliance")


def test_compliance_page_renders_with_its_chart(page):
    assert not errors(page), errors(page)
    assert page.title[0].value == "Compliance"
    specs = [json.loads(c.proto.spec) for c in page.get("plotly_chart")]
    assert len(specs) == 1 and specs[0]["data"]
    assert any("Source:" in (a.get("text") or "") for a in specs[0]["layout"]["annotations"])
    assert not [m for m in page.markdown if m.proto.allow_html]


def test_rollup_table_counts_each_claimants_latest_statuses(page, frames):
    """The first table: one row per agreement and claimant, each provision counted once by that claimant's
    latest status; the counts add up to the provisions that claimant assessed, and no two claimants merge."""
    cur = current_statuses(frames.assessments)
    n_tables = cur["agreement_id"].nunique()  # one roll-up table per agreement with assessments
    table = pd.concat([page.dataframe[i].value for i in range(n_tables)], ignore_index=True)
    assert len(table) == len(cur.groupby(["agreement_id", "claimant_key", "derived"])) > 0
    statuses = ["fulfilled", "partly fulfilled", "in progress", "reported at risk", "overdue", "reported violated", "disputed",
                "not yet due"]
    assert (table[statuses].sum(axis=1) == table["provisions assessed"]).all()
    for i in range(n_tables):
        assert not page.dataframe[i].value.duplicated(["claimant"]).any()  # never two rows for one claimant
    assert table[statuses].sum().sum() == len(cur)


def test_overdue_table_answers_per_whom(page, frames):
    """The second table lists every claimant's latest overdue / violated / disputed / at-risk status, overdue first."""
    cur = current_statuses(frames.assessments)
    table = page.dataframe[cur["agreement_id"].nunique()].value  # after the per-agreement roll-up tables
    wanted = cur[cur["status"].isin(["overdue", "reported_violated", "disputed", "at_risk"])]
    assert len(table) == len(wanted) > 0
    assert table["status"].iloc[0].startswith("overdue")
    bodies = table[table["provision"] == "Return of hostages' bodies"]
    # the registry's claimant label, and the author named by the article's narrowed publication window
    assert set(bodies["per"]) >= {"Israeli government", "Author, news report (19–23 Nov 2025)"}  # theme.author_label
    pv = frames.provisions.set_index("id").loc["sharm-return-deceased-hostages"]
    # written as a range ("41–48 days") when the deadline or the claim is known only to a span; its fewest days are
    # the provision's count to its latest claim
    shown = [v for v in bodies["days past deadline"] if v]
    assert shown and all(re.fullmatch(r"\d+(–\d+)? days?", v) for v in shown)
    assert max(int(v.split("–")[0].split()[0]) for v in shown) == pv["days_past_deadline"]
    assert pv["days_past_text"].split(" past it")[0] in shown
    assert table["assessment"].str.startswith("assessment?id=").all()


def test_every_provision_is_listed_with_its_status_strip(page, frames):
    text = text_of(page)
    for label in frames.provisions["label"]:
        assert ui.md(label) in text, label
    assert ":red-badge[" in text  # the status strips
    unreported = frames.provisions[frames.provisions["n_assessments"] == 0]
    assert text.count("The articles do not report on how this is being carried out.") == len(unreported) > 0


@pytest.mark.parametrize("kind", list(FRAME_OF))
def test_detail_views_show_quotes(frames, kind):
    df = getattr(frames, FRAME_OF[kind])
    cited = frames.compliance_citations[frames.compliance_citations["record_kind"] == kind]
    rid = cited["record_id"].iloc[len(cited) // 2]
    at = open_page(kind, id=rid)
    assert not errors(at), errors(at)
    assert at.title[0].value == TITLE[kind]
    text = text_of(at)
    for q in cited[cited["record_id"] == rid]["quote"]:
        assert ui.md(q) in text, q
    assert rid in df["id"].values


def test_derived_assessment_shows_its_formula(frames):
    r = frames.assessments[frames.assessments["derived"]].iloc[0]
    at = open_page("assessment", id=r["id"])
    text = text_of(at)
    assert "derived by us" in text and ui.md(r["derived_formula"]) in text
    assert "No direct citation" in text


@pytest.mark.parametrize("kind", list(FRAME_OF))
def test_unknown_id_is_friendly(kind):
    at = open_page(kind, id="no-such-record")
    assert not errors(at)
    assert at.warning and ui.md("no-such-record") in at.warning[0].value


def test_event_and_figure_link_back_to_their_provisions(frames):
    r = frames.assessments[frames.assessments["evidence_events"].map(len) > 0].iloc[0]
    at = open_page("event", id=r["evidence_events"][0])
    assert "Provisions this bears on" in [s.value for s in at.subheader]
    f = frames.assessments[frames.assessments["evidence_figures"].map(len) > 0].iloc[0]
    at = open_page("figure", id=f["evidence_figures"][0])
    assert "Provisions this bears on" in [s.value for s in at.subheader]


def test_compare_page_gains_the_category_comparison(frames):
    at = open_page("compare")
    assert not errors(at), errors(at)
    heads = [s.value for s in at.subheader]
    assert any(h.startswith("Provisions by category") for h in heads)
    text = text_of(at)
    assert "Return of hostages" in text and "Ceasefire" in text


def test_briefing_mode_shows_the_compliance_chart():
    at = open_page("", briefing="1", chart="compliance")
    assert not errors(at)
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert len(specs) == 1
    assert "Ceasefire obligations" in specs[0]["layout"]["title"]["text"]
    # like every chart in briefing mode, the phone-first layout (each label above its marks); exports use the slide one
    assert specs[0]["layout"]["height"] > 0 and specs[0]["layout"]["yaxis"]["showticklabels"] is False
