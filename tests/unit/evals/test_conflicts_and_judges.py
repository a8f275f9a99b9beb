"""Controlled-edit scorers, judge stages (schemas built from shown ids, windows within budget) via FakeGateway."""

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from evals.datasets import load_suite
from evals.scorers import SCORERS
from evals.scorers.registry import Scored
from evals.suite import Case, CaseRef, Document
from evals.tasks.judges import judge_consistency, judge_match, judge_support, support_schema
from evals.tasks.windows import estimate_tokens, select_window
from service.prompts import RenderedPrompt
from service.settings import Decoding, RoleConfig
from tests.fakes import FakeGateway

EDITED = "Russia occupies about 25% of Ukraine. NATO met."


def _conflict(gold_type: str, replace: str, pairs: list[dict[str, Any]], case_id: str = "c") -> Scored:
    gold = {"conflict_type": gold_type, "replace": replace}
    docs = (Document("base", "x"), Document("edited", EDITED))
    case = Case("conflicts", case_id, "conflict", CaseRef("c.yaml", case_id), docs, None, gold)
    return Scored(case, ("Russia occupies about 18% of Ukraine. NATO met.", EDITED), {"pairs": pairs, "unique": []})


def _pair(span: list[int], conflict_type: str = "numeric") -> dict[str, Any]:
    return {"relation": "conflict", "left": "base/s1", "right": "edited/s1", "left_span": span,
            "right_span": span, "conflict_type": conflict_type}  # fmt: skip


def test_conflict_on_the_edit_counts_and_elsewhere_is_spurious() -> None:
    on_edit = _conflict("numeric", "about 25%", [_pair([0, 37])], "a")
    wrong_place = _conflict("numeric", "about 25%", [_pair([38, 47])], "b")
    copy = _conflict("none", "", [], "c")
    items = [on_edit, wrong_place, copy]
    accuracy = SCORERS["conflict_type_balanced_accuracy"].fn(items)
    assert accuracy.per_case == {"a": 1.0, "b": 0.0, "c": 1.0}
    assert SCORERS["conflict_detection_recall"].fn(items).value == pytest.approx(0.5)
    assert SCORERS["spurious_conflict_rate"].fn(items).value == pytest.approx(1 / 3)


def test_conflicts_suite_loads_edit_cases() -> None:
    suite = load_suite("conflicts")
    assert all(c.task == "conflict" for c in suite.cases) and not suite.restricted
    first = suite.cases[0]
    assert first.gold["replace"] in first.documents[1].text and first.gold["replace"] not in first.documents[0].text


def test_support_schema_allows_only_shown_ids() -> None:
    schema: type[BaseModel] = support_schema([2, 5])
    assert schema.model_validate({"label": "supported", "sentence_ids": [5]}).model_dump()["sentence_ids"] == [5]
    with pytest.raises(ValidationError):
        schema.model_validate({"label": "supported", "sentence_ids": [3]})
    enum = schema.model_json_schema()["properties"]["sentence_ids"]["items"]
    assert enum.get("enum") == [2, 5]


def test_window_keeps_overlapping_sentences_within_budget() -> None:
    sentences = ["Filler text about weather."] * 20 + ["The Blu-ray was released in 2017 by Shout Factory."]
    chosen = select_window(sentences, "Shout Factory released a Blu-ray in 2017", budget_tokens=30)
    assert 20 in chosen and sum(estimate_tokens(sentences[i]) + 2 for i in chosen) <= 30
    assert select_window(sentences[:2], "x", budget_tokens=1000) == [0, 1]  # fits: whole document, in order


def test_judges_map_ids_back_to_dataset_indices_and_cut_long_documents() -> None:
    seen: list[RenderedPrompt] = []

    def answer(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        seen.append(prompt)
        if prompt.id == "match":
            return {"verdict": "present"}
        return {"label": "supported" if prompt.id == "support" else "inconsistent", "sentence_ids": [3, 3, 1]}

    roles = {"judge": RoleConfig(model="fake/model", context_tokens=1024, decoding=Decoding(max_tokens=100))}
    llm = FakeGateway(responder=answer, roles=roles)
    sentences = [f"Sentence number {i} " + "padding " * 40 for i in range(60)]
    support = asyncio.run(judge_support(sentences, "Sentence number 2", llm)).value
    assert support.label == "supported" and set(support.sentence_ids) <= {0, 2} and len(support.sentence_ids) == 2
    assert len(seen[-1].messages[1]["content"]) < 1024 * 3  # the document was cut to the judge's context
    assert "<<<DOCUMENT" in seen[-1].messages[1]["content"]
    consistency = asyncio.run(judge_consistency(sentences[:3], "Sentence number 1", llm)).value
    assert consistency.label == "inconsistent" and consistency.sentence_ids == [2, 0]
    assert asyncio.run(judge_match("Some text.", "A fact.", llm)).value is True
