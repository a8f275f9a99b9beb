"""Replicas through litellm's Router: two fake OpenAI-compatible servers on loopback share the requests, and
when one is killed the other answers every request."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

from service.cache import ResponseCache
from service.errors import ConfigError
from service.llm.gateway import LiteLLMGateway
from service.llm.router import deployments
from service.llm.targets import Target, hosted_target
from service.prompts import RenderedPrompt
from service.settings import Deployment, RoleConfig, Settings
from tests.fake_openai import FakeOpenAI


class Answer(BaseModel):
    verdict: str
    score: int


def prompt(i: int) -> RenderedPrompt:
    messages = ({"role": "system", "content": "be brief"}, {"role": "user", "content": f"q{i}"})
    return RenderedPrompt(id="demo", version=1, role="summariser", sha256="abc", messages=messages)


@pytest.fixture
def servers() -> Iterator[tuple[FakeOpenAI, FakeOpenAI]]:
    a, b = FakeOpenAI("a"), FakeOpenAI("b")
    yield a, b
    for server in (a, b):
        server.stop()


def gateway(tmp_path: Path, role: RoleConfig) -> LiteLLMGateway:
    async def resolve(config: RoleConfig) -> Target:
        return hosted_target(config)

    settings = Settings(roles={"summariser": role})
    return LiteLLMGateway(settings, ResponseCache(tmp_path / "cache", enabled=False), resolve)


def run_many(gw: LiteLLMGateway, start: int, count: int) -> list[str]:
    async def go() -> list[str]:
        return [(await gw.generate(prompt(i), Answer)).value.verdict for i in range(start, start + count)]

    return asyncio.run(go())


def test_requests_spread_over_replicas_and_fail_over(tmp_path: Path, servers: tuple[FakeOpenAI, FakeOpenAI]) -> None:
    a, b = servers
    role = RoleConfig(model="openai/fake-model", api_base=a.api_base, api_key="sk-test", timeout_s=20,
                      replicas=[Deployment(api_base=b.api_base)])  # fmt: skip
    gw = gateway(tmp_path, role)
    answered = run_many(gw, 0, 24)
    assert len(a.requests) + len(b.requests) == 24
    assert len(a.requests) >= 1 and len(b.requests) >= 1  # weighted random: P(all on one) = 2 * 0.5^24
    assert set(answered) == {"a", "b"}
    b.stop()
    before = len(a.requests)
    answered = run_many(gw, 100, 10)
    assert answered == ["a"] * 10  # every request answered although b is dead
    assert len(a.requests) - before == 10


def test_fallback_answers_when_every_replica_is_down(tmp_path: Path, servers: tuple[FakeOpenAI, FakeOpenAI]) -> None:
    a, b = servers
    a.stop()
    role = RoleConfig(model="openai/fake-model", api_base=a.api_base, api_key="sk-test", timeout_s=20,
                      fallbacks=[Deployment(api_base=b.api_base)])  # fmt: skip
    assert run_many(gateway(tmp_path, role), 0, 3) == ["b"] * 3


def test_embedded_role_cannot_have_replicas() -> None:
    with pytest.raises(ConfigError, match="not 'embedded'"):
        deployments(RoleConfig(replicas=[Deployment(api_base="http://127.0.0.1:1/v1")]))
