"""Sizes that keep every chart legible at 1440x900, at 390x844 (a phone) and on a 1600x900 slide.

Plotly never wraps text, so every title, subtitle, row label and footer line is wrapped here for the
drawing width of the named layout the chart is built for (`Layout`: PHONE, SLIDE, app(px), slide(px); there is
no default, see `using`). Legends are
horizontal above the plot (they wrap to more rows on a narrow screen rather than squeezing the plot beside
them), and the top margin reserves the rows that width needs.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import html
import re
from dataclasses import dataclass

from dashboard.charts.base import esc, n_lines, wrap
from dashboard.charts.spec import FigureSpec

TITLE_SIZE, SUBTITLE_SIZE, FOOTER_SIZE, LABEL_SIZE, LEGEND_SIZE = 19, 13, 11, 11.5, 12
TITLE_WRAP, SUBTITLE_WRAP, FOOTER_WRAP, LABEL_WRAP = 27, 44, 52, 46  # characters per line at those sizes
PHONE_PLOT_PX = 330  # drawing width at 390 px (Streamlit pads the page, the figure pads the plot)
MODEBAR_PX = 30  # the toolbar strip above the title, so the toolbar never covers it
LINE_PX = {TITLE_SIZE: 25, SUBTITLE_SIZE: 19, FOOTER_SIZE: 14, LABEL_SIZE: 16}
MARGIN_L, MARGIN_R = 16, 16
SLIDE_PLOT_PX = 1568  # drawing width of a 1600 px export



class LayoutError(RuntimeError):
    """A chart was built without a named layout: every path out of the app must say which one it draws."""


@dataclass(frozen=True)
class Layout:
    """What a chart is laid out for: a name, the drawing width (`plot_px`, the figure less its side margins)
    and, for a slide, the height the whole figure must fit (`max_height`: axis and footer included)."""

    name: str
    plot_px: int
    max_height: int | None = None

    @property
    def figure_px(self) -> int:
        return self.plot_px + MARGIN_L + MARGIN_R


PHONE = Layout("phone", PHONE_PLOT_PX)
SLIDE = Layout("slide", SLIDE_PLOT_PX, 900)  # export-charts and the briefing pack: 1600x900, 16:9


def app(plot_px: int) -> Layout:
    """The app's pages: laid out for the width measured in the reader's browser, as tall as the content."""
    return Layout(f"app-{plot_px}", plot_px)


SLIDE_FROM_PX = 800  # narrower than this, a "slide" (briefing mode on a phone or tablet) is laid out as a page


def slide(plot_px: int, max_height: int | None = None) -> Layout:
    """A slide of `plot_px` drawing width: 16:9 (the figure's height at most 9/16 of its width) unless a height is
    given (briefing mode passes the reader's window height). Below SLIDE_FROM_PX there is no room for a label
    column, so rows keep their labels above them and cannot shrink: the page's layout, which scrolls."""
    if plot_px < SLIDE_FROM_PX:
        return app(plot_px)
    height = max_height or int((plot_px + MARGIN_L + MARGIN_R) * 9 / 16)
    return SLIDE if (plot_px, height) == (SLIDE.plot_px, SLIDE.max_height) else Layout(f"slide-{plot_px}x{height}", plot_px, height)


# The layout of the chart being built. Set only by `using` (charts.build does it); there is deliberately no
# default: a chart built outside `using` raises, so no path can fall back to the phone layout unnoticed (the
# briefing pack once drew four of its charts at phone width that way).
_LAYOUT: contextvars.ContextVar[Layout] = contextvars.ContextVar("chart_layout")


@contextlib.contextmanager
def using(lay: Layout):
    if not isinstance(lay, Layout):
        raise TypeError(f"a chart layout is a charts.layout.Layout (PHONE, SLIDE, app(px), slide(px)); got {lay!r}")
    token = _LAYOUT.set(lay)
    try:
        yield lay
    finally:
        _LAYOUT.reset(token)


def for_width(plot_px: int):
    """The app's layout for `plot_px` (kept for callers that only know a width)."""
    return using(app(plot_px))


_TEST_DEFAULT: list[Layout] = []  # set only by the test suite (tests/conftest.py), for unit tests of builders


def current() -> Layout:
    try:
        return _LAYOUT.get()
    except LookupError:
        if _TEST_DEFAULT:
            return _TEST_DEFAULT[-1]
        raise LayoutError("a chart was built without a layout: build it with charts.build(chart_id, ctx, layout) "
                          "(layout.PHONE, layout.SLIDE, layout.app(px) or layout.slide(px))") from None


def plot_px() -> int:
    """The drawing width of the chart being built."""
    return current().plot_px


def chars(base: int) -> int:
    """A wrap width (characters at phone width) scaled to the current layout width; never wider than a
    comfortable line (a long line of small type is hard to read on a slide)."""
    lay = current()
    return min(int(base * lay.plot_px / PHONE_PLOT_PX), base * (4 if lay.max_height else 3))  # a slide: fewer lines


EMPTY_MESSAGE = "No records match the current filters"


def legend_rows(names: list[str], width_px: int | None = None, title: str = "") -> int:
    """Rows a horizontal legend needs at the current width, its title row included. Plotly lays a wrapping
    horizontal legend out as a grid of equal columns, as wide as its longest entry (swatch + text). The title
    stays above the entries on a slide too: beside them (side="left"), Plotly wraps the entries as if the title
    took no room, and the last ones run past the figure's right edge (seen in an exported SVG)."""
    if not names:
        return 0
    widest = 42 + 6.6 * max(len(n) for n in names)
    per_row = max(1, int((width_px or plot_px()) // widest))
    return (1 if title else 0) + -(-len(names) // per_row)


LEGEND_GAP_PX = 40  # between two legends side by side on a slide
LEGEND_ENTRY_PX = 48  # an entry's symbol, its gaps and the air before the next entry (measured in Chromium)


def legend_row_px(title: str, names: list[str]) -> float:
    """The width of a legend drawn in one row with its title beside the entries: measured text, 5 % to spare."""
    return 1.05 * (text_px(esc(title), LEGEND_SIZE) + 12 + sum(LEGEND_ENTRY_PX + text_px(esc(n), LEGEND_SIZE) for n in names))


def legend_shelves(legends: list[tuple[str, list[str]]], width_px: float) -> tuple[list[tuple[float, float, str]], float] | None:
    """A slide's legends on shelves across the figure (a slide is short of height, not width): each legend that fits
    one row keeps its title beside it and shares a shelf with others, first fit in order; one too wide wraps on a
    shelf of its own, title above. Returns ((top px, left px from the figure's left margin, title side) per legend,
    the shelves' total height); None on a page (legends stack there, each wrapping)."""
    if not current().max_height or not legends:
        return None
    shelves: list[dict] = []
    placed = []
    for title, names in legends:
        w = legend_row_px(title, names)
        if w > width_px:
            shelves.append(dict(used=width_px, height=legend_height(legend_rows(names, width_px, title=title))))
            placed.append((len(shelves) - 1, 0.0, "top"))
            continue
        k = next((k for k, sh in enumerate(shelves) if sh["used"] + LEGEND_GAP_PX + w <= width_px), None)
        if k is None:
            shelves.append(dict(used=-LEGEND_GAP_PX, height=SHELF_PX))
            k = len(shelves) - 1
        at = shelves[k]["used"] + LEGEND_GAP_PX
        shelves[k]["used"] = at + w
        placed.append((k, at, "left"))
    tops = [sum(sh["height"] for sh in shelves[:k]) for k in range(len(shelves))]
    return [(tops[k], at, side) for k, at, side in placed], sum(sh["height"] for sh in shelves) + 8


SHELF_PX = 30  # a shelf of one-row legends, with the gap to the next


def legend(title: str, y: float, side: str = "top") -> dict:
    """A horizontal legend under the heading, its top at container fraction `y`; its title above it (or beside it,
    `side="left"`, only for a legend known to fit one row: Plotly wraps entries as if a title beside took no room)."""
    return dict(orientation="h", x=0, xanchor="left", xref="paper", y=y, yanchor="top", yref="container",
                title=dict(text=esc(title), side=side, font=dict(size=LEGEND_SIZE)),
                font=dict(size=LEGEND_SIZE), tracegroupgap=4, bgcolor="rgba(0,0,0,0)")


def legend_height(rows: int) -> int:
    """Pixels for a legend of `rows` rows (its title row included), with the gap to the next block."""
    return 22 * rows + 14 if rows else 0


def heading(title: str, subtitle: str) -> tuple[dict, int]:
    """The layout title (bold title, its own subtitle below) and the pixels they take."""
    t, s = wrap(title, chars(TITLE_WRAP)), wrap(subtitle, chars(SUBTITLE_WRAP))
    spec = dict(text=f"<b>{t}</b>", subtitle=dict(text=s, font=dict(size=SUBTITLE_SIZE, color="#444")))
    return spec, n_lines(t) * LINE_PX[TITLE_SIZE] + n_lines(s) * LINE_PX[SUBTITLE_SIZE] + 30  # measured in Chromium


ROW_LABEL_SHIFT = 13  # px between a row's centre line and its label's baseline: clears a bar or marker
SIDE_LABEL_SHARE = 0.55  # on a slide, the row-label column takes at most this share of the drawing width
SIDE_LABEL_GAP = 14  # px between the label column and the plot
SIDE_LABEL = "row-label"  # the annotation name of a side label


def side_labels() -> bool:
    """Whether row labels go in a column left of the plot (a slide: height is short, width plentiful) rather
    than above each row (a page or a phone: width is short, the page scrolls)."""
    return current().max_height is not None  # slides are never narrower than SLIDE_FROM_PX


def side_wrap(labels: list[str]) -> list[str]:
    """Labels re-wrapped to the side column of a slide (characters that fit, from the labels' own average width);
    unchanged when the widest already fits."""
    column = SIDE_LABEL_SHARE * plot_px()
    widest = max((text_px(line, LABEL_SIZE) for t in labels for line in t.split("<br>")), default=0)
    if widest <= column:
        return labels
    flat = [strip_tags(t) for t in labels]
    per_char = sum(text_px(t, LABEL_SIZE) for t in flat) / max(1, sum(len(t) for t in flat))
    chars = max(12, int(column / per_char))
    while True:  # bold or wide letters can run past the average: narrow until every line fits
        out = [rewrap(t, chars) for t in labels]
        if chars <= 12 or max(text_px(line, LABEL_SIZE) for t in out for line in t.split("<br>")) <= column:
            return out
        chars -= 2


def row_labels(fig: FigureSpec, rows: list, labels: list[str], *, xref: str = "x domain", yref: str = "y",
               offset: float = 0.0, shift: int = ROW_LABEL_SHIFT, at: list[float] | None = None) -> None:
    """Row labels, never cut and never squeezing the plot. On a page: written above each row inside the plot
    (left-aligned, wrapped), the baseline `offset` rows plus `shift` pixels above the row. On a slide
    (`side_labels`): a left-aligned column beside the rows, re-wrapped to the column, which brand() makes room
    for; each row then needs only its label's height, so a chart fits a slide."""
    if not side_labels():
        fig.add_annotations([dict(x=0, xref=xref, y=i - offset, yref=yref, xanchor="left", yanchor="bottom", yshift=shift,
                                  showarrow=False, align="left", text=text, font=dict(size=LABEL_SIZE, color="#333"))
                             for i, (row, text) in enumerate(zip(rows, labels))])
        return
    column = SIDE_LABEL_SHARE * plot_px()
    labels = side_wrap(labels)
    widest = max((text_px(line, LABEL_SIZE) for t in labels for line in t.split("<br>")), default=0)
    width = int(min(widest * 1.03, column)) + 4  # 3 %: the browser sets type a little wider than PIL measures
    fig.label_column_px = max(fig.label_column_px, width)
    fig.label_rows.append((yref, row_label_lines(labels)))
    # placed by brand(), which knows the column's final width (the widest over every panel)
    ys = at if at is not None else list(range(len(labels)))  # `at`: positions on an axis counted in pixels
    fig.add_annotations([dict(x=0, xref=xref, y=y, yref=yref, xanchor="left", yanchor="middle", name=SIDE_LABEL,
                              showarrow=False, align="left", text=text, font=dict(size=LABEL_SIZE, color="#333"))
                         for y, text in zip(ys, labels)])


def place_side_labels(fig: FigureSpec) -> int:
    """Align every side label at the left of one column as wide as the widest; returns the left margin it needs."""
    column = fig.label_column_px
    for a in fig.layout.get("annotations", []):
        if a.get("name") == SIDE_LABEL:
            a.update(xshift=-(column + SIDE_LABEL_GAP), width=column)
    return MARGIN_L + column + SIDE_LABEL_GAP


def top_strip() -> int:
    """Pixels above the title: on a page the toolbar's strip, so it never covers the title. A slide image has no
    toolbar, and in briefing mode it shows over the heading's empty right end, so a slide keeps only a gap."""
    return 8 if current().max_height else MODEBAR_PX


_TAG = re.compile(r"<[^>]+>")


def strip_tags(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup.replace("<br>", " ")))


@functools.lru_cache(maxsize=4)
def _font(size: float, bold: bool):
    try:
        from PIL import ImageFont

        path = "/usr/share/fonts/truetype/dejavu/DejaVuSans" + ("-Bold" if bold else "") + ".ttf"
        return ImageFont.truetype(path, size=int(round(size * 10)))  # theme.FONT: DejaVu Sans first
    except (ImportError, OSError):
        return None


@functools.lru_cache(maxsize=4096)
def text_px(markup: str, size: float, bold: bool = False) -> float:
    """The width of one line of Plotly text at `size` px, measured with the font the charts ask for (DejaVu
    Sans); bold spans measured bold. Without the font file, 0.62 em a character (DejaVu's average)."""
    parts = re.split(r"(<b>.*?</b>)", markup.replace("<br>", " "))
    total = 0.0
    for part in parts:
        heavy = bold or part.startswith("<b>")
        text = strip_tags(part)
        font = _font(size, heavy)
        total += font.getlength(text) / 10 if font else 0.62 * size * len(text)
    return total


def rewrap(markup: str, width: int) -> str:
    """Plotly markup (<b>, <i>, <span ...>, <br>) re-wrapped to `width` characters a line: tags open at a break
    are closed at the end of the line and opened again on the next, so every line renders as styled."""
    lines, line, used, stack = [], "", 0, []  # stack: (tag name, opening tag) of the tags open here

    def brk():
        nonlocal line, used
        lines.append(line.rstrip() + "".join(f"</{name}>" for name, _ in reversed(stack)))
        line, used = "".join(tag for _, tag in stack), 0

    for tok in re.findall(r"<br>|<[^>]+>|[^<\s]+|\s+", markup):
        if tok == "<br>":
            brk()
        elif tok.startswith("</"):
            name = tok[2:-1].strip()
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == name:
                    del stack[k]
                    break
            line += tok
        elif tok.startswith("<"):
            stack.append((tok[1:-1].split()[0], tok))
            line += tok
        elif tok.isspace():
            if used:
                line += " "
                used += 1
        else:
            n = len(html.unescape(tok))
            if used and used + n > width:
                brk()
            line += tok
            used += n
    brk()
    return "<br>".join(t for t in lines if strip_tags(t).strip())


MIN_PLOT_SHARE = 0.75  # a slide's plot keeps at least this share of its natural height: packed lanes stay apart
PANEL_GAP_MIN_PX = 44  # between stacked panels: the upper panel's tick labels and the lower one's heading


def min_plot_px(fig: FigureSpec, plot_px: float, floor: float | None = None) -> float:
    """The least height the plot can take on a slide without text or marks colliding: every labelled row as tall
    as its label (layout.row_labels records them), stacked panels far enough apart for their tick labels and
    heading, and never under `floor` (a builder that knows its marks' spacing passes it to brand()), by default
    MIN_PLOT_SHARE of the natural height (packed lanes of bars), unless its rows carry labels of two lines or
    more: those rows hold one claim each, and their labels are what limits them."""
    claim_rows = any(lines >= 2 for _, lines in fig.label_rows)  # one claim a row (panels.py): its label is the limit
    need = floor if floor is not None else (0 if claim_rows else MIN_PLOT_SHARE * plot_px)
    axes = fig.layout
    for yref, lines in fig.label_rows:
        ax = axes.get("yaxis" + yref[1:], {})
        lo, hi = ax.get("domain", [0, 1])
        rng = ax.get("range")
        if rng and hi > lo:
            # Plotly sets a line of text at 1.3 times its size; 4 px between two rows' labels
            need = max(need, (lines * 1.3 * LABEL_SIZE + 4) * abs(rng[1] - rng[0]) / (hi - lo))
    domains = sorted(tuple(v["domain"]) for k, v in axes.items() if k.startswith("yaxis") and "domain" in v)
    for (_, top_of_lower), (bottom_of_upper, _) in zip(domains, domains[1:]):
        if bottom_of_upper > top_of_lower:
            least = fig.panel_gap_min_px if fig.panel_gap_min_px is not None else PANEL_GAP_MIN_PX
            need = max(need, least / (bottom_of_upper - top_of_lower))
    return min(need, plot_px)


def row_label_lines(labels: list[str]) -> int:
    return max((n_lines(t) for t in labels), default=1)


def empty(fig: FigureSpec, message: str = EMPTY_MESSAGE) -> FigureSpec:
    fig.add_annotations([dict(text=wrap(message, 30), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                              font=dict(size=15, color="#666"))])
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
