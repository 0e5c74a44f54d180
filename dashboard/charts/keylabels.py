"""Key moments labelled beside their own mark: a short headline and the date at its precision.

Each label is text next to its mark or bar (to the right, or to the left where the right edge is near),
in the mark's own packed row, so the label cannot point at a neighbour: it is placed on the mark itself
(no leader lines or arrows, which also cost the browser a layout pass each). The packing in marks.pack
reserves the label's width and height in the lane, so no label covers another mark. The headline is the
note's first statement (to its first semicolon, brackets left out); a statement too long for a label is
cut before a trailing clause that only adds to it (', which the article calls the largest') or before a trailing
phrase (' from Egypt, Qatar and the US in Cairo ...'), never after an article, a preposition or 'says', so what is
left reads whole; no ellipsis (a second reader took 'Negotiations in Cairo: Hamas', the old type-place-actor
fallback, for a cut-off line).
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


# A comma may end a label only where what follows is an add-on to a whole clause (a relative or participle clause
# at the end), never where the sentence's verb comes later ('The Gaza ceasefire between Israel and Hamas, brokered
# by ..., takes effect': cut at the comma it loses 'takes effect').
ADD_ON = re.compile(r"^(which|who|whose|where|while|after|as|saying|killing|including|according)\b")
# Words that start a trailing phrase (where, when, how, why): a statement too long for its label is cut before one,
# so what is left reads whole ('A Hamas delegation ... meets Egyptian intelligence chiefs and envoys' | 'from Egypt,
# ...'). Never an ellipsis: no label in the app is cut with one (docs/CHARTS.md); the whole note is in the hover,
# the detail view and the CSV.
PHRASE = re.compile(r",? (in|on|at|after|before|with|from|for|across|near|during|since|under|against|amid|"
                    r"while|into|through|following|despite|because|ahead)\b")
# a label never ends on one of these (it would read as cut off): articles, prepositions, conjunctions, and the
# verbs that introduce what someone says
DANGLING = {"a", "an", "the", "of", "by", "and", "or", "to", "in", "on", "at", "for", "from", "with", "led", "that",
            "its", "their", "his", "her", "as", "is", "are", "was", "were", "but", "has", "have", "be", "been",
            "says", "said", "say", "announces", "argues", "reports", "claims", "warns", "accuses", "calls", "tells",
            "adds", "denies", "confirms", "issues", "work", "works", "try", "tries", "whom", "who", "which", "more"}
MIN_WORDS = 3


def statement(notes: str) -> str:
    """The note's first statement: up to its first semicolon, brackets left out, no final full stop."""
    text = notes if isinstance(notes, str) else ""  # a missing note (None, NaN) is no statement, not 'nan'
    return re.sub(r"\s*\([^)]*\)", "", text.split(";")[0]).strip().rstrip(".")


# What someone says is shown whole or not cut after the verb: 'The IDF says a gunman' reads as a claim cut off.
REPORTING = {"says", "said", "say", "argues", "announces", "claims", "warns", "accuses", "tells", "denies", "confirms",
             "reports", "calls", "insists", "alleges", "aims", "intend", "intends", "wants", "plans", "seeks"}


OPENERS = {"in", "on", "at", "after", "before", "with", "from", "for", "across", "during", "since", "under", "amid",
           "while", "despite", "following", "alongside"}


def _reads_whole(head: str) -> bool:
    """Whether a shortened statement can stand as a label: not a bare name ('US President Donald Trump', every word
    capitalised), not an opening phrase alone ('In a 60 Minutes interview alongside Witkoff'), not ending on a
    dangling word, and no reporting verb in it: what someone says is shown whole, never shortened."""
    raw = head.split()
    words = [w.lower().strip(",:'\"") for w in raw]
    return (len(words) >= MIN_WORDS and words[-1] not in DANGLING and not head.endswith((",", ":"))
            and not set(words) & REPORTING and "that" not in words[-3:]
            and any(w[:1].islower() for w in raw) and words[0] not in OPENERS)


# a quotation mark, not an apostrophe ("Israel's" has one between letters)
QUOTE_MARK = re.compile(r"(?<!\w)'|'(?!\w)")


def cuts(clause: str) -> list[str]:
    """Shorter forms of `clause` that read whole, longest first: its main clause before an add-on (', which ...'),
    and every prefix before a trailing phrase (PHRASE) that does not end on a dangling word."""
    out = []
    for m in re.finditer(r", ", clause):
        rest = clause[m.end():]
        if m.start() >= 20 and ADD_ON.match(rest) and "," not in rest:
            out.append(clause[:m.start()])
    for m in PHRASE.finditer(clause):
        head = clause[:m.start()].rstrip(",")
        if _reads_whole(head) and len(QUOTE_MARK.findall(head)) % 2 == 0:  # never inside a quotation
            out.append(head)
    # before ', ' or ' and ' where it does not cut a list short ('from Egypt, Qatar | and the US'): the item before
    # must be longer than a name, and what follows a comma must not run on to 'and'/'or' within two words; a comma
    # that closes an aside opened by an earlier one is not an end
    for m in re.finditer(r", | and ", clause):
        head, rest = clause[:m.start()], clause[m.end():]
        item = head.rsplit(", ", 1)[-1] if ", " in head else head
        if re.match(r"^[\w'-]+( [\w'-]+)? (and|or) ", rest) or len(item.split()) <= 3 or not _reads_whole(head) \
                or (m.group() == ", " and ", " in head):  # 'Hamas, as reported by ynet' | ', denies ...': an aside
            continue
        out.append(head)
    return sorted(set(out), key=len, reverse=True)


def headline(notes: str, fallback: str, width: int, *, max_lines: int = MAX_LINES, lead: str = "") -> list[str]:
    """The note's first statement as lines of at most `width` characters and `max_lines` at most: the whole
    statement, else the longest of its shorter forms that read whole and fit (`cuts`), else the shortest of them
    (more lines than asked: never a fragment). `fallback` stands in only for an empty note. `lead` (a date)
    starts the first line."""
    clause = statement(notes) or fallback

    def lines(text: str) -> list[str]:
        return textwrap.wrap(lead + text, width, break_long_words=False)

    shorter = cuts(clause)
    fitting = [c for c in [clause, *shorter] if len(lines(c)) <= max_lines]
    return lines(fitting[0] if fitting else (shorter[-1] if shorter else clause))


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
