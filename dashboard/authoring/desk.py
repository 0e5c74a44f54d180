"""The coding desk's write path: when it is allowed, checking a new record, and saving it. No Streamlit import.

The desk is off unless all four hold:
  1. `CEASEFIRE_DESK=1` is set (an explicit opt-in; the default is off),
  2. the data directory and its files are writable by this process,
  3. the app is not running on Streamlit Community Cloud (its checkout lives under /mount/src/),
  4. the server listens on the loopback address only (`python -m dashboard desk` starts it so), or the
     operator chose another address explicitly AND set `CEASEFIRE_DESK_TOKEN`, which every save must then carry.
     Streamlit's default (no `server.address`) listens on every interface, so it keeps the desk off.
The hosted demo therefore never writes, even if someone sets the variable in its Secrets. Every write
function checks `desk_status()` itself, so the page being hidden is not the only lock.

A save holds the data folder's lock (datalock.py) from reading the article file to writing it, and writes
only if the file still holds what was read: two saves at the same moment both land, one after the other.

The desk adds a record to a list (an event, a figure, ..., an actor to the registry) or a citation to an
existing record: both are edits of one file (`Edit`), checked and saved the same way.

A record is checked by appending it to a temporary copy of the data directory and loading that copy
with the real loader: the problems are exactly the lines `python -m dashboard validate` would print.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ruamel.yaml.comments import CommentedMap

from dashboard.dataset.datalock import ChangedOnDisk, DataLocked, data_lock, write_if_unchanged
from dashboard.dataset.loader import DataError, Dataset, load_dataset
from dashboard.dataset.datafiles import root_for
from dashboard.dataset.rules.text import occurrences
from dashboard.authoring.yamledit import append_citation, append_to_list, dumps, round_trip_yaml

DESK_ENV = "CEASEFIRE_DESK"
TOKEN_ENV = "CEASEFIRE_DESK_TOKEN"
MIN_TOKEN_CHARS = 16
CLOUD_MOUNT = "/mount/src/"  # where Streamlit Community Cloud checks out the repository
NOT_SERVED = "(not served)"  # a call from Python (tests, scripts): no server, no network


class DeskDisabled(PermissionError):
    pass


@dataclass(frozen=True)
class DeskStatus:
    enabled: bool
    reason: str
    needs_token: bool = False  # served beyond loopback: every save carries CEASEFIRE_DESK_TOKEN


def is_loopback(address: str | None) -> bool:
    if address == NOT_SERVED:
        return True
    if not address:
        return False  # Streamlit's default: every interface
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def _token() -> str:
    return os.environ.get(TOKEN_ENV, "")


def on_community_cloud(root: Path | None = None) -> bool:
    here = str(Path(root or Path(__file__).resolve().parents[2]).resolve())
    return here.startswith(CLOUD_MOUNT)


def _writable(data_dir: Path) -> bool:
    from dashboard.dataset.datafiles import discover  # the loader's own bounded list of data files

    if not data_dir.is_dir() or not os.access(data_dir, os.W_OK):
        return False
    return all(os.access(p, os.W_OK) for p in discover(data_dir).data_files)


def desk_status(data_dir: Path, root: Path | None = None, address: str | None = NOT_SERVED) -> DeskStatus:
    """Whether the desk may write; `address` is the server's `server.address` option (None: Streamlit's default,
    every interface)."""
    if os.environ.get(DESK_ENV) != "1":
        return DeskStatus(False, f"the desk is off: start it with `python -m dashboard desk` ({DESK_ENV}=1, loopback only)")
    if on_community_cloud(root):
        return DeskStatus(False, "the desk is never available on the hosted demo")
    if not _writable(Path(data_dir)):
        return DeskStatus(False, f"the data directory {data_dir} is not writable")
    if not is_loopback(address):
        if not address:
            return DeskStatus(False, "the desk serves only on the loopback address, and this server listens on every "
                                     "interface: start it with `python -m dashboard desk` (or add "
                                     "`--server.address 127.0.0.1`)")
        if len(_token()) < MIN_TOKEN_CHARS:
            return DeskStatus(False, f"the desk listens on {address}, beyond this machine: set {TOKEN_ENV} "
                                     f"(at least {MIN_TOKEN_CHARS} characters) to open it there")
        return DeskStatus(True, "", needs_token=True)
    return DeskStatus(True, "")


def token_ok(status: DeskStatus, token: str | None) -> bool:
    return not status.needs_token or (bool(token) and hmac.compare_digest(str(token).encode(), _token().encode()))


def require_desk(data_dir: Path, address: str | None = NOT_SERVED, token: str | None = None) -> None:
    status = desk_status(data_dir, address=address)
    if not status.enabled:
        raise DeskDisabled(status.reason)
    if not token_ok(status, token):
        raise DeskDisabled(f"this desk is served beyond loopback: give the token set in {TOKEN_ENV} to save")


def article_file(ds: Dataset, source_id: str, data_dir: Path) -> Path | None:
    """The YAML file a source's records go to: data/articles/NNN.yaml for seed NNN_…, else where most are."""
    src = ds.by_id("sources").get(source_id)
    if src is None:
        return None
    number = Path(src.file).name.split("_", 1)[0]
    candidate = Path(data_dir) / "articles" / f"{number}.yaml"
    if candidate.is_file():
        return candidate
    counts: dict[str, int] = {}
    for kind in ("events", "figures", "comparisons"):
        for rec in getattr(ds, kind):
            if any(c.source == source_id for c in rec.citations):
                f = ds.origins[(kind, rec.id)].file
                counts[f] = counts.get(f, 0) + 1
    if counts:
        best = max(counts, key=counts.get)
        return root_for(data_dir) / best
    return None


