"""Chart builders: pure functions from frames and filters to Plotly figures. No Streamlit import.

One module per chart; shared modules for the brand and footer (`brand`), how events and phases are
drawn (`marks`, `phases`), sizes (`layout`), time axes (`timebase`) and reported numbers (`figures`,
`panels`). Encodings (colours, shapes, labels) live in `dashboard.conventions.theme`, dates are written by
`dashboard.conventions.datefmt`. Adding a chart is one module and one entry in CHARTS.

Every builder returns a `Chart`: the figure, the exact data behind it (for CSV and the text
alternative), a generated summary and the citations it draws on.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace

from dashboard.frames.filters import Filters
from dashboard.charts import layout
from dashboard.charts.aggregate import TIMELINE_AGGREGATE_ABOVE
from dashboard.charts.base import Chart, Context, OPEN_QUALIFIERS, QUALIFIER_TEXT, esc, value_label, wrap
from dashboard.charts.brand import brand, source_label
from dashboard.charts.compare_days import compare_days
from dashboard.charts.compliance import compliance_chart
from dashboard.charts.compliance_timeline import compliance_over_time
from dashboard.charts.control import control_share
from dashboard.charts.deaths import deaths_by_claimant
from dashboard.charts.enforcement import ENFORCEMENT_METRICS, caveat, enforcement
from dashboard.charts.figures import FIGURE_ROWS_MAX
from dashboard.charts.hostages import hostage_remains
from dashboard.charts.releases import scheduled_releases
from dashboard.charts.timebase import days_since, epoch_days as _epoch_days, reference_dates, weekly_counts as _weekly_counts
from dashboard.charts.timeline import timeline

EXPORT_WIDTH, EXPORT_HEIGHT, EXPORT_SCALE = 1600, 900, 2

CHARTS = {
    "timeline": timeline,
    "deaths": deaths_by_claimant,
    "hostages": hostage_remains,
    "control": control_share,
    "enforcement": enforcement,
    "compare-days": compare_days,
    "releases": scheduled_releases,
    "compliance": compliance_chart,
}
# Built through `build` like every chart, but only in the app: not exported, not in the briefing pack or briefing
# mode (each report over time is detail the app keeps; the scorecard above is the picture that leaves it).
APP_CHARTS = {
    "compliance-timeline": compliance_over_time,
}

# Charts too tall for a 16:9 slide are split into parts, each answering one question with its own title; the app's
# pages draw the whole chart. A part's id is a chart id of its own for charts.build (export-charts, the briefing
# pack and briefing mode): view id -> (chart id, part the builder draws, ctx.part).
VIEWS = {
    # the theatre of the ceasefire the period starts from (Gaza with the bundled data), then every other theatre
    "timeline-main": ("timeline", "main"),
    "timeline-other": ("timeline", "other"),
    "deaths-people": ("deaths", "people"),
    "deaths-operatives": ("deaths", "operatives"),
    "enforcement-slide": ("enforcement", "slide"),  # single incidents of deaths left to the deaths slides
}
# What leaves the app as slides (briefing mode, export-charts, the briefing pack), one slide each, in this order:
# every chart, a split one as its parts.
SLIDES = tuple(v for cid in CHARTS for v in ([k for k, (c, _) in VIEWS.items() if c == cid] or [cid]))


def chart_of(view_id: str) -> str:
    """The chart a view draws (itself for a whole chart)."""
    return VIEWS[view_id][0] if view_id in VIEWS else view_id


def slides_of(chart_id: str) -> tuple[str, ...]:
    """The slides that show a chart or view: a split chart's parts, else itself; () for an unknown id."""
    if chart_id in SLIDES:
        return (chart_id,)
    return tuple(v for v in SLIDES if chart_of(v) == chart_id)


# The filters each chart follows. The others are reset before it is built, so its footer lists only the
# filters that shaped it (an event-type filter never appears under the deaths chart, which it does not
# filter), and a change to any other filter reuses the cached chart instead of rebuilding it.
EVENT_FILTERS = ("start", "end", "theatres", "types", "actors", "sources", "statuses")
FIGURE_FILTERS = ("start", "end", "theatres", "sources", "claimants")  # filters.figure_mask
FILTERS_READ = {
    "timeline": EVENT_FILTERS + ("lanes", "axis"),
    "compare-days": EVENT_FILTERS,
    "compliance": ("start", "end", "theatres", "sources"),  # compliance._scope
    "compliance-timeline": ("start", "end", "theatres", "sources"),
}


def relevant_filters(chart_id: str, f: Filters) -> Filters:
    """`f` with every filter the chart does not follow reset to its default."""
    read = FILTERS_READ.get(chart_of(chart_id), FIGURE_FILTERS)
    default = Filters()
    return f.with_(**{name: getattr(default, name) for name in EVENT_FILTERS + ("claimants", "lanes", "axis") if name not in read})


def build(chart_id: str, ctx: Context, lay: layout.Layout | None = None) -> Chart:
    """THE way to build a chart, on every path out of the app (pages, briefing mode, export-charts, the briefing
    pack): the figure for one named layout (layout.PHONE, layout.SLIDE, layout.app(px), layout.slide(px)).
    `chart_id` is a chart (CHARTS) or one part of a split chart (VIEWS). Without `lay`, the layout already set by `layout.using`; with none set this raises (layout.LayoutError):
    no path falls back to the phone layout silently."""
    base, part = VIEWS.get(chart_id, (chart_id, None))
    with (layout.using(lay) if lay is not None else contextlib.nullcontext()):
        lay = layout.current()
        builder = CHARTS[base] if base in CHARTS else APP_CHARTS[base]
        chart = builder(replace(ctx, filters=relevant_filters(chart_id, ctx.filters), part=part))
    chart.id = chart_id  # a part's file names, keys and links are its own
    chart.layout = lay
    return chart


def modebar_config(chart: Chart, as_of: str, fmt: str = "png") -> dict:
    """Plotly config: the camera button saves the figure as laid out (its layout's width and its own height, so the
    PNG is the graphic on screen, never a narrow layout stretched) at 2x, with a meaningful file name; SVG when asked."""
    lay = chart.layout
    width = lay.figure_px if isinstance(lay, layout.Layout) else EXPORT_WIDTH
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": fmt, "filename": f"ceasefire-monitor_{chart.id}_{as_of}",
                                 "width": width, "height": int(chart.figure.layout.height or EXPORT_HEIGHT),
                                 "scale": 2 if fmt == "png" else 1},
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


__all__ = ["APP_CHARTS", "CHARTS", "Chart", "Context", "EXPORT_HEIGHT", "EXPORT_SCALE", "EXPORT_WIDTH", "ENFORCEMENT_METRICS",
           "FIGURE_ROWS_MAX", "OPEN_QUALIFIERS", "QUALIFIER_TEXT", "TIMELINE_AGGREGATE_ABOVE", "brand", "build", "caveat",
           "relevant_filters", "layout", "SLIDES", "VIEWS", "chart_of", "slides_of",
           "days_since", "esc", "modebar_config", "reference_dates", "source_label", "value_label", "wrap"]
