"""Per-claimant roll-up of compliance, in the spirit of the Peace Accords Matrix: for each agreement and each
claimant, how many provisions that claimant calls fulfilled, in progress, at risk, overdue, violated or
disputed, as of that claimant's latest report on the agreement.

PAM scores one expert view; here every claimant is a row of its own and nothing is merged across
claimants: each article's author is a claimant of their own, and statuses we derive are a row apart from
the claimant whose count they rest on. Reads the compliance frames only (no Streamlit import); the page,
the CSV and the JSON export all call `claimant_rollup`.
"""

from __future__ import annotations

import pandas as pd

from dashboard.dataset.compliance import STATUS_LABEL
from dashboard.frames.compliance import current_statuses
from dashboard.conventions.datefmt import format_span

# Count columns in the order an analyst reads them: done, going, threatened, late, broken, contested, not due.
ROLLUP_STATUSES = ["fulfilled", "partly_fulfilled", "in_progress", "at_risk", "overdue", "reported_violated", "disputed",
                   "not_yet_due"]
ROLLUP_COLUMNS = ["agreement_id", "agreement", "claimant_key", "claimant", "derived", "latest_report_start",
                  "latest_report_end", "latest_report", "n_provisions", *ROLLUP_STATUSES, "provisions"]


def claimant_rollup(agreements: pd.DataFrame, assessments: pd.DataFrame) -> pd.DataFrame:
    """One row per (agreement, claimant, derived): each provision counted once, by the status in that claimant's
    latest assessment of it; `latest_report` is the claimant's latest as-of window on that agreement."""
    if assessments.empty:
        return pd.DataFrame(columns=ROLLUP_COLUMNS)
    names = agreements.set_index("id")["name"].to_dict() if len(agreements) else {}
    order = list(agreements["id"]) if len(agreements) else []
    cur = current_statuses(assessments)
    rows = []
    for (ag, key, derived), group in cur.groupby(["agreement_id", "claimant_key", "derived"], sort=False, dropna=False):
        every = assessments[(assessments["agreement_id"] == ag) & (assessments["claimant_key"] == key)
                            & (assessments["derived"] == derived)]
        last = every.sort_values(["as_of_end", "as_of_start"]).iloc[-1]
        counts = group["status"].value_counts()
        rows.append({
            "agreement_id": ag, "agreement": names.get(ag, ag), "claimant_key": key,
            "claimant": group["claimant"].iloc[0] + (" (derived)" if derived else ""), "derived": bool(derived),
            "latest_report_start": last["as_of_start"], "latest_report_end": last["as_of_end"],
            "latest_report": format_span(last["as_of_start"], last["as_of_end"], last["as_of_precision"]),
            "n_provisions": int(group["provision_id"].nunique()),
            **{s: int(counts.get(s, 0)) for s in ROLLUP_STATUSES},
            "provisions": [f"{r.provision}: {STATUS_LABEL[r.status]}" for r in group.sort_values("provision").itertuples()],
        })
    out = pd.DataFrame(rows, columns=ROLLUP_COLUMNS)
    out["_ag"] = out["agreement_id"].map(lambda a: order.index(a) if a in order else len(order))
    out = out.sort_values(["_ag", "derived", "claimant", "claimant_key"]).drop(columns="_ag").reset_index(drop=True)
    return out


def rollup_table(rollup: pd.DataFrame) -> pd.DataFrame:
    """The roll-up as a reader's table: status labels as column names, no internal keys."""
    cols = {s: STATUS_LABEL[s] for s in ROLLUP_STATUSES}
    # who, then the counts (what a reader scans, kept in view at slide width), then how many and as of when
    table = rollup[["agreement", "claimant", *ROLLUP_STATUSES, "n_provisions", "latest_report"]].rename(
        columns={"latest_report": "as of (latest report)", "n_provisions": "provisions assessed", **cols})
    return table
