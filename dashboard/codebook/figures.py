"""Codebook: a reported figure (metric, value or range, unit, claimant, as-of) and derived values."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from dashboard.codebook.common import OUR_WORDS, Citation, Slug, Strict, Theatre, When


class Metric(str, Enum):
    killed = "killed"
    injured = "injured"
    operatives_killed = "operatives_killed"
    territory_share = "territory_share"
    hostage_bodies_held = "hostage_bodies_held"
    hostage_bodies_remaining = "hostage_bodies_remaining"
    hostage_bodies_returned = "hostage_bodies_returned"  # bodies of hostages returned or handed over ("21 of the 28")
    living_hostages_released = "living_hostages_released"
    living_hostages_to_release = "living_hostages_to_release"
    hostages_to_release = "hostages_to_release"
    raids = "raids"
    sites_struck = "sites_struck"
    strikes = "strikes"
    attacks = "attacks"
    prisoners = "prisoners"
    prisoners_released = "prisoners_released"  # prisoners or detainees released (a count of people freed)
    buffer_zone_width = "buffer_zone_width"
    poll_share = "poll_share"
    signatories = "signatories"
    protesters = "protesters"
    cost = "cost"
    duration = "duration"
    deadline = "deadline"
    plan_points = "plan_points"
    proposal_similarity = "proposal_similarity"
    count = "count"


class Qualifier(str, Enum):
    exact = "exact"
    more_than = "more_than"
    over = "over"
    at_least = "at_least"
    about = "about"
    nearly = "nearly"
    up_to = "up_to"
    fewer_than = "fewer_than"
    estimated = "estimated"
    dozens = "dozens"  # "dozens": a vague count, coded as a range
    hundreds = "hundreds"
    thousands = "thousands"
    hundreds_of_thousands = "hundreds_of_thousands"


# Vague quantity words are coded by the smallest number the word can mean, open-ended above.
VAGUE_MINIMUM: dict[Qualifier, float] = {Qualifier.dozens: 24, Qualifier.hundreds: 200, Qualifier.thousands: 2000,
                                         Qualifier.hundreds_of_thousands: 200_000}


class Unit(str, Enum):
    people = "people"
    percent = "percent"
    bodies = "bodies"
    hostages = "hostages"
    operatives = "operatives"
    sites = "sites"
    raids = "raids"
    strikes = "strikes"
    attacks = "attacks"
    prisoners = "prisoners"
    metres = "metres"
    kilometres = "kilometres"
    hours = "hours"
    days = "days"
    weeks = "weeks"
    months = "months"
    years = "years"
    usd = "usd"
    points = "points"
    states = "states"
    officials = "officials"


class Dimension(str, Enum):
    """Rows of the Gaza/Lebanon comparison matrix."""

    freedom_of_action = "freedom_of_action"
    enforcement = "enforcement"
    disarmament = "disarmament"
    guarantees = "guarantees"
    governance_role = "governance_role"
    international_force = "international_force"
    ceasefire_terms = "ceasefire_terms"


class DerivedMethod(str, Enum):
    complement_of_share = "complement_of_share"  # 100 - the share of `from_figures[0]`
    difference = "difference"  # from_figures[0] - from_figures[1]


class Derived(Strict):
    method: DerivedMethod
    from_figures: list[Slug] = Field(min_length=1)
    formula: str = Field(json_schema_extra=OUR_WORDS, description="Human-readable formula, e.g. '100 - share held by Hamas'.")


class Figure(Strict):
    id: Slug
    metric: Metric
    value: float | None = Field(default=None, strict=True, description="The number, when one number was reported.")
    low: float | None = Field(default=None, strict=True, description="Lower bound of a range ('20 to 21').")
    high: float | None = Field(default=None, strict=True, description="Upper bound of a range.")
    qualifier: Qualifier = Qualifier.exact
    unit: Unit
    subject: str = Field(json_schema_extra=OUR_WORDS, description="What is counted, neutrally: whose dead, whose share.")
    theatre: Theatre
    as_of: When
    period: str | None = Field(default=None, description="Period the figure covers, as the article puts it ('since the ceasefire').")
    claimant: Slug = Field(description="Actor id of who reports the number; 'author' when the article states it in its own voice.")
    event: Slug | None = None
    incident: Slug | None = Field(default=None, description="Id of the event that names the incident this figure is a claim about; competing claims share it.")
    phase: Slug | None = None
    derived: Derived | None = Field(default=None, description="Set when the value is computed from other figures, not reported.")
    citations: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _value_or_range(self) -> "Figure":
        if self.qualifier in VAGUE_MINIMUM:
            floor = VAGUE_MINIMUM[self.qualifier]
            if self.value is not None or self.high is not None or self.low != floor:
                raise ValueError(
                    f"qualifier '{self.qualifier.value}' is a word, not a number: set only `low: {floor:g}` "
                    "(the smallest number the word can mean) and no `value`/`high`"
                )
            return self._check_citations()
        if self.value is None and (self.low is None or self.high is None):
            raise ValueError("give `value`, or both `low` and `high` for a range")
        if self.value is not None and (self.low is not None or self.high is not None):
            raise ValueError("give either `value` or `low`/`high`, not both")
        return self._check_citations()

    def _check_citations(self) -> "Figure":
        if not self.derived and not self.citations:
            raise ValueError("a reported figure needs at least one citation (or `derived` for a computed one)")
        return self

    @property
    def lo(self) -> float:
        return self.value if self.value is not None else self.low  # type: ignore[return-value]

    @property
    def hi(self) -> float | None:
        """Upper bound; None for an open-ended vague count ("hundreds")."""
        return self.value if self.value is not None else self.high
