"""Label scorers against human judgements: summary consistency, claim support, evidence sentences, fact presence."""

from collections.abc import Sequence

from evals.scorers.agreement import accuracy, balanced_accuracy, cohen_kappa, confusion, set_f1
from evals.scorers.registry import Metric, Scored, mean, scorer

CONSISTENCY_LABELS = ("consistent", "inconsistent")
SUPPORT_LABELS = ("supported", "partially_supported", "not_supported")
ERROR = "error"  # a failed case: never equal to a gold label


def _predicted(item: Scored) -> str:
    return str((item.output or {}).get("label") or ERROR)


def _label_metric(name: str, items: Sequence[Scored], labels: Sequence[str]) -> Metric:
    gold = [str(i.case.gold["label"]) for i in items]
    predicted = [_predicted(i) for i in items]
    return Metric(
        name=name,
        value=balanced_accuracy(gold, predicted),
        n=len(items),
        per_case={i.case.case_id: float(g == p) for i, g, p in zip(items, gold, predicted, strict=True)},
        detail={
            "labels": [*labels, ERROR],
            "confusion": confusion(gold, predicted, [*labels, ERROR]),
            "accuracy": accuracy(gold, predicted),
            "kappa": cohen_kappa(gold, predicted),
        },
    )


@scorer("consistency_balanced_accuracy", tasks=["consistency"])
def consistency_balanced_accuracy(items: Sequence[Scored]) -> Metric:
    """Balanced accuracy of consistent/inconsistent verdicts (SummEdits: humans ~0.90, best checkers ~0.75-0.77)."""
    return _label_metric("consistency_balanced_accuracy", items, CONSISTENCY_LABELS)


@scorer("summary_conflict_balanced_accuracy", tasks=["summary_conflict"])
def summary_conflict_balanced_accuracy(items: Sequence[Scored]) -> Metric:
    """The alignment as a consistency checker: 'inconsistent' when it reports any conflict (SummEdits)."""
    return _label_metric("summary_conflict_balanced_accuracy", items, CONSISTENCY_LABELS)


@scorer("support_balanced_accuracy", tasks=["support"])
def support_balanced_accuracy(items: Sequence[Scored]) -> Metric:
    """Balanced accuracy over supported / partially_supported / not_supported (WiCE claim level)."""
    return _label_metric("support_balanced_accuracy", items, SUPPORT_LABELS)


@scorer("evidence_f1", tasks=["support"])
def evidence_f1(items: Sequence[Scored]) -> Metric:
    """Evidence-sentence F1 against the closest annotated evidence set, on claims with annotated evidence."""
    per_case: dict[str, float] = {}
    for item in items:
        sets = [s for s in item.case.gold.get("evidence_sets", []) if s]
        if item.case.gold["label"] == "not_supported" or not sets:
            continue
        predicted = (item.output or {}).get("sentence_ids") or []
        per_case[item.case.case_id] = max(set_f1(predicted, s) for s in sets)
    return Metric(name="evidence_f1", value=mean(list(per_case.values())), n=len(per_case), per_case=per_case)


def _presence(items: Sequence[Scored]) -> tuple[list[str], list[str], dict[str, float]]:
    gold: list[str] = []
    predicted: list[str] = []
    per_case: dict[str, float] = {}
    for item in items:
        verdicts = (item.output or {}).get("verdicts") or {}
        case_hits: list[float] = []
        for fact in item.case.gold["facts"]:
            g = "present" if fact["present"] else "absent"
            v = verdicts.get(fact["id"])
            p = ERROR if v is None else ("present" if v else "absent")
            gold.append(g)
            predicted.append(p)
            case_hits.append(float(g == p))
        if case_hits:
            per_case[item.case.case_id] = sum(case_hits) / len(case_hits)
    return gold, predicted, per_case


@scorer("match_balanced_accuracy", tasks=["match"])
def match_balanced_accuracy(items: Sequence[Scored]) -> Metric:
    """Agreement of a fact-presence matcher with the human labels: balanced accuracy over present/absent."""
    gold, predicted, per_case = _presence(items)
    labels = ["present", "absent", ERROR]
    return Metric(
        name="match_balanced_accuracy",
        value=balanced_accuracy(gold, predicted),
        n=len(gold),
        per_case=per_case,
        detail={"labels": labels, "confusion": confusion(gold, predicted, labels)},
    )


@scorer("match_kappa", tasks=["match"])
def match_kappa(items: Sequence[Scored]) -> Metric:
    """Cohen's kappa of a fact-presence matcher against the human labels."""
    gold, predicted, _ = _presence(items)
    return Metric(name="match_kappa", value=cohen_kappa(gold, predicted), n=len(gold))
