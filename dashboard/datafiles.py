"""Which files under a data folder count: the one answer the loader and the frames cache key share.

Walks the folder without following it blindly: every `.yaml`/`.yml` regular file is a data file;
`synthetic.json` at the top is a synthetic generator's marker (hashed into the cache key, not loaded);
entries whose name starts with "." are ignored by both the loader and the cache key (that is where the
frames cache `.cache/` lives, and where a coder keeps drafts: `data/.drafts/` is never validated nor
served). Anything else is a problem, not a skip: a folder or file that cannot be read, an unexpected
file (`notes.txt`, an editor backup `x.yaml~`), a broken link, a device or pipe, a data file over the
size limit (checked with stat, before a byte is read). No Streamlit import.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import yamlio
from .yamlio import Problem

DATA_SUFFIXES = (".yaml", ".yml")
SYNTHETIC_MARKER = "synthetic.json"


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
    seen: set[tuple[int, int]] = set()  # (device, inode) of folders walked: a link loop is walked once
    pending = [data_dir]
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
            path = Path(entry.path)
            try:
                st = os.stat(path)  # follows a symbolic link
            except OSError as exc:
                what = "broken symbolic link" if entry.is_symlink() else "cannot read entry"
                found.problems.append(Problem(shown(path), None, f"{what}: {exc.strerror or exc}; remove it"))
                continue
            if stat.S_ISDIR(st.st_mode):
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
