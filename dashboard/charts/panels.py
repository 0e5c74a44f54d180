"""Reported numbers as labelled rows in panels: one panel per unit (or per kind of figure), never two units
on one axis. Each row is one claim; its label (above the row, wrapped, never cut) says what, when and
per whom, and always its own subject. Figures of one incident (an episode: the frame's `incident` column,
when present) sit in adjacent rows under the incident's name; only a competing claim about the SAME
quantity (claims.competing: same event, metric, unit, theatre, another claimant) is labelled "another
claim", so the IDF's militants who crossed the yellow line never read as the IDF's toll of the strikes.
"""

from __future__ import annotations

import pandas as pd

from dashboard.frames import claims
from dashboard.conventions import datefmt, theme
from dashboard.charts import layout
from dashboard.charts.base import esc, mark_fill, n_lines, records, wrap
from dashboard.charts.spec import FigureSpec, trace

PANEL_GAP_PX = 46
SLIDE_PANEL_GAP_PX = 30  # a slide: tick labels (about 18 px) and air above the next panel's heading; short of height
BAR_PX = 18  # a bar's thickness: the panels' y axes count pixels (panel_figure)


def bar_width(fig=None, i: int = 1) -> float:
    """A bar's width on a panel_figure's y axis (pixels)."""
    return BAR_PX


ANOTHER_CLAIM = "another claim about the same count"


