"""``python -m bench.grounding``: grounding modes on both seeds with the embedded model, and cache-hit latency."""

import asyncio
import sys
import tempfile
import time
from pathlib import Path

from schemas.article import ArticleInput
from service.pipeline.responses import RequestOptions, claims_response, summary_response
from service.runtime import open_gateway
from service.settings import ROLE_NAMES, GroundingMode, RoleConfig, Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
MODES: tuple[GroundingMode, ...] = ("sentences", "quotes")


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


async def grounding_table(settings: Settings) -> list[str]:
    rows = [
        "| seed | mode | stage | grounded / produced | model wording kept | latency s | tokens in+out |",
        "|---|---|---|---|---|---|---|",
    ]
    async with open_gateway(settings) as llm:
        for path in SEEDS:
            inp = ArticleInput(text=path.read_text(encoding="utf-8"))
            for mode in MODES:
                s = await summary_response(inp, llm, settings.limits, options=RequestOptions(grounding=mode))
                items = s.summary.key_points + s.summary.rejected
                kept = sum(kp.grounded for kp in items)
                own = sum(kp.grounded and kp.text_source == "model" for kp in items)
                rows.append(
                    f"| {path.name[:3]} | {mode} | key points | {share(kept, len(items))} | {own} | "
                    f"{s.meta.latency_ms / 1000:.1f} | {s.meta.prompt_tokens}+{s.meta.completion_tokens} |"
                )
                c = await claims_response(inp, llm, settings.limits, options=RequestOptions(grounding=mode))
                items_c = c.claims + c.rejected
                kept = sum(x.grounded for x in items_c)
                own = sum(x.grounded and x.text_source == "model" for x in items_c)
                rows.append(
                    f"| {path.name[:3]} | {mode} | claims | {share(kept, len(items_c))} | {own} | "
                    f"{c.meta.latency_ms / 1000:.1f} | {c.meta.prompt_tokens}+{c.meta.completion_tokens} |"
                )
    return rows


async def cache_ratio(settings: Settings) -> list[str]:
    inp = ArticleInput(text=(ROOT / "seeds" / "003_2e13a831589c994b.txt").read_text(encoding="utf-8"))
    async with open_gateway(settings) as llm:
        t0 = time.perf_counter()
        first = await summary_response(inp, llm, settings.limits)
        t1 = time.perf_counter()
        second = await summary_response(inp, llm, settings.limits)
        t2 = time.perf_counter()
    cold, warm = t1 - t0, t2 - t1
    return [
        f"- first request: {cold:.2f} s (cached={first.meta.cached}); repeat: {warm * 1000:.1f} ms "
        f"(cached={second.meta.cached}); repeat/first = {warm / cold:.4f}"
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        roles = {name: RoleConfig(timeout_s=900) for name in ROLE_NAMES}
        fresh = Settings(cache={"enabled": False}, roles=roles)
        cached = Settings(cache={"enabled": True, "directory": Path(tmp)}, roles=roles)
        lines = ["## Grounding modes, embedded SmolLM2-135M, both seeds (one run)", ""]
        lines += asyncio.run(grounding_table(fresh))
        lines += ["", "## Cache hit vs fresh call (seed 003 summary, same process)", ""]
        lines += asyncio.run(cache_ratio(cached))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    (ROOT / "bench" / "results.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
