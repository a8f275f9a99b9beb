"""Figures that need the embedded model: path overhead (ratio 3), tokens, and alignment growth 2..32 articles."""

import math
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.alignment_cost import story_texts
from schemas.article import ArticleInput
from schemas.methods import Stage
from service.alignment.align import align_articles
from service.ingest import clean_article
from service.methods import method_for
from service.pipeline.responses import claims_response, summary_response
from service.runtime import Runtime, build_gateway
from service.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
STAGES: tuple[Stage, ...] = ("key_points", "headline", "claims", "alignment")
SEED_RAW = ROOT / "seeds" / "000_3bd73946c354d6d9.txt"
SEED = ROOT / "seeds" / "003_2e13a831589c994b.txt"


def recording(gateway: Any, sent: list[dict[str, Any]]) -> None:
    """Record every request the gateway sends to the model (the kwargs litellm gets)."""
    inner = gateway._completion

    async def call(**kwargs: Any) -> Any:
        sent.append(kwargs)
        return await inner(**kwargs)

    gateway._completion = call


async def direct(api_base: str, sent: list[dict[str, Any]]) -> float:
    """The same requests straight to the llama.cpp server (same messages, schema, decoding); seconds."""
    total = 0.0
    async with httpx.AsyncClient(timeout=900) as client:
        for kwargs in sent:
            body: dict[str, Any] = {
                key: kwargs[key]
                for key in ("messages", "response_format", "temperature", "max_tokens", "seed")
                if key in kwargs
            }
            body["model"] = str(kwargs["model"]).split("/", 1)[-1]
            t0 = time.perf_counter()
            (await client.post(f"{api_base}/chat/completions", json=body)).raise_for_status()
            total += time.perf_counter() - t0
    return total


async def tokens_of(api_base: str, text: str) -> int:
    async with httpx.AsyncClient(timeout=300) as client:
        resp = await client.post(api_base.removesuffix("/v1") + "/extras/tokenize", json={"input": text})
        resp.raise_for_status()
        return len(resp.json()["tokens"])


async def model_figures(settings: Settings, budget_s: float, rss: Callable[[], float | None]) -> dict[str, Any]:
    """``settings`` must have the cache disabled (every call reaches the model)."""
    runtime = Runtime(settings)
    try:
        llm = build_gateway(runtime)
        target = await runtime.resolve_target(settings.role("summariser"))
        api_base = target.api_base or ""
        inp = ArticleInput(text=SEED.read_text(encoding="utf-8"))
        figures: dict[str, Any] = {}

        # 3. overhead: end-to-end misses vs the same requests sent straight to the server. One untimed run first
        # (the server's first evaluation pages the weights in), then alternating order, so neither side is always
        # the cold one; each follows the same prompt, so llama.cpp's prompt-prefix reuse helps both alike.
        sent: list[dict[str, Any]] = []
        recording(llm, sent)
        summary = await summary_response(inp, llm, settings.limits)
        calls = list(sent)
        e2e, straight, model_s = [], [], []
        for i in range(4):
            for side in ("e2e", "direct") if i % 2 == 0 else ("direct", "e2e"):
                if side == "direct":
                    straight.append(await direct(api_base, calls))
                    continue
                sent.clear()
                t0 = time.perf_counter()
                summary = await summary_response(inp, llm, settings.limits)
                e2e.append(time.perf_counter() - t0)
                model_s.append(sum(call.latency_ms for call in summary.meta.call_log) / 1000)
        figures["overhead"] = {
            "model_calls": len(calls),
            "e2e_s": statistics.median(e2e),
            "direct_s": statistics.median(straight),
            "model_s_in_e2e": statistics.median(model_s),
            "pipeline_s": statistics.median(a - b for a, b in zip(e2e, model_s, strict=True)),
            "ratio_3": statistics.median(e2e) / statistics.median(straight) if calls else None,
        }

        # 4. tokens: seed 000 as scraped vs as cleaned; per article for summary + claims + alignment
        raw = SEED_RAW.read_text(encoding="utf-8")
        cleaned = clean_article(ArticleInput(text=raw)).cleaned_text
        figures["tokens_seed_000"] = {
            "raw": await tokens_of(api_base, raw),
            "cleaned": await tokens_of(api_base, cleaned),
        }
        claims = await claims_response(inp, llm, settings.limits)
        pair = [
            clean_article(ArticleInput(text=p.read_text(encoding="utf-8")), article_id=p.stem[:3])
            for p in (SEED_RAW, SEED)
        ]
        aligned = await align_articles(pair, llm)
        per_article = {
            "summary": summary.meta.prompt_tokens + summary.meta.completion_tokens,
            "claims": claims.meta.prompt_tokens + claims.meta.completion_tokens,
            "alignment_of_2": sum(c.prompt_tokens + c.completion_tokens for c in aligned.calls) / 2,
            "methods": {stage: method_for(settings, stage) for stage in STAGES},
        }
        figures["tokens_per_article"] = per_article
        figures["growth"] = await growth(settings, llm, budget_s)
        figures["model_server_peak_rss_mb"] = rss()  # read while the server still runs
        return figures
    finally:
        runtime.close()


async def growth(settings: Settings, llm: Any, budget_s: float) -> dict[str, Any]:
    """One alignment request per size on one story, model cache off; sizes past the time budget are skipped."""
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for n in (2, 4, 8, 16, 32):
        if time.perf_counter() - started > budget_s:
            rows.append({"articles": n, "skipped": "time budget"})
            continue
        texts = story_texts(n)
        base = len(texts)
        while len(texts) < n:  # more articles than edit cases: later updates of earlier ones
            texts.append(texts[len(texts) % base] + f"\n\nThis story was updated at {len(texts) % 24:02d}:15 GMT.")
        articles = [clean_article(ArticleInput(text=t), article_id=f"a{i}") for i, t in enumerate(texts)]
        t0 = time.perf_counter()
        staged = await align_articles(articles, llm)
        wall = time.perf_counter() - t0
        stats = staged.value.stats
        rows.append(
            {
                "articles": len(texts),
                "calls": len(staged.calls),
                "wall_s": wall,
                "tokens": sum(c.prompt_tokens + c.completion_tokens for c in staged.calls),
                "candidate_pairs": stats.candidate_pairs,
                "possible_pairs": stats.possible_pairs,
            }
        )
    measured = [r for r in rows if "wall_s" in r and r["wall_s"] > 0]
    return {
        "rows": rows,
        "exponent_wall": fit(measured, "wall_s"),
        "exponent_calls": fit(measured, "calls"),
        "exponent_tokens": fit(measured, "tokens"),
    }


def fit(rows: list[dict[str, Any]], key: str) -> float | None:
    """Least-squares slope of log(value) on log(articles)."""
    points = [(math.log(r["articles"]), math.log(r[key])) for r in rows if r.get(key)]
    if len(points) < 2:
        return None
    mx = statistics.fmean(x for x, _ in points)
    my = statistics.fmean(y for _, y in points)
    den = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / den if den else None
