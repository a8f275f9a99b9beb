"""The extractive method: key points, headline and summary made of the article's own sentences (no model)."""

from schemas.article import Article, Sentence
from schemas.evidence import SupportCheck
from schemas.methods import MethodName
from schemas.summary import KeyPoint, Summary
from service.grounding import check_support, evidence_from_sentences
from service.keypoints.eligible import eligible_sentences
from service.keypoints.headline import headline_from, summary_from
from service.keypoints.salience import select

MIN_POINTS = 3
MAX_POINTS = 7


def point_count(candidates: int) -> int:
    """5 key points for a short article, 6 or 7 for longer ones; never more than there are sentences."""
    wanted = 5 + (candidates >= 12) + (candidates >= 18)
    return min(wanted, candidates)


def sentence_point(article: Article, sentence: Sentence, method: MethodName) -> KeyPoint:
    """A key point that is one article sentence: grounded by construction, its own evidence."""
    evidence = evidence_from_sentences([sentence.id], article)
    return KeyPoint(
        text=sentence.text,
        text_source="evidence",
        evidence=evidence,
        support=SupportCheck(score=1.0, supported=True),
        grounded=True,
        method=method,
    )


def candidates_of(article: Article) -> list[Sentence]:
    """Eligible sentences; an article with none (all headings or fragments) falls back to unflagged ones."""
    return eligible_sentences(article) or [s for s in article.sentences if s.flag is None]


def choose(article: Article, count: int | None = None) -> list[Sentence]:
    """The key-point sentences in order of salience (MMR choice order)."""
    candidates = candidates_of(article)
    wanted = point_count(len(candidates)) if count is None else count
    return [r.sentence for r in select(candidates, wanted)]


def extractive_summary(article: Article, *, method: MethodName = "extractive") -> Summary:
    """Headline (title or best sentence), summary (top 2-3 in article order) and 5-7 key points."""
    chosen = choose(article)
    headline = headline_from(article, chosen[0] if chosen else None)
    summary_sentences = summary_from(chosen)
    summary = " ".join(s.text for s in summary_sentences)
    return Summary(
        headline=headline,
        headline_method=method,
        headline_support=check_support(
            headline, article.cleaned_text + "\n" + (article.title or ""), article.cleaned_text
        ),
        summary=summary,
        summary_source="evidence",
        summary_support=SupportCheck(score=1.0 if summary else 0.0, supported=bool(summary)),
        key_points=[sentence_point(article, s, method) for s in sorted(chosen, key=lambda s: s.id)],
    )
