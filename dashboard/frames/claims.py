"""Competing claims versus episodes: which figures are claims about the SAME quantity.

An `incident` groups an episode: on 22 Nov 2025 it links a gunman's attack, militants who crossed the
yellow line, airstrikes and senior Hamas members killed. Those are different quantities, and a chart that
set them side by side as "another claim" would read the IDF's 2 militants as the IDF's toll of the strikes.

The rule (docs/CHARTS.md, "Competing claims"): two figures are claims about the same quantity when they
count the same thing about the same happening, i.e. they share

- the event they count (`event`; a figure without one falls back to its `incident`, and one with neither
  belongs to no shared quantity),
- the metric and the unit (people killed is not operatives killed; bodies are not hostages),
- and the theatre.

The `quantity` column of the figures frame is that key (None when the figure has none). Two figures with
the same key are COMPETING claims when they come from different claimants and their as-of windows overlap:
a count that changes over time (bodies still held, weeks since the ceasefire) reported at two different
times is two states, not a dispute. Two figures of one claimant are that claimant's own updates. Competing
claims are drawn and listed side by side as "another claim"; every other figure keeps its own subject. The
episode (`incident`) stays the grouping of detail views and of chart rows under a named header.
"""

from __future__ import annotations

import pandas as pd

SEP = "|"


def _text(col: pd.Series) -> pd.Series:
    """An id column as objects, missing and empty ids as None (an all-missing column may arrive as float)."""
    col = col.astype(object)
    return col.where(col.notna() & (col.astype(str) != ""), None)


def quantity_keys(fg: pd.DataFrame) -> pd.Series:
    """The quantity each figure counts, as one string key (None when it names no event or incident).
    Vectorized: the synthetic million-row frames call it too."""
    if fg.empty:
        return pd.Series([], index=fg.index, dtype=object)
    event = _text(fg["event"]) if "event" in fg else pd.Series(None, index=fg.index, dtype=object)
    if "incident" in fg:
        event = event.fillna(_text(fg["incident"]))
    key = event.astype(str) + SEP + fg["metric"].astype(str) + SEP + fg["unit"].astype(str) + SEP + fg["theatre"].astype(str)
    # missing where there is no key (never the text "None"); the dtype is pandas' own inference, as for every
    # other text column, so the Parquet cache reads back the same frame
    return pd.Series([k if ok else None for k, ok in zip(key.to_numpy(), event.notna().to_numpy())], index=fg.index)


def _keys(fg: pd.DataFrame) -> pd.Series:
    return fg["quantity"] if "quantity" in fg else quantity_keys(fg)


def _overlap(a, b) -> bool:
    return a["as_of_start"] <= b["as_of_end"] and b["as_of_start"] <= a["as_of_end"]


def _rivals(a, b) -> bool:
    """b is a competing claim to a: another claimant, the same quantity, overlapping as-of windows."""
    return a["id"] != b["id"] and _claimant(a) != _claimant(b) and _overlap(a, b)


def _claimant(row) -> str:
    """Who claims it, as one series: the claimant key (two articles' authors are two claimants); a frame
    built without the key (hand-made rows) by its actor id."""
    return row.get("claimant_key") or row["claimant_id"]


def competing(fg: pd.DataFrame) -> pd.Series:
    """True for each row that has a competing claim among the rows of `fg`: what a chart of these rows may
    draw and label as "another claim" (a claim whose rival is filtered out stands alone). Pairwise within
    each quantity, so it is meant for the rows one chart or view shows, not a million-row frame."""
    out = pd.Series(False, index=fg.index, dtype=bool)
    if fg.empty:
        return out
    keys = _keys(fg)
    for _, group in fg[keys.notna()].groupby(keys[keys.notna()], sort=False):
        if group.get("claimant_key", group["claimant_id"]).nunique() < 2:
            continue
        rows = group.to_dict("index")
        for i, a in rows.items():
            out.loc[i] = any(_rivals(a, b) for b in rows.values())
    return out


def rival_claims(figures: pd.DataFrame, f) -> pd.DataFrame:
    """The other claimants' figures about the same quantity as figure `f` (a row of the figures frame)."""
    key = f.get("quantity") if hasattr(f, "get") else None
    if key is None or (isinstance(key, float) and pd.isna(key)):
        key = quantity_keys(pd.DataFrame([dict(f)])).iloc[0]
    if key is None or figures.empty:
        return figures.iloc[0:0]
    same = figures[_keys(figures) == key]
    return same[[_rivals(f, b) for b in same.to_dict("records")]]


# Metrics that count one measure under two names: "bodies still held" and "bodies remaining" are the same
# count (the hostages chart draws them as one series). Every other metric is its own measure.
MEASURES = {"hostage_bodies_held": "hostage_bodies", "hostage_bodies_remaining": "hostage_bodies"}


def measure_metrics(metric: str) -> tuple[str, ...]:
    """Every metric name of `metric`'s measure (itself first)."""
    m = MEASURES.get(metric)
    return (metric,) + tuple(k for k, v in MEASURES.items() if v == m and k != metric) if m else (metric,)


def same_measure(figures: pd.DataFrame, f) -> pd.DataFrame:
    """Every other figure counting the same measure as `f`: its metric (or a synonym, MEASURES), unit and
    theatre, whatever the event, claimant or date, oldest first. The series a reader compares a count with;
    rival_claims picks the competing claims out of it."""
    if figures.empty:
        return figures
    same = (figures["metric"].isin(measure_metrics(f["metric"])) & (figures["unit"] == f["unit"])
            & (figures["theatre"] == f["theatre"]) & (figures["id"] != f["id"]))
    return figures[same].sort_values(["as_of_start", "as_of_end", "id"], kind="stable")
