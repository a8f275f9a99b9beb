"""``factalign.Client`` and the module-level ``summarise``/``claims``/``align``/``report`` (async and sync)."""

import asyncio
import re
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from contextlib import AsyncExitStack
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from schemas.alignment import AlignmentResponse, ArticleWithId, ReportResponse
from schemas.article import ArticleFormat, ArticleInput
from schemas.claims import ClaimsResponse
from schemas.summary import SummaryResponse
from service.llm.protocol import ModelGateway
from service.pipeline.responses import (
    RequestOptions,
    alignment_response,
    claims_response,
    report_response,
    summary_response,
)
from service.progress import Listener, listening
from service.runtime import open_gateway
from service.settings import GroundingMode, Settings
from service.telemetry import tracing
from service.telemetry.observed import observed

R = TypeVar("R")
Article = str | Path | ArticleInput
"""Article text (plain or HTML), an http(s) URL to fetch, a file ``Path``, or a full ``ArticleInput``."""
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def article_input(article: Article, **fields: Any) -> ArticleInput:
    """Turn what a caller passes into an ``ArticleInput``; ``fields`` (title, source, ...) fill in the rest."""
    given = {key: value for key, value in fields.items() if value is not None}
    if isinstance(article, ArticleInput):
        return article.model_copy(update=given) if given else article
    if isinstance(article, Path):
        return ArticleInput(text=article.read_text(encoding="utf-8"), **given)
    if _URL.match(article.strip()):
        return ArticleInput(url=article.strip(), **given)
    return ArticleInput(text=article, **given)


def _items(articles: Sequence[Article] | Mapping[str, Article]) -> list[ArticleWithId]:
    pairs = articles.items() if isinstance(articles, Mapping) else ((f"a{i}", a) for i, a in enumerate(articles, 1))
    return [ArticleWithId(id=article_id, **article_input(a).model_dump()) for article_id, a in pairs]


class Client:
    """One model runtime (cache, embedded model server) for many calls; close it with ``async with`` or ``aclose()``.

    ``settings`` default to ``Settings()`` (factalign.toml + ``FACTALIGN_*``); ``gateway`` replaces the model
    (tests pass a fake). Methods return the same pydantic objects as the HTTP API.
    """

    def __init__(self, settings: Settings | None = None, *, gateway: ModelGateway | None = None) -> None:
        self.settings = settings or Settings()
        self._given = gateway
        self._llm: ModelGateway | None = observed(gateway) if gateway is not None else None
        self._stack = AsyncExitStack()

    async def __aenter__(self) -> "Client":
        await self._gateway()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def _gateway(self) -> ModelGateway:
        if self._llm is None:
            tracing.configure(self.settings.telemetry)
            self._llm = observed(await self._stack.enter_async_context(open_gateway(self.settings)))
        return self._llm

    async def aclose(self) -> None:
        """Stop the embedded model server (if this client started one) and close the cache."""
        await self._stack.aclose()
        self._llm = observed(self._given) if self._given is not None else None

    def _options(self, grounding: GroundingMode | None = None, keep_ungrounded: bool | None = None) -> RequestOptions:
        return RequestOptions(grounding=grounding, keep_ungrounded=keep_ungrounded, fetch=self.settings.fetch)

    async def _run(self, work: Callable[[ModelGateway], Awaitable[R]], on_progress: Listener | None) -> R:
        llm = await self._gateway()
        if on_progress is None:
            return await work(llm)
        with listening(on_progress):
            return await work(llm)

    async def summarise(
        self, article: Article, *, title: str | None = None, source: str | None = None, published: str | None = None,
        format: ArticleFormat | None = None, grounding: GroundingMode | None = None,
        keep_ungrounded: bool | None = None, on_progress: Listener | None = None,
    ) -> SummaryResponse:  # fmt: skip
        """Headline, summary and grounded key points of one article."""
        inp = article_input(article, title=title, source=source, published=published, format=format)
        options = self._options(grounding, keep_ungrounded)
        return await self._run(lambda llm: summary_response(inp, llm, self.settings.limits, options=options),
                               on_progress)  # fmt: skip

    async def claims(
        self, article: Article, *, title: str | None = None, source: str | None = None, published: str | None = None,
        format: ArticleFormat | None = None, grounding: GroundingMode | None = None,
        keep_ungrounded: bool | None = None, on_progress: Listener | None = None,
    ) -> ClaimsResponse:  # fmt: skip
        """Atomic claims of one article: kind, attribution, numbers, dates, located evidence."""
        inp = article_input(article, title=title, source=source, published=published, format=format)
        options = self._options(grounding, keep_ungrounded)
        return await self._run(lambda llm: claims_response(inp, llm, self.settings.limits, options=options),
                               on_progress)  # fmt: skip

    async def align(
        self, articles: Sequence[Article] | Mapping[str, Article], *, on_progress: Listener | None = None
    ) -> AlignmentResponse:
        """Agreements, single-source claims and typed conflicts across 2+ articles. A mapping gives the ids;
        a sequence gets ids a1, a2, ..."""
        items, options = _items(articles), self._options()
        return await self._run(lambda llm: alignment_response(items, llm, self.settings.limits, options=options),
                               on_progress)  # fmt: skip

    async def report(
        self, articles: Sequence[Article] | Mapping[str, Article], *, on_progress: Listener | None = None
    ) -> ReportResponse:
        """Per-article summaries, the consensus of agreed claims, disputes and single-source claims."""
        items, options = _items(articles), self._options()
        return await self._run(lambda llm: report_response(items, llm, self.settings.limits, options=options),
                               on_progress)  # fmt: skip


