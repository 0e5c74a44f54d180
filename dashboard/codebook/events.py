"""Codebook: an event (type, actors, theatre, when, status) and its ACLED type names."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from dashboard.codebook.common import OUR_WORDS, Citations, PossiblySame, Slug, Status, Strict, Theatre, When


class EventType(str, Enum):
    """Fixed event vocabulary. `ACLED_TYPES` maps each to ACLED's event_type / sub_event_type."""

    airstrike = "airstrike"
    armed_clash = "armed_clash"
    ground_operation = "ground_operation"
    raid = "raid"
    targeted_killing = "targeted_killing"
    execution = "execution"
    hostage_release = "hostage_release"
    remains_handover = "remains_handover"
    search_for_remains = "search_for_remains"
    prisoner_release = "prisoner_release"  # prisoners or detainees released (PA-X: Prisoner release)
    aid_entry = "aid_entry"  # humanitarian aid entering (trucks through a crossing; PA-X: Humanitarian assistance)
    return_of_displaced = "return_of_displaced"  # displaced people returning (PA-X: Refugees/displaced persons, return)
    troop_deployment = "troop_deployment"
    agreement = "agreement"
    negotiations = "negotiations"
    diplomatic_meeting = "diplomatic_meeting"
    official_statement = "official_statement"
    un_resolution = "un_resolution"
    policy_decision = "policy_decision"
    military_planning = "military_planning"
    protest = "protest"
    funeral = "funeral"
    other = "other"


ACLED_TYPES: dict[EventType, tuple[str, str]] = {
    EventType.airstrike: ("Explosions/Remote violence", "Air/drone strike"),
    EventType.armed_clash: ("Battles", "Armed clash"),
    EventType.ground_operation: ("Battles", "Armed clash"),
    EventType.raid: ("Battles", "Armed clash"),
    EventType.targeted_killing: ("Explosions/Remote violence", "Air/drone strike"),
    EventType.execution: ("Violence against civilians", "Attack"),
    EventType.hostage_release: ("Strategic developments", "Other"),
    EventType.remains_handover: ("Strategic developments", "Other"),
    EventType.search_for_remains: ("Strategic developments", "Other"),
    # ACLED has no sub-event type for these three; PAX_EVENT_TOPIC names the PA-X topic each implements
    EventType.prisoner_release: ("Strategic developments", "Other"),
    EventType.aid_entry: ("Strategic developments", "Other"),
    EventType.return_of_displaced: ("Strategic developments", "Other"),
    EventType.troop_deployment: ("Strategic developments", "Other"),
    EventType.agreement: ("Strategic developments", "Agreement"),
    EventType.negotiations: ("Strategic developments", "Other"),
    EventType.diplomatic_meeting: ("Strategic developments", "Other"),
    EventType.official_statement: ("Strategic developments", "Other"),
    EventType.un_resolution: ("Strategic developments", "Other"),
    EventType.policy_decision: ("Strategic developments", "Other"),
    EventType.military_planning: ("Strategic developments", "Other"),
    EventType.protest: ("Protests", "Peaceful protest"),
    EventType.funeral: ("Strategic developments", "Other"),
    EventType.other: ("Strategic developments", "Other"),
}


# The PA-X topic an event implements, for event types that carry out an agreement's provision (PA-X's names).
PAX_EVENT_TOPIC: dict[EventType, str] = {
    EventType.hostage_release: "Prisoner release",
    EventType.prisoner_release: "Prisoner release",
    EventType.remains_handover: "Missing persons",
    EventType.aid_entry: "Humanitarian assistance",
    EventType.return_of_displaced: "Refugees/displaced persons",
}


class Event(Strict):
    id: Slug
    when: When
    until: When | None = Field(default=None, description="End date for events that span time.")
    status: Status
    theatre: Theatre
    location: str | None = Field(default=None, json_schema_extra=OUR_WORDS)
    event_type: EventType
    actors: list[Slug] = Field(default_factory=list, description="Actor ids; the first is the initiator (ACLED actor1), the second the target or counterpart (actor2).")
    phase: Slug | None = Field(default=None, description="The truce or ceasefire period the event falls in.")
    summary: str = Field(min_length=5, json_schema_extra=OUR_WORDS, description="Neutral one-line description in our own words.")
    fatalities: int | None = Field(default=None, ge=0, strict=True, description="Fatalities as reported; conflicting counts live in figures.")
    key: bool = Field(default=False, strict=True, description="A key moment, annotated on the timeline.")
    incident: Slug | None = Field(default=None, description="Id of the event that names the incident this record is a claim about; competing claims share it.")
    possibly_same: list[PossiblySame] = Field(default_factory=list, description=(
        "Other events that may be the same incident, when the reporting leaves it open (linked both ways in views)."))
    citations: Citations
