"""Load, verify and normalize the hand-coded dataset. No Streamlit import.

`load_dataset()` reads every YAML file under data/, validates each record against the codebook,
checks the seeds' checksums, finds every quote verbatim in its article (computing its span),
resolves references and date rules, and either returns a complete `Dataset` or raises `DataError`
listing every problem found in one pass. Nothing is half-loaded.
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

from . import dates
from .models import (
    FORWARD_LOOKING,
    RECORD_KINDS,
    Actor,
    Citation,
    Comparison,
    DataFile,
    DerivedMethod,
    Event,
    Figure,
    Phase,
    Source,
    Unit,
    When,
)
from .yamlio import Problem, YamlDoc, read_yaml
from .compliance import check_compliance
from .models import Agreement, Assessment, Provision  # compliance records, checked by compliance.py

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"  # the pattern of models.Slug

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = ROOT / "data"
MODEL_OF = {"sources": Source, "actors": Actor, "phases": Phase, "events": Event, "figures": Figure, "comparisons": Comparison}
MODEL_OF.update({"agreements": Agreement, "provisions": Provision, "assessments": Assessment})
COUNT_UNITS = {u for u in Unit if u not in (Unit.percent,)}


def data_dir_from_env() -> Path:
    """The data directory: $CEASEFIRE_DATA_DIR if set (synthetic or test datasets), else data/."""
    return Path(os.environ.get("CEASEFIRE_DATA_DIR") or DEFAULT_DATA_DIR).resolve()


def root_for(data_dir: Path) -> Path:
    """Where `seeds/` lives for a data directory: its parent when that holds a seeds/ folder
    (the repository layout, or a self-contained copy of it), else the repository root."""
    parent = Path(data_dir).resolve().parent
    return parent if (parent / "seeds").is_dir() else ROOT


class DataError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__(f"{len(self.problems)} problem(s) in the dataset:\n" + "\n".join(map(str, self.problems)))


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
    version: str = ""

    def by_id(self, kind: str) -> dict[str, BaseModel]:
        return {r.id: r for r in getattr(self, kind)}

    @property
    def as_of(self):
        """The dataset's as-of date: the latest day any source may have been published."""
        return max(dates.window(s.published).end for s in self.sources) if self.sources else None


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


def _label(kind: str, raw) -> str:
    rid = raw.get("id") if isinstance(raw, dict) else None
    return f"{kind[:-1]} '{rid}'" if rid else f"{kind[:-1]} (no id)"


# --------------------------------------------------------------------------- dataset-level checks


_ABBREVIATION = re.compile(r"(?:\b[A-Z]\.)+$|\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|No|vs)\.$")


def _sentences(text: str) -> list[str]:
    """Sentences of an article, not split after abbreviations such as 'U.S.' or 'Oct.'."""
    out: list[str] = []
    for para in text.split("\n"):
        pieces = re.split(r"(?<=[.!?”\"])\s+", para.strip())
        for piece in pieces:
            if out and out[-1] is not None and _ABBREVIATION.search(out[-1]) and piece[:1].isupper():
                out[-1] += " " + piece
            elif piece:
                out.append(piece)
        out.append(None)  # paragraph break: never join across it
    return [s for s in out if s]


def _closest_passage(quote: str, text: str) -> str:
    """The sentence (or pair of adjacent sentences) of the article most like a quote that was not found verbatim."""
    sentences = _sentences(text)
    candidates = sentences + [a + " " + b for a, b in zip(sentences, sentences[1:])]
    best = max(candidates, key=lambda s: difflib.SequenceMatcher(None, quote, s, autojunk=False).ratio(), default="")
    return best[:240] + ("…" if len(best) > 240 else "")


def _normalize_quotes(s: str) -> str:
    return s.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"}))


