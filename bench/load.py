"""Loopback load test: ``factalign serve --workers 2`` + the embedded model, N concurrent clients for S seconds,
mixing cache hits, misses, bad input and alignments. Reports status counts, p50/p99 of hits, the 503 share, and
checks there were no 500s, no corrupt cache entries and no orphaned process afterwards.

    python -m bench.load --clients 100 --seconds 60        # what bench/results.md reports
"""

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import diskcache
import httpx

ROOT = Path(__file__).resolve().parents[1]
SHORT = "The council of Dunmore approved a budget of 4.2 million euros on Tuesday. Road repairs get 1.1 million."
BAD: list[tuple[bytes, str]] = [
    (b"[" * 5000 + b"]" * 5000, "application/json"),
    (b'{"text": "\\ud800"}', "application/json"),
    (b'{"text": ""}', "application/json"),
    (b"<a>x</a>", "application/xml"),
    (b'{"text": 1' + b"9" * 5000 + b"}", "application/json"),
    (b'{"articles": [{"id": "a", "text": "x"}]}', "application/json"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state


def descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


async def client(
    base: str, until: float, results: list[tuple[str, int, float, bool]], rng: random.Random, errors: list[str]
) -> None:
    # Longer than the queue wait (30 s) + one call's deadline (60 s) + its one retry: a timeout here is a hang.
    async with httpx.AsyncClient(base_url=base, timeout=300.0) as http:
        while time.monotonic() < until:
            roll = rng.random()
            started = time.perf_counter()
            kind = "hit" if roll < 0.5 else "miss" if roll < 0.7 else "bad" if roll < 0.9 else "align"
            try:
                if kind == "hit":
                    resp = await http.post("/v1/summaries", json={"text": SHORT})
                elif kind == "miss":
                    # The number must reach the model's prompt (an appended "Spokesperson N ..." sentence is not a
                    # key-point candidate, so every such "miss" used to hit the model-answer cache).
                    text = SHORT.replace("4.2", f"{rng.randrange(1, 10**6)}.{rng.randrange(10)}")
                    resp = await http.post("/v1/summaries", json={"text": text})
                elif kind == "bad":
                    body, ctype = rng.choice(BAD)
                    resp = await http.post("/v1/summaries", content=body, headers={"content-type": ctype})
                else:
                    articles = [{"id": "a", "text": SHORT}, {"id": "b", "text": f"{SHORT} {rng.randrange(10**9)}"}]
                    resp = await http.post("/v1/alignments", json={"articles": articles})
                cached = resp.status_code == 200 and bool(resp.json().get("meta", {}).get("cached"))
                results.append((kind, resp.status_code, time.perf_counter() - started, cached))
            except httpx.HTTPError as exc:
                elapsed = time.perf_counter() - started
                results.append((kind, -1, elapsed, False))
                cause = exc.__cause__ or exc.__context__
                errors.append(f"{kind} after {elapsed:.2f}s: {type(exc).__name__}: {exc!r} (cause {cause!r})")
                print(f"client error: {errors[-1]}", file=sys.stderr)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def run(clients: int, seconds: float, workers: int) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="factalign-load-"))
    env = {**os.environ, "FACTALIGN_CACHE__DIRECTORY": str(work / "cache"), "LITELLM_LOCAL_MODEL_COST_MAP": "True",
           "FACTALIGN_CONFIG": str(work / "absent.toml"), "FACTALIGN_ROLES__DEFAULT__TIMEOUT_S": "60"}  # fmt: skip
    exe = str(Path(sys.executable).parent / "factalign")
    log = (work / "servers.log").open("ab")
    model = subprocess.Popen([exe, "model", "serve"], env=env, stdout=log, stderr=log)
    state = work / "cache" / "local-server.json"
    deadline = time.monotonic() + 300
    while not state.exists() and time.monotonic() < deadline and model.poll() is None:
        time.sleep(0.2)
    port = free_port()
    api = subprocess.Popen(
        [exe, "serve", "--workers", str(workers), "--port", str(port)], env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        for _ in range(5):  # the entry later hits use (a short article: the model is slow under contention)
            warm = httpx.post(f"{base}/v1/summaries", json={"text": SHORT}, timeout=900)
            if warm.status_code == 200:
                break
        print(f"warm-up: {warm.status_code}", file=sys.stderr)
        results: list[tuple[str, int, float, bool]] = []
        errors: list[str] = []
        until = time.monotonic() + seconds

        async def main() -> None:
            rng = random.Random(7)
            await asyncio.gather(
                *(client(base, until, results, random.Random(rng.random()), errors) for _ in range(clients))
            )

        started = time.monotonic()
        asyncio.run(main())
        wall = time.monotonic() - started
    finally:
        watched = descendants(api.pid) | descendants(model.pid) | {api.pid, model.pid}
        api.send_signal(signal.SIGTERM)
        model.send_signal(signal.SIGTERM)
        for proc in (api, model):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        time.sleep(2)
    log.close()
    orphans = sorted(pid for pid in watched if alive(pid))
    corrupt = 0
    entries = 0
    with diskcache.Cache(str(work / "cache")) as cache:
        for key in cache.iterkeys():
            entries += 1
            value = cache.get(key)
            try:
                json.loads(value if isinstance(value, str) else value.decode())
            except Exception:
                corrupt += 1
    statuses = Counter(status for _, status, _, _ in results)
    by_kind = {
        kind: dict(Counter(s for k, s, _, _ in results if k == kind)) for kind in ("hit", "miss", "bad", "align")
    }
    hits = [latency * 1000 for kind, status, latency, cached in results if kind == "hit" and cached]
    return {
        "clients": clients, "seconds": round(wall, 1), "workers": workers, "requests": len(results),
        "statuses": dict(statuses), "by_kind": by_kind,
        "server_errors_500": statuses.get(500, 0), "client_errors": statuses.get(-1, 0), "client_error_details": errors,
        "share_503": round(statuses.get(503, 0) / max(1, len(results)), 3),
        "hit_p50_ms": round(percentile(hits, 0.5), 1), "hit_p99_ms": round(percentile(hits, 0.99), 1),
        "hits_served": len(hits), "cache_entries": entries, "corrupt_entries": corrupt, "orphans": orphans,
        "mean_hit_ms": round(statistics.fmean(hits), 1) if hits else None, "log": str(work / "servers.log"),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(json.dumps(run(args.clients, args.seconds, args.workers), indent=2))


if __name__ == "__main__":
    main()
