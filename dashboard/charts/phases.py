"""Truce and ceasefire phases as bands on their own theatre's phase lane, each in its own colour, named.

A band runs from the phase's start to the last date it is known to hold (its reported end, or, when no
end is reported, the latest article citing it). An unreported end is then drawn as open: the band fades
out in steps to the next phase in that theatre or the data's as-of date, never a solid band to the edge.
The band's label says what the fade means (LAST_REPORT: in force per the last report that cites it, later not
reported), so a faded end does not read as the phase ending. A start known only to a week or month gets a dotted
outline over that window. Colours come from
`theme.phase_colors` in the dataset's order of phases, so a phase keeps its colour under every filter and
never shares one with an actor. All bands are shapes in one layer below the marks.
"""

from __future__ import annotations

import pandas as pd

from dashboard.conventions import datefmt, theme
from dashboard.charts.base import Context, esc, records

FADE_STEPS = (0.55, 0.3, 0.12)
OPEN_KEY = "Faded: after the last report; no end reported"
LAST_REPORT = "in force per the last report ({when}); later not reported"  # after an open phase's name


def phase_colors(ctx: Context) -> dict[str, str]:
    return theme.phase_colors(ctx.frames.phases.sort_values(["start_start", "id"])["id"])


def phase_windows(ctx: Context, as_of) -> pd.DataFrame:
    """Per phase: start window, the last date known to hold (`held_to`), where an open end fades out, and for an
    open phase the publication window of the last report citing it (`last_report`, at its precision; else None)."""
    phases = ctx.frames.phases.sort_values("start_start")
    if phases.empty:
        return phases.assign(held_to=pd.Series(dtype="datetime64[ns]"), fade_to=pd.Series(dtype="datetime64[ns]"))
    cits = ctx.frames.citations
    sources = ctx.frames.sources.set_index("id")
    published_end = sources["published_end"]
    rows = []
    for p in records(phases):
        last_report = None
        if p["open"]:
            cited = cits[(cits["record_kind"] == "phase") & (cits["record_id"] == p["id"])]["source_id"]
            cited = [s for s in cited if s in published_end.index]
            held = max([published_end[s] for s in cited] + [p["start_end"]])
            if cited:
                last = max(cited, key=lambda s: (published_end[s], s))
                if published_end[last] == held:
                    last_report = datefmt.format_span(sources.at[last, "published_start"], published_end[last], "day")
            later = phases[(phases["theatre"] == p["theatre"]) & (phases["start_start"] > p["start_start"])]
            ends = ([later["start_start"].min()] if len(later) else []) + ([pd.Timestamp(as_of)] if as_of is not None else [])
            fade = max(min(ends), held) if ends else held
        else:
            held = fade = p["end_end"]
        rows.append({**p, "held_to": held, "fade_to": fade, "last_report": last_report})
    return pd.DataFrame(rows)


def _span(lane) -> tuple[float, float]:
    """A lane given as its index (a band fills it) or as (y0, y1)."""
    return (lane - 0.5, lane + 0.5) if isinstance(lane, (int, float)) else lane


def add_phase_bands(fig, ctx: Context, lanes_of: dict, x_range, as_of, *, legend: str = "legend3",
                    xref: str = "x", yref: str = "y", alpha: float = 1.0, in_legend: bool = True) -> list[dict]:
    """Bands for every phase whose theatre has a lane (`lanes_of`: theatre -> lane index or (y0, y1)).
    Returns what was drawn, one dict per phase (id, name, legend name, x0, x1, y0, y1, colour), so the
    caller can label the bands and size the legend; the open-end key is the one entry with no id."""
    lo, hi = x_range
    colors = phase_colors(ctx)
    shapes, drawn, open_seen = [], [], False
    for p in records(phase_windows(ctx, as_of)):
        lane = lanes_of.get(p["theatre"])
        if lane is None or p["start_start"] > hi or p["fade_to"] < lo:
            continue
        y0, y1 = _span(lane)
        color = colors.get(p["id"], theme.PHASE_PALETTE[-1])
        fill = theme.rgba(color, alpha)
        name = esc(p["name"])
        band = dict(type="rect", xref=xref, yref=yref, y0=y0, y1=y1, layer="below", line=dict(width=0))
        x0, x1 = max(p["start_start"], lo), min(p["held_to"], hi)
        if x1 >= x0:
            shapes.append(dict(band, x0=x0, x1=x1, fillcolor=fill, legendgroup=p["id"],
                               **(dict(showlegend=True, legend=legend, name=name) if in_legend else {})))
        if p["start_start"] != p["start_end"]:  # a start known only to a week or month
            shapes.append(dict(band, x0=max(p["start_start"], lo), x1=min(p["start_end"], hi), fillcolor="rgba(0,0,0,0)",
                               line=dict(width=1.2, dash="dot", color="#777"), legendgroup=p["id"]))
        if p["open"] and p["fade_to"] > p["held_to"]:
            open_seen = True
            step = (p["fade_to"] - p["held_to"]) / len(FADE_STEPS)
            for k, opacity in enumerate(FADE_STEPS):
                f0, f1 = p["held_to"] + step * k, p["held_to"] + step * (k + 1)
                if f1 < lo or f0 > hi:
                    continue
                shapes.append(dict(band, x0=max(f0, lo), x1=min(f1, hi), fillcolor=fill, opacity=opacity,
                                   legendgroup=p["id"]))
        faded = p["open"] and p["fade_to"] > p["held_to"] and p["held_to"] < hi and p["last_report"]
        drawn.append(dict(id=p["id"], name=p["name"], x0=x0, x1=x1, fade_to=min(p["fade_to"], hi), y0=y0, y1=y1,
                          color=color, theatre=p["theatre"],
                          note=LAST_REPORT.format(when=p["last_report"]) if faded else None))
    if open_seen and in_legend:
        shapes.append(dict(type="rect", xref=xref, yref=yref, x0=lo, x1=lo, y0=0, y1=0, fillcolor="rgba(120,120,120,0.15)",
                           line=dict(width=1, dash="dot", color="#999"), showlegend=True, legend=legend, name=OPEN_KEY))
        drawn.append(dict(id=None, name=OPEN_KEY))
    fig.add_shapes(shapes)
    return drawn
