"""Exports derived from the codebook: the JSON contract, flat CSV tables and the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from .frames import build_frames, permalink
from .loader import Dataset
from .models import RECORD_KINDS, DataFile

WITH_PERMALINK = {"events", "figures", "sources", "phases", "comparisons", "agreements", "provisions", "assessments"}


def to_json_dict(ds: Dataset) -> dict:
    """One object: sources, events, figures, phases, actors, comparisons (+ dataset metadata).

    Dates are ISO strings, numbers JSON numbers; every citation carries source_id, quote, start, end.
    """
    out: dict = {"dataset": {"version": ds.version, "as_of": ds.as_of.isoformat() if ds.as_of else None}}
    for kind in RECORD_KINDS:
        rows = []
        for rec in getattr(ds, kind):
            row = rec.model_dump(mode="json")
            for c in row.get("citations", []):
                c["source_id"] = c.pop("source")
            if kind in WITH_PERMALINK:
                row["permalink"] = permalink(kind, rec.id)
            rows.append(row)
        out[kind] = rows
    return out


def from_json_dict(data: dict) -> DataFile:
    """Rebuild the codebook records from an export (the inverse of `to_json_dict`)."""
    clean: dict = {}
    for kind in RECORD_KINDS:
        rows = []
        for row in data.get(kind, []):
            row = {k: v for k, v in row.items() if k != "permalink"}
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
    for col in df.columns:
        if pd.api.types.is_float_dtype(df[col]):
            known = df[col].dropna()
            if len(known) and (known == known.round()).all() and known.abs().max() < 2**53:
                df[col] = df[col].astype("Int64")
    return df


def write_csv(ds: Dataset, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in build_frames(ds).items():
        path = out_dir / f"{name}.csv"
        _csv_table(df).to_csv(path, index=False, encoding="utf-8")
        written.append(path)
    return written


def frame_to_csv_bytes(df: pd.DataFrame) -> bytes:
    return _csv_table(df).to_csv(index=False).encode("utf-8")


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
