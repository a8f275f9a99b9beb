"""Modifiers as atomic facts: trailing time/place/circumstance phrases, leading phrases, example lists.

"He was arrested in a coffee shop in Berlin in June 2012" -> "He was arrested in a coffee shop", "... in Berlin",
"... in June 2012"; "Born in Plains, Georgia, Carter graduated ..." -> "Carter graduated ...", "Carter born in
Plains, Georgia". Every atom is made of the clause's own words.
"""

import re

from service.claimsplit.spans import MIN_WORDS, NAME_PART, NAME_WORD, VERBISH, clean, free, protected

# Trailing modifiers that each add one atomic fact ("arrested | in a coffee shop | in Berlin | in June 2012").
_MODIFIER = re.compile(
    r"\s+(?=(?:in|on|at|during|since|from|for|with|by|while|after|before|until|near|under|as|against)\s)"
)
MAX_MODIFIERS = 4
# A modifier that stands as its own fact: when (a date, a year, a weekday, while/after/before ...) or where (a
# preposition and a capitalised place name).
_DETACHABLE = re.compile(
    r"^(?:(?:while|after|before|since|until|during)\s|(?:in|on|at|from|near)\s+(?:the\s+)?(?:[A-Z]|\d|"
    r"(?:early|late|mid)\b)|(?:in|on|at|since|by)\s+(?:\w+\s+){0,2}(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{4})\b)"
)
# A clause cut before its modifier must not end on a word that asks for one: "The studio is best known | for its
# films", "It is located mainly | in the northeast", "She was tasked | with ...".
_INCOMPLETE = re.compile(
    r"(?:known|located|situated|based|tasked|used|described|considered|regarded|seen|involved|engaged|such|among|"
    r"also|mainly|mostly|largely|partly|best|well|only|just|even|both|either|between|from|than|along|count|rely|"
    r"relies|depend|depends|put|puts|meet|expected|be|been|being|is|are|was|were|has|have|had|[a-z]+ly)$"
)
# Spoken words ("We can only count | on ...") and an infinitive whose object would be cut ("he wants to put Ukraine
# | in the strongest position") keep their modifiers.
_KEEP_WHOLE = re.compile(
    r"[“”\"]|\b(?:I|we|We|you|You|us|our|Our|my|My)\b|\b(?:wants?|wanted|tr(?:y|ies|ied)|plans?|planned|hopes?|hoped|aims?|aimed|seeks?|sought|going|able|needs?|needed|"
    r"ha(?:s|ve|d)|can|could|is|likely|set|due|decided|agreed|promised|vowed|refused|failed|managed)\s+to\s+[a-z]+\b|\bthat\b|[.!?]\s"
)
# A modifier the verb asks for: the agent of a passive ("controlled | by Russia") and the "as" of describe-verbs.
_NEEDED = (
    (
        re.compile(r"^(?:by|with|at|about|over)\b"),
        re.compile(
            r"\b(?:is|are|was|were|be|been|being|appeared|seemed|looked|became|remained|felt)\s+"
            r"(?:(?:\w+ly|also|now|not|still)\s+)*[a-z]+(?:ed|en|wn)$"
        ),
    ),
    # a reduced relative's agent: "a passenger aircraft developed | by Boeing"
    (re.compile(r"^by\b"), re.compile(r"\s[a-z]{3,}(?:ed|en|wn)$")),
    # a time clause, not a time: "It comes less than a month | after he gave similar remarks"
    (re.compile(rf"^(?:after|before|until|since|while|when)\s+(?:\S+\s+){{0,6}}?{VERBISH}\b"), re.compile("")),
    (re.compile(r"^as\b"), re.compile(r"\b(?:describ|regard|consider|view|treat|label|brand|see|saw|known|nam)\w*\b")),
)
# Words that continue a verb group rather than start its object: participles, adverbs, auxiliaries.
_VERB_GROUP = re.compile(
    rf"{VERBISH}|[a-z]+(?:ly|ed|en|wn)|also|been|being|be|best|well|still|then|now|later|once|often|never|not|"
    r"just|only|mainly|mostly|already|soon|born|made|held|set|built|known|done|seen|used|grown|run"
)
# A participle after a noun (a reduced relative: "a studio headquartered", "a film directed") ends no clause.
_DANGLING = re.compile(
    r"\s(?!(?:is|was|are|were|be|been|being|has|have|had|also|not)\s)[\w’'-]+\s+[a-z]{3,}(?:ed|en|wn)$"
)
_SUBORDINATE = re.compile(r"\b(?:if|when|whether|unless|although|because)\b", re.IGNORECASE)