def newest_first(ds: Dataset) -> list[str]:
    """Source ids, the most recently added first (the highest seed number: add-source gives the next free one)."""
    return [x.id for x in sorted(ds.sources, key=lambda x: Path(x.file).name, reverse=True)]


COPY_SEP = "\x1f"  # in a menu key between a repeated sentence and its copy number; never in an article's text


def sentence_key(quote: str, occurrence: int) -> str:
    """The sentence menus' key of one copy of a sentence: the sentence itself for its first copy (so a menu
    set to a sentence's words picks its first copy), the words and the copy number for the others."""
    return quote if occurrence == 1 else f"{quote}{COPY_SEP}{occurrence}"


def sentence_index(ds: Dataset, source_id: str, cands: list) -> dict[str, dict]:
    """The article's citable sentences (outside exclusions) in reading order, one entry per COPY of a sentence
    the article prints more than once (a pull quote), keyed by sentence_key: each with its quote, start, end,
    line, occurrence (what its citation's `occurrence` says), copies (how many there are), the words before
    it (`context`, to tell copies apart) and the candidate numbers and date resolutions in it (`cands`:
    candidates.from_dataset). One entry per sentence text hid the second copy: citing it needed
    `occurrence` typed by hand."""
    from dashboard.authoring.candidates import all_sentences, occurrence_of
    from dashboard.dataset.rules.text import occurrences

    text = ds.texts[source_id]
    excluded = [(x.start, x.end) for x in ds.by_id("sources")[source_id].excluded if x.start is not None]
    sentences: dict[str, dict] = {}
    for a, b in all_sentences(text):
        if not any(x <= a and b <= y for x, y in excluded):  # page furniture is never cited
            quote, n = text[a:b], occurrence_of(text, text[a:b], a)
            sentences.setdefault(sentence_key(quote, n), {
                "quote": quote, "start": a, "end": b, "line": text.count("\n", 0, a) + 1, "todo": 0, "numbers": 0,
                "occurrence": n, "copies": 1, "context": _before(text, a), "resolutions": []})
    for entry in sentences.values():  # every place the words occur, as `occurrence` counts them (a copy inside
        entry["copies"] = len(occurrences(text, entry["quote"]))  # a longer sentence or an exclusion counts too)
    for c in cands:
        entry = sentences.get(sentence_key(c.quote, c.occurrence))
        if entry is not None:
            entry["todo"] += c.status == "uncovered"
            entry["numbers"] += 1
            entry["resolutions"] += c.resolutions
    return sentences


def _before(text: str, start: int, width: int = 50) -> str:
    """The last `width` characters of words before `start` (from up to 4 * `width` characters back, across lines),
    whitespace folded ('' at the top)."""
    words = " ".join(text[max(0, start - 4 * width):start].split())
    return ("…" + words[-width:].split(" ", 1)[-1]) if len(words) > width else words


def sentence_label(entry: dict, width: int = 110) -> str:
    """A sentence as its menu shows it: 'line 7: Mediators met…'; a copy of a repeated sentence says which copy
    and what precedes it: 'line 7 (copy 2 of 2, after “…A pull quote follows.”): Mediators met…'."""
    q = entry["quote"]
    where = f"line {entry['line']}"
    if entry.get("copies", 1) > 1:
        after = f", after “{entry['context']}”" if entry.get("context") else ", at the start"
        where += f" (copy {entry['occurrence']} of {entry['copies']}{after})"
    return f"{where}: {q[:width]}{'…' if len(q) > width else ''}"


def list_file(ds: Dataset, kind: str, source_id: str, data_dir: Path) -> Path | None:
    """Where a new record of `kind` goes: actors to the registry (the file that holds most actors, normally
    data/actors.yaml), every other list to the source's article file."""
    if kind == "actors":
        counts: dict[str, int] = {}
        for (k, _), origin in ds.origins.items():
            if k == "actors":
                counts[origin.file] = counts.get(origin.file, 0) + 1
        if counts:
            return root_for(data_dir) / max(sorted(counts), key=counts.get)
    return article_file(ds, source_id, data_dir)


