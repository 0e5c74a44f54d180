"""One palette and one set of symbols for the whole app and every export.

Okabe-Ito is colour-blind safe; each actor or claimant gets the same colour everywhere, and marker
shapes / dash patterns repeat the encoding so a grayscale print still reads.
"""

from __future__ import annotations

import contextlib
import contextvars
import zlib

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
GREY = "#7F7F7F"
# "Mediators and UN": Paul Tol's olive, not Okabe-Ito's sky blue, which a reader took for Israel's blue (CIE76 26,
# 13 at a bar's half tint). Every pair of actor colours is kept far apart in CIE Lab, full and at a bar's tint
# (tests/charts/test_theme.py measures it).
MEDIATORS = "#999933"

# Fixed colours for the actors and claimants that recur; anything else falls back to grey so the
# legend never changes colour when filters change.
ACTOR_COLORS = {
    "idf": "#0072B2",
    "israel": "#0072B2",
    "netanyahu": "#0072B2",
    "israel-security-cabinet": "#0072B2",
    "hamas": "#D55E00",
    "hamas-gaza-health-ministry": "#E69F00",
    "hamas-authorities-gaza-health-officials": "#E69F00",
    "gaza-health-authorities": "#E69F00",
    "hezbollah": "#009E73",
    "lebanon": "#009E73",
    "united-states": "#CC79A7",
    "trump": "#CC79A7",
    "us-official": "#CC79A7",
    "witkoff": "#CC79A7",
    "kushner": "#CC79A7",
    "egypt": MEDIATORS,
    "qatar": MEDIATORS,
    "un-security-council": MEDIATORS,
    "author": "#000000",
}
ACTOR_GROUP = {
    "#0072B2": "Israel (government, IDF)",
    "#D55E00": "Hamas",
    "#E69F00": "Hamas-run health ministry",
    "#009E73": "Hezbollah / Lebanon",
    "#CC79A7": "United States",
    MEDIATORS: "Mediators and UN",
    "#000000": "Article's own reporting",
    GREY: "Other actors, or none named",  # grey, never the author's black: an event whose text names no actor
}
# On timelines colour means who acted (the initiating actor); on figure charts it means the claimant. The key says
# which, in these words, so two slides side by side are not read with one rule.
ACTOR_KEY_TITLE = "Colour = who acted:"
DASHES = {"#0072B2": "solid", "#D55E00": "dash", "#E69F00": "dot", "#009E73": "dashdot", "#CC79A7": "longdash",
          MEDIATORS: "longdashdot", "#000000": "solid", GREY: "dot"}

# Event classes: the model's 20 event types grouped into seven classes, each with one shape. A chart never
# shows more than eight entries per encoding, and twenty shapes could not all be told apart (several
# differed only by fill or by orientation). The classes are the one registry: every EventType maps to
# exactly one class (tests/charts/test_theme.py enforces it). No two class shapes differ only by fill or
# orientation; the full event type stays in hover, the detail view and every export.
EVENT_CLASSES = {  # class id: (label, shape, event types)
    "strikes": ("Strikes and killings", "x", ("airstrike", "targeted_killing", "execution")),
    "fighting": ("Fighting, ground operations", "triangle-up",
                 ("armed_clash", "ground_operation", "raid", "troop_deployment")),
    "hostages": ("Hostages, prisoners, remains", "star",
                 ("hostage_release", "prisoner_release", "remains_handover", "search_for_remains")),
    "agreements": ("Agreements, UN resolutions", "square", ("agreement", "un_resolution")),
    "talks": ("Talks and meetings", "hourglass", ("negotiations", "diplomatic_meeting")),
    "statements": ("Statements and decisions", "circle", ("official_statement", "policy_decision", "military_planning")),
    # aid entering and displaced people returning: what a truce lets happen on the ground (not a new class: the
    # timeline keeps seven shapes, tests/charts/test_theme.py)
    "other": ("Aid, returns, protests, other", "pentagon", ("aid_entry", "return_of_displaced", "protest", "funeral", "other")),
}
EVENT_CLASS = {t: cid for cid, (_, _, types) in EVENT_CLASSES.items() for t in types}

