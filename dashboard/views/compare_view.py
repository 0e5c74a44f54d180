"""What the Gaza vs Lebanon page says before its charts: per theatre, what each claimant's enforcement figures
say since that theatre's ceasefire, and each comparison cell dated and placed before or after it.

Pure Python, no Streamlit (the page escapes and lays out). Reads resolved frames only: effective windows,
reference dates from the phases (charts.reference_dates), value text from charts.base.value_text, dates
through datefmt, claimant labels through theme.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.conventions import datefmt, theme
from dashboard.charts import ENFORCEMENT_METRICS, reference_dates
from dashboard.charts.base import value_text


@dataclass(frozen=True)
class ClaimLine:
    claimant: str  # the claimant's label
    items: tuple[str, ...]  # "330 operatives: Hezbollah members killed ... (5–9 Nov 2025)"


@dataclass(frozen=True)
class TheatreSummary:
    theatre: str
    ceasefire: str  # "10 Oct 2025", "Nov 2024": at its precision; "" when the data has no ceasefire phase
    claims: tuple[ClaimLine, ...]
    earlier: int  # enforcement figures dated before the ceasefire (drawn in the chart, not summarised here)


def ceasefire_dates(phases: pd.DataFrame) -> dict[str, str]:
    """Each theatre's reference ceasefire written at its precision."""
    out = {}
    for theatre, (start, end) in reference_dates(phases).items():
        rows = phases[(phases["theatre"] == theatre) & (phases["start_start"] == start)]
        precision = rows["start_precision"].iloc[0] if len(rows) else "day"
        out[theatre] = datefmt.format_span(start, end, precision)
    return out


def enforcement_summary(frames, figures: pd.DataFrame | None = None) -> list[TheatreSummary]:
    """Per theatre with enforcement figures: each claimant's figures since the theatre's ceasefire, newest first.
    `figures`: the enforcement figures when they are not in memory (a large dataset reads them from its source)."""
    refs = reference_dates(frames.phases)
    written = ceasefire_dates(frames.phases)
    fg = frames.figures if figures is None else figures
    fg = fg[fg["metric"].isin(ENFORCEMENT_METRICS)]
    out = []
    for theatre in sorted(fg["theatre"].unique(), key=lambda t: (t != "gaza", t)):
        rows = fg[fg["theatre"] == theatre]
        start = refs.get(theatre, (None, None))[0]
        after = rows if start is None else rows[rows["as_of_end"] >= start]
        claims = []
        labels = after.apply(lambda r: theme.claimant_label(r["claimant_key"], r["claimant"]), axis=1) if len(after) else []
        for who in dict.fromkeys(labels):
            mine = after[labels == who].sort_values(["as_of_end", "as_of_start"], ascending=False)
            claims.append(ClaimLine(who, tuple(f"{value_text(r)}: {r['subject']} ({datefmt.format_row(r, 'as_of')})"
                                               for r in mine.to_dict("records"))))
        out.append(TheatreSummary(theatre, written.get(theatre, ""), tuple(claims), len(rows) - len(after)))
    return out


def dated_comparisons(frames, citations: pd.DataFrame | None = None) -> pd.DataFrame:
    """The comparison cells with `stated` (the publication window of the articles they cite, at precision) and
    `before_ceasefire` (every cited article appeared before the theatre's reference ceasefire: the cell is about
    an earlier truce or the war, not about how this ceasefire is kept). `citations`: the comparison citations when
    they are not in memory (a large dataset reads them from its source)."""
    cm = frames.comparisons.copy()
    cites = frames.citations if citations is None else citations
    cites = cites[cites["record_kind"] == "comparison"][["record_id", "source_id"]]
    src = frames.sources.set_index("id")
    refs = reference_dates(frames.phases)
    stated, before = [], []
    for r in cm.to_dict("records"):
        ids = list(dict.fromkeys(cites.loc[cites["record_id"] == r["id"], "source_id"]))
        ids = [i for i in ids if i in src.index]
        if not ids:
            stated.append("")
            before.append(False)
            continue
        rows = src.loc[ids]
        last = rows.sort_values(["published_end", "published_start"]).iloc[-1]
        texts = list(dict.fromkeys(datefmt.format_row(rows.loc[i], "published") for i in ids))
        stated.append(" and ".join(texts) if len(texts) <= 2 else f"{texts[0]} to {datefmt.format_row(last, 'published')}")
        start = refs.get(r["theatre"], (None, None))[0]
        before.append(start is not None and pd.Timestamp(last["published_end"]) < start)
    cm["stated"] = stated
    cm["before_ceasefire"] = before
    return cm
