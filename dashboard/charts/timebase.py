"""Time axes shared by the event charts: each theatre's ceasefire, days since it, weekly bins."""

from __future__ import annotations

import numpy as np
import pandas as pd


def reference_dates(phases: pd.DataFrame) -> dict[str, tuple[pd.Timestamp, pd.Timestamp]]:
    """Each theatre's latest ceasefire start as a (earliest, latest) window: Lebanon's is a month."""
    refs = {}
    for theatre, group in phases.groupby("theatre"):
        latest = group.sort_values("start_start").iloc[-1]
        refs[theatre] = (latest["start_start"], latest["start_end"])
    return refs


def _fallback(refs):
    return refs.get("gaza") or next(iter(refs.values()), (pd.Timestamp("2025-10-10"),) * 2)


def days_since(frame: pd.DataFrame, refs, start_col: str, end_col: str, theatre_col: str = "theatre"):
    """(low, high) days since the theatre's ceasefire; theatres without one use Gaza's."""
    fallback = _fallback(refs)
    ref_lo = frame[theatre_col].map(lambda t: refs.get(t, fallback)[0])
    ref_hi = frame[theatre_col].map(lambda t: refs.get(t, fallback)[1])
    return (frame[start_col] - ref_hi).dt.days, (frame[end_col] - ref_lo).dt.days


def epoch_days(col: pd.Series) -> np.ndarray:
    return col.to_numpy().astype("datetime64[D]").astype(np.int64)


def days_since_ceasefire(ev: pd.DataFrame, refs) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) days since each event's theatre's ceasefire, as days_since computes them, vectorized."""
    fallback = _fallback(refs)
    codes, theatres = pd.factorize(ev["theatre"])
    ref_lo = np.array([epoch_days(pd.Series([refs.get(t, fallback)[0]]))[0] for t in theatres] or [0], dtype=np.int64)
    ref_hi = np.array([epoch_days(pd.Series([refs.get(t, fallback)[1]]))[0] for t in theatres] or [0], dtype=np.int64)
    return epoch_days(ev["date_start"]) - ref_hi[codes], epoch_days(ev["date_end"]) - ref_lo[codes]


def weekly_counts(lane_codes: np.ndarray, n_lanes: int, lo, hi, calendar: bool, counts=None):
    """Events per (lane, 7-day bin), each event spread evenly over the days of its window [lo, hi] (day
    numbers), so a month- or year-precision event adds a fraction to each week it may fall in and the
    weekly values sum to the number of events. `counts[i]`: how many events share row i's lane and window,
    where rows are groups counted elsewhere (in SQL) rather than single events. Returns (bin start days,
    lanes x bins matrix)."""
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.maximum(np.asarray(hi, dtype=np.int64), lo)
    first = int(lo.min())
    first -= (first + 3) % 7 if calendar else first % 7  # calendar weeks start on Monday (day 0 was a Thursday)
    n_days = (int(hi.max()) - first) // 7 * 7 + 7
    width = n_days + 1
    weight = (1.0 if counts is None else np.asarray(counts, dtype=np.float64)) / (hi - lo + 1)
    lane_codes = np.asarray(lane_codes, dtype=np.int64)
    diff = (np.bincount(lane_codes * width + (lo - first), weights=weight, minlength=n_lanes * width)
            - np.bincount(lane_codes * width + (hi + 1 - first), weights=weight, minlength=n_lanes * width))
    daily = np.cumsum(diff.reshape(n_lanes, width), axis=1)[:, :n_days]
    z = daily.reshape(n_lanes, n_days // 7, 7).sum(axis=2).round(2)
    return np.arange(first, first + n_days, 7), np.where(z > 0.004, z, 0.0)


def unique_sources(col: pd.Series) -> list[str]:
    """Distinct ids in a source_ids column, visiting each distinct (often shared) list object once."""
    values = col.to_numpy(dtype=object)
    codes, uniques = pd.factorize(np.fromiter(map(id, values), dtype=np.int64, count=len(values)))
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(values) - 1, -1, -1)  # the last write wins: each list's first row
    return list(dict.fromkeys(s for ids in values[np.sort(first)] for s in ids))
