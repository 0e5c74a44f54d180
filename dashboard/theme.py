"""One palette and one set of symbols for the whole app and every export.

Okabe-Ito is colour-blind safe; each actor or claimant gets the same colour everywhere, and marker
shapes / dash patterns repeat the encoding so a grayscale print still reads.
"""

from __future__ import annotations

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
GREY = "#7F7F7F"

# Fixed colours for the actors and claimants that recur; anything else falls back to grey so the
# legend never changes colour when filters change.
ACTOR_COLORS = {
    "idf": "#0072B2",
    "israel": "#0072B2",
    "netanyahu": "#0072B2",
    "israel-security-cabinet": "#0072B2",
    "hamas": "#D55E00",
    "hamas-gaza-health-ministry": "#E69F00",
    "hezbollah": "#009E73",
    "lebanon": "#009E73",
    "united-states": "#CC79A7",
    "trump": "#CC79A7",
    "us-official": "#CC79A7",
    "witkoff": "#CC79A7",
    "kushner": "#CC79A7",
    "egypt": "#56B4E9",
    "qatar": "#56B4E9",
    "un-security-council": "#56B4E9",
    "author": "#000000",
}
ACTOR_GROUP = {
    "#0072B2": "Israel (government, IDF)",
    "#D55E00": "Hamas",
    "#E69F00": "Gaza health ministry (Hamas-run)",
    "#009E73": "Hezbollah / Lebanon",
    "#CC79A7": "United States",
    "#56B4E9": "Mediators and UN",
    "#000000": "Article's own reporting",
    GREY: "Other actors",
}
DASHES = {"#0072B2": "solid", "#D55E00": "dash", "#E69F00": "dot", "#009E73": "dashdot", "#CC79A7": "longdash",
          "#56B4E9": "longdashdot", "#000000": "solid", GREY: "dot"}

SYMBOLS = {
    "airstrike": "triangle-down",
    "targeted_killing": "x",
    "armed_clash": "diamond",
    "ground_operation": "square",
    "raid": "square-open",
    "execution": "x-thin-open",
    "hostage_release": "star",
    "remains_handover": "star-open",
    "search_for_remains": "star-triangle-up",
    "troop_deployment": "square-x",
    "agreement": "circle",
    "negotiations": "circle-open",
    "diplomatic_meeting": "hexagon-open",
    "official_statement": "circle-dot",
    "un_resolution": "hexagon",
    "policy_decision": "pentagon",
    "military_planning": "pentagon-open",
    "protest": "triangle-up-open",
    "funeral": "cross",
    "other": "circle-cross",
}

THEATRE_LABELS = {
    "gaza": "Gaza", "lebanon": "Lebanon", "israel": "Israel", "west_bank": "West Bank", "egypt": "Egypt",
    "qatar": "Qatar", "turkey": "Turkey", "united_states": "United States", "international": "International",
}
PHASE_FILL = {"gaza": "rgba(0,114,178,0.10)", "lebanon": "rgba(0,158,115,0.12)"}

FONT = "DejaVu Sans, Arial, sans-serif"


def actor_color(actor_id: str | None) -> str:
    return ACTOR_COLORS.get(actor_id or "", GREY)


def actor_group(actor_id: str | None) -> str:
    return ACTOR_GROUP[actor_color(actor_id)]


def label(term: str | None) -> str:
    """Human label for a vocabulary term: 'remains_handover' -> 'Remains handover'."""
    if not term:
        return ""
    text = THEATRE_LABELS.get(term) or term.replace("_", " ").replace("-", " ").capitalize()
    return "UN " + text[3:] if text.lower().startswith("un ") else text  # 'un_resolution' -> 'UN resolution'
