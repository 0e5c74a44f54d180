"""dashboard/charts/spec.py: figures built as dicts and made Figures unvalidated must be exactly what a
validated Figure would be, so skipping validation at run time hides no invalid property."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from dashboard.charts import CHARTS, build
from dashboard.charts import layout
from dashboard.charts.spec import FigureSpec, merge, trace
from dashboard.frames.filters import Filters

VARIANTS = {
    "all": Filters(),
    "gaza-since-ceasefire": Filters(start=date(2025, 10, 10), theatres=("gaza",)),
    "type-lanes": Filters(lanes="type"),
    "days-axis": Filters(axis="days"),
    "lebanon": Filters(theatres=("lebanon",)),
    "nothing-matches": Filters(start=date(2030, 1, 1)),
}


def _pruned(value):
    """JSON with empty objects dropped: Plotly writes `"title": {}` where a dict spec has no key."""
    if isinstance(value, dict):
        out = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v != {}}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


@pytest.mark.parametrize("width", ["phone", "slide"])
@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_every_figure_is_what_validation_would_make(ctx, chart_id, variant, width):
    c = replace(ctx, filters=VARIANTS[variant])
    if width == "slide":
        fig = build(chart_id, c, layout.SLIDE).figure
    else:
        fig = build(chart_id, c).figure
    validated = go.Figure(fig.to_dict())  # raises ValueError on any property Plotly does not know
    assert _pruned(json.loads(validated.to_json())) == _pruned(json.loads(fig.to_json()))


def test_an_invalid_property_is_caught_by_validation():
    spec = FigureSpec()
    spec.add_trace(trace("scatter", x=[1], y=[1], marker=dict(colour="red")))
    with pytest.raises(ValueError, match="colour"):
        go.Figure(spec.to_figure().to_dict())


def test_merge_is_update_layouts_deep_merge():
    layout = {"margin": {"t": 10, "b": 5}, "xaxis": {"title": {"text": "a"}}, "shapes": [1]}
    merge(layout, {"margin": {"t": 20}, "xaxis": {"title": None}, "shapes": [2], "yaxis": {"title": "Days"}})
    assert layout == {"margin": {"t": 20, "b": 5}, "xaxis": {}, "shapes": [2], "yaxis": {"title": {"text": "Days"}}}


def test_subplots_lay_out_panels_as_make_subplots_does():
    spec = FigureSpec.subplots(3, row_heights=[1, 2, 1], vertical_spacing=0.05, shared_xaxes=True)
    want = make_subplots(rows=3, cols=1, row_heights=[1, 2, 1], vertical_spacing=0.05, shared_xaxes=True)
    assert spec.to_figure().to_dict()["layout"] == want.to_dict()["layout"]
    spec.update_yaxes(range=[0, 1], row=2)
    spec.update_xaxes(showgrid=False)
    assert spec.layout["yaxis2"]["range"] == [0, 1] and "range" not in spec.layout["yaxis"]
    assert all(spec.layout[k]["showgrid"] is False for k in ("xaxis", "xaxis2", "xaxis3"))


def test_a_plain_figure_gets_its_one_pair_of_axes():
    spec = FigureSpec()
    spec.update_xaxes(title="Days since the ceasefire")
    spec.add_vline(x=0, line=dict(color="#333"))
    assert spec.axis_titled("x") and not spec.axis_titled("y")
    fig = spec.to_figure()
    assert fig.layout.xaxis.title.text == "Days since the ceasefire"
    assert fig.layout.shapes[0].yref == "y domain" and fig.layout.shapes[0].x0 == 0


def test_the_sent_figure_is_the_figure_made_once(ctx):
    """What st.plotly_chart reads (`to_dict()`, on every rerun) is the built figure, made once; anything else
    fails loudly instead of reading a copy that might be stale."""
    chart = build("timeline", ctx)
    sent = chart.sent_figure()
    assert chart.sent_figure() is sent and sent.to_dict() is sent.to_dict()
    import plotly.io
    import plotly.tools

    assert plotly.io.to_json(sent.to_dict(), validate=False) == chart.figure.to_json(validate=False)

    assert plotly.tools.return_figure_from_figure_or_data(sent, validate_figure=True) is sent.to_dict()
    with pytest.raises(AttributeError):
        sent.update_layout(height=100)
