"""``factalign_queue_depth{queue="batch:<name>"}``: the arq batch queue's depth, read from a real redis-server when
/metrics is scraped (API) or every few seconds (``factalign worker --metrics-port``)."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from arq import create_pool
from prometheus_client.parser import text_string_to_metric_families

from service.batch.queue import JOB, redis_settings
from service.settings import QueueConfig, Settings
from service.telemetry.queue_depth import batch_queue_configured
from tests.api.assertions import ClientFor
from tests.api.test_telemetry import scrape, value
from tests.conftest import ROOT
from tests.fakes import FakeGateway
from tests.redis_server import free_port


async def enqueue(queue: QueueConfig, count: int) -> None:
    pool = await create_pool(redis_settings(queue), default_queue_name=queue.name)
    try:
        for index in range(count):
            await pool.enqueue_job(JOB, "summary", f"item-{index}", {"text": "x"}, _queue_name=queue.name)
    finally:
        await pool.aclose()


def test_metrics_report_the_batch_queue_depth(client_for: ClientFor, redis_url: str) -> None:
    settings = Settings(queue=QueueConfig(redis_url=redis_url, name="newsroom:jobs"))  # type: ignore[arg-type]
    client = client_for(FakeGateway(), settings)
    assert value(scrape(client), "factalign_queue_depth", queue="batch:newsroom:jobs") == 0
    asyncio.run(enqueue(settings.queue, 3))
    samples = scrape(client)
    assert (("factalign_queue_depth", (("queue", "batch:newsroom:jobs"),)) in samples) is True
    assert value(samples, "factalign_queue_depth", queue="batch:newsroom:jobs") == 3


def test_unreachable_redis_drops_the_series_and_metrics_still_answer(client_for: ClientFor, redis_url: str) -> None:
    settings = Settings(queue=QueueConfig(redis_url=redis_url, name="gone:jobs"))  # type: ignore[arg-type]
    client = client_for(FakeGateway(), settings)
    assert ("factalign_queue_depth", (("queue", "batch:gone:jobs"),)) in scrape(client)
    down = Settings(queue=QueueConfig(redis_url=f"redis://127.0.0.1:{free_port()}/0", name="gone:jobs"))  # type: ignore[arg-type]
    samples = scrape(client_for(FakeGateway(), down))  # scrape() asserts the 200
    assert ("factalign_queue_depth", (("queue", "batch:gone:jobs"),)) not in samples


def test_only_a_configured_queue_is_polled(monkeypatch: pytest.MonkeyPatch) -> None:
    assert batch_queue_configured(Settings()) is None  # the default redis_url must not be polled by every API
    monkeypatch.setenv("FACTALIGN_QUEUE__NAME", "env:jobs")
    configured = batch_queue_configured(Settings())
    assert configured is not None and configured.name == "env:jobs"


def test_worker_serves_its_metrics_with_the_queue_depth(tmp_path: Path, redis_url: str) -> None:
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "FACTALIGN_CONFIG": str(tmp_path / "absent.toml"), "FACTALIGN_CACHE__DIRECTORY": str(tmp_path / "cache"),
        "FACTALIGN_QUEUE__REDIS_URL": redis_url, "FACTALIGN_QUEUE__NAME": "worker:jobs",
    }  # fmt: skip
    code = f"from service.cli import app; app(['worker', '--metrics-port', '{port}'])"
    log = (tmp_path / "worker.log").open("wb")
    worker = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        depth: float | None = None
        while depth is None and time.monotonic() < deadline:
            try:
                text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=2).text
            except httpx.HTTPError:
                time.sleep(0.3)
                continue
            for family in text_string_to_metric_families(text):
                for sample in family.samples:
                    if sample.name == "factalign_queue_depth" and sample.labels == {"queue": "batch:worker:jobs"}:
                        depth = sample.value
            time.sleep(0.3)
        assert depth == 0, (tmp_path / "worker.log").read_text()
        assert "factalign_model_calls_in_flight" in text
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        log.close()


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
