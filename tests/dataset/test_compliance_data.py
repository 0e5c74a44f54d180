"""The coded compliance records of the bundled dataset: what the issue asks to be coded is there, the
deadlines the text gives are resolved, and the derived statuses and counts say what the articles support."""

from __future__ import annotations

import json

import pytest

import pandas as pd


from dashboard.frames import compliance as frames_compliance
from dashboard.conventions.datefmt import format_span
from dashboard.dataset.windows import publication_windows, windows_of
from dashboard.outputs.export import to_json_dict, write_csv
from dashboard.frames.tables import build_frames
from dashboard.codebook.compliance import AssessmentStatus


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


def test_bundled_72_hour_deadline_is_the_window_over_both_possible_starts(bundled):
    """'within 72 hours' of a signing on 9 October or an entry into effect on 10 October: 12-13 October
    (the text does not say which start), in the windows every consumer reads."""
    windows = windows_of(bundled)
    for pid in ("sharm-return-deceased-hostages", "sharm-release-living-hostages"):
        p = bundled.by_id("provisions")[pid]
        assert p.deadline_rule.text == "within 72 hours" and p.deadline_rule.after == ["signed", "effective"]
        w = windows[("provisions", pid, "deadline")]
        assert (w.start.isoformat(), w.end.isoformat()) == ("2025-10-12", "2025-10-13")


def test_bundled_january_truce_starts_when_its_event_and_phase_do(bundled):
    windows = windows_of(bundled)
    ag = windows[("agreements", "gaza-truce-jan-2025-deal", "effective")]
    phase = windows[("phases", "gaza-truce-jan-2025", "start")]
    event = windows[("events", "gaza-truce-takes-effect-jan-2025-essay", "window")]
    assert (ag.start, ag.end) == (phase.start, phase.end) == (event.start, event.end)


def test_no_compliance_record_runs_past_its_sources(bundled, frames):
    """Every dated agreement, every assessment: its window ends by its latest source's publication (a
    not_yet_due assessment dated after all of them is the one exception the codebook allows)."""
    pub = publication_windows(bundled)
    asm = frames.assessments.set_index("id")
    for a in bundled.assessments:
        latest = max(pub[s].end for s in asm.loc[a.id, "source_ids"])
        row = asm.loc[a.id]
        assert row["as_of_end"].date() <= latest or (a.status.value == "not_yet_due" and row["as_of_start"].date() > latest), a.id
        assert (row["window_start"], row["window_end"]) == (row["as_of_start"], row["as_of_end"])
    ags = frames.agreements.set_index("id")
    for g in bundled.agreements:
        latest = max(pub[c.source].end for c in g.citations)
        for field in ("signed", "effective"):
            end = ags.loc[g.id, f"{field}_end"]
            assert pd.isna(end) or end.date() <= latest, (g.id, field)


def test_derived_formula_is_written_from_the_resolved_windows(frames):
    derived = frames.assessments[frames.assessments["derived"]]
    assert len(derived)
    for r in derived.itertuples():
        count = format_span(r.as_of_start, r.as_of_end, r.as_of_precision)
        assert f"the count of {count}," in r.derived_formula, r.derived_formula


def test_deadlines_only_where_the_text_gives_one(bundled):
    """Every deadline's wording is in one of its provision's quotes (or a relative rule's anchor event)."""
    for p in bundled.provisions:
        if p.deadline is None:
            continue
        assert any(p.deadline.text.lower() in c.quote.lower() for c in p.citations), p.id


def test_bodies_return_is_overdue_per_israel_and_by_derivation(frames):
    cur = frames_compliance.current_statuses(frames.assessments)
    bodies = cur[cur["provision_id"] == "sharm-return-deceased-hostages"]
    by = {(r.claimant_id, r.derived): r.status for r in bodies.itertuples()}
    assert by[("israel", False)] == "overdue" and by[("israeli-officials-unnamed", True)] == "overdue"
    assert by[("israeli-officials-unnamed", False)] == "overdue"  # "Israeli officials believe": the unnamed officials
    assert by[("hamas", False)] == "in_progress"  # Hamas's own account stays beside Israel's
    row = frames.provisions.set_index("id").loc["sharm-return-deceased-hostages"]
    assert row["days_past_deadline"] == 41  # the deadline window ends 13 Oct; the latest report's starts 23 Nov 2025


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
    assert "Return of hostages' bodies" in text
    names = {a.id: a.name for a in bundled.actors}  # lists are flattened with '; ' (read from the data)
    ag = next(a for a in bundled.agreements if len(a.parties) > 1)
    assert "; ".join(names[p] for p in ag.parties) in (tmp_path / "agreements.csv").read_text(encoding="utf-8")


def test_json_export_gives_every_compliance_record_a_window(bundled):
    out = json.loads(json.dumps(to_json_dict(bundled)))
    for kind in ("agreements", "provisions", "assessments"):
        assert all("window" in r and "window_note" in r for r in out[kind]), kind
    assert all(r["window"] is not None for r in out["assessments"])
    dated = [r for r in out["provisions"] if r["deadline"]]
    assert dated and all(r["window"] for r in dated)
    jan = next(r for r in out["agreements"] if r["id"] == "gaza-truce-jan-2025-deal")
    assert jan["window"] == jan["effective_window"] == {"start": "2025-01-18", "end": "2025-01-19"}


def test_csv_export_has_window_columns_for_compliance(bundled, tmp_path):
    write_csv(bundled, tmp_path)
    for name in ("agreements", "provisions", "assessments"):
        header = (tmp_path / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
        assert {"window_start", "window_end"} <= set(header), name


def test_chart_export_lists_the_quotes_of_compliance_records(frames):
    """The export's index lists each assessment's quotes (compliance citations), not 'no quote'."""
    from dashboard.charts import Chart
    from dashboard.outputs.export_charts import citations_for

    cited = frames.compliance_citations[frames.compliance_citations["record_kind"] == "assessment"]
    links = list(dict.fromkeys(cited["permalink"]))[:3]
    chart = Chart("compliance", "t", None, frames.assessments.head(0), "s", links)
    got = citations_for(chart, frames)
    assert [e["permalink"] for e in got] == links and all(e["quotes"] for e in got)
    ids = set(frames.sources["id"])
    assert not [o for e in got for o, _ in e["quotes"] if any(i in o for i in ids)]  # named by outlet, never by id


def test_bundled_export_text_names_sources_never_by_id(bundled, tmp_path):
    """No reader-facing label holds a source id or a 'nan': sources are named by outlet, or by kind and window."""
    write_csv(bundled, tmp_path)
    ids = [s.id for s in bundled.sources]
    for name in ("events", "figures", "comparisons", "agreements", "provisions", "assessments", "compliance_rollup"):
        df = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        for col in ("source", "claimant", "party", "agreement", "provisions"):
            if col in df:
                assert not df[col].map(lambda v: any(i in v for i in ids)).any(), (name, col)
        assert not (df.map(lambda v: v.strip().lower() in ("nan", "none", "nat"))).any().any(), name
