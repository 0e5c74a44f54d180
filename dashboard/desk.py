"""The coding desk's write path: when it is allowed, checking a new record, and saving it. No Streamlit import.

The desk is off unless all three hold:
  1. `CEASEFIRE_DESK=1` is set (an explicit opt-in; the default is off),
  2. the data directory and its files are writable by this process,
  3. the app is not running on Streamlit Community Cloud (its checkout lives under /mount/src/).
The hosted demo therefore never writes, even if someone sets the variable in its Secrets. Every write
function checks `desk_status()` itself, so the page being hidden is not the only lock.

A record is checked by appending it to a temporary copy of the data directory and loading that copy
with the real loader: the problems are exactly the lines `python -m dashboard validate` would print.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .loader import DataError, Dataset, load_dataset, root_for
from .yamledit import append_record

DESK_ENV = "CEASEFIRE_DESK"
CLOUD_MOUNT = "/mount/src/"  # where Streamlit Community Cloud checks out the repository


class DeskDisabled(PermissionError):
    pass


@dataclass(frozen=True)
class DeskStatus:
    enabled: bool
    reason: str


def on_community_cloud(root: Path | None = None) -> bool:
    here = str(Path(root or Path(__file__).resolve().parent.parent).resolve())
    return here.startswith(CLOUD_MOUNT)


def _writable(data_dir: Path) -> bool:
    if not data_dir.is_dir() or not os.access(data_dir, os.W_OK):
        return False
    return all(os.access(p, os.W_OK) for p in data_dir.rglob("*.yaml"))


def desk_status(data_dir: Path, root: Path | None = None) -> DeskStatus:
    if os.environ.get(DESK_ENV) != "1":
        return DeskStatus(False, f"the desk is off: start the app with {DESK_ENV}=1 to enable it")
    if on_community_cloud(root):
        return DeskStatus(False, "the desk is never available on the hosted demo")
    if not _writable(Path(data_dir)):
        return DeskStatus(False, f"the data directory {data_dir} is not writable")
    return DeskStatus(True, "")


def require_desk(data_dir: Path) -> None:
    status = desk_status(data_dir)
    if not status.enabled:
        raise DeskDisabled(status.reason)


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


def check_record(data_dir: Path, target: Path, kind: str, record: dict) -> list[str]:
    """The problems `validate` would print once `record` is appended to `target` (empty: it would pass)."""
    data_dir = Path(data_dir).resolve()
    root = root_for(data_dir)
    target = Path(target).resolve()
    with tempfile.TemporaryDirectory(prefix="desk-") as tmp:
        # mirror the layout (seeds beside data) so problems name the same files validate names
        rel = data_dir.relative_to(root) if data_dir.is_relative_to(root) else Path(data_dir.name)
        copy = Path(tmp) / rel
        shutil.copytree(data_dir, copy, ignore=shutil.ignore_patterns(".cache"))
        (Path(tmp) / "seeds").symlink_to(root / "seeds", target_is_directory=True)
        try:
            append_record(copy / target.relative_to(data_dir), kind, record)
        except ValueError as exc:
            return [f"{target}: {exc}"]
        try:
            load_dataset(copy, Path(tmp))
        except DataError as exc:
            return [str(p).replace(str(copy), str(data_dir)) for p in exc.problems]
    return []


def save_record(data_dir: Path, target: Path, kind: str, record: dict) -> list[str]:
    """Append `record` to `target` if the dataset then validates; returns the problems (nothing saved if any)."""
    require_desk(data_dir)
    problems = check_record(data_dir, target, kind, record)
    if problems:
        return problems
    target = Path(target)
    before = target.read_bytes()
    append_record(target, kind, record)
    try:
        load_dataset(data_dir)
    except DataError as exc:  # changed on disk meanwhile: put the file back as it was
        target.write_bytes(before)
        return [str(p) for p in exc.problems]
    return []
