"""Turn what the model cited (a quote or a sentence number) into checked evidence plus a support check."""

from dataclasses import dataclass

from schemas.article import Article
from schemas.evidence import Evidence, SupportCheck
from service.grounding import FUZZY_THRESHOLD, check_generated, evidence_from_sentences, locate_quote
from service.ingest.injection import overlaps_flagged


@dataclass(frozen=True)
class Checked:
    evidence: Evidence
    support: SupportCheck

    @property
    def grounded(self) -> bool:
        """Evidence found in the article, and the model's wording invents no names or numbers."""
        return self.evidence.grounded and not self.support.unsupported_terms


def check_statement(
    article: Article,
    statement: str,
    *,
    quote: str | None = None,
    sentence: int | None = None,
    fuzzy_threshold: float = FUZZY_THRESHOLD,
) -> Checked:
    if sentence is not None:
        evidence = evidence_from_sentences([sentence], article)
    else:
        evidence = locate_quote(quote or "", article, fuzzy_threshold=fuzzy_threshold)
    if evidence.grounded and overlaps_flagged(article, evidence.start, evidence.end):
        # Text that addresses a model (service/ingest/injection.py) is never evidence for the article's facts.
        evidence = Evidence(quote=evidence.quote, grounded=False, match="none", score=0.0, model_quote=quote)
    evidence_text = evidence.quote if evidence.grounded else ""
    support = check_generated(statement, evidence_text, article.cleaned_text)
    return Checked(evidence=evidence, support=support)
