"""Command line: `python -m dashboard validate|export|schema|coverage|export-charts|cache|rules`.

Misuse (a bad option, an output path in a missing folder or onto an existing file, an unreadable
path) ends in one line `error: ...` on stderr and exit code 2; bad data in the problem list and exit
code 1; never a traceback."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import fields
from pathlib import Path

from .loader import DataError, data_dir_from_env, load_dataset
from .yamlio import MAX_PROBLEMS_PER_FILE, one_line

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "datafile.schema.json"


def _load(args):
    return load_dataset(Path(args.data) if args.data else data_dir_from_env())


def cmd_validate(args) -> int:
    ds = _load(args)
    print(f"ok: {len(ds.sources)} sources, {len(ds.events)} events, {len(ds.figures)} figures, "
          f"{len(ds.phases)} phases, {len(ds.actors)} actors, {len(ds.comparisons)} comparisons "
          f"(dataset version {ds.version})")
    return 0


class UsageError(Exception):
    """A mistake in how the command was called: reported as one line, exit code 2."""


def _check_out_file(out: Path, force: bool) -> None:
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: folder {out.parent} does not exist; create it first")
    if out.exists() and not force:
        raise UsageError(f"--out {out} already exists; remove it or add --force to overwrite it")


def _check_out_dir(out: Path, names: list[str], force: bool) -> None:
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file; give a folder for the CSV tables")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: folder {out.parent} does not exist; create it first")
    existing = [n for n in names if (out / n).exists()]
    if existing and not force:
        raise UsageError(f"--out {out} already holds {existing[0]}; remove it or add --force to overwrite")


def cmd_export(args) -> int:
    from . import export
    from .frames import Frames

    if args.out and args.format == "json":
        _check_out_file(Path(args.out), args.force)
    elif args.out:
        _check_out_dir(Path(args.out), [f"{f.name}.csv" for f in fields(Frames)], args.force)
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


def cmd_rules(args) -> int:
    from .rules import catalogue, markdown_table

    if args.markdown:
        print(markdown_table())
        return 0
    rows = catalogue()
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        print(f"{r['id']:<{width}}  {r['description']}\n{'':<{width}}  reads: {r['reads']} ({r['scope']}; {r['module']})")
    print(f"{len(rows)} rules")
    return 0


def cmd_export_charts(args) -> int:
    from .export_charts import main as export_charts_main

    return export_charts_main(args)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not the usage block
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m dashboard", description="Ceasefire Monitor data tools.")
    parser.add_argument("--data", help="data directory (default: $CEASEFIRE_DATA_DIR or data/); the seeds/ folder "
                                       "beside it is used when there is one, else the repository's")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check the dataset; exit 1 listing every problem")
    p = sub.add_parser("export", help="export the dataset as JSON or CSV tables")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out", help="file (json) or directory (csv); its folder must exist")
    p.add_argument("--force", action="store_true", help="overwrite an existing --out file (or CSV tables)")
    p = sub.add_parser("schema", help="write the JSON Schema of the data files")
    p.add_argument("--out", help=f"default: {SCHEMA_PATH.relative_to(SCHEMA_PATH.parent.parent)}")
    p = sub.add_parser("coverage", help="numbers and date expressions per article, and whether a citation covers them")
    p.add_argument("--source", help="only this source id")
    p.add_argument("--all", action="store_true", help="also list covered items")
    p.add_argument("--strict", action="store_true", help="exit 1 if anything is uncovered")
    sub.add_parser("cache", help="validate, then write the frames as Parquet under DATA/.cache/ for fast app start")
    p = sub.add_parser("rules", help="list the validation rules (id, what each checks, the fields it reads)")
    p.add_argument("--markdown", action="store_true", help="as the Markdown table of docs/CODING.md")
    p = sub.add_parser("export-charts", help="write every chart as PNG/SVG with its CSV and an index")
    p.add_argument("--out", required=True)
    p.add_argument("--format", default="png,svg")
    p.add_argument("--theatre", action="append", default=[])
    p.add_argument("--event-type", action="append", default=[])
    p.add_argument("--source", action="append", default=[])
    p.add_argument("--start")
    p.add_argument("--end")
    return parser


COMMANDS = {"validate": cmd_validate, "export": cmd_export, "schema": cmd_schema, "coverage": cmd_coverage,
            "export-charts": cmd_export_charts, "cache": cmd_cache, "rules": cmd_rules}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        listed = f" ({len(exc.problems)} lines listed: the first {MAX_PROBLEMS_PER_FILE} per file)" if exc.capped else ""
        print(f"{exc.total} problem(s){listed}; nothing was loaded.", file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {one_line(str(exc))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `validate | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # an output or input path the system refused: one line, no traceback
        where = f": {exc.filename}" if exc.filename else ""
        print(f"error: {one_line(exc.strerror or str(exc))}{one_line(where)}", file=sys.stderr)
        return 2
