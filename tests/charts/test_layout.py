"""Legibility rules that hold without a browser: wrapped text, no ellipses, reserved legend rows."""

from __future__ import annotations

import re

import pytest
from chartsupport import flat

from dashboard.charts import CHARTS, build
from dashboard.charts import layout

SLACK = 4  # a word longer than the wrap width stays whole


def _lines(markup: str) -> list[str]:
    return [flat(line) for line in re.split(r"<br\s*/?>", markup or "")]


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_no_ellipsis_anywhere(built, chart_id):
    js = built[chart_id].figure.to_json()
    assert "…" not in js and "\\u2026" not in js


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_text_is_wrapped_for_a_phone(built, chart_id):
    fig = built[chart_id].figure
    limit = max(layout.TITLE_WRAP, layout.SUBTITLE_WRAP, layout.FOOTER_WRAP, layout.LABEL_WRAP) + SLACK
    for a in fig.layout.annotations:
        for line in _lines(a.text):
            assert len(line) <= limit, (chart_id, line)
    text = str(fig.layout.title.text or "")
    spans = "<span" in text  # a header whose smaller lines (the compliance key) share the title text
    bold = not spans
    for raw in text.split("<br>"):
        bold = bold or "<b>" in raw  # title-size lines: all of a plain title, or those inside <b>...</b>
        for line in _lines(raw):
            assert len(line) <= (layout.TITLE_WRAP if bold else limit) + SLACK, line
        bold = bold and (not spans or "</b>" not in raw)
    for line in _lines(fig.layout.title.subtitle.text):
        assert len(line) <= layout.SUBTITLE_WRAP + SLACK


@pytest.mark.parametrize("chart_id", list(CHARTS))
def test_legend_entries_fit_a_phone_row(built, chart_id):
    for t in built[chart_id].figure.data:
        if t.showlegend is not False and t.name:
            assert 42 + 6.6 * len(flat(t.name)) <= layout.PHONE_PLOT_PX, t.name


def test_slide_layout_is_wider_and_shorter(ctx):
    phone = build("timeline", ctx).figure
    slide = build("timeline", ctx, layout.SLIDE).figure
    assert slide.layout.height < phone.layout.height
    assert max(len(line) for line in _lines(slide.layout.title.subtitle.text)) > layout.SUBTITLE_WRAP


def test_legend_rows_at_phone_width():
    assert layout.legend_rows([]) == 0
    assert layout.legend_rows(["a"] * 2, title="Key:") == 2
    assert layout.legend_rows(["x" * 40] * 3) == 3
    assert layout.legend_rows(["x" * 4] * 3, width_px=1568) == 1
