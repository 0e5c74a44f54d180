"""Synthetic data: the random plan of events and figures (one draw, written as YAML and Parquet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from bench.synth_vocab import (ACTORS, CLAIMANTS, CLAIMANT_P, COUNTS, DIMENSIONS, FIGURES_PER_EVENT, INITIATOR_P,
    LOCATIONS, METRICS, METRIC_IDS, METRIC_P, MONTHS, MONTH_NAME, N_DAYS, PRECISIONS, PRECISION_P,
    SENTENCES_PER_ARTICLE, START, STATUSES, STATUS_P, THEATRES, THEATRE_P, TYPES, TYPE_P, VIOLENT)


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
