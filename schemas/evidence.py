"""Evidence: a quote located in the cleaned article, or marked as not found."""

from typing import Literal

from pydantic import Field

from schemas.base import StrictModel

MatchKind = Literal["exact", "normalised", "fuzzy", "sentence", "none"]


class Evidence(StrictModel):
    """Where a statement is supported in the article.

    When ``grounded`` is true, ``cleaned_text[start:end] == quote`` holds; ``model_quote`` keeps what the
    model wrote when it differs (fuzzy matches, sentence-id mode).
    """

    quote: str
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    sentence_ids: list[int] = Field(default_factory=list)
    grounded: bool
    match: MatchKind
    score: float = Field(ge=0.0, le=1.0, description="Match similarity, 1.0 for exact.")
    model_quote: str | None = None


class SupportCheck(StrictModel):
    """Deterministic check of a generated sentence against the article: names and numbers it uses."""

    score: float = Field(ge=0.0, le=1.0, description="Share of content words found in the evidence/article.")
    unsupported_terms: list[str] = Field(
        default_factory=list,
        description="Numbers, dates and names absent from the evidence, or stated there about something else.",
    )
    entailment: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Model-written text only: the trained consistency checker's probability that the evidence "
        "entails it (below the cut chosen on dev data, the text is not supported). None when not checked: the "
        "text copies its evidence, or a term already failed.",
    )
    supported: bool
