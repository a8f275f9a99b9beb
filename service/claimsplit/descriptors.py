"""What a clause says its subject is: copular descriptions split into atoms, and "born ..." appositives.

"Python is a high-level, scripted, dynamically typed language" -> "Python is a high-level language", "Python is a
scripted language", "Python is a dynamically typed language"; "Chalamet is an American actor" adds "Chalamet is
American"; "X, born June 1, 1988, is ..." -> "X born June 1, 1988". Every word comes from the clause itself.
"""

import re

# Copular verbs whose complement describes the subject.
_COPULA = r"(?:is|was|are|were|became|becomes|remains|remained)"
_DESCRIPTION = re.compile(rf"^(?P<head>.+?\s{_COPULA}\s+(?:also\s+|now\s+|still\s+)?)(?P<det>an?|the)\s+(?P<np>\S.*)$")
# A nationality or origin adjective before a lower-case noun: "an American actor", "a Mexican footballer".
_DETERMINED = re.compile(r"(?:^|\s)(?P<det>an?|the)\s+")
_DEMONYM = re.compile(
    r"^(?P<dem>(?:[A-Z][a-z]+-)?[A-Z][a-z]+(?:an|ian|ese|ish|ch|i|ic))\s+(?=(?:[a-z][\w-]*\s+)*[a-z][\w-]*(?:\s|$|,))"
)
# Where the noun phrase ends: a preposition, a relative pronoun, a participle, a clause break.
_NP_END = re.compile(
    r"\s+(?:that|which|who|whose|with|in|of|for|from|by|on|at|to|based|founded|headquartered|located|known|"
    r"directed|written|made|produced|whose|where)\b|\s*[;:()]|\s+[–—-]\s+"
)
_ADJECTIVE = re.compile(
    r"^(?:[a-z]+ly\s+)?(?:[a-z]+-[a-z-]+|[a-z-]{2,}(?:al|ic|ive|ed|ous|ful|ary|an|ese|ish|ent|ant|ble|less|ar|ory)|"
    r"[A-Z][a-z]+(?:an|ese|ish|ch|ic))$"
)
# A participle phrase after the described noun is said of the subject too: "X is a passenger aircraft developed by
# Boeing" -> "X developed by Boeing"; "a studio headquartered in Koganei" -> "X headquartered in Koganei".
_REDUCED = re.compile(
    r"^[^,;()“”\"]{2,60}?\s(?P<what>(?:[a-z]{3,}(?:ed|en|wn)|built|made|held|set)\s+(?:by|in|on|at|from|as)\s[^;]+)$"
)
_PARTICIPLE_END = re.compile(r"(?:ed|ing|held|made|built|known)$")
_BORN = re.compile(
    r",\s+(?P<what>(?:born|(?:\w+ly\s+|also\s+)?(?:known|called|nicknamed|named)|officially)\s+[^;()“”\"]{3,80}?),\s+"
    r"(?=(?:who\s+)?(?:is|was|are|were|became|has|had)\b)"
)


def born_appositive(clause: str) -> re.Match[str] | None:
    """The ", born <date or place>," / ", commonly known as X," aside after a clause's subject, if any."""
    return _BORN.search(clause)


def describe(text: str) -> list[str]:
    """Atoms a description adds to ``text`` (never ``text`` itself): one per listed adjective of a noun ("supports
    the object-oriented, imperative and functional paradigm"), and a copular subject's nationality."""
    out: list[str] = []
    for m in _DETERMINED.finditer(text):
        out = _adjective_list(text[: m.start("det")], m.group("det"), _noun_phrase(text[m.end() :]))
        if out:
            break
    described = _DESCRIPTION.match(text)
    if described is not None and not out:
        demonym = _DEMONYM.match(described.group("np"))
        if demonym:
            out.append(f"{described.group('head')}{demonym.group('dem')}")
        out.extend(_stacked(described.group("head"), described.group("det"), _noun_phrase(described.group("np"))))
        if described.group("det").lower() != "the":
            out.extend(_roles(described.group("head"), described.group("det"), _noun_phrase(described.group("np"))))
        reduced = _REDUCED.match(described.group("np"))
        subject = re.sub(rf"\s{_COPULA}\s+(?:also\s+|now\s+|still\s+)?$", "", described.group("head"))
        if reduced and subject != described.group("head") and described.group("det").lower() != "the":
            out.append(f"{subject} {reduced.group('what')}")
    return [" ".join(x.split()) for x in dict.fromkeys(out) if x != text]


