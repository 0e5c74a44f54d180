"""The one encoding registry: event-type symbols, claimant shapes and labels, actor colours."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.conventions import theme
from dashboard.codebook.events import EventType


# shapes that are one another turned or filled: two of one family in a chart read as the same mark
_FAMILIES = [("triangle-", "arrow-", "star-triangle-"), ("hourglass", "bowtie"), ("square", "diamond"), ("cross", "x"),
             ("line-ns", "line-ew", "line-ne", "line-nw"), ("y-",)]


def _family(symbol: str) -> str:
    base = symbol.replace("-open", "").replace("-dot", "")
    for family in _FAMILIES:
        if any(base == f or base.startswith(f) for f in family if f.endswith("-")) or base in family:
            return family[0]
    return base


def test_every_event_type_maps_to_exactly_one_class():
    """The class registry is derived from the model's vocabulary: every type in one class, at most seven."""
    values = [e.value for e in EventType]
    listed = [t for _, _, types in theme.EVENT_CLASSES.values() for t in types]
    assert sorted(listed) == sorted(values), "every event type in exactly one class, and no type the model lacks"
    assert len(theme.EVENT_CLASSES) <= 7
    for v in values:
        assert theme.event_symbol(v) == theme.EVENT_CLASSES[theme.event_class(v)][1]


def test_class_shapes_differ_by_more_than_fill_or_orientation():
    shapes = [symbol for _, symbol, _ in theme.EVENT_CLASSES.values()]
    families = [_family(s) for s in shapes]
    assert len(set(families)) == len(shapes), shapes
    assert not any("-open" in s or "-dot" in s or "-thin" in s for s in shapes)
    from dashboard.charts.marks import CLIP_SYMBOLS
    # the clip arrows share a chart with the classes: an arrow against a bar, never a class shape turned sideways
    assert all(s.startswith("arrow-bar-") for s in CLIP_SYMBOLS) and not set(CLIP_SYMBOLS) & set(shapes)
    for s in shapes + list(CLIP_SYMBOLS):
        go.Scatter(marker=dict(symbol=s))  # Plotly knows it


def test_unknown_event_type_falls_back_to_other():
    assert theme.event_class("no-such-type") == "other"
    assert theme.event_symbol("no-such-type") == theme.EVENT_CLASSES["other"][1]


