"""Opening a dataset: the frames cache when it matches, else validated YAML; DuckDB for large sets."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pyarrow as pa

from dashboard.dataset.datafiles import SYNTHETIC_MARKER
from dashboard.frames.tables import Frames, build_frames
from dashboard.dataset.loader import DataError, Dataset, load_dataset
from dashboard.dataset.problems import Problem
from dashboard.engines.cache import (_manifest, _small_dataset, cache_path, content_key, read_cache, verify_files,
    write_cache)


def load_source(data_dir: Path, remember: bool = False):
    """(dataset, frame source) for the app: a DuckDB source over the Parquet cache when the dataset is
    large (query.engine_for), else the frames in memory behind a PandasSource.

    With `remember` (the app), frames just validated from YAML are also written as the cache, in the
    background, so the next start reads Parquet instead of parsing YAML (about 0.1 s instead of 1.7 s for
    the hand-coded data). Without it, never writes."""
    from dashboard.engines.sources import PandasSource, engine_for
    from dashboard.engines.duck import open_duck_source

    data_dir = Path(data_dir).resolve()
    key = content_key(data_dir)
    manifest = _manifest(data_dir, key)
    if manifest is not None and not verify_files(cache_path(data_dir, key), manifest):
        manifest = None  # a table changed since it was written: validated from YAML below, and rewritten
    if manifest is not None and engine_for(int(manifest.get("counts", {}).get("events", 0))) == "duckdb":
        try:
            return _small_dataset(data_dir, manifest), open_duck_source(cache_path(data_dir, key))
        except (OSError, KeyError, ValueError, pa.ArrowException):
            pass  # an unreadable cache: validate from YAML below, as load_bundle_fast does
    ds, frames = load_bundle_fast(data_dir)
    if remember and manifest is None:  # validated from YAML (no cache matched): keep the frames for next time
        threading.Thread(target=remember_frames, args=(data_dir, key, ds, frames), daemon=True,
                         name="frames-cache").start()
    return ds, PandasSource(frames)


def frames_cache_wanted() -> bool:
    """Whether the app writes the frames cache: yes unless CEASEFIRE_FRAMES_CACHE=0 (the test suite sets it, so
    every app test validates the YAML as it finds it, whatever earlier runs left in data/.cache)."""
    return os.environ.get("CEASEFIRE_FRAMES_CACHE", "1") != "0"


def remember_frames(data_dir: Path, key: str, ds: Dataset, frames: Frames) -> Path | None:
    """Write the frames validated for content `key` as the cache, if the data is still that content, no other
    process has written it meanwhile, and the folder can be written (a read-only deployment just keeps
    validating at start). Returns where, or None."""
    try:
        done = _manifest(data_dir, key)
        if content_key(data_dir) != key or (done is not None and verify_files(cache_path(data_dir, key), done)):
            return None  # changed while validating, or a good cache is already there
        return write_cache(data_dir, ds, frames, key=key)
    except (OSError, DataError, pa.ArrowException):
        return None


def records_only_in_cache(data_dir: Path) -> bool:
    """True for a synthetic dataset whose events and figures exist only as Parquet (no YAML records)."""
    marker = Path(data_dir) / SYNTHETIC_MARKER
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("records_in") == "parquet"
    except (OSError, ValueError, AttributeError):
        return False


def load_bundle_fast(data_dir: Path) -> tuple[Dataset, Frames]:
    """(dataset, frames) from the columnar cache when it matches the data, else validated from YAML.

    Never writes. Raises DataError listing every problem, as load_dataset does."""
    data_dir = Path(data_dir).resolve()
    cached = read_cache(data_dir)
    if cached is not None:
        return cached
    if records_only_in_cache(data_dir):
        raise DataError([Problem(str(data_dir / SYNTHETIC_MARKER), None,
                                 "this synthetic dataset keeps its events and figures only in the columnar cache, "
                                 "and no cache matches its files or the current code; regenerate it with "
                                 "`python -m bench.synth --events N --out DIR`")])
    ds = load_dataset(data_dir)
    return ds, build_frames(ds)
