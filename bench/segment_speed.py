"""``python -m bench.segment_speed``: sentence segmentation time on a 20,000-word article (wall clock lives here,
not in unit tests, which a busy 2-core machine would fail at random)."""

import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from service.segment import split_sentences

SEED_003 = Path(__file__).resolve().parents[1] / "seeds" / "003_2e13a831589c994b.txt"
BUDGET_S = 2.0  # what a reader will wait for cleaning before the model is even called


def long_article_text(min_words: int = 20_000, seed: int = 1) -> str:
    """A long plain-text article built from the seed 003 paragraphs with their numbers varied."""
    rng = random.Random(seed)
    paragraphs = [line for line in SEED_003.read_text(encoding="utf-8").splitlines() if line.strip()]
    out: list[str] = []
    words = 0
    while words < min_words:
        paragraph = rng.choice(paragraphs)
        # Vary every figure so repeated paragraphs are not identical (quotes must still map to one place).
        varied = "".join(str(rng.randint(2, 999)) if ch.isdigit() else ch for ch in paragraph)
        varied = f"{varied} On day {len(out) + 1}, officials said {rng.randint(2, 9999)} people were affected."
        out.append(varied)
        words += len(varied.split())
    return "\n\n".join(out)


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def main(runs: int = 5) -> None:
    text = long_article_text()
    one_line = text.replace("\n\n", " ")
    split_sentences("Warm up the segmenter.")
    print(f"| input ({len(text.split()):,} words) | sentences | median s | max s | budget s |")
    print("|---|---|---|---|---|")
    for label, body in (("paragraphs", text), ("one huge paragraph", one_line)):
        times = timed(partial(split_sentences, body), runs)
        count = len(split_sentences(body))
        print(f"| {label} | {count:,} | {statistics.median(times):.2f} | {max(times):.2f} | {BUDGET_S:g} |")


if __name__ == "__main__":
    main()
