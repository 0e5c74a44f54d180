"""The brand every chart carries inside the figure, so a screenshot or export stands alone: title,
subtitle, and a footer with sources (outlet, kind, date at its precision), claimants, as-of date,
filters and dataset version."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd

from dashboard.conventions import theme
from dashboard.conventions.datefmt import format_row, format_span
from dashboard.charts import layout
from dashboard.charts.base import Chart, Context, latest_source_window, n_lines, wrap
from dashboard.charts.spec import FigureSpec

AXIS_PX = 46  # x tick labels below the plot
AXIS_TITLED_PX = 64  # tick labels and an axis title


def source_label(src: pd.Series) -> str:
    """A sources-frame row in a footer: outlet and publication date at its precision (and time, when known),
    each marked with its basis (theme.source_long_label)."""
    when = format_row(src, "published")
    return theme.source_long_label(src["outlet"], src.get("outlet_basis"), src["kind"], when, src.get("published_basis"))


def footer_sources(rows: list[pd.Series]) -> str:
    """The sources in a chart footer, short enough for a slide: what the text states goes unmarked (the detail
    view and the export say "per the text"); what the coder supplied is marked as such; inferred publication dates
    are said once for the line when every date shown is inferred, else on each source whose date is."""
    all_inferred = bool(rows) and all(r.get("published_basis") == "inferred" for r in rows)
    labels = []
    for r in rows:
        outlet_basis = r.get("outlet_basis") if r.get("outlet_basis") == "supplied" else None
        date_basis = r.get("published_basis")
        if date_basis == "stated" or (date_basis == "inferred" and all_inferred):
            date_basis = None
        labels.append(theme.source_long_label(r["outlet"], outlet_basis, r["kind"], format_row(r, "published"),
                                              date_basis))
    text = "; ".join(labels)
    if all_inferred:
        text += "; publication date" + ("s" if len(rows) > 1 else "") + " inferred from the text"
    return text


def as_of_text(ctx: Context, source_ids) -> str | None:
    """'Data as of 23–29 Nov 2025 (latest source in this chart)': the latest source window among the records
    drawn (their sources' publication windows; latest_source_window), written at its precision. Never a single day for a
    source dated to a week, and never a record's own date (a year-precision record ends on 31 December)."""
    window = latest_source_window(ctx, source_ids)
    # says what it is the as-of of: slides side by side differ when one chart draws only older sources (the reading
    # test read the enforcement slide's "5–9 Nov 2025" beside the others' "23–29 Nov 2025" as a mistake)
    return f"Data as of {window} (latest source in this chart)" if window else None


def filter_text(f) -> str:
    """The active filters in words, dates by the display rule ('from 10 Oct 2025'; never a '…' placeholder)."""
    parts = []
    if f.start or f.end:
        parts.append(" ".join(p for p in (f"from {format_span(f.start, f.start, 'day')}" if f.start else "",
                                            f"to {format_span(f.end, f.end, 'day')}" if f.end else "") if p))
    rest = f.with_(start=None, end=None)
    if rest.active:
        parts.append(rest.describe())
    return "; ".join(parts)


def footer_text(ctx: Context, source_ids, claimants=(), as_of=None, note: str | None = None) -> str:
    sources = ctx.frames.sources.set_index("id")
    ids = [s for s in dict.fromkeys(source_ids) if s in sources.index]
    lines = []
    if note:
        lines.append(f"Note: {note}")
    lines.append("Source: " + (footer_sources([sources.loc[s] for s in ids]) or "none shown"))
    if claimants:
        lines.append("Figures as claimed by: " + "; ".join(dict.fromkeys(claimants)))
    tail = [t for t in (as_of_text(ctx, source_ids),) if t]  # `as_of` is no longer read: see as_of_text
    if ctx.filters.active:
        tail.append(f"Filters: {filter_text(ctx.filters)}")
    tail.append(f"Ceasefire Monitor dataset {ctx.version}")
    lines.append(" · ".join(tail))
    return "<br>".join(wrap(line, layout.chars(layout.FOOTER_WRAP)) for line in lines)


def brand(fig: FigureSpec, ctx: Context, *, title: str, subtitle: str, source_ids, claimants=(), as_of=None,
          note: str | None = None, plot_px: int = 360, legends=(), axis_px: int = AXIS_PX,
          left: int = layout.MARGIN_L, head_px: int = 0, min_plot_px: float | None = None) -> FigureSpec:
    """Title, subtitle and footer inside the figure. The footer's "Data as of" comes from `source_ids` (the
    latest source window drawn, as_of_text); `as_of` is accepted from older callers and not read. The figure's
    height is the sum of its parts: the
    toolbar strip, the heading, the legend rows, the plot (`plot_px`), the axis and the footer, so no
    part is squeezed onto another at any width. On a slide (a layout with `max_height`) the plot gives up
    height until the whole figure fits the slide, down to the least it can take (layout.min_plot_px, or the
    builder's own `min_plot_px`); the row labels are then a column left of the plot (layout.row_labels), and
    `left` makes room for it."""
    lay = layout.current()
    if fig.label_column_px:
        left = max(left, layout.place_side_labels(fig))
    heading, heading_px = layout.heading(title, subtitle)
    titled = fig.axis_titled("x")
    axis_px = max(axis_px, AXIS_TITLED_PX) if titled else axis_px  # tick labels and an axis title
    footer = footer_text(ctx, source_ids, claimants, as_of, note)
    footer_px = n_lines(footer) * layout.LINE_PX[layout.FOOTER_SIZE] + 12
    # legends: (layout key, title, entry names); each gets the rows it needs at phone width
    # (legends start at the plot's left edge: beside a label column they have only the plot's width)
    room = layout.plot_px() - (left - layout.MARGIN_L)
    sized = [(key, title, layout.legend_rows(names, room, title=title)) for key, title, names in legends if names]
    legend_px = sum(layout.legend_height(rows) for _, _, rows in sized)
    # a slide is short of height, not width: each legend in one row, title beside, on shelves across the figure
    shelves = layout.legend_shelves([(title, names) for _, title, names in legends if names],
                                    lay.figure_px - layout.MARGIN_L - layout.MARGIN_R)
    if shelves is not None:
        shelves, legend_px = shelves
    top = layout.top_strip() + 4 + heading_px + legend_px + head_px + 8  # head_px: a panel heading above the plot
    bottom = axis_px + footer_px
    if lay.max_height and top + plot_px + bottom > lay.max_height:
        plot_px = max(lay.max_height - top - bottom, layout.min_plot_px(fig, plot_px, min_plot_px))
    height = int(top + plot_px + bottom)
    y = layout.top_strip() + 4 + heading_px
    for n, (key, title, rows) in enumerate(sized):
        if shelves is not None:
            # in plot (paper) units, above the plot and, beside a label column, from left of it: there Plotly wraps
            # a legend only past the figure's width (elsewhere past the plot's), and each fits its shelf
            shelf_top, at, side = shelves[n]
            spec = layout.legend(title, y=1 + (top - y - shelf_top) / plot_px, side=side)
            spec.update(yref="paper", x=(layout.MARGIN_L + at - left) / (lay.figure_px - left - layout.MARGIN_R))
        else:
            spec = layout.legend(title, y=1 - y / height)
            y += layout.legend_height(rows)
        fig.update_layout({key: spec})
    fig.update_layout(
        # the title starts below the toolbar strip. Title padding is not applied to a title with a subtitle,
        # so this is a container position; plotly puts the first line's top about 17 px above `y`
        title=dict(heading, x=0, xanchor="left", xref="container", yref="container",
                   y=1 - (layout.top_strip() + 20) / height, yanchor="top", pad=dict(l=layout.MARGIN_L),
                   font=dict(size=layout.TITLE_SIZE)),
        font=dict(family=theme.FONT, size=12, color="#222"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,  # a numpy int is not sized by st.plotly_chart (falls back to 450 px)
        # a slide is drawn at the width it was laid out for: its legends sit at pixel offsets (layout.legend_shelves)
        width=lay.figure_px if lay.max_height else None,
        margin=dict(l=int(left), r=layout.MARGIN_R, t=int(top), b=int(bottom), autoexpand=False),
        hoverlabel=dict(align="left", bgcolor="white", font=dict(size=13)),
    )
    fig.add_annotations([dict(text=footer, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
                              yshift=-axis_px, xshift=layout.MARGIN_L - left, align="left", showarrow=False,
                              name="footer", font=dict(size=layout.FOOTER_SIZE, color="#444"))])
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", linecolor="#999", zeroline=False, automargin=False)
    day_ticks(fig)
    fig.update_yaxes(showgrid=True, gridcolor="#eeeeee", linecolor="#999", zeroline=False, automargin=False)
    return fig


DAY_MS = 86_400_000
TICK_PX = 80  # about the room one date tick label needs


def _as_time(value):
    if isinstance(value, (pd.Timestamp, datetime, date)) or (isinstance(value, str) and len(value) >= 10 and value[4] == "-"):
        try:
            return pd.Timestamp(value)
        except ValueError:
            return None
    return None


def day_ticks(fig: FigureSpec) -> None:
    """No date axis finer than a day, on any chart: the data is known to a day at best, so an hourly axis
    (a one-day filter: Plotly's auto ticks fall to hours, and marks seem to sit at noon) says more than we
    know. A date axis whose ticks could fall below a day gets ticks every whole day (or every few days)
    at midnight, labelled by day; coarser axes keep Plotly's own ticks."""
    width = layout.chars(1000) / 1000 * layout.PHONE_PLOT_PX  # the drawing width this layout is for
    for key in [k for k in fig.layout if k.startswith("xaxis")] or ["xaxis"]:
        axis = fig.layout.get(key, {})
        bounds = [_as_time(v) for v in (axis.get("range") or [])]
        if len(bounds) != 2 or None in bounds:
            ref = "x" + key.removeprefix("xaxis")
            xs = [t for tr in fig.data if (tr.get("xaxis") or "x") == ref for v in (tr.get("x") if tr.get("x") is not None else [])
                  if v is not None and (t := _as_time(v)) is not None]
            bounds = [min(xs), max(xs)] if xs else []
        if len(bounds) != 2:
            continue
        span_days = max((bounds[1] - bounds[0]) / pd.Timedelta(days=1), 0)
        ticks = max(int(width // TICK_PX), 2)
        if span_days / ticks < 2:  # Plotly's rounding could pick 12 hours or less here
            step = max(1, -(-int(span_days) // ticks))
            fig.layout.setdefault(key, {}).update(dtick=step * DAY_MS, tick0="2000-01-03", tickformat="%-d %b<br>%Y")


def empty_chart(chart_id: str, ctx: Context, title: str, subtitle: str, data: pd.DataFrame, summary: str) -> Chart:
    """A chart with no records still carries its title and footer, and says that nothing matches."""
    fig = layout.empty(FigureSpec())
    brand(fig, ctx, title=title, subtitle=subtitle, source_ids=[], plot_px=240)
    return Chart(chart_id, title, fig, data, summary)

