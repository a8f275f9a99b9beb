"""Resolve a role from config into a concrete target: litellm model string, endpoint, key, JSON mode."""

import os
from dataclasses import dataclass

from service.errors import ConfigError
from service.settings import RoleConfig, StructuredMode

EMBEDDED_MODEL_NAME = "openai/smollm2-135m-instruct"
# llama.cpp's server ignores the key, but the OpenAI client refuses to send a request without one.
LOCAL_PLACEHOLDER_KEY = "sk-local-no-key"
# Where recorded embedded-model requests pretend to go in replay mode; cassettes match on path, not host.
REPLAY_API_BASE = "http://127.0.0.1:8765/v1"


@dataclass(frozen=True)
class Target:
    model: str
    api_base: str | None
    api_key: str | None
    provider: str
    label: str
    mode: StructuredMode
    cache_model_id: str
    stream: bool = False  # read answers as a stream, so closing it stops an abandoned generation (streamed.py)


def provider_of(model: str) -> str:
    """'anthropic/claude-x' -> 'anthropic'; bare OpenAI names ('gpt-4o-mini') -> 'openai'."""
    return model.split("/", 1)[0] if "/" in model else "openai"


# Hosted OpenAI-style APIs, Anthropic (litellm converts) and Ollama take json_schema; llama.cpp's server
# needs json_object+schema (it answers json_schema with HTTP 500), so a role pointing at one must say
# structured_output = "json_object_schema".
DEFAULT_MODE: StructuredMode = "json_schema"


def env_key(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        raise ConfigError(f"environment variable {variable} (an api_key_env in the config) is not set")
    return value


def api_key_for(role: RoleConfig) -> str | None:
    if role.api_key is not None:
        return role.api_key.get_secret_value()
    if role.api_key_env:
        value = os.environ.get(role.api_key_env)
        if not value:
            raise ConfigError(f"role model {role.model!r}: environment variable {role.api_key_env} is not set")
        return value
    return None  # litellm falls back to the provider's usual variable (OPENAI_API_KEY, ANTHROPIC_API_KEY...)


def hosted_target(role: RoleConfig) -> Target:
    provider = provider_of(role.model)
    mode = role.structured_output or DEFAULT_MODE
    return Target(
        model=role.model,
        api_base=role.api_base,
        api_key=api_key_for(role),
        provider=provider,
        label=role.model,
        mode=mode,
        cache_model_id=f"{role.model}@{role.api_base or 'default'}",
        stream=role.stream,
    )


def embedded_target(api_base: str, model_label: str, model_fingerprint: str, *, stream: bool = False) -> Target:
    """``stream``: the server is shared (``factalign model serve``), so an abandoned call cannot kill it: its
    generation is stopped by closing the streamed connection instead."""
    return Target(
        model=EMBEDDED_MODEL_NAME,
        api_base=api_base,
        api_key=LOCAL_PLACEHOLDER_KEY,
        provider="llama.cpp",
        label=model_label,
        mode="json_object_schema",
        cache_model_id=f"embedded:{model_fingerprint}",
        stream=stream,
    )
