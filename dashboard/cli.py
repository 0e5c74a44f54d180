"""Command line: `python -m dashboard validate|export|schema|coverage|export-charts|cache|rules|add-source|candidates|diff|briefing-pack|desk`.

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

from dashboard.dataset.loader import DataError, data_dir_from_env, load_dataset
from dashboard.codebook.common import Precision
from dashboard.codebook.sources import SourceKind
from dashboard.dataset.problems import MAX_PROBLEMS_PER_FILE, one_line

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
    from dashboard.outputs import export
    from dashboard.frames.tables import Frames

    if args.spreadsheet_safe and args.format != "csv":
        raise UsageError("--spreadsheet-safe applies to --format csv only")
    if args.out and args.format == "json":
        _check_out_file(Path(args.out), args.force)
    elif args.out:
        _check_out_dir(Path(args.out), [f"{f.name}.csv" for f in fields(Frames)] + ["compliance_rollup.csv"], args.force)
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
    for path in export.write_csv(ds, Path(args.out), for_spreadsheets=args.spreadsheet_safe):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_schema(args) -> int:
    from dashboard.outputs.export import json_schema

    out = Path(args.out) if args.out else SCHEMA_PATH
    if args.out and out.resolve() != SCHEMA_PATH:  # the repository's schema is this command's own file
        _check_out_file(out, args.force)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(json_schema(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


def cmd_coverage(args) -> int:
    from dashboard.authoring.coverage import coverage_report, format_report

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
    from dashboard.frames.tables import build_frames
    from dashboard.engines.loading import records_only_in_cache
    from dashboard.engines.cache import write_cache

    data = Path(args.data) if args.data else data_dir_from_env()
    if records_only_in_cache(data):
        print(f"error: {data} is a synthetic dataset whose records exist only in its cache; "
              "regenerate it with `python -m bench.synth` instead", file=sys.stderr)
        return 2
    ds = load_dataset(data)
    path = write_cache(data, ds, build_frames(ds))
    print(f"wrote {path} ({len(ds.events)} events, {len(ds.figures)} figures; dataset version {ds.version})")
    return 0


def cmd_rules(args) -> int:
    from dashboard.dataset.rules.registry import catalogue, markdown_table

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
    from dashboard.charts import SLIDES
    from dashboard.outputs.export_charts import main as export_charts_main

    # the files it writes into --out (each chart's image per format and its CSV, and the index): an existing one
    # is overwritten only with --force, as export and briefing-pack
    formats = [f.strip() for f in str(args.format).split(",") if f.strip()]
    names = ["index.md"] + [f"{cid}.{ext}" for cid in SLIDES for ext in ["csv", *formats]]
    _check_out_dir(Path(args.out), names, args.force)
    return export_charts_main(args)


def cmd_add_source(args) -> int:
    from dashboard.authoring.add_source import AddSourceError, RolledBack, add_source, report
    from dashboard.dataset.datalock import ChangedOnDisk, DataLocked
    from dashboard.dataset.datafiles import root_for

    data = Path(args.data) if args.data else data_dir_from_env()
    try:
        added = add_source(Path(args.path), args.id, data, args.published, args.precision, title=args.title,
                           kind=args.kind, published_text=args.published_text, note=args.note,
                           supplied_by=args.supplied_by, outlet=args.outlet, url=args.url, retrieved=args.retrieved,
                           published_supplied=args.published_supplied, published_time=args.published_time,
                           supplied_note=args.supplied_note)
    except RolledBack as exc:
        print(f"error: {exc}", file=sys.stderr)
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 1
    except (AddSourceError, ChangedOnDisk, DataLocked) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report(added, root_for(data)))
    return 0


def cmd_candidates(args) -> int:
    from dashboard.authoring.candidates import format_candidates, format_todo, from_dataset

    ds = _load(args)
    try:
        cands = from_dataset(ds, args.source)
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return 2
    print(f"== {args.source}")
    print(format_todo(cands) if args.todo else format_candidates(cands))
    return 0


def cmd_diff(args) -> int:
    from dashboard.outputs import diff

    try:
        d = diff.diff_versions(args.old, args.new)
    except diff.VersionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        print(json.dumps(diff.to_json(d), ensure_ascii=False, indent=2))
    else:
        print(diff.format_text(d))
    return 0


def cmd_desk(args) -> int:
    """Start the app with the coding desk on the loopback address (or an explicit address with a token)."""
    from dashboard.authoring.desk import DESK_ENV, MIN_TOKEN_CHARS, TOKEN_ENV, is_loopback

    if not is_loopback(args.address) and len(os.environ.get(TOKEN_ENV, "")) < MIN_TOKEN_CHARS:
        raise UsageError(f"--address {args.address} serves the desk beyond this machine: set {TOKEN_ENV} "
                         f"(at least {MIN_TOKEN_CHARS} characters) first, or keep the default 127.0.0.1")
    env = dict(os.environ, **{DESK_ENV: "1"})
    if args.data:
        env["CEASEFIRE_DATA_DIR"] = str(Path(args.data).resolve())
    app = Path(__file__).resolve().parent.parent / "streamlit_app.py"
    argv = [sys.executable, "-m", "streamlit", "run", str(app), "--server.address", args.address,
            "--server.port", str(args.port)]
    print(f"coding desk on http://{args.address}:{args.port}/desk", file=sys.stderr)
    os.execve(sys.executable, argv, env)
    return 0  # not reached


def cmd_briefing_pack(args) -> int:
    from dashboard.outputs.briefing_pack import main as briefing_pack_main

    # like export: an existing deck or PDF is overwritten only with --force (checked before any chart is rendered)
    _check_out_file(Path(args.out), args.force)
    if args.pdf:
        _check_out_file(Path(args.pdf), args.force)
    return briefing_pack_main(args)


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
    p.add_argument("--spreadsheet-safe", action="store_true",
                   help="csv: prefix text cells starting with = + - @ tab or CR with ' so spreadsheets show them as text")
    p = sub.add_parser("schema", help="write the JSON Schema of the data files")
    p.add_argument("--out", help=f"default: {SCHEMA_PATH.relative_to(SCHEMA_PATH.parent.parent)}")
    p.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    p = sub.add_parser("coverage", help="numbers and date expressions per article, and whether a citation covers them")
    p.add_argument("--source", help="only this source id")
    p.add_argument("--all", action="store_true", help="also list covered items")
    p.add_argument("--strict", action="store_true", help="exit 1 if anything is uncovered")
    sub.add_parser("cache", help="validate, then write the frames as Parquet under DATA/.cache/ for fast app start")
    p = sub.add_parser("rules", help="list the validation rules (id, what each checks, the fields it reads)")
    p.add_argument("--markdown", action="store_true", help="as the Markdown table of docs/CODING.md")
    p = sub.add_parser("export-charts", help="write every chart as PNG/SVG with its CSV and an index")
    p.add_argument("--out", required=True)
    p.add_argument("--force", action="store_true", help="overwrite chart files already in --out")
    p.add_argument("--format", default="png,svg")
    p.add_argument("--theatre", action="append", default=[])
    p.add_argument("--event-type", action="append", default=[])
    p.add_argument("--source", action="append", default=[])
    p.add_argument("--start")
    p.add_argument("--end")
    p = sub.add_parser("add-source", help="add an article: seed, manifest entry, commented skeleton with its candidate list")
    p.add_argument("path", help="the article as a UTF-8 text file (no BOM)")
    p.add_argument("--id", required=True, help="the new source id (lowercase slug, never renamed)")
    p.add_argument("--published", required=True, help="inferred publication date: YYYY-MM-DD, YYYY-MM or YYYY")
    p.add_argument("--precision", choices=[v.value for v in Precision], help="default: from the date's shape")
    p.add_argument("--published-text", help="the phrase of the article the date is inferred from")
    p.add_argument("--note", help="the reasoning behind the date (else a TODO note to replace)")
    p.add_argument("--title", help="a neutral descriptive title in our words (else a TODO)")
    p.add_argument("--kind", choices=[v.value for v in SourceKind], help="the source kind (else a TODO)")
    g = p.add_argument_group("provenance you know from where the file came from (not from its text); shown as "
                             "'supplied by coder', never as what the text says")
    g.add_argument("--supplied-by", help="who supplies it (a name or role); required with any option below")
    g.add_argument("--outlet", help="the outlet that published it")
    g.add_argument("--url", help="where the file came from (https: or http:)")
    g.add_argument("--retrieved", help="the day the file was retrieved, YYYY-MM-DD")
    g.add_argument("--published-supplied", action="store_true",
                   help="--published is the outlet's own date (its date line or page), not inferred from the text")
    g.add_argument("--published-time", help="time of publication, HH:MM (24-hour, as the outlet gives it); needs a day")
    g.add_argument("--supplied-note", help="how you know (the outlet's page, a wire feed)")
    p = sub.add_parser("candidates", help="every number and date expression of a source with a ready quote, marking what is covered")
    p.add_argument("--source", required=True)
    p.add_argument("--todo", action="store_true", help="only what is not yet covered")
    p = sub.add_parser("diff", help="records added, removed and changed between two dataset versions")
    p.add_argument("old", help="export JSON file, data directory or git revision (e.g. HEAD~3)")
    p.add_argument("new", help="export JSON file, data directory or git revision (e.g. HEAD)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p = sub.add_parser("desk", help="start the app with the coding desk, listening on 127.0.0.1 only")
    p.add_argument("--address", default="127.0.0.1", help="default 127.0.0.1; any other address needs $CEASEFIRE_DESK_TOKEN")
    p.add_argument("--port", type=int, default=8501)
    p = sub.add_parser("briefing-pack", help="a slide deck (PPTX, optionally PDF) of chosen charts, sources and quotes")
    p.add_argument("--out", required=True, help="the .pptx file to write")
    p.add_argument("--charts", help="comma-separated chart ids (default: all)")
    p.add_argument("--pdf", help="also write the same pages as this .pdf file")
    p.add_argument("--force", action="store_true", help="overwrite an existing --out (or --pdf) file")
    p.add_argument("--short", action="store_true", help="charts only: no sources slide and no appendix of quotes")
    for opt in ("--theatre", "--event-type", "--source"):
        p.add_argument(opt, action="append", default=[])
    p.add_argument("--start")
    p.add_argument("--end")
    return parser


COMMANDS = {"validate": cmd_validate, "export": cmd_export, "schema": cmd_schema, "coverage": cmd_coverage,
            "export-charts": cmd_export_charts, "cache": cmd_cache, "rules": cmd_rules,
            "briefing-pack": cmd_briefing_pack}
COMMANDS.update({"add-source": cmd_add_source, "candidates": cmd_candidates, "diff": cmd_diff, "desk": cmd_desk})


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
