"""Codebook: one YAML data file (every record kind) and the record kinds in export order."""

from __future__ import annotations

from pydantic import Field

from dashboard.codebook.sources import Source
from dashboard.codebook.actors import Actor, Phase
from dashboard.codebook.events import Event
from dashboard.codebook.figures import Figure
from dashboard.codebook.comparisons import Comparison
from dashboard.codebook.compliance import Agreement, Assessment, Provision
from dashboard.codebook.common import Strict


class DataFile(Strict):
    """One YAML file in data/. Any file may hold any of these lists; ids are unique across all files."""

    sources: list[Source] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    phases: list[Phase] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    comparisons: list[Comparison] = Field(default_factory=list)
    agreements: list["Agreement"] = Field(default_factory=list)
    provisions: list["Provision"] = Field(default_factory=list)
    assessments: list["Assessment"] = Field(default_factory=list)


RECORD_KINDS = ("sources", "actors", "phases", "events", "figures", "comparisons")


DataFile.model_rebuild()  # its compliance lists name the classes defined above


RECORD_KINDS = RECORD_KINDS + ("agreements", "provisions", "assessments")
