"""Shared primitives of the claim splitter: a verb-like word, protected spans (brackets, quotes), claim text."""

import re

VERBISH = (
    r"(?:is|was|are|were|has|have|had|will|would|can|could|did|does|became|becomes|remains|remained|flew|went|"
    r"made|won|took|gave|said|told|began|left|led|met|ran|saw|set|sold|spent|held|built|brought|fought|found|got|"
    r"grew|knew|lost|paid|put|rose|sent|shot|stood|struck|wrote|plays|[a-z]{3,}(?:ed|es))"
)
_PAREN = re.compile(r"\s*\([^()]*\)")
MIN_WORDS = 3


def protected(sentence: str) -> list[tuple[int, int]]:
    """Spans inside brackets or quotation marks: never cut there."""
    spans: list[tuple[int, int]] = []
    for pattern in (r"\([^()]*\)", r"\[[^\[\]]*\]", r"“[^”]*”", r'"[^"]*"'):
        spans.extend((m.start(), m.end()) for m in re.finditer(pattern, sentence))
    return spans


def free(position: int, spans: list[tuple[int, int]]) -> bool:
    return not any(a < position < b for a, b in spans)


def clean(text: str) -> str:
    """Claim text: parentheses dropped (pronunciations, asides), single spaces, no edge punctuation."""
    return " ".join(_PAREN.sub("", text).split()).strip(" ,;:")
