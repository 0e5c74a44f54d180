"""What changed between two dataset versions: records added, removed and changed field by field.

A version is an export JSON file (`python -m dashboard export`), a data directory, or a git revision of
the repository (`HEAD~3`, a tag, a commit): a revision's data/ and seeds/ are extracted with
`git archive` into a temporary directory and loaded with the real loader, so both sides are compared as
validated records, never as raw YAML. No Streamlit import.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import tarfile
from collections import Counter
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .export import to_json_dict
from .export_file import ExportFileError, parse_export
from .loader import ROOT, load_dataset
from .models import RECORD_KINDS

IGNORED = {"permalink"}  # derived from the id
CITATION_IGNORED = {"start", "end"}  # spans the loader computes from the quote


class VersionError(Exception):
    """A version that cannot be read (unknown revision, unreadable export, invalid dataset)."""


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class RecordDiff:
    kind: str  # events, figures, ...
    id: str
    status: str  # added | removed | changed
    changes: list[Change] = field(default_factory=list)
    sentence: str = ""  # what changed, as a briefer reads it (describe)


@dataclass
class DatasetDiff:
    old_version: str
    new_version: str
    records: list[RecordDiff] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what today's rules find in the old version (not a failure)

    def of(self, status: str) -> list[RecordDiff]:
        return [r for r in self.records if r.status == status]


# --------------------------------------------------------------------------- reading a version


def _clean(kind: str, row: dict) -> dict:
    row = {k: v for k, v in row.items() if k not in IGNORED}
    if "citations" in row:
        row["citations"] = [{("source" if k == "source_id" else k): v for k, v in c.items() if k not in CITATION_IGNORED}
                            for c in row["citations"]]
    if kind == "sources":
        row["excluded"] = [{k: v for k, v in x.items() if k not in CITATION_IGNORED} for x in row.get("excluded", [])]
    return row


def records_of(export: dict) -> dict[str, dict[str, dict]]:
    """{kind: {id: record}} from an export dict."""
    return {kind: {r["id"]: _clean(kind, r) for r in export.get(kind, []) if isinstance(r, dict) and "id" in r}
            for kind in RECORD_KINDS}


# A revision as a person types it (HEAD~3, v1.2, main@{1}, a commit): never an option (`--output=FILE`),
# never a path outside the repository's names. It is then resolved to a commit id by `git rev-parse
# --end-of-options`, and only that hex id reaches `git archive`.
_REVISION = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./~^@{}+-]{0,199}")
_COMMIT = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def resolve_revision(rev: str, repo: Path = ROOT) -> str:
    """The commit id `rev` names, or VersionError; refuses anything git could read as an option."""
    if not isinstance(rev, str) or not _REVISION.fullmatch(rev) or ".." in rev:
        raise VersionError(f"{rev!r} is not a git revision (a commit, tag or branch such as HEAD~3; "
                           "no leading '-', spaces or '..')")
    try:
        out = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "--end-of-options",
                              f"{rev}^{{commit}}"], capture_output=True, timeout=30, text=True)
    except FileNotFoundError:
        raise VersionError("git is not installed, so git revisions cannot be compared; use export JSON files") from None
    except subprocess.TimeoutExpired:
        raise VersionError(f"git took too long to resolve '{rev}'") from None
    commit = out.stdout.strip()
    if out.returncode != 0 or not _COMMIT.fullmatch(commit):
        raise VersionError(f"'{rev}' is not a git revision of this repository")
    return commit


def git_revision_export(rev: str, repo: Path = ROOT, old: bool = True) -> dict:
    """Load data/ and seeds/ as they were at a git revision (with today's loader) and export them. `old`
    (the default: a revision is what the data was): see _load_dir."""
    commit = resolve_revision(rev, repo)
    try:
        tar = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit, "--", "data", "seeds"],
                             capture_output=True, check=True, timeout=60).stdout
    except FileNotFoundError:
        raise VersionError("git is not installed, so git revisions cannot be compared; use export JSON files") from None
    except subprocess.TimeoutExpired:
        raise VersionError(f"git took too long to archive '{rev}'") from None
    except subprocess.CalledProcessError as exc:
        msg = exc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise VersionError(f"'{rev}' is not a git revision with data/ and seeds/ ({msg[-1] if msg else 'git failed'})") from None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with tarfile.open(fileobj=io.BytesIO(tar)) as tf:
                _extract_plain_files(tf, Path(tmp))
        except tarfile.TarError as exc:
            raise VersionError(f"revision {rev}: its archive cannot be read ({exc})") from None
        return _load_dir(Path(tmp) / "data", f"revision {rev}", old)


def _extract_plain_files(tf: tarfile.TarFile, into: Path) -> None:
    """Extract only regular files and folders inside `into`. A symbolic link (or any other entry) in the
    revision is refused by name, as the loader refuses one in a data folder: the comparison then says so
    instead of failing. The "data" filter also applies where Python has it (3.11.4 and later)."""
    root = into.resolve()
    for member in tf.getmembers():
        if member.issym() or member.islnk():
            raise VersionError(f"the revision holds a link, {member.name!r} -> {member.linkname!r}; links are not "
                               "followed in data/ or seeds/, so this revision cannot be compared")
        if not (member.isfile() or member.isdir()) or not (root / member.name).resolve().is_relative_to(root):
            raise VersionError(f"the revision's archive holds an entry that is not a plain file: {member.name!r}")
    if hasattr(tarfile, "data_filter"):
        tf.extractall(into, filter="data")
    else:
        tf.extractall(into)


# The export key under which an old version's rule findings travel to diff_exports (never in a real export).
NOTES_KEY = "_rule_notes"


def _load_dir(data_dir: Path, label: str, old: bool = False) -> dict:
    """The export of a data directory. An `old` version predates today's rules: it must still read and build,
    but what a rule added since then finds in it is a note on the diff (NOTES_KEY), not a failure; the
    version compared against (the current data) is validated in full."""
    from .loader import DataError

    notes: list = []
    try:
        export = to_json_dict(load_dataset(data_dir, rule_notes=notes if old else None))
    except DataError as exc:
        raise VersionError(f"{label} does not validate ({len(exc.problems)} problem(s); first: {exc.problems[0]})") from None
    if notes:  # the first note summarises, the others list the findings (format_text prints the first only)
        export[NOTES_KEY] = [f"{label} does not meet {len(notes)} of today's rules (rules added since; compared all "
                             f"the same, first: {notes[0]})"] + [str(p) for p in notes]
    return export


def read_version(spec: str, repo: Path = ROOT, old: bool = False) -> dict:
    """An export dict for an export JSON file, a data directory or a git revision (`old`: see _load_dir)."""
    from .export_file import MAX_EXPORT_BYTES
    from .yamlio import read_bounded

    path = Path(spec)
    if path.is_file():
        raw, problem = read_bounded(path, spec, MAX_EXPORT_BYTES, "an export file")
        if problem is not None:
            raise VersionError(f"{spec}: {problem.message}")
        try:
            return parse_export(raw, spec)
        except ExportFileError as exc:
            raise VersionError(str(exc)) from None
    if path.is_dir():
        return _load_dir(path, str(path), old)
    return git_revision_export(spec, repo, old)


# --------------------------------------------------------------------------- comparing


def _key(item) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _field_changes(old, new, prefix: str = "") -> list[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        out = []
        for k in list(old) + [k for k in new if k not in old]:
            out += _field_changes(old.get(k), new.get(k), f"{prefix}.{k}" if prefix else str(k))
        return out
    if isinstance(old, list) and isinstance(new, list) and (any(isinstance(x, dict) for x in old + new)):
        # lists of records (citations, exclusions): an item added or removed, not an index shift
        # (counted, so a second copy of the same citation shows as added)
        olds, news = Counter(_key(x) for x in old), Counter(_key(x) for x in new)
        out = []
        for items, mine, theirs, removed in ((old, olds, news, True), (new, news, olds, False)):
            extra = mine - theirs
            for x in items:
                if extra[_key(x)] > 0:
                    extra[_key(x)] -= 1
                    out.append(Change(prefix, x, None) if removed else Change(prefix, None, x))
        return out
    return [] if old == new else [Change(prefix, old, new)]


def diff_exports(old: dict, new: dict) -> DatasetDiff:
    a, b = records_of(old), records_of(new)
    names = _names(old, new)
    out = DatasetDiff((old.get("dataset") or {}).get("version", ""), (new.get("dataset") or {}).get("version", ""),
                      notes=[n for side in (old, new) for n in (side.get(NOTES_KEY) or []) if isinstance(n, str)])
    for kind in RECORD_KINDS:
        for rid in a[kind].keys() - b[kind].keys():
            out.records.append(RecordDiff(kind, rid, "removed"))
        for rid in b[kind].keys() - a[kind].keys():
            out.records.append(RecordDiff(kind, rid, "added"))
        for rid in a[kind].keys() & b[kind].keys():
            changes = _field_changes(a[kind][rid], b[kind][rid])
            if changes:
                out.records.append(RecordDiff(kind, rid, "changed", changes))
    for r in out.records:
        r.sentence = _sentence(r, a[r.kind].get(r.id), b[r.kind].get(r.id), names)
    order = {"added": 0, "changed": 1, "removed": 2}
    out.records.sort(key=lambda r: (RECORD_KINDS.index(r.kind), order[r.status], r.id))
    return out


def diff_versions(old: str, new: str, repo: Path = ROOT) -> DatasetDiff:
    return diff_exports(read_version(old, repo, old=True), read_version(new, repo))


# --------------------------------------------------------------------------- output


def _short(v) -> str:
    text = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else repr(v)
    return text if len(text) <= 160 else text[:159] + "…"


def format_text(d: DatasetDiff) -> str:
    """One sentence per record ('~ figure x: value 6 -> 3 bodies, per the IDF; new citation from ...'); the
    field-by-field values are in `--format json`."""
    n = {s: len(d.of(s)) for s in ("added", "changed", "removed")}
    lines = [f"dataset {d.old_version or '?'} -> {d.new_version or '?'}: {n['added']} added, {n['changed']} changed, "
             f"{n['removed']} removed"]
    if d.notes:
        lines.append(f"note: {d.notes[0]}" + (f" ({len(d.notes) - 1} listed with --format json)" if len(d.notes) > 1 else ""))
    sign = {"added": "+", "removed": "-", "changed": "~"}
    lines += [f"{sign[r.status]} {r.kind[:-1]} {r.id}: {r.sentence}" for r in d.records]
    return "\n".join(lines)


# --------------------------------------------------------------------------- in sentences
# A briefer reads "figure x: value 6 -> 3 bodies, per the IDF; new citation from Reuters, body: “...”", not
# "citations: null -> {"quote": ...}". Ids of actors and sources become their names; windows are written at
# the display rule (datefmt); long texts are cut at a word.

ACTOR_FIELDS = {"claimant", "party", "actors", "obligated", "parties", "mediators", "guarantors", "sponsors"}
VALUE_FIELDS = ("value", "low", "high")
TEXT_CUT = 90


def _names(*exports: dict) -> dict[str, dict[str, str]]:
    """{'actors': {id: name}, 'sources': {id: 'outlet, "title"'}} from both versions (a removed actor keeps its name)."""
    from .theme import claimant_label

    out: dict[str, dict[str, str]] = {"actors": {}, "sources": {}}
    for e in exports:
        for a in e.get("actors") or []:
            if isinstance(a, dict) and isinstance(a.get("id"), str):
                out["actors"][a["id"]] = claimant_label(a["id"], a.get("name"))
        for s in e.get("sources") or []:
            if isinstance(s, dict) and isinstance(s.get("id"), str):
                title = _cut(str(s.get("title") or s["id"]), 60)
                out["sources"][s["id"]] = f"{s['outlet']}, “{title}”" if s.get("outlet") else f"“{title}”"
    return out


def _cut(text: str, width: int = TEXT_CUT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + "…"


def _number(v) -> str:
    return f"{v:,.0f}" if isinstance(v, (int, float)) and float(v).is_integer() else f"{v:,}" if isinstance(v, (int, float)) else str(v)


def _window(v) -> str:
    from .datefmt import format_span

    if isinstance(v, dict) and v.get("start"):
        try:
            return format_span(v["start"], v.get("end"), "day")
        except (TypeError, ValueError, OverflowError, NotImplementedError):
            # an uploaded export's window that is not a date (the upload model keeps unknown shapes as they came):
            # said as the text it is, never a traceback
            return _cut(f"{v.get('start')} to {v.get('end')}")
    return "none"


def _plain(v, fname: str, names: dict) -> str:
    """One value in words: actor ids as names, vocabulary terms as labels, texts quoted and cut."""
    from .theme import label

    if v is None or v == []:
        return "none"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, (int, float)):
        return _number(v)
    if isinstance(v, list):
        return ", ".join(_plain(x, fname, names) for x in v)
    if isinstance(v, dict):
        if "quote" in v:
            return _citation(v, names)
        if "date" in v or "event" in v or "phase" in v:  # a date or a bound: its date, else the record it follows
            anchor = str(v.get("date") or v.get("event") or v.get("phase") or "none")
            return anchor + (f" (“{_cut(str(v['text']), 50)}”)" if v.get("text") else "")
        return _cut(json.dumps(v, ensure_ascii=False))
    if not isinstance(v, str):
        return _cut(str(v))
    if fname.split(".")[-1] in ACTOR_FIELDS:
        return names["actors"].get(v, v)
    if " " not in v and re.fullmatch(r"[a-z_]+", v):
        return label(v).lower()  # a vocabulary term: 'at_risk' -> 'at risk'
    return f"“{_cut(v)}”"


def _citation(c: dict, names: dict) -> str:
    if not isinstance(c, dict):  # an uploaded export's citation of another shape: said as the JSON it is
        return _cut(json.dumps(c, ensure_ascii=False, default=str))
    sid = c.get("source")  # an uploaded export may hold any JSON here: only a string names a source
    src = names["sources"].get(sid, sid) if isinstance(sid, str) and sid else str(sid or "an unknown source")
    passage = f", {c['passage']}" if c.get("passage") and c.get("passage") != "body" else ""
    return f"{src}{passage}: “{_cut(str(c.get('quote') or ''))}”"


def _phrase(c: Change, rec: dict, names: dict) -> str:
    top = c.field.split(".")[0]
    words = c.field.replace(".", " ").replace("_", " ")
    if top == "citations" or (top == "excluded" and isinstance(c.old or c.new, dict)):
        what = "citation" if top == "citations" else "excluded passage"
        return f"new {what} from {_citation(c.new, names)}" if c.old is None else f"{what} removed: {_citation(c.old, names)}"
    if c.field in VALUE_FIELDS and rec.get("unit"):
        unit = "" if rec["unit"] == "percent" else " " + rec["unit"]
        tail = "%" if rec["unit"] == "percent" else unit
        if c.old is None:
            return f"{words} set to {_number(c.new)}{tail}"
        if c.new is None:
            return f"{words} {_number(c.old)}{tail} removed"
        return f"{words} {_number(c.old)} -> {_number(c.new)}{tail}"
    if isinstance(c.old, list) or isinstance(c.new, list):
        olds, news = list(c.old or []), list(c.new or [])
        added = [x for x in news if x not in olds]
        gone = [x for x in olds if x not in news]
        parts = ([f"added {_plain(added, c.field, names)}"] if added else []) + \
                ([f"removed {_plain(gone, c.field, names)}"] if gone else [])
        return f"{words}: {' and '.join(parts) or 'reordered'}"
    if c.old is None:
        return f"{words} set to {_plain(c.new, c.field, names)}"
    if c.new is None:
        return f"{words} removed (was {_plain(c.old, c.field, names)})"
    if isinstance(c.old, str) and isinstance(c.new, str) and " " in c.old + c.new:
        return f"{words} {_text_change(c.old, c.new)}"
    return f"{words} {_plain(c.old, c.field, names)} -> {_plain(c.new, c.field, names)}"


def _text_change(old: str, new: str, context: int = 4) -> str:
    """A rewritten text by the words that changed, with a few words around them: two long notes that differ
    at their end would otherwise print as the same cut text twice."""
    a, b = old.split(), new.split()
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    lo = max(0, i - context)

    def part(words: list[str]) -> str:
        hi = len(words) - max(0, j - context)
        text = " ".join(words[lo:hi])
        return ("…" if lo else "") + _cut(text) + ("…" if hi < len(words) and not text.endswith("…") else "")
    return f"“{part(a)}” -> “{part(b)}”"


def _what(kind: str, rec: dict, names: dict) -> str:
    """A record in a few words: a figure's value, unit, subject and claimant; otherwise its summary or name."""
    if kind == "figures":
        v = rec.get("value")
        if v is None and rec.get("low") is not None:
            v = f"{_number(rec['low'])}–{_number(rec.get('high'))}"
        unit = rec.get("unit") or ""
        amount = (f"{_number(v)}%" if unit == "percent" else f"{_number(v)} {unit}") if v is not None else ""
        return _cut(f"{amount} ({rec.get('subject') or rec.get('metric')})".strip()) + _per(rec, names)
    for key in ("summary", "label", "name", "title"):
        if isinstance(rec.get(key), str) and rec[key]:
            return f"“{_cut(rec[key])}”"
    return ""


def _per(rec: dict, names: dict) -> str:
    from .theme import in_sentence

    c = rec.get("claimant")
    return f", per {in_sentence(names['actors'].get(c, c))}" if isinstance(c, str) and c else ""


def _sentence(r: RecordDiff, old: dict | None, new: dict | None, names: dict) -> str:
    """describe(), or for an uploaded export whose values have shapes no real export has (the upload model keeps
    unknown shapes as they came) the changes field by field as the JSON they are: a page never shows a traceback."""
    try:
        return describe(r, old, new, names)
    except (TypeError, ValueError, AttributeError, KeyError, OverflowError, NotImplementedError):
        def raw(v) -> str:
            return _cut(json.dumps(v, ensure_ascii=False, default=str), 80)
        if r.status != "changed":
            return r.status
        return "; ".join(f"{c.field}: {raw(c.old)} -> {raw(c.new)}" for c in r.changes)


def describe(r: RecordDiff, old: dict | None, new: dict | None, names: dict) -> str:
    """The record's change in one sentence (see the section comment)."""
    rec = new or old or {}
    if r.status != "changed":
        what = _what(r.kind, rec, names)
        first = (rec.get("citations") or [None])[0]
        src = f" from {names['sources'].get(first.get('source'), first.get('source'))}" if isinstance(first, dict) else ""
        return f"{'new' if r.status == 'added' else 'removed'}{': ' + what if what else ''}{src if r.status == 'added' else ''}"
    phrases: list[list[str]] = []  # [field, phrase]
    windows = set()
    for c in r.changes:
        top = c.field.split(".")[0]
        if top == "window" or top.endswith("_window"):  # resolved windows: start and end in one phrase, at the display rule
            if top not in windows:
                windows.add(top)
                phrases.append([top, f"{top.replace('_', ' ')} {_window((old or {}).get(top))} -> {_window((new or {}).get(top))}"])
            continue
        phrases.append([c.field, _phrase(c, rec, names)])
    if r.kind == "figures" and "claimant" not in {f for f, _ in phrases}:
        values = [p for p in phrases if p[0] in VALUE_FIELDS + ("qualifier", "unit")]
        if values:  # whose number it is, right after the number
            values[-1][1] += _per(rec, names)
    return "; ".join(p for _, p in phrases)


def to_json(d: DatasetDiff) -> dict:
    return {"old_version": d.old_version, "new_version": d.new_version, "notes": d.notes,
            "records": [{"kind": r.kind, "id": r.id, "status": r.status, "sentence": r.sentence,
                         "changes": [{"field": c.field, "old": c.old, "new": c.new} for c in r.changes]}
                        for r in d.records]}


# --------------------------------------------------------------------------- history


@dataclass
class Revision:
    commit: str
    date: str
    subject: str


def revisions(repo: Path = ROOT, limit: int = 30) -> list[Revision]:
    """The latest commits that changed data/ or seeds/ (newest first); empty without git or history."""
    try:
        out = subprocess.run(["git", "-C", str(repo), "log", f"-n{limit}", "--format=%H%x1f%cs%x1f%s", "--", "data", "seeds"],
                             capture_output=True, check=True, timeout=30, text=True).stdout
    except (FileNotFoundError, subprocess.CalledProcessError, subprocess.TimeoutExpired):
        return []
    return [Revision(*line.split("\x1f", 2)) for line in out.splitlines() if line.count("\x1f") == 2]
