"""Loading entry point used by the app: the validated dataset and its frames, in one call."""

from __future__ import annotations

from pathlib import Path

from .frames import Frames, build_frames
from .loader import Dataset, load_dataset


def load_bundle_fast(data_dir: Path) -> tuple[Dataset, Frames]:
    ds = load_dataset(data_dir)
    return ds, build_frames(ds)
