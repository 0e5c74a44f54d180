"""AppTest helpers shared by test_app.py and test_hostile.py."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from dashboard.app import state
from dashboard.dataset.datafiles import ROOT

APP = ROOT / "streamlit_app.py"  # the entry file AppTest runs


def open_page(path: str = "", **params) -> AppTest:
    """Run the app at `/<path>?<params>` (path "" is the default page) and return the AppTest."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    if path:
        at._page_hash = calc_hash(path)  # st.navigation page hash = calc_hash(url_path)
    at.query_params = dict(params)
    return at.run()


@contextmanager
def data_dir(path: Path | None):
    """Serve the app from another data directory (the dataset is cached per process, so clear it)."""
    old = os.environ.get("CEASEFIRE_DATA_DIR")
    state.bundle.clear()
    state.chart.clear()
    if path is not None:
        os.environ["CEASEFIRE_DATA_DIR"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("CEASEFIRE_DATA_DIR", None)
        else:
            os.environ["CEASEFIRE_DATA_DIR"] = old
        state.bundle.clear()
        state.chart.clear()
