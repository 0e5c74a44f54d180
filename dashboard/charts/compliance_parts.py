"""What the two compliance charts share: their scope (the agreements in view), wrapping measured in the chart's
font, the hover of one assessment, and the header/footer reflow that sizes the figure to its layout (on a slide,
the rows give up height until the figure fits). Used by charts/compliance.py (the scorecard) and
charts/compliance_timeline.py (each report over time). No Streamlit import.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from dashboard.conventions import theme
from dashboard.dataset.compliance import STATUS_LABEL
from dashboard.conventions.datefmt import format_span
from dashboard.charts.base import Context, esc, wrap
from dashboard.charts import layout
from dashboard.charts.spec import FigureSpec

STATUS_COLOR = theme.STATUS_COLORS  # one registry (theme.py), with at_risk
LINE_CHARS = 46  # header, row labels: fits a 390 px phone at the sizes below (scaled with the layout's width)
FOOTER_CHARS = 54
UNIT_PX = 18  # pixels per y unit (one text line) at the built height
MIN_UNIT_PX = 13.5  # a slide's rows shrink to this at most (the timeline's lanes)
WIDE_FROM_PX = 800  # layouts this wide and wider put labels in a column left of the plot (the timeline)



def key_lines(items: list[tuple[str, int]], width: int) -> list[str]:
    """A key's entries (text, its shown length in characters) packed into lines of at most `width` characters,
    three spaces between entries: the compliance charts' keys are written as text, not as a Plotly legend."""
    out, line, used = [], [], 0
    for item, shown in items:
        if line and used + shown > width:
            out.append("   ".join(line))
            line, used = [], 0
        line.append(item)
        used += shown + 3
    return out + ["   ".join(line)] if line else out

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
                    ") are not drawn here.")
    if f.sources:
        asm = asm[asm["source_ids"].map(lambda s: bool(set(s) & set(f.sources))).astype(bool)]  # an empty map is not boolean
    asm = asm[asm["provision_id"].isin(pv["id"])]
    pv = pv[pv["id"].isin(asm["provision_id"])]
    return pv, asm, note


def _hyphenate(word: str, width_px: float, size: float, bold: bool = False) -> list[str]:
    """A word wider than `width_px` broken with hyphens into pieces that fit ('govern-', 'ment')."""
    out = []
    while layout.text_px(word, size, bold) > width_px and len(word) > 3:
        cut = max(k for k in range(2, len(word) - 2) if k == 2 or layout.text_px(word[:k] + "-", size, bold) <= width_px)
        cut = min(cut, (len(word) + 1) // 2 + 1)  # near the middle: 'govern-ment', not 'governm-ent'
        out.append(word[:cut] + "-")
        word = word[cut:]
    return out + [word]


def _px_wrap(text: str, width_px: float, size: float, bold: bool = False, hyphens: bool = False) -> list[str]:
    """`text` in lines no wider than `width_px` at `size` (measured), breaking at spaces (and, with `hyphens`,
    inside words that are wider than a line on their own)."""
    out: list[str] = []
    words = text.split()
    if hyphens:
        words = [piece for w in words for piece in _hyphenate(w, width_px, size, bold)]
    for word in words:
        if out and out[-1].endswith("-"):  # the rest of a hyphenated word starts the next line
            out.append(word)
            continue
        if out and layout.text_px(out[-1] + " " + word, size, bold) <= width_px:
            out[-1] += " " + word
        else:
            out.append(word)
    return out or [""]


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
            units: float = 1.0, *, key: list[str], min_unit_px: float = MIN_UNIT_PX, axis_px: int = 50) -> float:
    """Re-wrap brand()'s header and footer to `width` characters and size the margins to them (the left one is
    brand()'s: the label column). On a slide the plot gives up height until the figure fits the slide, down to
    `min_unit_px` a unit. `key`: the key's lines, under the subtitle. Returns the pixels per y unit."""
    sub = "<br>".join(esc(t) for t in _lines(subtitle, width))
    key = "<br>".join(key)
    # the title's base font sets the line height of every header line: keep it small, the title big by span
    heads = _px_wrap(title, layout.current().plot_px - 8, 22, bold=True)  # a phone: two lines
    header = (f"<span style='font-size:22px'><b>{'<br>'.join(esc(t) for t in heads)}</b></span><br><span style='color:#444'>{sub}</span>"
              f"<br><span style='font-size:13px;color:#222'>{key}</span>")
    # Plotly sets each line at 1.3 times its font: the 22 px title, 14 px subtitle and 13 px key lines
    header_px = 1.3 * (22 * len(heads) + 14 * (sub.count("<br>") + 1) + 13 * (key.count("<br>") + 1))
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
    footer["yshift"] = -(axis_px - 4)  # brand() left room for tick labels; a table without an axis has none
    # the key runs the heading's whole width, so the toolbar's strip stays clear even on a slide (in briefing
    # mode the toolbar shows over the heading's right end, which other charts leave empty)
    strip = layout.MODEBAR_PX
    top, bottom = int(strip + 20 + header_px + 24), axis_px + 17 * len(lines)  # axis_px: the tick labels' room  # 20: above the title; 24: gap below
    lay = layout.current()
    if lay.max_height and top + bottom + plot_px > lay.max_height:
        plot_px = max(lay.max_height - top - bottom, min_unit_px * units)  # never below: then it grows taller
    height = int(top + bottom + plot_px)
    # brand() placed the title for its own height; with the new height it is placed again, below the toolbar
    # strip, or it would slide down onto the first rows
    fig.update_layout(margin=dict(t=top, b=bottom, r=14), height=height,
                      title=dict(yref="container", y=1 - (strip + 20) / height, yanchor="top"))
    return plot_px / units
