"""Permalinks of records: the detail-view address of each record kind."""

from __future__ import annotations


PERMALINK = {"events": "event", "figures": "figure", "sources": "source", "phases": "phase", "comparisons": "comparison"}


PERMALINK.update({"agreements": "agreement", "provisions": "provision", "assessments": "assessment"})


def permalink(kind: str, rid: str) -> str:
    """Relative URL of a record's detail view in the app (also written into the export)."""
    return f"{PERMALINK[kind]}?id={rid}"
