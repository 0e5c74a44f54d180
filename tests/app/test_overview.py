"""dashboard/app/overview.py: KPI tiles that say no more than the data (days as a range when the source's
date is; a change only within one claimant's series)."""

from __future__ import annotations

import pytest
from apptest_support import open_page

from dashboard.app.overview import series_delta
from dashboard.charts import reference_dates
from dashboard.conventions.datefmt import days_between, format_days
from dashboard.frames.tables import build_frames

HELD = ["hostage_bodies_held", "hostage_bodies_remaining"]


@pytest.fixture(scope="module")
def frames(bundled):
    return build_frames(bundled)


def test_series_delta_stays_within_one_claimant(frames):
    held = frames.figures[frames.figures["metric"].isin(HELD) & frames.figures["value"].notna()].sort_values("as_of_start")
    # one claimant = one claimant key: two articles' authors are two claimants (both `claimant: author`)
    by_claimant = held.groupby("claimant_key")
    pairs = [(g.iloc[-1], g.iloc[0]) for _, g in by_claimant if len(g) > 1]
    rivals = [(a, b) for _, a in held.iterrows() for _, b in held.iterrows() if a["claimant_key"] != b["claimant_key"]]
    assert pairs or rivals
    for last, first in pairs:  # good: one claimant's own earlier count
        text = series_delta(last, first)
        assert text.startswith(f"{last['value'] - first['value']:+.0f} since") and text.count("-") + text.count("+") == 1
    for last, first in rivals:  # bad: another claimant's count is another claim, never a step
        assert series_delta(last, first) is None
    assert series_delta(held.iloc[0], held.iloc[0]) is None and series_delta(held.iloc[0], None) is None


def test_days_since_ceasefire_tile_is_a_range_when_the_source_date_is(frames):
    at = open_page()
    assert not at.exception
    tile = next(m for m in at.metric if m.label == "Days since Gaza ceasefire")
    latest = frames.sources.sort_values(["published_end", "published_start"]).iloc[-1]
    expected = format_days(days_between(*reference_dates(frames.phases)["gaza"], latest["published_start"], latest["published_end"]))
    assert tile.value == expected.removesuffix(" days").removesuffix(" day")
    assert ("–" in tile.value) == (latest["published_start"] != latest["published_end"])
    held = next(m for m in at.metric if m.label == "Hostage bodies held in Gaza")
    assert not str(held.delta or "").startswith("↓")
