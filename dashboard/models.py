"""The codebook: pydantic models that define, validate and document the dataset.

Everything else (JSON Schema for editors, the codebook table in the app, exports)
is derived from these classes, so a field is described once, here.
No Streamlit import: this module is shared by the CLI, the tests and the app.
"""

from __future__ import annotations

from datetime import date as _date
from enum import Enum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=80,
        description="Stable lowercase slug (letters, digits, hyphens). Never reuse or rename: permalinks depend on it.",
    ),
]


class Strict(BaseModel):
    """Base for every codebook model: unknown fields are errors, not silently dropped.

    Numbers and booleans are declared `strict=True` field by field (not model-wide, which would also
    refuse enum values written as text): `fatalities: true` or `value: "12"` is an error, not 1 or 12."""

    # allow_inf_nan=False: NaN and infinity are not numbers a source reports (and are not valid JSON).
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=False, allow_inf_nan=False)


# --------------------------------------------------------------------------- vocabularies


class Precision(str, Enum):
    """How exactly a date is known (ACLED's time_precision idea, with week and year added)."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"


class DateRule(str, Enum):
    """How a date was resolved from the article's wording."""

    stated = "stated"  # the text gives the full date ("November 3, 2025")
    stated_no_year = "stated_no_year"  # day and month given, year from the publication ("Oct. 10")
    stated_month = "stated_month"  # month and year given ("February 2024", "May 2025")
    stated_year = "stated_year"  # a year only ("in 2024")
    weekday_past = "weekday_past"  # "on Monday": the latest such weekday not after publication
    weekday_next = "weekday_next"  # "this coming Saturday": the next such weekday after publication
    this_week = "this_week"  # "this week": the publication's week
    last_week = "last_week"  # "last week": the week before publication
    this_month = "this_month"  # "earlier this month": the publication's month
    last_month = "last_month"  # "last month": the month before publication
    last_year = "last_year"  # "November of last year": a month (or year) in the year before publication
    offset = "offset"  # computed from another date by a stated duration ("four weeks since", "23-day-old")
    inferred = "inferred"  # inferred from internal evidence; `note` must give the reasoning
    # given by the coder from where the file came from (the outlet's page), not by the text; only a source's
    # `published`, and the source then says who supplied it (`supplied.by`)
    supplied = "supplied"


STATED_RULES = {DateRule.stated, DateRule.stated_no_year, DateRule.stated_month, DateRule.stated_year}


class Basis(str, Enum):
    """Where a piece of a source's provenance comes from: the article's text, the coder, or reasoning."""

    stated = "stated"  # stated in the text (a closing line naming the outlet, a date line)
    supplied = "supplied"  # supplied by the coder from outside the text (where the file came from)
    inferred = "inferred"  # inferred from internal evidence (the publication date of a file without a date line)


BASIS_WORDS = {Basis.stated: "per the text", Basis.supplied: "supplied by coder", Basis.inferred: "inferred"}


class SourceKind(str, Enum):
    news_report = "news_report"
    analysis = "analysis"
    opinion = "opinion"
    academic_commentary = "academic_commentary"


class PassageKind(str, Enum):
    body = "body"
    photo_caption = "photo_caption"


class Status(str, Enum):
    occurred = "occurred"
    announced = "announced"
    expected = "expected"
    scheduled = "scheduled"
    alleged = "alleged"


FORWARD_LOOKING = {Status.expected, Status.scheduled}


class Theatre(str, Enum):
    gaza = "gaza"
    lebanon = "lebanon"
    israel = "israel"
    west_bank = "west_bank"
    egypt = "egypt"
    qatar = "qatar"
    turkey = "turkey"
    united_states = "united_states"
    international = "international"


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


# --------------------------------------------------------------------------- building blocks


class Bound(Strict):
    """A bound the text sets on a date ("since the ceasefire", "preceded the 9 October deal"): a day,
    a phase (its start) or an event (its effective window). Exactly one of `date`, `phase`, `event`."""

    date: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="An ISO day, YYYY-MM-DD.")
    phase: Slug | None = Field(default=None, description="A phase id: bounded by the phase's start.")
    event: Slug | None = Field(default=None, description="An event id: bounded by that event's effective window.")
    text: str | None = Field(default=None, description="The words that set the bound, e.g. 'since the ceasefire'.")

    @model_validator(mode="before")
    @classmethod
    def _day_as_bound(cls, v):
        # `after: 2025-10-10` is shorthand for `after: {date: 2025-10-10}`; YAML may read it as a date.
        if isinstance(v, (str, _date)):
            return {"date": v.isoformat() if isinstance(v, _date) else v}
        if isinstance(v, dict) and isinstance(v.get("date"), _date):
            return {**v, "date": v["date"].isoformat()}
        return v

    @model_validator(mode="after")
    def _one_anchor(self) -> "Bound":
        if sum(x is not None for x in (self.date, self.phase, self.event)) != 1:
            raise ValueError("a bound names exactly one of `date`, `phase` or `event`")
        return self


