"""timebase.weekly_counts: one spreading rule for single events (pandas) and counted groups (SQL)."""

from __future__ import annotations

import numpy as np

from dashboard.charts.timebase import weekly_counts


def test_a_counted_group_weighs_as_many_events():
    # lane 0: 3 events on day 10 to 16 and 1 on day 3; lane 1: 2 events known only to days 0 to 13
    rows = dict(lane_codes=np.array([0, 0, 0, 0, 1, 1]), lo=[10, 10, 10, 3, 0, 0], hi=[16, 16, 16, 3, 13, 13])
    bins, z = weekly_counts(rows["lane_codes"], 2, rows["lo"], rows["hi"], calendar=False)
    gbins, gz = weekly_counts(np.array([0, 0, 1]), 2, [10, 3, 0], [16, 3, 13], calendar=False, counts=[3, 1, 2])
    assert list(gbins) == list(bins) == [0, 7, 14]
    assert np.allclose(gz, z)
    assert np.allclose(gz.sum(axis=1), [4, 2])  # the weekly values sum to the events
    assert np.allclose(gz[1], [1, 1, 0])  # a two-week window: half of each event per week


def test_without_counts_each_row_is_one_event():
    _, z = weekly_counts(np.array([0, 0]), 1, [0, 0], [6, 6], calendar=False)
    _, wrong = weekly_counts(np.array([0, 0]), 1, [0, 0], [6, 6], calendar=False, counts=[5, 5])
    assert z.tolist() == [[2.0]]
    assert wrong.tolist() == [[10.0]]  # counts multiply: passing group sizes for single events would overcount
