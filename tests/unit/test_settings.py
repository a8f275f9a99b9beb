"""Settings: defaults, FACTALIGN_* environment overrides, a TOML file via FACTALIGN_CONFIG, and role lookup."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from service.errors import ConfigError
from service.settings import EMBEDDED, ROLE_NAMES, LimitsConfig, RoleConfig, Settings


def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "factalign.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FACTALIGN_CONFIG", str(path))
    return path


def test_defaults_are_three_embedded_roles(tmp_path: Path) -> None:
    settings = Settings()
    assert ROLE_NAMES == ("summariser", "extractor", "judge")
    assert set(settings.roles) == set(ROLE_NAMES)
    for name in ROLE_NAMES:
        role = settings.role(name)
        assert role.model == EMBEDDED
        assert role.is_embedded
        assert role.api_key is None
        assert role.decoding.temperature == 0.0
        assert role.max_attempts == 2
    assert settings.limits == LimitsConfig()
    assert settings.limits.max_body_bytes == 1024 * 1024
    assert settings.local_model.gguf_path is None
    assert settings.local_model.host == "127.0.0.1"
    # conftest points the cache at the test's own directory through FACTALIGN_CACHE__DIRECTORY
    assert settings.cache.directory == tmp_path / "cache"
    assert settings.cache.enabled


def test_env_overrides_one_role_and_others_stay_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTALIGN_ROLES__SUMMARISER__MODEL", "ollama_chat/qwen2.5:7b")
    monkeypatch.setenv("FACTALIGN_ROLES__SUMMARISER__API_BASE", "http://127.0.0.1:11434")
    monkeypatch.setenv("FACTALIGN_ROLES__SUMMARISER__DECODING__MAX_TOKENS", "2048")
    settings = Settings()
    summariser = settings.role("summariser")
    assert summariser.model == "ollama_chat/qwen2.5:7b"
    assert summariser.api_base == "http://127.0.0.1:11434"
    assert summariser.decoding.max_tokens == 2048
    assert not summariser.is_embedded
    assert settings.role("extractor").model == EMBEDDED
    assert settings.role("judge").model == EMBEDDED


def test_env_overrides_limits_and_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTALIGN_LIMITS__MAX_BODY_BYTES", "4096")
    monkeypatch.setenv("FACTALIGN_CACHE__ENABLED", "false")
    settings = Settings()
    assert settings.limits.max_body_bytes == 4096
    assert settings.cache.enabled is False


def test_toml_default_role_applies_to_every_role(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        tmp_path, monkeypatch, '[roles.default]\nmodel = "openai/gpt-4o-mini"\napi_key_env = "OPENAI_API_KEY"\n'
    )
    settings = Settings()
    assert set(settings.roles) == {"default"}
    for name in ROLE_NAMES:
        assert settings.role(name).model == "openai/gpt-4o-mini"
        assert settings.role(name).api_key_env == "OPENAI_API_KEY"


def test_toml_named_role_wins_over_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        tmp_path,
        monkeypatch,
        """
[roles.default]
model = "openai/gpt-4o-mini"

[roles.summariser]
model = "anthropic/claude-3-5-haiku-latest"
api_key_env = "ANTHROPIC_API_KEY"
timeout_s = 60

[roles.summariser.decoding]
max_tokens = 1500

[limits]
keep_ungrounded = true
""",
    )
    settings = Settings()
    summariser = settings.role("summariser")
    assert summariser.model == "anthropic/claude-3-5-haiku-latest"
    assert summariser.api_key_env == "ANTHROPIC_API_KEY"
    assert summariser.api_key is None  # the key itself is read from the variable at call time
    assert summariser.timeout_s == 60
    assert summariser.decoding.max_tokens == 1500
    assert settings.role("extractor").model == "openai/gpt-4o-mini"
    assert settings.role("judge").model == "openai/gpt-4o-mini"
    assert settings.limits.keep_ungrounded is True


def test_env_beats_the_toml_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(tmp_path, monkeypatch, '[roles.summariser]\nmodel = "anthropic/claude-3-5-haiku-latest"\n')
    monkeypatch.setenv("FACTALIGN_ROLES__SUMMARISER__MODEL", "openai/gpt-4o")
    assert Settings().role("summariser").model == "openai/gpt-4o"


def test_init_arguments_beat_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTALIGN_LIMITS__MAX_BODY_BYTES", "4096")
    assert Settings(limits=LimitsConfig(max_body_bytes=2048)).limits.max_body_bytes == 2048


@pytest.mark.parametrize(
    ("toml", "location"),
    [
        ('[roles.summariser]\nmodle = "openai/gpt-4o"\n', "roles.summariser.modle"),
        ("[bogus]\nx = 1\n", "bogus"),
        ("[limits]\nmax_body = 10\n", "limits.max_body"),
        ("[roles.judge.decoding]\ntemprature = 0.5\n", "roles.judge.decoding.temprature"),
    ],
)
def test_unknown_key_in_toml_is_a_validation_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str, location: str
) -> None:
    write_config(tmp_path, monkeypatch, toml)
    with pytest.raises(ValidationError) as info:
        Settings()
    errors = info.value.errors()
    assert [".".join(map(str, e["loc"])) for e in errors] == [location]
    assert errors[0]["type"] == "extra_forbidden"


@pytest.mark.parametrize(
    "toml",
    [
        '[roles.summariser]\nstructured_output = "xml"\n',
        '[roles.summariser]\ngrounding = "vibes"\n',
        "[roles.summariser]\nmax_attempts = 0\n",
        "[limits]\nmax_body_bytes = 10\n",
    ],
)
def test_out_of_range_values_are_validation_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, toml: str) -> None:
    write_config(tmp_path, monkeypatch, toml)
    with pytest.raises(ValidationError):
        Settings()


def test_unknown_role_lists_the_known_roles() -> None:
    settings = Settings(roles={"summariser": RoleConfig(model="openai/gpt-4o-mini"), "critic": RoleConfig()})
    with pytest.raises(ConfigError) as info:
        settings.role("nope")
    assert (
        info.value.message == "no model role named 'nope' in config (known roles: critic, extractor, judge, summariser)"
    )


def test_missing_builtin_role_falls_back_to_the_embedded_model() -> None:
    settings = Settings(roles={"summariser": RoleConfig(model="openai/gpt-4o-mini")})
    assert settings.role("judge") == RoleConfig()


def test_api_key_is_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTALIGN_ROLES__SUMMARISER__API_KEY", "sk-secret-123")
    role = Settings().role("summariser")
    assert role.api_key is not None
    assert role.api_key.get_secret_value() == "sk-secret-123"
    assert "sk-secret-123" not in repr(role)
    assert "sk-secret-123" not in Settings().model_dump_json()