THEATRE_LABELS = {
    "gaza": "Gaza", "lebanon": "Lebanon", "israel": "Israel", "west_bank": "West Bank", "egypt": "Egypt",
    "qatar": "Qatar", "turkey": "Turkey", "united_states": "United States", "international": "International",
}
THEATRE_COLORS = {"gaza": "#0072B2", "lebanon": "#009E73"}  # where colour means theatre (aggregated views only)
# Truce and ceasefire phases: each its own colour, none close to an actor colour (Okabe-Ito's yellow, which
# no actor uses, then tints far from every actor hue; tests/charts/test_theme.py measures the distance).
# Given in the order of the dataset's phases by start, so a phase keeps its colour under every filter.
PHASE_PALETTE = ["#F0E442", "#C5B0E8", "#D8BE94", "#B5E3A1", "#F2B6B0"]

FONT = "DejaVu Sans, Arial, sans-serif"

# Claimant shapes: fixed per claimant, so a claimant keeps its shape on every chart and page (an index
# into a list changed with the filter). No two claimants share a shape (claimants of one colour group,
# e.g. IDF, Israeli government and Netanyahu, are told apart by shape alone), and every shape has a text
# glyph (SYMBOL_GLYPHS, drawn in DejaVu Sans) for keys written as text. Anything else gets a fallback
# shape: within one chart (chart_claimants) one no other claimant there has; else its id's checksum's.
CLAIMANT_SYMBOLS = {
    "idf": "circle", "israel": "square", "netanyahu": "diamond", "israel-security-cabinet": "hexagon",
    "hamas": "triangle-up", "hamas-gaza-health-ministry": "star", "hezbollah": "pentagon",
    "lebanon": "hexagram", "united-states": "triangle-down", "us-official": "arrow-down",
    "author": "cross", "reuters": "x", "hostage-families": "star-diamond",
    "unattributed-reports-norman-article": "circle-x", "unnamed-israeli-opinion-polls": "square-x",
    # unnamed sources and health authorities as the text names them (issue 9): each its own shape
    "us-official-toi-2025-11": "triangle-left", "us-official-media-line-2025-11-22": "triangle-right",
    "israeli-officials-unnamed": "diamond-dot", "sources-in-israel": "diamond-tall",
    "unnamed-critics-gaza-city-plan": "hexagon2", "unnamed-sources-cairo-report": "square-dot",
    "hamas-authorities-gaza-health-officials": "circle-dot", "gaza-health-authorities": "circle-cross",
}
_FALLBACK_SYMBOLS = ["bowtie", "triangle-nw", "arrow-up", "arrow-left", "arrow-right"]
SYMBOL_GLYPHS = {
    "circle": "●", "square": "■", "diamond": "◆", "hexagon": "⬢", "triangle-up": "▲", "star": "★",
    "pentagon": "⬟", "hexagram": "✡", "triangle-down": "▼", "arrow-down": "⬇", "cross": "✚", "x": "✖",
    "star-diamond": "✦", "circle-x": "⊗", "square-x": "⊠", "triangle-left": "◀", "triangle-right": "▶",
    "diamond-dot": "◈", "diamond-tall": "⧫", "hexagon2": "⬣", "square-dot": "▣", "circle-dot": "◉",
    "circle-cross": "⊕", "bowtie": "⋈", "triangle-ne": "◥", "triangle-sw": "◣", "star-square": "✥", "square-cross": "⊞", "triangle-nw": "◤", "arrow-up": "⬆", "arrow-left": "⬅", "arrow-right": "➡",
}

