"""The example configs in examples/config load as Settings and resolve every role, without calling a model."""

import re
import tomllib
from pathlib import Path
from typing import NamedTuple

import pytest

from service.llm.targets import hosted_target
from service.settings import ROLE_NAMES, Decoding, LimitsConfig, LocalModelConfig, Settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "config"


class Expected(NamedTuple):
    models: dict[str, str]  # role -> model string
    structured_output: str | None  # what hosted roles resolve to; None for the embedded server
    provider: str | None
    key_env: str | None  # the variable the key is read from


EXPECTED: dict[str, Expected] = {
    "embedded.toml": Expected(dict.fromkeys(ROLE_NAMES, "embedded"), None, None, None),
    "larger-gguf.toml": Expected(dict.fromkeys(ROLE_NAMES, "embedded"), None, None, None),
    "openai.toml": Expected(
        {"summariser": "openai/gpt-4o-mini", "extractor": "openai/gpt-4o-mini", "judge": "openai/gpt-4o"},
        "json_schema",
        "openai",
        "OPENAI_API_KEY",
    ),
    "anthropic.toml": Expected(
        {
            "summariser": "anthropic/claude-3-5-haiku-latest",
            "extractor": "anthropic/claude-3-5-haiku-latest",
            "judge": "anthropic/claude-3-5-sonnet-latest",
        },
        "json_schema",
        "anthropic",
        "ANTHROPIC_API_KEY",
    ),
    "ollama.toml": Expected(
        dict.fromkeys(ROLE_NAMES, "ollama_chat/qwen2.5:7b-instruct"), "json_schema", "ollama_chat", None
    ),
    "vllm.toml": Expected(
        dict.fromkeys(ROLE_NAMES, "hosted_vllm/Qwen/Qwen2.5-7B-Instruct"), "json_schema", "hosted_vllm", None
    ),
    "llamacpp-server.toml": Expected(
        dict.fromkeys(ROLE_NAMES, "openai/qwen2.5-3b-instruct"), "json_object_schema", "openai", "LLAMA_API_KEY"
    ),
    "replicas.toml": Expected(
        dict.fromkeys(ROLE_NAMES, "openai/qwen2.5-3b-instruct"), "json_object_schema", "openai", "LLAMA_API_KEY"
    ),
}


def load(name: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("FACTALIGN_CONFIG", str(EXAMPLES / name))
    return Settings()


def test_every_example_is_checked() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.toml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_never_holds_a_literal_key(name: str) -> None:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    assert not re.search(r"^\s*api_key\s*=", text, re.MULTILINE)
    assert "sk-" not in text
    data = tomllib.loads(text)
    assert all("api_key" not in role for role in data.get("roles", {}).values())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_roles_resolve(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = EXPECTED[name]
    if expected.key_env:
        monkeypatch.setenv(expected.key_env, f"test-key-for-{name}")
    settings = load(name, monkeypatch)
    for role_name in ROLE_NAMES:
        role = settings.role(role_name)
        assert role.model == expected.models[role_name], role_name
        assert role.api_key is None
        if expected.structured_output is None:
            assert role.is_embedded
            continue
        target = hosted_target(role)  # pure: reads config and the key variable, contacts nothing
        assert target.model == expected.models[role_name]
        assert target.mode == expected.structured_output
        assert target.provider == expected.provider
        assert role.api_key_env == expected.key_env
        assert target.api_key == (f"test-key-for-{name}" if expected.key_env else None)


@pytest.mark.parametrize("name", ["ollama.toml", "vllm.toml", "llamacpp-server.toml"])
def test_local_servers_are_on_loopback(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load(name, monkeypatch)
    for role_name in ROLE_NAMES:
        assert (settings.role(role_name).api_base or "").startswith("http://127.0.0.1:")


def test_embedded_example_spells_out_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load("embedded.toml", monkeypatch)
    assert settings.local_model == LocalModelConfig()
    assert settings.limits == LimitsConfig()
    for role_name in ROLE_NAMES:
        assert settings.role(role_name).decoding == Decoding()
    assert settings.role("summariser").grounding == "sentences"
    assert settings.role("extractor").grounding == "sentences"


def test_larger_gguf_points_the_embedded_server_at_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load("larger-gguf.toml", monkeypatch)
    assert settings.local_model.gguf_path == Path("/opt/models/qwen2.5-1.5b-instruct-q4_k_m.gguf")
    assert settings.local_model.n_ctx == 8192
    for role_name in ROLE_NAMES:
        assert settings.role(role_name).context_tokens == settings.local_model.n_ctx


def test_missing_key_variable_is_a_clear_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.errors import ConfigError

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    settings = load("openai.toml", monkeypatch)
    with pytest.raises(ConfigError, match="environment variable OPENAI_API_KEY is not set"):
        hosted_target(settings.role("summariser"))


def test_replicas_example_builds_a_router_model_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.llm.router import deployments

    monkeypatch.setenv("LLAMA_API_KEY", "k1")
    monkeypatch.setenv("OPENAI_API_KEY", "k2")
    role = load("replicas.toml", monkeypatch).role("summariser")
    listed = [
        (d["model_name"], d["litellm_params"]["api_base"], d["litellm_params"]["api_key"]) for d in deployments(role)
    ]
    assert listed == [
        ("primary", "http://127.0.0.1:8080/v1", "k1"),
        ("primary", "http://127.0.0.1:8081/v1", "k1"),
        ("fallback", "https://api.openai.com/v1", "k2"),
    ]
