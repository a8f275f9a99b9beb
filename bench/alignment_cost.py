"""``python -m bench.alignment_cost``: model calls and tokens of one alignment request for 2, 4 and 8 articles.

The story: the two English seed reports plus edited copies of them (evals/cases/conflicts.yaml), so every
article is distinct and all are in one language (the cross-language edits of the German and French reports would
add the multilingual embedding of every claim, a different cost). The disk cache is on, as in production, so
each larger request reuses the smaller one's claim extractions: the table shows what a request costs when some
articles were already read.
"""

import asyncio
import sys
import tempfile
from pathlib import Path

import yaml

from evals.datasets.conflicts import edited_pair, load_edit_cases
from schemas.article import ArticleInput
from service.alignment.align import align_articles
from service.ingest import clean_article
from service.runtime import open_gateway
from service.settings import ROLE_NAMES, RoleConfig, Settings

ROOT = Path(__file__).resolve().parents[1]


def story_texts(n: int) -> list[str]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    rows = yaml.safe_load((ROOT / "evals" / "cases" / "conflicts.yaml").read_text(encoding="utf-8"))["cases"]
    english = {p.relative_to(ROOT).as_posix() for p in seeds}
    for case in load_edit_cases(rows):
        if len(texts) >= n:
            break
        if (case.edited_article or case.base_article) in english:
            texts.append(edited_pair(case, ROOT)[1].text)
    return texts[:n]


async def measure(settings: Settings, sizes: tuple[int, ...]) -> list[str]:
    rows = ["| articles | calls (cache misses) | cached calls | prompt tokens | completion tokens | candidate pairs |"
            " conflicts | wall s |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    async with open_gateway(settings) as llm:
        for n in sizes:
            articles = [clean_article(ArticleInput(text=t), article_id=f"a{i}") for i, t in enumerate(story_texts(n))]
            staged = await align_articles(articles, llm)
            fresh = [c for c in staged.calls if not c.cached]
            stats = staged.value.stats
            wall = sum(c.latency_ms for c in fresh) / 1000
            rows.append(
                f"| {n} | {len(fresh)} | {len(staged.calls) - len(fresh)} | {sum(c.prompt_tokens for c in fresh)} | "
                f"{sum(c.completion_tokens for c in fresh)} | {stats.candidate_pairs} of {stats.possible_pairs} | "
                f"{len(staged.value.conflicts)} | {wall:.0f} |"
            )
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        roles = {name: RoleConfig(timeout_s=900) for name in ROLE_NAMES}
        settings = Settings(cache={"enabled": True, "directory": Path(tmp)}, roles=roles)
        rows = asyncio.run(measure(settings, (2, 4, 8)))
    text = "\n## Alignment cost by number of articles (embedded model, cache on)\n\n" + "\n".join(rows) + "\n"
    sys.stdout.write(text)
    with (ROOT / "bench" / "results.md").open("a", encoding="utf-8") as fh:
        fh.write(text)


if __name__ == "__main__":
    main()
