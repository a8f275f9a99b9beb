"""The ``rules`` claims method: every eligible sentence split into atomic clauses, each a claim with its span."""

import re
from dataclasses import replace

from schemas.article import Article
from schemas.claims import Claim, ClaimKind
from schemas.evidence import Evidence, SupportCheck
from schemas.methods import MethodName
from service.claimsplit.clauses import Clause, split_clauses
from service.claimsplit.speakers import People
from service.keypoints.eligible import eligible
from service.normalise.dates import find_times
from service.normalise.numbers import find_quantities

_PREDICTION = re.compile(
    r"\b(?:(?:will|won['’]t|would|could|may|might|shall)(?!\s+(?:to|of|and|or|be\s+(?:said|told)))\s+"
    r"(?:not\s+|never\s+|also\s+|soon\s+|still\s+)?[a-z]+|going to|expected to|set to|plans? to|likely to|"
    r"forecasts?|predicts?|projected to)\b",
    re.IGNORECASE,
)
_OPINION = re.compile(
    r"\b(?:should|must|ought|best|worst|better|worse|important|crucial|vital|essential|"
    r"good|bad|wrong|right to|terrible|great|disaster|failure|unacceptable|outrageous|shameful|believes?|"
    r"thinks?|hopes?|fears?|feels?|only option|appeasement|mayhem|criminal|truth|frustrat\w*|clearly|surely|"
    r"disgrace\w*|scandal\w*|ridiculous|absurd|excellent|remarkable|shocking|appalling|dangerous|reckless|"
    r"irresponsible|brave|courageous|historic|unfair|unjust|deserves?|should(?:n['’]t)?|too (?:much|little|late))\b",
    re.IGNORECASE,
)


def kind_of(clause: Clause) -> ClaimKind:
    """prediction (future or modal), opinion (evaluative wording), quote (reported or quoted), else fact."""
    if _PREDICTION.search(clause.text):
        return "prediction"
    if _OPINION.search(clause.text):
        return "opinion"
    if clause.who is not None or clause.quoted:
        return "quote"
    return "fact"


def rules_claims(article: Article, *, method: MethodName = "rules") -> list[Claim]:
    """Claims of every eligible sentence (never a flagged sentence, heading or fragment), in text order."""
    people = People()
    claims: list[Claim] = []
    seen: set[str] = set()
    for sentence in article.sentences:
        people.see(sentence.text)
        if not eligible(article, sentence):
            continue
        clauses = split_clauses(sentence.text)
        speakers = {c.who: people.resolve(c.who) for c in clauses if c.who}
        if not speakers:
            people.subject(sentence.text)
        # A sentence that opens a quotation without naming anyone continues the last speaker's words.
        continued = people.last if not speakers and sentence.text[:1] in '“"' else None
        for clause in clauses:
            start, end = sentence.start + clause.start, sentence.start + clause.end
            quote = article.cleaned_text[start:end]
            key = " ".join(clause.text.lower().split())
            if key in seen or len(quote.split()) < 3:
                continue
            seen.add(key)
            attribution = speakers.get(clause.who) if clause.who else continued
            if continued and not clause.who:
                clause = replace(clause, who=continued, quoted=True)
            evidence = Evidence(quote=quote, start=start, end=end, sentence_ids=[sentence.id], grounded=True,
                                match="exact", score=1.0)  # fmt: skip
            claims.append(
                Claim(
                    id=f"c{len(claims) + 1}",
                    text=clause.text,
                    text_source="evidence",
                    kind=kind_of(clause),
                    attribution=attribution,
                    quantities=find_quantities(clause.text, article.language),
                    times=find_times(clause.text, article.language),
                    evidence=evidence,
                    support=SupportCheck(score=1.0, supported=True),
                    grounded=True,
                    method=method,
                )
            )
    return claims
