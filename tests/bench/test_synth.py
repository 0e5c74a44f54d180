"""Synthetic datasets (bench.synth) and the columnar frames cache (dashboard.engines.cache)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.engines import cache as scale
from dashboard.engines import loading
from bench import synth
from bench import synth_frames
from bench import synth_plan
from dashboard.charts import FIGURE_ROWS_MAX, TIMELINE_AGGREGATE_ABOVE, Context, build
from dashboard.frames.filters import Filters, filter_events
from dashboard.frames.tables import build_frames
from dashboard.dataset.datafiles import ROOT
from dashboard.dataset.loader import DataError, load_dataset


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".cache" not in p.parts}


def _assert_frames_equal(a, b) -> None:
    for name, df in a.items():
        pd.testing.assert_frame_equal(df, getattr(b, name), obj=name)


@pytest.fixture(scope="module")
def small_yaml(tmp_path_factory):
    """300 synthetic events written as YAML, validated by the real loader."""
    root = tmp_path_factory.mktemp("synth") / "yaml"
    data = synth.generate(root, 300, seed=7, yaml_records=True, parquet=False)
    return root, data


def test_generator_is_deterministic(tmp_path, small_yaml):
    root, _ = small_yaml
    again = synth.generate(tmp_path / "again", 300, seed=7, yaml_records=True, parquet=False)
    assert _files(again.parent) == _files(root)
    other = synth.generate(tmp_path / "other", 300, seed=8, yaml_records=True, parquet=False)
    assert _files(other.parent) != _files(root)


def test_small_sample_passes_the_real_loader(small_yaml):
    root, data = small_yaml
    ds = load_dataset(data, root=root)  # raises DataError listing every problem otherwise
    assert len(ds.events) == 300
    assert len(ds.sources) == 24 and len(ds.phases) == 3 and len(ds.comparisons) == 14
    fr = build_frames(ds)
    ev = fr.events
    # realistic shapes: two years, several theatres, precisions, actors, claimants, ranges, citations
    assert ev["date_start"].min() >= pd.Timestamp("2024-01-01") and ev["date_start"].max() <= pd.Timestamp("2025-12-31")
    assert ev["theatre"].nunique() >= 4 and ev["type"].nunique() >= 8
    assert set(ev["date_precision"]) == {"day", "week", "month", "year"}
    assert ev["actor2"].notna().any() and ev["until"].notna().any() and ev["key"].any()
    assert fr.figures["claimant_id"].nunique() >= 4
    assert fr.figures["derived"].any() and (fr.figures["high"] > fr.figures["low"]).any()
    assert (fr.citations.groupby(["record_kind", "record_id"]).size() > 1).any()


def test_frame_emitter_matches_loader_and_build_frames(tmp_path, small_yaml):
    """The columnar emitter used for 1M events builds exactly what the loader + build_frames build."""
    root, data = small_yaml
    expected = build_frames(load_dataset(data, root=root))
    fast = synth.generate(tmp_path / "pq", 300, seed=7)  # Parquet only: no event or figure YAML
    assert not (fast / "articles").exists()
    ds, frames = loading.load_bundle_fast(fast)
    _assert_frames_equal(expected, frames)
    assert ds.events == [] and len(ds.sources) == 24 and set(ds.texts) == {s.id for s in ds.sources}


def _copy_repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(ROOT / "seeds", root / "seeds")
    return root / "data"


def test_parquet_cache_round_trip_equals_frames(tmp_path):
    data = _copy_repo(tmp_path)
    ds = load_dataset(data)
    frames = build_frames(ds)
    where = loading.write_cache(data, ds, frames)
    assert where.parent == data / ".cache" and (where / "events.parquet").is_file()
    cached = scale.read_cache(data)
    assert cached is not None
    cds, cframes = cached
    _assert_frames_equal(frames, cframes)
    assert cds.version == ds.version and cds.as_of == ds.as_of and cds.texts == ds.texts
    assert cds.by_id("sources").keys() == ds.by_id("sources").keys()
    # load_bundle_fast uses it
    _assert_frames_equal(frames, loading.load_bundle_fast(data)[1])


def test_stale_cache_is_ignored_and_the_app_path_never_writes(tmp_path):
    data = _copy_repo(tmp_path)
    ds = load_dataset(data)
    loading.write_cache(data, ds, build_frames(ds))
    actors = data / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert scale.read_cache(data) is None
    before = sorted(p.as_posix() for p in data.rglob("*"))
    ds2, frames2 = loading.load_bundle_fast(data)  # validated from YAML again
    assert sorted(p.as_posix() for p in data.rglob("*")) == before
    assert ds2.version != ds.version and len(frames2.events) == len(ds.events)


def test_synthetic_parquet_dataset_with_stale_cache_is_refused(tmp_path):
    data = synth.generate(tmp_path / "s", 50, seed=1)
    (data / "actors.yaml").write_text((data / "actors.yaml").read_text(encoding="utf-8") + "# edit\n", encoding="utf-8")
    with pytest.raises(DataError, match="regenerate"):
        loading.load_bundle_fast(data)


def test_large_tables_use_categoricals_and_filters_hand_back_plain_columns(tmp_path, monkeypatch):
    monkeypatch.setattr(scale, "CATEGORICAL_MIN_ROWS", 100)
    data = synth.generate(tmp_path / "s", 400, seed=3)
    manifest = json.loads(next((data / ".cache").glob("frames-*/manifest.json")).read_text())
    assert "theatre" in manifest["categorical_columns"]["events"]
    ds, frames = loading.load_bundle_fast(data)
    assert isinstance(frames.events["theatre"].dtype, pd.CategoricalDtype)
    monkeypatch.setattr(scale, "CATEGORICAL_MIN_ROWS", 10**9)
    plain = synth_frames.build_synthetic_frames(synth_plan.plan(400, 3), synth_plan._event_columns(synth_plan.plan(400, 3)),
                                         build_frames(load_dataset(data)))
    for name, df in plain.items():
        got = getattr(frames, name)
        cats = [c for c, t in got.dtypes.items() if isinstance(t, pd.CategoricalDtype)]
        pd.testing.assert_frame_equal(df, got.astype({c: "str" for c in cats}), obj=name)
    kept = filter_events(frames.events, Filters(theatres=("gaza",)))
    assert not any(isinstance(t, pd.CategoricalDtype) for t in kept.dtypes)
    for cid in ("timeline", "deaths", "compare-days"):
        build(cid, Context(frames, ds.version, Filters()))


def test_large_views_are_aggregated_and_small(tmp_path):
    n = TIMELINE_AGGREGATE_ABOVE + 1500
    data = synth.generate(tmp_path / "s", n, seed=2)
    ds, frames = loading.load_bundle_fast(data)
    for f in (Filters(), Filters(axis="days", lanes="event_type")):
        chart = build("timeline", Context(frames, ds.version, f))
        assert [t.type for t in chart.figure.data] == ["heatmap"]
        assert chart.data["events"].sum() == pytest.approx(n, rel=1e-3)  # every event counted once (cells rounded to 0.01)
        assert len(chart.figure.to_json()) < 1_000_000
    small = build("timeline", Context(frames, ds.version, Filters(theatres=("egypt",))))
    assert "heatmap" not in {t.type for t in small.figure.data}  # few events: one mark each, as before
    deaths = build("deaths", Context(frames, ds.version, Filters()))
    assert len(deaths.data) == FIGURE_ROWS_MAX
    assert "most recent" in deaths.figure.to_json()
    assert build("compare-days", Context(frames, ds.version, Filters())).figure.data


def test_cache_command_writes_a_cache_and_refuses_a_parquet_only_synthetic_set(tmp_path, capsys):
    from dashboard.cli import main

    data = _copy_repo(tmp_path)
    assert main(["--data", str(data), "cache"]) == 0
    assert scale.read_cache(data) is not None
    synthetic = synth.generate(tmp_path / "s", 50, seed=1)
    before = _files(synthetic) | {p.name: b"" for p in (synthetic / ".cache").glob("frames-*/*")}
    assert main(["--data", str(synthetic), "cache"]) == 2  # would overwrite its records with an empty cache
    assert _files(synthetic) | {p.name: b"" for p in (synthetic / ".cache").glob("frames-*/*")} == before
    assert "regenerate" in capsys.readouterr().err


# --------------------------------------------------------------------------- --out never deletes what synth did not write


def test_out_replaces_only_its_own_earlier_output(tmp_path):
    out = tmp_path / "s"
    synth.generate(out, 20, seed=1)
    assert (out / synth.OUTPUT_MARKER).is_file()
    (out / "stale.txt").write_text("left by an earlier run", encoding="utf-8")
    synth.generate(out, 20, seed=2)  # its own output: replaced whole
    assert not (out / "stale.txt").exists() and (out / "data" / "synthetic.json").is_file()


@pytest.mark.parametrize("content", ["notes", "git", "dataset"])
def test_out_refuses_a_folder_it_did_not_write_and_deletes_nothing(tmp_path, content, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    if content == "notes":
        (out / "notes.md").write_text("precious", encoding="utf-8")
    elif content == "git":
        (out / ".git").mkdir()
        (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    else:
        shutil.copytree(ROOT / "data", out / "data")
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert synth.main(["--events", "10", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --out") and "did not write" in err and "Traceback" not in err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before


@pytest.mark.parametrize("argv", [["--events", "0"], ["--events", "-5"], ["--events", "10", "--seed", "-1"]])
def test_bad_arguments_are_refused_before_anything_is_deleted(tmp_path, argv, capsys):
    out = tmp_path / "s"
    synth.generate(out, 20, seed=1)  # a folder synth may replace: still untouched by a refused call
    before = _files(out)
    assert synth.main(argv + ["--out", str(out)]) == 2
    assert "error: --" in capsys.readouterr().err
    assert _files(out) == before


def test_out_onto_a_file_or_a_link_is_refused(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to(tmp_path)
    for out in (f, link):
        assert synth.main(["--events", "10", "--out", str(out)]) == 2
    assert f.read_text(encoding="utf-8") == "x" and link.is_symlink()
