"""Codebook: a source article (kind, inferred publication date, excluded page furniture)."""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from dashboard.codebook.common import OUR_NOTE, OUR_WORDS, Basis, DateRule, STATED_RULES, Slug, Strict, Supplied, When, _URL


class SourceKind(str, Enum):
    news_report = "news_report"
    analysis = "analysis"
    opinion = "opinion"
    academic_commentary = "academic_commentary"


class Exclusion(Strict):
    """A passage of an article that is not reporting (newsletter sign-up, donation ask, comments)."""

    quote: str = Field(min_length=1)
    reason: str = Field(min_length=3, json_schema_extra=OUR_NOTE)
    start: int | None = None
    end: int | None = None


class Source(Strict):
    id: Slug
    file: str = Field(pattern=r"^seeds/[A-Za-z0-9_.-]+\.txt$", description="Path of the article from the repo root.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Checksum of the seed file; a changed article is refused.")
    title: str = Field(json_schema_extra=OUR_WORDS, description="A neutral descriptive title in our words (the files carry no headline).")
    outlet: str | None = Field(default=None, description="Publishing outlet as the text establishes it, or null when it "
                                                         "does not (an outlet known otherwise goes under `supplied`).")
    outlet_evidence: str = Field(json_schema_extra=OUR_NOTE, description="What in the text supports (or fails to establish) the outlet.")
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
