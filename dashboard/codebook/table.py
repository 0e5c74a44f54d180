"""The codebook table, generated from the pydantic models (never restated by hand)."""

from __future__ import annotations

import typing
from enum import Enum

import pandas as pd

from dashboard.codebook import common as models
from dashboard.codebook import actors
from dashboard.codebook import comparisons
from dashboard.codebook import compliance
from dashboard.codebook import events
from dashboard.codebook import figures
from dashboard.codebook import sources

CODEBOOK_MODELS = [sources.Source, sources.Exclusion, actors.Actor, actors.Phase, events.Event, figures.Figure,
                   figures.Derived, comparisons.Comparison, models.When, models.Citation]
CODEBOOK_MODELS += [compliance.Agreement, compliance.Provision, compliance.RelativeDeadline, compliance.Assessment, compliance.DerivedStatus]


def _type_name(ann) -> str:
    origin = typing.get_origin(ann)
    args = typing.get_args(ann)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " or ".join(_type_name(a) for a in args if a is not type(None)) + (" (optional)" if type(None) in args else "")
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Literal:
        return "one of " + ", ".join(map(str, args))
    if isinstance(ann, type) and issubclass(ann, Enum):
        return f"term ({ann.__name__})"
    return getattr(ann, "__name__", str(ann))


def _enum_values(ann) -> str:
    for arg in typing.get_args(ann) or (ann,):
        for inner in typing.get_args(arg) or (arg,):
            if isinstance(inner, type) and issubclass(inner, Enum):
                return ", ".join(e.value for e in inner)
    return ""


def codebook_frame() -> pd.DataFrame:
    rows = []
    for model in CODEBOOK_MODELS:
        for name, field in model.model_fields.items():
            rows.append({
                "record": model.__name__,
                "field": name,
                "type": _type_name(field.annotation),
                "required": field.is_required(),
                "allowed values": _enum_values(field.annotation),
                "description": field.description or "",
            })
    return pd.DataFrame(rows)
