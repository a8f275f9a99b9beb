"""Blocking for candidate selection: an inverted index over content tokens, names and numbers of claims seen.

Scoring a new claim against every earlier claim makes alignment quadratic in the number of articles. The index
finds the earlier claims that share a distinctive key with it (a content word, a name, a number) and ranks them
by the IDF weight of what they share; the caller scores only the best few of each fact cluster exactly. Keys held
by more than ``max_postings`` claims (the story's main names and words, present everywhere) are not used to find
neighbours: they would make every lookup scan the whole story. Shared anyway by the neighbours found through
rarer keys, they still count in the exact score.
"""

from collections import defaultdict

from service.alignment.crosslingual import XL_E5
from service.alignment.features import ClaimFeatures, IdfTable

MAX_POSTINGS = 200
NEIGHBOURS = 50  # exact scores per claim; two-article requests rarely have more neighbours, so none is lost


def blocking_keys(claim: ClaimFeatures) -> set[str]:
    """Content tokens, name keys and numeric values: what two statements of one fact are likely to share."""
    keys = set(claim.tokens)
    keys |= {f"name:{n.key}" for n in claim.names}
    keys |= {f"num:{q.value}:{q.unit}" for q in claim.quantities}
    keys |= {f"time:{t.kind}:{t.value}" for t in claim.times}  # "Freitag" and "vendredi" meet
    keys |= {f"num:{q.unit}" for q in claim.quantities if q.unit}  # "22.000 Fahrzeuge" / "20 000 véhicules"
    return keys


class ClaimIndex:
    """Claims of earlier articles by key; a key's postings are in insertion order."""

    def __init__(self, idf: IdfTable, *, max_postings: int = MAX_POSTINGS) -> None:
        self.idf = idf
        self.max_postings = max_postings
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.claims: list[ClaimFeatures] = []

    def add(self, claim: ClaimFeatures) -> int:
        """Index ``claim``; returns its position."""
        position = len(self.claims)
        self.claims.append(claim)
        for key in blocking_keys(claim):
            self.postings[key].append(position)
        return position

    def neighbours(self, claim: ClaimFeatures) -> list[int]:
        """Positions of indexed claims sharing a distinctive key with ``claim``, most shared IDF weight first."""
        shared: defaultdict[int, float] = defaultdict(float)
        for key in blocking_keys(claim):
            posting = self.postings.get(key)
            if not posting or len(posting) > self.max_postings:
                continue
            weight = self.idf.weight([key]) if not key.startswith(("name:", "num:", "time:")) else self.idf.default
            for position in posting:
                shared[position] += weight
        if claim.embedding is not None:
            # Across languages two claims of one fact may share no key at all: their embeddings still meet.
            for position, other in enumerate(self.claims):
                if (
                    other.embedding is not None
                    and other.article.language != claim.article.language
                    and float(claim.embedding @ other.embedding) >= XL_E5
                ):
                    shared[position] += self.idf.default
        ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
        return [position for position, _ in ranked]
