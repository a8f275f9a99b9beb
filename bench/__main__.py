"""``python -m bench``: every figure of issue 11 in one run, printed as a table and written to
bench/results.json and bench/performance.md. ``--no-model`` skips the figures that need the embedded model."""

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.http_figures import Server, bench_env, cli_ratio, http_ratio, peak_rss_mb, throughput
from service.settings import ROLE_NAMES, RoleConfig, Settings

ROOT = Path(__file__).resolve().parents[1]


def model_server_rss() -> float | None:
    """Peak RSS of any llama.cpp server this bench started (they run under our cache directory's env)."""
    peaks = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
                environ = (proc / "environ").read_bytes()
            except OSError:
                continue
            if b"llama_cpp.server" in cmdline and b"FACTALIGN_BENCH=1" in environ:
                peaks.append(peak_rss_mb(int(proc.name)))
    return max(peaks) if peaks else None


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(r: dict[str, Any]) -> list[str]:
    h, c = r["http"], r["cli"]
    lines = [
        f"Measured {r['date']} on commit {r['commit'][:10]}, {r['cpus']} CPUs, load average "
        f"{r['load_average_at_start']:.1f} at the start (other processes share the machine).",
        "",
        "| figure | measured | goal |",
        "|---|---|---|",
        f"| 1. HTTP cache hit p50 / validated no-op POST p50 | {fmt(h['hit_p50_ms'])} ms / "
        f"{fmt(h['noop_post_p50_ms'])} ms = **{fmt(h['ratio_1'])}** "
        f"(GET /healthz {fmt(h['healthz_p50_ms'])} ms) | ≤ 1.5 |",
        f"| 2. CLI cache hit / `factalign --version` (wall, alternated, median of 31) | "
        f"{fmt(c['cli_hit_s'] * 1000, 1)} ms / {fmt(c['version_s'] * 1000, 1)} ms = **{fmt(c['ratio_2'])}** | ≤ 1.5 |",
    ]
    m = r.get("model")
    if m:
        o = m["overhead"]
        lines.append(
            f"| 3. model path: end-to-end miss / same requests straight to llama.cpp "
            f"({o['model_calls']} call(s), median of 4) | {fmt(o['e2e_s'])} s / {fmt(o['direct_s'])} s = "
            f"**{fmt(o['ratio_3'])}** (of the end-to-end: model {fmt(o.get('model_s_in_e2e'))} s, "
            f"pipeline {fmt(o.get('pipeline_s'))} s) | ≤ 1.10 |"
        )
        t = m["tokens_seed_000"]
        lines.append(f"| 4a. tokens of seed 000: raw scrape → cleaned | {t['raw']} → {t['cleaned']} | report |")
        p = m["tokens_per_article"]
        methods = ", ".join(f"{stage} {name}" for stage, name in (p.get("methods") or {}).items())
        lines.append(
            f"| 4b. tokens per article (seed 003): summary / claims / alignment of 2 (default methods: {methods}) | "
            f"{p['summary']} / {p['claims']} / {fmt(p['alignment_of_2'], 0)} | report, then cut |"
        )
        g = m["growth"]
        cells = ", ".join(
            f"{row['articles']}: {row['calls']} calls, {row['tokens']} tok, {row['wall_s']:.1f} s"
            if "wall_s" in row
            else f"{row['articles']}: skipped ({row['skipped']})"
            for row in g["rows"]
        )
        lines.append(
            f"| 5. alignment growth (one story) | {cells}; exponent wall **{fmt(g['exponent_wall'])}**, calls "
            f"{fmt(g['exponent_calls'])}, tokens {fmt(g['exponent_tokens'])} | ≤ 1.2 |"
        )
    else:
        lines.append("| 3.–5. model figures | not run (`--no-model`) | |")
    t = {row["workers"]: row for row in r["throughput"]}
    one = t[1]["rps"]
    rps = " / ".join(fmt(t[w]["rps"], 0) for w in (1, 2, 4))
    if all("worker_cores_used" in t[w] for w in (1, 2, 4)):
        rps += " (cores the workers got: " + " / ".join(fmt(t[w]["worker_cores_used"]) for w in (1, 2, 4)) + ")"
    lines.append(
        f"| 6. cache-hit requests/s, 32 clients ({t[1].get('client', 'python httpx')}), 1 / 2 / 4 workers | {rps} "
        f"(2 workers = **{fmt(t[2]['rps'] / one)}×** 1) | 2 workers ≥ 1.7× |"
    )
    api_rss = max([x["api_worker_peak_rss_mb"] for x in r["throughput"]] + [h.get("api_worker_peak_rss_mb", 0.0)])
    lines.append(
        f"| 7. peak RSS: API worker / model server | {fmt(api_rss, 0)} MB"
        f" / {fmt(r.get('model_server_peak_rss_mb'), 0)} MB | API < 300 MB |"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--no-model", action="store_true", help="skip figures 3-5 (they need the embedded model)")
    parser.add_argument("--growth-budget", type=float, default=240.0, help="seconds for the alignment growth sizes")
    args = parser.parse_args()
    os.environ["FACTALIGN_BENCH"] = "1"  # marks the model servers this run starts, for their RSS
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    results: dict[str, Any] = {
        "commit": commit or "unknown",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg()[0],
    }
    partial = ROOT / "bench" / "results.partial.json"

    def save() -> None:  # after every figure: a run cut short still leaves what it measured
        partial.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")

    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(Path(tmp) / "cache")
        print("1. HTTP cache hit vs validated no-op POST (the first request runs the model)…", file=sys.stderr)
        server = Server(env, 1)
        try:
            results["http"] = http_ratio(server)
            results["model_server_peak_rss_mb"] = model_server_rss()
        finally:
            server.stop()
        save()
        print("2. CLI cache hit vs --version…", file=sys.stderr)
        results["cli"] = cli_ratio(env)
        save()
        print("6./7. throughput on 1, 2, 4 workers…", file=sys.stderr)
        results["throughput"] = [throughput(env, workers) for workers in (1, 2, 4)]
        save()
        if not args.no_model:
            from bench.model_figures import model_figures

            print("3.-5. model overhead, tokens, alignment growth (embedded model, cache off)…", file=sys.stderr)
            roles = {name: RoleConfig(timeout_s=900) for name in ROLE_NAMES}
            settings = Settings(cache={"enabled": False, "directory": Path(tmp) / "off"}, roles=roles)
            results["model"] = asyncio.run(model_figures(settings, args.growth_budget, model_server_rss))
            peak = results["model"].pop("model_server_peak_rss_mb", None)
            if peak is not None:
                results["model_server_peak_rss_mb"] = max(peak, results.get("model_server_peak_rss_mb") or 0)
    partial.unlink(missing_ok=True)
    lines = table(results)
    print("\n".join(lines))
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (ROOT / "bench" / "performance.md").write_text(
        "\n".join(["# python -m bench", "", *lines]) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
