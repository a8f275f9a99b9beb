"""Multi-article routes: ``POST /v1/alignments`` (agreements, conflicts, uniques) and ``POST /v1/reports``."""

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from schemas.alignment import AlignmentRequest, AlignmentResponse, ReportResponse
from schemas.article import Article, ArticleInput
from schemas.meta import combine
from service.alignment.align import align_articles
from service.alignment.consensus import report_articles
from service.api.body import read_model
from service.api.deps import get_gateway, get_settings
from service.errors import TooManyArticles
from service.ingest import clean_article
from service.llm.protocol import ModelGateway
from service.settings import Settings

router = APIRouter(prefix="/v1", tags=["alignment"])

ARTICLES_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": AlignmentRequest.model_json_schema()}},
    }
}


def clean_articles(body: AlignmentRequest, settings: Settings) -> list[Article]:
    """Check the count against the configured limit, then clean each article under the caller's id."""
    limit = settings.limits.max_articles
    if len(body.articles) > limit:
        raise TooManyArticles(f"{len(body.articles)} articles sent; at most {limit} per request (limits.max_articles)")
    return [
        clean_article(ArticleInput.model_validate(item.model_dump(exclude={"id"})), article_id=item.id)
        for item in body.articles
    ]


@router.post("/alignments", response_model=AlignmentResponse, openapi_extra=ARTICLES_BODY)
async def create_alignment(
    request: Request,
    llm: Annotated[ModelGateway, Depends(get_gateway)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> AlignmentResponse:
    """What 2+ articles on one story agree on, what only one reports, and where they conflict, with evidence."""
    started = time.perf_counter()
    body = await read_model(request, AlignmentRequest, settings.limits.max_body_bytes)
    articles = clean_articles(body, settings)
    staged = await align_articles(articles, llm)
    meta = combine(staged.calls, (time.perf_counter() - started) * 1000)
    return AlignmentResponse(alignment=staged.value, articles=articles, meta=meta)


@router.post("/reports", response_model=ReportResponse, openapi_extra=ARTICLES_BODY)
async def create_report(
    request: Request,
    llm: Annotated[ModelGateway, Depends(get_gateway)],
    settings: Annotated[Settings, Depends(get_settings)],
) -> ReportResponse:
    """Per-article summaries, the facts several articles agree on, disputes, and single-source claims."""
    started = time.perf_counter()
    body = await read_model(request, AlignmentRequest, settings.limits.max_body_bytes)
    articles = clean_articles(body, settings)
    staged = await report_articles(articles, llm)
    meta = combine(staged.calls, (time.perf_counter() - started) * 1000)
    return ReportResponse(report=staged.value, articles=articles, meta=meta)
