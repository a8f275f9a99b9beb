"""Deterministic comparison of two claims: typed conflicts, precision differences, and agreement of values."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from schemas.alignment import ConflictType, Detail, Severity
from service.alignment.crosslingual import XL_COGNATES, cross_agrees, cross_language, cross_match
from service.alignment.features import ClaimFeatures, IdfTable, char_similarity, denies_the_other, names_match
from service.alignment.findings import Finding
from service.alignment.quantities import compare_quantities
from service.alignment.shared import SharedSignals, shared_signals
from service.alignment.times import compare_times

CONFLICT_GATE = 0.5  # core similarity above which one differing value makes a conflict rather than another fact
NEGATION_GATE = 0.6
AGREE_SIMILARITY = 0.55
COMPATIBLE_SIMILARITY = 0.3
COMPATIBLE_CONTAINMENT = 0.4
# Paraphrase: words that share their stems' letters ("occupy"/"occupied", "east"/"eastern") and some content words.
CHAR_AGREE = 0.35
CHAR_AGREE_FLOOR = 0.2
CORE_FLOOR = 0.1  # and they share something besides names and dates: "Russia ... Ukraine" alone is not one fact
# The same speaker on a distinctive name ("Crimea"), in words that share this many letter 4-grams and as much IDF
# weight: one statement reported twice ("cannot remove Russian troops" / "does not possess the strength to expel").
VOICE_CHAR = 0.35
VOICE_FLOOR = 0.2
RuleRelation = Literal["agree", "conflict", "unrelated"]


@dataclass
class Comparison:
    """Everything the rules found about one pair; ``relation`` is their verdict on their own."""

    similarity: float
    core_similarity: float
    char_similarity: float = 0.0
    findings: list[Finding] = field(default_factory=list)
    negation_differs: bool = False
    polarities: tuple[str, str] = ("affirmative", "affirmative")
    # Conflict types the pair could have at all: numeric needs numbers on both sides, and so on.
    possible_types: set[str] = field(default_factory=set)
    shared: SharedSignals = field(default_factory=SharedSignals)
    polarity_equal: bool = True
    relation: RuleRelation = "unrelated"
    detail: Detail | None = None
    explanation: str = ""

    @property
    def conflicts(self) -> list[Finding]:
        return [f for f in self.findings if f.relation == "conflict"]

    @property
    def compared_values(self) -> int:
        """Numbers, times and speakers compared. Shared names do not count: they are why the pair was picked."""
        return sum(1 for f in self.findings if f.check in ("numeric", "date_time", "attribution") and f.left_value)

    @property
    def values_agree(self) -> bool:
        return not self.conflicts


Detector = Callable[[ClaimFeatures, ClaimFeatures, float], list[Finding]]


def _numeric(a: ClaimFeatures, b: ClaimFeatures, core: float) -> list[Finding]:
    return compare_quantities(list(a.quantities), list(b.quantities))


def _date_time(a: ClaimFeatures, b: ClaimFeatures, core: float) -> list[Finding]:
    return compare_times(list(a.times), list(b.times))


def _attribution(a: ClaimFeatures, b: ClaimFeatures, core: float) -> list[Finding]:
    if a.speaker is None or b.speaker is None:
        return []
    if names_match(a.speaker, b.speaker):
        return [Finding("attribution", "agree", None, a.speaker.name, b.speaker.name, None, "same speaker")]
    severity: Severity = "high" if "quote" in (a.claim.kind, b.claim.kind) else "medium"
    return [
        Finding(
            "attribution",
            "conflict",
            "attribution",
            a.speaker.name,
            b.speaker.name,
            severity,
            f"attributed to {a.speaker.name} in one article and to {b.speaker.name} in the other",
        )
    ]


def _entity(a: ClaimFeatures, b: ClaimFeatures, core: float) -> list[Finding]:
    speakers = [s for s in (a.speaker, b.speaker) if s is not None]
    left = [n for n in a.names if not any(names_match(n, s) for s in speakers)]
    right = [n for n in b.names if not any(names_match(n, s) for s in speakers)]
    out: list[Finding] = []
    matched_right: set[int] = set()
    only_left = []
    for n in left:
        matches = [i for i, m in enumerate(right) if names_match(n, m)]
        # Prefer a partner not taken yet: "Ukraine" and "Ukrainian" on both sides pair up one to one.
        partner = next((i for i in matches if i not in matched_right), matches[0] if matches else None)
        if partner is None:
            only_left.append(n)
            continue
        matched_right.add(partner)
        m = right[partner]
        if n.offices and m.offices and not n.offices & m.offices:
            out.append(
                Finding(
                    "entity",
                    "conflict",
                    "entity",
                    f"{'/'.join(sorted(n.offices))} {n.name}",
                    f"{'/'.join(sorted(m.offices))} {m.name}",
                    "medium",
                    f"{n.name} is given different offices",
                )
            )
        else:
            out.append(Finding("entity", "agree", None, n.name, m.name, None, "same name"))
    only_right = [m for i, m in enumerate(right) if i not in matched_right]
    # "he ..." against "Mark Rutte ...": the pronoun's referent accounts for the name; a pronoun is no name to swap.
    only_left = [n for n in only_left if b.referent is None or not names_match(n, b.referent)]
    only_right = [m for m in only_right if a.referent is None or not names_match(m, a.referent)]
    # One name swapped for another in otherwise the same statement: "met Rutte in Brussels" vs "... in Paris".
    if len(only_left) == 1 and len(only_right) == 1:
        n, m = only_left[0], only_right[0]
        out.append(
            Finding(
                "entity",
                "conflict",
                "entity",
                n.name,
                m.name,
                "medium",
                f"names {n.name} where the other article names {m.name}",
            )
        )
    elif only_left or only_right:
        out.append(
            Finding(
                "entity",
                "compatible",
                None,
                None,
                None,
                None,
                "one article names more people or places",
                detail="different_detail",
            )
        )
    return out


def _polarity_name(polarity: int) -> str:
    return "negative" if polarity < 0 else "affirmative"


def _negation(a: ClaimFeatures, b: ClaimFeatures, core: float) -> list[Finding]:
    if a.polarity == b.polarity or core < NEGATION_GATE or not denies_the_other(a, b):
        return []
    return [
        Finding(
            "negation",
            "conflict",
            "negation",
            _polarity_name(a.polarity),
            _polarity_name(b.polarity),
            "high",
            "one article denies what the other affirms",
        )
    ]


# Registered by name, run in this order; the eval harness can report per detector.
DETECTORS: dict[str, Detector] = {
    "numeric": _numeric,
    "date_time": _date_time,
    "attribution": _attribution,
    "entity": _entity,
    "negation": _negation,
}


def compare_claims(a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> Comparison:
    """Run every detector, then decide what the rules alone conclude about the pair."""
    comparison = Comparison(
        similarity=idf.similarity(a.tokens, b.tokens),
        core_similarity=idf.similarity(a.core, b.core),
        char_similarity=char_similarity(a.grams, b.grams),
    )
    for detector in DETECTORS.values():
        comparison.findings.extend(detector(a, b, comparison.core_similarity))
    comparison.negation_differs = (
        a.polarity != b.polarity and comparison.core_similarity >= CONFLICT_GATE - 0.05 and denies_the_other(a, b)
    )
    comparison.polarities = (_polarity_name(a.polarity), _polarity_name(b.polarity))
    comparison.polarity_equal = a.polarity == b.polarity
    comparison.shared = shared_signals(a, b, idf)
    comparison.possible_types = {"other"} | {
        kind
        for kind, present in (
            ("numeric", bool(a.quantities and b.quantities)),
            ("date_time", bool(a.times and b.times)),
            ("attribution", a.speaker is not None and b.speaker is not None),
            ("entity", any(f.check == "entity" and f.relation != "agree" for f in comparison.findings)),
            ("negation", a.polarity != b.polarity),
        )
        if present
    }
    _verdict(comparison, idf.containment(a.tokens, b.tokens))
    if comparison.relation == "unrelated" and cross_language(a, b):
        _cross_verdict(comparison, a, b, idf)
    return comparison


def _cross_verdict(c: Comparison, a: ClaimFeatures, b: ClaimFeatures, idf: IdfTable) -> None:
    """Claims in two languages share no words: agree on shared values, names or cognates (``crosslingual``)."""
    match = cross_match(a, b, idf)
    if not cross_agrees(match, c.findings):
        return
    precise = next((f for f in c.findings if f.detail == "different_precision"), None)
    shared = [
        *match.values,
        *match.names,
        *(f"{f.left_value} / {f.right_value}" for f in ([precise] if precise else [])),
    ]
    c.relation = "agree"
    c.detail = "different_precision" if precise is not None else None
    if shared:
        c.explanation = f"the same fact in two languages: both state {', '.join(shared)}"
    elif match.cognates >= XL_COGNATES:
        c.explanation = f"the same fact in two languages: cognate words (character overlap {match.cognates:.2f})"
    else:
        c.explanation = f"the same fact in two languages: multilingual embeddings agree (cosine {match.cosine:.2f})"


def _verdict(c: Comparison, containment: float) -> None:
    conflict_types: set[ConflictType] = {f.conflict_type for f in c.conflicts if f.conflict_type is not None}
    # The entity detector fires on any swapped name; when the speaker also differs that is the attribution.
    if "attribution" in conflict_types:
        conflict_types.discard("entity")
    slot_types = conflict_types - {"negation"}
    if c.conflicts and c.core_similarity >= CONFLICT_GATE and len(slot_types) <= 1:
        c.relation = "conflict"
        c.explanation = next(f.explanation for f in c.conflicts if f.conflict_type in conflict_types)
        return
    if c.conflicts:
        c.relation = "unrelated"
        c.explanation = (
            f"differ in {', '.join(sorted(conflict_types))}: two different events"
            if len(slot_types) > 1
            else "a differing value, but the statements are too different to be one fact"
        )
        return
    precise = next((f for f in c.findings if f.detail == "different_precision"), None)
    extra = next((f for f in c.findings if f.detail == "different_detail"), None)
    if c.similarity >= AGREE_SIMILARITY:
        if precise is not None:
            c.relation, c.detail, c.explanation = "agree", "different_precision", precise.explanation
        elif extra is not None:
            c.relation, c.detail, c.explanation = "agree", "different_detail", extra.explanation
        else:
            c.relation, c.explanation = "agree", f"same statement (similarity {c.similarity:.2f}), values agree"
    elif c.similarity >= COMPATIBLE_SIMILARITY and containment >= COMPATIBLE_CONTAINMENT:
        c.relation = "agree"
        c.detail = precise.detail if precise is not None else "different_detail"
        c.explanation = "one statement is largely contained in the other, which adds detail"
    elif c.char_similarity >= CHAR_AGREE and c.similarity >= CHAR_AGREE_FLOOR and c.core_similarity >= CORE_FLOOR:
        c.relation = "agree"
        c.detail = precise.detail if precise is not None else "different_detail"
        c.explanation = f"the same fact in other words (character overlap {c.char_similarity:.2f}), values agree"
    elif _same_voice(c):
        c.relation = "agree"
        c.detail = precise.detail if precise is not None else "different_detail"
        names = ", ".join(c.shared.rare_names)
        c.explanation = f"the same speaker on {names} in other words (character overlap {c.char_similarity:.2f})"
    elif c.shared.office is not None and c.polarity_equal:
        person, office = c.shared.office
        c.relation, c.detail = "agree", "different_detail"
        c.explanation = f"both name {person} as {office}; each adds a different statement"
    else:
        c.relation = "unrelated"
        c.explanation = f"little overlap (similarity {c.similarity:.2f})"


def _same_voice(c: Comparison) -> bool:
    """One speaker, one polarity, a distinctive name in common and similar letters: a paraphrased statement."""
    s = c.shared
    return (
        s.same_speaker
        and bool(s.rare_names)
        and c.polarity_equal
        and c.char_similarity >= VOICE_CHAR
        and c.similarity >= VOICE_FLOOR
    )
