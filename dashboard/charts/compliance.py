"""The compliance scorecard: which obligations stand where, per claimant, read like a table.

In the spirit of the Peace Accords Matrix (Kroc Institute: provision x implementation score), but per claimant:
rows are provisions (full name, the party each binds, the deadline and how far past it, as a range when the
as-of is one: compliance.days_past_text), grouped under their agreement's name; columns are the claimants in
view; each cell is that claimant's LATEST status for that provision, as colour plus text, one cell per
claimant (never merged). Statuses we derived are in a column of their own, "Derived by us", hatched and open,
never under a claimant. A blank cell: no report from that claimant on that provision.

Wide layouts draw the matrix when its columns fit (MIN_COLUMN_PX each, beside a measured label column); narrower
ones (a phone) list each provision with one line per status naming its claimants. Every report over time is the
app's second chart (charts/compliance_timeline.py). A pure builder: frames and filters in, `Chart` out; no
Streamlit import.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from dashboard.dataset.compliance import STATUS_LABEL, UNSETTLED, days_past_text
from dashboard.frames.compliance import current_statuses
from dashboard.conventions.datefmt import format_span
from dashboard.charts.base import Chart, Context, esc, records
from dashboard.charts.brand import brand
from dashboard.charts import layout
from dashboard.charts.compliance_parts import (FOOTER_CHARS, LINE_CHARS, MIN_UNIT_PX, STATUS_COLOR, UNIT_PX, WIDE_FROM_PX, _hover, _lines,
                               _px_wrap, _reflow, _scope, key_lines)
from dashboard.charts.spec import FigureSpec, trace

__all__ = ["CHART_ID", "FOOTER_CHARS", "LINE_CHARS", "MIN_UNIT_PX", "STATUS_COLOR", "UNIT_PX", "WIDE_FROM_PX",
           "compliance_chart"]

CHART_ID = "compliance"
# the order the key lists statuses in: done, going, threatened, late, broken, contested, not due
STATUS_ORDER = ["fulfilled", "partly_fulfilled", "in_progress", "at_risk", "overdue", "reported_violated", "disputed",
                "not_yet_due"]
# the cell's word when the full label does not fit the column (the key gives both)
SHORT_LABEL = {"reported_violated": "violated", "at_risk": "at risk", "partly_fulfilled": "partly", "not_yet_due": "not due"}
MIN_COLUMN_PX = 47  # a claimant column: narrower, the matrix gives way to the list (a status word on two lines fits)
LABEL_SHARE, MIN_LABEL_SHARE = 0.36, 0.22  # of the drawing width for the provision column: wanted, least
LABEL_PX, HEADER_PX, CELL_PX, COLUMN_PX = 11.5, 12, 10, 10  # type sizes: row label, agreement, cell, column head
MIN_CELL_PX = 9  # a cell's word shrinks to this at most, then takes its short form
WIDE_COLUMN_PX = 70  # columns this wide (an export, a 1920 px slide) set cells and heads in 11 px
MATRIX_UNIT_PX = 14.5  # a slide's rows shrink to this at most: one line of row label
DERIVED = "Derived by us"
CELL_FILL = 0.92  # of a column's width, the cell's (the rest is the gap between cells)
EMPTY_FILL = "#f1f2f4"


def _ink(hex_color: str) -> str:
    """The text colour (near-black or white) with the higher contrast on a cell of `hex_color` (WCAG ratio)."""
    def lum(c: str) -> float:
        rgb = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    bg = lum(hex_color)
    dark, light = (bg + 0.05) / (lum("#111418") + 0.05), 1.05 / (bg + 0.05)
    return "#111418" if dark >= light else "#ffffff"


OUR_COUNT = "(counted by us)"  # days past a deadline: our count from the dates, never a claimant's (as "derived by us")
NO_PARTY = "no “binds”: the text names no party bound"  # said once in the key, not on every such row


def _row_text(p, days_past: str | None) -> tuple[str, list[str]]:
    """A provision's label: its full name, the party it binds (left out when the text names none: the key says
    so once), its deadline; days past it on a line of its own, marked as our count (the reading test: a reader
    could not tell who computed it)."""
    text = p["label"] + (f" · binds {', '.join(p['obligated'])}" if _binds(p) else "")
    if isinstance(p["deadline"], str):
        text += f" · due {format_span(p['deadline_start'], p['deadline_end'], p['deadline_precision'])}"
    return text, ([f"{days_past} {OUR_COUNT}"] if days_past else [])


def _binds(p) -> bool:
    return len(p["obligated"]) > 0


def _days_past(p, cells: list[dict]) -> str | None:
    """Days past the provision's deadline as of the latest report in view that leaves it unsettled (a range when
    either window is; compliance.days_past_text), or None."""
    if not isinstance(p["deadline"], str):
        return None
    open_ = [r for r in cells if r["status"] in UNSETTLED]
    if not open_:
        return None
    last = max(open_, key=lambda r: (r["as_of_end"], r["as_of_start"]))
    due = SimpleNamespace(start=p["deadline_start"].date(), end=p["deadline_end"].date())
    return days_past_text(due, last["as_of_start"], last["as_of_end"], last["as_of_precision"])


def _columns(cur: pd.DataFrame) -> list[tuple[str, str]]:
    """(column key, header) per claimant in view: the articles' authors first (by report date), then the others
    in alphabetical order; our derived statuses last."""
    claimed = cur[~cur["derived"]]
    authors = claimed[claimed["claimant_id"] == "author"].sort_values(["as_of_start", "claimant"])
    others = claimed[claimed["claimant_id"] != "author"].sort_values("claimant")
    cols = list(dict.fromkeys((r.claimant_key, r.claimant) for r in pd.concat([authors, others]).itertuples()))
    return cols + ([(DERIVED, DERIVED)] if cur["derived"].any() else [])


def _split(label: str) -> list[str]:
    """A status label on two lines, broken at the space nearest its middle ('reported', 'violated')."""
    if " " not in label:
        return [label]
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(len(label[:i]) - len(label[i + 1:])))
    return [label[:cut], label[cut + 1:]]


def _cell_word(status: str, short: bool) -> str:
    return SHORT_LABEL.get(status, STATUS_LABEL[status]) if short else STATUS_LABEL[status]


def _key_lines(width_chars: int, short: bool, derived: bool, matrix: bool = True, no_party: bool = False) -> list[str]:
    """The key as text lines: every status colour with its word (and the cell's short word where used), our
    derived cells, blank cells, and (when a row names no party bound) what a row without "binds" means."""
    items = []
    for s in STATUS_ORDER:
        label = STATUS_LABEL[s]
        word = SHORT_LABEL.get(s) if short else None
        items.append((f"<span style='color:{STATUS_COLOR[s]}'>■</span> {label}{f' (“{word}”)' if word else ''}",
                      len(label) + (len(word) + 5 if word else 0) + 2))
    if derived:
        items.append((f"{'▨' if matrix else '□'} derived by us, not a claimant's", 33))
    if matrix:
        items.append(("blank: no report", 16))
    if no_party:
        items.append((esc(NO_PARTY), len(NO_PARTY)))
    return key_lines(items, width_chars)


TITLE = "Ceasefire obligations"  # one line even on a phone
SUBTITLE = ("Each claimant's latest status per provision: rows are provisions, with the party each binds and its "
            "deadline; columns are claimants")  # one line on a 1280 px slide
LIST_SUBTITLE = ("Each claimant's latest status per provision: each provision with the party it binds and its deadline, "
                 "then one line per status naming the claimants whose latest report gives it")
DATA_COLUMNS = ["id", "provision_id", "provision", "agreement_id", "status", "claimant", "as_of", "as_of_precision",
                "days_past_deadline", "days_past_text", "derived", "derived_formula", "source", "quote", "permalink"]


def compliance_chart(ctx: Context, narrow: bool | None = None) -> Chart:
    """The scorecard for the current layout (charts.build names it): the matrix when its columns fit beside the
    label column, otherwise (a phone) the list; `narrow` forces the list (True) or the matrix (False)."""
    lay = layout.current()
    width, footer_width = layout.chars(LINE_CHARS), layout.chars(FOOTER_CHARS)
    pv, asm, note = _scope(ctx)
    cur = current_statuses(asm) if len(asm) else asm
    fig = FigureSpec()
    if cur.empty:
        fig.add_annotations([dict(text=layout.EMPTY_MESSAGE, xref="paper", yref="paper", x=0.5, y=0.5,
                                  showarrow=False, font=dict(size=16, color="#666"))])
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        brand(fig, ctx, title=TITLE, subtitle=SUBTITLE, source_ids=[])
        _reflow(fig, TITLE, SUBTITLE, 300, width, footer_width, key=[])
        return Chart(CHART_ID, TITLE, fig, cur.reindex(columns=DATA_COLUMNS), "No records match the current filters.")

    columns = _columns(cur)
    by_provision: dict[str, list[dict]] = {}
    for r in records(cur):
        by_provision.setdefault(r["provision_id"], []).append(r)
    # the provision column: as wide as the widest label on one line, up to LABEL_SHARE; the claimant columns share
    # the rest, and get room down to MIN_LABEL_SHARE for the labels (which then wrap)
    widest = max(layout.text_px(t, LABEL_PX) for p in records(pv)
                 for t in [_row_text(p, None)[0], *_row_text(p, _days_past(p, by_provision.get(p["id"], [])))[1]])
    label_col = min(int(LABEL_SHARE * lay.plot_px), int(widest) + 4)
    spare = lay.plot_px - 2 * layout.SIDE_LABEL_GAP
    # the columns first get room for every status word on one line (its short form, in the least type), taken
    # from the label column down to MIN_LABEL_SHARE (its labels then wrap); failing that, MIN_COLUMN_PX
    statuses = set(cur["status"])
    one_line = (max(layout.text_px(_cell_word(s, True), MIN_CELL_PX) for s in statuses) + 4) / CELL_FILL
    for need in (one_line, MIN_COLUMN_PX):
        if (spare - label_col) / len(columns) < need:
            label_col = max(int(MIN_LABEL_SHARE * lay.plot_px), int(spare - need * len(columns)))
    column_px = (spare - label_col) / len(columns)
    if narrow is None:
        narrow = column_px < MIN_COLUMN_PX
    agreements = ctx.frames.agreements.set_index("id")
    sources = [s for ids in cur["source_ids"] for s in ids]
    subtitle = LIST_SUBTITLE if narrow else SUBTITLE
    if narrow:
        total, short = _draw_list(fig, pv, by_provision, agreements, width), False
    else:
        total, short = _draw_matrix(fig, pv, by_provision, agreements, columns, label_col, column_px)
    fig.update_layout(barmode="overlay", showlegend=False, bargap=0)
    # no "Figures as claimed by" line: every claimant is named by its column (or its line, on a phone)
    brand(fig, ctx, title=TITLE, subtitle=subtitle, source_ids=sources, as_of=cur["as_of_end"].max(), note=note)
    fig.update_xaxes(visible=False, showgrid=False)
    fig.update_yaxes(showgrid=False, zeroline=False, showticklabels=False, visible=False)
    key = _key_lines(width, short, bool(cur["derived"].any()), matrix=not narrow,
                     no_party=not all(_binds(p) for p in records(pv)))
    _reflow(fig, TITLE, subtitle, total * UNIT_PX, width, footer_width, total, key=key,
            min_unit_px=MIN_UNIT_PX if narrow else MATRIX_UNIT_PX, axis_px=16)  # no axis: the table has none

    data = cur.reindex(columns=DATA_COLUMNS)
    summary = "; ".join(
        f"{p['label']}: " + ", ".join(f"{'derived by us' if r['derived'] else r['claimant']} "
                                      f"{STATUS_LABEL[r['status']]} (as of {format_span(r['as_of_start'], r['as_of_end'], r['as_of_precision'])})"
                                      for r in by_provision.get(p["id"], []))
        for p in records(pv))
    return Chart(CHART_ID, TITLE, fig, data, summary, list(data["permalink"]))


def _agreement_rows(pv: pd.DataFrame):
    for ag_id in dict.fromkeys(pv["agreement_id"]):
        yield ag_id, records(pv[pv["agreement_id"] == ag_id])


def _draw_matrix(fig: FigureSpec, pv, by_provision, agreements, columns, label_col: int, column_px: float):
    """Rows of provisions under agreement headers, one column per claimant; returns (height in units, short words)."""
    col_of = {key: i for i, (key, _) in enumerate(columns)}
    # the cell's word: the status label in CELL_PX type, smaller down to MIN_CELL_PX, else its short form
    fits = column_px * CELL_FILL - 4
    present = {r["status"] for rs in by_provision.values() for r in rs}
    short = max(layout.text_px(STATUS_LABEL[s], MIN_CELL_PX) for s in present) > fits
    widest = max(layout.text_px(_cell_word(s, short), CELL_PX) for s in present)
    two_lines = max(layout.text_px(_cell_word(s, True), MIN_CELL_PX) for s in present) > fits
    if two_lines:  # a narrow page: the full label on two lines ("reported / violated"), rows tall enough for them
        short = False
        widest = max(layout.text_px(t, CELL_PX) for s in present for t in _split(STATUS_LABEL[s]))
    # an export's columns (a 1600 px slide) take the 11 px every exported text keeps (test_export_charts)
    big = column_px >= WIDE_COLUMN_PX
    cell_px = max(MIN_CELL_PX, min(CELL_PX + big, CELL_PX * fits / widest))
    head_px = COLUMN_PX + big
    # column heads: the claimant's name wrapped to the column, above the first row
    heads = [_px_wrap(name, column_px - 4, head_px, hyphens=True) for _, name in columns]
    head_units = 0.85 * max(len(h) for h in heads) + 0.3
    y = 0.0
    side, bars, empty, texts = [], {}, [], []
    for ag_id, rows in _agreement_rows(pv):
        header = _px_wrap(agreements.loc[ag_id, "name"], label_col, HEADER_PX, bold=True)
        side.append(dict(text="<b>" + "<br>".join(esc(t) for t in header) + "</b>", y=y + 0.6 * len(header), size=HEADER_PX))
        y += 1.2 * len(header) + 0.1
        for p in rows:
            mine = by_provision.get(p["id"], [])
            name, extra = _row_text(p, _days_past(p, mine))
            main = _px_wrap(name, label_col, LABEL_PX)
            late = [t for e in extra for t in _px_wrap(e, label_col, LABEL_PX)]
            label = "<br>".join([esc(t) for t in main] + [f"<span style='color:#8a3a00'>{esc(t)}</span>" for t in late])
            n = len(main) + len(late)  # a label's lines are 1.3 em apart: a little over a unit each from the second
            height = max(n + 0.1 * (n - 1), 1.7 if two_lines else 1.0)  # two 9 px lines in 1.7 units
            mid = y + height / 2
            side.append(dict(text=label, y=mid, size=LABEL_PX))
            taken = set()
            derived = [r for r in mine if r["derived"]]
            for r in mine:
                if r["derived"]:
                    continue
                col = col_of[r["claimant_key"]]
                taken.add(col)
                bars.setdefault((r["status"], False), []).append((col, mid, height, r, []))
            if derived:
                last = max(derived, key=lambda r: (r["as_of_end"], r["as_of_start"], r["id"]))
                col = col_of[DERIVED]
                taken.add(col)
                bars.setdefault((last["status"], True), []).append((col, mid, height, last, derived))
            empty += [(c, mid, height) for c in range(len(columns)) if c not in taken]
            y += height + 0.15
    total = y
    pad = (1 - CELL_FILL) / 2
    if empty:
        fig.add_trace(trace("bar", orientation="h", y=[m for _, m, _ in empty], x=[1 - 2 * pad] * len(empty),
                            base=[c + pad for c, _, _ in empty], width=[h - 0.14 for *_, h in empty],
                            marker=dict(color=EMPTY_FILL, line=dict(width=0)), hoverinfo="skip", showlegend=False))
    for (status, derived), part in sorted(bars.items(), key=lambda kv: (kv[0][1], STATUS_ORDER.index(kv[0][0]))):
        color = STATUS_COLOR[status]
        marker = (dict(color="#ffffff", line=dict(color=color, width=2),
                       pattern=dict(shape="/", fgcolor=color, bgcolor="#ffffff", solidity=0.18, size=7))
                  if derived else dict(color=color, line=dict(width=0)))
        fig.add_trace(trace("bar", orientation="h", y=[m for _, m, *_ in part], x=[1 - 2 * pad] * len(part),
                            base=[c + pad for c, *_ in part], width=[h - 0.14 for _, _, h, *_ in part], marker=marker,
                            customdata=[[r["id"], r["permalink"]] for *_, r, _ in part],
                            hovertext=[_cell_hover(r, every) for *_, r, every in part],
                            hovertemplate="%{hovertext}<extra></extra>", showlegend=False))
        ink = "#111418" if derived else _ink(color)
        word = "<br>".join(esc(t) for t in _split(STATUS_LABEL[status])) if two_lines else esc(_cell_word(status, short))
        for c, m, *_ in part:
            texts.append((c + 0.5, m, word, ink))
    for ink in dict.fromkeys(t[3] for t in texts):
        mine = [t for t in texts if t[3] == ink]
        fig.add_trace(trace("scatter", x=[t[0] for t in mine], y=[t[1] for t in mine], mode="text",
                            text=[t[2] for t in mine], textposition="middle center",
                            textfont=dict(size=cell_px, color=ink), hoverinfo="skip", showlegend=False))
    fig.update_xaxes(range=[0, len(columns)], fixedrange=True)
    fig.update_yaxes(range=[total, -head_units], autorange=False, fixedrange=True)
    fig.add_annotations([dict(x=i + 0.5, xref="x", y=-0.15, yref="y", xanchor="center", yanchor="bottom", showarrow=False,
                              align="center", text="<br>".join(esc(t) for t in head),
                              font=dict(size=head_px, color="#111418" if columns[i][0] != DERIVED else "#444"))
                         for i, head in enumerate(heads)])
    fig.add_annotations([dict(x=0, xref="x domain", yref="y", xanchor="left", yanchor="middle", showarrow=False,
                              align="left", text=a["text"], y=a["y"], name=layout.SIDE_LABEL,
                              font=dict(size=a["size"], color="#111418" if a["size"] == HEADER_PX else "#333"))
                         for a in side])
    fig.label_column_px = min(label_col, int(1.03 * max(layout.text_px(line, a["size"]) for a in side
                                                         for line in a["text"].split("<br>"))) + 4)
    return total + 0.1, short


def _draw_list(fig: FigureSpec, pv, by_provision, agreements, width: int) -> float:
    """A phone: each provision's label on its own lines, then one line per status naming its claimants (each
    claimant named with its own status; our derived statuses on a line of their own)."""
    y, notes, swatches = 0.0, [], []
    for ag_id, rows in _agreement_rows(pv):
        header = _lines(agreements.loc[ag_id, "name"], width - 4)
        notes.append(dict(text="<b>" + "<br>".join(esc(t) for t in header) + "</b>", y=y, size=13, color="#111418", x=0))
        y += 1.05 * len(header) + 0.15
        for p in rows:
            mine = by_provision.get(p["id"], [])
            name, extra = _row_text(p, _days_past(p, mine))
            lines = _lines(name, width) + [t for e in extra for t in _lines(e, width)]
            notes.append(dict(text="<br>".join(esc(t) for t in lines), y=y, size=12, color="#333", x=0))
            y += 0.95 * len(lines)
            groups: dict[tuple[str, bool], list[dict]] = {}
            for r in mine:
                groups.setdefault((r["status"], bool(r["derived"])), []).append(r)
            for (status, derived), rs in sorted(groups.items(), key=lambda kv: (kv[0][1], STATUS_ORDER.index(kv[0][0]))):
                who = "derived by us" if derived else "; ".join(r["claimant"] for r in rs)
                text = f"{STATUS_LABEL[status]}: {who}"
                body = _lines(text, width - 4)
                swatches.append((y + 0.45, status, derived, rs))
                notes.append(dict(text="<br>".join(esc(t) for t in body), y=y, size=11.5, color="#111418", x=0, shift=16))
                y += 0.9 * len(body)
            y += 0.45
    for status, derived in dict.fromkeys((s, d) for _, s, d, _ in swatches):
        part = [(yy, rs) for yy, s, d, rs in swatches if (s, d) == (status, derived)]
        color = STATUS_COLOR[status]
        fig.add_trace(trace("scatter", x=[0] * len(part), y=[yy for yy, _ in part], mode="markers", showlegend=False,
                            marker=dict(symbol="square", size=11, color="#ffffff" if derived else color,
                                        line=dict(color=color, width=2 if derived else 0)),
                            customdata=[[rs[0]["id"], rs[0]["permalink"]] for _, rs in part],
                            hovertext=["<br>".join(_cell_hover(r, []) for r in rs) for _, rs in part],
                            hovertemplate="%{hovertext}<extra></extra>", cliponaxis=False))
    fig.update_xaxes(range=[0, 1], fixedrange=True)
    fig.update_yaxes(range=[y, -0.2], autorange=False, fixedrange=True)
    fig.add_annotations([dict(x=0, xref="x domain", xshift=n.get("shift", 0) - (6 if not n.get("shift") else 0),
                              yref="y", y=n["y"], xanchor="left", yanchor="top", showarrow=False, align="left",
                              text=n["text"], font=dict(size=n["size"], color=n["color"])) for n in notes])
    return y


def _cell_hover(r, every: list[dict]) -> str:
    """A cell's hover: the claimant's (or our) latest status, its date, summary and source; for our derived cell,
    every derived status on that provision with the count it rests on."""
    if not every:
        return _hover(r)
    return "<br><br>".join(_hover(d) for d in sorted(every, key=lambda d: (d["as_of_end"], d["id"]), reverse=True))
