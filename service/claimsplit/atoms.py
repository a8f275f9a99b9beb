"""Split one clause further into atomic claims: relative clauses, participle phrases and coordinated lists.

"X is a footballer who plays for A and B" -> "X is a footballer", "X plays for A", "X plays for B". Each atom
is ``(start, end, text)``: ``sentence[start:end]`` is one contiguous span that contains every word of ``text``
(the subject is repeated from the clause, never invented). Nothing is split inside brackets or quotation marks.
"""

import re

Atom = tuple[int, int, str]

VERBISH = (
    r"(?:is|was|are|were|has|have|had|will|would|can|could|did|does|became|becomes|remains|remained|flew|went|"
    r"made|won|took|gave|said|told|began|left|led|met|ran|saw|set|sold|spent|held|built|brought|fought|found|got|"
    r"grew|knew|lost|paid|put|rose|sent|shot|stood|struck|wrote|plays|[a-z]{3,}(?:ed|es))"
)
SUBJECT = re.compile(rf"^(?P<subject>[^,;]{{2,90}}?)\s+(?={VERBISH}\b)")
# A name (or "He") opening the clause: "Luka Rocco Magnotta (born ...) is ..." -> "Luka Rocco Magnotta".
NAME_SUBJECT = re.compile(
    rf"^(?P<subject>(?:[A-Z][\w’'.-]*)(?:\s+(?:[A-Z][\w’'.-]*|of|de|van|von|al|bin))*)(?=\s+(?:\(|{VERBISH}\b|also\b))"
)
_RELATIVE = re.compile(
    r"\s+(?:is|was|are|were|has been|had been|became)\s+(?:a|an|the|one of)\b[^,;]*?(?P<rel>,?\s+(?:who|which|that)\s+)"
)
_PARTICIPLE = re.compile(r",\s+(?=(?:[a-z]{3,}ing)\b)")
_AND_ING = re.compile(r"\s+and\s+(?=[a-z]{3,}ing\b)")
_LIST = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or|as well as)\s+")
_DETERMINER = re.compile(r"^(?:a|an|the|\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|several|many)\b", re.I)
_BOUNDARY = frozenset(
    [
        "by",
        "for",
        "in",
        "of",
        "with",
        "from",
        "to",
        "at",
        "on",
        "into",
        "about",
        "against",
        "as",
        "is",
        "was",
        "are",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
        "became",
        "include",
        "includes",
        "included",
        "including",
    ]
)
_PAREN = re.compile(r"\s*\([^()]*\)")
_BORN = re.compile(r"\((?:born|née|b\.)\s+(?P<what>[^()]+)\)")
_NAME = r"[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|of|de|van|von|al|bin))*"
# "Jun Lin, a Chinese international student," / "Mark Rutte, who leads NATO," after a name.
_APPOSITION = re.compile(
    rf"(?P<name>{_NAME}),\s+(?P<what>(?:a|an|the|who|which)\s+[^,;()“”\"]{{3,90}}?)(?=,(?!\s+\w+(?:,|\s+and\b))|\s*[;.]|$)"
)
_WHERE = re.compile(r",?\s+where\s+(?=[a-z])")
MIN_WORDS = 3
# Trailing modifiers that each add one atomic fact ("arrested | in a coffee shop | in Berlin | in June 2012").
_MODIFIER = re.compile(r"\s+(?=(?:in|on|at|during|since|from|for|with|by|while|after|before|until|near|under)\s)")
MAX_MODIFIERS = 4
# A modifier that stands as its own fact: when (a date, a year, a weekday, while/after/before ...) or where (a
# preposition and a capitalised place name).
_DETACHABLE = re.compile(
    r"^(?:(?:while|after|before|since|until|during)\s|(?:in|on|at|from|near)\s+(?:the\s+)?(?:[A-Z]|\d|"
    r"(?:early|late|mid)\b)|(?:in|on|at|since|by)\s+(?:\w+\s+){0,2}(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d{4})\b)"
)
_SUBORDINATE = re.compile(r"\b(?:if|when|whether|unless|although|because)\b", re.IGNORECASE)


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


