"""The coded compliance records of the bundled dataset: what the issue asks to be coded is there, the
deadlines the text gives are resolved, and the derived statuses and counts say what the articles support."""

from __future__ import annotations

import json

import pytest

from dashboard import compliance
from dashboard.export import to_json_dict, write_csv
from dashboard.frames import build_frames
from dashboard.models import AssessmentStatus


@pytest.fixture(scope="module")
def frames(bundled):
    return build_frames(bundled)


def test_the_four_agreements_of_the_issue_are_coded(bundled):
    ags = bundled.by_id("agreements")
    sharm = ags["gaza-sharm-el-sheikh-agreement-2025"]
    assert (sharm.signed.date, sharm.effective.date) == ("2025-10-09", "2025-10-10")
    assert ags["lebanon-ceasefire-2024"].signed.date == "2024-11" and ags["lebanon-ceasefire-2024"].signed.precision.value == "month"
    assert ags["gaza-truce-jan-2025-deal"].phases == ["gaza-truce-jan-2025"]
    assert "Resolution 2803" in ags["us-gaza-plan-resolution-2803"].name
    # every agreement links a real phase or is a proposal that never took effect
    phases = {p.id for p in bundled.phases}
    for a in ags.values():
        assert set(a.phases) <= phases
        assert a.phases or a.kind.value == "proposal", a.id


def test_the_72_hour_deadline_resolves_from_the_signing(bundled):
    pv = bundled.by_id("provisions")
    ags = bundled.by_id("agreements")
    for pid in ("sharm-return-deceased-hostages", "sharm-release-living-hostages"):
        p = pv[pid]
        resolved, why = compliance.resolve_deadline(p, ags[p.agreement], bundled.by_id("events"))
        assert why is None and resolved.date == p.deadline.date == "2025-10-12"
        assert p.deadline_rule.text == "within 72 hours"


def test_deadlines_only_where_the_text_gives_one(bundled):
    """Every deadline's wording is in one of its provision's quotes (or a relative rule's anchor event)."""
    for p in bundled.provisions:
        if p.deadline is None:
            continue
        assert any(p.deadline.text.lower() in c.quote.lower() for c in p.citations), p.id


def test_bodies_return_is_overdue_per_israel_and_by_derivation(frames):
    cur = compliance.current_statuses(frames.assessments)
    bodies = cur[cur["provision_id"] == "sharm-return-deceased-hostages"]
    by = {(r.claimant_id, r.derived): r.status for r in bodies.itertuples()}
    assert by[("israel", False)] == "overdue" and by[("israeli-officials-unnamed", True)] == "overdue"
    assert by[("hamas", False)] == "in_progress"  # Hamas's own account stays beside Israel's
    row = frames.provisions.set_index("id").loc["sharm-return-deceased-hostages"]
    assert row["days_past_deadline"] == 42  # 12 Oct to the report window starting 23 Nov 2025


def test_conflicting_claims_are_separate_records(frames):
    yl = frames.assessments[frames.assessments["provision_id"] == "sharm-yellow-line"]
    assert {"reported_violated", "disputed"} <= set(yl["status"])
    # the audit split Netanyahu's "a Hamas fighter" out of the IDF's 22 Nov record
    # the bundled claimants are all there; an article added later may bring more
    assert {"idf", "hamas", "netanyahu"} <= set(yl["claimant_id"])


def test_every_status_is_used_or_explained(bundled):
    used = {a.status for a in bundled.assessments}
    assert used == set(AssessmentStatus), set(AssessmentStatus) - used


def test_unassessed_provisions_are_the_expected_ones(frames):
    """Provisions the articles state but do not report on (proposals never in force, and one term)."""
    none = set(frames.provisions[frames.provisions["n_assessments"] == 0]["id"])
    proposals = set(frames.provisions[frames.provisions["agreement_id"].isin(
        frames.agreements[frames.agreements["kind"] == "proposal"]["id"])]["id"])
    assert none - proposals == {"sharm-no-new-arms"}  # the Lebanon mechanism gained the author's "set in motion"


def test_json_export_has_the_compliance_records_with_permalinks(bundled):
    out = json.loads(json.dumps(to_json_dict(bundled)))
    for kind, page in (("agreements", "agreement"), ("provisions", "provision"), ("assessments", "assessment")):
        assert len(out[kind]) == len(getattr(bundled, kind)) > 0
        assert all(r["permalink"] == f"{page}?id={r['id']}" for r in out[kind])
        assert all("source_id" in c and c["start"] is not None for r in out[kind] for c in r["citations"])


def test_csv_has_a_flat_provisions_table(bundled, tmp_path):
    written = {p.name for p in write_csv(bundled, tmp_path)}
    assert {"provisions.csv", "assessments.csv", "agreements.csv"} <= written
    text = (tmp_path / "provisions.csv").read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert {"id", "agreement", "category", "obligated", "deadline", "days_past_deadline", "wording", "permalink"} <= set(header)
    assert "Return of hostages' bodies" in text and "Israel (government); Hamas" in text  # lists flattened with '; '
