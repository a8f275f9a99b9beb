"""Who says it: reporting frames around a clause ("X said (that) ...", "..., he added", "according to X"), and
"he"/"she" resolved to the last named person who spoke or was the subject of a sentence."""

import re
from dataclasses import dataclass, field

from service.claimsplit.spans import NAME_PART, NAME_WORD
from service.normalise.names import find_names, spelling_key
from service.normalise.tokens import REPORTING

_VERBS = (
    rf"(?:(?:has|have|had)\s+(?:also\s+)?(?:said|admitted|told|added|warned|insisted|acknowledged|conceded)|"
    rf"(?:also\s+)?(?:{REPORTING}|told|tells|admitted|admits|noted|explained|confirmed|denied|stressed|"
    r"acknowledged|conceded|declared|predicted|reiterated|maintained))"
)
_PRONOUN = r"(?:he|she|they|it|we|I)"
_NAME = rf"(?:(?:the|The)\s+)?{NAME_WORD}(?:{NAME_PART}){{0,5}}"
# "..., he said." / "..., Zelenskyy has admitted." / "...,” said Mr Peskov." at the end of a sentence.
TRAILING = re.compile(
    rf"(?:,[”\"’]?|[”\"’],?)\s+(?:(?P<who>{_PRONOUN}|{_NAME})\s+{_VERBS}|(?:said|says|added|told)\s+(?P<who2>{_NAME}))"
    r"(?:\s+(?:on|last|this|in|at|to|from)?\s*[\w’'-]+){0,4}[.!?]?[”\"]?$"
)
# "X said (Wednesday) (that) ..." / "X told Le Parisien that ..." near the start of a clause.
LEADING = re.compile(rf"(?P<who>[^“\"]{{2,200}}?)\s+(?P<verb>{_VERBS})\b(?P<rest>[^“\"]{{0,70}}?\bthat\s+|\s+(?=\S))")
ACCORDING = re.compile(r"[Aa]ccording to (?P<who>[^,]{2,80}),\s+")
# ", he added," inside a clause.
PARENTHETICAL = re.compile(rf",\s+(?P<who>{_PRONOUN}|{_NAME})\s+{_VERBS},\s+")
_PERSONAL = {"he", "she"}
_INTRO = re.compile(
    r"^(?:(?:on|in|at|by|after|before|earlier|later|last|meanwhile|but|and|also|however|separately|speaking)\b[^,]*,\s*)+",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(r"^(?:while|although|though|whereas|if|when|as|because|since|after|before|that)\b", re.I)
_TIME_AFTER_VERB = re.compile(
    r"^\s*(?:on\s+|last\s+|this\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|"
    r"week|month|night)\b(?:\s+(?:night|morning|evening|afternoon))?,?",
    re.IGNORECASE,
)


def trim_who(who: str) -> str:
    """The reporting subject without a lead-in: "On the same day, NATO's chief" -> "NATO's chief"."""
    who = who.strip(" ,")
    if ", " in who:
        last = who.rsplit(", ", 1)[1]
        if len(last.split()) <= 8 and speaker_like(last):
            return last
    return who


def speaker_like(who: str) -> bool:
    """A plausible reporting subject: short, capitalised or a pronoun, not itself a subordinate clause."""
    who = _INTRO.sub("", who.strip())
    words = who.split()
    if not words or len(words) > 14 or _SUBORDINATE.match(who):
        return False
    return who[:1].isupper() or words[0].lower() in ("he", "she", "they", "it", "we", "i", "the", "a", "an")


@dataclass
class People:
    """Named people seen so far in the article, to resolve pronouns and short names to full names."""

    last: str | None = None
    full: dict[str, str] = field(default_factory=dict)

    def see(self, text: str) -> None:
        """Remember every person named; one named near the start of the sentence becomes the likely "he"."""
        for mention in find_names(text):
            if mention.kind != "person":
                continue
            name = self._register(mention.name)
            if mention.start < 40 and self.last is None:
                self.last = name

    def subject(self, text: str) -> None:
        for mention in find_names(text):
            if mention.kind == "person" and mention.start < 40:
                self.last = self._register(mention.name)
                return

    def _register(self, name: str) -> str:
        key = spelling_key(name.split()[-1])
        known = self.full.get(key)
        if known is None or len(name) > len(known):
            self.full[key] = name
        return self.full[key]

    def resolve(self, who: str) -> str | None:
        """A pronoun -> the last named speaker or subject; a person -> the fullest form of the name seen;
        anything else -> the phrase itself ("Russia's Defense Ministry")."""
        who = _INTRO.sub("", who.strip(" ,“”\"'")).strip()
        if who.lower() in _PERSONAL:
            return self.last
        if who.lower() in {"they", "it", "we", "i"} or not who:
            return None
        names = find_names(who)
        people = [m for m in names if m.kind == "person"]
        if people and people[0].start < 40:
            resolved = self._register(people[0].name)
            self.last = resolved
            return resolved
        phrase = who.split(",")[0].strip() if len(who.split()) > 8 else who
        if len(names) == 1 and names[0].name == phrase and len(phrase.split()) == 1:
            key = spelling_key(phrase)
            if key in self.full:  # "Rutte said" -> "Mark Rutte"
                self.last = self.full[key]
                return self.full[key]
        return phrase


def skip_time(text: str) -> int:
    """Characters of a time phrase ("Wednesday", "on Tuesday,") at the start of ``text``."""
    m = _TIME_AFTER_VERB.match(text)
    return m.end() if m else 0
