"""dashboard/charts/marks.py: row packing (no two items in a row overlap) and how windows are drawn."""

from __future__ import annotations

import random

import pandas as pd

from dashboard.charts.marks import pack


def _check(lane, start, end, need, first):
    rows = {}
    for i in lane.index:
        for r in range(first[i], first[i] + need[i]):
            rows.setdefault((lane[i], r), []).append((start[i], end[i]))
    for spans in rows.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in zip(spans, spans[1:])), spans


def test_packed_items_never_overlap_in_a_row_and_multi_row_items_keep_their_rows():
    rnd = random.Random(4)
    n = 300
    idx = range(n)
    lane = pd.Series([rnd.choice("abc") for _ in idx], index=idx)
    start = pd.Series([rnd.uniform(0, 1000) for _ in idx], index=idx)
    end = start + pd.Series([rnd.choice([0, 5, 40, 300]) for _ in idx], index=idx)
    need = pd.Series([rnd.choice([1, 1, 1, 2, 3]) for _ in idx], index=idx)
    first, n_rows = pack(lane, start, end, need)
    _check(lane, start, end, need, first)
    for name in "abc":
        part = first[lane == name] + need[lane == name]
        assert n_rows[name] == part.max()


def test_items_that_do_not_touch_share_the_first_row():
    lane = pd.Series(["a", "a", "a"])
    first, n_rows = pack(lane, pd.Series([0.0, 100.0, 200.0]), pd.Series([50.0, 150.0, 250.0]))
    assert list(first) == [0, 0, 0] and n_rows == {"a": 1}
