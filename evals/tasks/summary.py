"""Summary and fact-presence tasks: the product's summariser scored on key facts, and the match judge itself."""

from collections.abc import Sequence
from typing import Any

from evals.scorers.matching import fact_present
from evals.scorers.summary import summary_text
from evals.suite import Case
from evals.tasks.checker import classifier_match
from evals.tasks.judges import judge_match
from evals.tasks.registry import TaskResult, TaskSpec, register
from schemas.article import Article
from schemas.meta import CallMeta
from service.llm.protocol import ModelGateway
from service.pipeline.summarise import summarise


async def run_summary(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    """Summarise, then ask the match judge whether each labelled key fact is in the summary."""
    staged = await summarise(articles[0], llm)
    output: dict[str, Any] = {"summary": staged.value.model_dump(mode="json"), "judge": {}}
    calls: list[CallMeta] = list(staged.calls)
    text = summary_text(output)
    for fact in case.gold["key_facts"]:
        verdict = await judge_match(text, fact["fact"], llm)
        output["judge"][fact["id"]] = verdict.value
        calls.extend(verdict.calls)
    return TaskResult(output, calls)


def _point(article: Article, index: int) -> dict[str, Any]:
    sentence = article.sentences[index]
    evidence = {"quote": sentence.text, "start": sentence.start, "end": sentence.end, "sentence_ids": [sentence.id]}
    return {"text": sentence.text, "evidence": evidence}


async def lead3(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    """The first three sentences: headline = the first, summary = all three, key points = each."""
    article = articles[0]
    points = [_point(article, i) for i in range(min(3, len(article.sentences)))]
    headline = points[0]["text"] if points else ""
    return {"summary": {"headline": headline, "summary": " ".join(p["text"] for p in points), "key_points": points}}


async def run_match(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    """The match judge on labelled fact-presence pairs (article text vs facts of it and of its partner)."""
    article = articles[0]
    sentences = [s.text for s in article.sentences]
    verdicts: dict[str, bool] = {}
    calls: list[CallMeta] = []
    for fact in case.gold["facts"]:
        staged = await judge_match(article.cleaned_text, fact["fact"], llm, sentences=sentences)
        verdicts[fact["id"]] = staged.value
        calls.extend(staged.calls)
    return TaskResult({"verdicts": verdicts}, calls)


async def lexical_match(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    """The lexical matcher (rapidfuzz token-set ratio over each fact's phrasings) on the same pairs."""
    text = articles[0].cleaned_text
    return {"verdicts": {f["id"]: fact_present(f["any_of"], text) for f in case.gold["facts"]}}


register(TaskSpec("summary", run_summary, lead3, "lead3", description="Summaries scored on labelled key facts."))
register(
    TaskSpec(
        "match",
        run_match,
        lexical_match,
        "lexical",
        description="Fact-presence matchers vs human labels.",
        methods={"classifier": classifier_match},
    )
)
