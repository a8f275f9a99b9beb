"""Extract atomic claims from one article, each with checked evidence and normalised numbers and times.

Methods (``service.methods``): ``rules`` splits sentences into atomic clauses deterministically (no model);
``hybrid`` has the model label those clauses under an enum grammar; ``model`` is the claims prompt.
"""

from typing import Any

from schemas.article import Article, Sentence
from schemas.claims import Claim, ClaimList
from schemas.drafts import MAX_CLAIMS, ClaimsDraft, sentence_claims_draft
from schemas.evidence import Evidence
from schemas.meta import CallMeta
from schemas.methods import MethodName
from service.claimsplit import rules_claims
from service.claimsplit.hybrid import hybrid_claims
from service.grounding.support import attribution_supported
from service.ingest.injection import clean_attribution
from service.llm.protocol import ModelGateway
from service.methods import method_for_role
from service.normalise.dates import find_times
from service.normalise.numbers import find_quantities
from service.pipeline.evidence import check_statement
from service.pipeline.prompt_input import grounding_mode, plan_chunks, prompt_text
from service.pipeline.staged import Staged
from service.progress import emit_items, gather_chunks
from service.prompts import load_prompt, render
from service.settings import GroundingMode

ROLE = "extractor"


async def _draft_chunk(
    article: Article, chunk: list[Sentence], llm: ModelGateway, mode: GroundingMode
) -> tuple[Any, CallMeta]:
    schema = sentence_claims_draft([s.id for s in chunk]) if mode == "sentences" else ClaimsDraft
    prompt = render(load_prompt("claims"), mode=mode, max_claims=MAX_CLAIMS, **prompt_text(article, chunk, mode))
    generation = await llm.generate(prompt, schema, role=ROLE)
    return generation.value, generation.meta


def _claim(article: Article, item: Any, mode: GroundingMode, number: int, threshold: float) -> Claim:
    cited = item.sentence if mode == "sentences" else None
    checked = check_statement(
        article, item.text, quote=None if cited else item.quote, sentence=cited, fuzzy_threshold=threshold
    )
    attribution = clean_attribution(article, item.attribution)  # only a source the article itself names
    text, source, model_text, grounded = item.text, "model", None, checked.grounded
    support = checked.support
    if checked.evidence.grounded and not checked.support.supported:
        # The model's wording is not borne out by what it cited: the cited words are the claim we can stand by.
        text, source, model_text, grounded = checked.evidence.quote, "evidence", item.text, True
    if attribution and not _attribution_checked(article, attribution, checked.evidence):
        # "Rutte said ..." where the cited words (or, for "he"/"she", the text just before them) name someone else:
        # the speaker is the model's guess, so the claim is not supported as written.
        terms = [*support.unsupported_terms, attribution]
        support = support.model_copy(update={"supported": False, "unsupported_terms": terms})
        grounded = False
    return Claim(
        id=f"c{number}",
        text=text,
        text_source=source,
        model_text=model_text,
        kind=item.kind,
        attribution=attribution,
        quantities=find_quantities(text, article.language),
        times=find_times(text, article.language),
        evidence=checked.evidence,
        support=support,
        grounded=grounded,
    )


def _attribution_checked(article: Article, attribution: str, evidence: Evidence) -> bool:
    """The speaker is named by the evidence span, or by the text shortly before it when the span says "he"/"she"."""
    if not evidence.grounded or evidence.start is None:
        return False
    before = article.cleaned_text[: evidence.start]
    return attribution_supported(attribution, evidence.quote, before)


async def extract_claims(
    article: Article,
    llm: ModelGateway,
    *,
    grounding: GroundingMode | None = None,
    keep_ungrounded: bool = False,
    fuzzy_threshold: float = 0.85,
    method: MethodName | None = None,
) -> Staged[ClaimList]:
    """Claims of ``article`` by ``method`` (default: the extractor role's); the model method reads long articles
    in chunks and concatenates the claims in text order."""
    role = llm.role_config(ROLE)
    chosen = method or method_for_role(role, "claims")
    if chosen == "rules":
        ruled = rules_claims(article)
        emit_items("claim", "claims", iter(ruled))
        return Staged(value=ClaimList(claims=ruled), methods={"claims": "rules"})
    if chosen == "hybrid":
        labelled, label_calls = await hybrid_claims(article, llm)
        emit_items("claim", "claims", iter(labelled))
        return Staged(value=ClaimList(claims=labelled), calls=label_calls, methods={"claims": "hybrid"})
    mode = grounding_mode(role, grounding)
    chunks = plan_chunks(article, role)
    drafts = await gather_chunks("claims", (_draft_chunk(article, chunk, llm, mode) for chunk in chunks))
    claims: list[Claim] = []
    seen: set[str] = set()
    for draft, _ in drafts:
        for item in draft.claims:
            claim = _claim(article, item, mode, len(claims) + 1, fuzzy_threshold)
            # Small models repeat themselves, and two bad paraphrases of one sentence both fall back to it.
            key = " ".join(claim.text.lower().split())
            if key in seen:
                continue
            seen.add(key)
            claims.append(claim)
    kept = [c for c in claims if c.grounded or keep_ungrounded]
    rejected = [c for c in claims if not c.grounded and not keep_ungrounded]
    calls = [meta for _, meta in drafts]
    emit_items("claim", "claims", (c for c in kept if c.grounded))
    return Staged(ClaimList(claims=kept, rejected=rejected), calls, grounding_mode=mode, methods={"claims": "model"})
