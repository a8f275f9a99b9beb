"""Alignment task: labelled claims of two articles through ``align_claims``; baseline = its rules-only mode."""

from collections.abc import Mapping, Sequence
from typing import Any

from evals.suite import Case
from evals.tasks.registry import TaskResult, TaskSpec, register
from schemas.article import Article
from schemas.claims import Claim
from schemas.evidence import Evidence, SupportCheck
from schemas.methods import MethodName
from service.alignment.align import align_claims, claims_from_sentences
from service.llm.protocol import ModelGateway

RELATION_LISTS = {"agreements": "agree", "conflicts": "conflict"}


def _evidence(article: Article, quote: str) -> Evidence:
    start = article.cleaned_text.find(quote) if quote else -1
    if start < 0:
        return Evidence(quote=quote, grounded=False, match="none", score=0.0)
    end = start + len(quote)
    ids = [s.id for s in article.sentences if s.start < end and s.end > start]
    return Evidence(quote=quote, start=start, end=end, sentence_ids=ids, grounded=True, match="exact", score=1.0)


def _claim(article: Article, claim_id: str, text: str, quote: str, kind: str, attribution: str | None) -> Claim:
    evidence = _evidence(article, quote)
    return Claim.model_validate(
        {
            "id": claim_id,
            "text": text,
            "kind": kind,
            "attribution": attribution,
            "evidence": evidence.model_dump(),
            "support": SupportCheck(score=1.0, supported=True).model_dump(),
            "grounded": evidence.grounded,
        }
    )


def _span_quote(raw: str, spans: Sequence[Sequence[int]]) -> str:
    """The smallest stretch of the original text covering a proposition's (possibly non-contiguous) spans."""
    if not spans:
        return ""
    return raw[min(s[0] for s in spans) : max(s[1] for s in spans)]


def claim_sets(case: Case, articles: Sequence[Article]) -> list[tuple[Article, list[Claim]]]:
    """Labelled claims per article; an article without labelled claims contributes one claim per sentence."""
    sets: list[tuple[Article, list[Claim]]] = []
    for doc, article in zip(case.documents, articles, strict=True):
        labelled: list[Mapping[str, Any]] | None = case.gold.get("claims", {}).get(doc.doc_id)
        if labelled is None:
            # The same sentence claims as the product's non-model baseline (headings and fragments left out).
            claims = claims_from_sentences(article)
        else:
            claims = [
                _claim(
                    article,
                    str(c["id"]),
                    str(c["text"]),
                    str(c.get("evidence") or _span_quote(doc.text, c.get("spans", []))),
                    str(c.get("kind", "fact")),
                    c.get("attribution"),
                )
                for c in labelled
            ]
        sets.append((article, claims))
    return sets


def _span(ref: Mapping[str, Any]) -> list[int] | None:
    evidence = ref.get("evidence") or {}
    start, end = evidence.get("start"), evidence.get("end")
    return None if start is None or end is None else [int(start), int(end)]


def compact(alignment: Mapping[str, Any]) -> dict[str, Any]:
    """Claim keys (``article_id/claim_id``), evidence offsets and relations only: no article text in logs."""
    pairs = []
    for field, relation in RELATION_LISTS.items():
        for pair in alignment.get(field, []):
            pairs.append(
                {
                    "relation": pair.get("relation", relation),
                    "left": f"{pair['left']['article_id']}/{pair['left']['claim_id']}",
                    "right": f"{pair['right']['article_id']}/{pair['right']['claim_id']}",
                    "left_span": _span(pair["left"]),
                    "right_span": _span(pair["right"]),
                    "conflict_type": pair.get("conflict_type"),
                    "decided_by": pair.get("decided_by"),
                }
            )
    unique = [f"{ref['article_id']}/{ref['claim_id']}" for ref in alignment.get("unique", [])]
    return {"pairs": pairs, "unique": unique}


async def _align(
    case: Case, articles: Sequence[Article], llm: ModelGateway | None, method: MethodName = "model"
) -> TaskResult:
    """``method`` is explicit: the model system measures ``model`` whatever the role's default is."""
    staged = await align_claims(claim_sets(case, articles), llm, method=method if llm is not None else "rules")
    return TaskResult(compact(staged.value.model_dump(mode="json")), list(staged.calls))


async def run_alignment(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    return await _align(case, articles, llm)


async def run_hybrid_alignment(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    """The ``hybrid`` method: the model labels only the candidates the rules leave open."""
    return await _align(case, articles, llm, "hybrid")


async def rules_alignment(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    """``align_claims`` with ``llm=None``: the deterministic rules alone."""
    result = await _align(case, articles, None)
    return result.output or {}


def summary_label(output: dict[str, Any]) -> dict[str, Any]:
    """Document vs summary (each sentence a claim): any conflict found means the summary is inconsistent."""
    found = any(p["relation"] == "conflict" for p in output.get("pairs", []))
    return {**output, "label": "inconsistent" if found else "consistent"}


async def run_summary_conflict(case: Case, articles: Sequence[Article], llm: ModelGateway) -> TaskResult:
    result = await _align(case, articles, llm)
    return TaskResult(summary_label(result.output or {}), result.calls)


async def rules_summary_conflict(case: Case, articles: Sequence[Article]) -> dict[str, Any]:
    return summary_label(await rules_alignment(case, articles))


register(
    TaskSpec(
        "summary_conflict",
        run_summary_conflict,
        rules_summary_conflict,
        "rules_only",
        description="SummEdits pairs through the alignment: an inconsistent summary must yield a conflict.",
    )
)
register(
    TaskSpec(
        "alignment",
        run_alignment,
        rules_alignment,
        "rules_only",
        description="Cross-article claim relations vs labelled agreements / uniques / conflicts.",
    )
)
register(
    TaskSpec(
        "alignment_hybrid",
        run_hybrid_alignment,
        rules_alignment,
        "rules_only",
        description="The same labelled pairs with the hybrid method (the model labels what the rules leave open).",
    )
)
register(
    TaskSpec(
        "conflict",
        run_alignment,
        rules_alignment,
        "rules_only",
        description="A seed article vs its controlled edit: the one conflict (type) the edit introduced.",
    )
)
