"""dashboard/charts/panels.py: rows of one incident under its name, each with its own subject; "another
claim" only for a competing claim about the same quantity."""

from __future__ import annotations

import pandas as pd
from chartsupport import flat

from dashboard.charts import layout
from dashboard.charts.panels import (ANOTHER_CLAIM, HEADER_BG, header_text, incident_names, order_by_incident, panel_figure,
                                     row_label, row_positions, with_headers)
from dashboard.frames.claims import quantity_keys

DAY = pd.Timestamp("2025-11-22")


def _row(fid, claimant, event, subject, incident="episode", metric="killed", unit="people"):
    return {"id": fid, "claimant_id": claimant, "claimant_label": claimant.upper(), "event": event, "incident": incident,
            "metric": metric, "unit": unit, "theatre": "gaza", "period": None, "subject": subject,
            "as_of_start": DAY, "as_of_end": DAY, "when": "22 Nov 2025", "value_text": "2 people"}


def _frame(rows):
    fg = pd.DataFrame(rows)
    fg["quantity"] = quantity_keys(fg)
    return fg


def test_competing_claim_is_labelled_and_keeps_its_subject():
    fg = order_by_incident(_frame([_row("a", "moh", "strikes", "People killed in the strikes"),
                                   _row("b", "idf", "strikes", "People the IDF says died in the strikes")]),
                           {"episode": "Airstrikes across Gaza (22 Nov 2025)"})
    labels = [flat(row_label(r)) for r in with_headers(fg).to_dict("records")]
    assert sum(ANOTHER_CLAIM in lab for lab in labels) == 1
    assert any("People the IDF says died in the strikes" in lab for lab in labels)
    heads = list(with_headers(fg)["_header"])
    assert heads[0] == header_text("Airstrikes across Gaza (22 Nov 2025)", 2) and heads[1] == ""
    assert not any("Incident" in lab for lab in labels)  # a header is never part of a row's label (its value)


def test_same_episode_other_quantity_is_not_another_claim():
    fg = order_by_incident(_frame([_row("a", "moh", "strikes", "People killed in the strikes"),
                                   _row("b", "idf", "crossing", "Militants who crossed the yellow line", unit="operatives")]),
                           {"episode": "Airstrikes across Gaza (22 Nov 2025)"})
    labels = [flat(row_label(r)) for r in with_headers(fg).to_dict("records")]
    assert not any(ANOTHER_CLAIM in lab for lab in labels)
    assert any("Militants who crossed the yellow line" in lab for lab in labels)
    assert sum(bool(h) for h in with_headers(fg)["_header"]) == 1  # one header over the group


def test_a_lone_row_of_an_incident_gets_no_header():
    fg = order_by_incident(_frame([_row("a", "moh", "strikes", "People killed")]), {"episode": "Airstrikes"})
    assert with_headers(fg).iloc[0]["_header"] == ""


def test_incident_names_come_from_the_naming_event(frames):
    names = incident_names(frames.events)
    named = frames.events[frames.events["incident"] == frames.events["id"]]
    assert set(names) == set(named["id"])
    assert incident_names(None) == {} and incident_names(frames.events.iloc[0:0]) == {}


def test_header_reads_as_a_group_heading_not_a_value():
    """Second reading test: an incident header read as if it were the count of the row below it. It now says it
    is an incident, its date and how many rows are its figures, and it has no value in bold."""
    text = header_text(("22 Nov 2025", "Airstrikes across Gaza; officials say at least 20 were killed."), 2)
    assert text.startswith("▼ Incident, 22 Nov 2025, the 2 rows below: Airstrikes")
    assert header_text("", 2) == ""


def _header_boxes(fig):
    return [a for a in fig.layout["annotations"] if a.get("bgcolor") == HEADER_BG]


def test_a_header_has_a_slot_of_its_own_above_its_rows_and_no_mark():
    """The header is its own annotation (a grey band, italic, not bold) whose bottom sits above its first row's
    label, never in the label of the row (so never at a mark's height)."""
    fg = order_by_incident(_frame([_row("a", "moh", "strikes", "People killed in the strikes"),
                                   _row("b", "idf", "crossing", "Militants who crossed the yellow line", unit="operatives")]),
                           {"episode": ("22 Nov 2025", "Airstrikes across Gaza")})
    for lay in (layout.SLIDE, layout.PHONE):
        with layout.using(lay):
            fig, labels, _ = panel_figure([("People killed", fg)])
            boxes = _header_boxes(fig)
            assert len(boxes) == 1 and "<b>" not in boxes[0]["text"] and "Incident, 22 Nov 2025" in boxes[0]["text"]
            first = row_positions(fig, 1)[0]
            assert boxes[0]["yanchor"] == "bottom" and boxes[0]["y"] < first  # the y axis counts pixels downward
            assert not any("Incident" in lab for lab in labels[0])
