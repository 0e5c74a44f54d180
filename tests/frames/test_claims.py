"""dashboard/frames/claims.py: which figures are competing claims about the same quantity, versus figures that
only share an episode (an incident)."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.frames import claims
from dashboard.frames.tables import build_frames

DAY = pd.Timestamp("2025-11-22")


def _fig(fid, claimant, event="strikes-e", metric="killed", unit="people", incident="episode", day=DAY, days=0,
         theatre="gaza", period=None):
    return {"id": fid, "claimant_id": claimant, "event": event, "metric": metric, "unit": unit, "incident": incident,
            "theatre": theatre, "period": period, "as_of_start": day, "as_of_end": day + pd.Timedelta(days=days)}


@pytest.fixture()
def episode():
    rows = [
        _fig("toll-moh", "moh"),                                                   # the strikes' toll, per the ministry
        _fig("toll-idf", "idf"),                                                   # the same toll, per the IDF: a rival
        _fig("crossed-idf", "idf", event="crossing-e", metric="count", unit="operatives"),  # same episode, other count
        _fig("killed-crossing-idf", "idf", event="crossing-e", metric="operatives_killed", unit="operatives"),
        _fig("toll-moh-later", "moh", day=pd.Timestamp("2025-12-05")),            # the ministry's own update, later
        _fig("loose", "author", event=None, incident=None),                        # no event, no incident
    ]
    fg = pd.DataFrame(rows)
    fg["quantity"] = claims.quantity_keys(fg)
    return fg.set_index("id", drop=False)


def test_rivals_share_event_metric_unit_and_theatre(episode):
    flagged = claims.competing(episode)
    assert flagged["toll-moh"] and flagged["toll-idf"]


def test_other_counts_of_the_same_episode_are_not_rivals(episode):
    flagged = claims.competing(episode)
    assert not flagged["crossed-idf"] and not flagged["killed-crossing-idf"]  # the IDF's militants are not its toll
    assert set(claims.rival_claims(episode, episode.loc["toll-moh"])["id"]) == {"toll-idf"}
    assert claims.rival_claims(episode, episode.loc["crossed-idf"]).empty


def test_a_claimants_own_update_or_a_later_state_is_no_rival(episode):
    later = episode.loc["toll-moh-later"]
    assert not claims.competing(episode)["toll-moh-later"]  # the IDF's claim is weeks apart, the other is its own
    assert claims.rival_claims(episode, later).empty


def test_no_event_no_quantity(episode):
    assert pd.isna(episode.loc["loose", "quantity"])
    assert not claims.competing(episode)["loose"]


def test_incident_stands_in_for_a_missing_event():
    fg = pd.DataFrame([_fig("a", "x", event=None), _fig("b", "y", event=None)])
    assert claims.quantity_keys(fg).nunique() == 1 and claims.competing(fg).all()


def test_a_rival_filtered_out_leaves_a_lone_claim(episode):
    assert not claims.competing(episode.drop(index="toll-idf"))["toll-moh"]


def test_every_competing_pair_in_the_data_obeys_the_rule(bundled):
    """Holds for any valid dataset: a flagged row has a rival with the same key and another claimant."""
    fg = build_frames(bundled).figures
    for i in fg.index[claims.competing(fg)]:
        rivals = claims.rival_claims(fg, fg.loc[i])
        assert len(rivals), fg.loc[i, "id"]
        for col in ("metric", "unit", "theatre"):
            assert (rivals[col] == fg.loc[i, col]).all()
        assert (rivals["claimant_id"] != fg.loc[i, "claimant_id"]).all()


def test_bundled_22_nov_episode_holds_no_competing_claims(bundled):
    """The bundled 22 Nov incident groups the strikes' toll, the militants who crossed the yellow line, the
    senior Hamas members and the soldiers injured: four different counts, none another's rival."""
    fg = build_frames(bundled).figures
    episode = fg[fg["incident"] == "idf-airstrikes-across-gaza-2025-11-22"]
    assert len(episode) >= 4
    assert not claims.competing(episode).any()
