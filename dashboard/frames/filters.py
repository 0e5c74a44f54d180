"""Filter state: parsed defensively from URL query parameters, applied to frames, written back to the URL.

Dates are matched against the effective windows the frames carry (windows.py), never the coded dates.

Pure Python (no Streamlit), so the same parsing is used by pages, the export CLI and property tests.
Anything unknown in the URL is dropped, never echoed into a query or a path.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from dashboard.codebook.events import EventType
from dashboard.codebook.common import Status, Theatre
from dashboard.conventions import theme

MAX_PARAM_CHARS = 2000
MAX_VALUES = 50
LANES = ("theatre", "event_type")
AXES = ("calendar", "days")
SPANS = ("focus", "all")  # the timeline: the period the reporting is about (with a context strip), or the whole record


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    theatres: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    lanes: str = "theatre"
    axis: str = "calendar"
    span: str = "focus"
    # Who acted (events) and who claims a number (figures) are two questions, so two filters: an actor filter
    # on figures blanked every figure chart whose claimant was not an actor of the events picked.
    claimants: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **kw) -> "Filters":
        return replace(self, **kw)

    @property
    def active(self) -> bool:
        return any((self.start, self.end, self.theatres, self.types, self.actors, self.claimants, self.sources,
                    self.statuses))

    def describe(self) -> str:
        """Human-readable summary of the active filters (used in chart subtitles and export indexes)."""
        parts = []
        if self.start or self.end:
            parts.append(f"dates {self.start or '…'} to {self.end or '…'}")
        for name, values in (("theatre", self.theatres), ("type", self.types), ("actor", self.actors),
                             ("claimant", self.claimants), ("source", self.sources), ("status", self.statuses)):
            if values:
                parts.append(f"{name}: {', '.join(values)}")
        return "; ".join(parts) if parts else "no filters"


# What selects rows (not how they are laid out): the part of the filters a download's name must tell apart.
SELECTION = ("start", "end", "theatres", "types", "actors", "claimants", "sources", "statuses")
_UNSAFE = re.compile(r"[^a-z0-9]+")
TAG_SUMMARY_CHARS = 40


def file_tag(f: Filters) -> str:
    """A short, filesystem-safe name for the rows `f` selects: '' when nothing is filtered, else a readable
    summary (dates, theatres) and an 8-character digest of every selecting filter, so two different filtered
    exports never share a file name ('2025-10-10-to-2025-11-30_gaza_3f2a9c1b')."""
    selecting = {k: v for k, v in to_params(f).items() if k in ("from", "to", "theatre", "type", "actor", "claimant",
                                                                 "source", "status")}
    if not selecting:
        return ""
    digest = hashlib.blake2s("&".join(f"{k}={v}" for k, v in sorted(selecting.items())).encode(), digest_size=4).hexdigest()
    dates = "-to-".join(d for d in (selecting.get("from", "start") if "from" in selecting or "to" in selecting else "",
                                    selecting.get("to", "end") if "from" in selecting or "to" in selecting else "") if d)
    summary = "_".join(p for p in (dates, selecting.get("theatre", "")) if p)
    summary = _UNSAFE.sub("-", summary.lower()).strip("-")[:TAG_SUMMARY_CHARS].strip("-")
    return f"{summary}_{digest}" if summary else digest


def _values(params, key: str, allowed: set[str]) -> tuple[str, ...]:
    raw = params.get(key) if hasattr(params, "get") else None
    if raw is None:
        return ()
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    out: list[str] = []
    for item in items:
        if not isinstance(item, str) or len(item) > MAX_PARAM_CHARS:
            continue
        for v in item.split(","):
            v = v.strip()
            if v in allowed and v not in out:
                out.append(v)
    return tuple(out[:MAX_VALUES])


def _first(params, key: str) -> str | None:
    raw = params.get(key) if hasattr(params, "get") else None
    if isinstance(raw, (list, tuple)):
        raw = raw[0] if raw else None
    return raw if isinstance(raw, str) and len(raw) <= MAX_PARAM_CHARS else None


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def from_params(params, actor_ids: set[str] = frozenset(), source_ids: set[str] = frozenset()) -> Filters:
    """Parse a query-parameter mapping; unknown keys and values are ignored. `actor` (events) and `claimant`
    (figures) both take actor ids: every claimant is an actor of the codebook; `claimant` also takes one
    article's author as `author:<source id>` (theme.claimant_key)."""
    start, end = _date(_first(params, "from")), _date(_first(params, "to"))
    if start and end and end < start:
        start, end = end, start
    lanes = _first(params, "lanes")
    axis = _first(params, "axis")
    span = _first(params, "span")
    return Filters(
        start=start,
        end=end,
        theatres=_values(params, "theatre", {t.value for t in Theatre}),
        types=_values(params, "type", {t.value for t in EventType}),
        actors=_values(params, "actor", set(actor_ids)),
        # an actor id ('author': every article's author) or one article's author (`author:<source id>`)
        claimants=_values(params, "claimant", set(actor_ids) | {theme.author_key(s) for s in source_ids}),
        sources=_values(params, "source", set(source_ids)),
        statuses=_values(params, "status", {s.value for s in Status}),
        lanes=lanes if lanes in LANES else "theatre",
        axis=axis if axis in AXES else "calendar",
        span=span if span in SPANS else "focus",
    )


