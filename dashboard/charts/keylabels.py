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

from .. import theme
from . import layout
from .base import esc
from .marks import ROW_PX

KEY_MOMENTS_MAX = 8  # the most recent in view, known to a day or week
LABEL_SIZE = 11
LINE_PX = 14  # a line of LABEL_SIZE text
CHAR_PX = 6.6  # average width of a DejaVu Sans character at LABEL_SIZE (generous: labels must not collide)
MAX_LINES = 3  # headline lines (the date is one more)
GAP_PX = 4


def wrap_chars() -> int:
    """Headline line length for the layout width: 22 characters on a phone, up to 34 on a slide."""
    return min(layout.chars(22), 34)


def headline(notes: str, fallback: str, width: int) -> list[str]:
    """The note's first statement as lines of at most `width` characters: MAX_LINES at most when the
    statement, its first clause or the fallback fits, else whichever needs fewest lines (never cut mid-clause)."""
    clause = re.sub(r"\s*\([^)]*\)", "", str(notes or "").split(";")[0]).strip().rstrip(".")

    def fits(text: str) -> bool:
        return len(textwrap.wrap(text, width, break_long_words=False)) <= MAX_LINES

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
                  min(candidates, key=lambda c: len(textwrap.wrap(c, width, break_long_words=False))))
    return textwrap.wrap(clause, width, break_long_words=False) or [fallback]


def key_labels(ev: pd.DataFrame, start_px: pd.Series, end_px: pd.Series, plot_px: float) -> pd.DataFrame:
    """Labels for the key moments among `ev` (columns key, date_precision, x_lo, notes, when, type, group):
    per labelled event its text, side ('right'/'left'), size in pixels and the rows it needs, and the
    extended [start, end] pixel extent that packing must keep free."""
    keys = ev[ev["key"].astype(bool) & ev["date_precision"].isin(["day", "week"])].sort_values(["x_lo", "id"])
    keys = keys.tail(KEY_MOMENTS_MAX)
    rows = []
    width = wrap_chars()
    for i, r in zip(keys.index, keys.to_dict("records")):
        place = r.get("location") if isinstance(r.get("location"), str) and r.get("location") else None
        who = r.get("actor1") if isinstance(r.get("actor1"), str) and r.get("actor1") else r["group"]
        fallback = f"{theme.label(r['type'])}" + (f" in {place}" if place else "") + f": {who}"
        lines = headline(r["notes"], fallback, width)
        w = CHAR_PX * max(len(line) for line in [r["when"], *lines])
        a, b = float(start_px[i]), float(end_px[i])
        room_right, room_left = plot_px - b, a
        side = "right" if room_right >= w + GAP_PX or room_right >= room_left else "left"
        text = f"<b>{esc(r['when'])}</b><br>" + "<br>".join(esc(line) for line in lines)
        height = LINE_PX * (len(lines) + 1)
        rows.append(dict(index=i, text=text, side=side, w_px=w, rows=max(1, math.ceil(height / ROW_PX)),
                         start=a if side == "right" else a - GAP_PX - w, end=b + GAP_PX + w if side == "right" else b))
    return pd.DataFrame(rows, columns=["index", "text", "side", "w_px", "rows", "start", "end"]).set_index("index")