_LEAD = re.compile(r"^(?P<lead>(?:In|On|At|During|Since|By|From|After|Before)\s[^,;]{2,40}),\s+(?P<rest>\S.+)$")


_SUBJECT = rf"(?:{NAME_WORD}(?:{NAME_PART}){{0,4}}|[Hh]e|[Ss]he|[Ii]t|[Tt]hey|[Tt]he\s+\w+)"
# "Born and raised in Plains, Georgia, Carter graduated ..." / "Having garnered 60 appearances, Hernández returned".
_PARTICIPLE_LEAD = re.compile(
    rf"^(?P<lead>(?:Born|Having|Raised|Abandoned|Recognized|Recognised|Known|Founded|Based|Located|Considered|"
    rf"[A-Z][a-z]{{2,}}(?:ed|ing))\b[^;“”\"]{{2,100}}?),\s+(?P<rest>(?P<subject>{_SUBJECT})\s+(?:also\s+)?{VERBISH}\b.*)$"
)
# Any other lead-in phrase before the subject: "Five years later, he narrowly beat ..." / "In theater, ...".
_ANY_LEAD = re.compile(rf"^(?P<lead>[A-Z][^;,“”\"]{{2,60}}),\s+(?P<rest>{_SUBJECT}\s+(?:also\s+)?{VERBISH}\b(?!,).*)$")
# ", such as A, B and C" / ", including A and B": the head holds for each example.
_EXAMPLES = re.compile(r"^(?P<head>.{12,}?),?\s+(?P<kw>such as|including)\s+(?P<items>[^;:()“”\"]+)$")
_ITEM_CUT = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def modifiers(text: str) -> list[str]:
    """Like ``trailing_modifiers``, and: a leading time or place ("In 2014, she made ...") as one more fact, a
    leading participle phrase said of the subject, the clause without any other lead-in, one fact per example."""
    examples = _examples(text)
    if examples:
        return examples
    participle = _PARTICIPLE_LEAD.match(text)
    if participle:
        lead = participle.group("lead")
        lead = lead[:1].lower() + lead[1:]
        pair = re.match(r"^(\w+(?:ed|n))\s+and\s+(\w+(?:ed|n))\s+(.+)$", lead)  # "born and raised in X"
        leads = [f"{pair.group(1)} {pair.group(3)}", f"{pair.group(2)} {pair.group(3)}"] if pair else [lead]
        asides = [clean(f"{participle.group('subject')} {x}") for x in leads]
        return [*trailing_modifiers(participle.group("rest")), *asides]
    lead = _LEAD.match(text)
    if lead is None or not _DETACHABLE.match(lead.group("lead")[:1].lower() + lead.group("lead")[1:]):
        other = _ANY_LEAD.match(text)
        if other is not None:
            return _unique([text, *trailing_modifiers(other.group("rest"))[1:]])
        return trailing_modifiers(text)
    rest = lead.group("rest")
    facts = trailing_modifiers(rest)
    head = _head(rest)
    return [*facts, clean(f"{lead.group('lead')}, {head}")]


