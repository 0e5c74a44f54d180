"""The compliance chart: provisions x time, each mark one claimant's assessment coloured by its status.

A pure builder (frames and filters in, `Chart` out), branded with the shared `brand()` footer, laid out for
the layout it is built in (charts.layout): every text is wrapped for that width, and the key (status colours,
claimant shapes, the deadline bar) is written into the header, not a Plotly legend, so it wraps with the text
instead of overlapping it. Narrow (a phone, a narrow column): each provision's label on its own band above its
marks. Wide (a laptop page, a slide): the labels are a left column, as wide as the widest label measured in
the chart's font (nothing is cut at the left edge), and on a slide the rows shrink until the whole figure fits
the slide's height. No Streamlit import.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .. import theme
from ..compliance import STATUS_LABEL
from ..datefmt import format_span
from .base import Chart, Context, esc, records, wrap
from .brand import brand
from . import layout
from .spec import FigureSpec, trace

CHART_ID = "compliance"
STATUS_COLOR = theme.STATUS_COLORS  # one registry (theme.py), with at_risk
LINE_CHARS = 46  # header, row labels: fits a 390 px phone at the sizes below (scaled with the layout's width)
FOOTER_CHARS = 54
UNIT_PX = 18  # pixels per y unit at the built height (a page: narrow or wide)
MIN_UNIT_PX = 13.5  # a slide's rows shrink to this at most: a label line (12 px type) is one unit
WIDE_FROM_PX = 800  # layouts this wide and wider put the labels in a column left of the plot
LABEL_SHARE = 0.42  # of the drawing width, at most, for that column
LABEL_PX, HEADER_PX = 12, 12.5  # label and agreement header type in the column
LABEL_UNITS, LANE_UNITS, GAP_UNITS = 0.95, 0.85, 0.4


def _lines(text: str, width: int = LINE_CHARS) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False) or [""]


def _scope(ctx: Context) -> tuple[pd.DataFrame, pd.DataFrame, str | None]:
    """(provisions, assessments) in view. Without a date filter: the agreements of each theatre's latest
    ceasefire (the ones in force as of the latest source); earlier ones are named in the note."""
    fr, f = ctx.frames, ctx.filters
    pv, asm, ag = fr.provisions, fr.assessments, fr.agreements
    if pv.empty or asm.empty:
        return pv.iloc[0:0], asm.iloc[0:0], None
    note = None
    if f.theatres:
        pv = pv[pv["theatre"].isin(f.theatres)]
    if f.start or f.end:
        keep = pd.Series(True, index=asm.index)
        if f.start:
            keep &= asm["as_of_end"] >= pd.Timestamp(f.start)
        if f.end:
            keep &= asm["as_of_start"] <= pd.Timestamp(f.end)
        asm = asm[keep]
    else:
        current = {ph for ph in fr.phases.sort_values("start_start").groupby("theatre")["id"].last()} if len(fr.phases) else set()
        in_force = ag[ag["phases"].map(lambda ps: bool(set(ps) & current)).astype(bool)]["id"]
        earlier = ag[~ag["id"].isin(in_force) & ag["id"].isin(asm["agreement_id"])]["name"].tolist()
        pv = pv[pv["agreement_id"].isin(in_force)]
        if earlier:
            note = ("Shows the agreements of each theatre's latest ceasefire; earlier ones (" + "; ".join(earlier) +
                    ") are on the Compliance page, or set a date range.")
    if f.sources:
        asm = asm[asm["source_ids"].map(lambda s: bool(set(s) & set(f.sources))).astype(bool)]  # an empty map is not boolean
    asm = asm[asm["provision_id"].isin(pv["id"])]
    pv = pv[pv["id"].isin(asm["provision_id"])]
    return pv, asm, note


def _lane_key(r) -> tuple[int, str, bool]:
    """The article's author first, then the other claimants in id order; derived statuses after them."""
    return ((0 if r["claimant_id"] == "author" else 1) + (10 if r["derived"] else 0), r["claimant_id"], bool(r["derived"]))


MIN_GAP = pd.Timedelta(days=4)  # marks closer than this in one lane would touch on a phone


def _lanes(mine: list[dict]) -> list[list]:
    """One lane per claimant (derived statuses in a lane of their own); a claimant's marks that would touch
    spill into a second lane instead of overlapping."""
    lanes = []
    for key in sorted({_lane_key(r) for r in mine}):
        rows = sorted((r for r in mine if _lane_key(r) == key), key=lambda r: r["as_of_start"])
        sub: list[list] = []
        for r in rows:
            mid = r["as_of_start"] + (r["as_of_end"] - r["as_of_start"]) / 2
            for lane in sub:
                last = lane[-1]
                if abs(mid - (last["as_of_start"] + (last["as_of_end"] - last["as_of_start"]) / 2)) >= MIN_GAP:
                    lane.append(r)
                    break
            else:
                sub.append([r])
        lanes += sub
    return lanes


