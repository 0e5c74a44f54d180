"""Exports derived from the codebook: the JSON contract, flat CSV tables and the JSON Schema."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd

from dashboard.conventions.theme import claimant_key
from dashboard.frames.compliance import claim_sources
from dashboard.frames.tables import build_frames
from dashboard.frames.links import permalink
from dashboard.dataset.loader import Dataset
from dashboard.codebook.datafile import RECORD_KINDS, DataFile
from dashboard.dataset.windows import windows_of

WITH_PERMALINK = {"events", "figures", "sources", "phases", "comparisons", "agreements", "provisions", "assessments"}
# Effective windows written next to the coded date: (kind, field of the window, key in the export).
# Compliance records: a provision's window is its deadline, an assessment's its as-of date, an agreement's its
# entry into effect (else its signing), each also under its own name. `window` is null when the text gives no date.
WINDOW_KEYS = {"events": [("window", "window")], "figures": [("window", "window")],
               "phases": [("start", "start_window"), ("end", "end_window")], "sources": [("published", "published_window")],
               "agreements": [("signed", "signed_window"), ("effective", "effective_window")],
               "provisions": [("deadline", "window")], "assessments": [("window", "window")]}
WITH_WINDOW = ("events", "figures", "agreements", "provisions", "assessments")  # always carry `window` and `window_note`
COMPUTED_KEYS = {"permalink", "window", "window_note", "provenance", "claimant_key"} | {key for pairs in WINDOW_KEYS.values() for _, key in pairs}
# CSV columns named for the window, whatever the frame calls its date columns (events: date_*, figures: as_of_*).
CSV_WINDOW = {"date_start": "window_start", "date_end": "window_end", "as_of_start": "window_start", "as_of_end": "window_end"}


def to_json_dict(ds: Dataset) -> dict:
    """One object: sources, events, figures, phases, actors, comparisons (+ dataset metadata).

    Dates are ISO strings, numbers JSON numbers; every citation carries source_id, quote, start, end.
    """
    out: dict = {"dataset": {"version": ds.version, "as_of": ds.as_of.isoformat() if ds.as_of else None}}
    effective = windows_of(ds)
    figures = ds.by_id("figures")
    for kind in RECORD_KINDS:
        rows = []
        for rec in getattr(ds, kind):
            row = rec.model_dump(mode="json")
            for c in row.get("citations", []):
                c["source_id"] = c.pop("source")
            if kind in WITH_PERMALINK:
                row["permalink"] = permalink(kind, rec.id)
            notes = []
            if kind in WITH_WINDOW:
                row["window"] = None
            for name, key in WINDOW_KEYS.get(kind, []):
                w = effective.get((kind, rec.id, name))
                row[key] = None if w is None else {"start": w.start.isoformat(), "end": w.end.isoformat()}
                if w is not None:
                    notes += list(w.reasons)
            if kind == "agreements":
                row["window"] = row["effective_window"] or row["signed_window"]
            if "claimant" in row:  # raw `claimant: author` kept; the key says which article's author (theme.claimant_key)
                row["claimant_key"] = claimant_key(rec.claimant, claim_sources(rec, figures))
            if kind == "sources":  # each piece as shown, with where it comes from (text, coder, inference)
                row["provenance"] = _provenance(rec)
            if kind in WITH_WINDOW:
                row["window_note"] = "; ".join(notes) or None
            rows.append(row)
        out[kind] = rows
    out["compliance_rollup"] = json.loads(frame_to_json_bytes(_rollup(ds)))  # derived per claimant; not a record list
    return out


def _provenance(src) -> dict:
    (outlet, ob), (url, ub) = src.outlet_shown, src.url_shown
    return {"outlet": {"value": outlet, "basis": ob.value if ob else None},
            "url": {"value": url, "basis": ub.value if ub else None},
            "published": {"basis": src.published_basis.value, "time": src.published.time},
            "supplied_by": src.supplied.by if src.supplied else None,
            "retrieved": src.supplied.retrieved if src.supplied else None}


def _rollup(ds: Dataset, frames=None) -> pd.DataFrame:
    """The per-claimant compliance roll-up (dashboard/frames/rollup.py) as exported."""
    from dashboard.frames.compliance import compliance_frames
    from dashboard.frames.rollup import claimant_rollup

    agreements, _, assessments, _ = (frames.agreements, None, frames.assessments, None) if frames else compliance_frames(ds)
    return claimant_rollup(agreements, assessments)


def from_json_dict(data: dict) -> DataFile:
    """Rebuild the codebook records from an export (the inverse of `to_json_dict`)."""
    clean: dict = {}
    for kind in RECORD_KINDS:
        rows = []
        for row in data.get(kind, []):
            row = {k: v for k, v in row.items() if k not in COMPUTED_KEYS}
            if "citations" in row:
                row["citations"] = [{("source" if k == "source_id" else k): v for k, v in c.items()} for c in row["citations"]]
            rows.append(row)
        clean[kind] = rows
    return DataFile.model_validate(clean)


def dataset_as_datafile(ds: Dataset) -> DataFile:
    return DataFile(**{kind: getattr(ds, kind) for kind in RECORD_KINDS})


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object and df[col].map(lambda v: isinstance(v, list)).any():
            df[col] = df[col].map(lambda v: "; ".join(v) if isinstance(v, list) else v)
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            df[col] = df[col].dt.strftime("%Y-%m-%d")
    return df


def _csv_table(df: pd.DataFrame) -> pd.DataFrame:
    """CSV cells: whole numbers in a column with gaps (fatalities 12 next to an unknown) are written
    as 12, not 12.0, as ACLED's integer columns are."""
    df = _csv_ready(df)
    for col, name in CSV_WINDOW.items():
        if col in df.columns and name not in df.columns:
            df[name] = df[col]
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col]):
            known = df[col].dropna()
            if len(known) and (known == known.round()).all() and known.abs().max() < 2**53:
                df[col] = df[col].astype("Int64")
    return df


