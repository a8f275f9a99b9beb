"""Summarise one article: headline, summary, key points with checked evidence (map-reduce when long)."""

from typing import Any

from schemas.article import Article, Sentence
from schemas.drafts import MAX_KEY_POINTS, MIN_KEY_POINTS, SummaryDraft, reduce_draft, sentence_summary_draft
from schemas.meta import CallMeta
from schemas.summary import KeyPoint, Summary
from service.grounding import check_support
from service.llm.protocol import ModelGateway
from service.pipeline.evidence import check_statement
from service.pipeline.prompt_input import grounding_mode, plan_chunks, prompt_text
from service.pipeline.staged import Staged
from service.progress import emit_items, gather_chunks
from service.prompts import load_prompt, render
from service.settings import GroundingMode

ROLE = "summariser"
SUMMARY_FALLBACK_POINTS = 2


def _trim_headline(headline: str, limit: int = 150) -> str:
    """Small models run into the length cap mid-word; cut back to the last whole word."""
    headline = " ".join(headline.split())
    if len(headline) < limit:
        return headline
    return headline.rsplit(" ", 1)[0].rstrip(",;:-") if " " in headline else headline


async def _draft_chunk(
    article: Article, chunk: list[Sentence], llm: ModelGateway, mode: GroundingMode
) -> tuple[Any, CallMeta]:
    template = load_prompt("summarise")
    schema = sentence_summary_draft([s.id for s in chunk]) if mode == "sentences" else SummaryDraft
    prompt = render(
        template,
        title=article.title or "",
        mode=mode,
        min_points=min(MIN_KEY_POINTS, len(chunk)),
        max_points=MAX_KEY_POINTS,
        **prompt_text(article, chunk, mode),
    )
    generation = await llm.generate(prompt, schema, role=ROLE)
    return generation.value, generation.meta


def _key_points(article: Article, draft: Any, mode: GroundingMode, threshold: float) -> list[KeyPoint]:
    points: list[KeyPoint] = []
    seen: set[tuple[object, object]] = set()
    for item in draft.key_points:
        cited = item.sentence if mode == "sentences" else None
        checked = check_statement(
            article, item.point, quote=None if cited else item.quote, sentence=cited, fuzzy_threshold=threshold
        )
        ident = (checked.evidence.start, checked.evidence.end) if checked.evidence.grounded else (item.point, None)
        if ident in seen:  # small models repeat themselves; a repeat adds nothing
            continue
        seen.add(ident)
        if checked.evidence.grounded and not checked.support.supported:
            # Small models often write "1" or an invented paraphrase next to a real citation: show the cited
            # words instead, and keep what the model wrote for transparency.
            points.append(KeyPoint(text=checked.evidence.quote, text_source="evidence", model_text=item.point,
                                   evidence=checked.evidence, support=checked.support, grounded=True))  # fmt: skip
            continue
        points.append(
            KeyPoint(text=item.point, evidence=checked.evidence, support=checked.support, grounded=checked.grounded)
        )
    return points


async def _reduce(
    article: Article, candidates: list[KeyPoint], llm: ModelGateway
) -> tuple[str, str, list[KeyPoint], CallMeta]:
    ids = list(range(1, len(candidates) + 1))
    listing = "\n".join(f"[{i}] {p.text}" for i, p in zip(ids, candidates, strict=True))
    prompt = render(load_prompt("summarise_reduce"), title=article.title or "", points=listing,
                    max_points=MAX_KEY_POINTS)  # fmt: skip
    generation = await llm.generate(prompt, reduce_draft(ids), role=ROLE)
    value: Any = generation.value
    chosen = list(dict.fromkeys(value.point_ids))  # the grammar cannot enforce uniqueItems
    return value.headline, value.summary, [candidates[i - 1] for i in chosen], generation.meta


async def summarise(
    article: Article,
    llm: ModelGateway,
    *,
    grounding: GroundingMode | None = None,
    keep_ungrounded: bool = False,
    fuzzy_threshold: float = 0.85,
) -> Staged[Summary]:
    """Grounded summary of ``article``. Key points whose evidence is not found, or whose wording uses names or
    numbers absent from the article, go to ``rejected`` unless ``keep_ungrounded``."""
    role = llm.role_config(ROLE)
    mode = grounding_mode(role, grounding)
    chunks = plan_chunks(article, role)
    drafts = await gather_chunks("key_points", (_draft_chunk(article, chunk, llm, mode) for chunk in chunks))
    calls = [meta for _, meta in drafts]
    candidates = [p for draft, _ in drafts for p in _key_points(article, draft, mode, fuzzy_threshold)]
    emit_items("key_point", "key_points", (p for p in candidates if p.grounded))
    if len(drafts) == 1:
        headline, summary_text = drafts[0][0].headline, drafts[0][0].summary
        points = candidates
    else:
        usable = [p for p in candidates if p.grounded] or candidates
        headline, summary_text, points, reduce_meta = await _reduce(article, usable, llm)
        calls.append(reduce_meta)
    headline = _trim_headline(headline)
    kept = [p for p in points if p.grounded or keep_ungrounded]
    rejected = [p for p in points if not p.grounded and not keep_ungrounded]
    summary_support = check_support(summary_text, article.cleaned_text, article.cleaned_text)
    evidence = [p.evidence.quote for p in kept if p.grounded][:SUMMARY_FALLBACK_POINTS]
    use_evidence = not summary_support.supported and bool(evidence)
    summary = Summary(
        headline=headline,
        headline_support=check_support(headline, article.cleaned_text, article.cleaned_text),
        # A summary that fails the check is replaced by the article's own words, never shown as if it were fine.
        summary=" ".join(evidence) if use_evidence else summary_text,
        summary_source="evidence" if use_evidence else "model",
        model_summary=summary_text if use_evidence else None,
        summary_support=summary_support,
        key_points=kept,
        rejected=rejected,
    )
    return Staged(value=summary, calls=calls, grounding_mode=mode)
