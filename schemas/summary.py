"""Summaries: headline, short summary and key points, each key point with grounded evidence."""

from typing import Literal

from pydantic import Field

from schemas.article import Article
from schemas.base import StrictModel
from schemas.evidence import Evidence, SupportCheck
from schemas.meta import Meta
from schemas.methods import MethodName


class KeyPoint(StrictModel):
    text: str = Field(description="The model's wording, or the evidence itself when that wording failed the check.")
    text_source: Literal["model", "evidence"] = "model"
    model_text: str | None = Field(default=None, description="What the model wrote, when text_source is evidence.")
    evidence: Evidence
    support: SupportCheck = Field(description="Check of the model's wording against its evidence and the article.")
    grounded: bool = Field(description="Evidence located in the article, and the text is supported by it.")
    method: MethodName = Field(default="model", description="The key_points method that produced this point.")


class Summary(StrictModel):
    headline: str
    headline_method: MethodName = Field(default="model", description="The headline method (headline + summary).")
    headline_support: SupportCheck
    model_headline: str | None = Field(
        default=None, description="What the model wrote, when it failed the support check and was replaced."
    )
    summary: str = Field(
        description="The model's summary, or its key points' evidence when the summary failed the check."
    )
    summary_source: Literal["model", "evidence"] = "model"
    model_summary: str | None = Field(
        default=None, description="What the model wrote, when summary_source is evidence."
    )
    summary_support: SupportCheck = Field(description="Check of the model's summary against the article.")
    key_points: list[KeyPoint]
    rejected: list[KeyPoint] = Field(
        default_factory=list, description="Key points left out: evidence not found, or invented names/numbers."
    )


class SummaryResponse(StrictModel):
    article: Article
    summary: Summary
    meta: Meta
