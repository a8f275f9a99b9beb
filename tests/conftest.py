"""Test-wide guards: no network beyond loopback, an isolated cache and config, live tests only on request."""

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SEED_NOISY = SEEDS / "000_3bd73946c354d6d9.txt"
SEED_CLEAN = SEEDS / "003_2e13a831589c994b.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--live", action="store_true", help="run tests marked live (and the load test) against the real local model"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_live = pytest.mark.skip(reason="live model test: run with --live")
    for item in items:
        if "live" in item.keywords and not config.getoption("--live"):
            item.add_marker(skip_live)


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):
        return True  # AF_UNIX paths and the like never leave the machine
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be a network call


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a non-loopback address fails the test loudly."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise RuntimeError(f"test tried to reach {address!r}: tests may only touch loopback")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own cache directory and no user config file."""
    monkeypatch.setenv("FACTALIGN_CACHE__DIRECTORY", str(tmp_path / "cache"))
    monkeypatch.setenv("FACTALIGN_CONFIG", str(tmp_path / "absent.toml"))
    for key in list(os.environ):
        if key.startswith("FACTALIGN_ROLES"):
            monkeypatch.delenv(key)
    return tmp_path


@pytest.fixture
def seed_noisy_text() -> str:
    return SEED_NOISY.read_text(encoding="utf-8")


@pytest.fixture
def seed_clean_text() -> str:
    return SEED_CLEAN.read_text(encoding="utf-8")


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A fresh redis-server on loopback for this test."""
    from tests.redis_server import running_redis

    with running_redis(tmp_path / "redis") as url:
        yield url
