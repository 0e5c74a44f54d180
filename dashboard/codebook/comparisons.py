"""Codebook: one cell of the Gaza/Lebanon comparison, with its claimant and citations."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from dashboard.codebook.figures import Dimension
from dashboard.codebook.common import OUR_WORDS, Citations, Slug, Strict


class Comparison(Strict):
    """One cell of the Gaza/Lebanon comparison matrix: a coded statement for a theatre and dimension."""

    id: Slug
    dimension: Dimension
    theatre: Literal["gaza", "lebanon"]
    summary: str = Field(min_length=5, json_schema_extra=OUR_WORDS, description="Neutral statement in our words.")
    claimant: Slug = Field(description="Whose view or report this is ('author' for the article's own voice).")
    citations: Citations
