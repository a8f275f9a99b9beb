"""End to end (issue 10, fault 6): a real API server (uvicorn on a socket, the real gateway) and a real model
server process that is killed with SIGKILL in the middle of a request. The client must get 503 with Retry-After
and the JSON error shape, with a plain message: not a 502, not litellm's text. Both the plain and the streamed
call (``stream = true``, used for a shared server) are covered."""

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from service.api import create_app
from service.settings import CacheConfig, RoleConfig, Settings
from tests.api.live_server import running
from tests.conftest import ROOT, SEED_CLEAN
from tests.process.conftest import alive, wait_for
from tests.redis_server import free_port

PROVIDER_WORDS = ("litellm", "APIConnectionError", "OpenAIException", "Traceback", "httpx", "RemoteProtocolError")


def start_model_server(tmp_path: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ, "PYTHONPATH": str(ROOT), "FAKE_LLAMA_GENERATE_S": "60",
        "FAKE_LLAMA_HEARTBEAT": str(tmp_path / "heartbeat"),
    }  # fmt: skip
    log = (tmp_path / "model.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.process.fake_llama", "--host", "127.0.0.1", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    assert wait_for(lambda: _answers(port), timeout_s=30), "the model server did not start"
    return server


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/v1/models", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
def test_model_server_killed_mid_request_gives_503_with_retry_after(tmp_path: Path, stream: bool) -> None:
    port = free_port()
    model = start_model_server(tmp_path, port)
    role = RoleConfig(
        model="openai/local-model", api_base=f"http://127.0.0.1:{port}/v1", api_key="sk-local",  # type: ignore[arg-type]
        structured_output="json_object_schema", timeout_s=120, stream=stream,
    )  # fmt: skip
    settings = Settings(
        roles={"default": role, "summariser": role, "extractor": role, "judge": role},
        cache=CacheConfig(directory=tmp_path / "cache", enabled=False),
    )
    answer: list[httpx.Response] = []
    try:
        with running(create_app(settings)) as api_port:
            body = {"text": SEED_CLEAN.read_text(encoding="utf-8")}
            url = f"http://127.0.0.1:{api_port}/v1/summaries"
            client = threading.Thread(target=lambda: answer.append(httpx.post(url, json=body, timeout=120)))
            client.start()
            assert wait_for((tmp_path / "heartbeat").exists, timeout_s=60), "the request never reached the model"
            os.killpg(model.pid, signal.SIGKILL)  # mid-generation
            model.wait(timeout=10)
            client.join(timeout=120)
    finally:
        if alive(model.pid):
            os.killpg(model.pid, signal.SIGKILL)
    assert answer, "no answer"
    resp = answer[0]
    assert resp.status_code == 503, resp.text
    assert int(resp.headers["retry-after"]) >= 1
    assert resp.headers["content-type"].startswith("application/json")
    error = resp.json()["error"]
    assert set(resp.json()) == {"error"} and error["type"] == "ModelUnavailable", error
    assert "retried once" in error["message"] and "try again" in error["message"]
    assert not any(word in json.dumps(error) for word in PROVIDER_WORDS), error
