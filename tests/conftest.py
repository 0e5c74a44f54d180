"""Shared fixtures for the data-layer tests: the bundled dataset, and a small valid dataset in tmp_path.

`mini` is a self-contained copy of the repository layout (root/seeds + root/data) with two short
articles whose text carries commas, quotes, newlines, Hebrew and emoji. Tests edit its YAML text to
inject one defect at a time and read expected line numbers from the edited text itself.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset

# The app keeps the frames it validated as a Parquet cache beside the data (scale.frames_cache_wanted). In the
# tests it must neither write one nor find one left by an earlier run, so every app test (AppTest and the
# browser tests' servers, which inherit this environment) validates the YAML as it is now.
os.environ["CEASEFIRE_FRAMES_CACHE"] = "0"
for _data in (ROOT / "data", ROOT / "tests" / "fixtures" / "hostile" / "data"):
    shutil.rmtree(_data / ".cache", ignore_errors=True)

from minidata import Mini


@pytest.fixture
def mini(tmp_path) -> Mini:
    return Mini(tmp_path / "repo")


@pytest.fixture(scope="session")
def bundled():
    """The real dataset under data/ (loaded once: other tests must not mutate it)."""
    return load_dataset(ROOT / "data", root=ROOT)



# Unit tests that call a chart builder directly get the phone layout. Production code has no default:
# charts.build raises without a layout (layout.LayoutError); tests marked `no_default_layout` run without this
# one, to check that export-charts, the briefing pack and the app pass their own.
from dashboard.charts import layout as _chart_layout  # noqa: E402

_chart_layout._TEST_DEFAULT.append(_chart_layout.PHONE)


@pytest.fixture(autouse=True)
def _no_default_layout(request):
    if not request.node.get_closest_marker("no_default_layout"):
        yield
        return
    saved = list(_chart_layout._TEST_DEFAULT)
    _chart_layout._TEST_DEFAULT.clear()
    try:
        yield
    finally:
        _chart_layout._TEST_DEFAULT[:] = saved