def incident_names(events: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """Incident id -> (its date, its summary): the event that names it, for the group's header. An empty
    map when the events are not at hand (the figure charts at scale), and then no header is drawn."""
    if events is None or events.empty or "incident" not in events:
        return {}
    named = events[events["incident"].notna() & (events["incident"] == events["id"])]
    return {r["id"]: (datefmt.format_row(r, "date"), r["notes"]) for r in records(named)}


def order_by_incident(fg: pd.DataFrame, names: dict[str, tuple[str, str]] | None = None) -> pd.DataFrame:
    """Rows in date order, every figure of one incident kept together, competing claims about one
    quantity next to each other. Adds `_incident` (the group), `_incident_name` (from `names`, incident_names)
    and `_another` (the row is a competing claim about the same quantity as a row above it); with_headers
    then heads each panel's runs of two or more rows of one incident."""
    incident = fg.get("incident")
    key = incident.where(incident.notna(), fg["id"]) if incident is not None else fg["id"]
    fg = fg.assign(_incident=key, _quantity=(fg["quantity"] if "quantity" in fg else claims.quantity_keys(fg)).fillna(fg["id"]))
    first = fg.groupby("_incident")["as_of_start"].transform("min")
    fg = fg.assign(_first=first).sort_values(["_first", "_incident", "_quantity", "as_of_start", "claimant_label", "id"])
    rival = claims.competing(fg)
    fg["_another"] = rival & fg["_quantity"].eq(fg["_quantity"].shift())
    fg["_incident_name"] = fg["_incident"].map(lambda i: (names or {}).get(i, ""))
    return fg


def header_text(name, n: int) -> str:
    """An incident group's header, written as a heading and not as a value (the second reading test read a header
    as the count of the row below it): it says it is an incident, its date, how many rows below it are its
    figures, then the event's own words."""
    if not name:
        return ""
    when, notes = name if isinstance(name, tuple) else ("", name)
    return f"▼ Incident{f', {when}' if when else ''}, the {n} rows below: {notes}"


def with_headers(part: pd.DataFrame) -> pd.DataFrame:
    """`_header`: the incident's name on the first row of each run of two or more of its rows in one panel
    (a lone row's own subject says what it is), else ""."""
    if "_incident" not in part or part.empty:
        return part.assign(_header="")
    run = part["_incident"].ne(part["_incident"].shift()).cumsum()
    size = run.map(run.value_counts())
    first = run.ne(run.shift())
    names = part["_incident_name"] if "_incident_name" in part else pd.Series("", index=part.index)
    return part.assign(_header=[header_text(n, k) if f and k > 1 else "" for n, f, k in zip(names, first, size)])


def row_label(r, theatre: bool = False) -> str:
    """The claim's value in bold, then its own subject, then 'where · when · per whom' in italics; a
    competing claim about the same quantity as the row above says so before its subject. The value sits in the
    label, not at the bar's end, so no text can run off the figure's edge. An incident's header is not part of
    any row's label: panel_figure gives it a slot of its own, with no mark (`header_label`)."""
    width = layout.chars(layout.LABEL_WRAP)
    where = f"{theme.label(r['theatre'])} · " if theatre else ""
    period = r["period"] if isinstance(r["period"], str) and r["period"] else None
    when = r.get("_meta_when") or period or r["when"]  # a chart may say what its date is ("for 15 Feb 2025 · reported ...")
    meta = wrap(f"{where}{when} · per {theme.in_sentence(r['claimant_label'])}", width)
    another = bool(r.get("_another"))
    text = wrap(f"{r['value_text']} · " + (f"{ANOTHER_CLAIM}: " if another else "") + r["subject"], width)
    value = esc(r["value_text"])
    if text.startswith(value):
        text = f"<b>{value}</b>{text[len(value):]}"
    if layout.side_labels():  # a slide: paragraphs that side_wrap flows over the column's full width
        return f"{text.replace('<br>', ' ')} · <i>{meta.replace('<br>', ' ')}</i>"
    return f"{text}<br><i>{meta}</i>"


HEADER_BG = "#eceef2"  # an incident header's band: a table's group row, not a value
HEADER_INK = "#444"


def header_label(header: str) -> str:
    """An incident header's markup: italic, in grey ink (the band is the annotation's background), no bold value."""
    if not header:
        return ""
    text = esc(header) if layout.side_labels() else wrap(header, layout.chars(layout.LABEL_WRAP))
    return f"<i>{text}</i>"


PANEL_TITLE_PX = 24  # a panel's heading sits above its plot area


ROW_GAP_PX = 2  # between a label's top line and the mark row above it
ROW_BELOW_PX = 16  # under a row's mark: half a bar (BAR_PX) or marker, and a little air
ROW_SIDE_MIN_PX = 22  # a slide's row with its label beside it: a bar or marker and a little air
HEADER_PAD_PX = 3  # above and below an incident header's band


def panel_figure(panels: list[tuple[str, pd.DataFrame]], *, theatre_in_label: bool = False):
    """A figure with one stacked panel per (title, rows); returns (fig, labels per panel, plot px).
    Each row is as tall as its own label needs (an incident's header or a long subject makes that row taller,
    not every row), so the y axes count pixels: `row_positions(fig, i)` gives panel i's mark positions, and
    `bar_width` a bar's thickness, in those units. A row's label sits above its mark, never reaching the row
    above or the panel's heading."""
    line = layout.LINE_PX[layout.LABEL_SIZE]
    side = layout.side_labels()  # a slide: labels in a column beside their marks, each row as tall as its label
    labels, heights, positions, headers = [], [], [], []
    for _, part in panels:
        rows = records(with_headers(part))
        lab = [row_label(r, theatre_in_label) for r in rows]
        heads = [header_label(r.get("_header") or "") for r in rows]
        if side:  # rows and headers wrapped to one column
            both = layout.side_wrap(lab + [h for h in heads if h])
            lab, wrapped = both[:len(lab)], iter(both[len(lab):])
            heads = [next(wrapped) if h else "" for h in heads]
        labels.append(lab)
        y, ys, hs = 0.0, [], []
        for text, head in zip(lab, heads):
            if head:  # the incident's header: a slot of its own above its first row, with no mark in it
                y += ROW_GAP_PX + line * n_lines(head) + 2 * HEADER_PAD_PX
            if side:
                half = max(line * n_lines(text), ROW_SIDE_MIN_PX) / 2
                y += ROW_GAP_PX + half
                ys.append(y)
                above = line * n_lines(text) / 2  # the label is centred on its row
                y += half
            else:
                y += ROW_GAP_PX + line * n_lines(text) + layout.ROW_LABEL_SHIFT  # the label, then the mark
                ys.append(y)
                above = line * n_lines(text) + layout.ROW_LABEL_SHIFT
                y += ROW_BELOW_PX
            if head:  # its band's bottom just above its first row's label, so a slide that stretches rows keeps them together
                hs.append((ys[-1] - above - HEADER_PAD_PX, head))
        positions.append(ys)
        headers.append(hs)
        heights.append(max(y, 1.0))
    gap = (SLIDE_PANEL_GAP_PX if side else PANEL_GAP_PX) + PANEL_TITLE_PX
    plot_px = sum(heights) + gap * (len(panels) - 1)
    fig = FigureSpec.subplots(len(panels), row_heights=heights or [1],
                        vertical_spacing=(gap / plot_px) if len(panels) > 1 else 0.0)
    fig.row_y = positions  # read by row_positions
    for i, ((title, part), lab, ys, height, hs) in enumerate(zip(panels, labels, positions, heights, headers), 1):
        axis = "" if i == 1 else str(i)
        # headers: a grey band across the label column (side: brand() sets its width with the rows'), on their first row
        fig.add_annotations([dict(x=0, xref=f"x{axis} domain", y=top, yref=f"y{axis}", xanchor="left", yanchor="bottom",
                                  showarrow=False, align="left", text=text, bgcolor=HEADER_BG, borderpad=2,
                                  font=dict(size=layout.LABEL_SIZE, color=HEADER_INK),
                                  **({"name": layout.SIDE_LABEL} if side else {})) for top, text in hs])
        # tickvals at the marks: the grid lines brand() draws run through the rows, as guides to the value
        fig.update_yaxes(range=[height, 0], autorange=False, showticklabels=False, showgrid=False, tickvals=ys,
                         zeroline=False, row=i, col=1)
        if side:
            layout.row_labels(fig, list(range(len(lab))), lab, xref=f"x{axis} domain", yref=f"y{axis}", at=ys)
            if hs:  # the column as wide as its widest header too (side_wrap kept headers within the column's share)
                widest = max(layout.text_px(t, layout.LABEL_SIZE) for _, h in hs for t in h.split("<br>"))
                fig.label_column_px = max(fig.label_column_px,
                                          int(min(widest * 1.03, layout.SIDE_LABEL_SHARE * layout.plot_px())) + 4)
        else:
            fig.add_annotations([dict(x=0, xref=f"x{axis} domain", y=y, yref=f"y{axis}", xanchor="left",
                                      yanchor="bottom", yshift=layout.ROW_LABEL_SHIFT, showarrow=False, align="left",
                                      text=text, font=dict(size=layout.LABEL_SIZE, color="#333")) for y, text in zip(ys, lab)])
        fig.add_annotations([dict(text=f"<b>{esc(title)}</b>", xref=f"x{axis} domain", yref=f"y{axis} domain",
                                            x=0, y=1, yshift=4, xanchor="left", yanchor="bottom", showarrow=False,
                                            font=dict(size=layout.SUBTITLE_SIZE + 1, color="#111"))])
    return fig, labels, plot_px


def row_positions(fig, i: int) -> list[float]:
    """Panel i's (1-based) row positions on its y axis, top row first."""
    return list(fig.row_y[i - 1])


def claimant_bar_ends(claimant_id: str, x, y, xa: str = "x", ya: str = "y", rows=None) -> dict:
    """The claimant's shape at `x` for each of its bars (their ends, or just past them: `mark_gap`), so bars of
    two claimants that share a colour are still told apart (and match the key); open (base.mark_fill) where the
    row is derived."""
    color = theme.actor_color(claimant_id)
    fill = mark_fill(color, rows) if rows is not None else color
    return trace("scatter", x=list(x), y=list(y), mode="markers", showlegend=False, hoverinfo="skip", cliponaxis=False,
                 legendgroup=claimant_id, xaxis=xa, yaxis=ya,
                 marker=dict(color=fill, size=12, symbol=theme.claimant_symbol(claimant_id),
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


# Open-ended values ('more than 100', 'over 1,000', 'dozens'), one encoding for every panel chart (deaths, enforcement):
# the mark or bar stops at the lowest number the words allow and a thin dotted arrow of one fixed length (a share of
# its panel's axis, so as long on the page in every panel) runs on past it; the key says it is not a value. A bar that
# merely stopped (hatched, before) read as exact at a glance; a thick line read as a range.
ARROW_SHARE = 0.07
MARK_GAP_SHARE = 0.025  # a claimant's shape past its bar's end: this share of the axis (about 15 px on a slide)
OPEN_KEY = "Dotted arrow: open-ended (not a value)"
OPEN_NOTE = ("An arrow marks an open-ended value ('more than', 'dozens'): the mark or bar stops at the lowest number "
             "the words allow, and the arrow, the same length in every panel, is not part of the value.")


def open_axis_max(top: float) -> float:
    """A panel's axis end that leaves room for an arrow past its largest value."""
    return max(top, 1) / (1 - ARROW_SHARE - 0.05)


def mark_gap(axis_max: float) -> float:
    return axis_max * MARK_GAP_SHARE


def open_end_traces(starts, ys, colors, axis_max: float, xa: str = "x", ya: str = "y") -> list:
    """Each open-ended value's arrow: a thin dotted shaft from `starts` (its lowest number, or a range's high end)
    on for ARROW_SHARE of the axis, ending in a triangle, in the claimant's colour (one shaft trace per colour)."""
    arrow = axis_max * ARROW_SHARE
    starts, ys, colors = list(starts), list(ys), list(colors)
    out = []
    for color in dict.fromkeys(colors):
        xs, yy = [], []
        for x0, y, c in zip(starts, ys, colors):
            if c == color:
                xs += [x0, x0 + arrow, None]
                yy += [y, y, None]
        out.append(trace("scatter", x=xs, y=yy, mode="lines", line=dict(color=color, width=2, dash="dot"),
                         showlegend=False, hoverinfo="skip", xaxis=xa, yaxis=ya))
    if starts:
        out.append(trace("scatter", x=[x0 + arrow for x0 in starts], y=ys, mode="markers", showlegend=False,
                         hoverinfo="skip", cliponaxis=False, marker=dict(symbol="triangle-right", size=13, color=colors),
                         xaxis=xa, yaxis=ya))
    return out


def open_key_trace(legend: str = "legend2") -> dict:
    """The key's entry for the arrow, drawn as the arrow is."""
    return trace("scatter", x=[None], y=[None], mode="lines+markers", name=OPEN_KEY, legend=legend,
                 line=dict(color="#777", width=2, dash="dot"), marker=dict(symbol="triangle-right", size=12, color="#777"))
