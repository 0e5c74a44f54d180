"""Load, verify and normalize the hand-coded dataset. No Streamlit import.

`load_dataset()` reads every data file under data/ (the list comes from `datafiles.discover`, which the
frames cache key shares), validates each record against the codebook, then runs the registry of named
validation rules (dashboard/dataset/rules/: seeds, quotes and their spans, dates, references, numbers; see
`python -m dashboard rules`), and either returns a complete `Dataset` or raises `DataError` listing every
problem found in one pass. Nothing is half-loaded.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
import typing
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ValidationError

from dashboard.dataset import dates, yamlio
from dashboard.dataset import problems as dataset_problems
from dashboard.dataset.rules import registry
from dashboard.dataset.datafiles import discover
from dashboard.codebook.datafile import RECORD_KINDS, DataFile
from dashboard.codebook.actors import Actor, Phase
from dashboard.codebook.common import Citation
from dashboard.codebook.comparisons import Comparison
from dashboard.codebook.events import Event
from dashboard.codebook.figures import Figure
from dashboard.codebook.sources import Source
from dashboard.dataset.windows import publication_windows
from dashboard.dataset.problems import Problem, ProblemLog
from dashboard.dataset.yamlio import YamlDoc, parse_yaml, read_bounded
from dashboard.codebook.compliance import Agreement, Assessment, Provision  # compliance records, checked by compliance.py
from dashboard.dataset.datafiles import ROOT, root_for

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # the pattern of models.Slug

DEFAULT_DATA_DIR = ROOT / "data"
MODEL_OF = {"sources": Source, "actors": Actor, "phases": Phase, "events": Event, "figures": Figure, "comparisons": Comparison}
MODEL_OF.update({"agreements": Agreement, "provisions": Provision, "assessments": Assessment})


def data_dir_from_env() -> Path:
    """The data directory: $CEASEFIRE_DATA_DIR if set (synthetic or test datasets), else data/."""
    return Path(os.environ.get("CEASEFIRE_DATA_DIR") or DEFAULT_DATA_DIR).resolve()


class DataError(Exception):
    """Every problem found, sorted by file and line: at most yamlio.MAX_PROBLEMS_PER_FILE listed per file
    (then one line counting the rest); `total` counts them all."""

    def __init__(self, problems: list[Problem] | ProblemLog):
        log = problems if isinstance(problems, ProblemLog) else ProblemLog()
        if log is not problems:
            log.extend(problems)
        self.total = log.total
        self.stopped = log.stopped  # checking of some file stopped at the cap (its last line says so)
        self.problems = log.listed()  # by file, then line; a capped file ends with its count
        super().__init__(f"{self.total} problem(s) in the dataset:\n" + "\n".join(map(str, self.problems)))

    @property
    def capped(self) -> bool:
        return self.total > len(self.problems) or self.stopped


@dataclass
class Origin:
    file: str
    line: int | None


@dataclass
class Dataset:
    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    provisions: list[Provision] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # source id -> article text
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)  # (kind, id) -> where coded
    windows: dict = field(default_factory=dict)  # (kind, id, field) -> windows.Effective, set by check_windows
    version: str = ""

    def by_id(self, kind: str) -> dict[str, BaseModel]:
        return {r.id: r for r in getattr(self, kind)}

    @property
    def as_of(self):
        """The dataset's as-of date: the latest day any source may have been published."""
        return max(w.end for w in publication_windows(self).values()) if self.sources else None


# --------------------------------------------------------------------------- schema-level validation


def _unwrap(ann):
    for arg in typing.get_args(ann) or (ann,):
        inner = _unwrap(arg) if typing.get_args(arg) else arg
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return ann


def _options_at(model: type[BaseModel] | None, name) -> list[str]:
    """The allowed terms of a vocabulary field (an Enum or a Literal), e.g. Event.event_type."""
    if model is None or name not in model.model_fields:
        return []
    ann = model.model_fields[name].annotation
    for arg in typing.get_args(ann) or (ann,):
        if typing.get_origin(arg) is typing.Literal:
            return [str(v) for v in typing.get_args(arg)]
        for inner in typing.get_args(arg) or (arg,):
            if isinstance(inner, type) and issubclass(inner, Enum):
                return [e.value for e in inner]
    if typing.get_origin(ann) is typing.Literal:
        return [str(v) for v in typing.get_args(ann)]
    return []