class When(Strict):
    """A date with its precision, the words the article used and the rule that resolved them."""

    date: str = Field(
        description="ISO date written to its precision: day/week 'YYYY-MM-DD' (week: the first day of a 7-day window), month 'YYYY-MM', year 'YYYY'.",
        examples=["2025-11-03", "2025-11", "2024"],
    )
    precision: Precision
    text: str | None = Field(
        default=None,
        description="The date phrase as the article wrote it, e.g. 'on Wednesday', 'November of last year'.",
    )
    rule: DateRule = Field(description="How `text` was resolved against the source's publication date.")
    time: str | None = Field(default=None, pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$", description=(
        "Time of day as the text gives it ('at 7pm' -> '19:00', '12:00 noon' -> '12:00'), 24-hour HH:MM, local time "
        "at the place; only on a date of day precision, and only when the text states it."))
    note: str | None = Field(default=None, description="Reasoning, required for `inferred` and `offset`.")
    after: Bound | None = Field(default=None, description="Lower bound the text sets ('since the ceasefire'): the window starts no earlier.")
    before: Bound | None = Field(default=None, description="Upper bound the text sets ('preceded the 9 October deal'): the window ends no later.")

    @field_validator("date", mode="before")
    @classmethod
    def _year_as_text(cls, v):
        # YAML reads an unquoted `2024` as a number; a year is still a date string here.
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @model_validator(mode="after")
    def _time_needs_a_day(self) -> "When":
        if self.time is not None and self.precision is not Precision.day:
            raise ValueError(f"a `time` belongs to a day: precision is '{self.precision.value}'; "
                             "set precision day or leave the time out")
        return self


class Citation(Strict):
    source: Slug = Field(description="Id of the source (article) the quote is taken from.")
    quote: str = Field(min_length=1, description="Verbatim text copied from the article, character for character.")
    passage: PassageKind = PassageKind.body
    occurrence: int = Field(default=1, ge=1, strict=True, description="Which occurrence, when the quote appears more than once.")
    start: int | None = Field(default=None, description="Computed by the loader: character offset in the seed.")
    end: int | None = Field(default=None, description="Computed by the loader: end offset (exclusive).")


Citations = Annotated[list[Citation], Field(min_length=1)]


class Exclusion(Strict):
    """A passage of an article that is not reporting (newsletter sign-up, donation ask, comments)."""

    quote: str = Field(min_length=1)
    reason: str = Field(min_length=3)
    start: int | None = None
    end: int | None = None


_URL = dict(max_length=2000, pattern=r"^https?://[^\s/?#]+[^\s]*$")


class Supplied(Strict):
    """Provenance the coder knows from where the file came from, kept apart from what the text says: shown
    everywhere as "supplied by coder". A publication date supplied this way is the source's `published`
    with rule `supplied` (and `time` when known)."""

    by: str = Field(min_length=2, max_length=200, description="Who supplied it: a name or role, e.g. 'J. Doe (coder)'.")
    retrieved: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$",
                                  description="The day the file was retrieved, YYYY-MM-DD.")
    outlet: str | None = Field(default=None, min_length=1, max_length=200,
                               description="The outlet that published it, as known from where the file came from.")
    url: str | None = Field(default=None, **_URL, description="Where the file came from (https: or http: only).")
    note: str | None = Field(default=None, description="How the coder knows (the outlet's page, a wire feed, a PDF).")

    @field_validator("retrieved", mode="before")
    @classmethod
    def _day_as_text(cls, v):
        return v.isoformat() if isinstance(v, _date) else v  # YAML may read an unquoted day as a date


# --------------------------------------------------------------------------- records


