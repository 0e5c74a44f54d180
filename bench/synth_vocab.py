"""Synthetic data: its vocabulary (theatres, actors, metrics, phrases) and the generated article texts."""

from __future__ import annotations

import calendar
from datetime import date

import numpy as np


GENERATOR_VERSION = 2  # 2: Parquet row groups of 16k rows (scale.ROW_GROUP)


START, END = date(2024, 1, 1), date(2025, 12, 31)


N_DAYS = (END - START).days + 1


MONTHS = [(y, m) for y in (2024, 2025) for m in range(1, 13)]


SENTENCES_PER_ARTICLE = 400


EVENTS_PER_YAML_FILE = 4000  # keeps each file well under yamlio.MAX_FILE_BYTES


FIGURES_PER_EVENT = 0.3


FURNITURE = "Sign up for the Synthetic Wire daily briefing and never miss a story."


THEATRES = ["gaza", "lebanon", "israel", "west_bank", "international", "egypt", "united_states", "qatar", "turkey"]


THEATRE_P = [0.58, 0.14, 0.12, 0.05, 0.04, 0.03, 0.02, 0.01, 0.01]


LOCATIONS = {
    "gaza": ["Khan Younis", "Rafah", "Gaza City", "Deir al-Balah", "Jabalia", "Beit Lahia", "Nuseirat"],
    "lebanon": ["Nabatieh", "Tyre", "Beirut southern suburbs", "Bint Jbeil", "Marjayoun"],
    "israel": ["Jerusalem", "Tel Aviv", "Sderot", "Kiryat Shmona"],
    "west_bank": ["Jenin", "Tulkarem", "Nablus"],
    "international": ["New York", "The Hague"],
    "egypt": ["Cairo", "Sharm el-Sheikh"],
    "united_states": ["Washington"],
    "qatar": ["Doha"],
    "turkey": ["Ankara"],
}


TYPES = ["official_statement", "armed_clash", "airstrike", "negotiations", "agreement", "policy_decision",
         "targeted_killing", "ground_operation", "other", "protest", "hostage_release", "diplomatic_meeting",
         "un_resolution", "execution", "remains_handover", "search_for_remains", "funeral", "military_planning",
         "raid", "troop_deployment"]


TYPE_P = np.array([22, 12, 14, 8, 4, 5, 5, 5, 4, 4, 3, 3, 1, 2, 2, 2, 2, 1, 1, 1], dtype=float)


VIOLENT = {"armed_clash", "airstrike", "targeted_killing", "ground_operation", "execution", "raid"}


STATUSES = ["occurred", "announced", "alleged", "expected", "scheduled"]


STATUS_P = [0.85, 0.07, 0.05, 0.02, 0.01]


PRECISIONS = ["day", "week", "month", "year"]


PRECISION_P = [0.40, 0.30, 0.22, 0.08]


ACTORS = [  # (id, name, kind, weight as initiator)
    ("author", "The article (in its own voice)", "author", 0.0),
    ("idf", "Israel Defense Forces", "military", 25),
    ("israel", "Israel (government)", "state", 10),
    ("netanyahu", "Benjamin Netanyahu (Israeli prime minister)", "official", 3),
    ("hamas", "Hamas", "armed_group", 28),
    ("hamas-gaza-health-ministry", "Gaza health ministry (Hamas-run)", "health_authority", 2),
    ("hezbollah", "Hezbollah", "armed_group", 7),
    ("lebanon", "Lebanon (government)", "state", 2),
    ("united-states", "United States (government)", "state", 5),
    ("us-official", "Unnamed US official", "official", 2),
    ("egypt", "Egypt", "mediator", 2),
    ("qatar", "Qatar", "mediator", 2),
    ("turkey", "Turkey", "state", 1),
    ("un-security-council", "UN Security Council", "intergovernmental", 1),
    ("palestinian-civilians", "Palestinian civilians", "civilians", 1),
    ("israeli-protesters", "Israeli protesters", "civil_society", 2),
    ("palestinian-islamic-jihad", "Palestinian Islamic Jihad", "armed_group", 2),
    ("popular-forces", "Popular Forces (Gaza militia)", "armed_group", 1),
    ("israel-police", "Israel Police", "government", 1),
    ("lebanese-army", "Lebanese Armed Forces", "military", 1),
    ("unifil", "UNIFIL", "intergovernmental", 1),
    ("pa-security-forces", "Palestinian Authority security forces", "military", 1),
    ("settlers", "Israeli settlers", "civilians", 1),
    ("hostage-families", "Families of hostages", "civil_society", 1),
    ("synthetic-wire", "Synthetic Wire correspondents", "media", 0.0),
]


ACTOR_IDS = [a[0] for a in ACTORS]


ACTOR_NAME = {a[0]: a[1] for a in ACTORS}


INITIATOR_P = np.array([a[3] for a in ACTORS], dtype=float)


CLAIMANTS = ["hamas-gaza-health-ministry", "idf", "author", "un-security-council", "hezbollah", "lebanon", "israel",
             "us-official", "synthetic-wire"]


