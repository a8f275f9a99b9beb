"""A fake model gateway for unit tests: answers from a script, validates like the real one, counts calls."""

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from schemas.meta import CallMeta
from service.errors import InvalidModelOutput
from service.llm.metering import charge
from service.llm.protocol import Generation
from service.prompts import RenderedPrompt
from service.settings import RoleConfig

T = TypeVar("T", bound=BaseModel)
Responder = Callable[[RenderedPrompt, type[BaseModel]], Any]


class FakeGateway:
    """``responses`` maps prompt id -> list of answers (dicts/JSON strings), consumed in order;
    or pass ``responder`` to compute an answer from the rendered prompt and schema."""

    def __init__(
        self,
        responses: dict[str, list[Any]] | None = None,
        *,
        responder: Responder | None = None,
        roles: dict[str, RoleConfig] | None = None,
    ) -> None:
        self.responses = {k: list(v) for k, v in (responses or {}).items()}
        self.responder = responder
        self.roles = roles or {}
        self.prompts: list[RenderedPrompt] = []

    def role_config(self, role: str) -> RoleConfig:
        return self.roles.get(role, RoleConfig(model="fake/model", grounding="quotes"))

    async def generate(self, prompt: RenderedPrompt, schema: type[T], *, role: str | None = None) -> Generation[T]:
        self.prompts.append(prompt)
        if self.responder is not None:
            answer = self.responder(prompt, schema)
        else:
            queue = self.responses.get(prompt.id)
            if not queue:
                raise AssertionError(f"FakeGateway has no scripted answer left for prompt {prompt.id!r}")
            answer = queue.pop(0)
        try:
            value = schema.model_validate_json(answer) if isinstance(answer, str) else schema.model_validate(answer)
        except ValidationError as exc:
            raise InvalidModelOutput(f"{schema.__name__}: {exc.error_count()} schema errors", details=str(exc)) from exc
        meta = CallMeta(
            role=role or prompt.role,
            provider="fake",
            model="fake/model",
            prompt_id=prompt.id,
            prompt_version=prompt.version,
            prompt_sha256=prompt.sha256,
            schema_name=schema.__name__,
            cached=False,
            attempts=1,
            prompt_tokens=sum(len(m["content"]) // 4 for m in prompt.messages),
            completion_tokens=len(value.model_dump_json()) // 4,
            cost_usd=None,
            latency_ms=0.0,
        )
        charge(meta.prompt_tokens, meta.completion_tokens)  # like the real gateway: the request's meter pays
        return Generation(value=value, meta=meta)

    @property
    def calls(self) -> int:
        return len(self.prompts)
