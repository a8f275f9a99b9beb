"""Shared primitives of the claim splitter: a verb-like word, protected spans (brackets, quotes), claim text."""

import re

VERBISH = (
    r"(?:is|was|are|were|has|have|had|will|would|can|could|did|does|became|becomes|remains|remained|flew|went|"
    r"made|won|took|gave|said|told|began|left|led|met|ran|saw|set|sold|spent|held|built|brought|fought|found|got|"
    r"grew|knew|lost|paid|put|rose|sent|shot|stood|struck|wrote|plays|[a-z]{3,}(?:ed|es))"
)
# A capitalised word of a name, and a further word of one ("Luka Rocco Magnotta", "Ursula von der Leyen").
NAME_WORD = r"[A-Z][\w’'.-]*"
NAME_PART = rf"\s+(?:{NAME_WORD}|of|de|van|von|al|bin)"
MIN_WORDS = 3
_PAIRS = {"(": ")", "[": "]"}


def brackets(text: str) -> list[tuple[int, int]]:
    """Outermost balanced ``(...)`` / ``[...]`` spans, nesting allowed ("(Spanish: [xaˈβjer] (listen); born 1988)");
    an unclosed bracket protects nothing."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((_PAIRS[ch], i))
        elif stack and ch == stack[-1][0]:
            _, opened = stack.pop()
            if not stack:
                spans.append((opened, i + 1))
        elif ch in ")]" and stack:
            stack.clear()  # a mismatched closing bracket: give up on this run rather than guess
    return spans


def protected(sentence: str) -> list[tuple[int, int]]:
    """Spans inside brackets or quotation marks: never cut there."""
    spans = brackets(sentence)
    for pattern in (r"“[^”]*”", r'"[^"]*"'):
        spans.extend((m.start(), m.end()) for m in re.finditer(pattern, sentence))
    return spans


def free(position: int, spans: list[tuple[int, int]]) -> bool:
    return not any(a < position < b for a, b in spans)


def clean(text: str) -> str:
    """Claim text: bracketed asides dropped (pronunciations, dates, nested ones too), single spaces, no edge
    punctuation."""
    for a, b in reversed(brackets(text)):
        if text[a] == "(":
            text = text[:a].rstrip() + " " + text[b:]
    return " ".join(text.split()).replace(" ,", ",").strip(" ,;:")
