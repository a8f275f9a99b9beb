"""Low-overhead HTTP clients for the bench: a keep-alive raw-socket client for sequential latencies, and wrk
(C, epoll) for throughput, so the client does not eat the cores the server is measured on."""

import asyncio
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

WRK_SCRIPT = """
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = f:read("*a")
f:close()
"""
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


class RawClient:
    """One keep-alive HTTP/1.1 connection, no parsing beyond the status line and Content-Length: what a request
    costs the server plus a loopback round trip, without a Python HTTP library's own cost in the figure."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sock = self._connect()

    def _connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=900)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
        if body:
            head += "Content-Type: application/json\r\n"
        self.sock.sendall(head.encode() + b"\r\n" + body)
        buf = b""
        while b"\r\n\r\n" not in buf:
            buf += self._recv()
        raw_head, rest = buf.split(b"\r\n\r\n", 1)
        lines = raw_head.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
        length = int(headers.get("content-length", "0"))
        while len(rest) < length:
            rest += self._recv()
        if headers.get("connection", "").lower() == "close":
            self.sock.close()
            self.sock = self._connect()
        return int(lines[0].split()[1]), headers, rest

    def _recv(self) -> bytes:
        chunk = self.sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        return chunk

    def close(self) -> None:
        self.sock.close()


def p50_ms(client: RawClient, method: str, path: str, body: bytes, n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        status, _, _ = client.request(method, path, body)
        times.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"{method} {path} answered {status}")
    return statistics.median(times)


def wrk_post(url: str, body: bytes, *, clients: int, seconds: float) -> dict[str, float | str]:
    """Requests/s and p50 of ``POST url`` from wrk (one thread, ``clients`` connections); every answer a 2xx."""
    with tempfile.TemporaryDirectory() as tmp:
        body_file = Path(tmp) / "body.json"
        body_file.write_bytes(body)
        script = Path(tmp) / "post.lua"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        args = ["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--latency", "-s", str(script), url]
        out = subprocess.run(
            args, capture_output=True, text=True, check=True, env={"BENCH_BODY": str(body_file), "PATH": "/usr/bin"}
        ).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk saw failed requests:\n{out}")
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    if rps is None or p50 is None:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return {"rps": float(rps[1]), "p50_ms": float(p50[1]) * UNITS[p50[2]], "client": "wrk -t1"}


async def _python_load(url: str, body: bytes, clients: int, seconds: float) -> int:
    done = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"content-type": "application/json"}
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def one() -> None:
            nonlocal done
            while time.monotonic() < stop:
                (await client.post(url, content=body, headers=headers)).raise_for_status()
                done += 1

        await asyncio.gather(*(one() for _ in range(clients)))
    return done


def load(url: str, body: bytes, *, clients: int, seconds: float) -> dict[str, float | str]:
    """wrk when installed (``scripts/setup`` installs it), else a Python asyncio client (which shares the cores)."""
    if shutil.which("wrk"):
        return wrk_post(url, body, clients=clients, seconds=seconds)
    count = asyncio.run(_python_load(url, body, clients, seconds))
    return {"rps": count / seconds, "p50_ms": float("nan"), "client": "python httpx (wrk not installed)"}