# RFC 4180 line ends: with "\r\n" as the terminator, QUOTE_MINIMAL quotes every field holding a "\r" or a "\n"
# (with pandas' default "\n" a bare carriage return was written raw and split the row for every reader).
CSV_OPTIONS = {"index": False, "lineterminator": "\r\n", "quoting": csv.QUOTE_MINIMAL}
# OWASP CSV injection: a spreadsheet evaluates a cell starting with one of these as a formula (full-width forms too).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading single quote (shown as text there).
    Numeric columns are left alone, so a negative number stays a number."""
    df = df.copy()
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            df[col] = df[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return df


def _csv_text(df: pd.DataFrame, for_spreadsheets: bool) -> str:
    table = _csv_table(df)
    return (spreadsheet_safe(table) if for_spreadsheets else table).to_csv(**CSV_OPTIONS)


def write_csv(ds: Dataset, out_dir: Path, for_spreadsheets: bool = False) -> list[Path]:
    """One CSV per table. `for_spreadsheets`: formula-like text cells are prefixed (see `spreadsheet_safe`)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    frames = build_frames(ds)
    for name, df in [*frames.items(), ("compliance_rollup", _rollup(ds, frames))]:
        path = out_dir / f"{name}.csv"
        path.write_bytes(_csv_text(df, for_spreadsheets).encode("utf-8"))
        written.append(path)
    return written


def frame_to_csv_bytes(df: pd.DataFrame, for_spreadsheets: bool = False) -> bytes:
    return _csv_text(df, for_spreadsheets).encode("utf-8")


def frame_to_json_bytes(df: pd.DataFrame) -> bytes:
    """The rows as a JSON array; a missing value is null (never NaN, which is not JSON)."""
    table = _csv_table(df)
    table = table.astype(object).where(table.notna(), None)
    return json.dumps(table.to_dict(orient="records"), ensure_ascii=False, indent=1, default=_json_scalar,
                      allow_nan=False).encode("utf-8")


def _json_scalar(value):
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def json_schema() -> dict:
    schema = DataFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Ceasefire Monitor data file"
    return schema
