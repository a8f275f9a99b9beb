"""Multi-article routes: ``POST /v1/alignments`` (agreements, conflicts, uniques) and ``POST /v1/reports``."""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from schemas.alignment import AlignmentRequest, AlignmentResponse, ReportResponse
from service.api.answers import answer_body, articles_key
from service.api.body import decode_utf8, json_media_type, parse_json_model, read_limited
from service.api.deps import get_gateway, get_settings
from service.api.streaming import STREAM_RESPONSES, StreamQuery
from service.llm.protocol import ModelGateway
from service.pipeline.responses import RequestOptions, alignment_response, report_response
from service.settings import Settings

router = APIRouter(prefix="/v1", tags=["alignment"])

ARTICLES_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": AlignmentRequest.model_json_schema()}},
    }
}


@router.post("/alignments", response_model=AlignmentResponse, openapi_extra=ARTICLES_BODY, responses=STREAM_RESPONSES)
async def create_alignment(
    request: Request,
    llm: Annotated[ModelGateway, Depends(get_gateway)],
    settings: Annotated[Settings, Depends(get_settings)],
    stream: StreamQuery = None,
) -> Any:
    """What 2+ articles on one story agree on, what only one reports, and where they conflict, with evidence."""
    return await many_articles(request, "alignment", alignment_response, llm, settings, stream)


@router.post("/reports", response_model=ReportResponse, openapi_extra=ARTICLES_BODY, responses=STREAM_RESPONSES)
async def create_report(
    request: Request,
    llm: Annotated[ModelGateway, Depends(get_gateway)],
    settings: Annotated[Settings, Depends(get_settings)],
    stream: StreamQuery = None,
) -> Any:
    """Per-article summaries, the facts several articles agree on, disputes, and single-source claims."""
    return await many_articles(request, "report", report_response, llm, settings, stream)


async def many_articles(
    request: Request,
    kind: str,
    builder: Callable[..., Awaitable[BaseModel]],
    llm: ModelGateway,
    settings: Settings,
    stream: bool | None,
) -> Any:
    """Read the JSON body, answer a repeat from the cache, else validate it and run ``builder`` on its articles."""
    media = json_media_type(request)
    raw = await read_limited(request, settings.limits.max_body_bytes)
    options = RequestOptions(fetch=settings.fetch)
    return await answer_body(
        request,
        stream,
        kind=kind,
        media=media,
        raw=raw,
        options={},
        parse=lambda body: parse_json_model(decode_utf8(body), AlignmentRequest),
        key_of=lambda cache, value: articles_key(cache, kind, value.articles),
        work=lambda value: builder(value.articles, llm, settings.limits, options=options),
    )
