"""Claim-extraction task: the product's extractor against labelled claims; baseline one sentence, one claim."""

from collections.abc import Sequence
from typing import Any

from evals.suite import Case
from evals.tasks.registry import Runner, TaskResult, TaskSpec, register
from schemas.article import Article
from schemas.methods import MethodName
from service.llm.protocol import ModelGateway
from service.pipeline.claims import extract_claims


def method_run(method: MethodName) -> Runner:
    """The product's claim extractor with one method (``model``, ``rules`` or ``hybrid``)."""

    async def run(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
        staged = await extract_claims(articles[0], llm, method=method)
        return TaskResult(staged.value.model_dump(mode="json"), list(staged.calls))

    return run


async def sentence_claims(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    """Every sentence of the cleaned article as one claim, its own evidence."""
    claims = [
        {
            "id": f"c{s.id}",
            "text": s.text,
            "kind": "fact",
            "evidence": {"quote": s.text, "start": s.start, "end": s.end, "sentence_ids": [s.id]},
        }
        for s in articles[0].sentences
    ]
    return {"claims": claims, "rejected": []}


_METHODS: tuple[tuple[str, MethodName], ...] = (
    ("extraction", "model"),
    ("extraction_rules", "rules"),
    ("extraction_hybrid", "hybrid"),
)
for _task, _method in _METHODS:
    _about = f"Claims ({_method} method) scored against labelled claims / propositions."
    register(TaskSpec(_task, method_run(_method), sentence_claims, "sentence_per_claim", description=_about))
