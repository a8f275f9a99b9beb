"""Align the claims of several articles on one story: agreements (with detail notes), conflicts and uniques."""

import asyncio
from collections.abc import Sequence

from schemas.alignment import (
    AlignedPair,
    Alignment,
    AlignmentStats,
    ArticleRef,
    ClaimRef,
    FactGroup,
    Judgement,
)
from schemas.article import Article
from schemas.claims import Claim
from schemas.evidence import Evidence, SupportCheck
from schemas.meta import CallMeta
from schemas.methods import STAGE_ROLE, MethodName, Stage
from service.alignment.adjudicate import adjudicate
from service.alignment.candidates import Candidate, possible_pairs, select_candidates
from service.alignment.checks import Comparison, compare_claims
from service.alignment.crosslingual import embedded, value_keys
from service.alignment.decide import Decision, decide, decide_hybrid, open_to_model, settled_by_rules
from service.alignment.features import ClaimFeatures, IdfTable, claim_features
from service.errors import InputError
from service.grounding import FUZZY_THRESHOLD
from service.llm.protocol import ModelGateway
from service.methods import method_for_role
from service.normalise.dates import find_times
from service.normalise.numbers import find_quantities
from service.pipeline.claims import extract_claims
from service.pipeline.staged import Staged

MIN_SENTENCE_WORDS = 5


def article_ref(article: Article) -> ArticleRef:
    return ArticleRef(id=article.id, title=article.title, source=article.source)


def claim_ref(f: ClaimFeatures) -> ClaimRef:
    return ClaimRef(article_id=f.article.id, claim_id=f.claim.id, text=f.claim.text, evidence=f.claim.evidence)


def claims_from_sentences(article: Article) -> list[Claim]:
    """Every sentence as a claim, grounded by construction: the claim source of the fully non-LLM baseline."""
    claims = []
    for s in article.sentences:
        if len(s.text.split()) < MIN_SENTENCE_WORDS or s.flag:
            continue  # headings and fragments ("NATO and Ukraine") state nothing; flagged text is not the article's
        evidence = Evidence(
            quote=s.text, start=s.start, end=s.end, sentence_ids=[s.id], grounded=True, match="exact", score=1.0
        )
        claims.append(
            Claim(
                id=f"s{s.id}",
                text=s.text,
                kind="fact",
                quantities=find_quantities(s.text, article.language),
                times=find_times(s.text, article.language),
                evidence=evidence,
                support=SupportCheck(score=1.0, unsupported_terms=[], supported=True),
                grounded=True,
                method="rules",
            )
        )
    return claims


def alignment_method(llm: ModelGateway | None) -> MethodName:
    """The configured alignment method of the judge role (``rules`` when there is no model at all)."""
    if llm is None:
        return "rules"
    return method_for_role(llm.role_config(STAGE_ROLE["alignment"]), "alignment")


async def align_claims(
    claim_sets: Sequence[tuple[Article, list[Claim]]],
    llm: ModelGateway | None,
    *,
    method: MethodName | None = None,
) -> Staged[Alignment]:
    """Align claims already extracted, by ``method`` (default: the judge role's configured one).

    ``rules``: candidates, deterministic checks and lexical thresholds, no model call. ``model``: the model judges
    every candidate the rules do not settle outright, and the checks veto what they can disprove. ``hybrid``: the
    model only labels the candidates the rules leave open (no conflict found, not a clear agreement), under the
    enum grammar; every pair the rules decided keeps the rules' verdict.
    """
    method = method or alignment_method(llm)
    if method not in ("rules", "model", "hybrid"):
        raise InputError(f"alignment has no method {method!r}; use rules, model or hybrid")
    if method != "rules" and llm is None:
        raise InputError(f"the {method} alignment method needs a model")
    ids = [article.id for article, _ in claim_sets]
    if len(set(ids)) != len(ids):
        raise InputError(f"article ids must be unique, got {ids}")
    if len(claim_sets) < 2:
        raise InputError("alignment needs at least two articles")
    features = embedded(
        [
            [claim_features(i, j, article, claim) for j, claim in enumerate(claims)]
            for i, (article, claims) in enumerate(claim_sets)
        ]
    )
    idf = IdfTable((f.tokens for group in features for f in group), (value_keys(f) for g in features for f in g))
    candidates = select_candidates(features, idf)
    comparisons = [compare_claims(c.left, c.right, idf) for c in candidates]
    asked = [i for i, comp in enumerate(comparisons) if method != "rules" and _asks(method, comp)]
    calls: list[CallMeta] = []
    judged: dict[int, Judgement | None] = {}
    batches = failed = 0
    if llm is not None and method != "rules" and asked:
        result = await adjudicate([(candidates[i].left.claim.text, candidates[i].right.claim.text) for i in asked], llm)
        judged = dict(zip(asked, result.judgements, strict=True))
        calls, batches, failed = result.calls, result.batches, result.failed_batches
    decider = decide_hybrid if method == "hybrid" else decide
    decisions = [decider(comp, judged.get(i)) for i, comp in enumerate(comparisons)]
    stats = AlignmentStats(
        claims=sum(len(g) for g in features),
        possible_pairs=possible_pairs([len(g) for g in features]),
        candidate_pairs=len(candidates),
        settled_by_rules=len(candidates) - len(asked),
        model_batches=batches,
        failed_batches=failed,
        vetoed=sum(1 for d in decisions if d.vetoed),
    )
    alignment = _assemble(
        [article for article, _ in claim_sets], features, candidates, comparisons, decisions, stats, method
    )
    return Staged(value=alignment, calls=calls, methods={"alignment": method})


