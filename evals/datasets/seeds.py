"""Loader for hand-labelled YAML suites (``evals/cases/seeds.yaml``): key facts, claims and cross-article pairs."""

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from evals.scorers.summary import EXTRACTION_TASKS, SUMMARY_TASKS
from evals.suite import Case, CaseRef, Document

REPO = Path(__file__).resolve().parents[2]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KeyFact(_Strict):
    id: str
    fact: str = Field(description="What a good summary must say, as a journalist would put it.")
    any_of: list[str] = Field(min_length=1, description="Phrasings for the lexical matcher; one match suffices.")
    in_other: bool = Field(description="Whether the other article of the pair also states this fact.")


class LabelledClaim(_Strict):
    id: str
    text: str
    kind: Literal["fact", "quote", "opinion", "prediction"]
    attribution: str | None = None
    evidence: str = Field(description="The supporting sentence, copied verbatim from the article file.")


class SeedArticle(_Strict):
    id: str
    file: str
    key_facts: list[KeyFact]
    claims: list[LabelledClaim]
    boilerplate: list[str] = Field(default_factory=list, description="Lines that are page furniture, not news.")


class PairLink(_Strict):
    left: str
    right: str
    type: str | None = None
    note: str | None = None


class SeedPair(_Strict):
    id: str
    left: str
    right: str
    agreements: list[PairLink]
    differences: list[PairLink] = Field(
        description="The same fact, one side more precise or more detailed: gold agreements with a detail note."
    )
    conflicts: list[PairLink] = Field(default_factory=list)
    unique: dict[str, list[str]]


class SeedFile(_Strict):
    articles: list[SeedArticle]
    pairs: list[SeedPair] = Field(default_factory=list)


def _claim_gold(article: SeedArticle) -> list[dict[str, Any]]:
    return [c.model_dump() for c in article.claims]


def _pair_case(
    suite: str, source: str, pair: SeedPair, by_id: dict[str, SeedArticle], docs: dict[str, Document]
) -> list[Case]:
    links = [("agree", pair.agreements), ("agree", pair.differences), ("conflict", pair.conflicts)]
    labels: dict[str, str] = {}
    pairs: list[dict[str, Any]] = []
    for relation, entries in links:
        for link in entries:
            left, right = f"{pair.left}/{link.left}", f"{pair.right}/{link.right}"
            pairs.append({"left": left, "right": right, "relation": relation, "type": link.type})
            for key in (left, right):
                labels[key] = _stronger(labels.get(key), relation)
    for article_id, claim_ids in pair.unique.items():
        for claim_id in claim_ids:
            labels.setdefault(f"{article_id}/{claim_id}", "unique")
    gold = {
        "claims": {a: _claim_gold(by_id[a]) for a in (pair.left, pair.right)},
        "labels": labels,
        "pairs": pairs,
    }
    ref = CaseRef(source=source, record_id=pair.id)
    articles = (docs[pair.left], docs[pair.right])
    tasks = ("alignment", "alignment_hybrid")
    return [Case(suite, f"{pair.id}/{task}", task, ref, articles, None, gold) for task in tasks]


_RANK = {"unique": 0, "agree": 1, "conflict": 2}


def _stronger(current: str | None, new: str) -> str:
    """A claim in several links takes its strongest relation (conflict > agree)."""
    return new if current is None or _RANK[new] > _RANK[current] else current


def load_seed_file(path: Path, suite: str) -> list[Case]:
    """Cases of four tasks: summary (key facts), extraction (claims), match (fact presence), alignment (pairs)."""
    data = SeedFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    source = str(path)
    by_id = {a.id: a for a in data.articles}
    docs = {a.id: Document(doc_id=a.id, text=(REPO / a.file).read_text(encoding="utf-8")) for a in data.articles}
    partner = {p.left: p.right for p in data.pairs} | {p.right: p.left for p in data.pairs}
    cases: list[Case] = []
    for article in data.articles:
        ref = CaseRef(source=source, record_id=article.id)
        doc = (docs[article.id],)
        facts = [f.model_dump() for f in article.key_facts]
        for task in SUMMARY_TASKS:
            cases.append(Case(suite, f"{article.id}/{task}", task, ref, doc, None, {"key_facts": facts}))
        for task in EXTRACTION_TASKS:
            name = task.replace("extraction", "claims", 1)
            gold = {"claims": _claim_gold(article)}
            cases.append(Case(suite, f"{article.id}/{name}", task, ref, doc, None, gold))
        # Fact presence: every fact of this article is present; the partner's only when it is shared.
        presence = [
            {"id": f"{article.id}/{f.id}", "fact": f.fact, "any_of": f.any_of, "present": True}
            for f in article.key_facts
        ]
        other = by_id.get(partner.get(article.id, ""))
        if other is not None:
            presence += [
                {"id": f"{other.id}/{f.id}", "fact": f.fact, "any_of": f.any_of, "present": f.in_other}
                for f in other.key_facts
            ]
        cases.append(Case(suite, f"{article.id}/match", "match", ref, doc, None, {"facts": presence}))
    for pair in data.pairs:
        cases.extend(_pair_case(suite, source, pair, by_id, docs))
    return cases
