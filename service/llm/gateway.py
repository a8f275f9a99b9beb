"""The model gateway: cache lookup, one retry budget, one deadline, token/cost accounting, call log."""

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # never fetch the price list at import

import instructor
import litellm
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError

from schemas.meta import CallMeta, total_cost
from service.cache import CachedAnswer, ResponseCache, cache_key, schema_fingerprint
from service.errors import FactalignError, ModelTimeout, ModelUnavailable
from service.llm.failures import CONNECTION_LOST, from_provider, invalid_output
from service.llm.metering import charge
from service.llm.protocol import Generation
from service.llm.queue import BoundedSlot
from service.llm.router import build_router
from service.llm.streamed import streamed_completion
from service.llm.targets import Target
from service.prompts import RenderedPrompt
from service.settings import RoleConfig, Settings

litellm.telemetry = False
litellm.suppress_debug_info = True
log = logging.getLogger("factalign.llm")
T = TypeVar("T", bound=BaseModel)
Completion = Callable[..., Awaitable[Any]]
TargetResolver = Callable[[RoleConfig], Awaitable[Target]]
AbandonHook = Callable[[Target], None]

_MODES = {
    "json_object_schema": instructor.Mode.JSON_SCHEMA,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "tools": instructor.Mode.TOOLS,
    "json": instructor.Mode.JSON,
}


@dataclass
class Tally:
    """What every attempt of one call cost, failed attempts included."""

    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    costs: list[float | None] = field(default_factory=list)


def _usage(response: Any) -> tuple[int, int]:
    usage = getattr(response, "usage", None)
    return int(getattr(usage, "prompt_tokens", 0) or 0), int(getattr(usage, "completion_tokens", 0) or 0)


def _cost(response: Any) -> float | None:
    try:
        cost = litellm.completion_cost(completion_response=response)
    except Exception:  # unknown model or provider: the honest answer is "unknown"
        return None
    return float(cost) if cost else None


def attempt_counter(target: Target, tally: Tally, completion: Completion) -> Completion:
    """The function instructor calls per attempt: rewrites the request for the target, counts what it cost."""

    async def call(**kwargs: Any) -> Any:
        fmt = kwargs.get("response_format")
        if target.mode == "json_object_schema" and isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            # llama.cpp turns {"type": "json_object", "schema": ...} into a grammar; json_schema gets HTTP 500.
            kwargs["response_format"] = {"type": "json_object", "schema": fmt["json_schema"]["schema"]}
        if target.mode == "tools":
            kwargs["_skip_mcp_handler"] = True  # litellm 1.106.2 imports the optional `mcp` package otherwise
        kwargs["max_retries"] = 0  # the SDK must not retry behind our one retry budget
        kwargs["num_retries"] = 0
        tally.attempts += 1
        if target.stream:
            response = await streamed_completion(completion, **kwargs)
        else:
            response = await completion(**kwargs)
        prompt_tokens, completion_tokens = _usage(response)
        tally.prompt_tokens += prompt_tokens
        tally.completion_tokens += completion_tokens
        tally.costs.append(_cost(response))
        return response

    return call


