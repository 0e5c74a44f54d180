"""Fixtures for the chart-builder tests (tests/charts/ mirrors dashboard/charts/): the bundled dataset,
its frames, a Context and every chart built once."""

from __future__ import annotations

import pytest

from dashboard.charts import CHARTS, Context, build
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import load_dataset


@pytest.fixture(scope="package")
def dataset():
    return load_dataset(ROOT / "data", root=ROOT)


@pytest.fixture(scope="package")
def frames(dataset):
    return build_frames(dataset)


@pytest.fixture(scope="package")
def ctx(dataset, frames):
    return Context(frames, dataset.version)


@pytest.fixture(scope="package")
def built(ctx):
    return {cid: build(cid, ctx) for cid in CHARTS}
