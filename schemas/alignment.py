"""Cross-article alignment: what articles agree on, what one reports alone, and where they conflict."""

from collections import Counter
from typing import Any, Literal

from pydantic import Field, create_model, model_validator

from schemas.article import Article, ArticleInput
from schemas.base import StrictModel
from schemas.evidence import Evidence
from schemas.meta import Meta
from schemas.methods import MethodName
from schemas.summary import Summary

Relation = Literal["agree", "conflict"]
ConflictType = Literal["numeric", "date_time", "entity", "attribution", "negation", "other"]
Severity = Literal["low", "medium", "high"]
DecidedBy = Literal["rules", "model", "rules+model"]
# An agreement's detail note: the same fact, but one report is more precise ("Wednesday night" vs "Wednesday",
# "17.6%" vs "about 18%") or adds a detail the other leaves out. Still an agreement, never a disagreement.
Detail = Literal["different_precision", "different_detail"]
MAX_ARTICLES_HARD = 50
MAX_PAIRS_PER_CALL = 8


class ArticleRef(StrictModel):
    id: str = Field(max_length=128)
    title: str | None = Field(default=None, max_length=500)
    source: str | None = Field(default=None, max_length=200)


class ClaimRef(StrictModel):
    """One claim of one article, with where it is said (offsets index that article's ``cleaned_text``)."""

    article_id: str = Field(max_length=128)
    claim_id: str = Field(max_length=32)
    text: str = Field(max_length=2000)
    evidence: Evidence


class AlignedPair(StrictModel):
    """Two claims from different articles about one fact, and how they relate."""

    relation: Relation
    left: ClaimRef
    right: ClaimRef
    conflict_type: ConflictType | None = Field(default=None, description="Set when relation is 'conflict'.")
    left_value: str | None = Field(default=None, max_length=200, description="Normalised disputed value, left.")
    right_value: str | None = Field(default=None, max_length=200, description="Normalised disputed value, right.")
    severity: Severity | None = None
    explanation: str = Field(max_length=300, description="One line: why this relation.")
    decided_by: DecidedBy
    detail: Detail | None = Field(
        default=None, description="On agreements: one side is more precise or adds detail (still the same fact)."
    )
    similarity: float = Field(ge=0.0, le=1.0, description="Lexical similarity used to pick the pair.")
    method: MethodName = Field(default="model", description="The alignment method that decided this pair.")

    @model_validator(mode="after")
    def _conflicts_are_typed(self) -> "AlignedPair":
        if (self.relation == "conflict") != (self.conflict_type is not None):
            raise ValueError("conflict_type is set exactly when relation is 'conflict'")
        if self.relation == "conflict" and self.detail is not None:
            raise ValueError("detail notes belong to agreements, not conflicts")
        return self


class FactGroup(StrictModel):
    """Claims from several articles that report one fact (agreements, joined transitively)."""

    id: str = Field(max_length=16)
    claims: list[ClaimRef] = Field(min_length=2, max_length=MAX_ARTICLES_HARD * 4)
    article_ids: list[str] = Field(description="Distinct articles that report the fact.")
    has_conflict: bool = Field(description="Some pair inside the group conflicts.")


class AlignmentStats(StrictModel):
    """How much work the alignment took: candidates kept versus all cross-article pairs."""

    claims: int = Field(ge=0)
    possible_pairs: int = Field(ge=0, description="Every cross-article claim pair.")
    candidate_pairs: int = Field(ge=0, description="Pairs picked by overlap and judged.")
    settled_by_rules: int = Field(ge=0, description="Candidates rules decided without asking the model.")
    model_batches: int = Field(ge=0)
    failed_batches: int = Field(ge=0, description="Batches whose model output failed; rules decided them.")
    vetoed: int = Field(ge=0, description="Model verdicts the deterministic checks overrode.")