def _message(err: dict, prefix: tuple) -> str:
    loc = prefix + tuple(err["loc"])
    fieldpath = ".".join(str(p) for p in err["loc"]) or "(record)"
    kind = err["type"]
    name = next((p for p in reversed(err["loc"]) if isinstance(p, str)), None)
    if kind == "extra_forbidden":
        parent = _model_for_container(loc[:-1])  # the model the unknown field was written into
        fields = list(parent.model_fields) if parent else []
        hint = difflib.get_close_matches(str(name), fields, n=1)
        extra = f"; did you mean '{hint[0]}'?" if hint else (f"; allowed: {', '.join(fields)}" if fields else "")
        if name in ("start", "end") and parent is Citation:
            return f"{fieldpath}: citation spans are computed by the loader; remove `{name}`"
        return f"{fieldpath}: unknown field '{name}'{extra}"
    if kind == "missing":
        model = _model_for_container(loc[:-1])
        info = model.model_fields.get(str(name)) if model else None
        options = _options_at(model, name)
        about = (f" ({info.description})" if info is not None and info.description
                 else f" (one of: {', '.join(options)})" if options else "")
        return f"{fieldpath}: required field missing{about}"
    if kind in ("enum", "literal_error"):
        options = _options_at(_model_for_container(loc[:-1]), name)
        given = str(err.get("input"))
        close = difflib.get_close_matches(given, options, n=3, cutoff=0.5)
        hint = (f"; did you mean {' or '.join(repr(c) for c in close)}?" if close
                else f"; allowed: {', '.join(options)}" if options else "")
        return f"{fieldpath}: unknown term '{given}'{hint}"
    if kind == "string_pattern_mismatch":
        given = err.get("input")
        if (err.get("ctx") or {}).get("pattern") == SLUG_PATTERN:
            slug = re.sub(r"[^a-z0-9]+", "-", str(given).lower()).strip("-")
            return (f"{fieldpath}: '{given}' is not a valid id: use lowercase letters, digits and single hyphens"
                    + (f" (e.g. '{slug}')" if slug else ""))
        if name == "sha256":
            return f"{fieldpath}: '{given}' is not a checksum: give the 64 lowercase hex digits printed by `sha256sum seeds/FILE`"
        if name == "file":
            return f"{fieldpath}: '{given}' is not a seed path: write seeds/NAME.txt (NAME of letters, digits, '.', '_', '-')"
        return f"{fieldpath}: '{given}' does not have the required form {err['ctx']['pattern']}"
    if kind in ("too_short", "string_too_short"):
        if name == "quote":
            return f"{fieldpath}: empty quote; copy the passage verbatim from the article"
        if name == "citations":
            return f"{fieldpath}: empty citation list; cite at least one verbatim quote (source and quote)"
        if kind == "too_short":
            return f"{fieldpath}: must not be empty"
    msg = err["msg"]
    if kind == "value_error" and msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    elif "input" in err and kind not in ("missing", "extra_forbidden") and not isinstance(err["input"], (dict, list)):
        got = repr(err["input"])
        msg += f" (got {got[:60] + '…' if len(got) > 60 else got})"
    elif "input" in err and isinstance(err["input"], (dict, list)) and kind.endswith("_type"):
        msg += f" (got a {'mapping' if isinstance(err['input'], dict) else 'list'})"
    return f"{fieldpath}: {msg}" if err["loc"] else msg


def _model_for_container(loc: tuple) -> type[BaseModel] | None:
    """The model whose instance sits at `loc` (e.g. ('events', 3, 'when') -> When)."""
    model: typing.Any = DataFile
    for part in loc:
        if isinstance(part, int):
            continue
        if isinstance(model, type) and issubclass(model, BaseModel) and part in model.model_fields:
            model = _unwrap(model.model_fields[part].annotation)
        else:
            return None
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _validate_file(doc: YamlDoc, shown_as: str, problems: list[Problem],
                   failed: dict[tuple[str, str], str] | None = None) -> dict[str, list]:
    """Validate record by record, so one bad record does not hide the problems of the others."""
    out: dict[str, list] = {k: [] for k in RECORD_KINDS}
    data = doc.data
    if not isinstance(data, dict):
        problems.append(Problem(shown_as, 1, f"top level must be a mapping with keys {', '.join(RECORD_KINDS)}"))
        return out
    for key, items in data.items():
        if key not in MODEL_OF:
            hint = difflib.get_close_matches(str(key), RECORD_KINDS, n=1)
            extra = f"; did you mean '{hint[0]}'?" if hint else f"; allowed: {', '.join(RECORD_KINDS)}"
            problems.append(Problem(shown_as, doc.line_of((key,)), f"unknown top-level key '{key}'{extra}"))
            continue
        if items is None:
            continue
        if not isinstance(items, list):
            problems.append(Problem(shown_as, doc.line_of((key,)), f"'{key}' must be a list"))
            continue
        for i, raw in enumerate(items):
            if _count(problems, shown_as) >= dataset_problems.MAX_PROBLEMS_PER_FILE:  # the cap is reached: stop building problems
                keys = list(data)
                rest = len(items) - i + sum(len(data[k]) for k in keys[keys.index(key) + 1:] if isinstance(data[k], list))
                note = Problem(shown_as, doc.line_of((key, i)), f"checking stopped after {dataset_problems.MAX_PROBLEMS_PER_FILE} "
                               f"problems in this file; {rest:,} more records were not checked (fix these first)")
                problems.stop(note) if isinstance(problems, ProblemLog) else problems.append(note)
                return out
            if isinstance(raw, dict):
                for ci, cit in enumerate(raw.get("citations") or []):
                    if isinstance(cit, dict):
                        for computed in ("start", "end"):
                            if computed in cit:
                                problems.append(Problem(shown_as, doc.line_of((key, i, "citations", ci, computed)),
                                                        f"{_label(key, raw)}: citations.{computed}: spans are computed by the loader; remove it"))
                                cit.pop(computed)
            try:
                record = MODEL_OF[key].model_validate(raw)
            except ValidationError as exc:
                for err in exc.errors():
                    line = doc.line_of((key, i) + tuple(err["loc"]))
                    problems.append(Problem(shown_as, line, f"{_label(key, raw)}: {_message(err, (key, i))}"))
                if failed is not None and isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    failed.setdefault((key, raw["id"]), f"{shown_as}:{doc.line_of((key, i))}")
                continue
            out[key].append((record, (key, i)))
    return out


