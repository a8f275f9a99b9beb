"""The request layer: the one function per request kind that the API, the CLI and the Python API call.

Each one reads (fetches bare URLs, cleans) its input, runs the stage(s) inside a progress ``stage``, times the
whole request and builds ``meta`` (``combine``) once. Per-request choices travel in a keyword-only
``RequestOptions``, so a new one is a new field there, not a new parameter on every caller; progress goes out
through ``service.progress`` to whoever listens.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from schemas.alignment import AlignmentResponse, ArticleWithId, ReportResponse
from schemas.article import Article, ArticleInput
from schemas.claims import ClaimsResponse
from schemas.meta import Meta, combine
from schemas.summary import SummaryResponse
from service.alignment.align import align_articles
from service.alignment.consensus import report_articles
from service.errors import InputError, TooManyArticles
from service.ingest import clean_article
from service.ingest.fetch import resolve_input
from service.llm.protocol import ModelGateway
from service.pipeline.claims import extract_claims
from service.pipeline.staged import Staged
from service.pipeline.summarise import summarise
from service.progress import emit, stage
from service.settings import FetchConfig, GroundingMode, LimitsConfig

MIN_ARTICLES = 2
A = TypeVar("A")
V = TypeVar("V")


@dataclass(frozen=True)
class RequestOptions:
    """What a caller may choose per request; ``None`` means "as configured" (role or ``limits``)."""

    grounding: GroundingMode | None = None
    keep_ungrounded: bool | None = None
    fetch: FetchConfig = field(default_factory=FetchConfig)  # how an article sent as a bare URL is fetched


DEFAULTS = RequestOptions()


async def _timed(clean: Callable[[], Awaitable[A]], run: Callable[[A], Awaitable[Staged[V]]]) -> tuple[A, V, Meta]:
    """Clean the input, run the stage on it, and build ``meta`` over the whole request, cleaning included."""
    started = time.perf_counter()
    cleaned = await clean()
    staged = await run(cleaned)
    elapsed_ms = (time.perf_counter() - started) * 1000
    meta = combine(staged.calls, elapsed_ms, grounding_mode=staged.grounding_mode, methods=staged.methods)
    return cleaned, staged.value, meta


async def _in_stage(name: str, work: Awaitable[Staged[V]]) -> Staged[V]:
    with stage(name):
        return await work


async def _one_article(
    inp: ArticleInput, options: RequestOptions, name: str, run: Callable[[Article], Awaitable[Staged[V]]]
) -> tuple[Article, V, Meta]:
    return await _timed(lambda: _read(inp, options), lambda article: _in_stage(name, run(article)))


class _MultiStage(Protocol[V]):
    """A multi-article stage (``align_articles``, ``report_articles``)."""

    def __call__(
        self, articles: list[Article], llm: ModelGateway, *, fuzzy_threshold: float
    ) -> Awaitable[Staged[V]]: ...


async def _several_articles(
    items: Sequence[ArticleWithId],
    llm: ModelGateway,
    limits: LimitsConfig,
    options: RequestOptions,
    run: _MultiStage[V],
) -> tuple[list[Article], V, Meta]:
    threshold = limits.fuzzy_threshold
    return await _timed(
        lambda: clean_articles(items, limits, options),
        lambda arts: _in_stage("alignment", run(arts, llm, fuzzy_threshold=threshold)),
    )


def _stage_options(limits: LimitsConfig, options: RequestOptions) -> dict[str, Any]:
    keep = limits.keep_ungrounded if options.keep_ungrounded is None else options.keep_ungrounded
    return {"grounding": options.grounding, "keep_ungrounded": keep, "fuzzy_threshold": limits.fuzzy_threshold}


async def summary_response(
    inp: ArticleInput, llm: ModelGateway, limits: LimitsConfig, *, options: RequestOptions = DEFAULTS
) -> SummaryResponse:
    """Headline, summary and grounded key points of one article."""
    chosen = _stage_options(limits, options)
    article, summary, meta = await _one_article(inp, options, "key_points", lambda a: summarise(a, llm, **chosen))
    return SummaryResponse(article=article, summary=summary, meta=meta)


async def claims_response(
    inp: ArticleInput, llm: ModelGateway, limits: LimitsConfig, *, options: RequestOptions = DEFAULTS
) -> ClaimsResponse:
    """Atomic claims of one article, each with located evidence."""
    chosen = _stage_options(limits, options)
    article, claims, meta = await _one_article(inp, options, "claims", lambda a: extract_claims(a, llm, **chosen))
    return ClaimsResponse(article=article, claims=claims.claims, rejected=claims.rejected, meta=meta)


async def _read(inp: ArticleInput, options: RequestOptions, article_id: str | None = None) -> Article:
    """Fetch the page when only a URL was given, then clean the article."""
    if inp.text is None and inp.url:
        with stage("fetch", f"fetching {inp.url}"):
            inp = await resolve_input(inp, options.fetch)
    with stage("clean"):
        return clean_article(inp, article_id=article_id)


async def clean_articles(
    items: Sequence[ArticleWithId], limits: LimitsConfig, options: RequestOptions = DEFAULTS
) -> list[Article]:
    """Check the count against ``limits.max_articles``, then fetch (bare URLs) and clean each article under the
    caller's id."""
    if len(items) < MIN_ARTICLES:
        raise InputError(f"{len(items)} article(s) given; an alignment needs at least {MIN_ARTICLES}")
    if len(items) > limits.max_articles:
        raise TooManyArticles(
            f"{len(items)} articles sent; at most {limits.max_articles} per request (limits.max_articles)"
        )
    done = 0

    async def read(item: ArticleWithId) -> Article:
        nonlocal done
        article = await _read(ArticleInput.model_validate(item.model_dump(exclude={"id"})), options, item.id)
        done += 1
        emit("article", "articles", f"article {item.id} read", done=done, total=len(items))
        return article

    return list(await asyncio.gather(*(read(item) for item in items)))


async def alignment_response(
    items: Sequence[ArticleWithId], llm: ModelGateway, limits: LimitsConfig, *, options: RequestOptions = DEFAULTS
) -> AlignmentResponse:
    """What 2+ articles on one story agree on, what only one reports, and where they conflict."""
    articles, alignment, meta = await _several_articles(items, llm, limits, options, align_articles)
    return AlignmentResponse(alignment=alignment, articles=articles, meta=meta)


async def report_response(
    items: Sequence[ArticleWithId], llm: ModelGateway, limits: LimitsConfig, *, options: RequestOptions = DEFAULTS
) -> ReportResponse:
    """Per-article summaries, the facts several articles agree on, disputes and single-source claims."""
    articles, report, meta = await _several_articles(items, llm, limits, options, report_articles)
    return ReportResponse(report=report, articles=articles, meta=meta)
