"""``factalign serve --workers 2`` as real processes: connections are spread over both workers (one socket each,
SO_REUSEPORT), a killed worker is replaced, SIGTERM stops them all, and a port in use is refused up front."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from service.api.workers import claim_port, listening_socket

FACTALIGN = str(Path(sys.executable).parent / "factalign")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def workers_of(pid: int) -> list[int]:
    """The uvicorn workers: children of the server whose command line is a multiprocessing spawn."""
    return [c for c in children(pid) if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]


def sockets_on(port: int, state: str) -> set[int]:
    """Socket inodes of TCP sockets on local ``port`` in ``state`` (01 established, 0A listening)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) == port and fields[3] == state:
            inodes.add(int(fields[9]))
    return inodes


def wait_listening(port: int, count: int, seconds: float = 120) -> None:
    """Every worker has its own listening socket once it has started."""
    deadline = time.monotonic() + seconds
    while len(sockets_on(port, "0A")) < count:
        assert time.monotonic() < deadline, f"fewer than {count} workers listen on {port}"
        time.sleep(0.3)


def sockets_of(pid: int) -> set[int]:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def wait_healthy(url: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the server did not answer /healthz")


def spread(port: int, workers: list[int]) -> list[int]:
    """Open 16 keep-alive connections; how many each worker holds."""
    conns = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
    try:
        for conn in conns:  # a request each: the connection now belongs to the worker that accepted it
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            assert conn.recv(4096).startswith(b"HTTP/1.1 200")
        open_now = sockets_on(port, "01")
        return [len(sockets_of(pid) & open_now) for pid in workers]
    finally:
        for conn in conns:
            conn.close()


def test_two_workers_share_connections_are_replaced_when_killed_and_stop_on_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "FACTALIGN_CACHE__DIRECTORY": str(tmp_path / "cache"),
           "FACTALIGN_CONFIG": str(tmp_path / "absent.toml"), "LITELLM_LOCAL_MODEL_COST_MAP": "True"}  # fmt: skip
    args = [FACTALIGN, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        wait_listening(port, 2)
        workers = workers_of(process.pid)
        assert len(workers) == 2
        per_worker = spread(port, workers)
        assert sum(per_worker) == 16
        assert min(per_worker) >= 1, per_worker  # on one shared socket a burst all went to the first worker awake

        first, second = workers
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len([w for w in workers_of(process.pid) if w != first]) < 2:
            time.sleep(0.3)
        now = workers_of(process.pid)
        assert second in now and first not in now and len(now) == 2
        wait_listening(port, 2)
        assert min(spread(port, now)) >= 1

        process.send_signal(signal.SIGTERM)
        assert process.wait(60) == 0
        for pid in now:  # no worker outlives the server
            stat = Path(f"/proc/{pid}/stat")
            assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_a_port_in_use_is_refused_up_front() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit, match="is in use"):
            claim_port("127.0.0.1", port)
    assert claim_port("127.0.0.1", 0) > 0


def test_accepted_connections_have_nagle_off() -> None:
    # A worker's socket must say TCP: asyncio turns Nagle off only for IPPROTO_TCP sockets, and with it on every
    # response waited ~40 ms for a delayed ACK (725 instead of 2,500 requests/s per worker).
    with listening_socket("127.0.0.1", 0, reuse_port=True) as server:
        server.listen()
        with socket.create_connection(server.getsockname()[:2]) as client:
            accepted, _ = server.accept()
            with accepted:
                assert client.fileno() >= 0
                assert accepted.proto == socket.IPPROTO_TCP
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
