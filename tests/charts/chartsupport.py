"""Helpers for reading built figures in tests."""

from __future__ import annotations

import re


def flat(text) -> str:
    """Text without markup, line breaks or runs of whitespace, for comparing wrapped labels."""
    return " ".join(re.sub(r"<[^>]+>", " ", str(text or "").replace("<br>", " ")).split())


def annotations(fig) -> list[str]:
    return [a.text or "" for a in fig.layout.annotations]


def footer(fig) -> str:
    found = [a.text for a in fig.layout.annotations if a.name == "footer"]
    assert len(found) == 1, annotations(fig)
    return flat(found[0])


def marker_points(fig) -> int:
    """Data points drawn as clickable marks (traces carrying record permalinks)."""
    return sum(len(t.customdata) for t in fig.data if t.customdata is not None)


def clickable(fig):
    """(trace, index, record id) for every clickable mark."""
    return [(t, i, row[0]) for t in fig.data if t.customdata is not None for i, row in enumerate(t.customdata)]


def legend_names(fig, legend: str = "legend") -> list[str]:
    names = [t.name for t in fig.data if t.showlegend is not False and (t.legend or "legend") == legend and t.name]
    names += [s.name for s in fig.layout.shapes if s.showlegend and (s.legend or "legend") == legend]
    return names


def panel_titles(fig) -> list[str]:
    """Headings of the stacked panels (bold annotations anchored to an axis domain)."""
    return [flat(a.text) for a in fig.layout.annotations if a.yref and a.yref.endswith("domain") and a.text.startswith("<b>")]


def rows_per_axis(fig) -> dict[str, list[str]]:
    """Record ids drawn on each y axis."""
    out: dict[str, list[str]] = {}
    for t in fig.data:
        if t.customdata is not None:
            out.setdefault(t.yaxis or "y", []).extend(row[0] for row in t.customdata)
    return out


def row_labels(fig) -> list[str]:
    """The row labels of a panel chart (annotations on data y coordinates), flattened."""
    return [flat(a.text) for a in fig.layout.annotations if a.yref and not a.yref.endswith("domain") and a.yref.startswith("y")]
