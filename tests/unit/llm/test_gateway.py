"""The gateway's contract, with litellm's completion replaced by a scripted coroutine (no HTTP)."""

import asyncio
import json
from pathlib import Path
from typing import Any

import diskcache
import litellm
import pytest
from pydantic import BaseModel, Field

from service.cache import ResponseCache
from service.errors import InvalidModelOutput, ModelTimeout, ModelUnavailable
from service.llm.gateway import LiteLLMGateway
from service.llm.targets import Target
from service.prompts import RenderedPrompt
from service.settings import Decoding, RoleConfig, Settings


class Answer(BaseModel):
    verdict: str = Field(max_length=20)
    score: int


PROMPT = RenderedPrompt(
    id="demo",
    version=1,
    role="summariser",
    sha256="abc",
    messages=({"role": "system", "content": "be brief"}, {"role": "user", "content": "hello"}),
)


def reply(content: str, prompt_tokens: int = 100, completion_tokens: int = 20) -> litellm.ModelResponse:
    return litellm.ModelResponse(
        model="smollm2",
        choices=[{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        usage={
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    )


class Script:
    """Plays back answers (or raises exceptions) in order and records every request it was sent."""

    def __init__(self, *answers: Any, delay: float = 0.0) -> None:
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []
        self.delay = delay

    async def __call__(self, **kwargs: Any) -> Any:
        self.requests.append(kwargs)
        if self.delay:
            await asyncio.sleep(self.delay)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def local_target(_: RoleConfig) -> Target:
    return Target(
        model="openai/smollm2",
        api_base="http://127.0.0.1:9/v1",
        api_key="sk-local-no-key",
        provider="llama.cpp",
        label="SmolLM2",
        mode="json_object_schema",
        cache_model_id="embedded:x",
    )


def make_gateway(tmp_path: Path, script: Script, **role: Any) -> tuple[LiteLLMGateway, ResponseCache]:
    settings = Settings(roles={"summariser": RoleConfig(**role)})
    cache = ResponseCache(tmp_path / "cache")

    async def resolve(config: RoleConfig) -> Target:
        return local_target(config)

    return LiteLLMGateway(settings, cache, resolve, completion=script), cache


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_llama_cpp_request_uses_json_object_with_schema_and_no_sdk_retries(tmp_path: Path) -> None:
    script = Script(reply('{"verdict": "ok", "score": 3}'))
    gateway, _ = make_gateway(tmp_path, script, decoding=Decoding(temperature=0.0, max_tokens=64, seed=7))
    result = run(gateway.generate(PROMPT, Answer))
    assert result.value == Answer(verdict="ok", score=3)
    sent = script.requests[0]
    assert sent["response_format"]["type"] == "json_object"
    assert sent["response_format"]["schema"]["properties"]["verdict"]["maxLength"] == 20
    assert sent["max_retries"] == 0 and sent["num_retries"] == 0
    assert sent["api_base"] == "http://127.0.0.1:9/v1"
    assert (sent["temperature"], sent["max_tokens"], sent["seed"]) == (0.0, 64, 7)
    meta = result.meta
    assert (meta.attempts, meta.prompt_tokens, meta.completion_tokens, meta.cached) == (1, 100, 20, False)
    assert meta.cost_usd is None  # a local model has no price: unknown, not zero
    assert (meta.prompt_id, meta.prompt_version, meta.schema_name) == ("demo", 1, "Answer")


def test_invalid_output_is_retried_once_and_tokens_of_failed_attempts_count(tmp_path: Path) -> None:
    script = Script(
        reply('{"verdict": "way too long a verdict here", "score": 1}', 100, 30),
        reply('{"verdict": "fine", "score": 2}', 150, 10),
    )
    gateway, _ = make_gateway(tmp_path, script, max_attempts=2)
    result = run(gateway.generate(PROMPT, Answer))
    assert result.value.verdict == "fine"
    assert (result.meta.attempts, result.meta.prompt_tokens, result.meta.completion_tokens) == (2, 250, 40)
    # the re-ask tells the model what was wrong
    assert any("verdict" in json.dumps(m) for m in script.requests[1]["messages"][2:])


def test_output_still_invalid_after_budget_names_the_schema_and_writes_no_cache(tmp_path: Path) -> None:
    script = Script(reply("not json"), reply('{"verdict": "x"}'))
    gateway, cache = make_gateway(tmp_path, script, max_attempts=2)
    with pytest.raises(InvalidModelOutput, match="Answer schema on all 2 attempts"):
        run(gateway.generate(PROMPT, Answer))
    assert len(script.requests) == 2
    assert cache.stats().entries == 0


def test_second_identical_call_is_a_cache_hit_without_a_request(tmp_path: Path) -> None:
    script = Script(reply('{"verdict": "ok", "score": 3}'))
    gateway, cache = make_gateway(tmp_path, script)
    first = run(gateway.generate(PROMPT, Answer))
    second = run(gateway.generate(PROMPT, Answer))
    assert second.value == first.value
    assert second.meta.cached and second.meta.attempts == 0 and second.meta.cost_usd == 0.0
    assert len(script.requests) == 1
    cache.close()
    with diskcache.Cache(str(cache.directory)) as store:
        raw = store.get(next(iter(store)))
    assert isinstance(raw, str) and json.loads(json.loads(raw)["json"]) == {"verdict": "ok", "score": 3}


def test_connection_failure_is_model_unavailable(tmp_path: Path) -> None:
    error = litellm.exceptions.APIConnectionError(message="Connection refused", llm_provider="openai", model="m")
    gateway, cache = make_gateway(tmp_path, Script(error, error))
    with pytest.raises(ModelUnavailable, match=r"lost the connection to SmolLM2.*\(retried once\)"):
        run(gateway.generate(PROMPT, Answer))
    assert cache.stats().entries == 0


def test_deadline_covers_the_whole_call(tmp_path: Path) -> None:
    script = Script(reply('{"verdict": "ok", "score": 3}'), delay=2.0)
    gateway, _ = make_gateway(tmp_path, script, timeout_s=0.2)
    with pytest.raises(ModelTimeout, match=r"0\.2s deadline"):
        run(gateway.generate(PROMPT, Answer))


def test_hosted_modes_keep_json_schema(tmp_path: Path) -> None:
    script = Script(reply('{"verdict": "ok", "score": 3}'))
    settings = Settings(roles={"summariser": RoleConfig(model="openai/gpt-4o-mini")})

    async def resolve(config: RoleConfig) -> Target:
        return Target(
            model=config.model,
            api_base=None,
            api_key=None,
            provider="openai",
            label=config.model,
            mode="json_schema",
            cache_model_id=config.model,
        )

    gateway = LiteLLMGateway(settings, ResponseCache(tmp_path / "c"), resolve, completion=script)
    run(gateway.generate(PROMPT, Answer))
    sent = script.requests[0]
    assert sent["response_format"]["type"] == "json_schema"
    assert "api_base" not in sent and "api_key" not in sent
