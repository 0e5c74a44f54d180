"""Form specifications generated from the codebook models, for the coding desk. No Streamlit import.

`form_spec(Model)` walks `model_fields` and their annotations: an Enum or Literal becomes a select of
its terms, a reference to another record (an actor id, an event id, ...) a select of the ids the
dataset has, a nested model (`When`, `Derived`, `Citation`) a group of its own fields. Nothing is
listed by hand, so a record type added to the codebook (and to `DataFile`) gets its form for free.
`to_record(spec, values)` turns the widgets' values back into a plain record, leaving out what is
empty or at its default, the way the hand-written files do.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from dataclasses import dataclass, field
from enum import Enum

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from dashboard.codebook.datafile import DataFile

# Record lists a coder adds at the desk (the manifest and the phases file are edited by hand); an actor goes to
# the registry (desk.list_file), every other record to its article file.
DESK_KINDS = [k for k in DataFile.model_fields if k not in ("sources", "phases", "actors")] + ["actors"]
COMPUTED = "Computed by the loader"  # fields whose description starts so are never typed in
# Reference fields whose name is not the singular of a record list.
REFERENCE_ALIASES = {"claimant": "actors", "actors": "actors", "part_of": "actors", "from_figures": "figures"}


@dataclass
class FieldSpec:
    name: str
    widget: str  # select | multiselect | text | textarea | int | float | bool | group | group_list
    required: bool
    optional_group: bool = False  # a nested model that may be left out entirely (e.g. `until`)
    options: list[str] = field(default_factory=list)  # terms of a vocabulary
    ref: str | None = None  # record list the options come from ("actors", "events", ...)
    default: object = None
    description: str = ""
    explain: dict[str, str] = field(default_factory=dict)  # term -> what it means (from the codebook)
    children: list["FieldSpec"] = field(default_factory=list)


def model_of(kind: str) -> type[BaseModel]:
    """The record model of a DataFile list ('events' -> Event)."""
    ann = DataFile.model_fields[kind].annotation
    return typing.get_args(ann)[0]


def enum_comments(enum: type[Enum]) -> dict[str, str]:
    """The comment beside each term in the codebook source (`stated = "stated"  # the text gives ...`)."""
    try:
        source = inspect.getsource(enum)
    except (OSError, TypeError):
        return {}
    out = {}
    for m in re.finditer(r'^\s+\w+\s*=\s*"([^"]+)"\s*#\s*(.+)$', source, re.M):
        out[m.group(1)] = m.group(2).strip()
    return out


def _strip_optional(ann) -> tuple[object, bool]:
    origin = typing.get_origin(ann)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        if len(args) < len(typing.get_args(ann)):
            return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), True
    return ann, False


def _base(ann):
    """The type under Annotated[...]."""
    while typing.get_origin(ann) is typing.Annotated:
        ann = typing.get_args(ann)[0]
    return ann


def _reference(name: str) -> str | None:
    if name in REFERENCE_ALIASES:
        return REFERENCE_ALIASES[name]
    plural = name + "s"
    return plural if plural in DataFile.model_fields else None


def _spec(name: str, info) -> FieldSpec | None:
    description = info.description or ""
    if description.startswith(COMPUTED):
        return None
    ann, optional = _strip_optional(info.annotation)
    ann = _base(ann)
    required = info.is_required()
    default = None if info.default is PydanticUndefined else info.default
    if isinstance(default, Enum):
        default = default.value
    common = dict(name=name, required=required, default=default, description=description)
    origin = typing.get_origin(ann)
    if isinstance(ann, type) and issubclass(ann, Enum):
        return FieldSpec(widget="select", options=[e.value for e in ann], explain=enum_comments(ann), **common)
    if origin is typing.Literal:
        return FieldSpec(widget="select", options=[str(v) for v in typing.get_args(ann)], **common)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return FieldSpec(widget="group", optional_group=optional, children=form_spec(ann), **common)
    if origin is list:
        item = _base(typing.get_args(ann)[0])
        if isinstance(item, type) and issubclass(item, BaseModel):
            return FieldSpec(widget="group_list", children=form_spec(item), **common)
        ref = _reference(name)
        if ref:
            return FieldSpec(widget="multiselect", ref=ref, **common)
        return FieldSpec(widget="multiselect", **common)
    if ann is bool:
        return FieldSpec(widget="bool", **common)
    if ann is int:
        return FieldSpec(widget="int", **common)
    if ann is float:
        return FieldSpec(widget="float", **common)
    ref = _reference(name) if name != "id" else None
    if ref:
        return FieldSpec(widget="select", ref=ref, **common)
    long_text = name in ("summary", "note", "quote", "formula") or "description" in name
    return FieldSpec(widget="textarea" if long_text else "text", **common)


def form_spec(model: type[BaseModel]) -> list[FieldSpec]:
    """One FieldSpec per field the coder fills in, in the codebook's order."""
    return [s for name, info in model.model_fields.items() if (s := _spec(name, info)) is not None]


def _empty(v) -> bool:
    return v is None or v == "" or v == [] or v == {}


def to_record(spec: list[FieldSpec], values: dict) -> dict:
    """Widget values -> a plain record: empty optional values and defaults left out, groups nested."""
    out: dict = {}
    for s in spec:
        v = values.get(s.name)
        if s.widget == "group":
            if v is None:
                continue
            v = to_record(s.children, v)
        elif s.widget == "group_list":
            v = [to_record(s.children, item) for item in (v or [])]
        elif isinstance(v, str):
            v = v.strip() if s.name not in ("quote",) else v
        if _empty(v):
            continue  # a missing required field is reported by the loader, in validate's words
        if not s.required and v == s.default:
            continue
        out[s.name] = v
    return out
