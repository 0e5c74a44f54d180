"""The codebook: pydantic models that define, validate and document the dataset.

Everything else (JSON Schema for editors, the codebook table in the app, exports)
is derived from these classes, so a field is described once, here.
No Streamlit import: this module is shared by the CLI, the tests and the app.
"""

from __future__ import annotations

from datetime import date as _date
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=80,
        description="Stable lowercase slug (letters, digits, hyphens). Never reuse or rename: permalinks depend on it.",
    ),
]


# Marks a field as text in our own words (the coder's, not the article's): the rules for our words
# (dataset/rules/words.py) read every field so marked, and the JSON Schema shows it as "x-our-words".
# "shown": summaries, names, subjects, read alone on charts, lists and slides: every date word in them is dated,
# quoted or not. "note": reasoning read beside the value it explains, which may quote the words it resolves.
OUR_WORDS = {"x-our-words": "shown"}
OUR_NOTE = {"x-our-words": "note"}


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
    note: str | None = Field(default=None, json_schema_extra=OUR_NOTE,
                             description="Reasoning, required for `inferred` and `offset`.")
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
    note: str | None = Field(default=None, json_schema_extra=OUR_NOTE, description="How the coder knows (the outlet's page, a wire feed, a PDF).")

    @field_validator("retrieved", mode="before")
    @classmethod
    def _day_as_text(cls, v):
        return v.isoformat() if isinstance(v, _date) else v  # YAML may read an unquoted day as a date


# --------------------------------------------------------------------------- records


class PossiblySame(Strict):
    """A link to another event that may be the same real-world incident, when a text leaves it open ("was not
    able to clarify whether the incidents were related"). Not an `incident`: that groups what is known to be one
    episode; this records a question, shown in both events' detail views and never used to merge or sum."""

    event: Slug = Field(description="Id of the other event.")
    why: str = Field(min_length=5, json_schema_extra=OUR_NOTE, description="What leaves it open, in our words or quoting the text.")