def _row_label(p, width: int) -> list[str]:
    parties = [n.split(" (")[0] for n in p["obligated"]]  # 'Israel (government)' -> 'Israel': the row is short
    text = f"{p['label']} · {', '.join(parties) or 'party not stated'}"
    if isinstance(p["deadline"], str):
        text += f" · due {format_span(p['deadline_start'], p['deadline_end'], p['deadline_precision'])}"
        if isinstance(p["days_past_text"], str):
            text += f" · {p['days_past_text']}"
    return _lines(text, width)


def _key_lines(width: int, claimants: dict[str, str]) -> list[str]:
    """The key as text lines: every status colour, then the shape of each claimant in view (from the one
    claimant-shape registry, theme.CLAIMANT_SYMBOLS), then the open mark and the deadline bar."""
    status = [f"<span style='color:{STATUS_COLOR[s]}'>■</span> {STATUS_LABEL[s]}" for s in STATUS_COLOR]
    claimants = [f"{theme.claimant_glyph(cid)} {esc(label)}" for cid, label in claimants.items()]
    extra = ["○ open mark: status derived by us", "┃ deadline"]
    out, line, used = [], [], 0
    for item, shown in [(s, len(s.split("</span>")[-1]) + 2) for s in status] + [(c, len(c)) for c in claimants + extra]:
        if line and used + shown > width:
            out.append("   ".join(line))
            line, used = [], 0
        line.append(item)
        used += shown + 3
    return out + ["   ".join(line)] if line else out


