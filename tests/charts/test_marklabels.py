"""dashboard/charts/marklabels.py: the marks and bars a key-moment label leaves out get the note's own words where
their row has room (a second reader could not tell what the other marks near 22 Nov 2025 were), never over another
mark or label, never adding a row."""

from __future__ import annotations

import html
import re
from dataclasses import replace

import pandas as pd
import pytest

from dashboard.charts import build, keylabels, layout, marklabels
from dashboard.charts.keylabels import LINE_PX, statement
from dashboard.charts.layout import PHONE_PLOT_PX, SLIDE_PLOT_PX, for_width
from dashboard.charts.marks import MARK_PX
from dashboard.frames.filters import Filters

SLIDES = {"720": layout.slide(1200, 630), "1080": layout.slide(1800, 990), "export": layout.SLIDE}


def _text_traces(fig, name):
    return [t for t in fig.data if t.name == name]


def _charts(ctx):
    """(name, figure, plot width) for every figure mark labels are drawn on."""
    out = []
    for width in (PHONE_PLOT_PX, 960, SLIDE_PLOT_PX):
        with for_width(width):
            out.append((f"timeline@{width}", build("timeline", ctx).figure, width))
            out.append((f"compare-days@{width}", build("compare-days", ctx).figure, width))
            out.append((f"timeline-lanes@{width}", build("timeline", replace(ctx, filters=Filters(lanes="event_type"))).figure, width))
    for view in ("timeline-main", "timeline-other"):
        for size, lay in SLIDES.items():
            out.append((f"{view}@{size}", build(view, ctx, lay).figure, lay.plot_px))
    return out


@pytest.fixture(scope="module")
def charts(ctx):
    return _charts(ctx)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_mark_labels_are_the_notes_own_words(charts, frames):
    """One line of the note's own words: the whole first statement or a prefix that reads whole, no ellipsis."""
    from test_keylabels import reads_whole

    notes = frames.events.set_index("id")["notes"]
    seen = 0
    for name, fig, _ in charts:
        for t in _text_traces(fig, "marklabels"):
            for rid, text in zip(t.ids, t.text):
                body, whole = _plain(text), " ".join(statement(notes[rid]).split())
                seen += 1
                assert "<br>" not in text, "one line: the row has room for one"
                assert reads_whole(body, whole), (name, body, whole)
    assert seen


def _axis_px(fig, xaxis: str):
    axis = fig.layout["xaxis" + xaxis[1:]]
    lo, hi = axis.range
    conv = (lambda v: float(v)) if isinstance(lo, (int, float)) else (lambda v: pd.Timestamp(v).value)
    return conv, conv(lo), conv(hi)


def _boxes(fig, width):
    """(record id, axis pair, y0, y1, x0, x1) in pixels for every mark, bar, key label and mark label."""
    boxes = []
    for t in fig.data:
        axes = (t.xaxis or "x", t.yaxis or "y")
        xs, ys = list(t.x) if t.x is not None else [], list(t.y) if t.y is not None else []
        if t.customdata is not None and xs:
            conv, lo, hi = _axis_px(fig, axes[0])
            scale = width / (hi - lo)
            for i, row in enumerate(t.customdata):
                if t.type == "bar":
                    base = list(t.base)[i]
                    a = (conv(base) - lo) * scale
                    calendar = not isinstance(base, (int, float))
                    b = a + float(xs[i]) * (1e6 if calendar else 1) * scale  # a date bar's length is in ms
                else:
                    a = b = (conv(xs[i]) - lo) * scale
                if a == b:
                    a, b = a - MARK_PX / 2, b + MARK_PX / 2
                boxes.append((row[0], axes, ys[i] - 0.25, ys[i] + 0.25, max(a, 0), min(b, width)))
        elif t.name in ("labels", "marklabels"):
            conv, lo, hi = _axis_px(fig, axes[0])
            scale = width / (hi - lo)
            char = keylabels.CHAR_PX if t.name == "labels" else marklabels.CHAR_PX
            for i, rid in enumerate(t.ids):
                if t.marker.size[i] == 2 and t.name == "labels":
                    continue  # a phase's name inside its band
                x = (conv(xs[i]) - lo) * scale
                lines = [_plain(line) for line in t.text[i].split("<br>")]
                w = char * max(len(line) for line in lines)
                half = 0.4 if len(lines) == 1 else LINE_PX * len(lines) / 14 / 2
                off = t.marker.size[i] / 2
                a, b = (x + off, x + off + w) if t.textposition[i] == "middle right" else (x - off - w, x - off)
                boxes.append((f"label:{rid}", axes, ys[i] - half, ys[i] + half, a, b))
    return boxes


def test_no_mark_label_covers_another_mark_or_label_or_leaves_the_figure(charts):
    for name, fig, width in charts:
        boxes = _boxes(fig, width)
        texts = [b for b in boxes if b[0].startswith("label:")]
        for rid, axes, y0, y1, a, b in texts:
            assert -layout.MARGIN_L - 1 <= a and b <= width + layout.MARGIN_R + 1, (name, rid, a, b)
        mine = {f"label:{rid}" for t in _text_traces(fig, "marklabels") for rid in t.ids}
        for k, (r1, ax1, y0, y1, a1, b1) in enumerate(boxes):
            for r2, ax2, v0, v1, a2, b2 in boxes[k + 1:]:
                if ax1 != ax2 or r2 == f"label:{r1}" or r1 == f"label:{r2}" or not ({r1, r2} & mine):
                    continue
                if y0 < v1 - 1e-9 and v0 < y1 - 1e-9:  # share a row
                    assert b1 <= a2 + 0.5 or b2 <= a1 + 0.5, (name, r1, r2, (a1, b1), (a2, b2))


def test_mark_labels_add_no_row(ctx, monkeypatch):
    """The same figure height with and without them: labels go where the row already has room."""
    with_labels = {v: build(v, ctx, SLIDES["720"]).figure.layout.height for v in ("timeline-main", "timeline-other")}
    monkeypatch.setattr(marklabels, "MIN_CHARS", 10_000)  # no room is ever enough: no label
    without = {v: build(v, ctx, SLIDES["720"]).figure.layout.height for v in ("timeline-main", "timeline-other")}
    assert with_labels == without


def test_bundled_slides_label_many_marks(charts):
    """With the bundled data, many marks and bars on each timeline slide carry words (key moment, count or mark
    label), and many on the compare-days chart; before, 9 of 28 (Gaza), 3 of 23 (other theatres) and 0 of 37; now
    13, 9 and 12 at 1280x720 (a note is labelled only where words that read whole fit)."""
    for name, fig, _ in charts:
        share = 0.35 if name.startswith("timeline-main") or name.startswith("timeline-other") else \
            0.3 if name == f"compare-days@{SLIDE_PLOT_PX}" else None
        if share is None:
            continue
        drawn = {row[0] for t in fig.data if t.customdata is not None for row in t.customdata}
        labelled = {rid for t in fig.data if t.name in ("labels", "marklabels") for rid in t.ids} & drawn
        assert len(labelled) >= share * len(drawn), (name, len(labelled), len(drawn))
