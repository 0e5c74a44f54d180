"""dashboard/charts/panels.py: rows of one incident under its name, each with its own subject; "another
claim" only for a competing claim about the same quantity."""

from __future__ import annotations

import pandas as pd
from chartsupport import flat

from dashboard.charts.panels import ANOTHER_CLAIM, incident_names, order_by_incident, row_label, with_headers
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
    assert labels[0].startswith("Incident: Airstrikes across Gaza (22 Nov 2025)")


def test_same_episode_other_quantity_is_not_another_claim():
    fg = order_by_incident(_frame([_row("a", "moh", "strikes", "People killed in the strikes"),
                                   _row("b", "idf", "crossing", "Militants who crossed the yellow line", unit="operatives")]),
                           {"episode": "Airstrikes across Gaza (22 Nov 2025)"})
    labels = [flat(row_label(r)) for r in with_headers(fg).to_dict("records")]
    assert not any(ANOTHER_CLAIM in lab for lab in labels)
    assert any("Militants who crossed the yellow line" in lab for lab in labels)
    assert sum(lab.startswith("Incident:") for lab in labels) == 1  # one header over the group


def test_a_lone_row_of_an_incident_gets_no_header():
    fg = order_by_incident(_frame([_row("a", "moh", "strikes", "People killed")]), {"episode": "Airstrikes"})
    assert not flat(row_label(with_headers(fg).iloc[0])).startswith("Incident:")


def test_incident_names_come_from_the_naming_event(frames):
    names = incident_names(frames.events)
    named = frames.events[frames.events["incident"] == frames.events["id"]]
    assert set(names) == set(named["id"])
    assert incident_names(None) == {} and incident_names(frames.events.iloc[0:0]) == {}