def _count(problems, file: str) -> int:
    """Problems recorded so far for `file` (a ProblemLog counts them per file)."""
    return problems.count(file) if isinstance(problems, ProblemLog) else sum(p.file == file for p in problems)


def _label(kind: str, raw) -> str:
    rid = raw.get("id") if isinstance(raw, dict) else None
    return f"{kind[:-1]} '{rid}'" if rid else f"{kind[:-1]} (no id)"


# --------------------------------------------------------------------------- the dataset


def load_dataset(data_dir: Path | None = None, root: Path | None = None, rule_notes: list | None = None) -> Dataset:
    """Load and verify everything under `data_dir`; raise DataError listing all problems.

    `root` is where the sources' `seeds/...` paths are resolved; by default `root_for(data_dir)`.
    `rule_notes`: only for reading an OLD version (diff.py), whose data predates today's rules: when a list,
    the problems the rules find are appended to it instead of raised. Problems of reading and of the
    codebook (records that cannot be built) are still raised.
    """
    data_dir = Path(data_dir or data_dir_from_env()).resolve()
    root = Path(root).resolve() if root is not None else root_for(data_dir)

    def shown(p: Path) -> str:
        try:
            return str(Path(p).relative_to(root))
        except ValueError:
            return str(p)

    found = discover(data_dir, shown)
    problems = ProblemLog()  # bounded: a file of a million mistakes keeps 50 of them and a count
    problems += found.problems
    if not found.data_files and not problems:
        raise DataError([Problem(str(data_dir), None, "no .yaml data files found")])

    records: dict[str, list[tuple[BaseModel, str, YamlDoc, tuple]]] = {k: [] for k in RECORD_KINDS}
    unreadable: list[str] = [p.file for p in found.problems]  # entries refused whole: their records are unknown
    failed: dict[tuple[str, str], str] = {}  # (kind, id) of records refused by the codebook -> where
    digest = hashlib.sha256()
    for path in found.data_files:
        name = shown(path)
        raw, problem = read_bounded(path, name, yamlio.MAX_FILE_BYTES, "a data file")
        doc, file_problems = parse_yaml(raw, name) if problem is None else (None, [problem])
        digest.update(raw or b"")
        problems += file_problems
        if doc is None:
            unreadable.append(name)
            continue
        for kind, items in _validate_file(doc, name, problems, failed).items():
            records[kind] += [(rec, name, doc, at) for rec, at in items]

    ds = Dataset()
    located: dict[tuple[str, str], tuple[YamlDoc, tuple]] = {}  # (kind, id) -> (doc, path of the record)
    for kind in RECORD_KINDS:
        seen: dict[str, tuple[str, int | None]] = {}
        for rec, name, doc, at in records[kind]:
            line = doc.line_of(at)
            if rec.id in seen:
                f0, l0 = seen[rec.id]
                problems.append(Problem(name, doc.line_of(at + ("id",)),
                                        f"duplicate {kind[:-1]} id '{rec.id}' (first at {f0}:{l0}); ids are unique across all files"))
                continue
            seen[rec.id] = (name, line)
            getattr(ds, kind).append(rec)
            ds.origins[(kind, rec.id)] = Origin(name, line)
            located[(kind, rec.id)] = (doc, at)

    built = not problems  # every record read and built: what follows are the rules' findings
    registry.run(registry.Context(ds, located, failed, unreadable, root, problems=problems))
    if problems and built and rule_notes is not None:
        rule_notes.extend(problems.listed())
    elif problems:
        raise DataError(problems)
    for src in ds.sources:
        digest.update(ds.texts[src.id].encode("utf-8"))
    ds.version = digest.hexdigest()[:10]
    return ds
