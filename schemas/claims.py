"""Claims: atomic, decontextualised statements an article makes, each with grounded evidence."""

from typing import Literal

from pydantic import Field

from schemas.article import Article
from schemas.base import StrictModel
from schemas.evidence import Evidence, SupportCheck
from schemas.mentions import Quantity, TimeMention
from schemas.meta import Meta
from schemas.methods import MethodName

ClaimKind = Literal["fact", "quote", "opinion", "prediction"]


class Claim(StrictModel):
    """One checkable statement. ``quantities`` and ``times`` are extracted by code from ``text``."""

    id: str = Field(description="Stable within the response: 'c1', 'c2', ...")
    text: str = Field(description="The model's wording, or the evidence itself when that wording failed the check.")
    text_source: Literal["model", "evidence"] = "model"
    model_text: str | None = Field(default=None, description="What the model wrote, when text_source is evidence.")
    kind: ClaimKind
    attribution: str | None = Field(default=None, description="Who asserts it; None when the article itself does.")
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeMention] = Field(default_factory=list)
    evidence: Evidence
    support: SupportCheck
    grounded: bool = Field(description="Evidence located in the article, and the text is supported by it.")
    method: MethodName = Field(default="model", description="The claims method that produced this claim.")


class ClaimList(StrictModel):
    claims: list[Claim]
    rejected: list[Claim] = Field(
        default_factory=list, description="Claims whose evidence could not be located or that use invented terms."
    )


class ClaimsResponse(StrictModel):
    article: Article
    claims: list[Claim]
    rejected: list[Claim]
    meta: Meta
