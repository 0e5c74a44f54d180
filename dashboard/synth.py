"""Deterministic synthetic datasets in our schema, for benchmarks and scale tests. No Streamlit import.

`generate(root, n_events, seed)` lays out a self-contained repository copy:

    root/seeds/synth-YYYY-MM.txt      24 monthly synthetic articles (real text files, checksummed)
    root/data/sources.yaml, actors.yaml, phases.yaml, comparisons.yaml   (small, validated by the loader)
    root/data/articles/events-NNN.yaml                                   (only with `yaml=True`)
    root/data/synthetic.json                                              (what was generated, with which seed)
    root/data/.cache/frames-<hash>/*.parquet + manifest.json              (the frames, columnar)

Every column is drawn from one seeded plan (numpy's PCG64), so the same (n_events, seed) always gives
byte-identical YAML and identical frames. Two emitters read that plan:

* `yaml=True` writes the events and figures as YAML records a coder could have written, which the real
  loader validates (quotes verified verbatim in the synthetic articles, date rules, references) and
  `frames.build_frames` flattens. Practical up to ~10k events (the loader is not built for more).
* the frame emitter builds the same frames column by column with numpy (seconds for 1M events) and
  writes them straight into the Parquet cache, which `scale.load_bundle_fast` reads without parsing
  any YAML record. tests/test_synth.py checks that both emitters agree.

Shapes follow the hand-coded data: dates across two years (2024-2025) with bursts around crises, a
mix of day/week/month/year precision, nine theatres weighted towards Gaza, ~25 actors, 1-2 actors per
event, 1-2 citations per event, ~0.3 figures per event with claimants, qualifiers, ranges, vague
counts and derived complements, three ceasefire phases and a fixed comparison matrix.

    python -m dashboard.synth --events 100000 --out /tmp/synth-100k [--seed 0] [--yaml]
    CEASEFIRE_DATA_DIR=/tmp/synth-100k/data streamlit run streamlit_app.py
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import shutil
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from . import theme
from .datefmt import format_span
from . import claims
from .frames import PERMALINK, TIME_PRECISION, Frames, _EVENT_COLUMNS, _FIGURE_COLUMNS
from .models import ACLED_TYPES, EventType, Precision

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


# --------------------------------------------------------------------------- articles


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


# --------------------------------------------------------------------------- the plan


@dataclass
class Plan:
    """Every random draw, as arrays indexed by event or figure. Both emitters read only this."""

    n: int
    day: np.ndarray  # event day index from START
    prec: np.ndarray  # index into PRECISIONS
    until_days: np.ndarray  # 0 = no until, else days after `day`
    status: np.ndarray
    theatre: np.ndarray
    loc: np.ndarray  # index into LOCATIONS[theatre]
    etype: np.ndarray
    a1: np.ndarray  # -1 = no actor
    a2: np.ndarray  # -1 = no second actor
    fatal: np.ndarray  # -1 = none
    key: np.ndarray
    c1: np.ndarray  # sentence index of the first citation (article: the event's month)
    c2: np.ndarray  # -1 = no second citation (article: the next month, if any)
    # figures (base figures; each territory_share figure is followed by its derived complement)
    f_event: np.ndarray
    f_metric: np.ndarray
    f_kind: np.ndarray  # 0 value, 1 range, 2 vague
    f_qual: np.ndarray  # qualifier string per figure
    f_v1: np.ndarray
    f_v2: np.ndarray
    f_claimant: np.ndarray
    f_link: np.ndarray  # bool: `event` set
    f_period: np.ndarray  # bool: "since the ceasefire"
    f_cite: np.ndarray


def _sentence_claimants() -> np.ndarray:
    """One claimant per sentence index (R-CROSS-CLAIMANT: the same quoted words carry one claimant): a fixed
    draw with the claimant weights, and the author for the sentences the comparison cells (author) cite."""
    out = np.random.default_rng(20).choice(len(CLAIMANTS), size=SENTENCES_PER_ARTICLE, p=CLAIMANT_P)
    cells = [9 * (di + 1) + ti for di in range(len(DIMENSIONS)) for ti in (0, 1)]
    out[[i for i in cells if i < SENTENCES_PER_ARTICLE]] = CLAIMANTS.index("author")
    return out


SENTENCE_CLAIMANT = _sentence_claimants()


def plan(n: int, seed: int = 0) -> Plan:
    rng = np.random.Generator(np.random.PCG64(seed))
    days = np.arange(N_DAYS)
    weight = np.ones(N_DAYS)
    for centre, width, height in ((95, 20, 2.0), (300, 12, 3.5), (383, 10, 2.5), (440, 25, 1.5), (600, 15, 3.0), (648, 8, 4.0)):
        weight += height * np.exp(-((days - centre) / width) ** 2)
    day = rng.choice(N_DAYS, size=n, p=weight / weight.sum())
    prec = rng.choice(len(PRECISIONS), size=n, p=PRECISION_P)
    until_days = np.where((prec == 0) & (rng.random(n) < 0.05), rng.integers(1, 11, size=n), 0)
    status = rng.choice(len(STATUSES), size=n, p=STATUS_P)
    theatre = rng.choice(len(THEATRES), size=n, p=THEATRE_P)
    loc = rng.integers(0, 1 << 30, size=n)
    etype = rng.choice(len(TYPES), size=n, p=TYPE_P / TYPE_P.sum())
    n_actors = rng.choice(3, size=n, p=[0.05, 0.5, 0.45])
    a1 = np.where(n_actors > 0, rng.choice(len(ACTORS), size=n, p=INITIATOR_P / INITIATOR_P.sum()), -1)
    shift = rng.integers(1, len(ACTORS) - 1, size=n)
    a2 = np.where(n_actors > 1, (a1 + shift) % len(ACTORS), -1)
    a2 = np.where(a2 == 0, -1, a2)  # the article's own voice is never a counterpart
    violent = np.isin(etype, [TYPES.index(t) for t in VIOLENT])
    fatal = np.where(violent & (rng.random(n) < 0.6), np.floor(rng.pareto(1.5, size=n) * 3).astype(np.int64).clip(0, 400), -1)
    key = rng.random(n) < 0.002
    c1 = rng.integers(0, SENTENCES_PER_ARTICLE, size=n)
    c2 = np.where(rng.random(n) < 0.3, rng.integers(0, SENTENCES_PER_ARTICLE, size=n), -1)
    if n >= 4:  # every nullable column holds both values and nulls, at any size (stable dtypes)
        fatal[0], fatal[1] = -1, 3
        prec[0], prec[1], prec[2], prec[3] = 0, 1, 2, 3
        until_days[0], until_days[1] = 2, 0
        key[1] = True
        a1[3], a2[3] = -1, -1
        a2[0] = 2 if a1[0] != 2 else 4
        c2[0] = 5
        theatre[0], theatre[1] = 2, 0  # Israel (no phase), Gaza during the October 2025 ceasefire
        day[1] = (date(2025, 10, 15) - START).days

    m = max(1, round(n * FIGURES_PER_EVENT))
    f_event = rng.integers(0, n, size=m)
    f_metric = rng.choice(len(METRIC_IDS), size=m, p=METRIC_P / METRIC_P.sum())
    r = rng.random(m)
    counts = np.isin(f_metric, [METRIC_IDS.index(x) for x in COUNTS])
    share = f_metric == METRIC_IDS.index("territory_share")
    f_kind = np.where(share, 0, np.where(r < 0.06, 1, np.where(counts & (r > 0.98), 2, 0)))
    qual_pool = np.array(["exact"] * 14 + ["more_than", "over", "at_least", "about", "nearly", "up_to", "estimated"])
    f_qual = qual_pool[rng.integers(0, len(qual_pool), size=m)]
    f_qual = np.where(f_kind == 1, np.where(r < 0.03, "exact", "about"), f_qual)
    f_qual = np.where(f_kind == 2, np.where(r > 0.99, "hundreds", "dozens"), f_qual)
    f_qual = np.where(share, "exact", f_qual)
    lo = np.array([METRICS[x][2] for x in METRIC_IDS], dtype=float)[f_metric]
    hi = np.array([METRICS[x][3] for x in METRIC_IDS], dtype=float)[f_metric]
    f_v1 = np.round(np.exp(rng.uniform(np.log(lo), np.log(hi))))
    f_v2 = f_v1 + np.round(rng.uniform(1, 0.3 * f_v1 + 2))
    f_claimant = rng.choice(len(CLAIMANTS), size=m, p=CLAIMANT_P)
    f_link = rng.random(m) < 0.7
    f_period = rng.random(m) < 0.1
    f_cite = rng.integers(0, SENTENCES_PER_ARTICLE, size=m)
    f_claimant = SENTENCE_CLAIMANT[f_cite]  # the draw above keeps the random stream as it was
    if n >= 4 and m >= 3:  # as for events: both values and nulls in every nullable column
        f_metric[0], f_kind[0], f_qual[0], f_v1[0] = METRIC_IDS.index("territory_share"), 0, "exact", 53.0
        f_event[0], f_event[1], f_event[2] = 0, 1, 2
        f_period[0], f_period[1] = False, True
        f_link[1], f_link[2] = True, False
        if f_metric[1] == f_metric[0]:
            f_metric[1], f_kind[1], f_qual[1] = 0, 0, "exact"
    return Plan(n, day, prec, until_days, status, theatre, loc, etype, a1, a2, fatal, key, c1, c2,
                f_event, f_metric, f_kind, f_qual, f_v1, f_v2, f_claimant, f_link, f_period, f_cite)


# --------------------------------------------------------------------------- derived per-event columns


def _day_date(i) -> date:
    return START + timedelta(days=int(i))


def _event_columns(p: Plan) -> dict:
    """Per-event values shared by both emitters (numpy arrays; strings as object arrays of shared objects)."""
    day = p.day
    d64 = np.datetime64(START.isoformat(), "D") + day.astype("timedelta64[D]")
    ym = d64.astype("datetime64[M]")
    yr = d64.astype("datetime64[Y]")
    month_k = (ym.astype(np.int64) - np.datetime64("2024-01", "M").astype(np.int64))
    start = np.select([p.prec <= 1, p.prec == 2], [d64, ym.astype("datetime64[D]")], yr.astype("datetime64[D]"))
    end = np.select([p.prec == 0, p.prec == 1, p.prec == 2],
                    [d64, d64 + 6, (ym + 1).astype("datetime64[D]") - 1], (yr + 1).astype("datetime64[D]") - 1)
    # an `until` stays inside the month of its event, so it never postdates the cited article
    last = (ym + 1).astype("datetime64[D]") - 1
    until_days = np.minimum(p.until_days, (last - d64).astype(np.int64))
    until_end = d64 + until_days
    has_until = until_days > 0
    date_end = np.where(has_until, until_end, end)
    # lookups by day / month / year index, so each string exists once
    day_iso = np.array([_day_date(i).isoformat() for i in range(N_DAYS + 400)], dtype=object)
    day_text = np.array([f"{MONTH_NAME[d.month]} {d.day}, {d.year}" for d in map(_day_date, range(N_DAYS + 400))], dtype=object)
    month_iso = np.array([f"{y}-{m:02d}" for y, m in MONTHS], dtype=object)
    month_text = np.array([f"{MONTH_NAME[m]} {y}" for y, m in MONTHS], dtype=object)
    year = yr.astype(np.int64) + 1970
    start_idx = (start - np.datetime64(START.isoformat(), "D")).astype(np.int64)
    prec = p.prec
    when_date = np.where(prec <= 1, day_iso[day], np.where(prec == 2, month_iso[month_k], year.astype(str).astype(object)))
    when_text = np.where(prec == 0, day_text[day], np.where(prec == 1, None, np.where(
        prec == 2, month_text[month_k], np.array(["in 2024", "in 2025"], dtype=object)[year - 2024])))
    rules = np.array(["stated", "inferred", "stated_month", "stated_year"], dtype=object)
    note = np.where(prec == 1, "Synthetic: an undated report, placed in the week starting on this day.", None)
    until_idx = day + until_days
    theatre = np.array(THEATRES, dtype=object)[p.theatre]
    loc_tables = [np.array(LOCATIONS[t], dtype=object) for t in THEATRES]
    loc = np.empty(p.n, dtype=object)
    for ti, table in enumerate(loc_tables):
        sel = p.theatre == ti
        loc[sel] = table[p.loc[sel] % len(table)]
    # phase by theatre and day
    phase = np.full(p.n, None, dtype=object)
    d = d64
    phase[(p.theatre == 1) & (d >= np.datetime64("2024-11-27"))] = "lebanon-ceasefire-nov-2024"
    phase[(p.theatre == 0) & (d >= np.datetime64("2025-01-19")) & (d <= np.datetime64("2025-03-18"))] = "gaza-truce-jan-2025"
    phase[(p.theatre == 0) & (d >= np.datetime64("2025-10-10"))] = "gaza-ceasefire-oct-2025"
    src2_k = np.minimum(month_k + 1, len(MONTHS) - 1)
    return dict(start=start, end=end, date_end=date_end, has_until=has_until, until_idx=until_idx, until_end=until_end,
                month_k=month_k, src2_k=src2_k, when_date=when_date, when_text=when_text, rule=rules[prec], note=note,
                theatre=theatre, loc=loc, phase=phase, day_iso=day_iso, day_text=day_text, start_idx=start_idx)


def _figure_rows(p: Plan, ev: dict) -> dict:
    """Figures in dataset order: base figures, each territory share followed by its derived complement."""
    share = p.f_metric == METRIC_IDS.index("territory_share")
    reps = np.where(share, 2, 1)
    base = np.repeat(np.arange(len(p.f_event)), reps)
    derived = np.zeros(len(base), dtype=bool)
    derived[1:] = base[1:] == base[:-1]
    return dict(base=base, derived=derived)


# --------------------------------------------------------------------------- YAML emitter


def _yaml_events(p: Plan, ev: dict, lo: int, hi: int) -> list[dict]:
    out = []
    for i in range(lo, hi):
        k = int(ev["month_k"][i])
        when = {"date": ev["when_date"][i], "precision": PRECISIONS[p.prec[i]]}
        if ev["when_text"][i] is not None:
            when["text"] = ev["when_text"][i]
        when["rule"] = ev["rule"][i]
        if ev["note"][i] is not None:
            when["note"] = ev["note"][i]
        rec = {"id": f"syn-ev-{i:07d}", "when": when}
        if ev["has_until"][i]:
            u = int(ev["until_idx"][i])
            rec["until"] = {"date": ev["day_iso"][u], "precision": "day", "text": f"until {ev['day_text'][u]}", "rule": "stated"}
        rec["status"] = STATUSES[p.status[i]]
        rec["theatre"] = ev["theatre"][i]
        rec["location"] = ev["loc"][i]
        rec["event_type"] = TYPES[p.etype[i]]
        actors = [ACTOR_IDS[a] for a in (p.a1[i], p.a2[i]) if a >= 0]
        if actors:
            rec["actors"] = actors
        if ev["phase"][i] is not None:
            rec["phase"] = ev["phase"][i]
        rec["summary"] = _summary(p, ev, i)
        if p.fatal[i] >= 0:
            rec["fatalities"] = int(p.fatal[i])
        if p.key[i]:
            rec["key"] = True
        cits = [{"source": source_id(k), "quote": sentence(k, int(p.c1[i]))}]
        if p.c2[i] >= 0:
            k2 = int(ev["src2_k"][i])
            cits.append({"source": source_id(k2), "quote": sentence(k2, int(p.c2[i]))})
        rec["citations"] = cits
        out.append(rec)
    return out


def _summary(p: Plan, ev: dict, i: int) -> str:
    t = TYPES[p.etype[i]].replace("_", " ")
    return f"Synthetic {t} in {ev['loc'][i]} (record {i})"


def _figure_values(p: Plan, b: int, derived: bool) -> dict:
    kind, v1, v2, qual = int(p.f_kind[b]), float(p.f_v1[b]), float(p.f_v2[b]), str(p.f_qual[b])
    if derived:
        return {"value": 100.0 - v1, "low": None, "high": None, "qualifier": "exact"}
    if kind == 1:
        return {"value": None, "low": v1, "high": v2, "qualifier": qual}
    if kind == 2:
        return {"value": None, "low": 24.0 if qual == "dozens" else 200.0, "high": None, "qualifier": qual}
    return {"value": v1, "low": None, "high": None, "qualifier": qual}


def _yaml_figures(p: Plan, ev: dict, rows: dict) -> list[dict]:
    out = []
    for j, (b, derived) in enumerate(zip(rows["base"], rows["derived"])):
        e = int(p.f_event[b])
        metric = METRIC_IDS[p.f_metric[b]]
        vals = _figure_values(p, b, derived)
        rec: dict = {"id": f"syn-fg-{j:07d}", "metric": metric}
        for name in ("value", "low", "high"):
            if vals[name] is not None:
                rec[name] = vals[name]
        if vals["qualifier"] != "exact":
            rec["qualifier"] = vals["qualifier"]
        rec["unit"] = METRICS[metric][0]
        rec["subject"] = _subject(metric, ev["loc"][e], derived)
        rec["theatre"] = "gaza" if metric == "territory_share" else ev["theatre"][e]
        when = {"date": ev["when_date"][e], "precision": PRECISIONS[p.prec[e]]}
        if ev["when_text"][e] is not None:
            when["text"] = ev["when_text"][e]
        when["rule"] = ev["rule"][e]
        if ev["note"][e] is not None:
            when["note"] = ev["note"][e]
        rec["as_of"] = when
        if p.f_period[b] and not derived:
            rec["period"] = "since the ceasefire"
        rec["claimant"] = "author" if derived else CLAIMANTS[p.f_claimant[b]]
        if p.f_link[b] and not derived:
            rec["event"] = f"syn-ev-{e:07d}"
        if derived:
            rec["derived"] = {"method": "complement_of_share", "from_figures": [f"syn-fg-{j - 1:07d}"],
                              "formula": "100 - share under Israeli control"}
        else:
            k = int(ev["month_k"][e])
            rec["citations"] = [{"source": source_id(k), "quote": sentence(k, int(p.f_cite[b]))}]
        out.append(rec)
    return out


def _subject(metric: str, loc: str, derived: bool) -> str:
    if derived:
        return "Share of Gaza's territory not under Israeli control"
    return SUBJECT[metric].format(loc=loc)


# --------------------------------------------------------------------------- small metadata files


def _sources_yaml(texts: list[str]) -> dict:
    rows = []
    for k, (y, m) in enumerate(MONTHS):
        end = _month_end(k)
        rows.append({
            "id": source_id(k), "file": f"seeds/{source_id(k)}.txt",
            "sha256": hashlib.sha256(texts[k].encode("utf-8")).hexdigest(),
            "title": f"Synthetic digest, {MONTH_NAME[m]} {y}",
            "outlet": None if k % 4 == 3 else "Synthetic Wire",
            "outlet_evidence": "Generated by dashboard.synth; the masthead line names the outlet.",
            "kind": "news_report" if k % 3 else "analysis", "byline": None,
            "published": {"date": end.isoformat(), "precision": "day", "rule": "inferred",
                          "note": "Synthetic: published on the last day of the month it covers."},
            "url": None,
            "excluded": [{"quote": FURNITURE, "reason": "newsletter sign-up (synthetic page furniture)"}],
        })
    return {"sources": rows}


def _actors_yaml() -> dict:
    return {"actors": [{"id": a, "name": name, "kind": kind, "aliases": []} for a, name, kind, _ in ACTORS]}


def _phase_month(when: tuple) -> int:
    y, m = int(when[0][:4]), int(when[0][5:7])
    return MONTHS.index((y, m))


def _phases_yaml() -> dict:
    rows = []
    for pid, name, theatre, start, end in PHASES:
        k = _phase_month(end or start)
        when = lambda w: {"date": w[0], "precision": w[1], "text": w[2], "rule": w[3]}  # noqa: E731
        rows.append({"id": pid, "name": name, "theatre": theatre, "start": when(start), "end": when(end) if end else None,
                     "summary": f"Synthetic phase: {name}.",
                     "citations": [{"source": source_id(k), "quote": sentence(k, 0)}]})
    return {"phases": rows}


def _comparisons_yaml() -> dict:
    rows = []
    for di, dim in enumerate(DIMENSIONS):
        for ti, theatre in enumerate(("gaza", "lebanon")):
            k = 20 + (di + ti) % 4
            rows.append({"id": f"syn-cmp-{dim.replace('_', '-')}-{theatre}", "dimension": dim, "theatre": theatre,
                         "summary": f"Synthetic statement on {dim.replace('_', ' ')} in {theatre.title()}.",
                         "claimant": "author",
                         # a sentence set in the cell's own theatre (sentence j is set in THEATRES[j % 9])
                         "citations": [{"source": source_id(k), "quote": sentence(k, 9 * (di + 1) + ti)}]})
    return {"comparisons": rows}


def _dump(path: Path, header: str, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), sort_keys=False, allow_unicode=True, width=4096)
    path.write_text(f"# {header}\n{text}", encoding="utf-8")


# --------------------------------------------------------------------------- frame emitter


def _str(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def build_synthetic_frames(p: Plan, ev: dict, meta: Frames) -> Frames:
    """The frames `build_frames` would produce for the YAML emitter's dataset, built column by column.

    `meta` holds the frames of the small files (sources, phases, actors, comparisons and their
    citations), built by the real loader and `build_frames`."""
    n = p.n
    src = meta.sources  # reader-facing names by the one label function (theme.outlet_label), as build_frames
    outlet = {s: theme.outlet_label(o, k, a, b, basis) for s, o, k, a, b, basis in zip(
        src["id"], src["outlet"], src["kind"], src["published_start"], src["published_end"], src["outlet_basis"])}
    src_ids = [source_id(k) for k in range(len(MONTHS))]
    ids = np.array([f"syn-ev-{i:07d}" for i in range(n)], dtype=object)
    # source combinations: (first month, second month or -1), shared list objects per combination
    combo = np.where(p.c2 >= 0, ev["month_k"] * 32 + ev["src2_k"], ev["month_k"] * 32 + 31)
    uniq, inv = np.unique(combo, return_inverse=True)
    combo_lists, combo_text = [], []
    for c in uniq:
        ks = list(dict.fromkeys([src_ids[c // 32]] + ([src_ids[c % 32]] if c % 32 != 31 else [])))
        combo_lists.append(ks)
        combo_text.append("; ".join(dict.fromkeys(outlet[s] for s in ks)))
    source_ids = _shared(combo_lists, inv)
    source_text = np.array(combo_text, dtype=object)[inv]
    apair = (p.a1 + 1) * 64 + (p.a2 + 1)
    auniq, ainv = np.unique(apair, return_inverse=True)
    actor_lists = [[ACTOR_IDS[a - 1] for a in (u // 64, u % 64) if a > 0] for u in auniq]
    actor_ids = _shared(actor_lists, ainv)
    names = np.array([ACTOR_NAME[a] for a in ACTOR_IDS] + [None], dtype=object)
    quotes = np.array([[sentence(k, j) for j in range(SENTENCES_PER_ARTICLE)] for k in range(len(MONTHS))], dtype=object)
    acled = [ACLED_TYPES[EventType(t)] for t in TYPES]
    prec_names = np.array(PRECISIONS, dtype=object)
    tp = np.array([TIME_PRECISION[Precision(x)] for x in PRECISIONS], dtype=np.int64)
    summaries = np.array([f"Synthetic {TYPES[t].replace('_', ' ')} in {l} (record {i})"
                          for i, (t, l) in enumerate(zip(p.etype.tolist(), ev["loc"].tolist()))], dtype=object)
    until = np.where(ev["has_until"], ev["day_iso"][ev["until_idx"]], None)
    # the publication cap of windows.py, vectorised: a past fact ends by its latest source's publication day
    pub_end = np.array([np.datetime64(_month_end(k).isoformat(), "D") for k in range(len(MONTHS))])
    cap_note = np.array([f"narrowed to end {format_span(_month_end(k))}: reported as past in an article published "
                         f"{format_span(_month_end(k))}" for k in range(len(MONTHS))], dtype=object)
    past = ~np.isin(np.array(STATUSES, dtype=object)[p.status], ["expected", "scheduled"])
    latest_k = np.where(p.c2 >= 0, ev["src2_k"], ev["month_k"])
    capped = past & (ev["date_end"] > pub_end[latest_k])
    ev_end = np.where(capped, pub_end[latest_k], ev["date_end"])
    cols = {
        "id": _str(ids),
        "event_date": _str(ev["day_iso"][ev["start_idx"]]),
        "date": _str(ev["when_date"]),
        "time_precision": pd.Series(tp[p.prec]),
        "date_precision": _str(prec_names[p.prec]),
        "date_start": pd.Series(ev["start"].astype("datetime64[s]")),
        "date_end": pd.Series(ev_end.astype("datetime64[s]")),
        "date_text": _str(ev["when_text"]),
        "date_rule": _str(ev["rule"]),
        "date_note": _str(ev["note"]),
        "until": _str(until),
        "status": _str(np.array(STATUSES, dtype=object)[p.status]),
        "theatre": _str(ev["theatre"]),
        "location": _str(ev["loc"]),
        "event_type": _str(np.array([a for a, _ in acled], dtype=object)[p.etype]),
        "sub_event_type": _str(np.array([b for _, b in acled], dtype=object)[p.etype]),
        "type": _str(np.array(TYPES, dtype=object)[p.etype]),
        "actor1": _str(names[p.a1]),
        "actor2": _str(names[p.a2]),
        "actor_ids": pd.Series(actor_ids, dtype=object),
        "primary_actor": _str(np.where(p.a1 >= 0, np.array(ACTOR_IDS, dtype=object)[p.a1], "unattributed")),
        "phase": _str(ev["phase"]),
        "fatalities": pd.Series(np.where(p.fatal >= 0, p.fatal, np.nan).astype(float)),
        "key": pd.Series(p.key.astype(bool)),
        "source": _str(source_text),
        "source_ids": pd.Series(source_ids, dtype=object),
        "notes": _str(summaries),
        "quote": _str(quotes[ev["month_k"], p.c1]),
        "permalink": _str(np.array([f"{PERMALINK['events']}?id={x}" for x in ids], dtype=object)),
        "window_note": _str(np.where(capped, cap_note[latest_k], None)),
        "incident": pd.Series([None] * n, dtype=object),
        "date_time": pd.Series([None] * n, dtype=object),  # synthetic reports state no time of day
        "possibly_same": pd.Series([None] * n, dtype=object),
    }
    events = pd.DataFrame(cols, columns=_EVENT_COLUMNS)

    rows = _figure_rows(p, ev)
    b, derived = rows["base"], rows["derived"]
    m = len(b)
    e = p.f_event[b]
    fids = np.array([f"syn-fg-{j:07d}" for j in range(m)], dtype=object)
    kind, v1, v2 = p.f_kind[b], p.f_v1[b], p.f_v2[b]
    qual = np.where(derived, "exact", p.f_qual[b]).astype(object)
    value = np.where(derived, 100.0 - v1, np.where(kind == 0, v1, np.nan))
    low = np.where(kind == 1, v1, np.where(kind == 2, np.where(qual == "dozens", 24.0, 200.0), np.nan))
    high = np.where(kind == 1, v2, np.nan)
    lo = np.where(np.isnan(value), low, value)
    hi = np.where(np.isnan(value), high, value)
    metric = np.array(METRIC_IDS, dtype=object)[p.f_metric[b]]
    unit = np.array([METRICS[x][0] for x in METRIC_IDS], dtype=object)[p.f_metric[b]]
    subject = np.array([_subject(mt, l, d) for mt, l, d in zip(metric.tolist(), ev["loc"][e].tolist(), derived.tolist())], dtype=object)
    claimant_id = np.where(derived, "author", np.array(CLAIMANTS, dtype=object)[p.f_claimant[b]]).astype(object)
    has_event = p.f_link[b] & ~derived
    empty: list = []
    f_source_ids = _shared([[s] for s in src_ids] + [empty], np.where(derived, len(src_ids), ev["month_k"][e]))
    fquote = np.where(derived, None, quotes[ev["month_k"][e], p.f_cite[b]])
    theatre = np.where(metric == "territory_share", "gaza", ev["theatre"][e]).astype(object)
    # a figure's only source is its event's first article; one linked to a forward-looking event is not capped
    f_capped = ~(has_event & ~past[e]) & (ev["end"][e] > pub_end[ev["month_k"][e]])
    f_end = np.where(f_capped, pub_end[ev["month_k"][e]], ev["end"][e])
    fcols = {
        "id": _str(fids),
        "metric": _str(metric),
        "value": pd.Series(value),
        "low": pd.Series(lo),
        "high": pd.Series(hi),
        "qualifier": _str(qual),
        "unit": _str(unit),
        "subject": _str(subject),
        "theatre": _str(theatre),
        "as_of": _str(ev["when_date"][e]),
        "as_of_start": pd.Series(ev["start"][e].astype("datetime64[s]")),
        "as_of_end": pd.Series(f_end.astype("datetime64[s]")),
        "as_of_precision": _str(prec_names[p.prec[e]]),
        "as_of_text": _str(ev["when_text"][e]),
        "period": _str(np.where(p.f_period[b] & ~derived, "since the ceasefire", None)),
        "claimant_id": _str(claimant_id),
        "claimant": _str(np.array([ACTOR_NAME[c] for c in claimant_id.tolist()], dtype=object)),
        "event": _str(np.where(has_event, np.array([f"syn-ev-{x:07d}" for x in e.tolist()], dtype=object), None)),
        "phase": pd.Series([None] * m, dtype=object),
        "derived": pd.Series(derived),
        "derived_formula": _str(np.where(derived, "100 - share under Israeli control", None)),
        "source": _str(np.where(derived, "derived", np.array([outlet[s] for s in src_ids], dtype=object)[ev["month_k"][e]])),
        "source_ids": pd.Series(f_source_ids, dtype=object),
        "quote": _str(fquote),
        "permalink": _str(np.array([f"{PERMALINK['figures']}?id={x}" for x in fids], dtype=object)),
        "window_note": _str(np.where(f_capped, cap_note[ev["month_k"][e]], None)),
        "incident": pd.Series([None] * m, dtype=object),
        "as_of_time": pd.Series([None] * m, dtype=object),
    }
    figures = pd.DataFrame(fcols, columns=_FIGURE_COLUMNS)
    figures["quantity"] = claims.quantity_keys(figures)  # the rule frames.py applies (claims.py)

    offsets = _offsets([article_text(k) for k in range(len(MONTHS))])
    # citations: events (1-2 each, in record order), figures (0-1 each), then the small files' own
    n2 = p.c2 >= 0
    ev_rec = np.concatenate([np.arange(n), np.nonzero(n2)[0]])
    ev_n = np.concatenate([np.ones(n, dtype=np.int64), np.full(int(n2.sum()), 2, dtype=np.int64)])
    ev_k = np.concatenate([ev["month_k"], ev["src2_k"][n2]])
    ev_j = np.concatenate([p.c1, p.c2[n2]])
    order = np.lexsort((ev_n, ev_rec))
    ev_rec, ev_n, ev_k, ev_j = ev_rec[order], ev_n[order], ev_k[order], ev_j[order]
    fg_rec = np.nonzero(~derived)[0]
    fg_k = ev["month_k"][e][fg_rec]
    fg_j = p.f_cite[b][fg_rec]
    small = meta.citations[meta.citations["record_kind"].isin(["phase", "comparison"])]
    qlen = np.vectorize(len, otypes=[np.int64])(quotes)
    start = np.concatenate([offsets[ev_k, ev_j], offsets[fg_k, fg_j]])
    length = np.concatenate([qlen[ev_k, ev_j], qlen[fg_k, fg_j]])
    big = pd.DataFrame({
        "record_kind": _str(np.array(["event"] * len(ev_rec) + ["figure"] * len(fg_rec), dtype=object)),
        "record_id": _str(np.concatenate([ids[ev_rec], fids[fg_rec]])),
        "n": pd.Series(np.concatenate([ev_n, np.ones(len(fg_rec), dtype=np.int64)])),
        "source_id": _str(np.array(src_ids, dtype=object)[np.concatenate([ev_k, fg_k])]),
        "quote": _str(np.concatenate([quotes[ev_k, ev_j], quotes[fg_k, fg_j]])),
        "start": pd.Series(start),
        "end": pd.Series(start + length),
        "passage": _str(np.array(["body"], dtype=object)[np.zeros(len(start), dtype=np.int64)]),
        "permalink": _str(np.concatenate([
            np.array([f"{PERMALINK['events']}?id={x}" for x in ids[ev_rec].tolist()], dtype=object),
            np.array([f"{PERMALINK['figures']}?id={x}" for x in fids[fg_rec].tolist()], dtype=object)])),
    })
    citations = pd.concat([big, small], ignore_index=True)
    return Frames(events, figures, citations, meta.sources, meta.phases, meta.actors, meta.comparisons)


def _shared(lists: list[list], index: np.ndarray) -> np.ndarray:
    """An object array whose rows are the (shared, never mutated) list objects `lists[index]`."""
    table = np.empty(len(lists), dtype=object)
    for i, x in enumerate(lists):
        table[i] = x
    return table[index]


# --------------------------------------------------------------------------- entry point

# The file that marks a folder as this generator's output: `--out DIR` replaces DIR only when it holds this
# file (or is empty, or absent), so a typo (`--out .`, `--out data`, a folder of notes) never deletes anything.
OUTPUT_MARKER = ".ceasefire-synth"
MAX_EVENTS = 20_000_000


class SynthError(ValueError):
    """A request the generator refuses before touching the disk (one line for the command line)."""


def check_arguments(n_events, seed) -> None:
    if isinstance(n_events, bool) or not isinstance(n_events, int) or not 1 <= n_events <= MAX_EVENTS:
        raise SynthError(f"--events must be a whole number from 1 to {MAX_EVENTS:,}; got {n_events!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise SynthError(f"--seed must be a whole number from 0 to 2**63-1; got {seed!r}")


def _written_by_us(root: Path) -> bool:
    marker = root / OUTPUT_MARKER
    if marker.is_file() and not marker.is_symlink():
        return True
    legacy = root / "data" / "synthetic.json"  # outputs of generator version 2 and earlier had only this marker
    try:
        return (not legacy.is_symlink() and not (root / ".git").exists()
                and json.loads(legacy.read_text(encoding="utf-8")).get("generator") == "dashboard.synth")
    except (OSError, ValueError, AttributeError):
        return False


def clear_output(root: Path) -> None:
    """Remove an earlier output of this generator at `root`; refuse anything else that is there."""
    if root.is_symlink():
        raise SynthError(f"--out {root} is a symbolic link; give a real folder")
    if not root.exists():
        return
    if not root.is_dir():
        raise SynthError(f"--out {root} is a file; give a folder for the dataset")
    if not any(root.iterdir()):
        return
    if not _written_by_us(root):
        raise SynthError(f"--out {root} already holds files that dashboard.synth did not write (no {OUTPUT_MARKER} "
                         "marker); give a new or empty folder")
    shutil.rmtree(root)


def generate(root: Path, n_events: int, seed: int = 0, yaml_records: bool = False, parquet: bool = True) -> Path:
    """Write a synthetic dataset under `root` (replacing it); return its data directory (root/data).

    yaml_records: also write every event and figure as YAML (the loader then validates them; slow past ~10k).
    parquet: write the frames into the columnar cache (required when the records are not in YAML)."""
    from . import scale
    from .frames import build_frames
    from .loader import load_dataset

    if not yaml_records and not parquet:
        raise ValueError("nothing to write the records to: give yaml_records or parquet")
    check_arguments(n_events, seed)
    root = Path(root)
    clear_output(root)
    data = root / "data"
    root.mkdir(parents=True, exist_ok=True)
    (root / OUTPUT_MARKER).write_text(json.dumps({"generator": "dashboard.synth"}) + "\n", encoding="utf-8")
    (root / "seeds").mkdir()
    data.mkdir()
    texts = [article_text(k) for k in range(len(MONTHS))]
    for k, text in enumerate(texts):
        (root / "seeds" / f"{source_id(k)}.txt").write_bytes(text.encode("utf-8"))
    _dump(data / "sources.yaml", "synthetic sources (dashboard.synth)", _sources_yaml(texts))
    _dump(data / "actors.yaml", "synthetic actors (dashboard.synth)", _actors_yaml())
    _dump(data / "phases.yaml", "synthetic phases (dashboard.synth)", _phases_yaml())
    _dump(data / "comparisons.yaml", "synthetic comparisons (dashboard.synth)", _comparisons_yaml())
    p = plan(n_events, seed)
    ev = _event_columns(p)
    marker = {"generator": "dashboard.synth", "generator_version": GENERATOR_VERSION, "seed": seed, "events": n_events,
              "records_in": "yaml" if yaml_records else "parquet"}
    (data / scale.SYNTHETIC_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    if yaml_records:
        for f, lo in enumerate(range(0, n_events, EVENTS_PER_YAML_FILE)):
            _dump(data / "articles" / f"events-{f:03d}.yaml", "synthetic events (dashboard.synth)",
                  {"events": _yaml_events(p, ev, lo, min(n_events, lo + EVENTS_PER_YAML_FILE))})
        figs = _yaml_figures(p, ev, _figure_rows(p, ev))
        for f, lo in enumerate(range(0, len(figs), EVENTS_PER_YAML_FILE)):
            _dump(data / "articles" / f"figures-{f:03d}.yaml", "synthetic figures (dashboard.synth)",
                  {"figures": figs[lo:lo + EVENTS_PER_YAML_FILE]})
    if parquet:
        meta_ds = load_dataset(data, root=root) if not yaml_records else None
        if yaml_records:  # the loader validates everything; cache what it built
            ds = load_dataset(data, root=root)
            scale.write_cache(data, ds, build_frames(ds))
        else:
            # validate the small files with the real loader, then add the generated records
            frames = build_synthetic_frames(p, ev, build_frames(meta_ds))
            scale.write_cache(data, meta_ds, frames, version=scale.content_key(data)[:10])
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.synth", description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", required=True, help="a new or empty directory, or one this command wrote before "
                        "(it holds a .ceasefire-synth marker and is replaced); the data directory is OUT/data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--yaml", action="store_true", help="also write the records as YAML (validated by the loader)")
    parser.add_argument("--no-parquet", action="store_true", help="YAML only, no columnar cache (implies --yaml)")
    args = parser.parse_args(argv)
    try:
        data = generate(Path(args.out), args.events, args.seed, yaml_records=args.yaml or args.no_parquet,
                        parquet=not args.no_parquet)
    except SynthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.events:,} synthetic events to {data}; run with CEASEFIRE_DATA_DIR={data}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
