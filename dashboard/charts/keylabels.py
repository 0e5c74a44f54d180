"""Key moments labelled beside their own mark: a short headline and the date at its precision.

Each label is text next to its mark or bar (to the right, or to the left where the right edge is near),
in the mark's own packed row, so the label cannot point at a neighbour: it is placed on the mark itself
(no leader lines or arrows, which also cost the browser a layout pass each). The packing in marks.pack
reserves the label's width and height in the lane, so no label covers another mark. The headline is the
note's first statement (to its first semicolon, brackets left out); a statement too long for a label is
cut at a comma that does not split a list, and otherwise replaced by the event type, place and
initiating actor ('Negotiations in Cairo: Hamas').
The full note stays in the hover, the detail view and the CSV.
"""

from __future__ import annotations

import math
import re
import textwrap

import pandas as pd

from dashboard.conventions import theme
from dashboard.charts import layout
from dashboard.charts.base import esc
from dashboard.charts.marks import ROW_PX

KEY_MOMENTS_MAX = 8  # the most recent in view, known to a day or week
LABEL_SIZE = 11
LINE_PX = 14  # a line of LABEL_SIZE text
CHAR_PX = 6.6  # average width of a DejaVu Sans character at LABEL_SIZE (generous: labels must not collide)
MAX_LINES = 3  # headline lines (the date is one more)
GAP_PX = 4
COMPACT_CHARS, COMPACT_LINES = 58, 2  # a slide's labels: the date and headline on up to two longer lines


def wrap_chars() -> int:
    """Headline line length for the layout width: 22 characters on a phone, up to 34 on a slide."""
    return min(layout.chars(22), 34)


def headline(notes: str, fallback: str, width: int, *, max_lines: int = MAX_LINES, lead: str = "") -> list[str]:
    """The note's first statement as lines of at most `width` characters: `max_lines` at most when the
    statement, its first clause or the fallback fits, else whichever needs fewest lines (never cut mid-clause).
    `lead` (a date) starts the first line of whichever is chosen."""
    clause = re.sub(r"\s*\([^)]*\)", "", str(notes or "").split(";")[0]).strip().rstrip(".")

    def fits(text: str) -> bool:
        return len(textwrap.wrap(lead + text, width, break_long_words=False)) <= max_lines

    candidates = [clause]
    for m in re.finditer(r", ", clause):
        if re.match(r"^[\w'-]+( [\w'-]+)? (and|or) ", clause[m.end():]):  # a list goes on: never cut it short
            continue
        if m.start() >= 20:
            candidates.append(clause[:m.start()])
        break
    candidates.append(fallback)
    # the first that fits (the note's own words first); if none does, the one that needs the fewest lines
    clause = next((c for c in candidates if fits(c)),
                  min(candidates, key=lambda c: len(textwrap.wrap(lead + c, width, break_long_words=False))))
    return textwrap.wrap(lead + clause, width, break_long_words=False) or [lead + fallback]


def key_labels(ev: pd.DataFrame, start_px: pd.Series, end_px: pd.Series, plot_px: float, *, row_px: float = ROW_PX,
               compact: bool = False) -> pd.DataFrame:
    """Labels for the key moments among `ev` (columns key, date_precision, x_lo, notes, when, type, group):
    per labelled event its text, side ('right'/'left'), size in pixels and the rows it needs (of `row_px`), and
    the extended [start, end] pixel extent that packing must keep free. `compact` (a timeline slide, short of
    height): the date leads the headline's first line and lines run longer, so a label takes fewer rows."""
    keys = ev[ev["key"].astype(bool) & ev["date_precision"].isin(["day", "week"])].sort_values(["x_lo", "id"])
    keys = keys.tail(KEY_MOMENTS_MAX)
    rows = []
    width = COMPACT_CHARS if compact else wrap_chars()
    for i, r in zip(keys.index, keys.to_dict("records")):
        place = r.get("location") if isinstance(r.get("location"), str) and r.get("location") else None
        who = r.get("actor1") if isinstance(r.get("actor1"), str) and r.get("actor1") else r["group"]
        fallback = f"{theme.label(r['type'])}" + (f" in {place}" if place else "") + f": {who}"
        if compact:  # "22 Nov 2025 · headline", wrapped as one text so the date shares the first line
            lead = f"{r['when']} · "
            lines = headline(r["notes"], fallback, width, max_lines=COMPACT_LINES, lead=lead)
            shown = lines
        else:
            lines = headline(r["notes"], fallback, width)
            shown = [r["when"], *lines]
        w = CHAR_PX * max(len(line) for line in shown)
        a, b = float(start_px[i]), float(end_px[i])
        room_right, room_left = plot_px - b, a
        side = "right" if room_right >= w + GAP_PX or room_right >= room_left else "left"
        if compact:
            first = lines[0]
            text = f"<b>{esc(first[:len(lead) - 3])}</b>{esc(first[len(lead) - 3:])}" + "".join(f"<br>{esc(x)}" for x in lines[1:])
        else:
            text = f"<b>{esc(r['when'])}</b><br>" + "<br>".join(esc(line) for line in lines)
        height = LINE_PX * len(shown)
        rows.append(dict(index=i, text=text, side=side, w_px=w, rows=max(1, math.ceil(height / row_px)),
                         start=a if side == "right" else a - GAP_PX - w, end=b + GAP_PX + w if side == "right" else b))
    return pd.DataFrame(rows, columns=["index", "text", "side", "w_px", "rows", "start", "end"]).set_index("index")
