"""dashboard/charts/control.py: the derived share is drawn and written as derived."""

from __future__ import annotations

from chartsupport import footer

from dashboard.conventions import theme


def test_derived_share_is_visibly_different(built):
    bars = [t for t in built["control"].figure.data if t.type == "bar"]
    derived = [b for b in bars if "derived" in b.name]
    reported = [b for b in bars if "reported" in b.name]
    assert derived and reported
    for b in derived:
        assert b.marker.pattern.shape[0] == "/" and b.marker.color[0] == "white" and b.marker.line.color == theme.GREY
        assert "Derived by us" in b.hovertext[0]
    for b in reported:
        assert not b.marker.pattern.shape[0] and b.marker.color[0] != "white"
    assert "derived" in footer(built["control"].figure).lower()
    assert "derived" in built["control"].summary


def test_control_is_not_a_slide_filling_bar(built):
    fig = built["control"].figure
    plot = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    assert plot <= 120 * len({row[0] for t in fig.data for row in (t.customdata or [])})