class Source(Strict):
    id: Slug
    file: str = Field(pattern=r"^seeds/[A-Za-z0-9_.-]+\.txt$", description="Path of the article from the repo root.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Checksum of the seed file; a changed article is refused.")
    title: str = Field(description="A neutral descriptive title in our words (the files carry no headline).")
    outlet: str | None = Field(default=None, description="Publishing outlet as the text establishes it, or null when it "
                                                         "does not (an outlet known otherwise goes under `supplied`).")
    outlet_evidence: str = Field(description="What in the text supports (or fails to establish) the outlet.")
    kind: SourceKind
    byline: str | None = None
    published: When = Field(description="Publication date: inferred from the text (`note` gives the rationale), stated "
                                        "in it, or supplied by the coder (rule `supplied`, with `supplied.by`).")
    url: str | None = Field(default=None, **_URL,
                            description="Only if the text itself gives it. Never invented. An https: or http: address "
                                        "(no javascript:, data: or file: link ever reaches a page).")
    supplied: Supplied | None = Field(default=None, description=(
        "Provenance the coder knows from outside the text (outlet, URL, retrieved day, who supplied it); shown as "
        "supplied, never as what the text says."))
    excluded: list[Exclusion] = Field(default_factory=list, description="Page furniture and other non-reporting passages.")
    captions: list[str] = Field(default_factory=list, description="Photo captions the caption detector misses "
                                "(a credit form it does not know): each a verbatim passage; every occurrence is a caption.")

    @model_validator(mode="after")
    def _supplied_by_someone(self) -> "Source":
        if self.published.rule is DateRule.supplied and self.supplied is None:
            raise ValueError("published: rule 'supplied' needs `supplied: {by: ...}` saying who supplied the date")
        if self.supplied is not None and self.published.rule is not DateRule.supplied and not (
                self.supplied.outlet or self.supplied.url or self.supplied.retrieved):
            raise ValueError("`supplied` supplies nothing: give an outlet, url or retrieved day (or a published date "
                             "with rule 'supplied'), or leave it out")
        return self

    # The provenance as readers see it: each piece with where it comes from (Basis). The text wins over the
    # coder for the outlet and URL (a syndicated article names where it first appeared).
    @property
    def outlet_shown(self) -> tuple[str | None, Basis | None]:
        if self.outlet and self.outlet.strip():
            return self.outlet, Basis.stated
        if self.supplied and self.supplied.outlet:
            return self.supplied.outlet, Basis.supplied
        return None, None

    @property
    def url_shown(self) -> tuple[str | None, Basis | None]:
        if self.url:
            return self.url, Basis.stated
        if self.supplied and self.supplied.url:
            return self.supplied.url, Basis.supplied
        return None, None

    @property
    def published_basis(self) -> Basis:
        rule = self.published.rule
        return Basis.supplied if rule is DateRule.supplied else Basis.stated if rule in STATED_RULES else Basis.inferred


class Actor(Strict):
    id: Slug
    name: str = Field(description="Neutral display name.")
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list, description="Names the articles use for this actor.")
    part_of: Slug | None = Field(default=None, description="Parent actor id (e.g. a ministry of a government).")


class Phase(Strict):
    id: Slug
    name: str
    theatre: Theatre
    start: When
    end: When | None = Field(default=None, description="Null when the end is unknown or the phase is ongoing.")
    summary: str
    citations: Citations


class PossiblySame(Strict):
    """A link to another event that may be the same real-world incident, when a text leaves it open ("was not
    able to clarify whether the incidents were related"). Not an `incident`: that groups what is known to be one
    episode; this records a question, shown in both events' detail views and never used to merge or sum."""

    event: Slug = Field(description="Id of the other event.")
    why: str = Field(min_length=5, description="What leaves it open, in our words or quoting the text.")


class Event(Strict):
    id: Slug
    when: When
    until: When | None = Field(default=None, description="End date for events that span time.")
    status: Status
    theatre: Theatre
    location: str | None = None
    event_type: EventType
    actors: list[Slug] = Field(default_factory=list, description="Actor ids; the first is the initiator (ACLED actor1), the second the target or counterpart (actor2).")
    phase: Slug | None = Field(default=None, description="The truce or ceasefire period the event falls in.")
    summary: str = Field(min_length=5, description="Neutral one-line description in our own words.")
    fatalities: int | None = Field(default=None, ge=0, strict=True, description="Fatalities as reported; conflicting counts live in figures.")
    key: bool = Field(default=False, strict=True, description="A key moment, annotated on the timeline.")
    incident: Slug | None = Field(default=None, description="Id of the event that names the incident this record is a claim about; competing claims share it.")
    possibly_same: list[PossiblySame] = Field(default_factory=list, description=(
        "Other events that may be the same incident, when the reporting leaves it open (linked both ways in views)."))
    citations: Citations


