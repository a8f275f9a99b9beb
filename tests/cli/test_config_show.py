"""``factalign config show`` (issue 10, fault 15): credentials inside URLs and headers are masked, and roles that
only inherit ``[roles.default]`` are listed."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.cli.masking import mask_url, masked

TOML = """
[roles.default]
model = "openai/gpt-4o-mini"
api_base = "https://alice:hunter2-pass@llm.example.com/v1?api_key=sk-query-secret&region=eu"
extra = {extra_headers = {Authorization = "Bearer sk-header-secret", "X-Api-Key" = "sk-xkey-secret", "X-Trace" = "t1"}}

[roles.judge]
model = "openai/gpt-4o"

[[access.keys]]
name = "newsroom"
sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
"""


def show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, object]]:
    config = tmp_path / "factalign.toml"
    config.write_text(TOML)
    monkeypatch.setenv("FACTALIGN_CONFIG", str(config))
    result = CliRunner().invoke(app, ["config", "show"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout, json.loads(result.stdout)


def test_credentials_in_urls_and_headers_are_masked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, shown = show(tmp_path, monkeypatch)
    for secret in ("hunter2-pass", "sk-query-secret", "sk-header-secret", "sk-xkey-secret", "b0f00a08"):
        assert secret not in out
    default = shown["roles"]["default"]  # type: ignore[index]
    assert default["api_base"] == "https://alice:***@llm.example.com/v1?api_key=***&region=eu"
    headers = default["extra"]["extra_headers"]
    assert headers == {"Authorization": "Bearer ***", "X-Api-Key": "***", "X-Trace": "t1"}
    assert shown["access"]["keys"][0]["name"] == "newsroom"  # type: ignore[index]


def test_roles_that_only_inherit_the_default_are_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, shown = show(tmp_path, monkeypatch)
    roles = shown["roles"]
    assert set(roles) == {"default", "judge", "summariser", "extractor"}  # type: ignore[arg-type]
    for name in ("summariser", "extractor"):
        assert roles[name]["inherited_from"] == "roles.default"  # type: ignore[index]
        assert roles[name]["model"] == "openai/gpt-4o-mini"  # type: ignore[index]
        assert roles[name]["api_base"].startswith("https://alice:***@")  # type: ignore[index]
    assert "inherited_from" not in roles["judge"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        ("https://token@host/v1", "https://***@host/v1"),
        ("https://host/v1?key=abc&x=1", "https://host/v1?key=***&x=1"),
        ("https://host/v1?access_token=abc", "https://host/v1?access_token=***"),
    ],
)
def test_mask_url(url: str, expected: str) -> None:
    assert mask_url(url) == expected


def test_token_counts_are_not_mistaken_for_tokens() -> None:
    assert masked({"max_tokens": 512, "daily_tokens": 9, "token": "abc"}) == {
        "max_tokens": 512,
        "daily_tokens": 9,
        "token": "***",
    }
