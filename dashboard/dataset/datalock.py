"""Every write to a data folder goes through here: one lock per folder, and a compare-before-write. No Streamlit.

`data_lock(data_dir)` holds an exclusive `flock` on the data folder itself (a directory can be locked on Linux
and macOS; no lock file is left in the folder). Two desk saves, or a save and `add-source`, in threads or processes, then run one after
the other, each reading the file the other wrote. `write_if_unchanged(path, expected, new)` rewrites a file
only if it still holds the bytes the writer read (an editor or a process that does not take the lock may have
changed it meanwhile), through a temporary file renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

WAIT_SECONDS = 60.0  # a save validates the dataset (~2 s for the bundled data); a queue of writers waits this long


class DataLocked(RuntimeError):
    """Another writer held the data folder for longer than WAIT_SECONDS."""


class ChangedOnDisk(RuntimeError):
    """The file changed between the read and the write; nothing was written."""


@contextmanager
def data_lock(data_dir: Path, wait: float = WAIT_SECONDS):
    fd = os.open(Path(data_dir), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # per open file: threads of one process exclude too
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise DataLocked(f"another save held {data_dir} for over {wait:.0f} s; nothing was written") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def write_if_unchanged(path: Path, expected: bytes | None, new: bytes) -> None:
    """Replace `path` with `new` if it still holds `expected` (None: it must not exist yet)."""
    path = Path(path)
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if current != expected:
        raise ChangedOnDisk(f"{path.name} changed on disk while it was being saved; nothing was written, reload and retry")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(new)
            fh.flush()
            os.fsync(fh.fileno())
        if current is not None:
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def holding_data_lock(func):
    """Run `func(..., data_dir, ...)` holding that data folder's lock (for writers such as add_source)."""
    import functools
    import inspect

    signature = inspect.signature(func)

    @functools.wraps(func)
    def run(*args, **kwargs):
        data_dir = signature.bind(*args, **kwargs).arguments["data_dir"]
        with data_lock(Path(data_dir)):
            return func(*args, **kwargs)

    return run
