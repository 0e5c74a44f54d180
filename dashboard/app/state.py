"""Process-wide data and URL state for the Streamlit pages.

The dataset is loaded and validated once per content of the data folder (st.cache_resource keyed by
`datafiles.stamp`: a stat of every data file and seed on each run), so a hand edit to data/ is seen on the
next rerun or page view, validated the same way, and a broken edit shows the problems page. Charts are cached
per (chart, filters, layout width, dataset version) with a bounded cache, so a rerun only does work when one
of those changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.dataset import datafiles
from dashboard.charts import Chart, relevant_filters
from dashboard.charts import layout
from dashboard.frames.filters import Filters, from_params, to_params
from dashboard.frames.tables import Frames
from dashboard.dataset.loader import DataError, Dataset, data_dir_from_env
from dashboard.engines.sources import PandasSource
from dashboard.engines.loading import frames_cache_wanted, load_source
from dashboard.app.viewport import plot_px

PAGES: dict = {}  # url path -> st.Page, filled by streamlit_app.py so pages can link to each other


class NotInMemory:
    """Stands in for events, figures and citations of a large dataset, which stay in Parquet: any use
    fails loudly instead of showing an empty table. Read them through `bundle().source`."""

    def __init__(self, name: str):
        self.name = name

    def __getattr__(self, attr):
        raise LookupError(f"the {self.name} of a large dataset are not in memory: use state.bundle().source")

    def __getitem__(self, key):
        raise LookupError(f"the {self.name} of a large dataset are not in memory: use state.bundle().source")

    def __len__(self):
        raise LookupError(f"the {self.name} of a large dataset are not in memory: use state.bundle().source")


@dataclass
class Bundle:
    dataset: Dataset | None
    frames: Frames | None
    problems: list[str]
    source: object = None  # query.PandasSource or query.DuckSource: what pages read records through

    @property
    def version(self) -> str:
        return self.dataset.version if self.dataset else ""


@st.cache_resource(max_entries=1, show_spinner="Loading and verifying the dataset…")
def _bundle(data_dir: str, stamp: tuple) -> Bundle:
    # one entry: the previous content's dataset is dropped when the files change (`stamp` only keys the cache)
    try:
        ds, source = load_source(Path(data_dir), remember=frames_cache_wanted())
    except DataError as exc:
        return Bundle(None, None, [str(p) for p in exc.problems])
    if isinstance(source, PandasSource):
        return Bundle(ds, source.frames, [], source)
    frames = Frames(**{n: NotInMemory(n) for n in ("events", "figures", "citations")}, **source.small)
    return Bundle(ds, frames, [], source)


def bundle() -> Bundle:
    """The validated dataset as the data folder holds it now (reloaded when a data file or seed changed)."""
    data_dir = data_dir_from_env()
    return _bundle(str(data_dir), datafiles.stamp(data_dir))


bundle.clear = _bundle.clear  # type: ignore[attr-defined]


@st.cache_resource(max_entries=256, show_spinner=False)
def _chart(chart_id: str, filters: Filters, lay: layout.Layout, version: str) -> Chart:
    # keyed by the dataset version too: after a hand edit reloads the data, no chart of the old data is served
    b = bundle()
    return b.source.chart(chart_id, filters, b.version, lay)


def chart(chart_id: str, filters: Filters, lay: layout.Layout | None = None) -> Chart:
    """Cached by the filters the chart follows (charts.relevant_filters) and the layout it is drawn for: the
    page's, for the width measured in the browser (viewport.plot_px), unless given (briefing mode passes its
    slide layout). Toggling "Lanes", or filtering by event type, rebuilds the timeline and leaves the figure
    charts as they were."""
    return _chart(chart_id, relevant_filters(chart_id, filters), lay or layout.app(plot_px()), bundle().version)


chart.clear = _chart.clear  # type: ignore[attr-defined]


def current_filters() -> Filters:
    b = bundle()
    return from_params(st.query_params, set(b.frames.actors["id"]) if len(b.frames.actors) else set(),
                       set(b.frames.sources["id"]) if len(b.frames.sources) else set())


def write_filters(f: Filters, keep: tuple[str, ...] = ("briefing", "chart")) -> None:
    """Mirror the filters into the URL so the view can be shared and reopened exactly."""
    wanted = to_params(f)
    for k in keep:
        if k in st.query_params:
            wanted[k] = st.query_params[k]
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def show_in_url(url_path: str, **params: str) -> None:
    """Put the record being shown into the address bar, so reload, Back and Forward follow the reader.

    Streamlit 1.67's st.page_link to the page already open (one event's detail to another's) reruns with
    the new query string but leaves the address bar on the old one: the frontend pushes a history entry
    only when the page path changes. Setting st.query_params sends the query string to the browser, which
    pushes an entry when it differs from the address bar and does nothing when it matches. That is done
    only when the browser was already on this page; on a switch from another page the frontend writes
    the new address itself, and a second write would race it and leave a bogus entry (the old path with
    the new query) in the history. Only validated values are passed (known ids, integers)."""
    if _browser_path() in (None, url_path):
        st.query_params.from_dict(params)


# The address parameters of a record view (a record's id, the reader's passage) and the pages that read them.
RECORD_PARAMS = ("id", "at")
RECORD_PAGES = {"event", "figure", "source", "phase", "comparison", "agreement", "provision", "assessment", "sources"}


def open_record(kind: str, rid: str) -> None:
    """Open a record's view from code (a click on a chart mark): the one place, with show_in_url, that writes a
    record view's address. st.switch_page first writes the new query string on the page still shown, which pushes
    an entry ("/?id=x") before the record's own ("/figure?id=x"); drop_record_params clears it when Back reaches it."""
    page = PAGES.get(kind)
    if page is not None:
        st.switch_page(page, query_params={"id": rid})


def drop_record_params(url_path: str) -> None:
    """A page that shows no record keeps no record id in its address. Back onto the entry st.switch_page left
    ("/?id=x", see open_record) reruns that page: removing the id then replaces the entry's address (the
    browser is navigating its history, so Streamlit replaces instead of pushing), and the address bar says "/"."""
    if url_path not in RECORD_PAGES and any(k in st.query_params for k in RECORD_PARAMS):
        for k in RECORD_PARAMS:
            st.query_params.pop(k, None)


def _browser_path() -> str | None:
    """The path of the page the browser showed when it asked for this run (None without a browser)."""
    ctx = get_script_run_ctx()
    url = getattr(getattr(ctx, "context_info", None), "url", None) if ctx else None
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] if url else None


def query_id(name: str = "id") -> str | None:
    value = st.query_params.get(name)
    if not isinstance(value, str) or not value or len(value) > 200:
        return None
    return value


__all__ = ["Bundle", "bundle", "chart", "current_filters", "write_filters", "show_in_url", "query_id", "PAGES",
           "open_record", "drop_record_params"]
