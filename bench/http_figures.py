"""HTTP and CLI figures: cache-hit p50 vs a validated no-op POST, CLI hit vs ``--version``, throughput on
1/2/4 uvicorn workers with 32 concurrent clients, and peak RSS of the API workers."""

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "003_2e13a831589c994b.txt"
FACTALIGN = str(Path(sys.executable).parent / "factalign")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """``uvicorn service.api:create_app --factory --workers N`` on 127.0.0.1 with the bench's environment."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [
            sys.executable,
            "-m",
            "uvicorn",
            "service.api:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("the API server did not start")
            time.sleep(0.3)

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def p50_ms(client: httpx.Client, method: str, url: str, n: int, **kwargs: Any) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        resp = client.request(method, url, **kwargs)
        times.append((time.perf_counter() - t0) * 1000)
        resp.raise_for_status()
    return statistics.median(times)


def http_ratio(server: Server, n: int = 200) -> dict[str, float]:
    body = {"text": SEED.read_text(encoding="utf-8")}
    with httpx.Client(timeout=900) as client:
        first = client.post(server.url + "/v1/summaries", json=body)  # the miss that fills the cache
        first.raise_for_status()
        assert client.post(server.url + "/v1/summaries", json=body).json()["meta"]["cached"] is True
        for _ in range(20):  # warm both paths
            client.post(server.url + "/v1/summaries", json=body)
            client.post(server.url + "/v1/check", json=body)
        hit = p50_ms(client, "POST", server.url + "/v1/summaries", n, json=body)
        noop = p50_ms(client, "POST", server.url + "/v1/check", n, json=body)
        health = p50_ms(client, "GET", server.url + "/healthz", n)
    return {
        "hit_p50_ms": hit,
        "noop_post_p50_ms": noop,
        "healthz_p50_ms": health,
        "ratio_1": hit / noop,
        "first_miss_s": first.elapsed.total_seconds(),
    }


def cli_ratio(env: dict[str, str], runs: int = 5) -> dict[str, float]:
    def wall(*args: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([FACTALIGN, *args], env=env, cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - t0

    subprocess.run([FACTALIGN, "summarise", str(SEED), "--json"], env=env, cwd=ROOT, check=True, capture_output=True)
    version = statistics.median(wall("--version") for _ in range(runs))
    hit = statistics.median(wall("summarise", str(SEED), "--json") for _ in range(runs))
    return {"version_s": version, "cli_hit_s": hit, "ratio_2": hit / version}


async def _load(url: str, body: dict[str, str], clients: int, seconds: float) -> int:
    done = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def one() -> None:
            nonlocal done
            while time.monotonic() < stop:
                resp = await client.post(url, json=body)
                resp.raise_for_status()
                done += 1

        await asyncio.gather(*(one() for _ in range(clients)))
    return done


def throughput(env: dict[str, str], workers: int, clients: int = 32, seconds: float = 8.0) -> dict[str, float]:
    """Cache-hit requests/s (the cache was filled by ``http_ratio``) and the workers' peak RSS."""
    server = Server(env, workers)
    try:
        body = {"text": SEED.read_text(encoding="utf-8")}
        httpx.post(server.url + "/v1/summaries", json=body, timeout=900).raise_for_status()
        asyncio.run(_load(server.url + "/v1/summaries", body, clients, 2.0))  # warm every worker
        count = asyncio.run(_load(server.url + "/v1/summaries", body, clients, seconds))
        rss = max((peak_rss_mb(pid) for pid in server.worker_pids() if pid != server.process.pid), default=0.0)
        if workers == 1:
            rss = max(rss, peak_rss_mb(server.process.pid))
    finally:
        server.stop()
    return {"workers": workers, "rps": count / seconds, "api_worker_peak_rss_mb": rss}


def bench_env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        FACTALIGN_CACHE__DIRECTORY=str(cache_dir),
        FACTALIGN_ROLES__DEFAULT__TIMEOUT_S="900",
        FACTALIGN_CONFIG=str(cache_dir / "absent.toml"),
    )
    return env
