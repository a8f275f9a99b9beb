"""Combine the deterministic checks with the model's judgement into one relation, letting rules veto a weak model."""

from dataclasses import dataclass

from schemas.alignment import ConflictType, DecidedBy, Detail, Judgement, Severity
from service.alignment.checks import CONFLICT_GATE, Comparison, RuleRelation

SETTLED_SIMILARITY = 0.9  # near-identical claims with agreeing values: asking the model adds only cost
MODEL_AGREE_FLOOR = 0.25  # a model "same" on claims sharing this little is not believed
RULES_KEEP_AGREE = 0.7  # a model "unrelated" does not undo an agreement this close in wording

_FROM_MODEL: dict[str, RuleRelation] = {
    "same": "agree",
    "compatible": "agree",  # the same fact with different detail: an agreement with a detail note
    "conflict": "conflict",
    "unrelated": "unrelated",
}


@dataclass(frozen=True)
class Decision:
    relation: RuleRelation
    decided_by: DecidedBy
    explanation: str
    conflict_type: ConflictType | None = None
    left_value: str | None = None
    right_value: str | None = None
    severity: Severity | None = None
    detail: Detail | None = None
    vetoed: bool = False


def settled_by_rules(c: Comparison) -> bool:
    """Pairs the model is not asked about: the same statement with the same values."""
    return c.relation == "agree" and c.similarity >= SETTLED_SIMILARITY and not c.negation_differs


HYBRID_FLOOR = 0.2  # below this the rules' "unrelated" stands in hybrid mode: the model is not asked


def open_to_model(c: Comparison) -> bool:
    """What ``hybrid`` asks the model about: no conflicting value found, and not already a clear agreement."""
    if c.conflicts or c.negation_differs:
        return False
    return c.relation == "unrelated" and c.similarity >= HYBRID_FLOOR


def _from_rules(c: Comparison, decided_by: DecidedBy = "rules", *, vetoed: bool = False, why: str = "") -> Decision:
    explanation = f"{why}{c.explanation}" if why else c.explanation
    if c.relation != "conflict":
        return Decision(c.relation, decided_by, explanation, detail=c.detail, vetoed=vetoed)
    types = {f.conflict_type for f in c.conflicts}
    # Report the most telling conflict: a differing speaker explains a swapped name, not the other way round.
    order: list[ConflictType] = ["attribution", "numeric", "date_time", "negation", "entity", "other"]
    chosen = next(t for t in order if t in types)
    finding = next(f for f in c.conflicts if f.conflict_type == chosen)
    return Decision(
        "conflict",
        decided_by,
        f"{why}{finding.explanation}" if why else finding.explanation,
        chosen,
        finding.left_value,
        finding.right_value,
        finding.severity,
        vetoed=vetoed,
    )


def decide(c: Comparison, judgement: Judgement | None) -> Decision:
    """The final relation of a pair. Without a judgement the rules decide alone (the non-LLM baseline)."""
    if judgement is None:
        return _from_rules(c)
    said = _FROM_MODEL[judgement.relation]
    if c.relation == "conflict":
        if said == "conflict":
            return _from_rules(c, "rules+model")
        return _from_rules(c, vetoed=True, why=f"model said {judgement.relation}, but ")
    if said == "conflict":
        return _model_conflict(c, judgement)
    if said == "agree":
        if c.similarity < MODEL_AGREE_FLOOR:
            return Decision(
                "unrelated",
                "rules",
                f"model said {judgement.relation}, but the claims share too little (similarity {c.similarity:.2f})",
                vetoed=True,
            )
        model_detail: Detail | None = "different_detail" if judgement.relation == "compatible" else None
        if c.relation == "agree":
            # The rules know about precision ("Wednesday night" vs "Wednesday"); keep their finer note.
            return Decision("agree", "rules+model", c.explanation, detail=c.detail or model_detail)
        return Decision("agree", "model", f"model judged them {judgement.relation}", detail=model_detail)
    # The model says unrelated.
    if c.relation == "agree" and c.similarity >= RULES_KEEP_AGREE:
        return _from_rules(c, vetoed=True, why="model said unrelated, but ")
    return Decision("unrelated", "rules+model" if c.relation == "unrelated" else "model", "judged unrelated")


def decide_hybrid(c: Comparison, judgement: Judgement | None) -> Decision:
    """``hybrid``: the model may only join an open pair into an agreement; conflicts come from the checks alone."""
    if judgement is None or not open_to_model(c):
        return _from_rules(c)
    if _FROM_MODEL[judgement.relation] == "agree":
        return decide(c, judgement)
    if judgement.relation == "conflict":
        return Decision("unrelated", "rules", "model said conflict, but no checked value differs", vetoed=True)
    return _from_rules(c, "rules+model")


def _model_conflict(c: Comparison, judgement: Judgement) -> Decision:
    """The model claims a conflict the rules did not find: believe it only if no checked value contradicts it."""
    if c.conflicts:
        # Rules saw differing values but judged the claims to be different events (several slots differ).
        return Decision("unrelated", "rules", f"model said conflict, but {c.explanation}", vetoed=True)
    if c.negation_differs:
        return Decision(
            "conflict",
            "rules+model",
            "one article denies what the other affirms",
            "negation",
            c.polarities[0],
            c.polarities[1],
            "medium",
        )
    if c.compared_values and c.values_agree:
        return Decision(
            "agree",
            "rules",
            "model said conflict, but every normalised value agrees and neither side negates the other",
            detail=c.detail or (None if c.relation == "agree" else "different_detail"),
            vetoed=True,
        )
    kind: ConflictType = "other" if judgement.conflict_type == "none" else judgement.conflict_type
    if kind not in c.possible_types:
        # "numeric" with no number on one side, "negation" with equal polarity: the model's reason is not there.
        return _from_rules(c, vetoed=True, why=f"model said {kind} conflict, but there is nothing of that kind; ")
    if c.core_similarity >= CONFLICT_GATE:
        return Decision("conflict", "model", "the model judged the statements incompatible", kind, severity="low")
    return Decision(
        "unrelated",
        "rules",
        f"model said conflict, but the claims share too little (core similarity {c.core_similarity:.2f})",
        vetoed=True,
    )
