"""Single-article routes: ``POST /v1/summaries`` and ``POST /v1/claims``."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from schemas.article import ArticleInput
from schemas.claims import ClaimsResponse
from schemas.summary import SummaryResponse
from service.api.answers import answer_body
from service.api.body import article_media_type, parse_article, read_limited
from service.api.deps import get_gateway, get_settings
from service.api.streaming import STREAM_RESPONSES, StreamQuery
from service.cache.requests import article_options
from service.llm.protocol import ModelGateway
from service.pipeline.responses import RequestOptions, claims_response, summary_response
from service.settings import GroundingMode, Settings

ResponseBuilder = Callable[..., Awaitable[BaseModel]]

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
    return await one_article(request, "summary", summary_response, llm, settings, grounding, keep_ungrounded, stream)


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
    return await one_article(request, "claims", claims_response, llm, settings, grounding, keep_ungrounded, stream)


async def one_article(
    request: Request,
    kind: str,
    builder: ResponseBuilder,
    llm: ModelGateway,
    settings: Settings,
    grounding: GroundingMode | None,
    keep_ungrounded: bool | None,
    stream: bool | None,
) -> Any:
    """Read the body (size limit, media type), answer a repeat from the cache, else validate and run ``builder``."""
    media = article_media_type(request)
    raw = await read_limited(request, settings.limits.max_body_bytes)
    options = RequestOptions(grounding=grounding, keep_ungrounded=keep_ungrounded, fetch=settings.fetch)
    cache_options = article_options(grounding, keep_ungrounded, settings.limits.keep_ungrounded)
    return await answer_body(
        request,
        stream,
        kind=kind,
        media=media,
        raw=raw,
        options=cache_options,
        parse=lambda body: parse_article(media, body),
        key_of=lambda cache, inp: cache.article_key(kind, inp, grounding=grounding, keep_ungrounded=keep_ungrounded),
        work=lambda inp: builder(inp, llm, settings.limits, options=options),
    )