class Alignment(StrictModel):
    articles: list[ArticleRef]
    agreements: list[AlignedPair] = Field(
        default_factory=list, description="The same fact in two articles; ``detail`` notes when one adds precision."
    )
    conflicts: list[AlignedPair] = Field(default_factory=list)
    unique: list[ClaimRef] = Field(default_factory=list, description="Claims no other article reports.")
    groups: list[FactGroup] = Field(default_factory=list)
    stats: AlignmentStats


class ArticleWithId(ArticleInput):
    id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_.:-]+$")


class AlignmentRequest(StrictModel):
    """Body of ``POST /v1/alignments`` and ``POST /v1/reports``; the upper bound is ``limits.max_articles``."""

    articles: list[ArticleWithId] = Field(min_length=2, max_length=MAX_ARTICLES_HARD)

    @model_validator(mode="after")
    def _unique_ids(self) -> "AlignmentRequest":
        counts = Counter(a.id for a in self.articles)
        dupes = sorted(article_id for article_id, n in counts.items() if n > 1)
        if dupes:
            raise ValueError(f"article ids must be unique; repeated: {', '.join(dupes)}")
        return self


class AlignmentResponse(StrictModel):
    alignment: Alignment
    articles: list[Article]
    meta: Meta


class ConsensusPoint(StrictModel):
    """A fact reported by several articles, worded as one of them wrote it (extractive, never generated)."""

    text: str = Field(max_length=2000)
    article_ids: list[str]
    claims: list[ClaimRef]


class SourcedPoint(StrictModel):
    """A claim only one article makes, attributed to it."""

    text: str = Field(max_length=2000)
    attributed: str = Field(max_length=2300, description="'According to <source>: <claim>'.")
    claim: ClaimRef


class DisputedPoint(StrictModel):
    text: str = Field(max_length=600, description="'A says X; B says Y' in one line.")
    conflict: AlignedPair


class ArticleDigest(StrictModel):
    article: ArticleRef
    summary: Summary


class Report(StrictModel):
    """Per-article summaries plus what the set of articles says together."""

    digests: list[ArticleDigest]
    consensus: list[ConsensusPoint] = Field(description="Only facts agreed by 2+ articles.")
    disputed: list[DisputedPoint]
    single_source: list[SourcedPoint]
    alignment: Alignment


class ReportResponse(StrictModel):
    report: Report
    articles: list[Article]
    meta: Meta


# --- model-facing adjudication schema: small, bounded, enums only (the 135M model's grammar enforces enums) ---

ModelRelation = Literal["same", "compatible", "conflict", "unrelated"]
ModelConflictType = Literal["none", "numeric", "date_time", "entity", "attribution", "negation", "other"]


class Judgement(StrictModel):
    pair: int = Field(description="Number of the pair being judged.")
    relation: ModelRelation = Field(
        description="same: both state one fact; compatible: one fact, different detail or precision; "
        "conflict: they cannot both be true; unrelated: different facts."
    )
    conflict_type: ModelConflictType = Field(description="What differs when relation is conflict, else none.")


class Adjudication(StrictModel):
    judgements: list[Judgement] = Field(min_length=1, max_length=MAX_PAIRS_PER_CALL)


def adjudication_schema(pair_count: int) -> type[Adjudication]:
    """``Adjudication`` whose ``pair`` is an integer enum 1..pair_count, so the grammar cannot invent ids.

    Batches always number their pairs from 1, so there are at most ``MAX_PAIRS_PER_CALL`` distinct schemas and
    the cache keys stay stable.
    """
    if not 1 <= pair_count <= MAX_PAIRS_PER_CALL:
        raise ValueError(f"a batch holds 1..{MAX_PAIRS_PER_CALL} pairs, not {pair_count}")
    ids: Any = Literal[tuple(range(1, pair_count + 1))]
    judgement = create_model(
        f"Judgement{pair_count}",
        __base__=Judgement,
        pair=(ids, Field(description="Number of the pair being judged.")),
    )
    return create_model(
        f"Adjudication{pair_count}",
        __base__=Adjudication,
        judgements=(list[judgement], Field(min_length=1, max_length=pair_count)),
    )
