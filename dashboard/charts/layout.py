"""Sizes that keep every chart legible at 1440x900, at 390x844 (a phone) and on a 1600x900 slide.

Plotly never wraps text, so every title, subtitle, row label and footer line is wrapped here for the
drawing width the chart is laid out for (`for_width`; a phone's, about 330 px, unless set). Legends are
horizontal above the plot (they wrap to more rows on a narrow screen rather than squeezing the plot beside
them), and the top margin reserves the rows that width needs.
"""

from __future__ import annotations

import contextlib
import contextvars

from .base import esc, n_lines, wrap
from .spec import FigureSpec

TITLE_SIZE, SUBTITLE_SIZE, FOOTER_SIZE, LABEL_SIZE, LEGEND_SIZE = 19, 13, 11, 11.5, 12
TITLE_WRAP, SUBTITLE_WRAP, FOOTER_WRAP, LABEL_WRAP = 27, 44, 52, 46  # characters per line at those sizes
PHONE_PLOT_PX = 330  # drawing width at 390 px (Streamlit pads the page, the figure pads the plot)
MODEBAR_PX = 30  # the toolbar strip above the title, so the toolbar never covers it
LINE_PX = {TITLE_SIZE: 25, SUBTITLE_SIZE: 19, FOOTER_SIZE: 14, LABEL_SIZE: 16}
MARGIN_L, MARGIN_R = 16, 16
SLIDE_PLOT_PX = 1568  # drawing width of a 1600 px export

# The width a chart is laid out for: a phone's unless set (`for_width`). The app sets the width measured in
# the reader's browser (app/viewport.py); an export sets its own, so a slide has no phone-sized gaps.
_PLOT_PX = contextvars.ContextVar("plot_px", default=PHONE_PLOT_PX)


@contextlib.contextmanager
def for_width(plot_px: int):
    token = _PLOT_PX.set(plot_px)
    try:
        yield
    finally:
        _PLOT_PX.reset(token)


def chars(base: int) -> int:
    """A wrap width (characters at phone width) scaled to the current layout width; never wider than a
    comfortable line (a long line of small type is hard to read on a slide)."""
    return min(int(base * _PLOT_PX.get() / PHONE_PLOT_PX), base * 3)
EMPTY_MESSAGE = "No records match the current filters"


def legend_rows(names: list[str], width_px: int | None = None, title: str = "") -> int:
    """Rows a horizontal legend needs at phone width, its title row included. Plotly lays a wrapping
    horizontal legend out as a grid of equal columns, as wide as its longest entry (swatch + text)."""
    if not names:
        return 0
    widest = 42 + 6.6 * max(len(n) for n in names)
    per_row = max(1, int((width_px or _PLOT_PX.get()) // widest))
    return (1 if title else 0) + -(-len(names) // per_row)


def legend(title: str, y: float) -> dict:
    """A horizontal legend under the heading, its top at container fraction `y`; its title on the left."""
    return dict(orientation="h", x=0, xanchor="left", xref="paper", y=y, yanchor="top", yref="container",
                title=dict(text=esc(title), side="top", font=dict(size=LEGEND_SIZE)),
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


def row_labels(fig: FigureSpec, rows: list, labels: list[str], *, xref: str = "x domain", yref: str = "y",
               offset: float = 0.0, shift: int = ROW_LABEL_SHIFT) -> None:
    """Row labels written above each row inside the plot (left-aligned, wrapped, never cut), so long
    labels never squeeze the plot. The baseline sits `offset` rows plus `shift` pixels above the row."""
    fig.add_annotations([dict(x=0, xref=xref, y=i - offset, yref=yref, xanchor="left", yanchor="bottom", yshift=shift,
                              showarrow=False, align="left", text=text, font=dict(size=LABEL_SIZE, color="#333"))
                         for i, (row, text) in enumerate(zip(rows, labels))])


def row_label_lines(labels: list[str]) -> int:
    return max((n_lines(t) for t in labels), default=1)


def empty(fig: FigureSpec, message: str = EMPTY_MESSAGE) -> FigureSpec:
    fig.add_annotations([dict(text=wrap(message, 30), xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                              font=dict(size=15, color="#666"))])
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig
