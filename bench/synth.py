"""Deterministic synthetic datasets in our schema, for benchmarks and scale tests. No Streamlit import.

`generate(root, n_events, seed)` lays out a self-contained repository copy:

    root/seeds/synth-YYYY-MM.txt      24 monthly synthetic articles (real text files, checksummed)
    root/data/sources.yaml, actors.yaml, phases.yaml, comparisons.yaml   (small, validated by the loader)
    root/data/articles/events-NNN.yaml                                   (only with `yaml=True`)
    root/data/synthetic.json                                              (what was generated, with which seed)
    root/data/.cache/frames-<hash>/*.parquet + manifest.json              (the frames, columnar)

Every column is drawn from one seeded plan (numpy's PCG64), so the same (n_events, seed) always gives
byte-identical YAML and identical frames. Two emitters read that plan:

* `yaml=True` writes the events and figures as YAML records a coder could have written, which the real
  loader validates (quotes verified verbatim in the synthetic articles, date rules, references) and
  `frames.build_frames` flattens. Practical up to ~10k events (the loader is not built for more).
* the frame emitter builds the same frames column by column with numpy (seconds for 1M events) and
  writes them straight into the Parquet cache, which `scale.load_bundle_fast` reads without parsing
  any YAML record. tests/bench/test_synth.py checks that both emitters agree.

Shapes follow the hand-coded data: dates across two years (2024-2025) with bursts around crises, a
mix of day/week/month/year precision, nine theatres weighted towards Gaza, ~25 actors, 1-2 actors per
event, 1-2 citations per event, ~0.3 figures per event with claimants, qualifiers, ranges, vague
counts and derived complements, three ceasefire phases and a fixed comparison matrix.

    python -m bench.synth --events 100000 --out /tmp/synth-100k [--seed 0] [--yaml]
    CEASEFIRE_DATA_DIR=/tmp/synth-100k/data streamlit run streamlit_app.py
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path


from bench.synth_vocab import EVENTS_PER_YAML_FILE, GENERATOR_VERSION, MONTHS, article_text, source_id
from bench.synth_plan import _event_columns, _figure_rows, plan
from bench.synth_yaml import (_actors_yaml, _comparisons_yaml, _dump, _phases_yaml, _sources_yaml, _yaml_events,
    _yaml_figures)
from bench.synth_frames import build_synthetic_frames


# --------------------------------------------------------------------------- articles


# --------------------------------------------------------------------------- the plan


# --------------------------------------------------------------------------- derived per-event columns


# --------------------------------------------------------------------------- YAML emitter


# --------------------------------------------------------------------------- small metadata files


# --------------------------------------------------------------------------- frame emitter


# --------------------------------------------------------------------------- entry point

# The file that marks a folder as this generator's output: `--out DIR` replaces DIR only when it holds this
# file (or is empty, or absent), so a typo (`--out .`, `--out data`, a folder of notes) never deletes anything.
OUTPUT_MARKER = ".ceasefire-synth"
MAX_EVENTS = 20_000_000


class SynthError(ValueError):
    """A request the generator refuses before touching the disk (one line for the command line)."""


def check_arguments(n_events, seed) -> None:
    if isinstance(n_events, bool) or not isinstance(n_events, int) or not 1 <= n_events <= MAX_EVENTS:
        raise SynthError(f"--events must be a whole number from 1 to {MAX_EVENTS:,}; got {n_events!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise SynthError(f"--seed must be a whole number from 0 to 2**63-1; got {seed!r}")


def _written_by_us(root: Path) -> bool:
    marker = root / OUTPUT_MARKER
    if marker.is_file() and not marker.is_symlink():
        return True
    legacy = root / "data" / "synthetic.json"  # outputs of generator version 2 and earlier had only this marker
    try:
        return (not legacy.is_symlink() and not (root / ".git").exists()
                and json.loads(legacy.read_text(encoding="utf-8")).get("generator") == "dashboard.synth")
    except (OSError, ValueError, AttributeError):
        return False


def clear_output(root: Path) -> None:
    """Remove an earlier output of this generator at `root`; refuse anything else that is there."""
    if root.is_symlink():
        raise SynthError(f"--out {root} is a symbolic link; give a real folder")
    if not root.exists():
        return
    if not root.is_dir():
        raise SynthError(f"--out {root} is a file; give a folder for the dataset")
    if not any(root.iterdir()):
        return
    if not _written_by_us(root):
        raise SynthError(f"--out {root} already holds files that bench.synth did not write (no {OUTPUT_MARKER} "
                         "marker); give a new or empty folder")
    shutil.rmtree(root)


def generate(root: Path, n_events: int, seed: int = 0, yaml_records: bool = False, parquet: bool = True) -> Path:
    """Write a synthetic dataset under `root` (replacing it); return its data directory (root/data).

    yaml_records: also write every event and figure as YAML (the loader then validates them; slow past ~10k).
    parquet: write the frames into the columnar cache (required when the records are not in YAML)."""
    from dashboard.engines import cache as scale
    from dashboard.engines import loading
    from dashboard.frames.tables import build_frames
    from dashboard.dataset.loader import load_dataset

    if not yaml_records and not parquet:
        raise ValueError("nothing to write the records to: give yaml_records or parquet")
    check_arguments(n_events, seed)
    root = Path(root)
    clear_output(root)
    data = root / "data"
    root.mkdir(parents=True, exist_ok=True)
    (root / OUTPUT_MARKER).write_text(json.dumps({"generator": "bench.synth"}) + "\n", encoding="utf-8")
    (root / "seeds").mkdir()
    data.mkdir()
    texts = [article_text(k) for k in range(len(MONTHS))]
    for k, text in enumerate(texts):
        (root / "seeds" / f"{source_id(k)}.txt").write_bytes(text.encode("utf-8"))
    _dump(data / "sources.yaml", "synthetic sources (bench.synth)", _sources_yaml(texts))
    _dump(data / "actors.yaml", "synthetic actors (bench.synth)", _actors_yaml())
    _dump(data / "phases.yaml", "synthetic phases (bench.synth)", _phases_yaml())
    _dump(data / "comparisons.yaml", "synthetic comparisons (bench.synth)", _comparisons_yaml())
    p = plan(n_events, seed)
    ev = _event_columns(p)
    marker = {"generator": "bench.synth", "generator_version": GENERATOR_VERSION, "seed": seed, "events": n_events,
              "records_in": "yaml" if yaml_records else "parquet"}
    (data / loading.SYNTHETIC_MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
    if yaml_records:
        for f, lo in enumerate(range(0, n_events, EVENTS_PER_YAML_FILE)):
            _dump(data / "articles" / f"events-{f:03d}.yaml", "synthetic events (bench.synth)",
                  {"events": _yaml_events(p, ev, lo, min(n_events, lo + EVENTS_PER_YAML_FILE))})
        figs = _yaml_figures(p, ev, _figure_rows(p, ev))
        for f, lo in enumerate(range(0, len(figs), EVENTS_PER_YAML_FILE)):
            _dump(data / "articles" / f"figures-{f:03d}.yaml", "synthetic figures (bench.synth)",
                  {"figures": figs[lo:lo + EVENTS_PER_YAML_FILE]})
    if parquet:
        meta_ds = load_dataset(data, root=root) if not yaml_records else None
        if yaml_records:  # the loader validates everything; cache what it built
            ds = load_dataset(data, root=root)
            scale.write_cache(data, ds, build_frames(ds))
        else:
            # validate the small files with the real loader, then add the generated records
            frames = build_synthetic_frames(p, ev, build_frames(meta_ds))
            scale.write_cache(data, meta_ds, frames, version=scale.content_key(data)[:10])
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synth", description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", required=True, help="a new or empty directory, or one this command wrote before "
                        "(it holds a .ceasefire-synth marker and is replaced); the data directory is OUT/data")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--yaml", action="store_true", help="also write the records as YAML (validated by the loader)")
    parser.add_argument("--no-parquet", action="store_true", help="YAML only, no columnar cache (implies --yaml)")
    args = parser.parse_args(argv)
    try:
        data = generate(Path(args.out), args.events, args.seed, yaml_records=args.yaml or args.no_parquet,
                        parquet=not args.no_parquet)
    except SynthError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.events:,} synthetic events to {data}; run with CEASEFIRE_DATA_DIR={data}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