# Short claimant labels, used in every legend, row label, footer and table the charts write. The actor
# registry's names are precise but long ("Unattributed reports (cited by the author as 'reportedly')");
# a slide legend needs a few words. Anything not listed uses the registry name up to its first bracket.
CLAIMANT_LABELS = {
    "author": "The article's author",
    "idf": "IDF",
    "israel": "Israeli government",
    "netanyahu": "Netanyahu (Israeli PM)",
    "hamas-gaza-health-ministry": "Hamas-run health ministry",
    "unattributed-reports-norman-article": "Unattributed reports",
    "unnamed-israeli-opinion-polls": "Israeli opinion polls",
    "hostage-families": "Hostage families",
    "us-official": "Unnamed US official",
    "us-official-toi-2025-11": "US official (to ToI)",
    "us-official-media-line-2025-11-22": "US official (Media Line)",
    "israeli-officials-unnamed": "Unnamed Israeli officials",
    "sources-in-israel": "Sources in Israel",
    "unnamed-critics-gaza-city-plan": "Unnamed critics ('many')",
    "unnamed-sources-cairo-report": "Unnamed sources (Cairo)",
    "hamas-authorities-gaza-health-officials": "Hamas/Gaza health officials",
    "gaza-health-authorities": "Gaza health authorities",
}


def actor_color(actor_id: str | None) -> str:
    return ACTOR_COLORS.get(claimant_actor(actor_id) or "", GREY)


def actor_group(actor_id: str | None) -> str:
    return ACTOR_GROUP[actor_color(actor_id)]


def label(term: str | None) -> str:
    """Human label for a vocabulary term: 'remains_handover' -> 'Remains handover'."""
    if not term:
        return ""
    text = THEATRE_LABELS.get(term) or term.replace("_", " ").replace("-", " ").capitalize()
    return "UN " + text[3:] if text.lower().startswith("un ") else text  # 'un_resolution' -> 'UN resolution'


# Compliance status colours, one registry for the chart, the badges and any export: eight statuses, eight hues
# (Okabe-Ito and Paul Tol's colour-blind-safe sets), so no two read as "the same colour, lighter" (the reading
# test: two blues and two oranges were close; tests/test_compliance_chart.py keeps hues 30 degrees apart). Done green, partly teal, going blue, threatened yellow, late orange, broken
# wine, contested violet, not due grey; every cell also carries its word, and each colour keeps a 4.5:1 contrast
# with its ink (compliance._ink). No black: it is the ink of the claimant shapes in the charts' keys.
STATUS_COLORS = {
    "overdue": "#D55E00", "reported_violated": "#882255", "disputed": "#AA88DD", "at_risk": "#F0E442",
    "in_progress": "#0072B2", "partly_fulfilled": "#44AA99", "fulfilled": "#117733", "not_yet_due": "#BBBBBB",
}


BASIS_WORDS = {"stated": "per the text", "supplied": "supplied by coder", "inferred": "inferred"}


def _named(outlet) -> bool:
    return isinstance(outlet, str) and bool(outlet.strip())


def outlet_label(outlet: str | None, kind: str | None, start=None, end=None, basis: str | None = None) -> str:
    """A source as readers see it in tables, exports and record lists: its outlet, marked when the coder
    supplied it rather than the text ('The Guardian (supplied by coder)'), or, when nobody names one,
    'unnamed outlet (news report, 19–23 Nov 2025)'. Never an internal source id."""
    from dashboard.conventions.datefmt import format_span  # display rule for the publication window

    if _named(outlet):
        return f"{outlet} ({BASIS_WORDS['supplied']})" if basis == "supplied" else outlet
    kind_words = kind.replace("_", " ") if isinstance(kind, str) and kind else "source"
    when = format_span(start, end, "day") if start is not None else ""
    return f"unnamed outlet ({kind_words}{', ' + when if when else ''})"


def source_long_label(outlet, outlet_basis, kind, when: str, published_basis) -> str:
    """A source in a chart footer, a detail view or a pack's appendix, each piece of its provenance marked with
    where it comes from: 'The Guardian (supplied by coder; news report, 5 Nov 2025, 19:00, date supplied by
    coder)', 'The Conversation (per the text; academic commentary, Aug–Sep 2025, date inferred)'."""
    kind_words = kind.replace("_", " ") if isinstance(kind, str) and kind else "source"
    date_words = BASIS_WORDS.get(published_basis) if isinstance(published_basis, str) else None
    tail = f"{kind_words}, {when}" + (f", date {date_words}" if date_words else "")
    if not _named(outlet):
        return f"unnamed outlet ({tail})"
    outlet_words = BASIS_WORDS.get(outlet_basis) if isinstance(outlet_basis, str) else None
    return f"{outlet} ({outlet_words + '; ' if outlet_words else ''}{tail})"


