"""Headline and short summary from the article's own words: its title, else its best sentence cut to size."""

import re

from schemas.article import Article, Sentence

HEADLINE_CHARS = 110
SUMMARY_CHARS = 600
_CLAUSE_BREAK = re.compile(r"[,;:–—]\s")
_TRAILING = re.compile(r"[\s,;:–—\-]+$")
_WEAK_END = frozenset(
    """a an the and or but of to in on at by for with from as that which who whose while when where than its their
    his her""".split()  # noqa: SIM905
)


def cut_at_word(text: str, limit: int = HEADLINE_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters, cut at a clause break or else a word boundary.

    A cut never ends on a dangling function word ("... the"); a cut mid-sentence ends with an ellipsis so it
    does not read as the whole sentence.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text.rstrip(" .")
    head = text[:limit]
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(head) if m.start() >= limit // 3]
    if breaks:
        return _TRAILING.sub("", head[: breaks[-1]])
    words = head.rsplit(" ", 1)[0].split(" ") if " " in head else [head]
    while len(words) > 1 and words[-1].lower().strip(",;:") in _WEAK_END:
        words.pop()
    return _TRAILING.sub("", " ".join(words)) + "…"


def headline_from(article: Article, best: Sentence | None) -> str:
    """The article's title when it has one, else its most salient sentence cut at a word boundary."""
    if article.title and article.title.strip():
        return cut_at_word(article.title, 150)
    return cut_at_word(best.text) if best is not None else ""


def summary_from(chosen: list[Sentence], *, most: int = 3) -> list[Sentence]:
    """The top two or three chosen sentences, in article order, kept under ``SUMMARY_CHARS`` when possible."""
    picked: list[Sentence] = []
    used = 0
    for sentence in chosen[:most]:
        if len(picked) >= 2 and used + len(sentence.text) > SUMMARY_CHARS:
            break
        picked.append(sentence)
        used += len(sentence.text) + 1
    return sorted(picked, key=lambda s: s.id)
