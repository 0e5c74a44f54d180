"""The one encoding registry: event-type symbols, claimant shapes and labels, actor colours."""

from __future__ import annotations

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