# Every article's author is the actor `author`, but two articles' authors are two claimants: on charts, filters,
# the scorecard and competing-claims checks the author of source S is the claimant KEY `author:S` (frames write
# it in `claimant_key`; every other claimant's key is its actor id). Exports keep the raw actor id beside the source.
AUTHOR = "author"
AUTHOR_KEY_PREFIX = AUTHOR + ":"
# Authors keep the author colour and differ by shape: the registry's cross first, then these, in key order.
AUTHOR_SYMBOLS = ["cross", "star-square", "triangle-ne", "triangle-sw", "square-cross"]  # no diamond: diamonds are Israeli officials


def author_key(source_id: str) -> str:
    """The claimant key of the author of source `source_id`."""
    return AUTHOR_KEY_PREFIX + source_id


def claimant_key(claimant_id: str | None, source_ids=()) -> str | None:
    """A record's claimant key: `author:<first cited source>` for the article's own voice, else the actor id."""
    first = next(iter(source_ids), None)
    return author_key(first) if claimant_id == AUTHOR and first else claimant_id


def claimant_actor(key: str | None) -> str | None:
    """The actor behind a claimant key: 'author:toi-x' -> 'author'; any actor id is its own."""
    return AUTHOR if isinstance(key, str) and key.startswith(AUTHOR_KEY_PREFIX) else key


def author_label(outlet: str | None, kind: str | None, start=None, end=None, dated: bool = False) -> str:
    """The author of one article, short enough for a legend and whole enough to tell two articles apart: by the
    outlet ('Author, The Times of Israel'), with the publication window when the outlet alone would not tell
    two articles apart (`dated`) or none is named ('Author, news report (19–23 Nov 2025)')."""
    from dashboard.conventions.datefmt import format_span  # display rule for the publication window

    named = _named(outlet)
    who = outlet if named else (kind.replace("_", " ") if isinstance(kind, str) and kind else "article")
    when = format_span(start, end, "day") if start is not None and (dated or not named) else ""
    return f"Author, {who}" + (f" ({when})" if when else "")


def claimant_label(claimant_id: str | None, name: str | None = None) -> str:
    """The one label for a claimant, on every chart, legend, footer and table. A claimant key `author:S` is
    labelled by `name`, the frames' author_label of S."""
    if claimant_id != claimant_actor(claimant_id):
        return name or CLAIMANT_LABELS[AUTHOR]
    if claimant_id in CLAIMANT_LABELS:
        return CLAIMANT_LABELS[claimant_id]
    text = name or claimant_id or "Unattributed"
    return text.split(" (")[0] if len(text) > 28 else text


# First words of claimant labels that are ordinary words, lowered inside a sentence ("per unnamed sources"); a
# label starting with a name or a proper adjective ("IDF", "Israeli government") keeps its capital.
COMMON_FIRST_WORDS = ("The", "Unnamed", "Unattributed", "Sources", "Hostage", "Author")


def in_sentence(label_text: str) -> str:
    """A claimant label inside a sentence: 'per the article's author', 'per unnamed Israeli officials'."""
    first, space, rest = label_text.partition(" ")
    return first.lower() + space + rest if first.rstrip(",") in COMMON_FIRST_WORDS else label_text


def _hashed_symbol(claimant_id: str | None) -> str:
    return _FALLBACK_SYMBOLS[zlib.crc32((claimant_id or "").encode()) % len(_FALLBACK_SYMBOLS)]


def claimant_symbols(claimant_ids, everyone=()) -> dict[str, str]:
    """The shapes for the claimants ONE chart draws. Given `everyone` (every claimant of the dataset), each gets the
    shape it has among all of them, so a claimant keeps its shape from chart to chart (a reader who learned that
    the cross is one article's author on one slide must not meet it as another's on the next); only when that
    would give two claimants of this chart one shape (the dataset has more unregistered claimants than shapes) are
    the shapes chosen among this chart's claimants alone."""
    drawn = [i for i in dict.fromkeys(claimant_ids) if isinstance(i, str) and i]
    if everyone:
        whole = _assign_symbols(list(dict.fromkeys([*everyone, *drawn])))
        mine = {i: whole[i] for i in drawn}
        if len(set(mine.values())) == len(mine):
            return mine
    return _assign_symbols(drawn)


