"""A document read once for checking statements against it: per-sentence tokens, bigrams, values, names and IDF."""

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from service.normalise.dates import find_times
from service.normalise.names import NameMention, find_names
from service.normalise.numbers import find_quantities
from service.normalise.tokens import content_tokens
from service.segment import split_sentences


def bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(tokens))


def quantity_values(text: str) -> set[float]:
    """Numeric values, rounded so "30,000" and "30k" meet; years count as times, not quantities."""
    return {round(q.value, 3) for q in find_quantities(text)}


def time_values(text: str) -> set[str]:
    return {t.value for t in find_times(text) if t.kind in ("date", "year", "month", "weekday", "time_of_day")}


@dataclass(frozen=True)
class SentenceIndex:
    text: str
    tokens: tuple[str, ...]
    token_set: frozenset[str]


class DocumentIndex:
    """The sentences of a document with everything the features need, computed lazily and once."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.sentences = [
            SentenceIndex(s, tuple(toks), frozenset(toks)) for s in sentences for toks in [content_tokens(s)]
        ]
        df: Counter[str] = Counter(t for s in self.sentences for t in s.token_set)
        n = max(1, len(self.sentences))
        self.idf = {t: math.log(1 + n / c) for t, c in df.items()}
        self.unseen_idf = math.log(1 + n)  # a word the document never uses weighs as much as its rarest word

    @classmethod
    def from_text(cls, text: str) -> "DocumentIndex":
        return cls([s.text for s in split_sentences(text)])

    @cached_property
    def text(self) -> str:
        return "\n".join(s.text for s in self.sentences)

    @cached_property
    def tokens(self) -> frozenset[str]:
        return frozenset(t for s in self.sentences for t in s.token_set)

    @cached_property
    def bigrams(self) -> set[tuple[str, str]]:
        return {b for s in self.sentences for b in bigrams(s.tokens)}

    @cached_property
    def quantities(self) -> set[float]:
        return {v for s in self.sentences for v in quantity_values(s.text)}

    @cached_property
    def times(self) -> set[str]:
        return {v for s in self.sentences for v in time_values(s.text)}

    @cached_property
    def names(self) -> list[NameMention]:
        return [n for s in self.sentences for n in find_names(s.text)]

    def weight(self, token: str) -> float:
        return self.idf.get(token, self.unseen_idf)
