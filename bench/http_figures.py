"""HTTP and CLI figures: cache-hit p50 vs a validated no-op POST, CLI hit vs ``--version``, throughput on
1/2/4 uvicorn workers with 32 concurrent clients, and peak RSS of the API workers."""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.loadgen import RawClient, load, p50_ms

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "003_2e13a831589c994b.txt"
FACTALIGN = str(Path(sys.executable).parent / "factalign")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """``factalign serve --workers N`` on 127.0.0.1 with the bench's environment."""

    def __init__(self, env: dict[str, str], workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        args = [FACTALIGN, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]
        # Its log (uvicorn's access log included, as `factalign serve` runs by default) goes to a file beside the cache.
        self.log = Path(env["FACTALIGN_CACHE__DIRECTORY"]).parent / f"server-{self.port}.log"
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"the API server did not start; its log ends:\n{tail}")
            time.sleep(0.3)
        while len(listeners(self.port)) < workers and time.monotonic() < deadline:
            time.sleep(0.3)  # each worker listens on its own socket once started: measure all of them

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-g", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def listeners(port: int) -> list[str]:
    """Listening TCP sockets on ``port`` (one per ``factalign serve`` worker)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return [r for r in rows if int(r.split()[1].split(":")[1], 16) == port and r.split()[3] == "0A"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def http_ratio(server: Server, n: int = 300) -> dict[str, float]:
    """Sequential p50s on one keep-alive connection, hit and no-op interleaved so both see the same machine."""
    body = json.dumps({"text": SEED.read_text(encoding="utf-8")}).encode()
    client = RawClient(server.port)
    try:
        t0 = time.perf_counter()
        status, _, _ = client.request("POST", "/v1/summaries", body)  # the miss that fills the cache
        first_s = time.perf_counter() - t0
        if status != 200:
            raise RuntimeError(f"the first summary answered {status}")
        _, headers, answer = client.request("POST", "/v1/summaries", body)
        if headers.get("x-factalign-cache") != "hit" or not json.loads(answer)["meta"]["cached"]:
            raise RuntimeError("the repeated summary was not a cache hit")
        for _ in range(30):  # warm both paths
            client.request("POST", "/v1/summaries", body)
            client.request("POST", "/v1/check", body)
        hits, noops, health = [], [], []
        for _ in range(5):  # alternating blocks: load from other processes falls on both alike
            hits.append(p50_ms(client, "POST", "/v1/summaries", body, n // 5))
            noops.append(p50_ms(client, "POST", "/v1/check", body, n // 5))
            health.append(p50_ms(client, "GET", "/healthz", b"", n // 5))
    finally:
        client.close()
    hit, noop = statistics.median(hits), statistics.median(noops)
    return {
        "hit_p50_ms": hit,
        "noop_post_p50_ms": noop,
        "healthz_p50_ms": statistics.median(health),
        "ratio_1": hit / noop,
        "first_miss_s": first_s,
        "response_bytes": len(answer),
        # this worker also ran the miss (the model gateway, the pipeline): the API's realistic peak
        "api_worker_peak_rss_mb": max(peak_rss_mb(pid) for pid in server.worker_pids()),
    }


def cli_ratio(env: dict[str, str], runs: int = 31) -> dict[str, float]:
    """Wall time of ``factalign --version`` and of a repeated ``summarise --json``, alternated (so a burst of
    load from other processes falls on both), median of ``runs`` each."""

    def wall(*args: str) -> float:
        t0 = time.perf_counter()
        subprocess.run([FACTALIGN, *args], env=env, cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - t0

    hit_args = ("summarise", str(SEED), "--json")
    subprocess.run([FACTALIGN, *hit_args], env=env, cwd=ROOT, check=True, capture_output=True)
    out = subprocess.run([FACTALIGN, *hit_args], env=env, cwd=ROOT, check=True, capture_output=True).stdout
    if not json.loads(out)["meta"]["cached"]:
        raise RuntimeError("the repeated CLI summary was not a cache hit")
    versions, hits = [], []
    for _ in range(runs):
        versions.append(wall("--version"))
        hits.append(wall(*hit_args))
    version, hit = statistics.median(versions), statistics.median(hits)
    return {"version_s": version, "cli_hit_s": hit, "ratio_2": hit / version}


def throughput(env: dict[str, str], workers: int, clients: int = 32, seconds: float = 8.0) -> dict[str, Any]:
    """Cache-hit requests/s (the cache was filled by ``http_ratio``) and the workers' peak RSS."""
    server = Server(env, workers)
    try:
        body = json.dumps({"text": SEED.read_text(encoding="utf-8")}).encode()
        headers = {"content-type": "application/json"}
        httpx.post(server.url + "/v1/summaries", content=body, headers=headers, timeout=900).raise_for_status()
        load(server.url + "/v1/summaries", body, clients=clients, seconds=2.0)  # warm every worker
        pids = server.worker_pids()
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        measured = load(server.url + "/v1/summaries", body, clients=clients, seconds=seconds)
        # the cores the workers actually got: on a shared machine 2 workers cannot do 2x on less than 2 cores
        measured["worker_cores_used"] = (sum(cpu_seconds(pid) for pid in pids) - cpu_before) / seconds
        rss = max((peak_rss_mb(pid) for pid in server.worker_pids() if pid != server.process.pid), default=0.0)
        if workers == 1:
            rss = max(rss, peak_rss_mb(server.process.pid))
    finally:
        server.stop()
    return {"workers": workers, **measured, "api_worker_peak_rss_mb": rss}


def bench_env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        FACTALIGN_CACHE__DIRECTORY=str(cache_dir),
        FACTALIGN_ROLES__DEFAULT__TIMEOUT_S="900",
        FACTALIGN_CONFIG=str(cache_dir / "absent.toml"),
    )
    return env
