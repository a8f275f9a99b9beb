"""Pick which cross-article claim pairs are worth judging, so the model never sees every pair.

Articles are read in order and their claims grouped into clusters of one fact. A new claim is scored against
the clusters built from earlier articles and paired with the best-matching member of its top ``per_claim``
clusters. Each claim therefore costs at most ``per_claim`` judgements however many articles came before it,
which keeps the number of model calls linear in the number of articles (pairing with the top-k claims of
*every* other article would grow with the square).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from service.alignment.features import ClaimFeatures, IdfTable

PER_CLAIM = 3
MIN_SCORE = 0.12  # below this two claims share little more than stop-words and the story's main names
JOIN_SCORE = 0.45  # close enough to count as the same fact for the purpose of picking later candidates
SHARED_VALUE_BONUS = 0.1


@dataclass(frozen=True)
class Candidate:
    """A pair to judge; ``left`` comes from the earlier article."""

    left: ClaimFeatures
    right: ClaimFeatures
    score: float


def candidate_score(a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> float:
    """Lexical similarity, plus a bonus when both claims carry the same number (a strong sign of one fact)."""
    score = idf.similarity(a.tokens, b.tokens)
    values_a = {(q.value, q.unit) for q in a.quantities}
    if values_a & {(q.value, q.unit) for q in b.quantities}:
        score += SHARED_VALUE_BONUS
    return min(1.0, round(score, 4))


def possible_pairs(sizes: Sequence[int]) -> int:
    """Every cross-article pair: what an exhaustive comparison would judge."""
    total = sum(sizes)
    return (total * total - sum(n * n for n in sizes)) // 2


def select_candidates(
    features: Sequence[Sequence[ClaimFeatures]],
    idf: IdfTable,
    *,
    per_claim: int = PER_CLAIM,
    min_score: float = MIN_SCORE,
    join_score: float = JOIN_SCORE,
) -> list[Candidate]:
    """Candidate pairs over articles given in order; ``features[i]`` are the claims of article ``i``."""
    clusters: list[list[ClaimFeatures]] = []
    out: list[Candidate] = []
    for article_claims in features:
        joins: list[tuple[int, ClaimFeatures]] = []
        fresh: list[list[ClaimFeatures]] = []
        for claim in article_claims:
            ranked = _rank_clusters(claim, clusters, idf, min_score)
            for _, score, member in ranked[:per_claim]:
                out.append(Candidate(left=member, right=claim, score=score))
            joined = False
            for index, score, _ in ranked[:1]:
                taken = any(j == index for j, _ in joins)
                if score >= join_score and not taken:
                    joins.append((index, claim))
                    joined = True
            if not joined:
                fresh.append([claim])
        # Cluster updates wait until the article is done: claims of one article are never compared.
        for index, claim in joins:
            clusters[index].append(claim)
        clusters.extend(fresh)
    return out


def _rank_clusters(
    claim: ClaimFeatures, clusters: list[list[ClaimFeatures]], idf: IdfTable, min_score: float
) -> list[tuple[int, float, ClaimFeatures]]:
    ranked: list[tuple[int, float, ClaimFeatures]] = []
    for index, members in enumerate(clusters):
        best: tuple[float, ClaimFeatures] | None = None
        for member in members:
            score = candidate_score(member, claim, idf)
            if best is None or score > best[0]:
                best = (score, member)
        if best is not None and best[0] >= min_score:
            ranked.append((index, best[0], best[1]))
    # Ties break towards the earlier cluster so runs are deterministic.
    ranked.sort(key=lambda r: (-r[1], r[0]))
    return ranked