def to_params(f: Filters) -> dict[str, str]:
    """The query parameters that reproduce `f` (defaults omitted, so URLs stay short)."""
    out: dict[str, str] = {}
    if f.start:
        out["from"] = f.start.isoformat()
    if f.end:
        out["to"] = f.end.isoformat()
    for key, values in (("theatre", f.theatres), ("type", f.types), ("actor", f.actors), ("claimant", f.claimants),
                        ("source", f.sources), ("status", f.statuses)):
        if values:
            out[key] = ",".join(values)
    if f.lanes != "theatre":
        out["lanes"] = f.lanes
    if f.axis != "calendar":
        out["axis"] = f.axis
    if f.span != "focus":
        out["span"] = f.span
    return out


def _in_range(start_col: pd.Series, end_col: pd.Series, f: Filters) -> pd.Series:
    keep = pd.Series(True, index=start_col.index)
    if f.start:
        keep &= end_col >= pd.Timestamp(f.start)
    if f.end:
        keep &= start_col <= pd.Timestamp(f.end)
    return keep


def _any_in(col: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Rows whose list of ids shares an id with `wanted`. Large frames from the columnar cache share one
    list object per distinct combination, so each distinct list is tested once."""
    wanted_set = set(wanted)
    if len(col) < 20_000:
        return col.map(lambda ids: bool(wanted_set.intersection(ids)))
    values = col.to_numpy(dtype=object)
    _, first, inverse = np.unique(np.fromiter(map(id, values), dtype=np.int64, count=len(values)),
                                  return_index=True, return_inverse=True)
    verdict = np.fromiter((bool(wanted_set.intersection(ids)) for ids in values[first]), dtype=bool, count=len(first))
    return pd.Series(verdict[inverse], index=col.index)


# Filtered results up to this many rows come back with plain str columns even when the frame keeps
# repetitive text as Categoricals (large datasets read from the columnar cache, see scale.py), so the
# per-row chart code always sees the dtypes build_frames makes.
PLAIN_MAX_ROWS = 50_000


def _take(frame: pd.DataFrame, keep: pd.Series) -> pd.DataFrame:
    out = frame.copy(deep=False) if bool(keep.all()) else frame[keep]  # copy-on-write: no data copied
    if len(out) <= PLAIN_MAX_ROWS:
        categorical = [c for c, t in out.dtypes.items() if isinstance(t, pd.CategoricalDtype)]
        if categorical:
            out = out.astype({c: "str" for c in categorical})
    return out


def event_mask(events: pd.DataFrame, f: Filters) -> pd.Series:
    keep = _in_range(events["date_start"], events["date_end"], f)
    if f.theatres:
        keep &= events["theatre"].isin(f.theatres)
    if f.types:
        keep &= events["type"].isin(f.types)
    if f.statuses:
        keep &= events["status"].isin(f.statuses)
    if f.actors:
        keep &= _any_in(events["actor_ids"], f.actors)
    if f.sources:
        keep &= _any_in(events["source_ids"], f.sources)
    return keep


def filter_events(events: pd.DataFrame, f: Filters, keep: pd.Series | None = None) -> pd.DataFrame:
    """The events `f` selects (`keep`: a mask from event_mask, when the caller already has it)."""
    return _take(events, event_mask(events, f) if keep is None else keep)


def figure_mask(figures: pd.DataFrame, f: Filters) -> pd.Series:
    """Figures follow the date, theatre, source and claimant filters (never the event-actor one)."""
    keep = _in_range(figures["as_of_start"], figures["as_of_end"], f)
    if f.theatres:
        keep &= figures["theatre"].isin(f.theatres)
    if f.sources:
        keep &= _any_in(figures["source_ids"], f.sources) | figures["derived"]
    if f.claimants:  # by actor id (all authors) or by claimant key (one article's author)
        keep &= figures["claimant_id"].isin(f.claimants) | figures["claimant_key"].isin(f.claimants)
    return keep


def filter_figures(figures: pd.DataFrame, f: Filters, keep: pd.Series | None = None) -> pd.DataFrame:
    """Figures follow the date, theatre, source and claimant filters."""
    return _take(figures, figure_mask(figures, f) if keep is None else keep)