def _examples(text: str) -> list[str]:
    """ "He has received several accolades, including nominations for A, B and C" -> the head, and the head with
    each example ("... including nominations for A"). Items of more than six words are not read as examples."""
    m = _EXAMPLES.match(text)
    if m is None or not re.search(rf"\s{VERBISH}\b", m.group("head")):
        return []
    guard = protected(text)
    items_at = m.start("items")
    cuts = [c for c in _ITEM_CUT.finditer(text, items_at) if free(c.start(), guard)]
    items: list[str] = []
    cursor = items_at
    for c in cuts:
        items.append(text[cursor : c.start()])
        cursor = c.end()
    items.append(text[cursor:])
    if len(items) < 2 or any(not 1 <= len(i.split()) <= 6 for i in items):
        return []
    head = m.group("head")
    return [*modifiers(head), *(clean(f"{head} {m.group('kw')} {i}") for i in items)]


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def _head(text: str) -> str:
    """The clause up to its first trailing modifier."""
    verb = re.search(rf"\s{VERBISH}\b", text)
    cut = _MODIFIER.search(text, verb.end()) if verb else None
    return text[: cut.start()] if cut and len(text[: cut.start()].split()) >= MIN_WORDS else text


def trailing_modifiers(text: str) -> list[str]:
    """Time, place and circumstance modifiers as facts of their own: "He was arrested in a coffee shop in Berlin
    in June 2012" -> "He was arrested in a coffee shop", "He was arrested in Berlin", "He was arrested in June
    2012" (FActScore-style atomic facts). Other modifiers stay with the core; a long or nested tail is left whole.
    """
    guard = protected(text)
    verb = re.search(rf"\s{VERBISH}\b", text)
    if verb is None or _SUBORDINATE.search(text[: verb.start()]):
        return [text]
    cuts = [m for m in _MODIFIER.finditer(text, verb.end()) if free(m.start(), guard)]
    if not cuts:
        return [text]
    head = text[: cuts[0].start()]
    core = _core(text, cuts, verb.end())  # the clause without its modifiers, when that still says something
    if len(cuts) > MAX_MODIFIERS:
        return [text, *core]
    pieces = [text[m.end() : (cuts[i + 1].start() if i + 1 < len(cuts) else len(text))] for i, m in enumerate(cuts)]
    if len(head.split()) < MIN_WORDS or any(len(p.split()) > 7 or len(p.split()) < 2 for p in pieces):
        return [text, *core]
    if any(re.search(rf"\b{VERBISH}\b", p) for p in pieces):
        return [text, *core]  # a verb inside: a nested clause, not a modifier of the main verb
    detached = [p for p in pieces if _DETACHABLE.match(p)]
    kept = [p for p in pieces if not _DETACHABLE.match(p)]
    # With two or more modifiers kept on the core, the verb with its first one is a fact too ("He made his debut
    # for Mexico's team | in a match against Colombia").
    simple = not re.search(r"\b(?:to|that|before|after|if|when)\s|[.!?]\s", head)
    first = [clean(f"{head} {kept[0]}")] if len(kept) >= 2 and simple else []
    if not detached:
        return [text, *first, *core]
    stated = clean(" ".join([head, *kept]))  # with a time or place detached, what stays is the core already
    if not kept and _DANGLING.search(head):
        stated = text  # "a studio headquartered | in Koganei": the participle needs its place
    return _unique([stated, *first, *(clean(f"{head} {p}") for p in detached)])


def _core(text: str, cuts: list[re.Match[str]], verb_end: int) -> list[str]:
    """The clause without its trailing modifiers: cut before the first modifier that follows an object or
    complement ("It has collaborated | with studios" says nothing, "It has collaborated with studios | on the
    development of ..." does), unless a word left in it asks for what was cut."""
    for m in cuts:
        head = text[: m.start()]
        if not [w for w in head[verb_end:].split() if not _VERB_GROUP.fullmatch(w)]:
            continue  # no object yet: "The series was produced | by ..." keeps going
        cut = text[m.end() - 1 :].lstrip(" ,")
        if _KEEP_WHOLE.search(head) or any(p.match(cut) and h.search(head) for p, h in _NEEDED):
            return []
        head = clean(head)
        if len(head.split()) < MIN_WORDS or head == clean(text) or _INCOMPLETE.search(head):
            return []
        return [head]
    return []
