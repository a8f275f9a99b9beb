"""Split one clause further into atomic claims: relative clauses, participle phrases and coordinated lists.

"X is a footballer who plays for A and B" -> "X is a footballer", "X plays for A", "X plays for B". Each atom
is ``(start, end, text)``: ``sentence[start:end]`` is one contiguous span that contains every word of ``text``
(the subject is repeated from the clause, never invented). Nothing is split inside brackets or quotation marks.
"""

import re

from service.claimsplit.descriptors import adjective_list, born_appositive, describe
from service.claimsplit.modifiers import modifiers
from service.claimsplit.spans import MIN_WORDS, NAME_PART, NAME_WORD, VERBISH, clean, free, protected

Atom = tuple[int, int, str]

SUBJECT = re.compile(rf"^(?P<subject>[^,;]{{2,90}}?)\s+(?={VERBISH}\b)")
# A name (or "He") opening the clause: "Luka Rocco Magnotta (born ...) is ..." -> "Luka Rocco Magnotta".
NAME_SUBJECT = re.compile(rf"^(?P<subject>(?:{NAME_WORD})(?:{NAME_PART})*)(?=\s+(?:\(|{VERBISH}\b|also\b))")
_RELATIVE = re.compile(
    # a comma only before a word that is no participle ("a high-level, multiparadigm, general-purpose language that")
    r"\s+(?:is|was|are|were|has been|had been|became)\s+(?:a|an|the|one of)\b"
    r"(?:[^,;“”\"]|,(?=\s+(?![\w-]+(?:ed|ing)\b)[\w-]+[,\s]))*?"
    r"(?P<rel>,?\s+(?:who|which|that)\s+)"
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
_GAPPED = re.compile(r"^(?:the\s+)?(?:[A-Z][\w’'.-]*\s+)+(?P<prep>in|to|on|at)\s+(?:the\s+)?[a-z-]+$")
_BORN = re.compile(r"\((?:[^()]*?;\s+)?(?:born|née|b\.)\s+(?P<what>[^()]+)\)")
_NAME = r"[A-Z][\w’'.-]+(?:\s+(?:[A-Z][\w’'.-]+|of|de|van|von|al|bin))*"
# "Jun Lin, a Chinese international student," / "Mark Rutte, who leads NATO," after a name.
_APPOSITION = re.compile(
    rf"(?P<name>{_NAME}),\s+(?P<what>(?:a|an|the|who|which)\s+[^,;()“”\"]{{3,90}}?)(?=,(?!\s+\w+(?:,|\s+and\b))|\s*[;.]|$)"
)
# "Javier Hernández, born June 1, 1988, is ..." / "Jun Lin, a student from Wuhan, was ...": the name.
_APPOSED_SUBJECT = re.compile(rf"^(?P<subject>{_NAME}),\s+[^;“”\"]{{2,160}}?,\s+(?={VERBISH}\b)")
_WHERE = re.compile(r",?\s+where\s+(?=[a-z])")
# A non-restrictive relative clause after a comma: ", which would later distribute ..." / ", who leads NATO".
_WHICH = re.compile(rf",\s+(?:which|who)\s+(?=(?:also\s+|later\s+|then\s+)?{VERBISH}\b)")
_ANTECEDENTS = (re.compile(rf"{_NAME}$"), re.compile(r"(?:the|a|an)\s+[\w-]+(?:\s+[\w-]+){0,2}$"))


_LEAD_IN = re.compile(
    r"^(?:(?:after|before|in|on|at|by|during|following|since|until|when|while|as|with|without|despite|although|"
    r"though|five|two|three|four|six|the following|later|earlier|however|meanwhile)\b[^,;]{0,80},\s+)",
    re.IGNORECASE,
)


def subject_of(text: str) -> str:
    """The clause's subject: a name opening it, else the words before its first verb (at most 10); a lead-in
    phrase ("After the vote, ...", "In 2014, ...") is skipped."""
    text = re.sub(r"^(?:But|And|Yet|So|Then)\s+", "", _LEAD_IN.sub("", clean(text)))
    named = NAME_SUBJECT.match(text) or _APPOSED_SUBJECT.match(text)
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
    described = [(a, b, d) for a, b, t in atoms for d in describe(t)]
    return side + [x for x in atoms + described if len(x[2].split()) >= 2]


def _side_facts(sentence: str, start: int, end: int, subject: str) -> tuple[list[Atom], list[str]]:
    atoms: list[Atom] = []
    removed: list[str] = []
    clause = sentence[start:end]
    born = _BORN.search(clause)
    if born and subject and clause.startswith(subject):
        for part in born.group("what").split(";"):
            if part.strip():
                atoms.append((start, start + born.end(), clean(f"{subject} born {part}")))
    born_aside = born_appositive(clause)
    if born_aside and subject and clause.startswith(subject) and not born:
        atoms.append((start, start + born_aside.end("what"), clean(f"{subject} {born_aside.group('what')}")))
        removed.append(f", {born_aside.group('what')},")
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
        # "forming a narrow valley and a large delta" -> one tail per listed thing, each said of the subject
        tails = [(start, y, f"{subject} {t}") for a, b in phrases for _, y, t in _lists(sentence, a, b, guard)]
        return _lists(sentence, start, cut, guard) + tails
    which = next((m for m in _WHICH.finditer(clause) if free(start + m.start(), guard)), None)
    antecedent = _antecedent(clause[: which.start()]) if which is not None else ""
    if which is not None and antecedent and len(clause[: which.start()].split()) >= MIN_WORDS:
        # "..., with the support of Tokuma, which would later distribute X" -> "Tokuma would later distribute X"
        cut, rest = start + which.start(), start + which.end()
        told = [(start, b, clean(f"{antecedent} {t}")) for _, b, t in _lists(sentence, rest, end, guard)]
        return _lists(sentence, start, cut, guard) + told
    where = next((m for m in _WHERE.finditer(clause) if free(start + m.start(), guard)), None)
    if where is not None and len(clause[: where.start()].split()) >= MIN_WORDS:
        cut = start + where.start()
        return _lists(sentence, start, cut, guard) + _lists(sentence, start + where.end(), end, guard)
    return _lists(sentence, start, end, guard)


def _antecedent(text: str) -> str:
    """The noun phrase a relative clause after ``text`` is said of: a name or a short determiner phrase."""
    for pattern in _ANTECEDENTS:  # a name first: "the support of Tokuma, which ..." is said of Tokuma
        m = pattern.search(text.rstrip())
        if m:
            return m.group()
    return ""


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
    if not separators or adjective_list(sentence[start:end]):
        return whole
    # The list ends at its last "and"/"or": a comma after it closes the list ("... and to Bouvet island, close to
    # Antarctica"), the last item runs to that comma.
    joined = [i for i, m in enumerate(separators) if re.match(r",?\s*(?:and|or|as well as)\b", m.group().lstrip(", "))]
    if not joined:
        return whole
    separators = separators[: joined[-1] + 1]
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
        names = re.match(r"(?:[A-Z][\w’'.-]*\s+)+(?=[a-z])", sentence[last.end() : final_end])
        if verb is None and names is not None:  # "A, B and C join the cast": the names end at a lower-case word
            final_end = last.end() + len(names.group().rstrip())
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
    singles = all(len(clean(sentence[a:b]).split()) == 1 for a, b in inner)  # "humid (equatorial)": one word
    if not capitalised[0] and singles and len(clean(sentence[items[-1][0] : items[-1][1]]).split()) > 1:
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


def _links(item: str) -> list[str]:
    """The lower-case words joining capitalised runs of a list item ("Stevo in SLC Punk" -> ["in"])."""
    words = item.split()
    return [w for i, w in enumerate(words) if w.islower() and 0 < i < len(words) - 1 and words[i + 1][:1].isupper()]


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
    shaped = _GAPPED.match(second)
    if shaped:  # "borders Sweden in the east and Russia in the northeast": items of one shape, name + where
        first = re.search(
            rf"(?:[A-Z][\w’'.-]*\s+)+{shaped.group('prep')}\s+(?:the\s+)?[a-z-]+$", sentence[start:first_end]
        )
        if first:
            return start + first.start()
    if _DETERMINER.match(second):
        for k in range(len(words) - 1, -1, -1):
            if _DETERMINER.match(words[k].group()):
                if k > 0 and _DETERMINER.match(words[k - 1].group()):  # "the 2010 World Cup"
                    k -= 1
                return start + words[k].start()
            if words[k].group().lower() in _BOUNDARY:  # "for Major League Soccer club LA Galaxy and the ..."
                return start + words[k + 1].start() if k + 1 < len(words) else None
    elif second[:1].isupper():
        index = len(words)
        for link in reversed(_links(second)):  # "as Chip Sutphin in Serial Mom, Stevo in SLC Punk": same shape
            while index > 0 and words[index - 1].group()[:1].isupper():
                index -= 1
            back = next((k for k in range(1, 5) if index - k >= 0 and words[index - k].group() == link), None)
            if back is None:  # "Angela Chase in the American series My So-Called Life": up to 3 words between
                break
            index -= back
        while index > 0 and words[index - 1].group()[:1].isupper():
            index -= 1
        if index < len(words):
            return start + words[index].start()
    index = len(words)
    while index > 0 and words[index - 1].group().lower() not in _BOUNDARY and len(words) - index < 4:
        index -= 1
    return start + words[index].start() if 0 < index < len(words) else None
