"""Temporary copies of the project for the authoring tests: article 004 removed, then added back as a new user would."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from dashboard.dataset.datafiles import ROOT
from dashboard.authoring.yamledit import dumps, round_trip_yaml

SOURCE_004 = "opinion-truce-day-23"
SEED_004 = "004_1809fc4b99e82cd7.txt"
# The phase only article 004 supports: it goes with the article (its only citation is 004's).
PHASE_OF_004 = "gaza-truce-jan-2025"


def project_copy(tmp: Path) -> Path:
    """data/ and seeds/ copied under `tmp` (the loader finds seeds/ beside data/). Returns the data dir."""
    shutil.copytree(ROOT / "data", tmp / "data", ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(ROOT / "seeds", tmp / "seeds")
    return tmp / "data"


def _drop(path: Path, kind: str, rid: str) -> None:
    y = round_trip_yaml()
    doc = y.load(path.read_text(encoding="utf-8"))
    doc[kind] = type(doc[kind])([r for r in doc[kind] if r.get("id") != rid])
    path.write_text(dumps(doc), encoding="utf-8")


def _drop_compliance_on(path: Path, records: set[str]) -> None:
    """Agreements, provisions and assessments that cite 004, rest on its phase or records, or on an
    agreement or provision dropped for that reason, go with the article (they could not load without it)."""
    if not path.exists():
        return
    doc = round_trip_yaml().load(path.read_text(encoding="utf-8"))

    def rests_on_004(r) -> bool:
        cited = any(c.get("source") == SOURCE_004 for c in r.get("citations") or [])
        evidence = set(r.get("evidence_events") or []) | set(r.get("evidence_figures") or [])
        phases = set(r.get("phases") or []) | ({r["phase"]} if r.get("phase") else set())
        return cited or bool(evidence & records) or PHASE_OF_004 in phases

    gone: set[str] = set()
    for kind, parent in (("agreements", None), ("provisions", "agreement"), ("assessments", "provision")):
        keep = [r for r in doc.get(kind) or [] if not (rests_on_004(r) or (parent and r.get(parent) in gone))]
        gone |= {r["id"] for r in doc.get(kind) or []} - {r["id"] for r in keep}
        if kind in doc:
            doc[kind] = type(doc[kind])(keep)
    path.write_text(dumps(doc), encoding="utf-8")


def without_004(tmp: Path) -> tuple[Path, Path]:
    """A project copy with article 004 removed (seed, manifest entry, YAML, its phase).
    Returns (data dir, the article text kept outside the project, as a new user would have it)."""
    data = project_copy(tmp)
    outside = tmp / "incoming" / SEED_004
    outside.parent.mkdir()
    shutil.move(tmp / "seeds" / SEED_004, outside)
    y = round_trip_yaml()
    article = y.load((data / "articles" / "004.yaml").read_text(encoding="utf-8"))
    records_004 = {r["id"] for kind in ("events", "figures") for r in article.get(kind) or []}
    (data / "articles" / "004.yaml").unlink()
    _drop(data / "sources.yaml", "sources", SOURCE_004)
    _drop_compliance_on(data / "compliance.yaml", records_004)
    _drop(data / "phases.yaml", "phases", PHASE_OF_004)
    return data, outside


def written(data: Path, source_id: str = SOURCE_004) -> tuple[Path, Path]:
    """(seed, article file) of a source, read from the manifest: add-source gives a new article the next free
    number, which depends on how many articles the project has, so tests never assume it."""
    entry = next(e for e in yaml.safe_load((data / "sources.yaml").read_text(encoding="utf-8"))["sources"]
                 if e["id"] == source_id)
    seed = data.parent / entry["file"]
    return seed, data / "articles" / f"{seed.name[:3]}.yaml"