def _roles(head: str, det: str, phrase: str) -> list[str]:
    """ "X is an American actor, comedian, director, and producer" -> "X is an American actor", "X is a comedian",
    "X is a director", "X is a producer": one description per listed noun (one to three lower-case words each)."""
    if re.search(r"(?:^|,\s+|\sand\s+)[a-z-]+\s+and\s+[a-z-]+\s+[a-z-]+(?:,|$)", phrase):
        return []  # "film and television director": two words sharing one noun, not two roles
    items = [x for x in re.split(r",\s+(?:and\s+)?|\s+and\s+", phrase) if x]
    if len(items) < 2 or not all(re.fullmatch(r"[a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2}", x) for x in items[1:]):
        return []
    if not re.fullmatch(r"(?:[A-Za-z][a-z-]+\s+){0,2}[a-z][a-z-]+", items[0]) or _adjective_list("", det, phrase):
        return []
    return [f"{head}{_article(det, x)} {x}" for x in items]


def _stacked(head: str, det: str, phrase: str) -> list[str]:
    """ "Egypt is a transcontinental sovereign country" -> "Egypt is a transcontinental country", "Egypt is a
    sovereign country": each adjective of an indefinite description on its own (commas: ``_adjective_list``)."""
    words = phrase.split()
    if det.lower() == "the" or not 3 <= len(words) <= 4 or not re.fullmatch(r"[a-z]+", words[-1]):
        return []
    modifiers, noun = words[:-1], words[-1]
    odd = [m for m in modifiers if not _ADJECTIVE.match(m)]
    words_ok = all(re.fullmatch(r"[A-Za-z][a-z-]+", m) and not m.endswith("ly") for m in modifiers)
    if _PARTICIPLE_END.search(noun) or len(odd) > len(modifiers) - 1 or not words_ok:
        return []  # one word that reads as no adjective ("sovereign") is tolerated next to one that does
    return [f"{head}{_article(det, m)} {m} {noun}" for m in modifiers]


def adjective_list(text: str) -> bool:
    """``text`` lists adjectives of one noun ("a high-level, scripted and typed language"): not a list of things."""
    return any(_adjective_list("", m.group("det"), _noun_phrase(text[m.end() :])) for m in _DETERMINED.finditer(text))


def _noun_phrase(text: str) -> str:
    end = _NP_END.search(text)
    return text[: end.start()] if end else text


def _adjective_list(head: str, det: str, phrase: str) -> list[str]:
    """ "a high-level, scripted and dynamically typed language" -> one description per adjective."""
    items = [x.strip() for x in re.split(r",\s+", phrase)]
    pair = re.match(r"^(?P<a>[\w-]+)\s+(?:and|or)\s+(?P<b>[\w-]+)\s+(?P<noun>[a-z][\w-]*(?:\s+[a-z][\w-]*)?)$", phrase)
    if len(items) < 2 and pair and _ADJECTIVE.match(pair.group("a")) and _ADJECTIVE.match(pair.group("b")):
        return [f"{head}{_article(det, pair.group(x))} {pair.group(x)} {pair.group('noun')}" for x in ("a", "b")]
    if len(items) < 2:
        return []
    last = re.sub(r"^(?:and|or)\s+", "", items[-1])
    if " and " in last or " or " in last:
        before, last = re.split(r"\s+(?:and|or)\s+", last, maxsplit=1)
        items = [*items[:-1], before]
    else:
        items = items[:-1]
    words = last.split()
    if not 2 <= len(words) <= 4 or not words[-1].islower():
        return []  # a list of nouns ("a singer, songwriter and actor") or of names: not adjectives of one noun
    adverb = 2 if words[0].endswith("ly") and len(words) > 2 else 1
    adjectives = [*items, " ".join(words[:adverb])]
    noun = " ".join(words[adverb:])
    odd = [a for a in adjectives if not _ADJECTIVE.match(a)]
    # One unknown word among three or more adjectives ("high-level, multiparadigm, general-purpose") is tolerated.
    if len(odd) > (1 if len(adjectives) >= 3 else 0) or any(not re.fullmatch(r"[a-z][a-z-]+", a) for a in odd):
        return []
    return [f"{head}{_article(det, a)} {a} {noun}" for a in adjectives]


def _article(det: str, word: str) -> str:
    """ "a" or "an" to suit the adjective that now follows it; "the" unchanged."""
    if det.lower() not in ("a", "an"):
        return det
    return "an" if word[:1].lower() in "aeio" else "a"