def compliance_chart(ctx: Context, narrow: bool | None = None) -> Chart:
    """The chart for the current layout (charts.build names it): `narrow` (labels above their rows) below
    WIDE_FROM_PX, a left label column from there on; `narrow` forces one or the other."""
    lay = layout.current()
    if narrow is None:
        narrow = lay.plot_px < WIDE_FROM_PX
    width, footer_width = layout.chars(LINE_CHARS), layout.chars(FOOTER_CHARS)
    column_chars = int(LABEL_SHARE * lay.plot_px / (0.6 * LABEL_PX))  # DejaVu Sans: about 0.6 em a character
    title = "Ceasefire obligations"
    subtitle = ("Provisions over time: one mark per claimant and report, coloured by the status the claimant "
                "reports; each provision names the party it binds")
    pv, asm, note = _scope(ctx)
    fig = FigureSpec()
    columns = ["id", "provision_id", "provision", "agreement_id", "status", "claimant", "as_of", "as_of_precision",
               "days_past_deadline", "derived", "derived_formula", "source", "quote", "permalink"]
    if asm.empty:
        fig.add_annotations([dict(text="No records match the current filters", xref="paper", yref="paper", x=0.5, y=0.5,
                                  showarrow=False, font=dict(size=16, color="#666"))])
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        brand(fig, ctx, title=title, subtitle=subtitle, source_ids=[])
        _reflow(fig, title, subtitle, 300, width, footer_width, claimants={})
        return Chart(CHART_ID, title, fig, asm.reindex(columns=columns), "No records match the current filters.")

    agreements = ctx.frames.agreements.set_index("id")
    by_provision: dict[str, list[dict]] = {}
    for r in records(asm):
        by_provision.setdefault(r["provision_id"], []).append(r)
    y, annotations, deadlines, side = 0.0, [], [], []
    placed = []  # (assessment row, y)
    # narrow: every label on its own band above its marks, full width; wide: labels in a column left of the plot,
    # each provision's band as tall as its label or its lanes, whichever is taller (a label line is one unit)
    lane_units = LANE_UNITS if narrow else 1.0
    for ag_id in dict.fromkeys(pv["agreement_id"]):
        header = _lines(agreements.loc[ag_id, "name"], (width if narrow else column_chars) - 6)  # bold and larger
        if narrow:
            annotations.append(dict(text="<b>" + "<br>".join(esc(t) for t in header) + "</b>", y=y, size=13.5, color="#111"))
            y += LABEL_UNITS * len(header) + 0.15
        else:
            side.append(dict(text="<b>" + "<br>".join(esc(t) for t in header) + "</b>", y=y, size=HEADER_PX, color="#111"))
            y += 1.3 * len(header) + 0.1  # a bold header line is taller than a unit at a slide's 13.5 px
        for p in records(pv[pv["agreement_id"] == ag_id]):
            label = _row_label(p, width if narrow else column_chars)
            if narrow:
                annotations.append(dict(text="<br>".join(esc(t) for t in label), y=y, size=12.5, color="#333"))
                y += LABEL_UNITS * len(label)
            else:
                side.append(dict(text="<br>".join(esc(t) for t in label), y=y, size=LABEL_PX, color="#333"))
            mine = by_provision.get(p["id"], [])
            top = y
            for lane in _lanes(mine):
                y += lane_units / 2
                placed += [(r, y) for r in lane]
                y += lane_units / 2
            if not narrow:
                y = max(y, top + len(label))
            if isinstance(p["deadline"], str):
                deadlines.append((p["deadline_start"] + (p["deadline_end"] - p["deadline_start"]) / 2, top, y, p))
            y += GAP_UNITS
    total = y

    for status, color in STATUS_COLOR.items():
        for claimant_id in dict.fromkeys(r["claimant_id"] for r, _ in placed):
            for derived in (False, True):
                part = [(r, yy) for r, yy in placed if r["status"] == status and r["claimant_id"] == claimant_id
                        and bool(r["derived"]) == derived]
                if not part:
                    continue
                symbol = theme.claimant_symbol(claimant_id)
                symbol = theme.open_symbol(symbol) if derived else symbol
                mids = [r["as_of_start"] + (r["as_of_end"] - r["as_of_start"]) / 2 for r, _ in part]
                spans_x, spans_y = [], []
                for r, yy in part:  # the report date's window (a week), as a thin bar behind the mark
                    if r["as_of_end"] > r["as_of_start"]:
                        spans_x += [r["as_of_start"], r["as_of_end"] + pd.Timedelta(hours=23), None]
                        spans_y += [yy, yy, None]
                if spans_x:
                    fig.add_trace(trace("scatter", x=spans_x, y=spans_y, mode="lines", line=dict(color=color, width=4),
                                             opacity=0.45, hoverinfo="skip", showlegend=False))
                fig.add_trace(trace("scatter",
                    x=mids, y=[yy for _, yy in part], mode="markers", showlegend=False,
                    marker=dict(symbol=symbol, size=13, color=color, line=dict(width=2 if derived else 1,
                                                                             color=color if derived else "#222")),
                    customdata=[[r["id"], r["permalink"]] for r, _ in part],
                    hovertext=[_hover(r) for r, _ in part], hovertemplate="%{hovertext}<extra></extra>",
                ))
    for x, top, bottom, p in deadlines:
        fig.add_trace(trace("scatter", x=[x, x], y=[top, bottom], mode="lines", line=dict(color="#222", width=3),
                                 hovertext=f"Deadline: {esc(p['deadline_text'] or '')} ({format_span(p['deadline_start'], p['deadline_end'], p['deadline_precision'])})",
                                 hoverinfo="text", showlegend=False))

    xs = [r["as_of_start"] for r, _ in placed] + [x for x, *_ in deadlines]
    xe = [r["as_of_end"] for r, _ in placed] + [x for x, *_ in deadlines]
    pad = max((max(xe) - min(xs)) * 0.04, pd.Timedelta(days=2))
    fig.update_xaxes(range=[min(xs) - pad, max(xe) + pad], nticks=6, tickformat="%-d %b<br>%Y", title=None)
    fig.update_yaxes(range=[total, -0.2], autorange=False, showgrid=False, zeroline=False, showticklabels=False)
    fig.update_layout(annotations=[dict(x=0, xref="x domain", yref="y", xanchor="left", yanchor="top", showarrow=False,
                                        align="left", text=a["text"], y=a["y"], font=dict(size=a["size"], color=a["color"]))
                                   for a in annotations], showlegend=False)
    if side:  # the label column: placed by brand() (layout.place_side_labels), as wide as its widest line
        fig.add_annotations([dict(x=0, xref="x domain", yref="y", xanchor="left", yanchor="top", showarrow=False,
                                  align="left", text=a["text"], y=a["y"], name=layout.SIDE_LABEL,
                                  font=dict(size=a["size"], color=a["color"])) for a in side])
        fig.label_column_px = int(1.03 * max(layout.text_px(line, a["size"]) for a in side for line in a["text"].split("<br>"))) + 4
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=[s for ids in asm["source_ids"] for s in ids],
          claimants=list(dict.fromkeys(asm["claimant"])), as_of=asm["as_of_end"].max(), note=note)
    fig.update_yaxes(showgrid=False)  # brand()'s grid lines would cut across the provisions' bands
    in_view = {r["claimant_id"]: theme.claimant_label(r["claimant_id"]) if r["claimant_id"] == "author" else r["claimant"]
               for r, _ in sorted(placed, key=lambda p: _lane_key(p[0]))}
    px = _reflow(fig, title, subtitle, total * UNIT_PX, width, footer_width, total, claimants=in_view)
    for t in fig.data:  # marks never taller than their lane
        if t.get("mode") == "markers":
            t["marker"]["size"] = min(13, round(lane_units * px + 1))

    data = asm.reindex(columns=columns)
    summary = "; ".join(f"{r['provision']} ({r['claimant']}, {format_span(r['as_of_start'], r['as_of_end'], r['as_of_precision'])}): "
                        f"{STATUS_LABEL[r['status']]}{' (derived)' if r['derived'] else ''}" for r, _ in placed)
    return Chart(CHART_ID, title, fig, data, summary, list(data["permalink"]))


