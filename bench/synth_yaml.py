"""Synthetic data as YAML records (validated by the loader like hand-coded data)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from bench.synth_vocab import (ACTORS, ACTOR_IDS, CLAIMANTS, DIMENSIONS, FURNITURE, METRICS, METRIC_IDS, MONTHS,
    MONTH_NAME, PHASES, PRECISIONS, STATUSES, SUBJECT, TYPES, _month_end, sentence, source_id)
from bench.synth_plan import Plan


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


def _sources_yaml(texts: list[str]) -> dict:
    rows = []
    for k, (y, m) in enumerate(MONTHS):
        end = _month_end(k)
        rows.append({
            "id": source_id(k), "file": f"seeds/{source_id(k)}.txt",
            "sha256": hashlib.sha256(texts[k].encode("utf-8")).hexdigest(),
            "title": f"Synthetic digest, {MONTH_NAME[m]} {y}",
            "outlet": None if k % 4 == 3 else "Synthetic Wire",
            "outlet_evidence": "Generated by bench.synth; the masthead line names the outlet.",
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