_LEAD_IN = re.compile(
    r"^(?:(?:after|before|in|on|at|by|during|following|since|until|when|while|as|with|without|despite|although|"
    r"though|five|two|three|four|six|the following|later|earlier|however|meanwhile)\b[^,;]{0,80},\s+)",
    re.IGNORECASE,
)


def subject_of(text: str) -> str:
    """The clause's subject: a name opening it, else the words before its first verb (at most 10); a lead-in
    phrase ("After the vote, ...", "In 2014, ...") is skipped."""
    text = re.sub(r"^(?:But|And|Yet|So|Then)\s+", "", _LEAD_IN.sub("", clean(text)))
    named = NAME_SUBJECT.match(text)
    if named and named.group("subject").split()[0].lower() not in ("in", "on", "at", "after", "before", "the", "a"):
        return named.group("subject")
    head = SUBJECT.match(text)
    return head.group("subject") if head and len(head.group("subject").split()) <= 10 else ""


def split_atoms(sentence: str, start: int, end: int, subject: str = "") -> list[Atom]:
    """Atoms of the clause ``sentence[start:end]``; ``subject`` is the sentence subject to repeat, if known.

    Side facts come first ("X born 1970", "Jun Lin, a student", "Rutte leads NATO"), then the clause itself
    without them, split at relative clauses, participles and lists.
    """
    subject = subject or subject_of(sentence[start:end])
    side, removed = _side_facts(sentence, start, end, subject)
    atoms = [(a, b, piece) for a, b, text in _core(sentence, start, end, subject) for piece in modifiers(text)]
    for text in removed:
        atoms = [(a, b, " ".join(t.replace(text, "").split()).strip(" ,;:")) for a, b, t in atoms]
    return side + [x for x in atoms if len(x[2].split()) >= 2]


def _side_facts(sentence: str, start: int, end: int, subject: str) -> tuple[list[Atom], list[str]]:
    atoms: list[Atom] = []
    removed: list[str] = []
    clause = sentence[start:end]
    born = _BORN.search(clause)
    if born and subject and clause.startswith(subject):
        for part in born.group("what").split(";"):
            if part.strip():
                atoms.append((start, start + born.end(), clean(f"{subject} born {part}")))
    for m in _APPOSITION.finditer(clause):
        what = m.group("what")
        relative = what.split()[0] in ("who", "which")
        text = f"{m.group('name')} {what.split(' ', 1)[1]}" if relative else f"{m.group('name')}, {what}"
        if (len(what.split()) >= 2 and m.start("name") > 0) or relative:
            atoms.append((start + m.start(), start + m.end(), clean(text)))
            removed.append(f", {what}")
    return atoms, removed


def _core(sentence: str, start: int, end: int, subject: str) -> list[Atom]:
    guard = protected(sentence)
    clause = sentence[start:end]
    relative = _RELATIVE.search(clause)
    if subject and relative and free(start + relative.start("rel"), guard):
        cut = start + relative.start("rel")
        rest = start + relative.end("rel")
        head = [(start, cut, clean(sentence[start:cut]))]
        return head + _carried(_core(sentence, rest, end, subject), subject, start)
    participle = next((m for m in _PARTICIPLE.finditer(clause) if free(start + m.start(), guard)), None)
    if subject and participle is not None and len(clause[: participle.start()].split()) >= MIN_WORDS:
        cut, rest = start + participle.start(), start + participle.end()
        phrases = _pieces(sentence, rest, end, _AND_ING, guard)
        tails = [(start, b, f"{subject} {clean(sentence[a:b])}") for a, b in phrases]
        return _lists(sentence, start, cut, guard) + tails
    where = next((m for m in _WHERE.finditer(clause) if free(start + m.start(), guard)), None)
    if where is not None and len(clause[: where.start()].split()) >= MIN_WORDS:
        cut = start + where.start()
        return _lists(sentence, start, cut, guard) + _lists(sentence, start + where.end(), end, guard)
    return _lists(sentence, start, end, guard)


