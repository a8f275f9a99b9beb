"""Split one sentence into atomic clauses: the reporting frame set apart, coordinated clauses and predicates apart.

Every clause is a span of the sentence, so its evidence is exact (``sentence[start:end]``); its text may differ
only by dropping a parenthetical reporting phrase or by repeating the subject of coordinated predicates, both
made of the sentence's own words.
"""

import re
from dataclasses import dataclass

from service.claimsplit.atoms import split_atoms, subject_of
from service.claimsplit.spans import VERBISH, free, protected
from service.claimsplit.speakers import ACCORDING, LEADING, PARENTHETICAL, TRAILING, skip_time, speaker_like, trim_who

MIN_CLAUSE_WORDS = 4
_CONCESSIVE = re.compile(r"^(?:While|Although|Though|Whereas|Even though|Because)\s+(?P<sub>[^,;“\"]{8,200}?),\s+")
# "..., for which he received ..." / "..., in which X was elected ...": the relative clause has its own subject.
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:and|but|while|whereas|yet|although|though)\s+|\s+but\s+|"
    r",\s+(?:for|in|of|during|through|by|with|from|after|under|on|at)\s+which\s+(?=(?:[A-Z]\w*|he|she|it|they|the|a|an)\b)"
)
# "... and borders Sweden" / "... and supports the idea": a present-tense verb before an object after "and".
_PRESENT_VERB = r"[a-z]{3,}[^s\W]s\s+(?:the|a|an|its|his|her|their|[A-Z])"
_PREDICATE_AND = re.compile(rf"\s+and\s+(?=(?:also|later|then|{VERBISH})\b|{_PRESENT_VERB})|,\s+then\s+(?=[a-z])")
_PRONOUN_AND = re.compile(r",?\s+and\s+(?=(?:he|she|they|it|we)\s+[a-z])")
_LEAD_JUNK = re.compile(r"^[\s,;:–—\-“”\"‘’]*(?:and|but|so|yet)?\s*")
_TAIL_JUNK = re.compile(r"[\s,;:–—\-]+$")
_QUOTES = '“”"‘’'


@dataclass(frozen=True)
class Clause:
    """``start``/``end`` index the sentence; ``text`` is what the claim says; ``who`` the reporting phrase."""

    start: int
    end: int
    text: str
    who: str | None
    quoted: bool


def _words(text: str) -> int:
    return len(text.split())


def _trim(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading conjunctions, edge punctuation and unpaired quote marks at either end."""
    m = _LEAD_JUNK.match(sentence, start, end)
    if m and m.end() > start:
        start = m.end()
    while end > start and (sentence[end - 1] in " ,;:–—-.!?" or sentence[end - 1] in '”"’'):
        piece = sentence[start:end]
        closing = sentence[end - 1]
        if closing in '”"’' and (piece.count("“") >= piece.count("”") > 0 if closing == "”" else False):
            break  # a closing mark that pairs with an opening one stays
        end -= 1
    piece = sentence[start:end]
    if piece[:1] in '“"‘' and piece.count("“") + piece.count('"') + piece.count("‘") > piece.count("”") + piece.count(
        "’"
    ):
        start += 1
    return start, end


def frame(sentence: str, start: int = 0) -> tuple[int, int, str | None]:
    """The reported content's span within ``sentence`` (from ``start``) and the phrase naming who reports it."""
    end, who = len(sentence), None
    according = ACCORDING.match(sentence, start)
    if according:
        start, who = according.end(), according.group("who")
    trailing = TRAILING.search(sentence, start)
    if trailing and _words(sentence[start : trailing.start()]) >= MIN_CLAUSE_WORDS:
        return (
            start,
            trailing.start() + 1 if sentence[trailing.start()] in '”"’' else trailing.start(),
            (trailing.group("who") or trailing.group("who2")),
        )
    if who is None:
        leading = LEADING.match(sentence, start, end)
        speaker = trim_who(leading.group("who")) if leading else ""
        if leading and speaker_like(speaker):
            if _told_without_that(leading):  # "he told Le Parisien his forces ...": attributed, not cut
                return start, end, speaker
            rest = leading.end()
            rest += skip_time(sentence[rest:end])
            if _words(sentence[rest:end]) >= MIN_CLAUSE_WORDS:
                start, who = rest, speaker
    return start, end, who


def _told_without_that(match: re.Match[str]) -> bool:
    return "told" in match.group("verb").lower() and "that" not in match.group("rest")


def split_clauses(sentence: str) -> list[Clause]:
    """Atomic clauses of one sentence, in order; a sentence that does not split is one clause."""
    pieces: list[tuple[int, int]] = []
    start = 0
    concessive = _CONCESSIVE.match(sentence)
    if concessive:
        pieces.append((concessive.start("sub"), concessive.end("sub")))
        start = concessive.end()
    start, end, who = frame(sentence, start)
    cursor = start
    guard = protected(sentence)
    for m in _CLAUSE_BREAK.finditer(sentence, start, end):
        if not free(m.start(), guard):
            continue
        if _words(sentence[cursor : m.start()]) >= MIN_CLAUSE_WORDS and _words(sentence[m.end() : end]) >= 3:
            pieces.append((cursor, m.start()))
            cursor = m.end()
    pieces.append((cursor, end))
    clauses: list[Clause] = []
    for a, b in pieces:
        clauses.extend(_predicates(sentence, a, b, who))
    return [c for c in clauses if _words(c.text) >= 2]


def _predicates(sentence: str, start: int, end: int, who: str | None) -> list[Clause]:
    """ "He became X and was named Y" -> "He became X", "He was named Y" (the subject repeated, its evidence
    reaching back to the subject so it stays one contiguous span)."""
    cuts = sorted(
        [(m.start(), m.end(), True) for m in _PREDICATE_AND.finditer(sentence, start, end)]
        + [(m.start(), m.end(), False) for m in _PRONOUN_AND.finditer(sentence, start, end)]
    )
    spans: list[tuple[int, int, bool]] = []
    cursor, carry, subject = start, False, ""
    for cut_start, cut_end, carries in cuts:
        if cut_start <= cursor or _words(sentence[cursor:cut_start]) < MIN_CLAUSE_WORDS:
            continue
        if _words(sentence[cut_end:end]) < 2:
            continue
        if not spans:
            subject = subject_of(sentence[cursor:cut_start])
        spans.append((cursor, cut_start, carry))
        cursor, carry = cut_end, carries and bool(subject)
    spans.append((cursor, end, carry))
    clauses: list[Clause] = []
    for a, b, carried in spans:
        a, b = _trim(sentence, a, b)
        if b <= a:
            continue
        body = sentence[a:b]
        parenthetical = PARENTHETICAL.search(body)
        speaker = who or (parenthetical.group("who") if parenthetical else None)
        quoted = any(q in body for q in '“”"') or who is not None
        for x, y, text in split_atoms(sentence, a, b, subject if carried else ""):
            text = " ".join(PARENTHETICAL.sub(" ", text).split())
            if carried and not text.lower().startswith(subject.lower()):
                text = f"{subject} {text}"
                x, _ = _trim(sentence, start + len(sentence[start:]) - len(sentence[start:].lstrip()), y)
            clauses.append(Clause(x, y, text, speaker, quoted))
    return clauses