CLAIMANT_P = [0.28, 0.22, 0.2, 0.05, 0.05, 0.05, 0.06, 0.04, 0.05]


# metric -> (unit, weight, low, high) for single values drawn log-uniformly in [low, high]
METRICS = {
    "killed": ("people", 32, 1, 300),
    "injured": ("people", 18, 1, 500),
    "operatives_killed": ("operatives", 10, 1, 60),
    "strikes": ("strikes", 8, 1, 120),
    "raids": ("raids", 5, 1, 40),
    "attacks": ("attacks", 5, 1, 80),
    "sites_struck": ("sites", 5, 1, 150),
    "hostage_bodies_remaining": ("bodies", 2, 1, 28),
    "living_hostages_released": ("hostages", 2, 1, 20),
    "living_hostages_to_release": ("hostages", 2, 1, 33),
    "territory_share": ("percent", 1, 30, 70),
    "prisoners": ("prisoners", 3, 10, 2000),
    "protesters": ("people", 2, 50, 100000),
    "duration": ("days", 5, 1, 60),
}


METRIC_IDS = list(METRICS)


METRIC_P = np.array([METRICS[m][1] for m in METRIC_IDS], dtype=float)


COUNTS = {"killed", "injured", "operatives_killed"}


SUBJECT = {
    "killed": "People killed in {loc}", "injured": "People injured in {loc}",
    "operatives_killed": "Operatives killed in {loc}", "strikes": "Strikes reported around {loc}",
    "raids": "Raids reported around {loc}", "attacks": "Attacks reported around {loc}",
    "sites_struck": "Sites struck around {loc}", "hostage_bodies_remaining": "Hostages' bodies remaining in Gaza",
    "living_hostages_released": "Living hostages released", "living_hostages_to_release": "Living hostages still to be released",
    "territory_share": "Share of Gaza's territory under Israeli control", "prisoners": "Palestinian prisoners to be released",
    "protesters": "Protesters in {loc}", "duration": "Length of the operation around {loc}",
}


PHRASES = [
    "officials said strikes continued overnight", "residents described heavy shelling near the border",
    "mediators said talks would resume within days", "the military said it targeted militant infrastructure",
    "the health ministry gave a new casualty count", "witnesses reported clashes near a crossing point",
    "aid convoys were delayed at the checkpoint", "a spokesman denied violating the ceasefire terms",
    "security sources described a raid before dawn", "negotiators exchanged proposals on the next phase",
    "families gathered to demand the return of hostages", "the cabinet met to discuss the truce",
    "diplomats called for restraint on both sides", "an official said the deadline had been extended",
    "the army said troops had redeployed to the line", "funerals were held for those killed in the strike",
]


PHASES = [  # (id, name, theatre, start (date, precision, text, rule), end or None, cites month of)
    ("lebanon-ceasefire-nov-2024", "November 2024 Lebanon ceasefire", "lebanon", ("2024-11", "month", "November 2024", "stated_month"), None),
    ("gaza-truce-jan-2025", "January 2025 Gaza truce", "gaza", ("2025-01-19", "day", "January 19, 2025", "stated"),
     ("2025-03-18", "day", "March 18, 2025", "stated")),
    ("gaza-ceasefire-oct-2025", "10 October 2025 Gaza ceasefire", "gaza", ("2025-10-10", "day", "October 10, 2025", "stated"), None),
]


DIMENSIONS = ["freedom_of_action", "enforcement", "disarmament", "guarantees", "governance_role", "international_force",
              "ceasefire_terms"]


MONTH_NAME = list(calendar.month_name)


def source_id(k: int) -> str:
    y, m = MONTHS[k]
    return f"synth-{y}-{m:02d}"


def _month_end(k: int) -> date:
    y, m = MONTHS[k]
    return date(y, m, calendar.monthrange(y, m)[1])


def sentence(k: int, j: int) -> str:
    y, m = MONTHS[k]
    theatre = THEATRES[j % len(THEATRES)]
    loc = LOCATIONS[theatre][j % len(LOCATIONS[theatre])]
    return f"In {loc} ({MONTH_NAME[m]} {y}, item {j + 1}), {PHRASES[(j * 7 + k) % len(PHRASES)]}."


def article_text(k: int) -> str:
    y, m = MONTHS[k]
    body = "\n".join(sentence(k, j) for j in range(SENTENCES_PER_ARTICLE))
    return f"Synthetic Wire digest: {MONTH_NAME[m]} {y}\n\n{body}\n\n{FURNITURE}\n"


def _offsets(texts: list[str]) -> np.ndarray:
    """(article, sentence) -> character offset of the sentence in its article."""
    out = np.zeros((len(MONTHS), SENTENCES_PER_ARTICLE), dtype=np.int64)
    for k, text in enumerate(texts):
        pos = 0
        for j in range(SENTENCES_PER_ARTICLE):
            pos = text.index(sentence(k, j), pos)
            out[k, j] = pos
    return out
