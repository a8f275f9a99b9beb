"""Which sentences may stand as a key point: not flagged, not a heading, not a fragment, not page furniture."""

import re

from schemas.article import Article, Sentence
from service.normalise.tokens import content_tokens, fold

MIN_WORDS = 6
# Sentences that only describe the story's production carry no news.
_CREDITS = re.compile(
    r"(?i)^(?:some\s+)?(?:information|reporting|additional reporting)\b.*\b(?:came from|contributed|by)\b"
    r"|^(?:\w+\s+){0,3}contributed to this (?:report|story)"
    r"|^(?:read more|related|watch|listen|advertisement|sign up|subscribe|click here|share this)\b"
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_END = re.compile(r"[.!?…][”\"’)\]]*$|[”\"’]$")


def is_heading(sentence: Sentence, title: str | None) -> bool:
    """A line without a sentence end, or the article's title repeated as its first line."""
    if title and fold(sentence.text).strip(" .") == fold(title).strip(" ."):
        return True
    return not _END.search(sentence.text.strip())


def is_fragment(sentence: Sentence) -> bool:
    """Too few words, or hardly any content words, to state a fact on its own."""
    words = _WORD.findall(sentence.text)
    return len(words) < MIN_WORDS or len(content_tokens(sentence.text)) < 3


def eligible(article: Article, sentence: Sentence) -> bool:
    return (
        sentence.flag is None
        and not is_heading(sentence, article.title)
        and not is_fragment(sentence)
        and not _CREDITS.search(sentence.text.strip())
    )


def eligible_sentences(article: Article) -> list[Sentence]:
    """The article's sentences that may be chosen as key points, claims' sources or headline, in order."""
    return [s for s in article.sentences if eligible(article, s)]
