"""The batch queue's depth in the metrics: arq jobs on Redis not yet finished, read when /metrics is scraped."""

import asyncio
import contextlib
import logging

from service.settings import QueueConfig, Settings
from service.telemetry.metrics import QUEUE_DEPTH, set_queue_depth

log = logging.getLogger("factalign.telemetry")
REFRESH_S = 5.0


def batch_label(queue: QueueConfig) -> str:
    return f"batch:{queue.name}"


def batch_queue_configured(settings: Settings) -> QueueConfig | None:
    """The batch queue, when this deployment configured one (``[queue]`` or ``FACTALIGN_QUEUE__*``), else None:
    an API that never uses the queue must not poll a Redis that does not exist."""
    return settings.queue if "queue" in settings.model_fields_set else None


async def refresh_batch_depth(queue: QueueConfig, *, timeout_s: float = 2.0) -> bool:
    """Set ``factalign_queue_depth{queue="batch:<name>"}`` from Redis. If Redis does not answer, the series is
    dropped (a stale number would look like a stuck queue) and the scrape goes on: metrics never fail on it."""
    from service.batch.queue import queue_depth

    label = batch_label(queue)
    try:
        async with asyncio.timeout(timeout_s):
            depth = await queue_depth(queue, timeout_s=timeout_s)
    except Exception as exc:  # Redis down, wrong URL, timeout: report it in the log, never as a 500
        log.warning("could not read the batch queue depth of %r: %s", queue.name, exc)
        with contextlib.suppress(KeyError):
            QUEUE_DEPTH.remove(label)
        return False
    set_queue_depth(label, depth)
    return True


async def keep_batch_depth(queue: QueueConfig, every_s: float = REFRESH_S) -> None:
    """For ``factalign worker --metrics-port``: refresh the depth every few seconds until cancelled."""
    while True:
        await refresh_batch_depth(queue)
        await asyncio.sleep(every_s)
