"""The one set of word-level text primitives: folding, stopwords, stemming and content tokens.

Grounding, alignment, the classifiers and the evals all tokenise through here, so two sides of any comparison
are always cut the same way.
"""

import re
import unicodedata

from service.normalise.dates import MONTHS, PARTS, WEEKDAYS
from service.normalise.negation import STRONG
from service.normalise.numbers import SCALES, SMALL, TENS

STOPWORDS = (
    frozenset(
        """a an the and or but if of to in on at by for with from into onto as is are was were be been being am do
        does did doing has have had having will would shall should can could may might must it its it's this that
        these those there their they them he him his she her hers we us our you your i me my who whom whose which
        what when where why how than then so such also only just very about over after before while because since
        until up down out off again further once all any both each few more most other some own same too not no nor
        said says told added saying according stated say tell mr mrs ms s t""".split()  # noqa: SIM905
    )
    | STRONG
)
# Reporting verbs and function words carry no fact; neither do number words (quantities are compared as values).
NUMBER_WORDS = set(SMALL) | set(TENS) | set(SCALES) | {"per", "cent", "percent"}
TIME_WORDS = set(WEEKDAYS) | set(MONTHS) | set(PARTS) | {"yesterday", "today", "tomorrow", "tonight", "week", "month"}
REPORTING = r"said|says|told|added|stated|claimed|announced|warned|insisted|argued|admitted|suggested|wrote"
_WORD = re.compile(r"[a-z]+")
_SPELLING = (
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"(?<=\w{3})our$"), "or"),
    (re.compile(r"ise$"), "ize"),
    (re.compile(r"isation$"), "ization"),
    (re.compile(r"yse$"), "yze"),
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly", "e")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def stem(word: str) -> str:
    """A deliberately crude stemmer: it only has to map both sides of a comparison the same way."""
    for pattern, repl in _SPELLING:  # British and American spellings ("defence"/"defense") must meet
        word = pattern.sub(repl, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_tokens(text: str) -> list[str]:
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in STOPWORDS and w not in NUMBER_WORDS and len(w) > 1]
