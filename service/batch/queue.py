"""The same batch over many machines: arq jobs on Redis, run by ``factalign worker`` processes.

arq because it is asyncio-native like the pipeline (one worker process runs many jobs on one gateway), needs
nothing but Redis (which the shared cache already uses), and re-runs the job of a killed worker once its
in-progress mark expires (job timeout + 10 s). Job ids are derived from the item, so enqueueing a batch
again never duplicates a job, and the one collecting process writes exactly one line per item.
"""

import asyncio
from collections.abc import Sequence
from typing import Any

from arq import create_pool
from arq.connections import ArqRedis, RedisSettings
from arq.jobs import Job, JobStatus
from arq.worker import Worker, func

from schemas.article import ArticleInput
from service.batch.items import BatchItem, ResultWriter
from service.batch.run import Kind, OnDone, process
from service.cache.keys import digest
from service.settings import QueueConfig, Settings

JOB = "factalign_item"
POLL_S = 0.5


def redis_settings(queue: QueueConfig) -> RedisSettings:
    return RedisSettings.from_dsn(queue.redis_url.get_secret_value())


async def queue_depth(queue: QueueConfig, *, timeout_s: float = 2.0) -> int:
    """Jobs enqueued and not yet finished (waiting or running): the size of arq's sorted set for this queue."""
    from redis.asyncio import Redis

    client = Redis.from_url(
        queue.redis_url.get_secret_value(), socket_timeout=timeout_s, socket_connect_timeout=timeout_s
    )
    try:
        return int(await client.zcard(queue.name))
    finally:
        await client.aclose()


def job_id(kind: Kind, item: BatchItem) -> str:
    return f"factalign:{kind}:{digest([item.id, item.article.model_dump(mode='json')])[:32]}"


async def _startup(ctx: dict[str, Any]) -> None:
    from service.cache import open_cache
    from service.cache.requests import RequestCache
    from service.runtime import Runtime, build_gateway
    from service.telemetry.observed import observed

    settings = Settings()
    cache = open_cache(settings.cache)
    runtime = Runtime(settings, cache=cache)
    # Observed like the API's gateway: a worker's model calls, tokens and cache lookups reach its metrics.
    llm = observed(build_gateway(runtime))
    ctx.update(settings=settings, runtime=runtime, llm=llm, answers=RequestCache(cache, settings))


async def _startup_with_metrics(ctx: dict[str, Any]) -> None:
    from service.telemetry.queue_depth import keep_batch_depth

    await _startup(ctx)
    ctx["depth_task"] = asyncio.create_task(keep_batch_depth(ctx["settings"].queue))


async def _shutdown(ctx: dict[str, Any]) -> None:
    task = ctx.get("depth_task")
    if task is not None:
        task.cancel()
    runtime = ctx.get("runtime")
    if runtime is not None:
        runtime.close()


async def factalign_item(ctx: dict[str, Any], kind: Kind, item_id: str, article: dict[str, Any]) -> dict[str, Any]:
    item = BatchItem(item_id, ArticleInput.model_validate(article))
    record = await process(kind, item, ctx["llm"], ctx["settings"], ctx["answers"])
    record["tries"] = ctx.get("job_try", 1)
    return record


def build_worker(settings: Settings, *, metrics: bool = False) -> Worker:
    """``metrics``: also keep the queue's depth in the metrics registry (``factalign worker --metrics-port``)."""
    queue = settings.queue
    return Worker(
        functions=[func(factalign_item, name=JOB)],
        on_startup=_startup_with_metrics if metrics else _startup,
        on_shutdown=_shutdown,
        redis_settings=redis_settings(queue),
        queue_name=queue.name,
        max_jobs=queue.jobs_per_worker,
        job_timeout=queue.job_timeout_s,
        keep_result=queue.keep_result_s,
        max_tries=queue.max_tries,
        handle_signals=True,
    )


async def _collect(
    pool: ArqRedis, queue: QueueConfig, pending: dict[str, BatchItem], kind: Kind
) -> list[dict[str, Any]]:
    """Wait until some pending jobs finished; their result lines (a failed job becomes an error line)."""
    while True:
        finished = []
        for jid, item in list(pending.items()):
            job = Job(jid, pool, _queue_name=queue.name)
            status = await job.status()
            if status == JobStatus.not_found:  # result expired or lost: enqueue it again
                await pool.enqueue_job(JOB, kind, item.id, item.article.model_dump(mode="json"), _job_id=jid,
                                       _queue_name=queue.name)  # fmt: skip
                continue
            if status != JobStatus.complete:
                continue
            info = await job.result_info()
            del pending[jid]
            if info is not None and info.success and isinstance(info.result, dict):
                finished.append(info.result)
                continue
            message = "the job failed" if info is None else f"{type(info.result).__name__}: {info.result}"
            finished.append({"id": item.id, "kind": kind, "ok": False,
                             "error": {"type": "JobFailed", "status": 500, "message": message}})  # fmt: skip
        if finished:
            return finished
        await asyncio.sleep(POLL_S)


async def run_queued(
    kind: Kind, items: Sequence[BatchItem], writer: ResultWriter, settings: Settings, *, on_done: OnDone
) -> None:
    """Enqueue every item (idempotently), then write each result as a worker finishes it."""
    queue = settings.queue
    pool = await create_pool(redis_settings(queue), default_queue_name=queue.name)
    try:
        pending: dict[str, BatchItem] = {}
        for item in items:
            jid = job_id(kind, item)
            pending[jid] = item
            await pool.enqueue_job(JOB, kind, item.id, item.article.model_dump(mode="json"), _job_id=jid,
                                   _queue_name=queue.name)  # fmt: skip
        while pending:
            for record in await _collect(pool, queue, pending, kind):
                writer.write(record)
                on_done(record)
    finally:
        await pool.aclose()
