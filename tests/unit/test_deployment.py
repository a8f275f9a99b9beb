"""The Dockerfile and compose.yaml stay in step with the project (Docker itself is not run by the tests)."""

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from service.cli import app
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_dockerfile_copies_what_exists_and_runs_factalign_serve() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    for source in re.findall(r"^COPY (?!--from)(.+?) \S+$", text, re.MULTILINE):
        for name in source.split():
            assert (ROOT / name).exists(), name
    # factalign serve, not bare uvicorn: JSON errors for malformed HTTP and one SO_REUSEPORT socket per worker
    assert 'CMD ["factalign", "serve", "--host", "0.0.0.0"' in text and '"--workers"' in text


def test_compose_runs_api_workers_redis_and_a_model_server_with_valid_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]
    assert set(services) == {"api", "worker", "redis", "model"}
    env = services["api"]["environment"]
    assert env == services["worker"]["environment"]
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
    settings = Settings()  # every variable is one factalign understands
    assert settings.cache.backend == "redis" and settings.role("summariser").api_base == "http://model:8080/v1"
    for service in ("worker", "model"):
        command = services[service]["command"]
        assert command[0] == "factalign"
        assert CliRunner().invoke(app, [*command[1:], "--help"]).exit_code == 0
