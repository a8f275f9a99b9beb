"""``factalign serve --workers N``: N uvicorn processes, each on its own SO_REUSEPORT socket on one port, so the
kernel spreads connections evenly over them (on one shared socket the first worker awake accepts a whole burst
of connections and keeps them: 32 keep-alive clients ended up on one worker); dead workers are restarted."""

import contextlib
import errno
import logging
import multiprocessing
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType

log = logging.getLogger("factalign.api")
RESTART_PAUSE_S = 1.0  # a worker that dies at once is not restarted in a tight loop
STOP_TIMEOUT_S = 20.0  # graceful shutdown (10 s in uvicorn) plus start-up still under way


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must say TCP: asyncio sets TCP_NODELAY only on sockets whose proto is IPPROTO_TCP, and accepted
    # sockets inherit it. With proto 0 every response waited ~40 ms on Nagle + delayed ACK (725 vs 2,500 req/s).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    return sock


def claim_port(host: str, port: int) -> int:
    """Fail now if the port is taken (SO_REUSEPORT alone would share it with another server); returns the port
    (the one the kernel picked when ``port`` is 0)."""
    try:
        probe = listening_socket(host, port, reuse_port=False)
    except OSError as exc:
        reason = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be bound ({exc.strerror})"
        raise SystemExit(f"factalign serve: {host}:{port} {reason}; pick another --port or --host") from None
    with probe:
        bound: int = probe.getsockname()[1]
        return bound


def run_worker(host: str, port: int) -> None:
    """One worker process: its own app (built by the factory) on its own SO_REUSEPORT socket."""
    import uvicorn

    from service.api.server import APP_FACTORY, KEEP_ALIVE_S, PROTOCOL

    sock = listening_socket(host, port, reuse_port=True)
    config = uvicorn.Config(
        APP_FACTORY, factory=True, host=host, port=port, http=PROTOCOL, timeout_graceful_shutdown=10,
        timeout_keep_alive=KEEP_ALIVE_S,
    )  # fmt: skip
    uvicorn.Server(config).run(sockets=[sock])


class Workers:
    """Start ``count`` workers, restart any that dies, stop them all on SIGTERM/SIGINT."""

    def __init__(self, host: str, port: int, count: int) -> None:
        self.host, self.port, self.count = host, port, count
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[BaseProcess] = []
        self.stopping = False

    def spawn(self) -> BaseProcess:
        process = self.context.Process(target=run_worker, args=(self.host, self.port), name="factalign-worker")
        process.start()
        return process

    def stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def run(self) -> None:
        previous = {sig: signal.signal(sig, self.stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.processes = [self.spawn() for _ in range(self.count)]
            log.warning("factalign: %d workers on http://%s:%d", self.count, self.host, self.port)
            while not self.stopping:
                time.sleep(0.2)
                for i, process in enumerate(self.processes):
                    if not process.is_alive() and not self.stopping:
                        log.warning("worker %s exited (code %s); starting another", process.pid, process.exitcode)
                        time.sleep(RESTART_PAUSE_S)
                        self.processes[i] = self.spawn()
        finally:
            self.shutdown()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def shutdown(self) -> None:
        for process in self.processes:
            if process.is_alive():
                with contextlib.suppress(ProcessLookupError):
                    process.terminate()  # SIGTERM: uvicorn finishes in-flight requests (graceful shutdown)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(5)


def serve_workers(host: str, port: int, count: int) -> None:
    Workers(host, claim_port(host, port), count).run()
