"""The narrow tables a DuckSource queries: built once per Parquet snapshot and kept beside it.

Everything `DuckSource` used to compute from a full scan of the snapshot when it opened (the ENUM-coded
narrow copies of events and figures, the ENUM value lists, the date span, the phase citations), and the
figures whole, is stored in one DuckDB database file, `frames-<key>/narrow.duckdb`:

    n_events, n_figures   the NARROW columns plus `_row` (the Parquet row number), text as ENUMs
    figures               every figure row whole (WHOLE below)
    figure_pool           whole rows of the figures charts draw unless an end date, a source or a
                          claimant filters (the most recent of each metric and theatre)
    phase_citations       the citations of phases (every chart's phase bands cite them)
    meta                  the snapshot key, the layout below, the row counts, a digest of the tables
                          and the events' date span

It is written by `write_cache` (CLI and synthetic generator) or, for a snapshot written before this
file existed, by the first process that opens the snapshot; always under a temporary name and renamed
into place, so no process ever attaches half a file. Other processes attach it read-only (several
processes may do so at once). The snapshot's directory is named by its content hash, so a new dataset
is a new directory and a new file; the file is used only when its `meta` names this snapshot's key,
this code's layout and the manifest's row counts, and its tables read whole give the digest stored at
build time; otherwise it is rebuilt. Where the directory cannot be written (a read-only deployment)
the tables are built in memory, as every process did before.
No Streamlit import; duckdb is imported by the caller (only large datasets pay for it).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

FILE = "narrow.duckdb"
FORMAT = 4  # bump when NARROW, the coding of a column or the stored tables change: old files are rebuilt
# (4: figures gained claimant_key, each article's author a claimant of their own)
DB = "narrow"  # the catalog name the tables are attached under

# The columns filters, counts, weekly groups and rankings read, with repetitive text as ENUMs and each
# list of ids as one ENUM value (its ids joined by LIST_SEP), so a million events take ~30 MB. Full rows
# stay in Parquet and are read by row number, a page at a time.
NARROW = {
    "events": {"date_start": "DATE", "date_end": "DATE", "theatre": "enum", "type": "enum", "status": "enum",
               "date_precision": "enum", "key": "BOOLEAN", "actor_ids": "combo", "source_ids": "combo"},
    "figures": {"metric": "enum", "theatre": "enum", "as_of_start": "DATE", "as_of_end": "DATE", "source_ids": "combo",
                "derived": "BOOLEAN", "claimant_id": "enum", "claimant_key": "enum"},
}


# Tables also stored whole: a figure chart reads a few dozen rows spread over the whole table, which from
# Parquet means decompressing every row group (~150 ms at a million events; ~45 ms from DuckDB's storage).
# Events are read by row a page at a time (contiguous row groups), so they stay in Parquet only.
WHOLE = ("figures",)

# One sortable number per figure, as figure charts rank them (charts.figures.figure_rows): days of
# as_of_end, then of as_of_start, then the row (a missing date ranks lowest).
FIGURE_RANK = ("((coalesce(as_of_end - DATE '1970-01-01', -99999) + 100000) * 200000 "
               "+ coalesce(as_of_start - DATE '1970-01-01', -99999) + 100000) * 16777216 + _row")


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(text) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def layout() -> str:
    """What a stored file must have been built with to be used by this code."""

    return json.dumps({"format": FORMAT, "narrow": NARROW, "sep": LIST_SEP}, sort_keys=True)


def attach(con, cache_dir: Path, manifest: dict, persist: bool = True) -> str:
    """Make the narrow tables of the snapshot in `cache_dir` available on `con` as catalog `narrow`.

    Returns where they came from: "file" (a valid stored file, attached read-only), "written" (no valid
    file: built into one now, then attached) or "memory" (built in memory: `persist` is False or the
    directory cannot be written)."""
    import duckdb

    path = Path(cache_dir) / FILE
    if _attach_valid(con, path, manifest):
        return "file"
    if persist:
        try:
            write(cache_dir, manifest)
        except (OSError, duckdb.Error):
            pass  # a read-only directory (or a full disk): build in memory below
        else:
            if _attach_valid(con, path, manifest):
                return "written"
    con.execute(f"ATTACH ':memory:' AS {DB}")
    _build(con, Path(cache_dir), manifest)
    return "memory"


def write(cache_dir: Path, manifest: dict, memory_limit: str = "256MB") -> Path:
    """Build the narrow tables of the snapshot in `cache_dir` into `cache_dir/narrow.duckdb`, under a
    temporary name first (renamed into place when complete and checkpointed)."""
    import duckdb

    final = Path(cache_dir) / FILE
    tmp = final.with_name(f"{FILE}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        with duckdb.connect(config={"threads": 2, "memory_limit": memory_limit}) as con:
            con.execute(f"ATTACH {_lit(tmp)} AS {DB}")
            _build(con, Path(cache_dir), manifest)
            con.execute(f"CHECKPOINT {DB}")
            con.execute(f"DETACH {DB}")
        os.replace(tmp, final)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return final


def _attach_valid(con, path: Path, manifest: dict) -> bool:
    """Attach `path` read-only if it is a complete file for this snapshot and layout; else leave it detached."""
    import duckdb

    if not path.is_file():
        return False
    try:
        con.execute(f"ATTACH {_lit(path)} AS {DB} (READ_ONLY)")
    except duckdb.Error:
        return False
    counts = manifest.get("counts", {})
    try:
        meta = con.execute(f"SELECT key, layout, events, figures, digest FROM {DB}.meta").fetchall()
        ok = (len(meta) == 1 and meta[0][:4] == (manifest.get("key"), layout(), counts.get("events"), counts.get("figures"))
              and meta[0][4] == _digest(con))
    except duckdb.Error:  # a truncated or foreign file fails here (it cannot be read whole)
        ok = False
    if not ok:
        con.execute(f"DETACH {DB}")
    return ok


def _build(con, cache_dir: Path, manifest: dict) -> None:
    """The narrow tables and their ENUM types, the whole figures and the most recent of them, the phase
    citations and `meta`, created in catalog `narrow`."""

    def parquet(name: str) -> str:
        return f"read_parquet({_lit(cache_dir / (name + '.parquet'))}, file_row_number = true)"

    for name, cols in NARROW.items():
        exprs = {col: f"array_to_string({_q(col)}, {_lit(LIST_SEP)})" if kind == "combo" else _q(col)
                 for col, kind in cols.items()}
        coded = [col for col, kind in cols.items() if kind in ("enum", "combo")]
        # every column's distinct values in one scan
        distinct = con.execute("SELECT " + ", ".join(f"list(DISTINCT {exprs[c]})" for c in coded)
                               + f" FROM {parquet(name)}").fetchall()[0]
        select = ["file_row_number::UINTEGER AS _row"]
        for col, kind in cols.items():
            if col in coded:
                values = sorted(v for v in distinct[coded.index(col)] if v is not None)
                type_name = f"{DB}.t_{name}_{col}"
                con.execute(f"CREATE TYPE {type_name} AS ENUM ({', '.join(_lit(v) for v in values) or _lit('')})")
                select.append(f"{exprs[col]}::{type_name} AS {_q(col)}")
            else:
                select.append(f"CAST({_q(col)} AS {kind}) AS {_q(col)}")
        con.execute(f"CREATE TABLE {DB}.n_{name} AS SELECT {', '.join(select)} FROM {parquet(name)}")
    for name in WHOLE:  # in row order without a sort (DuckDB keeps insertion order), so the copy streams
        con.execute(f"CREATE TABLE {DB}.{name} AS SELECT * EXCLUDE (file_row_number), file_row_number AS _row "
                    f"FROM {parquet(name)}")
    # whole rows of the most recent figures of each (metric, theatre): what a figure chart draws when no
    # end date, source or claimant filter applies (a start date or a theatre only removes rows from the
    # bottom of a group's ranking, or whole groups)
    from dashboard.charts.figures import FIGURE_ROWS_MAX

    con.execute(f"CREATE TABLE {DB}.figure_pool AS SELECT * FROM {DB}.figures WHERE _row IN (SELECT unnest(max("
                f"{FIGURE_RANK}, {int(FIGURE_ROWS_MAX)})) % 16777216 FROM {DB}.n_figures GROUP BY metric, theatre) ORDER BY _row")
    con.execute(f"CREATE TABLE {DB}.phase_citations AS SELECT * EXCLUDE (file_row_number), file_row_number AS _row "
                f"FROM {parquet('citations')} WHERE record_kind = 'phase' ORDER BY _row")
    counts = manifest.get("counts", {})
    con.execute(f"CREATE TABLE {DB}.meta AS SELECT ?::VARCHAR AS key, ?::VARCHAR AS layout, ?::BIGINT AS events, "
                f"?::BIGINT AS figures, ?::VARCHAR AS digest, min(date_start) AS lo, max(date_end) AS hi FROM {DB}.n_events",
                [manifest.get("key"), layout(), counts.get("events"), counts.get("figures"), _digest(con)])


def _digest(con) -> str:
    """Row counts and a sum of row hashes of every stored table: reading them whole is what proves a
    file complete (~140 ms at a million events, most of it the whole figures), and the sums must equal the ones taken when it was built."""
    tables = [f"n_{name}" for name in NARROW] + list(WHOLE) + ["figure_pool", "phase_citations"]
    row = con.execute(" UNION ALL ".join(f"SELECT {i} AS i, count(*) AS n, sum(hash(t))::VARCHAR AS h FROM {DB}.{name} AS t"
                                         for i, name in enumerate(tables)) + " ORDER BY i").fetchall()
    return json.dumps({name: [n, h] for name, (_, n, h) in zip(tables, row)})


def combos(con) -> dict[tuple[str, str], list[str]]:
    """Every ENUM-coded column's values, in code order: {(table, column): values}."""
    coded = [(name, col) for name, cols in NARROW.items() for col, kind in cols.items() if kind in ("enum", "combo")]
    row = con.execute("SELECT " + ", ".join(f"enum_range(NULL::{DB}.t_{name}_{col})" for name, col in coded)).fetchall()[0]
    # an ENUM of no values holds one '' placeholder; '' also stands for an empty list, which matches nothing
    return {key: list(values) for key, values in zip(coded, row)}


LIST_SEP = "\x1f"  # joins list cells for dictionary encoding; never part of an id
