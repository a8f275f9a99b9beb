"""Alignment scorers on hand-made Alignment-shaped data (``schemas/alignment.py`` field layout)."""

from typing import Any

import pytest

from evals.scorers import SCORERS
from evals.scorers.alignment import claim_labels
from evals.tasks.alignment import compact
from tests.unit.evals.helpers_cases import scored


def _ref(article: str, claim: str) -> dict[str, Any]:
    return {"article_id": article, "claim_id": claim, "text": "t", "evidence": {"quote": "q"}}


def _pair(relation: str, left: str, right: str, conflict_type: str | None = None) -> dict[str, Any]:
    return {"relation": relation, "left": _ref("A", left), "right": _ref("B", right), "conflict_type": conflict_type,
            "explanation": "", "decided_by": "rules", "similarity": 0.5}  # fmt: skip


ALIGNMENT = {
    # a2/b2: the same fact, one side more precise -- an agreement with a detail note.
    "agreements": [_pair("agree", "a1", "b1"), {**_pair("agree", "a2", "b2"), "detail": "different_precision"}],
    "conflicts": [_pair("conflict", "a3", "b3", "numeric")],
    "unique": [_ref("A", "a4"), _ref("B", "b4")],
}
GOLD = {
    "labels": {"A/a1": "agree", "B/b1": "agree", "A/a2": "agree", "B/b2": "agree",
               "A/a3": "conflict", "B/b3": "conflict", "A/a4": "unique", "B/b4": "conflict"},
    "pairs": [{"left": "A/a1", "right": "B/b1", "relation": "agree"},
              {"left": "A/a2", "right": "B/b2", "relation": "agree"},
              {"left": "A/a3", "right": "B/b3", "relation": "conflict"}],
}  # fmt: skip


def test_compact_keeps_keys_and_relations_only() -> None:
    out = compact(ALIGNMENT)
    assert out["unique"] == ["A/a4", "B/b4"]
    assert {(p["left"], p["right"], p["relation"]) for p in out["pairs"]} == {
        ("A/a1", "B/b1", "agree"), ("A/a2", "B/b2", "agree"), ("A/a3", "B/b3", "conflict")}  # fmt: skip
    assert "text" not in str(out)


def test_claim_labels_take_the_strongest_relation() -> None:
    output = {"pairs": [{"left": "A/x", "right": "B/y", "relation": "agree"},
                        {"left": "A/x", "right": "B/z", "relation": "conflict"}], "unique": ["B/w"]}  # fmt: skip
    assert claim_labels(output) == {"A/x": "conflict", "B/y": "agree", "B/z": "conflict", "B/w": "unique"}


def test_logs_from_before_the_fold_read_compatible_as_agreement() -> None:
    output = {"pairs": [{"left": "A/x", "right": "B/y", "relation": "compatible"}], "unique": []}
    assert claim_labels(output) == {"A/x": "agree", "B/y": "agree"}


def test_per_relation_f1_and_confusion() -> None:
    item = scored("alignment", GOLD, compact(ALIGNMENT))
    macro = SCORERS["alignment_macro_f1"].fn([item])
    table = macro.detail["per_relation"]
    # gold agree: a1,b1,a2,b2 -> all predicted agree (a2/b2 with a detail note); no other claim predicted agree
    assert table["agree"]["recall"] == pytest.approx(1.0) and table["agree"]["precision"] == pytest.approx(1.0)
    # gold conflict: a3,b3,b4 -> predicted a3,b3
    assert table["conflict"]["recall"] == pytest.approx(2 / 3) and table["conflict"]["precision"] == pytest.approx(1.0)
    assert "compatible" not in table
    labels = macro.detail["labels"]
    conf = macro.detail["confusion"]
    assert conf[labels.index("agree")][labels.index("agree")] == 4
    assert conf[labels.index("conflict")][labels.index("unique")] == 1
    assert SCORERS["alignment_conflict_f1"].fn([item]).value == pytest.approx(0.8)


def test_pair_f1_needs_the_right_partner_and_relation() -> None:
    item = scored("alignment", GOLD, compact(ALIGNMENT))
    metric = SCORERS["alignment_pair_f1"].fn([item])
    assert metric.value == pytest.approx(1.0)  # every predicted pair has the right partner and relation
    no_pairs = scored("alignment", {"labels": {}, "pairs": []}, {"pairs": [], "unique": []})
    assert SCORERS["alignment_pair_f1"].fn([no_pairs]).value is None
