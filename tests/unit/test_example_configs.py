"""The example configs in examples/config: each loads, each role resolves to a target litellm would route the
same way, keys come only from the variables they name, local servers stay on loopback, and the README lists
every example. Nothing here restates a file's contents: the assertions hold for any example someone adds."""

import os
import re
import tomllib
from pathlib import Path

import litellm
import pytest

from service.errors import ConfigError
from service.llm.targets import hosted_target
from service.settings import ROLE_NAMES, Decoding, LimitsConfig, LocalModelConfig, Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "config").glob("*.toml"))
STRUCTURED_MODES = {"json_schema", "json_object_schema", "tools", "json"}


def load(path: Path, monkeypatch: pytest.MonkeyPatch, *, keys: bool = True) -> Settings:
    """Settings from ``path``; with ``keys``, every variable a role names is set to a recognisable value."""
    monkeypatch.setenv("FACTALIGN_CONFIG", str(path))
    settings = Settings()
    for role_name in ROLE_NAMES:
        env = settings.role(role_name).api_key_env
        if env and keys:
            monkeypatch.setenv(env, f"key-from-{env}")
        elif env:
            monkeypatch.delenv(env, raising=False)
    return settings


def by_name(name: str) -> Path:
    return next(p for p in EXAMPLES if p.name == name)


def test_there_are_examples_for_the_documented_providers() -> None:
    assert {p.name for p in EXAMPLES} >= {"embedded.toml", "openai.toml", "anthropic.toml", "ollama.toml"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_never_holds_a_literal_key(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"^\s*api_key\s*=", text, re.MULTILINE)
    assert "sk-" not in text
    data = tomllib.loads(text)
    assert all("api_key" not in role for role in data.get("roles", {}).values())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_role_resolves_as_litellm_would_route_it(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load(path, monkeypatch)
    for role_name in ROLE_NAMES:
        role = settings.role(role_name)
        if role.is_embedded:
            continue
        target = hosted_target(role)  # pure: reads config and the key variable, contacts nothing
        _, provider, _, _ = litellm.get_llm_provider(target.model)
        assert target.provider == provider, f"{path.name} {role_name}: meta would name the wrong provider"
        assert target.mode in STRUCTURED_MODES
        expected_key = f"key-from-{role.api_key_env}" if role.api_key_env else None
        assert target.api_key == expected_key
        if role.api_base:
            # A local server in an example must be on loopback (and llama.cpp needs json_object + schema).
            assert role.api_base.startswith("http://127.0.0.1:"), role.api_base


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_a_missing_key_variable_is_a_config_error_naming_it(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load(path, monkeypatch, keys=False)
    for role_name in ROLE_NAMES:
        role = settings.role(role_name)
        if role.api_key_env and not role.is_embedded:
            assert role.api_key_env not in os.environ
            with pytest.raises(ConfigError, match=f"environment variable {role.api_key_env} is not set"):
                hosted_target(role)


def test_the_embedded_example_spells_out_the_real_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """It documents the defaults, so it breaks when a default changes and the example does not."""
    settings = load(by_name("embedded.toml"), monkeypatch)
    assert settings.local_model == LocalModelConfig()
    assert settings.limits == LimitsConfig()
    for role_name in ROLE_NAMES:
        role = settings.role(role_name)
        assert role.is_embedded and role.decoding == Decoding()


def test_a_larger_gguf_gives_every_role_the_server_context(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load(by_name("larger-gguf.toml"), monkeypatch)
    gguf = settings.local_model.gguf_path
    assert gguf is not None and gguf.is_absolute() and gguf.suffix == ".gguf"
    for role_name in ROLE_NAMES:
        assert settings.role(role_name).is_embedded
        assert settings.role(role_name).context_tokens == settings.local_model.n_ctx


def test_the_readme_lists_every_example() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in EXAMPLES if f"examples/config/{p.name}" not in readme]
    assert not missing, f"add these to the README's provider table: {missing}"


def test_replicas_example_builds_a_router_model_list(monkeypatch: pytest.MonkeyPatch) -> None:
    from service.llm.router import deployments

    monkeypatch.setenv("LLAMA_API_KEY", "k1")
    monkeypatch.setenv("OPENAI_API_KEY", "k2")
    role = load(ROOT / "examples" / "config" / "replicas.toml", monkeypatch, keys=False).role("summariser")
    monkeypatch.setenv("LLAMA_API_KEY", "k1")
    listed = [
        (d["model_name"], d["litellm_params"]["api_base"], d["litellm_params"]["api_key"]) for d in deployments(role)
    ]
    assert listed == [
        ("primary", "http://127.0.0.1:8080/v1", "k1"),
        ("primary", "http://127.0.0.1:8081/v1", "k1"),
        ("fallback", "https://api.openai.com/v1", "k2"),
    ]