def _assign_symbols(claimant_ids) -> dict[str, str]:
    """The registry's shapes, and for claimants outside it fallback shapes that no other claimant in the list
    has, each its own (its checksum's shape when free, else the first free one, in id order: the same claimants get
    the same shapes). Hashing alone gave lina-khatib, moussa-abu-marzouk and qatar one shape. Past the fallbacks
    (more unregistered claimants than _FALLBACK_SYMBOLS), shapes repeat."""
    ids = [i for i in dict.fromkeys(claimant_ids) if isinstance(i, str) and i]
    out = {i: CLAIMANT_SYMBOLS[i] for i in ids if i in CLAIMANT_SYMBOLS}
    authors = sorted(i for i in ids if claimant_actor(i) == AUTHOR and i not in out)
    free_author = [sym for sym in AUTHOR_SYMBOLS if sym not in set(out.values())]
    for i in authors:  # each article's author its own shape of the author family, while the family lasts
        if free_author:
            out[i] = free_author.pop(0)
    free = [sym for sym in _FALLBACK_SYMBOLS if sym not in set(out.values())]
    for i in sorted(set(ids) - set(out)):
        want = _hashed_symbol(i)
        sym = want if want in free else (free[0] if free else want)
        if sym in free:
            free.remove(sym)
        out[i] = sym
    return out


# The shapes of the chart being built (`chart_claimants`); outside one, a claimant's own (registry or checksum).
_CHART_SYMBOLS: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("chart_symbols", default=None)


@contextlib.contextmanager
def chart_claimants(claimant_ids, everyone=()):
    """Within this block claimant_symbol (and claimant_glyph) give the shapes of claimant_symbols(claimant_ids,
    everyone): a builder wraps its drawing in it with every claimant it draws, so its marks and its key agree, no
    two of them share a shape, and each has the shape it has on every other chart."""
    token = _CHART_SYMBOLS.set(claimant_symbols(claimant_ids, everyone))
    try:
        yield
    finally:
        _CHART_SYMBOLS.reset(token)


def claimant_symbol(claimant_id: str | None) -> str:
    chart = _CHART_SYMBOLS.get()
    if chart and claimant_id in chart:
        return chart[claimant_id]
    if claimant_id in CLAIMANT_SYMBOLS:
        return CLAIMANT_SYMBOLS[claimant_id]
    if claimant_actor(claimant_id) == AUTHOR:  # an author outside a chart: the author's shape
        return CLAIMANT_SYMBOLS[AUTHOR]
    return _hashed_symbol(claimant_id)


def claimant_glyph(claimant_id: str | None) -> str:
    """The claimant's shape as a character, for keys written as text (the compliance chart's header)."""
    return SYMBOL_GLYPHS[claimant_symbol(claimant_id)]


def open_symbol(symbol: str) -> str:
    """The hollow form of a shape: 'circle' -> 'circle-open', 'circle-dot' -> 'circle-open-dot'."""
    return symbol[:-4] + "-open-dot" if symbol.endswith("-dot") else symbol + "-open"


def event_class(event_type: str | None) -> str:
    """The class an event type belongs to ('airstrike' -> 'strikes'); anything unknown is 'other'."""
    return EVENT_CLASS.get(event_type or "", "other")


def event_class_label(event_type: str | None) -> str:
    return EVENT_CLASSES[event_class(event_type)][0]


def event_symbol(event_type: str | None) -> str:
    """The shape an event of this type is drawn with: its class's shape."""
    return EVENT_CLASSES[event_class(event_type)][1]


def phase_colors(phase_ids) -> dict[str, str]:
    """A colour per phase, `phase_ids` in the dataset's order (by start): distinct while there are colours
    in the palette, then repeating (a dataset with more phases than that needs more colours here)."""
    return {pid: PHASE_PALETTE[i % len(PHASE_PALETTE)] for i, pid in enumerate(dict.fromkeys(phase_ids))}


def rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"
