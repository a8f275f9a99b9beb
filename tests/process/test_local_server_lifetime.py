"""The llama.cpp child's lifetime (issue 10, faults 1, 5, 6, 7 and 16): it dies with its parent (SIGTERM or
SIGKILL), an abandoned generation is stopped, a server killed mid-request is restarted and the call retried, and
its log lives in the configured cache directory."""

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pydantic import BaseModel

from service.errors import ModelTimeout
from service.llm.gateway import LiteLLMGateway
from service.local_model import LocalServer
from service.prompts import RenderedPrompt
from service.runtime import Runtime, build_gateway
from service.settings import CacheConfig, LocalModelConfig, RoleConfig, Settings
from tests.process.conftest import FAKE_MODULE, alive, wait_for


class Answer(BaseModel):
    verdict: str
    score: int


PROMPT = RenderedPrompt(
    id="demo", version=1, role="summariser", sha256="abc", messages=({"role": "user", "content": "hello"},)
)


def runtime_for(tmp_path: Path, local_config: LocalModelConfig, **role: object) -> Runtime:
    settings = Settings(
        roles={"summariser": RoleConfig(**role)},  # type: ignore[arg-type]
        local_model=local_config,
        cache=CacheConfig(directory=tmp_path / "cache", enabled=False),
    )
    return Runtime(settings)


PARENT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from service.local_model import LocalServer
    from service.settings import LocalModelConfig
    LocalServer.server_module = {module!r}
    server = LocalServer(LocalModelConfig(gguf_path=Path({gguf!r}), startup_timeout_s=60), Path({state!r}))
    server.start()
    print("started", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_the_server_dies_with_its_parent(
    tmp_path: Path, fake_llama: Path, local_config: LocalModelConfig, sig: signal.Signals
) -> None:
    code = PARENT.format(module=FAKE_MODULE, gguf=str(local_config.gguf_path), state=str(tmp_path / "state"))
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == "started"
        child = int(fake_llama.read_text())
        assert alive(child)
        parent.send_signal(sig)
        parent.wait(timeout=10)
        assert wait_for(lambda: not alive(child), timeout_s=10), "the model server outlived its parent"
    finally:
        parent.kill()
        parent.wait(timeout=10)


def test_the_log_goes_under_the_configured_cache_directory(
    tmp_path: Path, fake_llama: Path, local_config: LocalModelConfig
) -> None:
    server = LocalServer(local_config, tmp_path / "configured-cache")
    try:
        server.start()
    finally:
        server.stop()
    assert (tmp_path / "configured-cache" / "local-server.log").is_file()
    assert "fake-llama" in (tmp_path / "configured-cache" / "local-server.log").read_text()


async def abandon(gateway: LiteLLMGateway, heartbeat: Path, how: str) -> None:
    """Start a generation, wait until the server is generating, then give the call up: by the role's deadline
    (``how == "deadline"``) or as the API does when its client disconnects (the call is cancelled)."""
    call = asyncio.ensure_future(gateway.generate(PROMPT, Answer))
    await asyncio.to_thread(wait_for, lambda: heartbeat.exists() or call.done(), 60.0)
    if how == "deadline":
        with pytest.raises(ModelTimeout):
            await call
    else:
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call


@pytest.mark.parametrize("how", ["deadline", "client-gone"])
def test_an_abandoned_generation_is_stopped(
    tmp_path: Path, fake_llama: Path, local_config: LocalModelConfig, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setenv("FAKE_LLAMA_GENERATE_S", "120")
    heartbeat = fake_llama.parent / "heartbeat"
    runtime = runtime_for(tmp_path, local_config, timeout_s=8.0 if how == "deadline" else 120.0)
    gateway = build_gateway(runtime)

    try:
        asyncio.run(abandon(gateway, heartbeat, how))
        first = int(fake_llama.read_text())
        assert wait_for(lambda: not alive(first), timeout_s=10), "the server went on generating"
        beat = heartbeat.read_text()
        time.sleep(0.5)
        assert heartbeat.read_text() == beat  # nothing is generating any more
        # The next call gets a fresh server.
        monkeypatch.setenv("FAKE_LLAMA_GENERATE_S", "0")
        result = asyncio.run(gateway.generate(PROMPT, Answer))
        assert result.value == Answer(verdict="ok", score=3)
        assert int(fake_llama.read_text()) != first
    finally:
        runtime.close()


def test_a_server_killed_mid_request_is_restarted_and_the_call_retried(
    tmp_path: Path, fake_llama: Path, local_config: LocalModelConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_LLAMA_GENERATE_S", "30")
    runtime = runtime_for(tmp_path, local_config, timeout_s=60.0)
    gateway = build_gateway(runtime)

    async def go() -> Answer:
        call = asyncio.ensure_future(gateway.generate(PROMPT, Answer))
        await asyncio.to_thread(wait_for, lambda: (fake_llama.parent / "heartbeat").exists() or call.done(), 60.0)
        victim.append(await asyncio.to_thread(lambda: int(fake_llama.read_text())))
        monkeypatch.setenv("FAKE_LLAMA_GENERATE_S", "0")  # the restarted server answers at once
        os.kill(victim[0], signal.SIGKILL)
        generation = await call
        return generation.value

    victim: list[int] = []
    try:
        assert asyncio.run(go()) == Answer(verdict="ok", score=3)
        assert int(fake_llama.read_text()) != victim[0]
    finally:
        runtime.close()


@pytest.mark.parametrize("how", ["deadline", "client-gone"])
def test_a_shared_server_stops_an_abandoned_generation_and_keeps_running(
    tmp_path: Path, fake_llama: Path, local_config: LocalModelConfig, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """``factalign model serve`` (another process) cannot be killed when a call is given up: the call is streamed,
    and closing the stream makes the server stop generating (the fake records the disconnect)."""
    generate = tmp_path / "generate_s"
    generate.write_text("120")
    monkeypatch.setenv("FAKE_LLAMA_GENERATE_FILE", str(generate))
    disconnects = tmp_path / "disconnects"
    monkeypatch.setenv("FAKE_LLAMA_DISCONNECTS", str(disconnects))
    heartbeat = fake_llama.parent / "heartbeat"
    shared = LocalServer(local_config, tmp_path / "cache")  # what `factalign model serve` runs and advertises
    shared.start()
    shared.write_state()
    runtime = runtime_for(tmp_path, local_config, timeout_s=4.0 if how == "deadline" else 120.0)
    gateway = build_gateway(runtime)

    try:
        asyncio.run(abandon(gateway, heartbeat, how))
        assert wait_for(disconnects.exists, timeout_s=10), "the shared server never saw the connection close"
        beat = heartbeat.read_text()
        time.sleep(0.5)
        assert heartbeat.read_text() == beat  # it stopped generating the abandoned answer
        server_pid = int(fake_llama.read_text())
        assert alive(server_pid) and runtime.local.process is None  # shared: not killed, not replaced
        generate.write_text("0")
        result = asyncio.run(gateway.generate(PROMPT, Answer))  # the same server answers the next call
        assert result.value == Answer(verdict="ok", score=3)
        assert result.meta.prompt_tokens > 0 and result.meta.completion_tokens == 1  # counted, though not reported
        assert int(fake_llama.read_text()) == server_pid
    finally:
        runtime.close()
        shared.stop()