def _hover(r) -> str:
    when = format_span(r["as_of_start"], r["as_of_end"], r["as_of_precision"])
    lines = [f"<b>{esc(STATUS_LABEL[r['status']])}</b>{' (derived by us)' if r['derived'] else ''}",
             f"Claimed by: {esc(r['claimant'])}", f"As of: {esc(when)}", wrap(r["summary"], 60)]
    if r["derived"]:
        lines.append("Formula: " + wrap(r["derived_formula"], 60))
    if isinstance(r["days_past_text"], str):
        lines.append(esc(r["days_past_text"]).replace("past it", "past the deadline"))
    lines.append(f"Source: {esc(r['source'])}")
    return "<br>".join(lines)


def _wrap_segments(line: str, width: int) -> list[str]:
    """Wrap a footer line at its ' · ' separators first, so 'dataset <version>' or an as-of date never splits."""
    out: list[str] = []
    for seg in line.split(" · "):
        if out and len(out[-1]) + 3 + len(seg) <= width:
            out[-1] += " · " + seg
        else:
            out += textwrap.wrap(seg, width, break_long_words=False) or [""]
    return out


def _reflow(fig: FigureSpec, title: str, subtitle: str, plot_px: float, width: int, footer_width: int,
            units: float = 1.0, *, claimants: dict[str, str]) -> float:
    """Re-wrap brand()'s header and footer to `width` characters and size the margins to them (the left one is
    brand()'s: the label column). On a slide the plot gives up height until the figure fits the slide, down to
    MIN_UNIT_PX a unit. Returns the pixels per y unit."""
    sub = "<br>".join(esc(t) for t in _lines(subtitle, width))
    key = "<br>".join(_key_lines(width, claimants))
    # the title's base font sets the line height of every header line: keep it small, the title big by span
    header = (f"<span style='font-size:22px'><b>{esc(title)}</b></span><br><span style='color:#444'>{sub}</span>"
              f"<br><span style='font-size:13px;color:#222'>{key}</span>")
    # Plotly sets each line at 1.3 times its font: the 22 px title, 14 px subtitle and 13 px key lines
    header_px = 1.3 * (22 + 14 * (sub.count("<br>") + 1) + 13 * (key.count("<br>") + 1))
    fig.update_layout(title=dict(text=header, font=dict(size=14), subtitle=None))  # the subtitle is in the header
    footer = fig.layout["annotations"][-1]
    logical, prefixes = [], ("Note:", "Source:", "Figures as claimed by:", "Data as of", "Ceasefire Monitor dataset")
    for piece in str(footer["text"]).split("<br>"):
        if logical and not piece.startswith(prefixes):
            logical[-1] += " " + piece
        else:
            logical.append(piece)
    lines = [t for line in logical for t in _wrap_segments(line, footer_width)]
    footer["text"] = "<br>".join(lines)
    # the key runs the heading's whole width, so the toolbar's strip stays clear even on a slide (in briefing
    # mode the toolbar shows over the heading's right end, which other charts leave empty)
    strip = layout.MODEBAR_PX
    top, bottom = int(strip + 20 + header_px + 24), 50 + 17 * len(lines)  # 20: above the title; 24: gap below
    lay = layout.current()
    if lay.max_height and top + bottom + plot_px > lay.max_height:
        plot_px = max(lay.max_height - top - bottom, MIN_UNIT_PX * units)  # never below: then it grows taller
    height = int(top + bottom + plot_px)
    # brand() placed the title for its own height; with the new height it is placed again, below the toolbar
    # strip, or it would slide down onto the first rows
    fig.update_layout(margin=dict(t=top, b=bottom, r=14), height=height,
                      title=dict(yref="container", y=1 - (strip + 20) / height, yanchor="top"))
    return plot_px / units
