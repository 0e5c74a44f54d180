"""The compliance timeline (app only, under the scorecard): provisions x time, each mark one claimant's
assessment at its report date, coloured by its status, so a reader sees how each claimant's reporting moved.

The scorecard (charts/compliance.py) answers "what is the status now, per claimant"; this chart keeps every
report over time. It is built through `charts.build("compliance-timeline", ...)` like every chart, but is not
in `charts.CHARTS` (not exported, not in the briefing pack): over-time detail stays in the app. Narrow
layouts put each provision's label on its own band above its marks; wide ones a measured label column.
No Streamlit import.
"""

from __future__ import annotations

import pandas as pd

from dashboard.conventions import theme
from dashboard.dataset.compliance import STATUS_LABEL
from dashboard.conventions.datefmt import format_span
from dashboard.charts.base import Chart, Context, esc, records
from dashboard.charts.brand import brand
from dashboard.charts import layout
from dashboard.charts.compliance_parts import FOOTER_CHARS, LINE_CHARS, STATUS_COLOR, UNIT_PX, WIDE_FROM_PX, _hover, _lines, _reflow, _scope, key_lines
from dashboard.charts.spec import FigureSpec, trace

CHART_ID = "compliance-timeline"
LABEL_SHARE = 0.42  # of the drawing width, at most, for the label column
LABEL_PX, HEADER_PX = 12, 12.5  # label and agreement header type in the column
LABEL_UNITS, LANE_UNITS, GAP_UNITS = 0.95, 0.85, 0.4


def _lane_key(r) -> tuple[int, str, bool]:
    """The article's author first, then the other claimants in id order; derived statuses after them."""
    first = 0 if theme.claimant_actor(r["claimant_key"]) == theme.AUTHOR else 1  # each article's author a lane of their own
    return (first + (10 if r["derived"] else 0), r["claimant_key"], bool(r["derived"]))


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


def _key_lines(width: int, claimants: dict[str, str], symbols: dict[str, str]) -> list[str]:
    """The key as text lines: every status colour, then the shape of each claimant in view (from the one
    claimant-shape registry, theme.CLAIMANT_SYMBOLS), then the open mark and the deadline bar."""
    status = [f"<span style='color:{STATUS_COLOR[s]}'>■</span> {STATUS_LABEL[s]}" for s in STATUS_COLOR]
    claimants = [f"{theme.SYMBOL_GLYPHS[symbols[key]]} {esc(label)}" for key, label in claimants.items()]
    extra = ["○ open mark: status derived by us", "┃ deadline"]
    return key_lines([(s, len(s.split("</span>")[-1]) + 2) for s in status] + [(c, len(c)) for c in claimants + extra], width)


def compliance_over_time(ctx: Context, narrow: bool | None = None) -> Chart:
    """The chart for the current layout (charts.build names it): `narrow` (labels above their rows) below
    WIDE_FROM_PX, a left label column from there on; `narrow` forces one or the other."""
    lay = layout.current()
    if narrow is None:
        narrow = lay.plot_px < WIDE_FROM_PX
    width, footer_width = layout.chars(LINE_CHARS), layout.chars(FOOTER_CHARS)
    column_chars = int(LABEL_SHARE * lay.plot_px / (0.6 * LABEL_PX))  # DejaVu Sans: about 0.6 em a character
    title = "Ceasefire obligations over time"
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
        _reflow(fig, title, subtitle, 300, width, footer_width, key=_key_lines(width, {}))
        return Chart(CHART_ID, title, fig, asm.reindex(columns=columns), "No records match the current filters.")

    agreements = ctx.frames.agreements.set_index("id")
    by_provision: dict[str, list[dict]] = {}
    symbols = theme.claimant_symbols(asm["claimant_key"], ctx.claimants())  # one shape per claimant key: each author their own
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
        for claimant_key in dict.fromkeys(r["claimant_key"] for r, _ in placed):
            for derived in (False, True):
                part = [(r, yy) for r, yy in placed if r["status"] == status and r["claimant_key"] == claimant_key
                        and bool(r["derived"]) == derived]
                if not part:
                    continue
                symbol = symbols[claimant_key]
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
    in_view = {r["claimant_key"]: r["claimant"] for r, _ in sorted(placed, key=lambda p: _lane_key(p[0]))}
    px = _reflow(fig, title, subtitle, total * UNIT_PX, width, footer_width, total, key=_key_lines(width, in_view, symbols))
    for t in fig.data:  # marks never taller than their lane
        if t.get("mode") == "markers":
            t["marker"]["size"] = min(13, round(lane_units * px + 1))

    data = asm.reindex(columns=columns)
    summary = "; ".join(f"{r['provision']} ({r['claimant']}, {format_span(r['as_of_start'], r['as_of_end'], r['as_of_precision'])}): "
                        f"{STATUS_LABEL[r['status']]}{' (derived)' if r['derived'] else ''}" for r, _ in placed)
    return Chart(CHART_ID, title, fig, data, summary, list(data["permalink"]))


