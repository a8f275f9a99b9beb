"""Gateway faults (issue 10): connection lost mid-call -> one retry then 503, abandoned calls reported, the bounded
queue answers 503 at once while cache hits are served, every attempt's tokens charged to the request's meter."""

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import litellm
import pytest

from service.cache import ResponseCache
from service.errors import ModelTimeout, ModelUnavailable, Overloaded
from service.llm.failures import from_provider
from service.llm.gateway import LiteLLMGateway
from service.llm.metering import metered
from service.llm.targets import Target
from service.prompts import RenderedPrompt
from service.settings import LimitsConfig, RoleConfig, Settings
from tests.unit.llm.test_gateway import PROMPT, Answer, Script, local_target, reply

OK = '{"verdict": "ok", "score": 3}'


def build(
    tmp_path: Path, script: Any, *, max_queue: int = 8, **role: Any
) -> tuple[LiteLLMGateway, list[Target], list[int]]:
    settings = Settings(roles={"summariser": RoleConfig(**role)}, limits=LimitsConfig(max_queue=max_queue))
    abandoned: list[Target] = []
    resolved: list[int] = []

    async def resolve(config: RoleConfig) -> Target:
        resolved.append(1)
        return local_target(config)

    gateway = LiteLLMGateway(
        settings, ResponseCache(tmp_path / "cache"), resolve, completion=script, on_abandon=abandoned.append
    )
    return gateway, abandoned, resolved


def dropped() -> Exception:
    """What litellm raises when the server closes the socket mid-request (measured: InternalServerError)."""
    return litellm.exceptions.InternalServerError(
        message="InternalServerError: OpenAIException - Connection error.", llm_provider="openai", model="m"
    )


def test_server_killed_mid_request_is_retried_once_on_a_fresh_target(tmp_path: Path) -> None:
    gateway, abandoned, resolved = build(tmp_path, Script(dropped(), reply(OK)))
    result = asyncio.run(gateway.generate(PROMPT, Answer))
    assert result.value == Answer(verdict="ok", score=3)
    assert len(abandoned) == 1  # the runtime was told, so it can restart its server
    assert len(resolved) == 2  # the target was resolved again (a dead local server is restarted there)


def test_server_killed_twice_is_503_with_retry_after_and_no_raw_litellm_text(tmp_path: Path) -> None:
    gateway, _, _ = build(tmp_path, Script(dropped(), dropped()))
    with pytest.raises(ModelUnavailable) as info:
        asyncio.run(gateway.generate(PROMPT, Answer))
    err = info.value
    assert err.status_code == 503
    assert err.retry_after == 10
    assert "lost the connection" in err.message and "(retried once)" in err.message
    assert "OpenAIException" not in err.message and "litellm" not in err.message


def test_connection_loss_is_not_retried_when_the_role_allows_one_attempt(tmp_path: Path) -> None:
    script = Script(dropped(), reply(OK))
    gateway, _, _ = build(tmp_path, script, max_attempts=1)
    with pytest.raises(ModelUnavailable):
        asyncio.run(gateway.generate(PROMPT, Answer))
    assert len(script.requests) == 1


def test_other_5xx_stay_model_errors() -> None:
    exc = litellm.exceptions.InternalServerError(message="boom: bad grammar", llm_provider="openai", model="m")
    error = from_provider(exc, model="m", api_base=None)
    assert type(error).__name__ == "ModelError"


def test_deadline_reports_the_abandoned_call(tmp_path: Path) -> None:
    gateway, abandoned, _ = build(tmp_path, Script(reply(OK), delay=5.0), timeout_s=0.2)
    with pytest.raises(ModelTimeout):
        asyncio.run(gateway.generate(PROMPT, Answer))
    assert len(abandoned) == 1


def test_cancelled_call_reports_the_abandoned_call(tmp_path: Path) -> None:
    gateway, abandoned, _ = build(tmp_path, Script(reply(OK), delay=5.0))

    async def go() -> None:
        task = asyncio.ensure_future(gateway.generate(PROMPT, Answer))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(go())
    assert len(abandoned) == 1


def prompt(n: int) -> RenderedPrompt:
    return dataclasses.replace(PROMPT, messages=({"role": "user", "content": f"article {n}"},))


def test_full_queue_answers_503_at_once_and_cache_hits_are_still_served(tmp_path: Path) -> None:
    gate = asyncio.Event()

    class Slow(Script):
        async def __call__(self, **kwargs: Any) -> Any:
            if len(self.requests) >= 1:
                await gate.wait()
            return await super().__call__(**kwargs)

    script = Slow(*[reply(OK) for _ in range(10)])
    gateway, _, _ = build(tmp_path, script, max_queue=2)

    async def go() -> None:
        await gateway.generate(prompt(0), Answer)  # cached from here on
        running = [asyncio.ensure_future(gateway.generate(prompt(n), Answer)) for n in (1, 2, 3)]
        await asyncio.sleep(0.1)  # 1 in flight (blocked), 2 waiting: the queue is full
        with pytest.raises(Overloaded) as info:
            await gateway.generate(prompt(4), Answer)
        assert info.value.status_code == 503
        assert info.value.retry_after is not None and info.value.retry_after >= 1
        assert "limits.max_queue = 2" in info.value.message
        hit = await gateway.generate(prompt(0), Answer)
        assert hit.meta.cached
        gate.set()
        done = await asyncio.gather(*running)
        assert [d.value.verdict for d in done] == ["ok", "ok", "ok"]

    asyncio.run(go())


def test_every_attempt_is_charged_to_the_request_meter(tmp_path: Path) -> None:
    script = Script(reply("not json", 50, 5), reply(OK, 70, 7))
    gateway, _, _ = build(tmp_path, script)

    async def go() -> int:
        with metered() as meter:
            await gateway.generate(PROMPT, Answer)
            await gateway.generate(PROMPT, Answer)  # a cache hit costs nothing
        return meter.tokens

    assert asyncio.run(go()) == 50 + 5 + 70 + 7


def test_a_call_that_waits_too_long_in_the_queue_is_503(tmp_path: Path) -> None:
    settings = Settings(roles={"summariser": RoleConfig()}, limits=LimitsConfig(max_queue=8, max_queue_wait_s=0.3))
    gate = asyncio.Event()

    async def blocked(**kwargs: Any) -> Any:
        await gate.wait()
        return reply(OK)

    async def resolve(config: RoleConfig) -> Target:
        return local_target(config)

    gateway = LiteLLMGateway(settings, ResponseCache(tmp_path / "cache"), resolve, completion=blocked)

    async def go() -> None:
        first = asyncio.ensure_future(gateway.generate(prompt(1), Answer))
        await asyncio.sleep(0.05)
        with pytest.raises(Overloaded, match=r"limits\.max_queue_wait_s"):
            await gateway.generate(prompt(2), Answer)
        gate.set()
        await first

    asyncio.run(go())