def record_file(ds: Dataset, kind: str, record_id: str, data_dir: Path) -> Path | None:
    """The file that holds an existing record (where a citation is added to it)."""
    origin = ds.origins.get((kind, record_id))
    return root_for(data_dir) / origin.file if origin else None


def complete_citations(record: dict, texts: dict[str, str]) -> dict:
    """`occurrence` on every citation whose quote occurs more than once in its source, the first copy too
    (`occurrence: 1`): the loader asks for it on every repeated quote (R-CITE-OCCURRENCE), while a form leaves
    a field at its default out. Returns the record (changed in place)."""
    for cit in record.get("citations") or []:
        if isinstance(cit, dict) and "occurrence" not in cit:
            text = texts.get(cit.get("source"))
            quote = cit.get("quote")
            if isinstance(text, str) and isinstance(quote, str) and quote and len(occurrences(text, quote)) > 1:
                cit["occurrence"] = 1
    return record


Edit = Callable[[CommentedMap], None]  # changes a round-trip document in place; ValueError: it cannot


def appending(kind: str, record: dict) -> Edit:
    return lambda doc: append_to_list(doc, kind, record)


def citing(kind: str, record_id: str, citation: dict) -> Edit:
    return lambda doc: append_citation(doc, kind, record_id, citation)


def _edited(before: bytes, edit: Edit) -> bytes:
    """A file's bytes after `edit` (comments and layout kept: ruamel round trip)."""
    doc = round_trip_yaml().load(before.decode("utf-8"))
    if doc is None:
        doc = CommentedMap()
    edit(doc)
    return dumps(doc).encode("utf-8")


def check_edit(data_dir: Path, target: Path, edit: Edit) -> list[str]:
    """The problems `validate` would print once `edit` is applied to `target` (empty: it would pass)."""
    data_dir = Path(data_dir).resolve()
    root = root_for(data_dir)
    target = Path(target).resolve()
    with tempfile.TemporaryDirectory(prefix="desk-") as tmp:
        # mirror the layout (seeds beside data) so problems name the same files validate names
        rel = data_dir.relative_to(root) if data_dir.is_relative_to(root) else Path(data_dir.name)
        copy = Path(tmp) / rel
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(".*"))  # caches, the lock, temporary files
        (Path(tmp) / "seeds").symlink_to(root / "seeds", target_is_directory=True)
        path = copy / target.relative_to(data_dir)
        try:
            path.write_bytes(_edited(path.read_bytes(), edit))
        except ValueError as exc:
            return [f"{target}: {exc}"]
        try:
            load_dataset(copy, Path(tmp))
        except DataError as exc:
            return [str(p).replace(str(copy), str(data_dir)) for p in exc.problems]
    return []


def check_record(data_dir: Path, target: Path, kind: str, record: dict) -> list[str]:
    """The problems `validate` would print once `record` is appended to `target` (empty: it would pass)."""
    return check_edit(data_dir, target, appending(kind, record))


def check_citation(data_dir: Path, target: Path, kind: str, record_id: str, citation: dict) -> list[str]:
    """The problems `validate` would print once `citation` is added to the record `record_id` in `target`."""
    return check_edit(data_dir, target, citing(kind, record_id, citation))


def save_edit(data_dir: Path, target: Path, edit: Edit, address: str | None = NOT_SERVED,
              token: str | None = None) -> list[str]:
    """Apply `edit` to `target` if the dataset then validates; returns the problems (nothing saved if any).

    Under the data folder's lock: read the file, check the edit against exactly that content, write only if
    the file still holds it. A second save waits for the first and is checked against the file the first wrote."""
    require_desk(data_dir, address, token)
    target = Path(target)
    try:
        with data_lock(data_dir):
            before = target.read_bytes()
            problems = check_edit(data_dir, target, edit)
            if problems:
                return problems
            after = _edited(before, edit)
            write_if_unchanged(target, before, after)
            try:
                load_dataset(data_dir)
            except DataError as exc:  # another file changed on disk meanwhile: put this one back as it was
                write_if_unchanged(target, after, before)
                return [str(p) for p in exc.problems]
    except (ChangedOnDisk, DataLocked) as exc:
        return [f"{target}: {exc}"]
    return []


def save_record(data_dir: Path, target: Path, kind: str, record: dict, address: str | None = NOT_SERVED,
                token: str | None = None) -> list[str]:
    """Append `record` to the list `kind` of `target` if the dataset then validates (see save_edit)."""
    return save_edit(data_dir, target, appending(kind, record), address, token)


def save_citation(data_dir: Path, target: Path, kind: str, record_id: str, citation: dict,
                  address: str | None = NOT_SERVED, token: str | None = None) -> list[str]:
    """Add `citation` to the existing record `record_id` of `target` if the dataset then validates."""
    return save_edit(data_dir, target, citing(kind, record_id, citation), address, token)
