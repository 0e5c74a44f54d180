"""Reported numbers as labelled rows in panels: one panel per unit (or per kind of figure), never two units
on one axis. Each row is one claim; its label (above the row, wrapped, never cut) says what, when and
per whom. Claims about one incident (the frame's `incident` column, when present) sit in adjacent rows,
so competing claims are read side by side.
"""

from __future__ import annotations

import pandas as pd

from .. import theme
from . import layout
from .base import esc, records, wrap
from .spec import FigureSpec, trace

ROW_BASE_PX, PANEL_GAP_PX = 30, 46
BAR_WIDTH = 0.3


def order_by_incident(fg: pd.DataFrame) -> pd.DataFrame:
    """Rows in date order, with every claim about the same incident kept together."""
    incident = fg.get("incident")
    key = incident.where(incident.notna(), fg["id"]) if incident is not None else fg["id"]
    fg = fg.assign(_incident=key)
    first = fg.groupby("_incident")["as_of_start"].transform("min")
    return fg.assign(_first=first).sort_values(["_first", "_incident", "as_of_start", "claimant_label", "id"])


def row_label(r, prev_incident=None, theatre: bool = False) -> str:
    """The claim's value in bold, then 'subject', then 'where · when · per whom' in italics; a further
    claim about the same incident says so instead of repeating the subject. The value sits in the label,
    not at the bar's end, so no text can run off the figure's edge."""
    where = f"{theme.label(r['theatre'])} · " if theatre else ""
    period = r["period"] if isinstance(r["period"], str) and r["period"] else None
    meta = wrap(f"{where}{period or r['when']} · per {theme.in_sentence(r['claimant_label'])}", layout.chars(layout.LABEL_WRAP))
    same = prev_incident is not None and r.get("_incident") == prev_incident
    text = wrap(f"{r['value_text']} · " + ("same incident, another claim" if same else r["subject"]), layout.chars(layout.LABEL_WRAP))
    value = esc(r["value_text"])
    if text.startswith(value):
        text = f"<b>{value}</b>{text[len(value):]}"
    return f"{text}<br><i>{meta}</i>"


PANEL_TITLE_PX = 24  # a panel's heading sits above its plot area


def panel_figure(panels: list[tuple[str, pd.DataFrame]], *, theatre_in_label: bool = False):
    """A figure with one stacked panel per (title, rows); returns (fig, labels per panel, plot px).
    Rows in a panel are evenly spaced (row_px each); the first row's label gets the room it needs above
    it, so it never reaches the panel's heading."""
    line = layout.LINE_PX[layout.LABEL_SIZE]
    labels, heights, specs = [], [], []
    for _, part in panels:
        prev, lab = None, []
        for r in records(part):
            lab.append(row_label(r, prev, theatre_in_label))
            prev = r.get("_incident")
        labels.append(lab)
        lines = layout.row_label_lines(lab)
        row_px = ROW_BASE_PX + line * lines
        head_px = max(0, layout.ROW_LABEL_SHIFT + line * lines + 10 - row_px / 2)  # the first label above row 0
        heights.append(row_px * len(part) + head_px)
        specs.append((row_px, head_px))
    gaps = (PANEL_GAP_PX + PANEL_TITLE_PX) * (len(panels) - 1)
    plot_px = sum(heights) + gaps
    fig = FigureSpec.subplots(len(panels), row_heights=heights or [1],
                        vertical_spacing=((PANEL_GAP_PX + PANEL_TITLE_PX) / plot_px) if len(panels) > 1 else 0.0)
    for i, ((title, part), lab, (row_px, head_px)) in enumerate(zip(panels, labels, specs), 1):
        axis = "" if i == 1 else str(i)
        n = len(part)
        fig.update_yaxes(range=[n - 0.5, -0.5 - head_px / row_px], autorange=False, showticklabels=False, showgrid=False,
                         zeroline=False, row=i, col=1)
        layout.row_labels(fig, list(range(n)), lab, yref=f"y{axis}", xref=f"x{axis} domain")
        fig.add_annotations([dict(text=f"<b>{esc(title)}</b>", xref=f"x{axis} domain", yref=f"y{axis} domain",
                                            x=0, y=1, yshift=4, xanchor="left", yanchor="bottom", showarrow=False,
                                            font=dict(size=layout.SUBTITLE_SIZE + 1, color="#111"))])
    return fig, labels, plot_px


def claimant_bar_ends(claimant_id: str, x, y, xa: str = "x", ya: str = "y") -> dict:
    """The claimant's shape at the end of each of its bars, so bars of two claimants that share a colour
    are still told apart (and match the key)."""
    return trace("scatter", x=list(x), y=list(y), mode="markers", showlegend=False, hoverinfo="skip", cliponaxis=False,
                 legendgroup=claimant_id, xaxis=xa, yaxis=ya,
                 marker=dict(color=theme.actor_color(claimant_id), size=12, symbol=theme.claimant_symbol(claimant_id),
                             line=dict(width=1, color="#222")))


def axis_ref(i: int) -> tuple[str, str]:
    return ("x" if i == 1 else f"x{i}"), ("y" if i == 1 else f"y{i}")


def claimant_legend_trace(claimant_id: str, label: str, legend: str = "legend") -> dict:
    """The claimant's key entry: its colour and its shape, as on every chart (colour alone is shared by a
    group, e.g. the IDF and the Israeli PM)."""
    color = theme.actor_color(claimant_id)
    return trace("scatter", x=[None], y=[None], mode="markers", name=esc(label), legend=legend, legendgroup=claimant_id,
                      marker=dict(color=color, size=12, symbol=theme.claimant_symbol(claimant_id),
                                  line=dict(width=1, color="#222")))
