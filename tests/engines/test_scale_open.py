"""Opening a large dataset: the narrow tables stored beside the snapshot (dashboard/engines/narrow.py).

The first DuckSource over a snapshot writes `narrow.duckdb`; later ones attach it read-only and must
answer exactly as a source that built the tables in memory. A stale, truncated or foreign file is never
used, and a directory that cannot be written still opens (the tables are built in memory)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.engines import narrow, sources as query, cache as scale
from dashboard.engines import duck
from bench import synth
from dashboard.charts import layout
from dashboard.frames.filters import Filters

N_EVENTS = 3_000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    data = synth.generate(tmp_path_factory.mktemp("open") / "synth", N_EVENTS, seed=5)
    return scale.cache_path(data, scale.content_key(data))


@pytest.fixture
def cache(snapshot, tmp_path):
    """A private copy of the snapshot without a narrow file (each test starts from the Parquet alone)."""
    out = tmp_path / snapshot.name
    shutil.copytree(snapshot, out, ignore=shutil.ignore_patterns("narrow.duckdb*"))
    return out


@pytest.fixture(scope="module")
def in_memory(snapshot, tmp_path_factory):
    """The reference: a source that built its narrow tables in memory, as before the file existed."""
    copy = tmp_path_factory.mktemp("mem") / snapshot.name
    shutil.copytree(snapshot, copy, ignore=shutil.ignore_patterns("narrow.duckdb*"))
    src = duck.open_duck_source(copy, persist=False)
    assert src.narrow_from == "memory" and not (copy / narrow.FILE).exists()
    return src


FILTERS = [Filters(), Filters(theatres=("gaza",)), Filters(start=date(2025, 6, 1)), Filters(actors=("hamas", "idf")),
           Filters(types=("airstrike",), statuses=("occurred",)), Filters(theatres=("qatar",), start=date(2025, 12, 30))]


def _answers(src) -> dict:
    return {"counts": [(src.count("events", f), src.count("figures", f)) for f in FILTERS],
            "span": src.event_span(), "combos": src._combos,
            "phase_citations": src._phase_citations.to_dict("list"),
            "page": src.rows("events", Filters(theatres=("lebanon",)), limit=25, offset=40)["id"].tolist()}


def test_the_first_open_writes_the_file_and_the_next_attaches_it(cache, in_memory):
    first = duck.open_duck_source(cache)
    assert first.narrow_from == "written" and (cache / narrow.FILE).is_file()
    assert not list(cache.glob(f"{narrow.FILE}.tmp-*")), "the temporary file was renamed, not left behind"
    second = duck.open_duck_source(cache)
    assert second.narrow_from == "file"
    want = _answers(in_memory)
    assert _answers(first) == want
    assert _answers(second) == want  # and both are open at once in one process (read-only attaches)


def test_the_cache_writer_stores_the_file_for_a_large_dataset(tmp_path, monkeypatch):
    monkeypatch.setattr(query, "SCALE_ABOVE_EVENTS", 100)  # 300 events count as large
    data = synth.generate(tmp_path / "synth", 300, seed=1)
    where = scale.cache_path(data, scale.content_key(data))
    assert (where / narrow.FILE).is_file()
    assert duck.open_duck_source(where).narrow_from == "file"


def test_a_small_dataset_gets_no_file_from_the_cache_writer(snapshot):
    """The bad case for the test above: 3,000 events are read with pandas, so write_cache adds nothing
    (only a DuckDB source opened on it, as these tests do on copies, writes the file)."""
    assert json.loads((snapshot / "manifest.json").read_text())["counts"]["events"] <= query.SCALE_ABOVE_EVENTS
    assert not (snapshot / narrow.FILE).exists()


def _manifest(cache: Path) -> dict:
    return json.loads((cache / "manifest.json").read_text())


@pytest.mark.parametrize("stale", ["other snapshot", "other layout", "other counts"])
def test_a_stale_file_is_rebuilt_not_used(cache, in_memory, monkeypatch, stale):
    manifest = _manifest(cache)
    if stale == "other snapshot":
        narrow.write(cache, {**manifest, "key": "0" * 64})
    elif stale == "other counts":
        narrow.write(cache, {**manifest, "counts": {**manifest["counts"], "events": N_EVENTS - 1}})
    else:
        with monkeypatch.context() as m:
            m.setattr(narrow, "FORMAT", narrow.FORMAT + 1)
            narrow.write(cache, manifest)
    src = duck.open_duck_source(cache)
    assert src.narrow_from == "written"
    assert _answers(src) == _answers(in_memory)
    assert duck.open_duck_source(cache).narrow_from == "file"  # the rebuilt file is now the valid one


@pytest.mark.parametrize("damage", ["truncated", "empty", "not duckdb"])
def test_a_half_written_or_foreign_file_is_not_used(cache, in_memory, damage):
    narrow.write(cache, _manifest(cache))
    path = cache / narrow.FILE
    raw = path.read_bytes()
    path.write_bytes({"truncated": raw[: len(raw) // 2], "empty": b"", "not duckdb": b"PAR1" + b"\0" * 5000}[damage])
    src = duck.open_duck_source(cache)
    assert src.narrow_from == "written"
    assert _answers(src) == _answers(in_memory)


def test_a_directory_that_cannot_be_written_builds_in_memory(cache, in_memory, monkeypatch):
    """As on a read-only deployment: the rename into place fails, so the tables are built in memory,
    the answers are the same, and neither the file nor a temporary one is left in the directory."""
    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(narrow.os, "replace", refuse)
    src = duck.open_duck_source(cache)
    assert src.narrow_from == "memory"
    assert not list(cache.glob(f"{narrow.FILE}*"))
    assert _answers(src) == _answers(in_memory)


def test_persist_false_never_writes(cache):
    assert duck.open_duck_source(cache, persist=False).narrow_from == "memory"
    assert not (cache / narrow.FILE).exists()


def test_the_stored_file_is_attached_read_only(cache):
    duck.open_duck_source(cache)
    src = duck.open_duck_source(cache)
    assert src.narrow_from == "file"
    with pytest.raises(Exception, match="read-only"):
        src._con.execute(f"DROP TABLE {narrow.DB}.n_events")
    assert src.count("events") == N_EVENTS


def test_processes_opening_a_new_snapshot_at_once_all_succeed(cache):
    """Two processes find no file and both write one (each under its own temporary name, renamed into
    place): both open, and the file left behind is a valid one."""
    code = ("import sys; from pathlib import Path; from dashboard.engines import duck; "
            "s = duck.open_duck_source(Path(sys.argv[1])); print(s.narrow_from, s.count('events'))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(cache)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outs]
    for out, _ in outs:
        how, n = out.split()
        assert how in ("written", "file") and int(n) == N_EVENTS
    assert duck.open_duck_source(cache).narrow_from == "file"
    assert not list(cache.glob(f"{narrow.FILE}.tmp-*"))


def test_the_stored_figure_rows_are_the_rows_in_parquet(cache):
    """The file keeps figures whole (narrow.WHOLE) and the most recent of them in figure_pool: every row
    must be exactly the row Parquet holds under that number."""
    src = duck.open_duck_source(cache)
    parquet = src._fetch(f"SELECT * EXCLUDE (file_row_number), file_row_number AS _row FROM read_parquet("
                         f"'{cache / 'figures.parquet'}', file_row_number = true) ORDER BY _row", [], "figures")
    pd.testing.assert_frame_equal(src._fetch("SELECT * FROM figures ORDER BY _row", [], "figures"), parquet)
    pool = src._rows["figures"]
    assert 0 < len(pool) < len(parquet)
    pd.testing.assert_frame_equal(pool, parquet.set_index("_row").loc[pool.index])


def test_common_filter_changes_read_no_whole_figure_row(cache, monkeypatch):
    """Theatre, type and start-date changes draw the most recent figures, which are held from open; an
    end date (the bad case) selects older figures, which are read from the stored table."""
    src = duck.open_duck_source(cache)
    version = "test"
    reads = []
    original = src._fetch
    monkeypatch.setattr(src, "_fetch", lambda sql, params, table: reads.append(table) or original(sql, params, table))
    for f in (Filters(theatres=("gaza",)), Filters(types=("airstrike",)), Filters(start=date(2025, 9, 1))):
        for chart_id in ("deaths", "hostages", "control", "releases"):
            src.chart(chart_id, f, version, layout.PHONE)
    assert "figures" not in reads
    src.chart("deaths", Filters(end=date(2025, 3, 31)), version, layout.PHONE)
    assert "figures" in reads


def test_a_type_or_status_change_reuses_the_figure_selection(cache):
    """Figures do not follow event types or statuses (filters.figure_mask), so their selection is shared."""
    src = duck.open_duck_source(cache)
    spec = query.FIGURE_CHARTS["deaths"]
    base = src._figure_rows(Filters(theatres=("gaza",)), *spec)
    assert src._figure_rows(Filters(theatres=("gaza",), types=("airstrike",), statuses=("occurred",)), *spec) is base
    assert src._figure_rows(Filters(theatres=("lebanon",)), *spec) is not base
