"""Multi-article routes: ``POST /v1/alignments`` (agreements, conflicts, uniques) and ``POST /v1/reports``."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from schemas.alignment import AlignmentRequest, AlignmentResponse, ReportResponse
from service.api.answers import answer, articles_key
from service.api.body import read_model
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
    body = await read_model(request, AlignmentRequest, settings.limits.max_body_bytes)
    options = RequestOptions(fetch=settings.fetch)
    key = articles_key(request, "alignment", body.articles)
    return await answer(
        request, stream, key, lambda: alignment_response(body.articles, llm, settings.limits, options=options)
    )


@router.post("/reports", response_model=ReportResponse, openapi_extra=ARTICLES_BODY, responses=STREAM_RESPONSES)
async def create_report(
    request: Request,
    llm: Annotated[ModelGateway, Depends(get_gateway)],
    settings: Annotated[Settings, Depends(get_settings)],
    stream: StreamQuery = None,
) -> Any:
    """Per-article summaries, the facts several articles agree on, disputes, and single-source claims."""
    body = await read_model(request, AlignmentRequest, settings.limits.max_body_bytes)
    options = RequestOptions(fetch=settings.fetch)
    key = articles_key(request, "report", body.articles)
    return await answer(
        request, stream, key, lambda: report_response(body.articles, llm, settings.limits, options=options)
    )
