"""Reading an export JSON that came from outside (an upload on What changed, a file given to `diff`). No Streamlit.

The file is checked before any of it is used: a size bound, UTF-8, JSON whose nesting stays shallow (the
parser itself would recurse 50,000 levels into `[[[[...`), then a pydantic model of the export's shape:
a mapping with a `dataset` block and lists of records, each record a mapping with a text `id`. The values
inside a record are compared as they are, so they are only bounded, not interpreted. Every refusal is one
`ExportFileError` whose message names the file as the user gave it and the first few problems, never a
traceback or a server path.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model

from dashboard.codebook.datafile import RECORD_KINDS

MAX_EXPORT_BYTES = 64 * 1024 * 1024  # the bundled export is ~0.5 MB; a 10k-event synthetic one ~15 MB
MAX_DEPTH = 32  # an exported record nests about six levels
MAX_ERRORS_SHOWN = 3


class ExportFileError(ValueError):
    """An export file that cannot be used; the message is one line meant for the user."""


class ExportRecord(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    id: Annotated[str, StringConstraints(min_length=1, max_length=300)]
    # the lists diff walks item by item: lists of mappings when present
    citations: list[dict[str, Any]] = Field(default_factory=list)
    excluded: list[dict[str, Any]] = Field(default_factory=list)


class ExportMeta(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)
    version: Annotated[str, StringConstraints(max_length=64)] = ""
    as_of: Annotated[str, StringConstraints(max_length=32)] | None = None


ExportFile = create_model(
    "ExportFile",
    __config__=ConfigDict(extra="ignore", strict=True),
    dataset=(ExportMeta, Field(default_factory=ExportMeta)),
    **{kind: (list[ExportRecord], Field(default_factory=list)) for kind in RECORD_KINDS},
)


def _too_deep(value) -> bool:
    """Iterative (never recursive): True when `value` nests deeper than MAX_DEPTH."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, (dict, list)):
            if depth > MAX_DEPTH:
                return True
            stack.extend((x, depth + 1) for x in (v.values() if isinstance(v, dict) else v))
    return False


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def parse_export(raw: bytes, label: str) -> dict:
    """The export dict in `raw`, checked against the export's shape; raises ExportFileError."""
    if len(raw) > MAX_EXPORT_BYTES:
        raise ExportFileError(f"{label}: {len(raw):,} bytes, over the {MAX_EXPORT_BYTES:,}-byte limit for an export file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExportFileError(f"{label}: not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ExportFileError(f"{label}: JSON nested more than {MAX_DEPTH} levels deep; not an export of this dataset") from None
    except json.JSONDecodeError as exc:
        raise ExportFileError(f"{label}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if _too_deep(data):
        raise ExportFileError(f"{label}: JSON nested more than {MAX_DEPTH} levels deep; not an export of this dataset")
    if not isinstance(data, dict) or not any(k in data for k in RECORD_KINDS):
        raise ExportFileError(f"{label}: not an export of this dataset (a JSON object with lists of "
                              f"{', '.join(RECORD_KINDS)})")
    try:
        checked = ExportFile.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        shown = "; ".join(f"{_where(e['loc'])}: {e['msg']}" for e in errors[:MAX_ERRORS_SHOWN])
        more = f" (and {len(errors) - MAX_ERRORS_SHOWN} more)" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise ExportFileError(f"{label}: not an export of this dataset: {shown}{more}") from None
    return checked.model_dump(exclude_unset=True)  # as given: no default added to a record
