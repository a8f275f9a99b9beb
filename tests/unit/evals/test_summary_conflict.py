"""SummEdits through the alignment: the rules-only baseline labels an edited summary inconsistent."""

import asyncio

from evals.suite import Case, CaseRef, Document
from evals.tasks.alignment import rules_summary_conflict, summary_label
from evals.tasks.registry import prepare

DOCUMENT = (
    "Russia occupies about 18% of Ukraine, the president said on Wednesday in Kyiv. "
    "Ukrainian forces shot down 13 drones over the Cherkasy region overnight, officials said."
)


def case(summary: str, label: str) -> Case:
    docs = (Document("doc", DOCUMENT), Document("summary", summary, role="summary"))
    return Case("toy", "c1-summary_conflict", "summary_conflict", CaseRef("toy.jsonl", "c1"), docs, None,
                {"label": label})  # fmt: skip


def test_a_changed_number_in_the_summary_is_labelled_inconsistent() -> None:
    bad = case(
        "Ukrainian forces shot down 31 drones over the Cherkasy region overnight, officials said.", "inconsistent"
    )
    out = asyncio.run(rules_summary_conflict(bad, prepare(bad)))
    assert out["label"] == "inconsistent"
    assert any(p["relation"] == "conflict" and p["conflict_type"] == "numeric" for p in out["pairs"])


def test_a_faithful_summary_is_labelled_consistent() -> None:
    good = case(
        "Ukrainian forces shot down 13 drones over the Cherkasy region overnight, officials said.", "consistent"
    )
    out = asyncio.run(rules_summary_conflict(good, prepare(good)))
    assert out["label"] == "consistent"
    assert not any(p["relation"] == "conflict" for p in out["pairs"])


def test_label_is_inconsistent_exactly_when_a_conflict_is_reported() -> None:
    assert summary_label({"pairs": [{"relation": "agree"}]})["label"] == "consistent"
    assert summary_label({"pairs": [{"relation": "agree"}, {"relation": "conflict"}]})["label"] == "inconsistent"
    assert summary_label({})["label"] == "consistent"
