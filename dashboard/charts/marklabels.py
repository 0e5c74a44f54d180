"""Short labels on the marks and bars a timeline (or the days-since comparison) leaves without a key-moment label,
wherever their row has room, so a reader of a pasted slide can tell what the other marks are.

A label here never adds a row: the rows are already packed (marks.pack) and a slide's height is fixed by them. A
bar's label runs inside the bar from its start, cut to the bar's length; a mark's (or a short bar's) label goes
beside it, right or left, into the stretch of its own row that nothing else uses. The words are the note's own
(keylabels.headline on one line: the whole statement, or a shorter form that reads whole, never an ellipsis). What
does not fit stays unlabelled; the hover, the detail view and the CSV hold every note.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.charts import marks
from dashboard.charts.base import esc
from dashboard.charts.keylabels import headline
from dashboard.charts.spec import trace

SIZE = 10  # smaller than a key moment's label (11): these are the supporting cast
CHAR_PX = 6.0  # a DejaVu Sans character at SIZE, generous (as keylabels.CHAR_PX at 11)
MIN_CHARS = 14  # less room than this holds no words worth reading
MAX_CHARS = {"inside": 90, "beside": 60}  # a bar's own length holds more than the gap beside a mark
INSIDE_PAD = marks.ARROW_PX + 4  # a bar's text starts this far in (clear of a clip arrow), as a count does
MARK_OFF = (marks.MARK_PX + 6) / 2  # a mark's text starts this far from its centre
COLUMNS = ["index", "text", "side", "a", "b"]


def _rows(lane_of: pd.Series, start: pd.Series, end: pd.Series, first: pd.Series, need: pd.Series) -> dict:
    """(lane, row) -> the [start, end] pixel stretches already taken in that row (marks, bars, labels, lane names)."""
    taken: dict = {}
    for i in lane_of.index:
        for r in range(int(first[i]), int(first[i]) + int(need[i])):
            taken.setdefault((lane_of[i], r), []).append((float(start[i]), float(end[i])))
    return taken


def _text(note: str, chars: int, most: int) -> str | None:
    """The note's words on one line of at most `chars` (and `most`) characters, whole or cut where they still read
    whole (keylabels.cuts), or None when nothing that reads whole fits."""
    chars = min(chars, most)
    if chars < MIN_CHARS:
        return None
    lines = headline(note, "", chars, max_lines=1)
    return lines[0] if len(lines) == 1 and len(lines[0]) <= chars else None


def mark_labels(ev: pd.DataFrame, start: pd.Series, end: pd.Series, first: pd.Series, need: pd.Series,
                lane_of: pd.Series, plot_w: float, skip=()) -> pd.DataFrame:
    """Labels for the events of `ev` (columns x_lo, x_hi, notes) not in `skip` (already labelled), given the
    packing (`lane_of`, `start`, `end`, `first`, `need`: every packed item, events and others, in pixels):
    per labelled event its text, side ('inside', 'right', 'left') and the pixel stretch [a, b] its text takes."""
    taken = _rows(lane_of, start, end, first, need)
    todo = [i for i in ev.index if i not in set(skip)]
    point = ev["x_lo"] == ev["x_hi"]
    out = []
    # bars first: a label inside its own bar takes no room from anything else
    for i in [i for i in todo if not point[i]]:
        a, b = max(float(start[i]), 0.0) + INSIDE_PAD, min(float(end[i]), plot_w) - 4 - marks.ARROW_PX
        text = _text(ev.at[i, "notes"], math.floor((b - a) / CHAR_PX), MAX_CHARS["inside"])
        if text:
            out.append(dict(index=i, text=text, side="inside", a=a, b=a + CHAR_PX * len(text)))
    done = {r["index"] for r in out}
    # then marks (and bars too short to hold their words), beside them where the row is free, in date order
    for i in sorted((i for i in todo if i not in done), key=lambda i: (float(start[i]), str(ev.at[i, "id"]))):
        row = (lane_of[i], int(first[i]))
        s0, s1 = float(start[i]), float(end[i])
        spans = [s for s in taken.get(row, []) if s != (s0, s1)]
        # where the text starts (right) or ends (left): as mark_label_trace anchors it
        c = (s0 + s1) / 2
        at_right, at_left = (c + MARK_OFF, c - MARK_OFF) if point[i] else (s1 + 1, s0 - 1)
        right = min([a for a, _ in spans if a >= s1 - 1e-6] + [plot_w]) - at_right - marks.GAP_PX
        left = at_left - max([b for _, b in spans if b <= s0 + 1e-6] + [0.0]) - marks.GAP_PX
        side, room = ("right", right) if right >= left else ("left", left)
        text = _text(ev.at[i, "notes"], math.floor(room / CHAR_PX), MAX_CHARS["beside"])
        if not text:
            continue
        w = CHAR_PX * len(text)
        a, b = (at_right, at_right + w) if side == "right" else (at_left - w, at_left)
        taken.setdefault(row, []).append((a - marks.GAP_PX / 2, b + marks.GAP_PX / 2))
        out.append(dict(index=i, text=text, side=side, a=a, b=b))
    return pd.DataFrame(out, columns=COLUMNS).set_index("index")


def label_anchor(r, side: str, x_range):
    """Where a label of event row `r` is anchored on the x axis: inside a bar from its start (or the axis edge),
    right of a mark or of a bar's end, or left of a mark or a bar's start. Key-moment and mark labels alike."""
    if r["x_lo"] == r["x_hi"] and side != "inside":
        return r["x_lo"]
    if side == "right":
        return min(r["x_hi"] + (pd.Timedelta(days=1) if isinstance(x_range[0], pd.Timestamp) else 0), x_range[1])
    return max(r["x_lo"], x_range[0])


def mark_label_trace(ev: pd.DataFrame, labels: pd.DataFrame, x_range, *, xaxis: str = "x", yaxis: str = "y"):
    """One text trace ('marklabels') for `labels`: each text anchored on its own mark or bar, in its row."""
    if labels.empty:
        return None
    xs, ys, texts, positions, sizes, ids = [], [], [], [], [], []
    for i, lab in labels.iterrows():
        r = ev.loc[i]
        pt = r["x_lo"] == r["x_hi"]
        size = 2 * INSIDE_PAD if lab["side"] == "inside" else (2 * MARK_OFF if pt else 2)
        xs.append(label_anchor(r, lab["side"], x_range))
        ys.append(r["y"])
        texts.append(esc(lab["text"]))
        positions.append("middle left" if lab["side"] == "left" else "middle right")
        sizes.append(size)
        ids.append(r["id"])
    return trace("scatter", x=xs, y=ys, text=texts, ids=ids, mode="markers+text", textposition=positions,
                 marker=dict(size=sizes, color="rgba(0,0,0,0)", line=dict(width=0)),
                 textfont=dict(size=SIZE, color="#333"), showlegend=False, hoverinfo="skip", cliponaxis=False,
                 name="marklabels", xaxis=xaxis, yaxis=yaxis)
