"""Run one batch item (cache first, then the request layer) and a whole batch locally, N items at once."""

import asyncio
import json
from collections.abc import Callable, Sequence
from typing import Any, Literal

from service.batch.items import BatchItem, ResultWriter
from service.cache.requests import RequestCache
from service.errors import FactalignError
from service.llm.protocol import ModelGateway
from service.settings import Settings

Kind = Literal["summary", "claims"]
KINDS: tuple[Kind, ...] = ("summary", "claims")
OnDone = Callable[[dict[str, Any]], None]


async def process(
    kind: Kind, item: BatchItem, llm: ModelGateway, settings: Settings, answers: RequestCache | None
) -> dict[str, Any]:
    """One result line: ``{"id", "kind", "ok": true, "response"}`` or ``{"id", "kind", "ok": false, "error"}``."""
    from service.pipeline.responses import RequestOptions, claims_response, summary_response

    try:
        key = None if answers is None else answers.article_key(kind, item.article, grounding=None, keep_ungrounded=None)
        hit = None if answers is None or key is None else answers.get(key)
        if hit is not None:
            return {"id": item.id, "kind": kind, "ok": True, "response": json.loads(hit)}
        builder = summary_response if kind == "summary" else claims_response
        response = await builder(item.article, llm, settings.limits, options=RequestOptions(fetch=settings.fetch))
        if answers is not None and key is not None:
            answers.put(key, response)
        return {"id": item.id, "kind": kind, "ok": True, "response": response.model_dump(mode="json")}
    except FactalignError as exc:
        error = {"type": exc.type_name, "status": exc.status_code, "message": exc.message}
    except Exception as exc:  # one bad item must not stop the batch
        error = {"type": "InternalError", "status": 500, "message": f"{type(exc).__name__}: {exc}"}
    return {"id": item.id, "kind": kind, "ok": False, "error": error}


async def run_local(
    kind: Kind,
    items: Sequence[BatchItem],
    writer: ResultWriter,
    settings: Settings,
    *,
    concurrency: int,
    on_done: OnDone,
) -> None:
    """Every item through one gateway (one embedded server), ``concurrency`` at a time; lines in finish order."""
    from service.cache import open_cache
    from service.runtime import open_gateway

    cache = open_cache(settings.cache)
    answers = RequestCache(cache, settings)
    gate = asyncio.Semaphore(concurrency)
    try:
        async with open_gateway(settings, cache=cache) as llm:

            async def one(item: BatchItem) -> None:
                async with gate:
                    record = await process(kind, item, llm, settings, answers)
                writer.write(record)
                on_done(record)

            await asyncio.gather(*(one(item) for item in items))
    finally:
        cache.close()