class Derived(Strict):
    method: DerivedMethod
    from_figures: list[Slug] = Field(min_length=1)
    formula: str = Field(description="Human-readable formula, e.g. '100 - share held by Hamas'.")


class Figure(Strict):
    id: Slug
    metric: Metric
    value: float | None = Field(default=None, strict=True, description="The number, when one number was reported.")
    low: float | None = Field(default=None, strict=True, description="Lower bound of a range ('20 to 21').")
    high: float | None = Field(default=None, strict=True, description="Upper bound of a range.")
    qualifier: Qualifier = Qualifier.exact
    unit: Unit
    subject: str = Field(description="What is counted, neutrally: whose dead, whose share.")
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


class Comparison(Strict):
    """One cell of the Gaza/Lebanon comparison matrix: a coded statement for a theatre and dimension."""

    id: Slug
    dimension: Dimension
    theatre: Literal["gaza", "lebanon"]
    summary: str = Field(min_length=5, description="Neutral statement in our words.")
    claimant: Slug = Field(description="Whose view or report this is ('author' for the article's own voice).")
    citations: Citations


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


# --------------------------------------------------------------------------- compliance: agreements, provisions, assessments
# What each agreement obliged its parties to do (provisions, coded as PA-X codes agreements) and what the
# reporting says happened to each obligation over time, per claimant (assessments). Checked by
# dashboard/compliance.py.


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
    note: str | None = Field(default=None, description="Why this starting point, when the text leaves room.")

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
    name: str = Field(description="Neutral display name.")
    kind: AgreementKind
    theatre: Theatre
    parties: list[Slug] = Field(default_factory=list, description="Actor ids of the parties bound (empty for a plan no party signed).")
    mediators: list[Slug] = Field(default_factory=list)
    guarantors: list[Slug] = Field(default_factory=list)
    sponsors: list[Slug] = Field(default_factory=list, description="Who proposed, endorsed or authorized it (a plan's author, the Security Council).")
    signed: When | None = Field(default=None, description="Signed, ratified or (a plan or resolution) endorsed; null when the text gives no date.")
    effective: When | None = Field(default=None, description="When it took effect; null when the text gives no date.")
    phases: list[Slug] = Field(default_factory=list, description="Ids of the Phase records (data/phases.yaml) it governs.")
    summary: str = Field(min_length=5, description="Neutral description in our words.")
    citations: Citations


class Provision(Strict):
    id: Slug
    agreement: Slug
    category: ProvisionCategory
    label: str = Field(min_length=3, max_length=36, description="Short neutral name for charts and tables, e.g. 'Return of hostages' bodies'.")
    obligated: list[Slug] = Field(default_factory=list, description="Actor ids of who must act; empty when the text does not say.")
    stage: int | None = Field(default=None, ge=1, le=99, description="The agreement's stage the text puts it in ('phase one' = 1); not a Phase record.")
    summary: str = Field(min_length=5, description="What it requires, neutrally, in our words.")
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
    formula: str | None = Field(default=None, min_length=5, description=(
        "Optional coder's note. The formula shown everywhere is generated from the resolved windows "
        "(deadline, the figure's as-of) and the figure's count, so it can never quote a stale date."))


class Assessment(Strict):
    id: Slug
    provision: Slug
    as_of: When = Field(description="The date the assessment describes (usually the report's date).")
    status: AssessmentStatus
    claimant: Slug = Field(description="Actor id of who says so; 'author' for the article's own voice.")
    party: Slug | None = Field(default=None, description="Whose conduct it is about, when the provision binds several.")
    summary: str = Field(min_length=5, description="Neutral statement in our words.")
    evidence_events: list[Slug] = Field(default_factory=list)
    evidence_figures: list[Slug] = Field(default_factory=list)
    derived: DerivedStatus | None = Field(default=None, description="Set when we compute the status rather than a claimant stating it.")
    note: str | None = Field(default=None, description=(
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


DataFile.model_rebuild()  # its compliance lists name the classes defined above
RECORD_KINDS = RECORD_KINDS + ("agreements", "provisions", "assessments")
