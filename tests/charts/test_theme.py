"""The one encoding registry: event-type symbols, claimant shapes and labels, actor colours."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard import theme
from dashboard.models import EventType


def test_every_event_type_has_its_own_symbol():
    values = [e.value for e in EventType]
    assert set(values) <= set(theme.SYMBOLS)
    assert len({theme.SYMBOLS[v] for v in values}) == len(values), "no two event types share a symbol"
    # a shape is used at most twice, filled and open (hollow): a third variant (dot, thin) reads as a repeat
    bases = [theme.SYMBOLS[v].replace("-open", "") for v in values]
    assert max(bases.count(b) for b in bases) <= 2
    assert not any("-thin" in theme.SYMBOLS[v] or "-dot" in theme.SYMBOLS[v] for v in values)


def test_unknown_event_type_falls_back_to_other():
    assert theme.event_symbol("no-such-type") == theme.SYMBOLS["other"]


def test_claimant_shape_is_fixed_not_positional(frames):
    ids = sorted(set(frames.figures["claimant_id"]))
    shapes = [theme.claimant_symbol(i) for i in ids]
    assert shapes == [theme.claimant_symbol(i) for i in reversed(ids)][::-1], "independent of order"
    assert len(set(shapes)) == len(ids), "claimants in the dataset each have their own shape"
    assert theme.claimant_symbol("someone-new") == theme.claimant_symbol("someone-new")


def test_claimant_label_is_short_and_stable(frames):
    names = dict(zip(frames.actors["id"], frames.actors["name"]))
    for cid in set(frames.figures["claimant_id"]):
        label = theme.claimant_label(cid, names.get(cid))
        assert 0 < len(label) <= 28, label
    assert theme.claimant_label("hamas-gaza-health-ministry", "Gaza health ministry (Hamas-run)") == "Hamas-run health ministry"
    assert theme.claimant_label("x", "A very long claimant name (with an explanation)") == "A very long claimant name"
    assert theme.claimant_label(None, None) == "Unattributed"


def test_same_claimant_same_label_colour_and_shape_on_every_chart(built, frames):
    """A claimant is labelled, coloured and shaped the same way wherever it appears."""
    by_label = {}
    for chart in built.values():
        for t in chart.figure.data:
            if t.legendgroup in set(frames.figures["claimant_id"]) and t.name and t.showlegend is not False:
                colour = t.marker.color
                symbol = t.marker.symbol if t.type == "scatter" else None
                by_label.setdefault(t.legendgroup, set()).add((t.name, colour))
                if symbol:
                    assert symbol == theme.claimant_symbol(t.legendgroup)
    assert len(by_label) >= 3
    for cid, seen in by_label.items():
        assert len(seen) == 1, (cid, seen)
        (name, colour), = seen
        assert colour == theme.actor_color(cid)


def test_no_two_claimants_share_a_shape_and_every_shape_has_a_glyph():
    """Colour is shared within a group (IDF, Israeli government, Netanyahu): the shape must tell them apart,
    on marks, bar ends and the compliance chart's text key alike."""
    shapes = list(theme.CLAIMANT_SYMBOLS.values())
    assert len(shapes) == len(set(shapes)), [s for s in shapes if shapes.count(s) > 1]
    assert not set(theme._FALLBACK_SYMBOLS) & set(shapes)
    for symbol in shapes + theme._FALLBACK_SYMBOLS:
        assert theme.SYMBOL_GLYPHS[symbol]
        for s in (symbol, theme.open_symbol(symbol)):
            go.Scatter(marker=dict(symbol=s))  # Plotly knows the shape and its hollow form
    assert theme.claimant_glyph("netanyahu") != theme.claimant_glyph("idf")
    assert theme.open_symbol("circle-dot") == "circle-open-dot" and theme.open_symbol("x") == "x-open"


def test_bars_carry_their_claimants_shape(built):
    """On bar charts a claimant's bars end in its shape, so two claimants of one colour are told apart."""
    for cid in ("enforcement", "releases"):
        fig = built[cid].figure
        bars = {t.legendgroup for t in fig.data if t.type == "bar" and t.customdata is not None}
        ends = {t.legendgroup: t.marker.symbol for t in fig.data if t.type == "scatter" and t.hoverinfo == "skip"
                and t.legendgroup in bars}
        assert bars and set(ends) == bars
        assert all(symbol == theme.claimant_symbol(group) for group, symbol in ends.items())
