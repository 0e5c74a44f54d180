"""Synthetic data as frames, built directly (a million events without the YAML path)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.conventions import theme
from dashboard.conventions.datefmt import format_span
from dashboard.frames import claims
from dashboard.frames.links import PERMALINK
from dashboard.frames.tables import TIME_PRECISION, Frames, _EVENT_COLUMNS, _FIGURE_COLUMNS
from dashboard.codebook.events import ACLED_TYPES, EventType
from dashboard.codebook.common import Precision
from bench.synth_vocab import (ACTOR_IDS, ACTOR_NAME, CLAIMANTS, METRICS, METRIC_IDS, MONTHS, PRECISIONS,
    SENTENCES_PER_ARTICLE, STATUSES, TYPES, _month_end, _offsets, article_text, sentence, source_id)
from bench.synth_plan import Plan, _figure_rows
from bench.synth_yaml import _subject


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
    authors = {s: theme.author_label(o, k, a, b) for s, o, k, a, b in zip(  # each article's author, as source_names
        src["id"], src["outlet"], src["kind"], src["published_start"], src["published_end"])}
    same = {x for x in authors.values() if list(authors.values()).count(x) > 1}
    authors.update({s: theme.author_label(o, k, a, b, dated=True) for s, o, k, a, b in zip(
        src["id"], src["outlet"], src["kind"], src["published_start"], src["published_end"]) if authors[s] in same})
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
    # the author of the figure's one article is a claimant of their own (theme.claimant_key, as build_frames)
    fig_src = np.array(src_ids, dtype=object)[ev["month_k"][e]]
    # a derived figure (from figure j - 1, synth_yaml): the article of that figure, when it has one
    in_src = [None if j == 0 or derived[j - 1] else fig_src[j - 1] for j in range(m)]
    article = [i if d else s for s, d, i in zip(fig_src.tolist(), derived.tolist(), in_src)]
    claimant_key = np.array([theme.claimant_key(c, [a] if a else []) for c, a in zip(claimant_id.tolist(), article)],
                            dtype=object)
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
        "claimant_key": _str(claimant_key),
        "claimant": _str(np.array([authors[k[len(theme.AUTHOR_KEY_PREFIX):]] if k != c else ACTOR_NAME[c]
                                   for c, k in zip(claimant_id.tolist(), claimant_key.tolist())], dtype=object)),
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
