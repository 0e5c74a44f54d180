"""The app remembers the frames it validated (scale.load_source(..., remember=True)): the next start reads the
Parquet cache instead of parsing YAML. Only frames of the content they were validated from are written."""

from __future__ import annotations

import threading

import pandas as pd

from authoring_support import project_copy
from dashboard.engines import cache as scale
from dashboard.engines import loading
from dashboard.engines.sources import PandasSource


def _wait_for_writer() -> None:
    for t in threading.enumerate():
        if t.name == "frames-cache":
            t.join(60)


def test_the_app_writes_the_cache_and_the_next_start_reads_it(tmp_path, monkeypatch):
    data = project_copy(tmp_path)
    ds, source = loading.load_source(data, remember=True)
    _wait_for_writer()
    key = scale.content_key(data)
    assert (scale.cache_path(data, key) / "manifest.json").is_file()

    def no_yaml(*a, **k):
        raise AssertionError("the YAML was parsed although a cache matches")

    monkeypatch.setattr(loading, "load_dataset", no_yaml)
    ds2, source2 = loading.load_source(data)
    assert isinstance(source2, PandasSource) and ds2.version == ds.version
    for name, df in source.frames.items():  # every table, dtypes included
        pd.testing.assert_frame_equal(getattr(source2.frames, name), df, obj=name)


def test_without_remember_nothing_is_written(tmp_path):
    data = project_copy(tmp_path)
    loading.load_source(data)
    _wait_for_writer()
    assert not (data / scale.CACHE_DIR).exists()


def test_frames_of_changed_content_are_not_written(tmp_path):
    data = project_copy(tmp_path)
    ds, frames = loading.load_bundle_fast(data)
    key = scale.content_key(data)
    actors = data / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8") + "\n# edited while the app was validating\n", encoding="utf-8")
    assert loading.remember_frames(data, key, ds, frames) is None
    assert not (data / scale.CACHE_DIR).exists()


def test_an_unwritable_folder_is_not_an_error(tmp_path, monkeypatch):
    data = project_copy(tmp_path)
    ds, frames = loading.load_bundle_fast(data)

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(loading, "write_cache", refuse)
    assert loading.remember_frames(data, scale.content_key(data), ds, frames) is None
