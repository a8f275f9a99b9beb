"""Summarise one article: headline, summary, key points with checked evidence, by the configured method per stage.

Methods (``service.methods``): ``extractive`` picks the article's own salient sentences (no model);
``hybrid`` lets the model choose among those sentences under an enum grammar; ``model`` is the summarise prompt
(map-reduce when long). ``key_points`` and ``headline`` (headline + summary) may use different methods.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from schemas.article import Article, Sentence
from schemas.drafts import MAX_KEY_POINTS, MIN_KEY_POINTS, SummaryDraft, reduce_draft, sentence_summary_draft
from schemas.evidence import SupportCheck
from schemas.meta import CallMeta
from schemas.methods import MethodName, Stage
from schemas.summary import KeyPoint, Summary
from service.grounding import check_generated
from service.ingest.injection import echoes_flagged, unflagged_text
from service.keypoints import extractive_summary
from service.keypoints.headline import cut_at_word, headline_from
from service.keypoints.hybrid import hybrid_points
from service.llm.protocol import ModelGateway
from service.methods import method_for_role
from service.pipeline.evidence import check_statement
from service.pipeline.prompt_input import grounding_mode, plan_chunks, prompt_text
from service.pipeline.staged import Staged
from service.progress import emit_items, gather_chunks
from service.prompts import load_prompt, render
from service.settings import GroundingMode

ROLE = "summariser"
SUMMARY_FALLBACK_POINTS = 2
STAGES: tuple[Stage, Stage] = ("key_points", "headline")


@dataclass
class _ModelSummary:
    headline: str
    summary: str
    points: list[KeyPoint]
    calls: list[CallMeta] = field(default_factory=list)


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


async def _model_summary(article: Article, llm: ModelGateway, mode: GroundingMode, threshold: float) -> _ModelSummary:
    """The ``model`` method: the summarise prompt per chunk, reduced by a second prompt when there are several."""
    chunks = plan_chunks(article, llm.role_config(ROLE))
    drafts = await gather_chunks("key_points", (_draft_chunk(article, chunk, llm, mode) for chunk in chunks))
    calls = [meta for _, meta in drafts]
    candidates = [p for draft, _ in drafts for p in _key_points(article, draft, mode, threshold)]
    if len(drafts) == 1:
        return _ModelSummary(drafts[0][0].headline, drafts[0][0].summary, candidates, calls)
    usable = [p for p in candidates if p.grounded] or candidates
    headline, summary_text, points, reduce_meta = await _reduce(article, usable, llm)
    return _ModelSummary(headline, summary_text, points, [*calls, reduce_meta])


def chosen_methods(llm: ModelGateway, methods: Mapping[Stage, MethodName] | None) -> dict[Stage, MethodName]:
    """The method of each summary stage: the caller's override, else the summariser role's config/default."""
    role = llm.role_config(ROLE)
    return {stage: (methods or {}).get(stage) or method_for_role(role, stage) for stage in STAGES}


async def summarise(
    article: Article,
    llm: ModelGateway,
    *,
    grounding: GroundingMode | None = None,
    keep_ungrounded: bool = False,
    fuzzy_threshold: float = 0.85,
    methods: Mapping[Stage, MethodName] | None = None,
) -> Staged[Summary]:
    """Grounded summary of ``article``. Model key points whose evidence is not found, or whose wording uses names
    or numbers absent from their evidence, go to ``rejected`` unless ``keep_ungrounded``."""
    chosen = chosen_methods(llm, methods)
    extractive = extractive_summary(article)
    calls: list[CallMeta] = []
    model: _ModelSummary | None = None
    mode: GroundingMode | None = None  # only the model method cites by quote or sentence number
    if "model" in chosen.values():
        mode = grounding_mode(llm.role_config(ROLE), grounding)
        model = await _model_summary(article, llm, mode, fuzzy_threshold)
        calls.extend(model.calls)

    rejected: list[KeyPoint] = []
    lead: Sentence | None = None
    if chosen["key_points"] == "model" and model is not None:
        points = [p for p in model.points if p.grounded or keep_ungrounded]
        rejected = [p for p in model.points if not p.grounded and not keep_ungrounded]
    elif chosen["key_points"] == "hybrid" or chosen["headline"] == "hybrid":
        hybrid, lead, hybrid_calls = await hybrid_points(article, llm)
        calls.extend(hybrid_calls)
        points = hybrid if chosen["key_points"] == "hybrid" else extractive.key_points
    else:
        points = extractive.key_points

    if chosen["headline"] == "model" and model is not None:
        summary = _model_headline(article, model, points, extractive)
    elif chosen["headline"] == "hybrid":
        headline = headline_from(article, lead) if lead is not None else extractive.headline
        summary = extractive.model_copy(update={"headline": headline, "headline_method": "hybrid"})
    else:
        summary = extractive
    summary = summary.model_copy(update={"key_points": points, "rejected": rejected})
    emit_items("key_point", "key_points", (p for p in points if p.grounded))
    return Staged(value=summary, calls=calls, grounding_mode=mode, methods=chosen)


def _not_echoing(article: Article, text: str, support: SupportCheck) -> SupportCheck:
    return support.model_copy(update={"supported": False}) if echoes_flagged(article, text) else support


def _model_headline(article: Article, model: _ModelSummary, points: list[KeyPoint], extractive: Summary) -> Summary:
    """The model's headline and summary, each only if it passes the support check; else the extractive ones,
    with the model's words kept beside them."""
    headline = cut_at_word(model.headline, 150)
    # Checked against the article's own words only: flagged (instruction-shaped) text supports nothing, and words
    # that repeat it are not used even when the rest of the article happens to share them. The trained checker
    # must find each sentence entailed by the article sentences that cover it best.
    own = unflagged_text(article)
    headline_check = check_generated(headline, own, article.cleaned_text, against="article")
    summary_check = check_generated(model.summary, own, article.cleaned_text, against="article")
    headline_support = _not_echoing(article, headline, headline_check)
    summary_support = _not_echoing(article, model.summary, summary_check)
    update: dict[str, Any] = {"headline_method": "model"}
    if headline_support.supported:
        update |= {"headline": headline, "headline_support": headline_support}
    else:
        # The failed check stays beside the model's words so a reader sees why they were replaced.
        update |= {
            "headline_method": "extractive",
            "model_headline": model.headline,
            "headline_support": headline_support,
        }
    if summary_support.supported:
        update |= {"summary": model.summary, "summary_source": "model", "summary_support": summary_support}
    else:
        # A summary that fails the check is replaced by the article's own words, never shown as if it were fine.
        evidence = [p.evidence.quote for p in points if p.grounded][:SUMMARY_FALLBACK_POINTS]
        text = " ".join(evidence) if evidence else extractive.summary
        update |= {"summary": text, "summary_source": "evidence", "model_summary": model.summary,
                   "summary_support": summary_support}  # fmt: skip
    return extractive.model_copy(update=update)
