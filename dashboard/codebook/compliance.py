"""Codebook: agreements, their provisions and each claimant's assessments of them."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import Field, field_validator, model_validator

from dashboard.codebook.figures import Metric
from dashboard.codebook.common import OUR_NOTE, OUR_WORDS, Citation, Citations, Slug, Strict, Theatre, When


class AgreementKind(str, Enum):
    agreement = "agreement"  # signed or accepted by the parties and in force
    framework = "framework"  # a plan or resolution that frames later phases of an agreement
    proposal = "proposal"  # offered or accepted by one side only, not in force


class ProvisionCategory(str, Enum):
    """Fixed provision vocabulary; `PAX_TOPIC` gives the closest PA-X database topic of each."""

    cessation_of_hostilities = "cessation_of_hostilities"
    hostage_prisoner_release = "hostage_prisoner_release"
    remains_return = "remains_return"
    withdrawal_and_lines = "withdrawal_and_lines"
    disarmament = "disarmament"
    governance_transition = "governance_transition"
    international_force = "international_force"
    guarantees_monitoring = "guarantees_monitoring"
    humanitarian_access = "humanitarian_access"
    reconstruction = "reconstruction"
    amnesty = "amnesty"
    political_settlement = "political_settlement"


PAX_TOPIC: dict[ProvisionCategory, str] = {
    ProvisionCategory.cessation_of_hostilities: "Ceasefire",
    ProvisionCategory.hostage_prisoner_release: "Prisoner release",
    ProvisionCategory.remains_return: "Missing persons",
    ProvisionCategory.withdrawal_and_lines: "Withdrawal of foreign forces",
    ProvisionCategory.disarmament: "DDR (disarmament, demobilisation, reintegration)",
    ProvisionCategory.governance_transition: "Interim arrangements",
    ProvisionCategory.international_force: "International mission/force",
    ProvisionCategory.guarantees_monitoring: "Third-party guarantees; ceasefire monitoring",
    ProvisionCategory.humanitarian_access: "Humanitarian assistance",
    ProvisionCategory.reconstruction: "Reconstruction",
    ProvisionCategory.amnesty: "Amnesty/pardon",
    ProvisionCategory.political_settlement: "Self-determination; negotiations on a final settlement",
}


class AssessmentStatus(str, Enum):
    """What a claimant says (or what we derive) about one provision at one date."""

    not_yet_due = "not_yet_due"  # its deadline or stage has not come
    in_progress = "in_progress"  # being carried out or observed so far, not complete
    fulfilled = "fulfilled"
    partly_fulfilled = "partly_fulfilled"  # done in part
    overdue = "overdue"  # its deadline has passed and it is not done
    disputed = "disputed"  # the obligated party contests the obligation, its meaning or the account of it
    at_risk = "at_risk"  # a claimant says it is threatened or endangered, without saying it was broken
    reported_violated = "reported_violated"  # a claimant says a party broke or is breaking it


FORWARD_LOOKING_ASSESSMENT = {AssessmentStatus.not_yet_due}


# 100 years in hours: a relative deadline beyond it is a typo, and stays far from the calendar's limits.
MAX_DEADLINE_AMOUNT = 876_000


class DeadlineUnit(str, Enum):
    hours = "hours"
    days = "days"
    weeks = "weeks"


# Metrics whose figures count what an obligation still leaves undone, and the provision categories each can
# show unmet. A provision names one as its `outstanding_metric`; a derived `overdue` rests only on figures of
# it (a death toll, however positive, says nothing about remains still held).
OUTSTANDING_METRICS: dict[Metric, frozenset[ProvisionCategory]] = {
    Metric.hostage_bodies_remaining: frozenset({ProvisionCategory.remains_return}),
    Metric.hostage_bodies_held: frozenset({ProvisionCategory.remains_return}),
    Metric.living_hostages_to_release: frozenset({ProvisionCategory.hostage_prisoner_release}),
    Metric.hostages_to_release: frozenset({ProvisionCategory.hostage_prisoner_release}),
}


class DerivedStatusMethod(str, Enum):
    # status overdue: the provision's deadline has passed before the as-of date of a later figure that
    # still counts something outstanding (e.g. bodies of hostages still held)
    past_deadline_outstanding = "past_deadline_outstanding"


class RelativeDeadline(Strict):
    """A deadline the text gives relative to another date ("within 72 hours"), and how it resolves."""

    text: str = Field(min_length=1, description="The words of the text, e.g. 'within 72 hours'.")
    amount: int = Field(ge=0, le=MAX_DEADLINE_AMOUNT, description="How many units; bounded so date arithmetic stays in the calendar.")
    unit: DeadlineUnit
    after: list[Literal["signed", "effective"]] | None = Field(
        default=None, min_length=1,
        description="Counted from the agreement's signing or its entry into effect; list both "
                    "(`[signed, effective]`) when the text does not say which: the deadline is then the window over both starts.")
    after_event: Slug | None = Field(default=None, description="Or counted from a coded event (its date).")
    note: str | None = Field(default=None, json_schema_extra=OUR_NOTE, description="Why this starting point, when the text leaves room.")

    @field_validator("after", mode="before")
    @classmethod
    def _one_as_list(cls, v):
        return [v] if isinstance(v, str) else v  # `after: signed` is short for `after: [signed]`

    @model_validator(mode="after")
    def _one_anchor(self) -> "RelativeDeadline":
        if self.after is not None and len(set(self.after)) != len(self.after):
            raise ValueError("`after` names signed or effective at most once each")
        if (self.after is None) == (self.after_event is None):
            raise ValueError("give exactly one of `after` (signed or effective) and `after_event`")
        return self


class Agreement(Strict):
    id: Slug
    name: str = Field(json_schema_extra=OUR_WORDS, description="Neutral display name.")
    kind: AgreementKind
    theatre: Theatre
    parties: list[Slug] = Field(default_factory=list, description="Actor ids of the parties bound (empty for a plan no party signed).")
    mediators: list[Slug] = Field(default_factory=list)
    guarantors: list[Slug] = Field(default_factory=list)
    sponsors: list[Slug] = Field(default_factory=list, description="Who proposed, endorsed or authorized it (a plan's author, the Security Council).")
    signed: When | None = Field(default=None, description="Signed, ratified or (a plan or resolution) endorsed; null when the text gives no date.")
    effective: When | None = Field(default=None, description="When it took effect; null when the text gives no date.")
    phases: list[Slug] = Field(default_factory=list, description="Ids of the Phase records (data/phases.yaml) it governs.")
    summary: str = Field(min_length=5, json_schema_extra=OUR_WORDS, description="Neutral description in our words.")
    citations: Citations


class Provision(Strict):
    id: Slug
    agreement: Slug
    category: ProvisionCategory
    label: str = Field(min_length=3, max_length=36, json_schema_extra=OUR_WORDS, description="Short neutral name for charts and tables, e.g. 'Return of hostages' bodies'.")
    obligated: list[Slug] = Field(default_factory=list, description="Actor ids of who must act; empty when the text does not say.")
    stage: int | None = Field(default=None, ge=1, le=99, description="The agreement's stage the text puts it in ('phase one' = 1); not a Phase record.")
    summary: str = Field(min_length=5, json_schema_extra=OUR_WORDS, description="What it requires, neutrally, in our words.")
    deadline: When | None = Field(default=None, description="Only when the text gives one; never inferred from outside the text.")
    deadline_rule: RelativeDeadline | None = Field(default=None, description="Set when the text gives the deadline relative to another date.")
    paraphrase: bool = Field(default=False, description="True when the citations describe the provision in the article's words, not the agreement's.")
    outstanding_metric: Metric | None = Field(default=None, description=(
        "The metric whose figures count what this provision still leaves undone (hostage_bodies_remaining for a "
        "return of remains); a derived `overdue` status rests only on figures of it."))
    citations: Citations

    @model_validator(mode="after")
    def _rule_needs_deadline(self) -> "Provision":
        if self.deadline_rule is not None and self.deadline is None:
            raise ValueError("a `deadline_rule` resolves to a `deadline`: write the resolved `deadline` (rule offset) too")
        m = self.outstanding_metric
        if m is not None and self.category not in OUTSTANDING_METRICS.get(m, ()):
            fits = sorted(k.value for k, cats in OUTSTANDING_METRICS.items() if self.category in cats)
            raise ValueError(f"outstanding_metric: '{m.value}' does not count what a {self.category.value} provision leaves "
                             f"undone; use {' or '.join(fits) if fits else 'none (no metric counts it)'}")
        return self


class DerivedStatus(Strict):
    method: DerivedStatusMethod
    from_figures: list[Slug] = Field(min_length=1)
    formula: str | None = Field(default=None, min_length=5, json_schema_extra=OUR_NOTE, description=(
        "Optional coder's note. The formula shown everywhere is generated from the resolved windows "
        "(deadline, the figure's as-of) and the figure's count, so it can never quote a stale date."))


class Assessment(Strict):
    id: Slug
    provision: Slug
    as_of: When = Field(description="The date the assessment describes (usually the report's date).")
    status: AssessmentStatus
    claimant: Slug = Field(description="Actor id of who says so; 'author' for the article's own voice.")
    party: Slug | None = Field(default=None, description="Whose conduct it is about, when the provision binds several.")
    summary: str = Field(min_length=5, json_schema_extra=OUR_WORDS, description="Neutral statement in our words.")
    evidence_events: list[Slug] = Field(default_factory=list)
    evidence_figures: list[Slug] = Field(default_factory=list)
    derived: DerivedStatus | None = Field(default=None, description="Set when we compute the status rather than a claimant stating it.")
    note: str | None = Field(default=None, json_schema_extra=OUR_NOTE, description=(
        "Why this record differs from a linked one: e.g. a different status for a sentence also split into "
        "another provision's assessment (name that provision)."))
    citations: list[Citation] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cited_or_derived(self) -> "Assessment":
        if not self.derived and not self.citations:
            raise ValueError("a reported assessment needs at least one citation (or `derived` for a computed one)")
        if self.derived and self.citations:
            # a status we compute cites through its figures; a quote of its own would pass it off as reported
            raise ValueError("a derived assessment has no citations of its own (it cites through `derived.from_figures`): "
                             "remove `citations`, or remove `derived` if a claimant states the status")
        return self
