"""``factalign batch --queue`` with two ``factalign worker`` processes on a real redis-server: every item is
answered exactly once, and the job of a worker killed mid-job is run again by the other one."""

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from service.batch.items import ResultWriter, read_items
from service.batch.queue import run_queued
from service.settings import Settings
from tests.batch.articles import write_articles
from tests.conftest import ROOT
from tests.fake_openai import FakeOpenAI, quoting_summary

ITEMS = 8
# A killed worker's job is re-run after this + 10 s. Generous: a first job on a loaded 2-core CI box took > 10 s.
JOB_TIMEOUT_S = 30


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI("model", answer=quoting_summary, delay=1.0)
    yield server
    server.stop()


def worker_env(tmp_path: Path, redis_url: str, model: FakeOpenAI, name: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "FACTALIGN_CONFIG": str(tmp_path / "absent.toml"),
        "FACTALIGN_CACHE__ENABLED": "false",  # every job really calls the model, so re-runs are visible
        "FACTALIGN_CACHE__DIRECTORY": str(tmp_path / f"cache-{name}"),
        "FACTALIGN_QUEUE__REDIS_URL": redis_url,
        "FACTALIGN_QUEUE__JOB_TIMEOUT_S": str(JOB_TIMEOUT_S),
        "FACTALIGN_QUEUE__JOBS_PER_WORKER": "2",
        "FACTALIGN_ROLES__DEFAULT__MODEL": "openai/fake-model",
        "FACTALIGN_ROLES__DEFAULT__API_BASE": model.api_base,
        "FACTALIGN_ROLES__DEFAULT__API_KEY": "sk-test",
        "FACTALIGN_ROLES__DEFAULT__GROUNDING": "quotes",
    }


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    code = "from service.cli import app; app(['worker'])"
    return subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def wait_for(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_two_workers_every_item_once_and_a_killed_workers_job_rerun(
    tmp_path: Path, redis_url: str, model: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_articles(tmp_path / "in", ITEMS)
    items = read_items(tmp_path / "in")
    monkeypatch.setenv("FACTALIGN_QUEUE__REDIS_URL", redis_url)
    monkeypatch.setenv("FACTALIGN_QUEUE__JOB_TIMEOUT_S", str(JOB_TIMEOUT_S))
    settings = Settings()
    out = tmp_path / "out.jsonl"
    done: list[dict[str, Any]] = []
    workers: list[subprocess.Popen[bytes]] = []
    try:
        first = start_worker(worker_env(tmp_path, redis_url, model, "1"), tmp_path / "w1.log")
        workers.append(first)

        async def batch() -> None:
            writer = ResultWriter(out)
            try:
                collect = asyncio.create_task(run_queued("summary", items, writer, settings, on_done=done.append))
                # the first worker alone takes jobs: once the model has a request, that worker is mid-job
                await asyncio.to_thread(wait_for, lambda: len(model.requests) >= 1, 120, "the first model call")
                os.killpg(first.pid, signal.SIGKILL)  # no clean shutdown: its job stays "in progress"
                first.wait()
                workers.append(start_worker(worker_env(tmp_path, redis_url, model, "2"), tmp_path / "w2.log"))
                await asyncio.wait_for(collect, timeout=180)
            finally:
                writer.close()

        asyncio.run(batch())
    finally:
        for worker in workers:
            if worker.poll() is None:
                os.killpg(worker.pid, signal.SIGTERM)
                worker.wait(timeout=30)
    logs = "\n".join(p.read_text(errors="replace")[-1500:] for p in tmp_path.glob("w*.log"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == sorted(i.id for i in items), logs  # each item exactly once
    assert all(r["ok"] for r in records), [r for r in records if not r["ok"]]
    assert max(r["tries"] for r in records) == 2, logs  # the killed worker's job ran again, once
    assert len(model.requests) >= ITEMS + 1  # the interrupted call, plus one per item


def test_enqueueing_the_same_batch_twice_does_not_duplicate_jobs(tmp_path: Path, redis_url: str) -> None:
    import redis

    from service.batch.queue import JOB, job_id

    write_articles(tmp_path / "in", 3)
    items = read_items(tmp_path / "in")
    ids = {job_id("summary", item) for item in items}
    assert len(ids) == 3 and ids == {job_id("summary", item) for item in read_items(tmp_path / "in")}
    assert job_id("claims", items[0]) not in ids

    async def enqueue_twice() -> int:
        from arq import create_pool
        from arq.connections import RedisSettings

        pool = await create_pool(RedisSettings.from_dsn(redis_url), default_queue_name="q")
        for _ in range(2):
            for item in items:
                await pool.enqueue_job(JOB, "summary", item.id, item.article.model_dump(mode="json"),
                                       _job_id=job_id("summary", item), _queue_name="q")  # fmt: skip
        queued = int(await pool.zcard("q"))
        await pool.aclose()
        return queued

    assert asyncio.run(enqueue_twice()) == 3
    assert redis.Redis.from_url(redis_url).zcard("q") == 3
