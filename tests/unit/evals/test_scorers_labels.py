"""Label scorers (consistency, support, evidence F1, fact presence) and call scorers on hand-made cases."""

import pytest

from evals.scorers import SCORERS
from tests.unit.evals.helpers_cases import call, scored


def test_consistency_balanced_accuracy_and_confusion() -> None:
    items = [
        scored("consistency", {"label": "consistent"}, {"label": "consistent"}, case_id="a"),
        scored("consistency", {"label": "inconsistent"}, {"label": "consistent"}, case_id="b"),
        scored("consistency", {"label": "inconsistent"}, None, case_id="c", error="boom"),
        scored("consistency", {"label": "inconsistent"}, {"label": "inconsistent"}, case_id="d"),
    ]
    metric = SCORERS["consistency_balanced_accuracy"].fn(items)
    assert metric.value == pytest.approx((1.0 + 1 / 3) / 2)
    assert metric.detail["confusion"][1] == [1, 1, 1]  # gold inconsistent: predicted consistent/inconsistent/error
    assert metric.per_case == {"a": 1.0, "b": 0.0, "c": 0.0, "d": 1.0}


def test_evidence_f1_uses_closest_set_and_skips_unsupported() -> None:
    gold = {"label": "supported", "evidence_sets": [[1, 2], [5]]}
    items = [
        scored("support", gold, {"label": "supported", "sentence_ids": [5, 6]}, case_id="a"),
        scored("support", {"label": "not_supported", "evidence_sets": [[]]}, {"label": "supported"}, case_id="b"),
    ]
    metric = SCORERS["evidence_f1"].fn(items)
    assert metric.value == pytest.approx(2 / 3) and metric.n == 1


def test_support_balanced_accuracy_three_classes() -> None:
    labels = [("supported", "supported"), ("partially_supported", "supported"), ("not_supported", "not_supported")]
    items = [scored("support", {"label": g}, {"label": p}, case_id=str(i)) for i, (g, p) in enumerate(labels)]
    assert SCORERS["support_balanced_accuracy"].fn(items).value == pytest.approx(2 / 3)


def test_match_agreement_with_human_labels() -> None:
    gold = {"facts": [{"id": "f1", "present": True}, {"id": "f2", "present": True},
                      {"id": "f3", "present": False}, {"id": "f4", "present": False}]}  # fmt: skip
    item = scored("match", gold, {"verdicts": {"f1": True, "f2": False, "f3": False, "f4": False}})
    assert SCORERS["match_balanced_accuracy"].fn([item]).value == pytest.approx(0.75)
    assert SCORERS["match_kappa"].fn([item]).value == pytest.approx(0.5)


def test_call_scorers_validity_tokens_and_none_aware_cost() -> None:
    items = [
        scored("support", {"label": "supported"}, {}, case_id="a", calls=(call(attempts=1), call(attempts=2))),
        scored("support", {"label": "supported"}, None, case_id="b", error="InvalidModelOutput"),
        scored("support", {"label": "supported"}, {}, case_id="c", calls=(call(cached=True, attempts=0),)),
    ]
    assert SCORERS["schema_validity"].fn(items).value == pytest.approx(2 / 3)
    assert SCORERS["first_attempt_validity"].fn(items).value == pytest.approx(0.5)
    assert SCORERS["prompt_tokens"].fn(items).value == 300
    assert SCORERS["cost_usd"].fn(items).value is None  # unknown price: never a fake 0
    priced = [scored("support", {}, {}, calls=(call(cost=0.01), call(cost=0.02)))]
    assert SCORERS["cost_usd"].fn(priced).value == pytest.approx(0.03)
    assert SCORERS["latency_s"].fn(items).value == pytest.approx(0.3)
