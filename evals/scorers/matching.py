"""Lexical matching of labelled text to produced text (rapidfuzz token-set ratio) and one-to-one claim pairing."""

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

# token_set_ratio is 100 when every token of the shorter text appears in the longer one; these thresholds were
# checked on the seed labels (every fact matches its own article's sentence, absent facts stay below).
FACT_THRESHOLD = 90.0
CLAIM_THRESHOLD = 75.0


def similarity(a: str, b: str) -> float:
    """0-100, order- and case-insensitive, punctuation ignored."""
    return float(fuzz.token_set_ratio(a, b, processor=default_process))


def fact_present(phrasings: Sequence[str], text: str, threshold: float = FACT_THRESHOLD) -> bool:
    """A labelled fact is present when any of its phrasings scores at least ``threshold`` against ``text``."""
    return any(similarity(p, text) >= threshold for p in phrasings if p.strip())


@dataclass(frozen=True)
class Pairing:
    """Indices of predicted and gold items matched one to one, with their similarity."""

    pairs: tuple[tuple[int, int, float], ...]
    n_predicted: int
    n_gold: int

    @property
    def matched_predicted(self) -> set[int]:
        return {p for p, _, _ in self.pairs}

    @property
    def matched_gold(self) -> set[int]:
        return {g for _, g, _ in self.pairs}


def pair_claims(predicted: Sequence[str], gold: Sequence[str], threshold: float = CLAIM_THRESHOLD) -> Pairing:
    """Greedy one-to-one matching by descending similarity, so one long claim cannot match many gold claims."""
    candidates = sorted(
        ((similarity(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int, float]] = []
    for score, i, j in candidates:
        if score < threshold:
            break
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j, score))
    return Pairing(tuple(pairs), len(predicted), len(gold))