def _locate(cit: Citation, texts: dict[str, str]) -> tuple[int | None, str | None]:
    """Span start of the quote's n-th occurrence, or (None, problem)."""
    if not cit.quote.strip():
        return None, "empty quote (only whitespace); copy the passage verbatim from the article"
    text = texts[cit.source]
    pos, start = -1, None
    for _ in range(cit.occurrence):
        pos = text.find(cit.quote, pos + 1)
        if pos < 0:
            break
        start = pos
    if pos >= 0 and start is not None:
        return start, None
    count = text.count(cit.quote)
    if count:
        return None, f"quote occurs {count} time(s); occurrence {cit.occurrence} does not exist"
    elsewhere = [sid for sid, t in texts.items() if sid != cit.source and cit.quote in t]
    if elsewhere:
        return None, f"quote not in source '{cit.source}' but found verbatim in source '{elsewhere[0]}': correct the `source`"
    hint = ""
    if _normalize_quotes(cit.quote) in _normalize_quotes(text):
        hint = " (it matches once curly quotes and dashes are normalized: copy the exact characters)"
    return None, f"quote not found verbatim in source '{cit.source}'{hint}; closest passage: \"{_closest_passage(cit.quote, text)}\""


def load_dataset(data_dir: Path | None = None, root: Path | None = None) -> Dataset:
    """Load and verify everything under `data_dir`; raise DataError listing all problems.

    `root` is where the sources' `seeds/...` paths are resolved; by default `root_for(data_dir)`.
    """
    data_dir = Path(data_dir or data_dir_from_env()).resolve()
    root = Path(root).resolve() if root is not None else root_for(data_dir)
    problems: list[Problem] = []
    files = sorted(p for p in data_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise DataError([Problem(str(data_dir), None, "no .yaml data files found")])

    def shown(p: Path) -> str:
        try:
            return str(p.relative_to(root))
        except ValueError:
            return str(p)

    records: dict[str, list[tuple[BaseModel, str, YamlDoc, tuple]]] = {k: [] for k in RECORD_KINDS}
    unreadable: list[str] = []  # files refused whole (YAML-level problems): their records are unknown
    failed: dict[tuple[str, str], str] = {}  # (kind, id) of records refused by the codebook -> where
    digest = hashlib.sha256()
    for path in files:
        name = shown(path)
        digest.update(path.read_bytes() if path.stat().st_size < 64 * 1024 * 1024 else b"")
        doc, file_problems = read_yaml(path, name)
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

    def unknown(kind: str, value: str, ids: set[str]) -> str:
        """'unknown phase 'x'; did you mean ...', or why a reference to a refused record does not resolve."""
        if (kind, value) in failed:
            return f"{kind[:-1]} '{value}' is not loaded because it has problems of its own (at {failed[(kind, value)]})"
        message = f"unknown {kind[:-1]} '{value}'{_suggest(value, ids)}"
        if unreadable:
            message += f" (it may be defined in {', '.join(unreadable)}, which could not be read)"
        return message

    def report(kind: str, rid: str, message: str, at: tuple = ()) -> None:
        """Report a problem of a record, at the line of the field `at` (or the nearest enclosing line)."""
        doc, path = located[(kind, rid)]
        problems.append(Problem(ds.origins[(kind, rid)].file, doc.line_of(path + at), f"{kind[:-1]} '{rid}': {message}"))

    # seeds: present, unchanged, UTF-8
    published: dict[str, dates.Window] = {}
    for src in ds.sources:
        seed = (root / src.file).resolve()
        if not seed.is_relative_to((root / "seeds").resolve()):
            report("sources", src.id, f"file '{src.file}' is outside seeds/", ("file",))
            continue
        if not seed.is_file():
            report("sources", src.id, f"seed file '{src.file}' is missing (looked in {root / 'seeds'}); "
                                      "copy the article there byte for byte", ("file",))
            continue
        raw = seed.read_bytes()
        digest.update(raw)
        actual = hashlib.sha256(raw).hexdigest()
        if actual != src.sha256:
            report("sources", src.id, f"seed '{src.file}' changed: sha256 is {actual[:12]}…, manifest says {src.sha256[:12]}…; "
                                      "the article text must not be edited (restore it), or re-verify every quote before updating the manifest", ("sha256",))
            continue
        try:
            ds.texts[src.id] = raw.decode("utf-8")
        except UnicodeDecodeError:
            report("sources", src.id, f"seed '{src.file}' is not UTF-8", ("file",))
            continue
        try:
            published[src.id] = dates.window(src.published)
        except ValueError as exc:
            report("sources", src.id, f"published: {exc}", ("published", "date"))
        else:
            for message in dates.check_rule(src.published, published[src.id]):
                report("sources", src.id, f"published: {message}", ("published",))
        for xi, ex in enumerate(src.excluded):
            pos = ds.texts[src.id].find(ex.quote)
            if pos < 0:
                report("sources", src.id, f"excluded passage not found verbatim: \"{ex.quote[:60]}\"; closest passage: \"{_closest_passage(ex.quote, ds.texts[src.id])}\"",
                       ("excluded", xi, "quote"))
            else:
                ex.start, ex.end = pos, pos + len(ex.quote)
    source_ids = {s.id for s in ds.sources}
    actor_ids = {a.id for a in ds.actors}
    event_ids = {e.id for e in ds.events}
    phase_ids = {p.id for p in ds.phases}
    figure_ids = {f.id for f in ds.figures}

    for actor in ds.actors:
        if actor.part_of and actor.part_of not in actor_ids:
            report("actors", actor.id, f"part_of: {unknown('actors', actor.part_of, actor_ids)}", ("part_of",))

    excluded = {s.id: [(x.start, x.end) for x in s.excluded if x.start is not None] for s in ds.sources}

    def check_citations(kind: str, rec) -> str | None:
        """Verify and span every citation; returns the first citation's source id (the date anchor)."""
        for ci, cit in enumerate(rec.citations):
            if cit.source not in source_ids:
                report(kind, rec.id, f"citation {ci + 1}: {unknown('sources', cit.source, source_ids)}",
                       ("citations", ci, "source"))
                continue
            if cit.source not in ds.texts:
                continue  # the seed itself was reported
            start, problem = _locate(cit, ds.texts)
            if problem:
                # a quote found verbatim in another article has the wrong `source`, not the wrong words
                wrong = "source" if problem.startswith("quote not in source") else "quote"
                report(kind, rec.id, f"citation {ci + 1}: {problem}", ("citations", ci, wrong))
                continue
            cit.start, cit.end = start, start + len(cit.quote)
            for a, b in excluded.get(cit.source, []):
                if cit.start < b and a < cit.end:
                    report(kind, rec.id, f"citation {ci + 1}: quotes an excluded passage (page furniture or reader comment), which is not reporting",
                           ("citations", ci, "quote"))
        return rec.citations[0].source if rec.citations else None

    def check_when(kind: str, rec, label: str, when: When | None, anchor: str | None, status=None) -> dates.Window | None:
        if when is None:
            return None
        try:
            w = dates.window(when)
        except ValueError as exc:
            report(kind, rec.id, f"{label}: {exc}", (label, "date"))
            return None
        pub = published.get(anchor) if anchor else None
        if pub is None:
            return w
        for message in dates.check_rule(when, pub):
            report(kind, rec.id, f"{label}: {message}", (label,))
        if w.start > pub.end and status not in FORWARD_LOOKING:
            state = f"status '{status.value}'" if status else "a record that is not forward-looking"
            report(kind, rec.id, f"{label}: {when.date} is after its source's publication ({pub.end}) but has {state}; "
                                 "use status expected or scheduled", (label, "date"))
        return w

    for ph in ds.phases:
        anchor = check_citations("phases", ph)
        start = check_when("phases", ph, "start", ph.start, anchor)
        end = check_when("phases", ph, "end", ph.end, anchor)
        if start and end and end.end < start.start:
            report("phases", ph.id, f"end {ph.end.date} is before start {ph.start.date}", ("end", "date"))

    for ev in ds.events:
        anchor = check_citations("events", ev)
        start = check_when("events", ev, "when", ev.when, anchor, ev.status)
        end = check_when("events", ev, "until", ev.until, anchor, ev.status)
        if start and end and end.end < start.start:
            report("events", ev.id, f"until {ev.until.date} is before when {ev.when.date}", ("until", "date"))
        for ai, a in enumerate(ev.actors):
            if a not in actor_ids:
                report("events", ev.id, f"actors: {unknown('actors', a, actor_ids)}", ("actors", ai))
        if ev.phase and ev.phase not in phase_ids:
            report("events", ev.id, f"phase: {unknown('phases', ev.phase, phase_ids)}", ("phase",))

    for fig in ds.figures:
        anchor = check_citations("figures", fig) if fig.citations else None
        linked = ds.by_id("events").get(fig.event) if fig.event else None
        check_when("figures", fig, "as_of", fig.as_of, anchor, linked.status if linked else None)
        if fig.claimant not in actor_ids:
            report("figures", fig.id, f"claimant: {unknown('actors', fig.claimant, actor_ids)}", ("claimant",))
        if fig.event and fig.event not in event_ids:
            report("figures", fig.id, f"event: {unknown('events', fig.event, event_ids)}", ("event",))
        if fig.phase and fig.phase not in phase_ids:
            report("figures", fig.id, f"phase: {unknown('phases', fig.phase, phase_ids)}", ("phase",))
        if fig.low is not None and fig.high is not None and fig.low > fig.high:
            report("figures", fig.id, f"low {fig.low:g} is greater than high {fig.high:g}; write the smaller number as `low`", ("low",))
        numbers = [(name, v) for name, v in (("value", fig.value), ("low", fig.low), ("high", fig.high)) if v is not None]
        if fig.unit is Unit.percent:
            for name, v in numbers:
                if not 0 <= v <= 100:
                    report("figures", fig.id, f"{name}: {v:g} percent is outside 0-100; a share must lie within 0-100", (name,))
        elif fig.unit in COUNT_UNITS:
            for name, v in numbers:
                if v < 0:
                    report("figures", fig.id, f"{name}: {v:g} is negative; a count of {fig.unit.value} cannot be negative", (name,))
        if fig.derived:
            _check_derived(fig, ds, figure_ids, report, unknown)

    for cmp in ds.comparisons:
        check_citations("comparisons", cmp)
        if cmp.claimant not in actor_ids:
            report("comparisons", cmp.id, f"claimant: {unknown('actors', cmp.claimant, actor_ids)}", ("claimant",))

    check_compliance(ds, report, check_citations, check_when, unknown)  # dashboard/compliance.py
    if problems:
        raise DataError(problems)
    ds.version = digest.hexdigest()[:10]
    return ds


def _check_derived(fig: Figure, ds: Dataset, figure_ids: set[str], report, unknown) -> None:
    d = fig.derived
    missing = [f for f in d.from_figures if f not in figure_ids]
    if missing:
        report("figures", fig.id, f"derived.from_figures: {unknown('figures', missing[0], figure_ids - {fig.id})}",
               ("derived", "from_figures", d.from_figures.index(missing[0])))
        return
    sources = [ds.by_id("figures")[f] for f in d.from_figures]
    if any(s.value is None for s in sources):
        report("figures", fig.id, "derived: can only derive from figures with a single value", ("derived", "from_figures"))
        return
    if d.method is DerivedMethod.complement_of_share:
        expected = 100 - sources[0].value
    elif len(sources) >= 2:
        expected = sources[0].value - sources[1].value
    else:
        report("figures", fig.id, "derived: 'difference' needs two figures", ("derived", "from_figures"))
        return
    if fig.value is None or abs(fig.value - expected) > 1e-9:
        report("figures", fig.id, f"derived value should be {expected:g} by {d.method.value}, not {fig.value}", ("value",))


def _suggest(value: str, options: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(options), n=2)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
