"""Which files under a data folder count: the one answer the loader and the frames cache key share.

Walks the folder without following it blindly: every `.yaml`/`.yml` regular file is a data file;
`synthetic.json` at the top is a synthetic generator's marker (hashed into the cache key, not loaded);
entries whose name starts with "." are ignored by both the loader and the cache key (that is where the
frames cache `.cache/` lives, and where a coder keeps drafts: `data/.drafts/` is never validated nor
served). Anything else is a problem, not a skip: a folder or file that cannot be read, an unexpected
file (`notes.txt`, an editor backup `x.yaml~`), a broken link, a device or pipe, a data file over the
size limit (checked with stat, before a byte is read).

The walk stays inside the data folder: a symbolic link is followed only when its target lies inside the
folder (a data file linked from elsewhere on the machine is a problem, not data), a folder on a kernel's
special filesystem (`/proc`, `/sys`, `/dev`: `--data /proc/self` would walk into `/proc/self/root`) is
refused before a single entry is read, and the walk stops with a problem after MAX_ENTRIES entries (a data
folder of `/` is a mistake, not a dataset). The seeds the cache key hashes are listed here too
(`seed_files`), so the key, the loader and the app read the same list; `stamp` is the app's cheap check of
that list on every run (stat only), so a hand edit to data/ or seeds/ reloads a running app. The listing also stops after
MAX_PROBLEMS_PER_FILE entries that are not data files (a wrong folder, not a dataset). No Streamlit import.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from dashboard.dataset import yamlio
from dashboard.dataset import problems as dataset_problems
from dashboard.dataset.problems import Problem

DATA_SUFFIXES = (".yaml", ".yml")
SYNTHETIC_MARKER = "synthetic.json"
MAX_ENTRIES = 20_000  # entries walked under one data folder; the bundled data has about 20, a synthetic 1M set ~300
SPECIAL_ROOTS = ("/proc", "/sys", "/dev")
# filesystems whose files are the kernel's views, not data (their entries loop, block or never end)
SPECIAL_FS = {"proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "debugfs", "tracefs", "securityfs", "pstore",
              "bpf", "configfs", "fusectl", "mqueue", "hugetlbfs", "binfmt_misc", "autofs", "efivarfs", "rpc_pipefs",
              "nsfs", "selinuxfs"}


def _fs_type(path: Path) -> str | None:
    """The filesystem type of the mount holding `path` (Linux /proc/self/mountinfo), or None if unknown."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, fstype = "", None
    text = str(path)
    for line in lines:
        left, _, right = line.partition(" - ")
        parts = left.split()
        if len(parts) < 5 or not right:
            continue
        point = parts[4].replace("\\040", " ")
        if (text == point or text.startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, fstype = point, right.split()[0]
    return fstype


def special_folder(data_dir: Path) -> str | None:
    """Why `data_dir` cannot be a data folder (a kernel filesystem), or None."""
    real = Path(os.path.realpath(data_dir))
    if any(real == Path(r) or real.is_relative_to(r) for r in SPECIAL_ROOTS):
        return f"{real} is on a special system filesystem, not a data folder; give the folder holding the .yaml files"
    fstype = _fs_type(real)
    if fstype in SPECIAL_FS:
        return f"{real} is on a {fstype} filesystem, not a data folder; give the folder holding the .yaml files"
    return None


def seed_files(seeds: Path) -> list[Path]:
    """The regular files directly in `seeds/` (not through links), sorted: what the frames cache key hashes.
    Reading them is bounded by the caller; an unreferenced file of any size is never an error here."""
    try:
        with os.scandir(seeds) as it:
            return sorted(Path(e.path) for e in it if e.is_file(follow_symlinks=False))
    except OSError:
        return []


@dataclass
class Found:
    data_files: list[Path] = field(default_factory=list)  # sorted
    marker: Path | None = None  # data/synthetic.json, when present
    problems: list[Problem] = field(default_factory=list)

    @property
    def inputs(self) -> list[Path]:
        """Every file the dataset derives from (what the cache key hashes)."""
        return sorted(self.data_files + ([self.marker] if self.marker else []))


def discover(data_dir: Path, shown: Callable[[Path], str] = str) -> Found:
    """The data files under `data_dir`, and a problem for each entry that is neither a data file nor ignored."""
    data_dir = Path(data_dir)
    found = Found()
    if not data_dir.is_dir():
        return found  # the loader reports "no .yaml data files found"
    special = special_folder(data_dir)
    if special:
        found.problems.append(Problem(shown(data_dir), None, special))
        return found
    inside = Path(os.path.realpath(data_dir))
    top_dev = os.stat(data_dir).st_dev
    seen: set[tuple[int, int]] = set()  # (device, inode) of folders walked: a link loop is walked once
    pending = [data_dir]
    walked = 0
    while pending:
        folder = pending.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.problems.append(Problem(shown(folder), None, f"cannot read folder: {exc.strerror or exc}; "
                                                                "fix its permissions or move it out of the data folder"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue  # caches and drafts (documented above)
            walked += 1
            if walked > MAX_ENTRIES or len(found.problems) >= dataset_problems.MAX_PROBLEMS_PER_FILE:
                what = (f"more than {MAX_ENTRIES:,} entries" if walked > MAX_ENTRIES
                        else f"{len(found.problems)} entries that are not data files")
                found.problems.append(Problem(shown(data_dir), None, f"{what} under the data folder; is this the folder "
                                              "holding the .yaml files? (listing stopped)"))
                found.data_files.sort()
                return found
            path = Path(entry.path)
            try:
                st = os.stat(path)  # follows a symbolic link
            except OSError as exc:
                what = "broken symbolic link" if entry.is_symlink() else "cannot read entry"
                found.problems.append(Problem(shown(path), None, f"{what}: {exc.strerror or exc}; remove it"))
                continue
            if entry.is_symlink() and not Path(os.path.realpath(path)).is_relative_to(inside):
                found.problems.append(Problem(shown(path), None, f"symbolic link to {os.path.realpath(path)}, outside "
                                              "the data folder; copy the file into the folder instead (links out "
                                              "are not followed)"))
                continue
            if stat.S_ISDIR(st.st_mode):
                mounted = st.st_dev != top_dev and special_folder(path)  # e.g. /proc under a data folder of /
                if mounted:
                    found.problems.append(Problem(shown(path), None, mounted))
                else:
                    pending.append(path)
            elif not stat.S_ISREG(st.st_mode):
                found.problems.append(Problem(shown(path), None, "not a regular file (a device, pipe or socket); remove it"))
            elif path.suffix in DATA_SUFFIXES:
                if st.st_size > yamlio.MAX_FILE_BYTES:
                    found.problems.append(Problem(shown(path), None, f"file is {st.st_size:,} bytes, over the "
                                                                     f"{yamlio.MAX_FILE_BYTES:,}-byte limit for a data file"))
                else:
                    found.data_files.append(path)
            elif folder == data_dir and entry.name == SYNTHETIC_MARKER:
                found.marker = path
            else:
                found.problems.append(Problem(shown(path), None, "unexpected file in the data folder: only .yaml/.yml data "
                                                                 "files belong here; move it out (or into a folder whose "
                                                                 "name starts with '.', which is ignored)"))
    found.data_files.sort()
    return found


def stamp(data_dir: Path, seeds: Path | None = None) -> tuple:
    """What changes whenever a file the dataset is read from changes on disk: for each data file, the synthetic
    marker and each seed (the lists `content_key` hashes), its name, size, mtime_ns and inode, plus the listing's
    problems (a stray file added to data/). Only `stat` calls: cheap enough for every run of a page (under
    1 ms for the bundled 14 files), where hashing the content would read every byte. An editor that saves by
    writing a new file and renaming it changes the inode even within one mtime tick; an in-place rewrite of
    the same size within one tick is the blind spot a stat check accepts."""

    data_dir = Path(data_dir)
    found = discover(data_dir)
    files = found.inputs + seed_files(Path(seeds) if seeds is not None else root_for(data_dir) / "seeds")
    out: list[tuple] = []
    for p in files:
        try:
            st = os.stat(p)
        except OSError as exc:
            out.append((str(p), "gone", exc.errno))
            continue
        out.append((str(p), st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(out) + tuple((pr.file, pr.line, pr.message) for pr in found.problems)


ROOT = Path(__file__).resolve().parents[2]


def root_for(data_dir: Path) -> Path:
    """Where `seeds/` lives for a data directory: its parent when that holds a seeds/ folder
    (the repository layout, or a self-contained copy of it), else the repository root."""
    parent = Path(data_dir).resolve().parent
    return parent if (parent / "seeds").is_dir() else ROOT
