"""Values attached to the wrong thing: a number or date that its evidence states, but about something else.

"The council spent $18 million" against "The council spent $30 million on roads. Another $18 million went to
schools." uses only values the evidence holds, yet the words around "$18 million" in the statement sit next to
"$30 million" in the evidence. A statement value counts as misplaced when its neighbouring content words (same
clause, a few each side) overlap another value's neighbours in the evidence by at least ``MIN_SHARED`` words and
more than they overlap any mention of the same value.

On the dev files this fires rarely and only on rows that are not backed: 2 SummEdits summaries (both
inconsistent) and 4 WiCE claims (none supported); see evals/README.md. It is a rule of the support check, not a
feature of the trained heads (as a feature it did not change the cross-validated scores).
"""

import re
from dataclasses import dataclass

from service.normalise.dates import find_times
from service.normalise.numbers import find_quantities
from service.normalise.tokens import NUMBER_WORDS, TIME_WORDS, content_tokens

SIDE = 4  # content words each side of the value
MIN_SHARED = 2
_CLAUSE = re.compile(r"[;.!?]|,\s|\s[-–—]\s|\n|\s(?:and|but|while|whereas)\s")
_TIME_KINDS = ("date", "year", "month", "weekday")


@dataclass(frozen=True)
class ValueMention:
    text: str
    kind: str  # "quantity" | "time"
    value: str
    context: frozenset[str]


def _context(text: str, start: int, end: int) -> frozenset[str]:
    left = _CLAUSE.split(text[max(0, start - 200) : start])[-1]
    right = _CLAUSE.split(text[end : end + 200])[0]

    def words(part: str) -> list[str]:
        return [t for t in content_tokens(part) if t not in NUMBER_WORDS and t not in TIME_WORDS and not t.isdigit()]

    return frozenset(words(left)[-SIDE:] + words(right)[:SIDE])


def value_mentions(text: str) -> list[ValueMention]:
    """Quantities and dates of ``text`` with the content words around each (a bare "one" is not a value)."""
    mentions = [
        ValueMention(q.text, "quantity", f"{q.value:.3f}", _context(text, q.start, q.end))
        for q in find_quantities(text)
        if q.start is not None and q.end is not None and q.text.lower() != "one"
    ]
    mentions += [
        ValueMention(t.text, "time", t.value, _context(text, t.start, t.end))
        for t in find_times(text)
        if t.start is not None and t.end is not None and t.kind in _TIME_KINDS
    ]
    return mentions


def misplaced_values(statement: str, evidence: str) -> list[str]:
    """Values of ``statement`` that ``evidence`` states about something else (as written in the statement)."""
    found = value_mentions(evidence)
    misplaced: list[str] = []
    for mention in value_mentions(statement):
        same = [m.context for m in found if (m.kind, m.value) == (mention.kind, mention.value)]
        other = [m.context for m in found if m.kind == mention.kind and m.value != mention.value]
        if not same or not other or not mention.context:
            continue  # a value the evidence lacks is the support check's "unsupported term", not a swap
        best_same = max(len(mention.context & c) for c in same)
        best_other = max(len(mention.context & c) for c in other)
        if best_other >= MIN_SHARED and best_other > best_same:
            misplaced.append(mention.text)
    return list(dict.fromkeys(misplaced))
