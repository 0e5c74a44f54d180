"""Loading entry point used by the app: the validated dataset and its frames, in one call.

`load_bundle_fast(data_dir)` first looks for a columnar cache of the frames, keyed by the content hash
of everything the frames derive from:

    DATA_DIR/.cache/frames-<key>/{events,figures,citations,sources,phases,actors,comparisons}.parquet
    DATA_DIR/.cache/frames-<key>/fold_{events,figures}.parquet   (the searched text, folded by search.fold)
    DATA_DIR/.cache/frames-<key>/manifest.json   (key, dataset version, counts, the small records, the sha256 of
                                                  every table, sealed with an HMAC: cache_seal.py)

The key hashes every data file under DATA_DIR as `datafiles.discover` lists them for the loader (and a
synthetic generator's marker file; dot-folders such as `.cache/` and drafts are ignored by both), every seed
article, and the source of the code that validates and flattens them (models, dates, loader, frames),
so any change to the data or to that code misses the cache and the YAML is validated again. A cache
is only ever written after a complete validation: by `python -m dashboard cache`, by the synthetic
generator (`python -m bench.synth`), or by the app after it validated the YAML (`load_source(...,
remember=True)`, in the background, only if the content is unchanged since and the folder is writable). The
other file the app may add to a snapshot is the DuckDB index of a large one (`narrow.duckdb`, see
narrow.py), when the snapshot lacks it and the directory can be written; where it cannot (a read-only
deployment), the app builds that index in memory.

With a cache hit no YAML record is parsed: the frames come from Parquet and the returned `Dataset`
carries the small records (sources, actors, phases, comparisons), the article texts and the version;
its `events` and `figures` lists stay empty (the app reads events and figures from the frames only).
No Streamlit import.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import threading
from dataclasses import fields
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.engines.cache_seal import KEY_ENV, _file_digest, _key_file, _seal, _seal_key  # noqa: F401 (KEY_ENV: tests, docs)
from dashboard.dataset.datafiles import discover, seed_files
from dashboard.frames.tables import Frames
from dashboard.dataset.loader import DataError, Dataset
from dashboard.dataset.datafiles import root_for
from dashboard.codebook.actors import Actor, Phase
from dashboard.codebook.comparisons import Comparison
from dashboard.codebook.sources import Source
from dashboard.dataset.rules.seeds import MAX_SEED_BYTES
from dashboard.dataset.yamlio import MAX_FILE_BYTES, read_bounded
from dashboard.dataset.problems import Problem
from dashboard.engines.narrow import LIST_SEP

CACHE_FORMAT = 3  # 2: frames gained provenance, time-of-day and possibly_same columns; 3: claimant_key (figures, comparisons)
CACHE_DIR = ".cache"
TABLES = [f.name for f in fields(Frames)]
ROW_GROUP = 16_384
# Large tables keep their repetitive text columns (theatre, type, actor names, quotes, ...) as pandas
# Categoricals: a million events then take ~0.5 GB instead of ~1.4 GB. Small tables (the hand-coded
# data, anything under this many rows) keep exactly the dtypes build_frames makes; filters.filter_events
# and filter_figures turn small filtered results back into plain str columns, so per-row chart code never
# sees a Categorical.
CATEGORICAL_MIN_ROWS = 50_000
CATEGORICAL_MAX_SHARE = 0.05  # at most this share of distinct values
# The code whose output the cache stores: every module but the pages, charts and views, so any edit misses the cache. A list of
# names went stale each time a module that writes frames text was added (claims.py, search.py's folding, the
# compliance windows), and a stale list served an old cache.
PACKAGE = Path(__file__).resolve().parents[1]  # dashboard/
_CODE = tuple(sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                     if p.relative_to(PACKAGE).parts[0] not in ("app", "charts", "views")))
FOLDED = ("events", "figures")  # tables whose searched columns are also stored folded (fold_<table>.parquet)
_SMALL = {"sources": Source, "actors": Actor, "phases": Phase, "comparisons": Comparison}


def content_key(data_dir: Path, root: Path | None = None) -> str:
    """sha256 of the data files, the seed articles and the code that turns them into frames.

    The data files are the loader's own list (`datafiles.discover`). Raises DataError when that list
    has problems or an input cannot be read within its size limit: no key, so no cache is served, and
    the loader then reports the same problems."""
    data_dir = Path(data_dir).resolve()
    root = Path(root).resolve() if root is not None else root_for(data_dir)
    h = hashlib.sha256(f"ceasefire-monitor frames cache {CACHE_FORMAT}\n".encode())
    problems: list[Problem] = []

    def add(label: str, path: Path, limit: int) -> None:
        raw, problem = read_bounded(path, str(path), limit, "an input")
        if problem:
            problems.append(problem)
            return
        h.update(f"{label}\0{len(raw)}\0".encode())
        h.update(raw)

    found = discover(data_dir)
    problems += found.problems
    for p in found.inputs:
        add("data/" + p.relative_to(data_dir).as_posix(), p, MAX_FILE_BYTES)
    if problems:  # exactly the problems the loader reports first: the app and `validate` cannot disagree
        raise DataError(problems)
    # Every file in seeds/ is hashed, referenced or not; but only the loader decides which seed is a problem
    # (R-SEED-PRESENT, for a registered seed): a file the sources do not reference (the article's original
    # PDF, over the seed size limit) is keyed by its size and time instead of failing the key.
    for p in seed_files(root / "seeds"):
        try:
            st = p.stat()
        except OSError:
            continue
        if st.st_size > MAX_SEED_BYTES:
            h.update(f"seeds/{p.name}\0large\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
            continue
        raw, problem = read_bounded(p, str(p), MAX_SEED_BYTES, "a seed article")
        h.update(f"seeds/{p.name}\0{len(raw) if raw is not None else -1}\0".encode())
        h.update(raw or (problem.message.encode() if problem else b""))
    for name in _CODE:
        add("code/" + name, PACKAGE / name, MAX_FILE_BYTES)
    return h.hexdigest()


def cache_path(data_dir: Path, key: str) -> Path:
    return Path(data_dir).resolve() / CACHE_DIR / f"frames-{key[:20]}"


# --------------------------------------------------------------------------- the seal (cache_seal.py): served only as written


def _sealed_files() -> list[str]:
    return [f"{t}.parquet" for t in TABLES] + [f"fold_{t}.parquet" for t in FOLDED]


def verify_files(where: Path, manifest: dict) -> bool:
    """Every Parquet table the manifest lists is present with the digest written with it."""
    digests = manifest.get("digests")
    if not isinstance(digests, dict) or set(digests) != set(_sealed_files()):
        return False
    try:
        return all(hmac.compare_digest(_file_digest(where / name), str(d)) for name, d in digests.items())
    except OSError:
        return False


# --------------------------------------------------------------------------- write (CLI, generator, and the app in the background)


def write_cache(data_dir: Path, ds: Dataset, frames: Frames, version: str | None = None, key: str | None = None) -> Path:
    """Write `frames` (built from the validated `ds`) as the cache for the current content of `data_dir`
    (or for `key`, the content they were validated from).

    Written to a temporary directory and renamed into place, so a reader never sees half a cache;
    caches of earlier contents are removed."""
    data_dir = Path(data_dir).resolve()
    key = key or content_key(data_dir)
    final = cache_path(data_dir, key)
    tmp = final.with_name(f"{final.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    lists: dict[str, list[str]] = {}
    counts = {}
    datetimes: dict[str, dict[str, str]] = {}  # Parquet has no second unit: restore datetime64[s] on read
    categorical: dict[str, list[str]] = {}
    for name, df in frames.items():
        datetimes[name] = {c: str(t) for c, t in df.dtypes.items() if str(t).startswith("datetime64")}
        categorical[name] = _repetitive_columns(df)
        table = pa.Table.from_pandas(df, preserve_index=False)
        lists[name] = [f.name for f in table.schema if pa.types.is_list(f.type) or pa.types.is_large_list(f.type)]
        # row groups of ROW_GROUP rows: DuckDB reads a page or a row range without decompressing the rest
        pq.write_table(table, tmp / f"{name}.parquet", compression="zstd", compression_level=1, row_group_size=ROW_GROUP)
        counts[name] = len(df)
    from dashboard.frames.search import folded_column, searched_columns

    for name in FOLDED:  # search.fold of the searched text, row for row: DuckDB compares these (query.rows_matching)
        df = getattr(frames, name)
        cols = [c for c in searched_columns(name) if c in df.columns]
        pq.write_table(pa.table({c: pa.array(folded_column(df[c]), type=pa.string()) for c in cols},
                                schema=pa.schema([(c, pa.string()) for c in cols])),
                       tmp / f"fold_{name}.parquet", compression="zstd", compression_level=1, row_group_size=ROW_GROUP)
    manifest = {
        "format": CACHE_FORMAT,
        "key": key,
        "version": version or ds.version,
        "counts": counts,
        "list_columns": lists,
        "datetime_columns": datetimes,
        "categorical_columns": categorical,
        **{kind: [r.model_dump(mode="json") for r in getattr(ds, kind)] for kind in _SMALL},
        "digests": {name: _file_digest(tmp / name) for name in _sealed_files()},
    }
    manifest["seal"] = _seal(manifest)
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False) + "\n", encoding="utf-8")
    from dashboard.engines.sources import SCALE_ABOVE_EVENTS

    if counts["events"] > SCALE_ABOVE_EVENTS:  # a dataset the app queries with DuckDB: its narrow tables too
        from dashboard.engines import narrow

        narrow.write(tmp, manifest)
    if final.exists():
        shutil.rmtree(final, ignore_errors=True)
    try:
        tmp.rename(final)
    except OSError:  # another process put the same cache in place meanwhile: keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
        if _manifest(data_dir, key) is None:
            raise
    if key == content_key(data_dir):  # caches of other contents are stale only if this one is current
        for old in final.parent.glob("frames-*"):
            if old != final and old.is_dir() and ".tmp-" not in old.name:  # never another writer's work in progress
                shutil.rmtree(old, ignore_errors=True)
    return final


def _repetitive_columns(df) -> list[str]:
    if len(df) < CATEGORICAL_MIN_ROWS:
        return []
    limit = max(1000, int(len(df) * CATEGORICAL_MAX_SHARE))
    return [c for c, t in df.dtypes.items() if str(t) == "str" and df[c].nunique(dropna=True) <= limit]


# --------------------------------------------------------------------------- read


def _lists(col: pa.ChunkedArray) -> np.ndarray:
    """A list<string> column as an object array of Python lists, one shared list per distinct value
    (a million rows of ids hold a few hundred distinct combinations; the lists are never mutated)."""
    joined = pc.binary_join(col, LIST_SEP).combine_chunks()
    encoded = joined.dictionary_encode()
    table = np.empty(len(encoded.dictionary), dtype=object)
    for i, text in enumerate(encoded.dictionary.to_pylist()):
        table[i] = text.split(LIST_SEP) if text else []
    return table[encoded.indices.to_numpy(zero_copy_only=False)]


def _read_table(path: Path, list_columns: list[str], datetimes: dict[str, str], categorical: list[str]):
    table = pq.read_table(path, read_dictionary=categorical or None)
    names = table.column_names
    lists = {c: _lists(table.column(c)) for c in list_columns}
    df = table.drop_columns(list_columns).to_pandas(self_destruct=True)
    del table
    for c, dtype in datetimes.items():
        if str(df[c].dtype) != dtype:
            df[c] = df[c].astype(dtype)
    for c in list_columns:  # back in their original places
        df.insert(names.index(c), c, lists.pop(c))
    return df


def read_cache(data_dir: Path, key: str | None = None) -> tuple[Dataset, Frames] | None:
    """The cached (dataset, frames) for the current content of `data_dir`, or None (no or stale cache)."""
    data_dir = Path(data_dir).resolve()
    try:
        key = key or content_key(data_dir)
    except DataError:  # an input the loader would refuse: no cache, load_dataset reports it
        return None
    where = cache_path(data_dir, key)
    manifest = _manifest(data_dir, key)
    if manifest is None or not verify_files(where, manifest):
        return None
    try:
        frames = Frames(**{name: _read_table(where / f"{name}.parquet", manifest["list_columns"].get(name, []),
                                             manifest["datetime_columns"].get(name, {}),
                                             manifest["categorical_columns"].get(name, []))
                           for name in TABLES})
        ds = _small_dataset(data_dir, manifest)
    except (OSError, KeyError, ValueError, pa.ArrowException):
        return None
    return ds, frames


def _manifest(data_dir: Path, key: str) -> dict | None:
    try:
        manifest = json.loads((cache_path(data_dir, key) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("format") != CACHE_FORMAT or manifest.get("key") != key:
        return None
    return manifest if hmac.compare_digest(str(manifest.get("seal", "")), _seal(manifest)) else None


def _small_dataset(data_dir: Path, manifest: dict) -> Dataset:
    """The small records (sources, actors, phases, comparisons), the article texts and the version."""
    ds = Dataset(**{kind: [model.model_validate(r) for r in manifest.get(kind, [])] for kind, model in _SMALL.items()})
    root = root_for(data_dir)
    ds.texts = {s.id: (root / s.file).read_bytes().decode("utf-8") for s in ds.sources}
    ds.version = manifest["version"]
    return ds
