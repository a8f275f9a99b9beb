"""Whole requests, shared by the API and the CLI: clean the article, run a stage, attach meta."""

import time
from collections.abc import Awaitable
from typing import Protocol, TypeVar

from schemas.article import Article, ArticleInput
from schemas.claims import ClaimsResponse
from schemas.meta import Meta, combine
from schemas.summary import SummaryResponse
from service.ingest import clean_article
from service.ingest.fetch import resolve_input
from service.llm.protocol import ModelGateway
from service.pipeline.claims import extract_claims
from service.pipeline.staged import Staged
from service.pipeline.summarise import summarise
from service.pipeline.views import grounding_mode
from service.settings import FetchConfig, GroundingMode, LimitsConfig

V = TypeVar("V")


class Stage(Protocol[V]):
    def __call__(
        self, article: Article, llm: ModelGateway, *, grounding: GroundingMode | None, keep_ungrounded: bool,
        fuzzy_threshold: float,
    ) -> Awaitable[Staged[V]]: ...  # fmt: skip


async def _run(
    stage: Stage[V],
    role: str,
    inp: ArticleInput,
    llm: ModelGateway,
    limits: LimitsConfig,
    grounding: GroundingMode | None,
    keep_ungrounded: bool | None,
    fetch: FetchConfig | None,
) -> tuple[Article, V, Meta]:
    started = time.perf_counter()
    article = clean_article(await resolve_input(inp, fetch or FetchConfig()))
    staged = await stage(
        article,
        llm,
        grounding=grounding,
        keep_ungrounded=limits.keep_ungrounded if keep_ungrounded is None else keep_ungrounded,
        fuzzy_threshold=limits.fuzzy_threshold,
    )
    mode = grounding_mode(llm.role_config(role), grounding)
    return article, staged.value, combine(staged.calls, (time.perf_counter() - started) * 1000, grounding_mode=mode)


async def summary_response(
    inp: ArticleInput,
    llm: ModelGateway,
    limits: LimitsConfig,
    *,
    grounding: GroundingMode | None = None,
    keep_ungrounded: bool | None = None,
    fetch: FetchConfig | None = None,
) -> SummaryResponse:
    article, summary, meta = await _run(summarise, "summariser", inp, llm, limits, grounding, keep_ungrounded, fetch)
    return SummaryResponse(article=article, summary=summary, meta=meta)


async def claims_response(
    inp: ArticleInput,
    llm: ModelGateway,
    limits: LimitsConfig,
    *,
    grounding: GroundingMode | None = None,
    keep_ungrounded: bool | None = None,
    fetch: FetchConfig | None = None,
) -> ClaimsResponse:
    article, claims, meta = await _run(extract_claims, "extractor", inp, llm, limits, grounding, keep_ungrounded, fetch)
    return ClaimsResponse(article=article, claims=claims.claims, rejected=claims.rejected, meta=meta)
