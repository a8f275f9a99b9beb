"""Build the multi-article report: per-article summaries, an extractive consensus, disputes and single-source claims.

The consensus is extractive on purpose: it reuses claims that two or more articles agree on, worded as one of
them wrote it, so a weak model has no chance to merge, soften or invent facts in the "what everyone says" part.
"""

import asyncio

from schemas.alignment import (
    AlignedPair,
    Alignment,
    ArticleDigest,
    ArticleRef,
    ClaimRef,
    ConsensusPoint,
    DisputedPoint,
    FactGroup,
    Report,
    SourcedPoint,
)
from schemas.article import Article
from schemas.summary import Summary
from service.alignment.align import align_articles, article_ref
from service.grounding import FUZZY_THRESHOLD
from service.llm.protocol import ModelGateway
from service.pipeline.staged import Staged
from service.pipeline.summarise import summarise


def source_name(ref: ArticleRef) -> str:
    """How the report names an article: its publisher, else its title, else its id."""
    return ref.source or ref.title or ref.id


def _representative(group: FactGroup) -> ClaimRef:
    # The shortest wording is usually the least specific one, i.e. the part every article supports.
    return min(group.claims, key=lambda c: (len(c.text), c.article_id))


def consensus_points(alignment: Alignment) -> list[ConsensusPoint]:
    """Facts reported by two or more articles without any conflict, most widely reported first."""
    points = [
        ConsensusPoint(text=_representative(g).text, article_ids=g.article_ids, claims=g.claims)
        for g in alignment.groups
        if len(g.article_ids) >= 2 and not g.has_conflict
    ]
    return sorted(points, key=lambda p: -len(p.article_ids))


def disputed_points(alignment: Alignment) -> list[DisputedPoint]:
    refs = {a.id: a for a in alignment.articles}
    severity_rank = {"high": 0, "medium": 1, "low": 2, None: 3}
    return [
        DisputedPoint(text=_dispute_line(pair, refs)[:600], conflict=pair)
        for pair in sorted(alignment.conflicts, key=lambda p: severity_rank[p.severity])
    ]


def _dispute_line(pair: AlignedPair, refs: dict[str, ArticleRef]) -> str:
    left, right = source_name(refs[pair.left.article_id]), source_name(refs[pair.right.article_id])
    if pair.left_value and pair.right_value:
        return f"{pair.conflict_type}: {left} says {pair.left_value}; {right} says {pair.right_value}"
    return f"{pair.conflict_type}: {left} and {right} disagree ({pair.explanation})"


def single_source_points(alignment: Alignment) -> list[SourcedPoint]:
    refs = {a.id: a for a in alignment.articles}
    return [
        SourcedPoint(text=c.text, attributed=f"According to {source_name(refs[c.article_id])}: {c.text}", claim=c)
        for c in alignment.unique
    ]


def build_report(articles: list[Article], summaries: list[Summary], alignment: Alignment) -> Report:
    """Assemble the report from finished parts; no model call happens here."""
    return Report(
        digests=[ArticleDigest(article=article_ref(a), summary=s) for a, s in zip(articles, summaries, strict=True)],
        consensus=consensus_points(alignment),
        disputed=disputed_points(alignment),
        single_source=single_source_points(alignment),
        alignment=alignment,
    )


async def report_articles(
    articles: list[Article], llm: ModelGateway, *, fuzzy_threshold: float = FUZZY_THRESHOLD
) -> Staged[Report]:
    """Summaries and the alignment concurrently (each is cached per article by the gateway), then the report."""
    summaries_task = asyncio.gather(*(summarise(a, llm, fuzzy_threshold=fuzzy_threshold) for a in articles))
    alignment_task = align_articles(articles, llm, fuzzy_threshold=fuzzy_threshold)
    summaries, alignment = await asyncio.gather(summaries_task, alignment_task)
    calls = [meta for s in summaries for meta in s.calls] + alignment.calls
    report = build_report(articles, [s.value for s in summaries], alignment.value)
    methods = {stage: m for s in summaries for stage, m in s.methods.items()} | alignment.methods
    return Staged(value=report, calls=calls, methods=methods)
