"""Detail views (dashboard/app/detail.py): the effective window and why, the claims table of an incident,
and "other figures for the same measure" limited to the same incident."""

from __future__ import annotations

import pytest

from apptest_support import open_page
from dashboard.app import ui
from dashboard.app.detail import same_measure
from dashboard.conventions.datefmt import format_span
from dashboard.frames.tables import build_frames

INCIDENT = "idf-airstrikes-across-gaza-2025-11-22"


@pytest.fixture(scope="module")
def frames(bundled):
    return build_frames(bundled)


def _text(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_same_measure_keeps_to_the_incident(frames):
    fg = frames.figures.set_index("id", drop=False)
    toll = fg.loc["killed-gaza-strikes-2025-11-22-moh"]
    # the same metric and theatre in another incident (the 19 November strikes) is not a competing claim
    assert "killed-gaza-strikes-2025-11-19-moh-us-report" not in set(same_measure(frames.figures, toll)["id"])
    for _, f in frames.figures[frames.figures["incident"].notna()].iterrows():
        assert set(same_measure(frames.figures, f)["incident"]) <= {f["incident"]}, f["id"]
    # two claims of one incident about the same measure do list each other
    six = fg.loc["living-hostages-six-in-one-go-2025-02-17-families"]
    assert "living-hostages-six-scheduled-two-weeks-feb-2025" in set(same_measure(frames.figures, six)["id"])


def test_bundled_same_measure_is_the_charts_rule_not_the_episode(frames):
    """The 22 Nov toll's other claims exclude the IDF's militants who crossed the yellow line and the senior
    Hamas members: same episode, other counts (issue 20 item 8)."""
    fg = frames.figures.set_index("id", drop=False)
    toll = fg.loc["killed-gaza-strikes-2025-11-22-moh"]
    others = set(same_measure(frames.figures, toll)["id"])
    assert not others & {"militants-killed-north-gaza-yellow-line-2025-11-22-idf", "killed-senior-hamas-members-2025-11-22-netanyahu"}
    for _, f in frames.figures.iterrows():
        for _, o in same_measure(frames.figures, f).iterrows():
            assert (o["event"], o["metric"], o["unit"]) == (f["event"], f["metric"], f["unit"]) and o["claimant_id"] != f["claimant_id"]


def test_bundled_claims_table_marks_only_competing_claims(frames):
    at = open_page("figure", id="killed-gaza-strikes-2025-11-22-moh")
    assert not at.exception
    assert not any("competing claim**" in m.value for m in at.markdown)  # none of the 22 Nov figures counts another's quantity
    at = open_page("figure", id="living-hostages-six-in-one-go-2025-02-17-families")
    assert sum("**competing claim**" in m.value for m in at.markdown) == 2  # the families' six and the author's six


def test_same_measure_without_incident_never_lists_another_incidents_claims(frames):
    loose = frames.figures[frames.figures["incident"].isna()]
    for _, f in loose.iterrows():
        assert same_measure(frames.figures, f)["incident"].isna().all(), f["id"]


def test_figure_page_shows_the_claims_table(frames):
    at = open_page("figure", id="killed-gaza-strikes-2025-11-22-moh")
    assert not at.exception
    assert "Figures reported for this incident" in [s.value for s in at.subheader]
    claims = frames.figures[frames.figures["incident"] == INCIDENT]
    assert len(set(claims["claimant"])) >= 3  # health officials, Netanyahu, the IDF: side by side
    cells = [m.value for m in at.markdown]
    for _, c in claims.iterrows():  # each claim's claimant and quote, escaped so they show as text
        assert any(m.startswith(ui.md(c["claimant"]) + "  \n*as of") for m in cells), c["id"]
        assert f"“{ui.md(c['quote'])}”  \n*{ui.md(c['subject'])}*" in cells, c["id"]


def test_event_page_explains_a_narrowed_window(frames):
    ev = frames.events.set_index("id").loc["trump-gaza-takeover-plan-2025-essay"]
    at = open_page("event", id="trump-gaza-takeover-plan-2025-essay")
    text = _text(at)
    assert format_span(ev["date_start"], ev["date_end"], ev["date_precision"]) == "Jan–Feb 2025"
    assert "Jan–Feb 2025" in text
    assert f"Window {ui.md(ev['window_note'])}." in text and "reported as past" in ev["window_note"]


def test_event_page_without_narrowing_has_no_window_caption(frames):
    ev = frames.events[frames.events["window_note"].isna()].iloc[0]
    at = open_page("event", id=ev["id"])
    assert not at.exception and not any(c.value.startswith("Window ") for c in at.caption)


def test_every_other_count_of_the_same_measure_is_listed(frames):
    """issue 22, bad case before: on a hostage-bodies figure "other figures for the same measure" listed one of
    the other counts (the query asked for the figure's own metric name; "held" and "remaining" are one measure,
    and only competing claims were kept). Now every other count of the measure, read from the data."""
    from dashboard.frames import claims

    fg = frames.figures
    for _, f in fg.iterrows():
        names = claims.measure_metrics(f["metric"])
        expected = set(fg[fg["metric"].isin(names) & (fg["unit"] == f["unit"]) & (fg["theatre"] == f["theatre"])
                          & (fg["id"] != f["id"])]["id"])
        assert set(claims.same_measure(fg, f)["id"]) == expected, f["id"]
    bodies = fg[fg["metric"].isin(claims.measure_metrics("hostage_bodies_held"))]
    if len(bodies) > 1:
        f = bodies.iloc[0]
        at = open_page("figure", id=f["id"])
        assert not at.exception
        shown = {pl.proto.query_string for pl in at.get("page_link")}
        others = set(bodies[(bodies["id"] != f["id"]) & (bodies["unit"] == f["unit"]) & (bodies["theatre"] == f["theatre"])]["id"])
        assert {f"id={i}" for i in others} <= shown, (others, shown)


BARE_LABELS = {"event", "figure", "assessment", "agreement detail", "figure detail", "source", "phase", "comparison"}


def _bare(label: str) -> bool:
    return label.replace("\\", "").replace("↗", "").strip().lower() in BARE_LABELS


def test_links_say_where_they_go(frames, bundled):
    """issue 22: "↗ event ↗ event ↗ figure", "Assessment", "Figure detail" told a reader nothing about the
    record behind them. The reader's inline links, an assessment's evidence links and an event's "provisions
    this bears on" each name their record."""
    import re

    src = frames.sources["id"].iloc[0]
    at = open_page("sources", id=src)
    assert not at.exception
    inline = [label for m in at.markdown for label in re.findall(r"\[↗ ((?:[^\]\\]|\\.)*)\]", m.value)]
    assert inline and not any(_bare(x) for x in inline), inline[:5]
    cited = frames.citations[frames.citations["source_id"] == src].drop_duplicates(["record_kind", "record_id"])
    assert len(cited) < 2 or len(set(inline)) > 1, "the labels tell the records apart"
    asm = frames.assessments
    views = []
    with_evidence = asm[asm["evidence_events"].map(len).astype(bool)]
    if len(with_evidence):
        views += [("assessment", with_evidence["id"].iloc[0]), ("event", with_evidence["evidence_events"].iloc[0][0])]
    for kind, rid in views:
        at = open_page(kind, id=rid)
        assert not at.exception
        labels = [pl.proto.label for pl in at.get("page_link")]
        assert not any(_bare(x) for x in labels), (kind, labels)
