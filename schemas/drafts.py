"""What the model is asked to return. Bounded and described so a small model's grammar stays on track.

Two grounding modes: ``quotes`` (the model copies supporting words; the service locates them) and
``sentences`` (the model picks sentence numbers from an enum built per article, so evidence is grounded
by construction). Sentence-mode schemas are built at run time with the article's valid ids.
"""

from typing import Any, Literal

from pydantic import Field, create_model

from schemas.base import StrictModel

ClaimKindLiteral = Literal["fact", "quote", "opinion", "prediction"]
MAX_KEY_POINTS = 7
MIN_KEY_POINTS = 3
MAX_CLAIMS = 10


class QuotedPoint(StrictModel):
    point: str = Field(max_length=200, description="One key fact of the article, one short sentence.")
    quote: str = Field(max_length=300, description="Words copied exactly from the article that support the point.")


class SummaryDraft(StrictModel):
    headline: str = Field(max_length=150, description="A factual headline of at most 12 words.")
    summary: str = Field(max_length=600, description="Two or three sentences saying what happened.")
    key_points: list[QuotedPoint] = Field(min_length=1, max_length=MAX_KEY_POINTS)


class QuotedClaim(StrictModel):
    text: str = Field(max_length=250, description="One checkable claim, self-contained: names instead of pronouns.")
    kind: ClaimKindLiteral = Field(description="fact, quote (someone's words), opinion, or prediction.")
    attribution: str | None = Field(max_length=80, description="Who asserts it; null if the article itself does.")
    quote: str = Field(max_length=300, description="Words copied exactly from the article that support the claim.")


class ClaimsDraft(StrictModel):
    claims: list[QuotedClaim] = Field(min_length=1, max_length=MAX_CLAIMS)


def _ids_literal(ids: list[int]) -> Any:
    if not ids:
        raise ValueError("a sentence-id schema needs at least one sentence")
    return Literal[tuple(ids)]


def sentence_summary_draft(ids: list[int]) -> type[StrictModel]:
    """SummaryDraft whose key points cite a sentence number from ``ids`` (a JSON-schema enum)."""
    point = create_model(
        "SentencePoint",
        __base__=StrictModel,
        point=(str, Field(max_length=200, description="One key fact of the article, one short sentence.")),
        sentence=(_ids_literal(ids), Field(description="Number of the article sentence that states it.")),
    )
    low = min(MIN_KEY_POINTS, len(ids))
    return create_model(
        "SentenceSummaryDraft",
        __base__=StrictModel,
        headline=(str, Field(max_length=150, description="A factual headline of at most 12 words.")),
        summary=(str, Field(max_length=600, description="Two or three sentences saying what happened.")),
        key_points=(list[point], Field(min_length=low, max_length=MAX_KEY_POINTS)),
    )


def sentence_claims_draft(ids: list[int]) -> type[StrictModel]:
    """ClaimsDraft whose claims cite a sentence number from ``ids``."""
    claim = create_model(
        "SentenceClaim",
        __base__=StrictModel,
        text=(str, Field(max_length=250, description="One checkable claim, self-contained: names, not pronouns.")),
        kind=(ClaimKindLiteral, Field(description="fact, quote (someone's words), opinion, or prediction.")),
        attribution=(str | None, Field(max_length=80, description="Who asserts it; null if the article does.")),
        sentence=(_ids_literal(ids), Field(description="Number of the article sentence that states it.")),
    )
    return create_model(
        "SentenceClaimsDraft",
        __base__=StrictModel,
        claims=(list[claim], Field(min_length=1, max_length=MAX_CLAIMS)),
    )


def reduce_draft(ids: list[int]) -> type[StrictModel]:
    """ReduceDraft whose point ids are an enum of the candidates."""
    return create_model(
        "ReduceDraft",
        __base__=StrictModel,
        headline=(str, Field(max_length=150, description="A factual headline of at most 12 words.")),
        summary=(str, Field(max_length=600, description="Two or three sentences saying what happened.")),
        point_ids=(list[_ids_literal(ids)], Field(min_length=1, max_length=MAX_KEY_POINTS)),  # type: ignore[arg-type,misc]
    )
