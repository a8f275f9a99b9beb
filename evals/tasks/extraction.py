"""Claim-extraction task: the product's extractor against labelled claims; baseline one sentence, one claim."""

from collections.abc import Sequence
from typing import Any

from evals.suite import Case
from evals.tasks.registry import TaskResult, TaskSpec, register
from schemas.article import Article
from service.llm.protocol import ModelGateway
from service.pipeline.claims import extract_claims


async def run_extraction(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    staged = await extract_claims(articles[0], llm)
    return TaskResult(staged.value.model_dump(mode="json"), list(staged.calls))


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


register(
    TaskSpec(
        "extraction",
        run_extraction,
        sentence_claims,
        "sentence_per_claim",
        description="Claims scored against labelled claims / propositions.",
    )
)
