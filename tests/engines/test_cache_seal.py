"""Issue 24, class 3: the app and `validate` read the same files, and the frames cache is served only as written.

One function lists the inputs (datafiles.discover for data/, datafiles.seed_files for seeds/): the cache key,
the loader and the app share it. The cache's Parquet tables are checked against the digests sealed into its
manifest; a cache that fails is not served, and the app's next write repairs it."""

from __future__ import annotations

import json
import os
import threading

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from authoring_support import project_copy
from dashboard.dataset import datafiles
from dashboard.engines import cache as scale
from dashboard.engines import loading
from dashboard.cli import main
from dashboard.frames.tables import build_frames
from dashboard.dataset.loader import DataError, load_dataset


@pytest.fixture(autouse=True)
def _own_key(tmp_path, monkeypatch):
    monkeypatch.setenv(scale.KEY_ENV, str(tmp_path / "key" / "cache-key"))


def _wait_for_writer() -> None:
    for t in threading.enumerate():
        if t.name == "frames-cache":
            t.join(60)


def _cached(data):
    loading.load_source(data, remember=True)
    _wait_for_writer()
    key = scale.content_key(data)
    where = scale.cache_path(data, key)
    assert (where / "manifest.json").is_file()
    return key, where


def _poison(where, column="value", value=99_999_999.0):
    path = where / "figures.parquet"
    table = pq.read_table(path)
    i = table.column_names.index(column)
    table = table.set_column(i, column, pa.array([value] * len(table), type=table.schema.field(column).type))
    pq.write_table(table, path)


# ---- one list of inputs


def test_an_unreferenced_large_file_in_seeds_fails_neither_validate_nor_the_app(tmp_path, capsys):
    data = project_copy(tmp_path)
    (data.parent / "seeds" / "original-article.pdf").write_bytes(b"%PDF" + b"\0" * (6 * 1024 * 1024))
    assert main(["--data", str(data), "validate"]) == 0
    ds, source = loading.load_source(data)  # the app's entry point: no DataError
    assert ds.version == load_dataset(data).version and len(source.frames.events)
    assert scale.content_key(data)  # keyed by size and time, not refused


def test_a_referenced_oversized_seed_is_a_problem_for_both(tmp_path):
    data = project_copy(tmp_path)
    manifest = (data / "sources.yaml").read_text(encoding="utf-8")
    seed = next(p for p in sorted((data.parent / "seeds").iterdir()) if p.name in manifest)
    seed.write_bytes(seed.read_bytes() + b" " * (6 * 1024 * 1024))
    with pytest.raises(DataError) as validate:
        load_dataset(data)
    with pytest.raises(DataError) as app:
        loading.load_source(data)
    assert [str(p) for p in app.value.problems] == [str(p) for p in validate.value.problems]
    assert any("limit for a seed article" in str(p) for p in validate.value.problems)


def test_the_key_and_the_loader_share_one_list_of_data_files(tmp_path):
    data = project_copy(tmp_path)
    (data / "notes.txt").write_text("a note", encoding="utf-8")
    with pytest.raises(DataError) as key:
        scale.content_key(data)
    with pytest.raises(DataError) as loader:
        load_dataset(data)
    assert [p.message for p in key.value.problems] == [p.message for p in loader.value.problems][:len(key.value.problems)]


# ---- discovery stays inside the data folder


def test_a_data_file_linked_from_outside_the_folder_is_refused(tmp_path):
    data = project_copy(tmp_path / "p")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("events: []\n", encoding="utf-8")
    (data / "articles" / "linked.yaml").symlink_to(outside)
    found = datafiles.discover(data)
    assert any("symbolic link to" in p.message and "outside the data folder" in p.message for p in found.problems)
    assert all(p.name != "linked.yaml" for p in found.data_files)
    with pytest.raises(DataError, match="outside the data folder"):
        load_dataset(data)


def test_a_link_that_stays_inside_the_folder_is_followed(tmp_path):
    data = project_copy(tmp_path)
    (data / "drafts-link").symlink_to(data / "articles", target_is_directory=True)  # a loop-free alias inside
    found = datafiles.discover(data)
    assert not [p for p in found.problems if "outside" in p.message]


@pytest.mark.parametrize("where", ["/proc/self", "/sys", "/dev"])
def test_special_filesystems_are_refused_at_once(where, capsys):
    found = datafiles.discover(__import__("pathlib").Path(where))
    assert len(found.problems) == 1 and "not a data folder" in found.problems[0].message and not found.data_files
    assert main(["--data", where, "validate"]) == 1
    assert "not a data folder" in capsys.readouterr().err


def test_the_filesystem_root_as_data_folder_ends_with_a_problem(monkeypatch, capsys):
    monkeypatch.setenv("CEASEFIRE_DATA_DIR", "/")
    monkeypatch.setattr(datafiles, "MAX_ENTRIES", 2_000)  # the same walk, stopped sooner
    found = datafiles.discover(__import__("pathlib").Path("/"))
    assert any("under the data folder; is this the folder" in p.message or "not a data folder" in p.message
               for p in found.problems)
    assert len(found.problems) <= 60
    assert main(["validate"]) == 1


# ---- the sealed cache


def test_a_sealed_cache_is_served(tmp_path, monkeypatch):
    data = project_copy(tmp_path)
    key, where = _cached(data)
    manifest = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["digests"]) == {f"{t}.parquet" for t in scale.TABLES} | {"fold_events.parquet", "fold_figures.parquet"}
    assert len(manifest["seal"]) == 64
    assert scale.read_cache(data) is not None


def test_a_rewritten_parquet_file_is_not_served_and_the_app_repairs_it(tmp_path, monkeypatch):
    data = project_copy(tmp_path)
    key, where = _cached(data)
    _poison(where)
    assert scale.read_cache(data) is None
    ds, source = loading.load_source(data, remember=True)  # validated from YAML: the real values
    real = build_frames(load_dataset(data)).figures["value"]
    assert (source.frames.figures["value"] == 99_999_999).sum() == (real == 99_999_999).sum()
    _wait_for_writer()
    cached = scale.read_cache(data)  # rewritten by the app: sealed again, and the real values
    assert cached is not None
    pd.testing.assert_series_equal(cached[1].figures["value"], real)


def test_a_manifest_rewritten_to_match_a_poisoned_table_fails_its_seal(tmp_path):
    data = project_copy(tmp_path)
    key, where = _cached(data)
    _poison(where)
    manifest = json.loads((where / "manifest.json").read_text(encoding="utf-8"))
    manifest["digests"]["figures.parquet"] = scale._file_digest(where / "figures.parquet")
    (where / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert scale._manifest(data, key) is None and scale.read_cache(data) is None


def test_a_cache_sealed_under_another_key_is_not_served(tmp_path, monkeypatch):
    data = project_copy(tmp_path)
    _cached(data)
    monkeypatch.setenv(scale.KEY_ENV, str(tmp_path / "other-key"))
    assert scale.read_cache(data) is None


def test_the_key_file_is_private(tmp_path):
    scale._seal_key()
    path = scale._key_file()
    assert path.is_file() and (os.stat(path).st_mode & 0o077) == 0
