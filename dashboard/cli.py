"""Command line: `python -m dashboard validate|export|schema|coverage|export-charts|cache|briefing-pack`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .loader import DataError, data_dir_from_env, load_dataset

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "datafile.schema.json"


def _load(args):
    return load_dataset(Path(args.data) if args.data else data_dir_from_env())


def cmd_validate(args) -> int:
    ds = _load(args)
    print(f"ok: {len(ds.sources)} sources, {len(ds.events)} events, {len(ds.figures)} figures, "
          f"{len(ds.phases)} phases, {len(ds.actors)} actors, {len(ds.comparisons)} comparisons "
          f"(dataset version {ds.version})")
    return 0


def cmd_export(args) -> int:
    from . import export

    ds = _load(args)
    if args.format == "json":
        text = json.dumps(export.to_json_dict(ds), ensure_ascii=False, indent=2)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
            print(f"wrote {args.out}", file=sys.stderr)
        else:
            print(text)
        return 0
    if not args.out:
        print("error: --format csv needs --out DIR", file=sys.stderr)
        return 2
    for path in export.write_csv(ds, Path(args.out)):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_schema(args) -> int:
    from .export import json_schema

    out = Path(args.out) if args.out else SCHEMA_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


def cmd_coverage(args) -> int:
    from .coverage import coverage_report, format_report

    ds = _load(args)
    try:
        report = coverage_report(ds, args.source)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    print(format_report(report, show_covered=args.all))
    return 0 if all(r.uncovered == 0 for r in report) or not args.strict else 1


def cmd_cache(args) -> int:
    """Validate the dataset, then write its frames as the columnar cache the app reads (the app never writes it)."""
    from .frames import build_frames
    from .scale import records_only_in_cache, write_cache

    data = Path(args.data) if args.data else data_dir_from_env()
    if records_only_in_cache(data):
        print(f"error: {data} is a synthetic dataset whose records exist only in its cache; "
              "regenerate it with `python -m dashboard.synth` instead", file=sys.stderr)
        return 2
    ds = load_dataset(data)
    path = write_cache(data, ds, build_frames(ds))
    print(f"wrote {path} ({len(ds.events)} events, {len(ds.figures)} figures; dataset version {ds.version})")
    return 0


def cmd_export_charts(args) -> int:
    from .export_charts import main as export_charts_main

    return export_charts_main(args)


def cmd_briefing_pack(args) -> int:
    from .briefing_pack import main as briefing_pack_main

    return briefing_pack_main(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Ceasefire Monitor data tools.")
    parser.add_argument("--data", help="data directory (default: $CEASEFIRE_DATA_DIR or data/); the seeds/ folder "
                                       "beside it is used when there is one, else the repository's")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check the dataset; exit 1 listing every problem")
    p = sub.add_parser("export", help="export the dataset as JSON or CSV tables")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out", help="file (json) or directory (csv)")
    p = sub.add_parser("schema", help="write the JSON Schema of the data files")
    p.add_argument("--out", help=f"default: {SCHEMA_PATH.relative_to(SCHEMA_PATH.parent.parent)}")
    p = sub.add_parser("coverage", help="numbers and date expressions per article, and whether a citation covers them")
    p.add_argument("--source", help="only this source id")
    p.add_argument("--all", action="store_true", help="also list covered items")
    p.add_argument("--strict", action="store_true", help="exit 1 if anything is uncovered")
    sub.add_parser("cache", help="validate, then write the frames as Parquet under DATA/.cache/ for fast app start")
    p = sub.add_parser("export-charts", help="write every chart as PNG/SVG with its CSV and an index")
    p.add_argument("--out", required=True)
    p.add_argument("--format", default="png,svg")
    p.add_argument("--theatre", action="append", default=[])
    p.add_argument("--event-type", action="append", default=[])
    p.add_argument("--source", action="append", default=[])
    p.add_argument("--start")
    p.add_argument("--end")
    p = sub.add_parser("briefing-pack", help="a slide deck (PPTX, optionally PDF) of chosen charts, sources and quotes")
    p.add_argument("--out", required=True, help="the .pptx file to write")
    p.add_argument("--charts", help="comma-separated chart ids (default: all)")
    p.add_argument("--pdf", help="also write the same pages as this .pdf file")
    for opt in ("--theatre", "--event-type", "--source"):
        p.add_argument(opt, action="append", default=[])
    p.add_argument("--start")
    p.add_argument("--end")
    return parser


COMMANDS = {"validate": cmd_validate, "export": cmd_export, "schema": cmd_schema, "coverage": cmd_coverage,
            "export-charts": cmd_export_charts, "cache": cmd_cache, "briefing-pack": cmd_briefing_pack}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was loaded.", file=sys.stderr)
        return 1
