"""A "he"/"she" claim stands for the last person named before it: never a name swapped for another."""

import asyncio

from schemas.article import Article
from service.alignment.align import align_claims, claims_from_sentences
from service.alignment.features import pronoun_referent
from service.claimsplit import rules_claims
from tests.unit.alignment.conftest import article_from_text

SKY = (
    "Zelenskyy met NATO chief Mark Rutte in Brussels on Wednesday. "
    "He fears that speaking publicly about European peacekeepers plays into Putin's hands."
)
VOA = "Mark Rutte fears that speaking publicly about the peacekeepers plays into Putin's hands."


def test_the_pronoun_resolves_to_the_last_person_named_before_it() -> None:
    article = article_from_text(SKY, "sky")
    claims = claims_from_sentences(article)
    assert pronoun_referent(article, claims[1]) is not None
    assert pronoun_referent(article, claims[1]).name == "Mark Rutte"  # type: ignore[union-attr]
    assert pronoun_referent(article, claims[0]) is None  # a named subject needs no referent


def test_a_pronoun_subject_against_the_named_person_is_no_entity_conflict() -> None:
    sky, voa = article_from_text(SKY, "sky"), article_from_text(VOA, "voa")
    alignment = asyncio.run(align_claims([(sky, claims_from_sentences(sky)), (voa, claims_from_sentences(voa))], None))
    assert alignment.value.conflicts == []
    assert [(p.left.claim_id, p.right.claim_id) for p in alignment.value.agreements] == [("s2", "s1")]


def test_clause_claims_of_the_seed_pair_have_no_spurious_name_conflict(seed_a: Article, seed_b: Article) -> None:
    # "Mark Rutte arguing that speaking publicly ... plays into Mr Putin's hands" (Sky) against "he did not want to
    # speak publicly about ... European peacekeepers ... play into Putin's hands" (VOA) was read as "Mark Rutte"
    # swapped for "European".
    sets = [(seed_a, rules_claims(seed_a)), (seed_b, rules_claims(seed_b))]
    alignment = asyncio.run(align_claims(sets, None)).value
    assert alignment.conflicts == []
    assert any("Rutte" in p.left.text and p.right.text.startswith("he ") for p in alignment.agreements)


def test_two_referents_that_differ_are_no_name_swap() -> None:
    # Only the sentence that names the speakers may conflict; "He added ..." repeats it and stays an agreement.
    left = "UK foreign secretary David Lammy said the talks failed. He added that Putin is causing mayhem in Europe."
    right = "UK defence secretary John Healey said the talks failed. He added that Putin is causing mayhem in Europe."
    a, b = article_from_text(left, "a"), article_from_text(right, "b")
    alignment = asyncio.run(align_claims([(a, claims_from_sentences(a)), (b, claims_from_sentences(b))], None)).value
    assert [(p.left.claim_id, p.conflict_type) for p in alignment.conflicts] == [("s1", "attribution")]
    assert ("s2", "s2") in [(p.left.claim_id, p.right.claim_id) for p in alignment.agreements]