async def summarise(
    article: Article, *, settings: Settings | None = None, gateway: ModelGateway | None = None, **options: Any
) -> SummaryResponse:
    """``Client().summarise(...)`` for one call (starts and stops the model runtime; use a ``Client`` for many)."""
    async with Client(settings, gateway=gateway) as client:
        return await client.summarise(article, **options)


async def claims(
    article: Article, *, settings: Settings | None = None, gateway: ModelGateway | None = None, **options: Any
) -> ClaimsResponse:
    """``Client().claims(...)`` for one call."""
    async with Client(settings, gateway=gateway) as client:
        return await client.claims(article, **options)


async def align(
    articles: Sequence[Article] | Mapping[str, Article], *, settings: Settings | None = None,
    gateway: ModelGateway | None = None, on_progress: Listener | None = None,
) -> AlignmentResponse:  # fmt: skip
    """``Client().align(...)`` for one call."""
    async with Client(settings, gateway=gateway) as client:
        return await client.align(articles, on_progress=on_progress)


async def report(
    articles: Sequence[Article] | Mapping[str, Article], *, settings: Settings | None = None,
    gateway: ModelGateway | None = None, on_progress: Listener | None = None,
) -> ReportResponse:  # fmt: skip
    """``Client().report(...)`` for one call."""
    async with Client(settings, gateway=gateway) as client:
        return await client.report(articles, on_progress=on_progress)


def run_sync(coroutine: Coroutine[Any, Any, R]) -> R:
    """Run a factalign coroutine from synchronous code (scripts, notebooks without a running loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    coroutine.close()
    raise RuntimeError("an event loop is already running here: use `await factalign.<function>(...)` instead")


def summarise_sync(article: Article, **kwargs: Any) -> SummaryResponse:
    """Blocking ``summarise``: same arguments, same result."""
    return run_sync(summarise(article, **kwargs))


def claims_sync(article: Article, **kwargs: Any) -> ClaimsResponse:
    """Blocking ``claims``."""
    return run_sync(claims(article, **kwargs))


def align_sync(articles: Sequence[Article] | Mapping[str, Article], **kwargs: Any) -> AlignmentResponse:
    """Blocking ``align``."""
    return run_sync(align(articles, **kwargs))


def report_sync(articles: Sequence[Article] | Mapping[str, Article], **kwargs: Any) -> ReportResponse:
    """Blocking ``report``."""
    return run_sync(report(articles, **kwargs))