def _asks(method: MethodName, comparison: Comparison) -> bool:
    """Whether the model is asked about a candidate: ``hybrid`` only where the rules are undecided."""
    if settled_by_rules(comparison):
        return False
    return method == "model" or open_to_model(comparison)


async def align_articles(
    articles: list[Article], llm: ModelGateway, *, fuzzy_threshold: float = FUZZY_THRESHOLD
) -> Staged[Alignment]:
    """Extract claims of every article concurrently (cached per article by the gateway), then align them.

    With the ``rules`` claims method the alignment compares whole sentences: rule claims are clauses, and two
    reports rarely cut a shared fact into the same clauses (seeds 000 vs 003: 6 agreements and 0 conflicts over
    sentences, 3 and 1 spurious over clauses). The eval tasks score this same sentence path.
    """
    if method_for_role(llm.role_config(STAGE_ROLE["claims"]), "claims") == "rules":
        sentences = [(a, claims_from_sentences(a)) for a in articles]
        aligned = await align_claims(sentences, llm)
        methods: dict[Stage, MethodName] = {"claims": "rules", **aligned.methods}
        return Staged(value=aligned.value, calls=aligned.calls, methods=methods)
    extracted = await asyncio.gather(
        *(extract_claims(article, llm, fuzzy_threshold=fuzzy_threshold) for article in articles)
    )
    staged = await align_claims([(a, e.value.claims) for a, e in zip(articles, extracted, strict=True)], llm)
    calls = [meta for e in extracted for meta in e.calls] + staged.calls
    methods = {stage: m for e in extracted for stage, m in e.methods.items()} | staged.methods
    return Staged(value=staged.value, calls=calls, methods=methods)


def _pair(candidate: Candidate, similarity: float, d: Decision, method: MethodName) -> AlignedPair:
    assert d.relation != "unrelated"
    return AlignedPair(
        relation=d.relation,
        left=claim_ref(candidate.left),
        right=claim_ref(candidate.right),
        conflict_type=d.conflict_type if d.relation == "conflict" else None,
        left_value=d.left_value,
        right_value=d.right_value,
        severity=d.severity if d.relation == "conflict" else None,
        explanation=d.explanation[:300],
        decided_by=d.decided_by,
        detail=d.detail if d.relation == "agree" else None,
        similarity=min(1.0, similarity),
        method=method,
    )


def _assemble(
    articles: list[Article],
    features: list[list[ClaimFeatures]],
    candidates: list[Candidate],
    comparisons: list[Comparison],
    decisions: list[Decision],
    stats: AlignmentStats,
    method: MethodName,
) -> Alignment:
    buckets: dict[str, list[AlignedPair]] = {"agree": [], "conflict": []}
    linked: set[tuple[int, int]] = set()
    parent: dict[tuple[int, int], tuple[int, int]] = {}
    conflicted: set[tuple[int, int]] = set()

    def root(key: tuple[int, int]) -> tuple[int, int]:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    for candidate, comparison, decision in zip(candidates, comparisons, decisions, strict=True):
        if decision.relation == "unrelated":
            continue
        buckets[decision.relation].append(_pair(candidate, comparison.similarity, decision, method))
        linked |= {candidate.left.key, candidate.right.key}
        if decision.relation == "conflict":
            conflicted |= {candidate.left.key, candidate.right.key}
        else:
            parent[root(candidate.right.key)] = root(candidate.left.key)
    members: dict[tuple[int, int], list[ClaimFeatures]] = {}
    roots = {root(k) for k in parent}  # once: testing every claim against every link is quadratic
    for f in (f for group in features for f in group):
        if f.key in parent or f.key in roots:
            members.setdefault(root(f.key), []).append(f)
    groups = [
        FactGroup(
            id=f"f{n}",
            claims=[claim_ref(f) for f in sorted(group, key=lambda f: f.key)],
            article_ids=list(dict.fromkeys(f.article.id for f in sorted(group, key=lambda f: f.key))),
            has_conflict=any(f.key in conflicted for f in group),
        )
        for n, group in enumerate(sorted(members.values(), key=lambda g: min(f.key for f in g)), start=1)
        if len(group) >= 2
    ]
    unique = [claim_ref(f) for group in features for f in group if f.key not in linked]
    return Alignment(
        articles=[article_ref(a) for a in articles],
        agreements=buckets["agree"],
        conflicts=buckets["conflict"],
        unique=unique,
        groups=groups,
        stats=stats,
    )
