"""A self-contained HTML page of an alignment (Jinja2, autoescaped): articles side by side, claims highlighted."""

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import jinja2

from schemas.alignment import Alignment
from schemas.article import Article

# Higher wins where highlighted spans overlap: a conflict must never be hidden under an agreement.
PRIORITY = {"conflict": 2, "agree": 1, "unique": 0}
# The note an agreement carries when one side is more precise or adds detail (still the same fact).
DETAILS = {"different_precision": "one is more precise", "different_detail": "one adds detail"}
_PAGE = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
).get_template("alignment.html.j2")


@dataclass(frozen=True)
class Segment:
    """A run of the cleaned text and the strongest relation covering all of it (None: not part of a claim)."""

    text: str
    relation: str | None = None
    tip: str = ""


def _spans(article: Article, alignment: Alignment) -> list[tuple[int, int, str, str]]:
    """(start, end, relation, tooltip) for every grounded claim of ``article`` that the alignment mentions."""
    out: list[tuple[int, int, str, str]] = []
    pairs = [("agree", p) for p in alignment.agreements] + [("conflict", p) for p in alignment.conflicts]
    for relation, pair in pairs:
        for ref in (pair.left, pair.right):
            ev = ref.evidence
            if ref.article_id == article.id and ev.grounded and ev.start is not None and ev.end is not None:
                out.append((ev.start, ev.end, relation, pair.explanation))
    for ref in alignment.unique:
        ev = ref.evidence
        if ref.article_id == article.id and ev.grounded and ev.start is not None and ev.end is not None:
            out.append((ev.start, ev.end, "unique", "reported only here"))
    return out


def segments(article: Article, alignment: Alignment) -> list[Segment]:
    """The cleaned text cut where highlighted claims start or end, each run with its strongest relation."""
    text = article.cleaned_text
    spans = _spans(article, alignment)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[Segment] = []
    for start, end in pairwise(cuts):
        covering = [sp for sp in spans if sp[0] <= start and end <= sp[1]]
        if not covering:
            out.append(Segment(text[start:end]))
            continue
        _, _, relation, tip = max(covering, key=lambda sp: PRIORITY[sp[2]])
        out.append(Segment(text[start:end], relation, tip))
    return out


def render_html(alignment: Alignment, articles: list[Article]) -> str:
    """One page, inline CSS, no scripts or external assets; the template escapes every piece of article text."""
    columns = [(a, segments(a, alignment)) for a in articles]
    return _PAGE.render(alignment=alignment, stats=alignment.stats, columns=columns, details=DETAILS)
