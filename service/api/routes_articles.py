"""Single-article routes: ``POST /v1/summaries`` and ``POST /v1/claims``."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from schemas.article import ArticleInput
from schemas.claims import ClaimsResponse
from schemas.summary import SummaryResponse
from service.api.answers import answer, article_key
from service.api.body import read_article
from service.api.deps import get_gateway, get_settings
from service.api.streaming import STREAM_RESPONSES, StreamQuery
from service.llm.protocol import ModelGateway
from service.pipeline.responses import RequestOptions, claims_response, summary_response
from service.settings import GroundingMode, Settings

router = APIRouter(prefix="/v1", tags=["articles"])

ARTICLE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": ArticleInput.model_json_schema()},
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}
GroundingQuery = Annotated[
    GroundingMode | None,
    Query(description="quotes: the model quotes its evidence; sentences: it cites sentence numbers. Default per role."),
]
KeepQuery = Annotated[bool | None, Query(description="Keep ungrounded items in the main lists (flagged).")]


@router.post("/summaries", response_model=SummaryResponse, openapi_extra=ARTICLE_BODY, responses=STREAM_RESPONSES)
async def create_summary(
    request: Request,
    llm: Annotated[ModelGateway, Depends(get_gateway)],
    settings: Annotated[Settings, Depends(get_settings)],
    grounding: GroundingQuery = None,
    keep_ungrounded: KeepQuery = None,
    stream: StreamQuery = None,
) -> Any:
    """Headline, summary and key points of one article; every key point's evidence is located in the cleaned text."""
    inp = await read_article(request, settings.limits.max_body_bytes)
    options = RequestOptions(grounding=grounding, keep_ungrounded=keep_ungrounded, fetch=settings.fetch)
    key = article_key(request, "summary", inp, grounding, keep_ungrounded)
    return await answer(request, stream, key, lambda: summary_response(inp, llm, settings.limits, options=options))


@router.post("/claims", response_model=ClaimsResponse, openapi_extra=ARTICLE_BODY, responses=STREAM_RESPONSES)
async def create_claims(
    request: Request,
    llm: Annotated[ModelGateway, Depends(get_gateway)],
    settings: Annotated[Settings, Depends(get_settings)],
    grounding: GroundingQuery = None,
    keep_ungrounded: KeepQuery = None,
    stream: StreamQuery = None,
) -> Any:
    """Atomic claims of one article with kind, attribution, normalised numbers/times and located evidence."""
    inp = await read_article(request, settings.limits.max_body_bytes)
    options = RequestOptions(grounding=grounding, keep_ungrounded=keep_ungrounded, fetch=settings.fetch)
    key = article_key(request, "claims", inp, grounding, keep_ungrounded)
    return await answer(request, stream, key, lambda: claims_response(inp, llm, settings.limits, options=options))
