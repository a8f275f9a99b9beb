"""Pick which cross-article claim pairs are worth judging, so the model never sees every pair.

Articles are read in order and their claims grouped into clusters of one fact. A new claim is scored against
the clusters built from earlier articles and paired with the best-matching member of its top ``per_claim``
clusters. Each claim therefore costs at most ``per_claim`` judgements however many articles came before it,
which keeps the number of model calls linear in the number of articles (pairing with the top-k claims of
*every* other article would grow with the square).
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from service.alignment.blocking import ClaimIndex
from service.alignment.crosslingual import cross_language, cross_score
from service.alignment.features import ClaimFeatures, IdfTable
from service.alignment.shared import signals_one_fact

PER_CLAIM = 3
MIN_SCORE = 0.12  # below this two claims share little more than stop-words and the story's main names
JOIN_SCORE = 0.45  # close enough to count as the same fact for the purpose of picking later candidates
SHARED_VALUE_BONUS = 0.1
# Exact scores per claim: the members of a cluster that share most with it, in the clusters that share most. Every
# two-article eval case keeps the candidates of exhaustive scoring with these caps.
MEMBERS_SCORED = 2
CLUSTERS_SCORED = 30


@dataclass(frozen=True)
class Candidate:
    """A pair to judge; ``left`` comes from the earlier article."""

    left: ClaimFeatures
    right: ClaimFeatures
    score: float


def candidate_score(a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> float:
    """Lexical similarity, plus a bonus for each strong sign of one fact: the same number; the same speaker on a
    distinctive name ("Zelenskyy" on "Crimea"), or one distinctive person given the same office."""
    score = idf.similarity(a.tokens, b.tokens)
    if cross_language(a, b):
        return max(score, cross_score(a, b, idf))  # words do not carry across languages; values and names do
    values_a = {(q.value, q.unit) for q in a.quantities}
    if values_a & {(q.value, q.unit) for q in b.quantities}:
        score += SHARED_VALUE_BONUS
    if a.names and b.names and signals_one_fact(a, b, idf):
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
    """Candidate pairs over articles given in order; ``features[i]`` are the claims of article ``i``.

    Earlier claims are found through an inverted index (``blocking``), so each claim is scored exactly against at
    most ``MEMBERS_SCORED`` x ``CLUSTERS_SCORED`` of them, not the whole story: the work grows about linearly.
    """
    clusters: list[list[ClaimFeatures]] = []
    index = ClaimIndex(idf)
    cluster_of: list[int] = []  # index position -> cluster
    out: list[Candidate] = []
    for article_claims in features:
        joins: list[tuple[int, ClaimFeatures]] = []
        fresh: list[ClaimFeatures] = []
        for claim in article_claims:
            ranked = _rank_clusters(claim, index, cluster_of, idf, min_score)
            for _, score, member in ranked[:per_claim]:
                out.append(Candidate(left=member, right=claim, score=score))
            joined = False
            for cluster, score, _ in ranked[:1]:
                taken = any(j == cluster for j, _ in joins)
                if score >= join_score and not taken:
                    joins.append((cluster, claim))
                    joined = True
            if not joined:
                fresh.append(claim)
        # Cluster updates wait until the article is done: claims of one article are never compared.
        for cluster, claim in joins:
            clusters[cluster].append(claim)
            index.add(claim)
            cluster_of.append(cluster)
        for claim in fresh:
            clusters.append([claim])
            index.add(claim)
            cluster_of.append(len(clusters) - 1)
    return out


def _rank_clusters(
    claim: ClaimFeatures, index: ClaimIndex, cluster_of: list[int], idf: IdfTable, min_score: float
) -> list[tuple[int, float, ClaimFeatures]]:
    """Clusters of the claim's indexed neighbours, each with its best-scoring member, best first."""
    best: dict[int, tuple[float, int]] = {}
    seen: Counter[int] = Counter()
    for position in index.neighbours(claim):
        cluster = cluster_of[position]
        if seen[cluster] >= MEMBERS_SCORED or (cluster not in seen and len(seen) >= CLUSTERS_SCORED):
            continue  # enough of this fact, or enough facts: the rest share less with the claim
        seen[cluster] += 1
        score = candidate_score(index.claims[position], claim, idf)
        held = best.get(cluster)
        # The earliest member wins a tie, as when a cluster's members are scored in order.
        if held is None or score > held[0] or (score == held[0] and position < held[1]):
            best[cluster] = (score, position)
    ranked = [(c, s, index.claims[p]) for c, (s, p) in best.items() if s >= min_score]
    # Ties break towards the earlier cluster so runs are deterministic.
    ranked.sort(key=lambda r: (-r[1], r[0]))
    return ranked
