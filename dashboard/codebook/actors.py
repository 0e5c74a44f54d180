"""Codebook: the actor registry and named periods (phases)."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from dashboard.codebook.common import OUR_WORDS, Citations, Slug, Strict, Theatre, When


class ActorKind(str, Enum):
    state = "state"
    government = "government"
    military = "military"
    armed_group = "armed_group"
    political_movement = "political_movement"
    official = "official"
    health_authority = "health_authority"
    intergovernmental = "intergovernmental"
    mediator = "mediator"
    civilians = "civilians"
    civil_society = "civil_society"
    media = "media"
    expert = "expert"
    author = "author"
    unnamed_source = "unnamed_source"  # "sources in Israel", "Israeli officials", "many": not a government or a force
    other = "other"


class Actor(Strict):
    id: Slug
    name: str = Field(json_schema_extra=OUR_WORDS, description="Neutral display name.")
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list, description="Names the articles use for this actor.")
    part_of: Slug | None = Field(default=None, description="Parent actor id (e.g. a ministry of a government).")


class Phase(Strict):
    id: Slug
    name: str = Field(json_schema_extra=OUR_WORDS, description="Neutral name of the period.")
    theatre: Theatre
    start: When
    end: When | None = Field(default=None, description="Null when the end is unknown or the phase is ongoing.")
    summary: str = Field(json_schema_extra=OUR_WORDS, description="What the period is, neutrally, in our words.")
    citations: Citations