def _carried(atoms: list[Atom], subject: str, start: int) -> list[Atom]:
    """Atoms of a relative clause said of ``subject``: its span reaches back to the clause start."""
    out: list[Atom] = []
    for _, b, text in atoms:
        body = text if text.lower().startswith(subject.lower()) else f"{subject} {text}"
        out.append((start, b, body))
    return out


def _pieces(
    sentence: str, start: int, end: int, pattern: re.Pattern[str], guard: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    cuts = [m for m in pattern.finditer(sentence, start, end) if free(m.start(), guard)]
    out: list[tuple[int, int]] = []
    cursor = start
    for m in cuts:
        out.append((cursor, m.start()))
        cursor = m.end()
    out.append((cursor, end))
    return [(a, b) for a, b in out if b > a]


def _lists(sentence: str, start: int, end: int, guard: list[tuple[int, int]]) -> list[Atom]:
    """ "produced A, B and C" -> "produced A", "produced B", "produced C"; "A and B have been X" -> both."""
    whole = [(start, end, clean(sentence[start:end]))]
    separators = [m for m in _LIST.finditer(sentence, start, end) if free(m.start(), guard)]
    if not separators:
        return whole
    last = separators[-1]
    if not re.match(r",?\s*(?:and|or|as well as)\b|\s+(?:and|or|as well as)\b", last.group()):
        return whole
    conjuncts = _conjuncts(sentence, start, end, separators)
    if conjuncts is None:
        return whole
    prefix_end, items = conjuncts
    prefix = sentence[start:prefix_end]
    atoms: list[Atom] = []
    for index, (a, b) in enumerate(items):
        is_last = index == len(items) - 1
        if prefix.strip():
            text = clean(f"{prefix}{sentence[a:b] if not is_last else sentence[a:end]}")
            atoms.append((start, b if not is_last else end, text))
        else:  # a list of subjects: each with the shared predicate
            predicate = sentence[items[-1][1] : end]
            atoms.append((start, end, clean(f"{sentence[a:b]}{predicate}")))
    good = [x for x in atoms if len(x[2].split()) >= MIN_WORDS]
    return good if len(good) == len(atoms) and len(good) > 1 else whole


_LEAD = re.compile(r"^(?P<lead>(?:In|On|At|During|Since|By|From|After|Before)\s[^,;]{2,40}),\s+(?P<rest>\S.+)$")


def modifiers(text: str) -> list[str]:
    """Like ``trailing_modifiers``, and a leading time or place ("In 2014, she made ...") as one more fact."""
    lead = _LEAD.match(text)
    if lead is None or not _DETACHABLE.match(lead.group("lead")[:1].lower() + lead.group("lead")[1:]):
        return trailing_modifiers(text)
    rest = lead.group("rest")
    facts = trailing_modifiers(rest)
    head = _head(rest)
    return [*facts, clean(f"{lead.group('lead')}, {head}")]


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
    if not 1 <= len(cuts) <= MAX_MODIFIERS:
        return [text]
    head = text[: cuts[0].start()]
    pieces = [text[m.end() : (cuts[i + 1].start() if i + 1 < len(cuts) else len(text))] for i, m in enumerate(cuts)]
    if len(head.split()) < MIN_WORDS or any(len(p.split()) > 7 or len(p.split()) < 2 for p in pieces):
        return [text]
    if any(re.search(rf"\b{VERBISH}\b", p) for p in pieces):
        return [text]  # a verb inside: a nested clause, not a modifier of the main verb
    detached = [p for p in pieces if _DETACHABLE.match(p)]
    kept = [p for p in pieces if not _DETACHABLE.match(p)]
    if not detached:
        return [text]
    core = clean(" ".join([head, *kept]))
    return [core, *(clean(f"{head} {p}") for p in detached)]


def _conjuncts(
    sentence: str, start: int, end: int, separators: list[re.Match[str]]
) -> tuple[int, list[tuple[int, int]]] | None:
    """Where the list's first item starts and each item's span; None when no list can be read."""
    # The list is the run of separators whose items are short and verbless, ending at the last "and".
    last = separators[-1]
    run = [last]
    for m in reversed(separators[:-1]):
        item = sentence[m.end() : run[0].start()]
        if m.group().strip() != "," or len(item.split()) > 8 or re.search(rf"\b{VERBISH}\b", item):
            break
        run.insert(0, m)
    final_end = _item_end(sentence, last.end(), end)
    first_end = run[0].start()
    if not sentence[start:first_end].strip(" ,").count(" ") > 2:  # a list of subjects: it ends at the verb
        verb = re.search(rf"\s(?={VERBISH}\b)", sentence[last.end() : final_end])
        final_end = last.end() + verb.start() if verb else final_end
    second = sentence[run[0].end() : run[1].start() if len(run) > 1 else final_end].strip()
    if not second or second[0] in '“"‘(' or re.match(rf"{VERBISH}\b", second):
        return None  # a quotation or a verb phrase after "and": not a list of things
    first_start = _item_start(sentence, start, first_end, second)
    if first_start is None or re.search(r"\b(?:between|both|among)\s*$", sentence[start:first_start]):
        return None  # "between Moscow and Kyiv" states one relation, not two
    items = [(first_start, first_end)]
    for m, nxt in zip(run, [*run[1:], None], strict=True):
        items.append((m.end(), nxt.start() if nxt is not None else final_end))
    if any(len(sentence[a:b].split()) > 10 or a >= b for a, b in items):
        return None
    capitalised = [_named(sentence[a:b]) for a, b in items]
    if len(set(capitalised)) > 1:
        return None  # "the country and Crimea": not parallel, not a list
    inner = items[1:-1] or items[:1]
    singles = all(len(sentence[a:b].split()) == 1 for a, b in inner)
    if not capitalised[0] and singles and len(sentence[items[-1][0] : items[-1][1]].split()) > 1:
        return None  # "nuclear, biological and chemical forces": adjectives sharing one noun
    return first_start, items


def _named(item: str) -> bool:
    """The item names something: capitalised, after an optional determiner ("the Mexican national team")."""
    words = [w for w in item.split() if not _DETERMINER.match(w)]
    return bool(words) and words[0][:1].isupper()


def _item_end(sentence: str, start: int, end: int) -> int:
    """The last item runs to the clause end, or to a comma before it."""
    comma = sentence.find(",", start, end)
    return comma if comma > 0 else end


def _item_start(sentence: str, start: int, first_end: int, second: str) -> int | None:
    """Where the first item starts, judged by the shape of the second: a determiner or number, a name, or a
    bare word (then the words back to the nearest preposition or verb)."""
    words = list(re.finditer(r"[^\s,;]+", sentence[start:first_end]))
    if not words or not second:
        return None
    lead = second.split()[0].lower()
    if lead in _BOUNDARY:  # "by military action or by negotiation"
        for k in range(len(words) - 1, -1, -1):
            if words[k].group().lower() == lead:
                return start + words[k].start()
        return None
    if _DETERMINER.match(second):
        for k in range(len(words) - 1, -1, -1):
            if _DETERMINER.match(words[k].group()):
                if k > 0 and _DETERMINER.match(words[k - 1].group()):  # "the 2010 World Cup"
                    k -= 1
                return start + words[k].start()
            if words[k].group().lower() in _BOUNDARY:
                break
    elif second[:1].isupper():
        index = len(words)
        while index > 0 and words[index - 1].group()[:1].isupper():
            index -= 1
        if index < len(words):
            return start + words[index].start()
    index = len(words)
    while index > 0 and words[index - 1].group().lower() not in _BOUNDARY and len(words) - index < 4:
        index -= 1
    return start + words[index].start() if 0 < index < len(words) else None
