"""Local model server tests run the real LocalServer + watchdog with a fake llama server module (no model)."""

import os
import time
from pathlib import Path

import pytest

from service.local_model import LocalServer
from service.settings import LocalModelConfig

FAKE_MODULE = "tests.process.fake_llama"


@pytest.fixture
def fake_llama(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point LocalServer at the fake; returns the file the fake writes its pid to."""
    monkeypatch.setattr(LocalServer, "server_module", FAKE_MODULE)
    pidfile = tmp_path / "fake.pid"
    monkeypatch.setenv("FAKE_LLAMA_PIDFILE", str(pidfile))
    monkeypatch.setenv("FAKE_LLAMA_HEARTBEAT", str(tmp_path / "heartbeat"))
    monkeypatch.setenv("FAKE_LLAMA_GENERATE_S", "0")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    return pidfile


@pytest.fixture
def local_config(tmp_path: Path) -> LocalModelConfig:
    gguf = tmp_path / "fake.gguf"
    gguf.write_bytes(b"GGUF")
    return LocalModelConfig(gguf_path=gguf, startup_timeout_s=60)


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def wait_for(predicate: object, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if callable(predicate) and predicate():
            return True
        time.sleep(0.05)
    return False
