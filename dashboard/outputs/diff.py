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
from dataclasses import dataclass
from pathlib import Path

from dashboard.outputs.export import to_json_dict
from dashboard.outputs.export_file import ExportFileError, parse_export
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset
from dashboard.codebook.datafile import RECORD_KINDS
from dashboard.outputs.diff_words import Change, DatasetDiff, RecordDiff, _cut, _names, describe

IGNORED = {"permalink"}  # derived from the id
CITATION_IGNORED = {"start", "end"}  # spans the loader computes from the quote


class VersionError(Exception):
    """A version that cannot be read (unknown revision, unreadable export, invalid dataset)."""


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
    from dashboard.dataset.loader import DataError

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
    from dashboard.outputs.export_file import MAX_EXPORT_BYTES
    from dashboard.dataset.yamlio import read_bounded

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