def _lab(hex_color: str):
    h = hex_color.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
    xyz = ((r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047, r * 0.2126 + g * 0.7152 + b * 0.0722,
           (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883)
    fx, fy, fz = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz]
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def test_phase_colours_are_distinct_and_never_an_actor_colour(frames):
    """CIE76 distance: 25 or more from every actor colour, 20 or more between phases (2.3 is a just noticeable
    difference; the January 2025 truce, the October 2025 ceasefire and 'Mediators and UN' were one pale blue)."""
    import math

    actors = set(theme.ACTOR_COLORS.values()) | {theme.GREY}
    for p in theme.PHASE_PALETTE:
        assert min(math.dist(_lab(p), _lab(a)) for a in actors) >= 25, p
    pal = theme.PHASE_PALETTE
    assert all(math.dist(_lab(a), _lab(b)) >= 20 for i, a in enumerate(pal) for b in pal[i + 1:])
    colours = theme.phase_colors(frames.phases.sort_values("start_start")["id"])
    if len(colours) <= len(pal):
        assert len(set(colours.values())) == len(colours), "each phase its own colour"


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
        # each claimant its own shape; each article's author one of the author family, no two authors one shape
        assert all(symbol == theme.claimant_symbol(group) for group, symbol in ends.items()
                   if theme.claimant_actor(group) != theme.AUTHOR)
        authors = [symbol for group, symbol in ends.items() if theme.claimant_actor(group) == theme.AUTHOR]
        assert set(authors) <= set(theme.AUTHOR_SYMBOLS) and len(set(authors)) == len(authors)


def test_claimants_outside_the_registry_get_distinct_shapes_within_one_chart():
    """Hashed fallback shapes collided (lina-khatib, moussa-abu-marzouk and qatar had one); within a chart every
    claimant drawn now has its own shape, none a registry claimant's in that chart, and the key uses the same."""
    ids = ["idf", "lina-khatib", "moussa-abu-marzouk", "qatar", "not-in-any-registry"]
    shapes = theme.claimant_symbols(ids)
    assert set(shapes) == set(ids) and len(set(shapes.values())) == len(ids)
    assert shapes["idf"] == theme.CLAIMANT_SYMBOLS["idf"]
    assert theme.claimant_symbols(list(reversed(ids))) == shapes  # the same claimants, the same shapes
    with theme.chart_claimants(ids):
        assert [theme.claimant_symbol(i) for i in ids] == [shapes[i] for i in ids]
        assert theme.claimant_glyph("qatar") == theme.SYMBOL_GLYPHS[shapes["qatar"]]
    assert theme.claimant_symbol("idf") == "circle"  # outside a chart: the registry's, or the checksum's


def test_a_claimant_keeps_its_shape_whatever_else_a_chart_draws():
    """A reading test found the cross meaning The Times of Israel's author on one slide and The Conversation's on
    the next (shapes were chosen among one chart's claimants). Chosen among the dataset's claimants, a claimant's
    shape does not depend on what else a chart draws; shapes still differ within a chart."""
    everyone = ["author:a", "author:b", "author:c", "idf", "lina-khatib", "qatar", "not-in-any-registry"]
    whole = theme.claimant_symbols(everyone, everyone)
    assert len(set(whole.values())) == len(everyone)
    for drawn in (["author:b"], ["author:c", "qatar"], ["not-in-any-registry", "author:a", "idf"]):
        assert theme.claimant_symbols(drawn, everyone) == {i: whole[i] for i in drawn}
    many = [f"author:{i}" for i in range(12)]  # more authors than shapes: unique within the chart still
    drawn = many[-3:]
    assert len(set(theme.claimant_symbols(drawn, many).values())) == 3


def test_bundled_charts_give_each_claimant_one_shape_on_every_chart(built, ctx):
    """On the bundled charts: every mark and key entry of a claimant, on every chart, has one shape."""
    claimants = set(ctx.claimants())
    seen: dict[str, set] = {}
    for chart in built.values():
        for t in chart.figure.data:
            if t.type == "scatter" and t.legendgroup in claimants and t.marker.symbol:
                symbols = t.marker.symbol if isinstance(t.marker.symbol, (list, tuple)) else [t.marker.symbol]
                seen.setdefault(t.legendgroup, set()).update(str(s).replace("-open", "") for s in symbols)  # filled or hollow
    assert len(seen) >= 3
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def _tint(hex_color: str, alpha: float) -> str:
    """The colour a bar of `hex_color` at `alpha` shows over the white plot (timeline bars are drawn at 0.5)."""
    h = hex_color.lstrip("#")
    return "#" + "".join(f"{round(alpha * int(h[i:i + 2], 16) + (1 - alpha) * 255):02x}" for i in (0, 2, 4))


def test_no_two_actor_colours_are_close_in_cie_lab():
    """Every pair of actor colours (each a legend entry 'colour = who acted') 30 or more apart in CIE76, and 18 or
    more at a timeline bar's half tint: 'Mediators and UN' sky blue was 26 from Israel's blue (13 as bars), and a
    second reader could not tell them apart."""
    import itertools
    import math

    colours = sorted(set(theme.ACTOR_COLORS.values()) | {theme.GREY})
    for a, b in itertools.combinations(colours, 2):
        assert math.dist(_lab(a), _lab(b)) >= 30, (a, b)
        assert math.dist(_lab(_tint(a, 0.5)), _lab(_tint(b, 0.5))) >= 18, (a, b)
    assert len(set(theme.ACTOR_GROUP.values())) == len(theme.ACTOR_GROUP), "one legend name per colour"


def test_no_named_actor_is_never_the_authors_black():
    """An event whose text names no actor is grey ('or none named'), never the black of the article's author."""
    assert theme.actor_color("unattributed") != theme.actor_color("author")
    assert theme.actor_color(None) != theme.actor_color("author")
    assert "none named" in theme.actor_group("unattributed")
