"""A minimal HTTP-speaking gateway for cassette tests: posts the rendered prompt, validates the JSON answer."""

import json
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from schemas.meta import CallMeta
from service.llm.protocol import Generation
from service.prompts import RenderedPrompt
from service.settings import RoleConfig

T = TypeVar("T", bound=BaseModel)
Answer = Callable[[dict[str, Any]], dict[str, Any]]


def answering(answer: Answer) -> httpx.MockTransport:
    """A fake model server: ``answer`` gets the request JSON and returns the content object."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        content = json.dumps(answer(body))
        return httpx.Response(200, json={"choices": [{"message": {"content": content}}], "usage": {}})

    return httpx.MockTransport(handle)


def refusing() -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        raise AssertionError("a replayed run reached the network")

    return httpx.MockTransport(handle)


class HttpGateway:
    def __init__(self, transport: httpx.BaseTransport | httpx.AsyncBaseTransport, api_base: str) -> None:
        self.transport = transport
        self.api_base = api_base

    def role_config(self, role: str) -> RoleConfig:
        return RoleConfig(model="fake/model")

    async def generate(self, prompt: RenderedPrompt, schema: type[T], *, role: str | None = None) -> Generation[T]:
        body = {"model": "m", "messages": list(prompt.messages), "api_key": "sk-secret", "schema": schema.__name__}
        async with httpx.AsyncClient(transport=self.transport) as client:  # type: ignore[arg-type]
            response = await client.post(
                f"{self.api_base}/chat/completions", json=body, headers={"Authorization": "Bearer sk-secret"}
            )
        response.raise_for_status()
        value = schema.model_validate_json(response.json()["choices"][0]["message"]["content"])
        meta = CallMeta(
            role=role or prompt.role, provider="http", model="m", prompt_id=prompt.id,
            prompt_version=prompt.version, prompt_sha256=prompt.sha256, schema_name=schema.__name__,
            cached=False, attempts=1, prompt_tokens=10, completion_tokens=2, cost_usd=None, latency_ms=5.0,
        )  # fmt: skip
        return Generation(value=value, meta=meta)
