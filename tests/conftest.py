"""Shared fixtures for the data-layer tests: the bundled dataset, and a small valid dataset in tmp_path.

`mini` is a self-contained copy of the repository layout (root/seeds + root/data) with two short
articles whose text carries commas, quotes, newlines, Hebrew and emoji. Tests edit its YAML text to
inject one defect at a time and read expected line numbers from the edited text itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from dashboard.loader import ROOT, load_dataset

# The app keeps the frames it validated as a Parquet cache beside the data (scale.frames_cache_wanted). In the
# tests it must neither write one nor find one left by an earlier run, so every app test (AppTest and the
# browser tests' servers, which inherit this environment) validates the YAML as it is now.
os.environ["CEASEFIRE_FRAMES_CACHE"] = "0"
for _data in (ROOT / "data", ROOT / "tests" / "fixtures" / "hostile" / "data"):
    shutil.rmtree(_data / ".cache", ignore_errors=True)

from minidata import ALPHA, BETA, FILES


class Mini:
    """A valid dataset laid out as root/seeds + root/data, and helpers to break it."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "data"
        self.seeds = root / "seeds"
        self.seeds.mkdir(parents=True)
        (self.data / "articles").mkdir(parents=True)
        (self.seeds / "alpha.txt").write_bytes(ALPHA.encode("utf-8"))
        (self.seeds / "beta.txt").write_bytes(BETA.encode("utf-8"))
        shas = {f"{n}_sha": hashlib.sha256(t.encode("utf-8")).hexdigest() for n, t in (("alpha", ALPHA), ("beta", BETA))}
        for name, text in FILES.items():
            self.write(name, text.format(**shas) if name == "sources.yaml" else text)

    def path(self, name: str) -> Path:
        return self.data / name

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        self.path(name).write_bytes(text.encode("utf-8"))

    def edit(self, name: str, old: str, new: str, occurrence: int = 1) -> int:
        """Replace the `occurrence`-th `old` in data/`name`; return the 1-based line where it starts."""
        text = self.text(name)
        pos = -1
        for _ in range(occurrence):
            pos = text.index(old, pos + 1)
        self.write(name, text[:pos] + new + text[pos + len(old):])
        return text.count("\n", 0, pos) + 1

    def line(self, name: str, needle: str, occurrence: int = 1) -> int:
        """1-based line of the `occurrence`-th `needle` in data/`name`."""
        text, pos = self.text(name), -1
        for _ in range(occurrence):
            pos = text.index(needle, pos + 1)
        return text.count("\n", 0, pos) + 1

    def load(self):
        return load_dataset(self.data, root=self.root)


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