class LiteLLMGateway:
    """Implements ``ModelGateway`` over litellm + instructor. Build one per process from Settings."""

    def __init__(
        self,
        settings: Settings,
        cache: ResponseCache,
        resolve_target: TargetResolver,
        *,
        completion: Completion | None = None,
        on_abandon: AbandonHook | None = None,
    ) -> None:
        """``on_abandon(target)`` is told when a sent call is given up (deadline, client gone, connection lost),
        so the runtime can stop a local server that would otherwise go on generating the abandoned answer."""
        self.settings = settings
        self.cache = cache
        self._resolve_target = resolve_target
        self._completion: Completion = completion or litellm.acompletion
        self._on_abandon = on_abandon
        self._slots: dict[str, BoundedSlot] = {}
        self._routed: dict[str, Completion] = {}

    def _completion_for(self, config: RoleConfig) -> Completion:
        """litellm's Router for a role with replicas or fallbacks (built once per role), else the plain call."""
        if not (config.replicas or config.fallbacks):
            return self._completion
        key = config.model_dump_json()
        if key not in self._routed:
            self._routed[key] = build_router(config).acompletion
        return self._routed[key]

    def _slot(self, target: Target, config: RoleConfig) -> BoundedSlot:
        """Calls to one endpoint wait their turn here (at most ``limits.max_queue`` of them), so a deadline counts
        from when a call is sent and an overloaded service answers 503 at once instead of queueing forever."""
        limit = config.concurrency or (1 if config.is_embedded else 8)
        key = f"{target.cache_model_id}|{limit}"
        if key not in self._slots:
            limits = self.settings.limits
            self._slots[key] = BoundedSlot(
                limit, limits.max_queue, label=target.label, max_wait_s=limits.max_queue_wait_s
            )
        return self._slots[key]

    def _abandon(self, target: Target) -> None:
        if self._on_abandon is not None:
            try:
                self._on_abandon(target)
            except Exception:  # cleaning up must never hide the caller's real error
                log.exception("could not stop the abandoned generation on %s", target.label)

    def role_config(self, role: str) -> RoleConfig:
        return self.settings.role(role)

    async def generate(self, prompt: RenderedPrompt, schema: type[T], *, role: str | None = None) -> Generation[T]:
        role_name = role or prompt.role
        config = self.settings.role(role_name)
        target = await self._resolve_target(config)
        params = config.decoding.model_dump(exclude_none=True)
        key = cache_key(
            messages=prompt.messages,
            prompt_id=prompt.id,
            prompt_version=prompt.version,
            prompt_sha256=prompt.sha256,
            schema_sha256=schema_fingerprint(schema.model_json_schema()),
            model=target.cache_model_id,
            params={**params, "mode": target.mode, "extra": config.extra},
        )
        started = time.perf_counter()
        meta = dict(
            role=role_name, provider=target.provider, model=target.label, prompt_id=prompt.id,
            prompt_version=prompt.version, prompt_sha256=prompt.sha256, schema_name=schema.__name__,
        )  # fmt: skip
        hit = self.cache.get(key)
        if hit is not None:
            try:
                value = schema.model_validate_json(hit.json)
            except ValidationError:
                value = None  # stored by an older schema of the same name: drop it and recompute
                self.cache.discard(key)
            if value is not None:
                elapsed = (time.perf_counter() - started) * 1000
                call = CallMeta(**meta, cached=True, attempts=0, prompt_tokens=0, completion_tokens=0,
                                cost_usd=0.0, latency_ms=elapsed)  # fmt: skip
                return Generation(value=value, meta=call)
        tally = Tally()
        try:
            async with self._slot(target, config):
                try:
                    value = await self._call(target, config, prompt, schema, tally)
                except ModelUnavailable as exc:
                    if not (isinstance(exc.details, dict) and exc.details.get("reason") == CONNECTION_LOST):
                        raise
                    if config.max_attempts < 2:
                        raise
                    # The server died or dropped us mid-request: resolve again (restarts our own local server)
                    # and try once more before telling the caller to come back later.
                    log.warning("connection to %s lost; retrying once", target.label)
                    self._abandon(target)
                    target = await self._resolve_target(config)
                    try:
                        value = await self._call(target, config, prompt, schema, tally)
                    except ModelUnavailable as again:
                        raise ModelUnavailable(f"{again.message} (retried once)", details=again.details) from again
        finally:
            charge(tally.prompt_tokens, tally.completion_tokens)
        self.cache.put(key, CachedAnswer(value.model_dump_json(), tally.prompt_tokens, tally.completion_tokens))
        call = CallMeta(
            **meta, cached=False, attempts=tally.attempts, prompt_tokens=tally.prompt_tokens,
            completion_tokens=tally.completion_tokens,
            cost_usd=total_cost(tally.costs),
            latency_ms=(time.perf_counter() - started) * 1000,
        )  # fmt: skip
        log.info("model call %s", call.model_dump_json())
        return Generation(value=value, meta=call)

    async def _call(
        self, target: Target, config: RoleConfig, prompt: RenderedPrompt, schema: type[T], tally: Tally
    ) -> T:
        client = instructor.from_litellm(
            attempt_counter(target, tally, self._completion_for(config)), mode=_MODES[target.mode], async_client=True
        )
        request: dict[str, Any] = {
            "model": target.model,
            "messages": [dict(m) for m in prompt.messages],
            "timeout": config.timeout_s,
            **config.decoding.model_dump(exclude_none=True),
            **config.extra,
        }
        if target.api_base:
            request["api_base"] = target.api_base
        if target.api_key:
            request["api_key"] = target.api_key
        try:
            async with asyncio.timeout(config.timeout_s):
                result: T = await client.chat.completions.create(
                    response_model=schema, max_retries=config.max_attempts - 1, **request
                )
                # A clean instance: instructor attaches the raw response as private state.
                return schema.model_validate_json(result.model_dump_json())
        except asyncio.CancelledError:
            self._abandon(target)  # the client went away mid-call: the server must not go on generating
            raise
        except TimeoutError:
            self._abandon(target)
            raise ModelTimeout(
                f"{target.label} gave no valid answer within the {config.timeout_s:g}s deadline "
                f"({tally.attempts} attempt(s)); raise the role's timeout_s or use a faster model"
            ) from None
        except InstructorRetryException as exc:
            cause = exc.__cause__
            if not isinstance(cause, Exception) or isinstance(cause, ValueError):  # JSONDecodeError is a ValueError
                raise invalid_output(schema.__name__, tally.attempts, cause or exc) from exc
            raise from_provider(cause, model=target.label, api_base=target.api_base) from exc
        except IncompleteOutputException as exc:
            raise invalid_output(
                schema.__name__,
                tally.attempts,
                ValueError(f"answer cut off at max_tokens={config.decoding.max_tokens}"),
            ) from exc
        except FactalignError:
            raise
        except Exception as exc:
            raise from_provider(exc, model=target.label, api_base=target.api_base) from exc
