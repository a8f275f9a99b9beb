"""align_claims / align_articles: candidates, the rules-only baseline, the edit set, vetoes and call counts."""

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel

from schemas.alignment import Judgement
from schemas.article import Article
from schemas.claims import Claim
from service.alignment.align import align_articles, align_claims, claims_from_sentences
from service.alignment.candidates import select_candidates
from service.alignment.checks import Comparison, compare_claims
from service.alignment.decide import decide
from service.alignment.features import IdfTable, claim_features
from service.errors import InputError
from service.prompts import RenderedPrompt
from service.settings import RoleConfig
from tests.fakes import FakeGateway
from tests.unit.alignment.claim_factory import align_edit_case, always, edit_cases, pair_numbers, story_model
from tests.unit.alignment.conftest import article_from_text, sentence_claim

# Sentence pairs a reader matches by hand across the two seeds (Sky News sentence, VOA sentence).
TRUE_PAIRS = {("s5", "s1"), ("s1", "s2"), ("s6", "s3"), ("s9", "s4"), ("s11", "s9"), ("s13", "s10")}
# Issue 8's seven shared facts over sentence claims: the above, plus the lead ("cannot remove Russian troops from ...
# the east of the country and Crimea") against 003's "expel Russian forces from the Crimea and parts of eastern
# Ukraine" (same speaker, a distinctive name), and Trump as US president-elect in both.
SEVEN_FACTS = TRUE_PAIRS | {("s2", "s2"), ("s24", "s14")}
CASES = edit_cases()


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def seed_sets(seed_a: Article, seed_b: Article) -> list[tuple[Article, list[Claim]]]:
    return [(seed_a, claims_from_sentences(seed_a)), (seed_b, claims_from_sentences(seed_b))]


def test_paraphrased_reports_agree_through_character_overlap(seed_a: Article, seed_b: Article) -> None:
    alignment = run(align_claims(seed_sets(seed_a, seed_b), None)).value
    pair = next(p for p in alignment.agreements if (p.left.claim_id, p.right.claim_id) == ("s5", "s1"))
    # "do not have the strength to recover land taken by Russia" / "does not have the military might to take back
    # its Russian-occupied territories": few shared words, many shared word pieces.
    assert pair.detail == "different_detail"
    assert pair.explanation.startswith("the same fact in other words")


def test_candidates_pick_the_true_pairs_and_few_others(seed_a: Article, seed_b: Article) -> None:
    features = [
        [claim_features(i, j, a, c) for j, c in enumerate(cs)] for i, (a, cs) in enumerate(seed_sets(seed_a, seed_b))
    ]
    idf = IdfTable(f.tokens for group in features for f in group)
    picked = {(c.left.claim.id, c.right.claim.id) for c in select_candidates(features, idf)}
    assert picked >= SEVEN_FACTS
    possible = len(features[0]) * len(features[1])
    assert len(picked) <= possible // 10  # 576 possible pairs, a few dozen judged
    assert len(picked) <= 3 * len(features[1])  # at most top-3 per claim of the later article


def test_rules_only_baseline_on_the_seeds(seed_a: Article, seed_b: Article) -> None:
    alignment = run(align_claims(seed_sets(seed_a, seed_b), None)).value
    assert alignment.conflicts == []
    linked = {(p.left.claim_id, p.right.claim_id) for p in alignment.agreements}
    assert ("s9", "s4") in linked  # the same Zelenskyy quote in both articles
    assert linked == SEVEN_FACTS  # every pair a reader matches, paraphrases included, and nothing else
    assert alignment.stats.model_batches == 0
    assert {p.decided_by for p in alignment.agreements} == {"rules"}
    unique_ids = {(u.article_id, u.claim_id) for u in alignment.unique}
    assert ("voa", "s25") in unique_ids  # Kirillov's sanctions are only in the VOA story
    # Seven facts: the headline and the lead both join 003's "expel Russian forces from the Crimea" sentence.
    assert len(alignment.groups) == 7
    assert [sorted(c.claim_id for c in g.claims) for g in alignment.groups if len(g.claims) > 2] == [["s1", "s2", "s2"]]


def test_claims_from_sentences_skips_headings(seed_b: Article) -> None:
    claims = claims_from_sentences(seed_b)
    assert "NATO and Ukraine" not in [c.text for c in claims]
    assert all(seed_b.cleaned_text[c.evidence.start or 0 : c.evidence.end] == c.text for c in claims)
    occupied = next(c for c in claims if "18%" in c.text)
    assert [(q.value, q.unit) for q in occupied.quantities] == [(18.0, "%")]


def test_duplicate_article_ids_are_rejected() -> None:
    a = sentence_claim("same", "Russia occupies about 18% of Ukraine.")
    with pytest.raises(InputError, match="unique"):
        run(align_claims([a, a], None))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_edit_set_rules_only(case: Any) -> None:
    alignment = run(align_edit_case(case, None))
    types = {p.conflict_type for p in alignment.conflicts}
    if case.expected.conflict_type == "none":
        assert types == set()
    else:
        assert types == {case.expected.conflict_type}
        [conflict] = alignment.conflicts
        assert conflict.decided_by == "rules"
        assert conflict.left_value and conflict.right_value and conflict.left_value != conflict.right_value
        assert conflict.left.evidence.grounded and conflict.right.evidence.grounded


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_edit_set_with_a_model_that_always_says_same(case: Any) -> None:
    """A weak model calling everything "same" cannot hide the edit: the checks veto it."""
    fake = FakeGateway(responder=always("same"))
    alignment = run(align_edit_case(case, fake))
    types = {p.conflict_type for p in alignment.conflicts}
    if case.expected.conflict_type == "none":
        assert types == set()
    else:
        assert types == {case.expected.conflict_type}
        assert alignment.conflicts[0].decided_by == "rules"
        assert alignment.stats.vetoed >= 1
    assert fake.calls == alignment.stats.model_batches


NONE_CASES = [c for c in CASES if c.expected.conflict_type == "none"]


@pytest.mark.parametrize("case", NONE_CASES, ids=[c.id for c in NONE_CASES])
def test_a_model_that_always_says_conflict_is_downgraded(case: Any) -> None:
    alignment = run(align_edit_case(case, FakeGateway(responder=always("conflict", "numeric"))))
    assert alignment.conflicts == []


def comparison(left: str, right: str) -> Comparison:
    (a, [ca]), (b, [cb]) = sentence_claim("a", left), sentence_claim("b", right)
    fa, fb = claim_features(0, 0, a, ca), claim_features(1, 0, b, cb)
    return compare_claims(fa, fb, IdfTable([fa.tokens, fb.tokens]))


def judged(relation: str, conflict_type: str = "none") -> Judgement:
    return Judgement.model_validate({"pair": 1, "relation": relation, "conflict_type": conflict_type})


def test_veto_model_same_on_different_numbers() -> None:
    d = decide(
        comparison("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine."), judged("same")
    )
    assert (d.relation, d.conflict_type, d.decided_by, d.vetoed) == ("conflict", "numeric", "rules", True)
    assert (d.left_value, d.right_value) == ("~18 %", "~25 %")


def test_veto_model_conflict_when_values_agree() -> None:
    d = decide(
        comparison("Russia occupies about 18% of Ukraine.", "Russia occupies about 18 per cent of Ukraine."),
        judged("conflict", "numeric"),
    )
    assert (d.relation, d.decided_by, d.vetoed) == ("agree", "rules", True)


def test_model_conflict_on_precision_becomes_an_agreement_with_a_detail_note() -> None:
    c = comparison("Zelenskyy arrived in Brussels on Wednesday night.", "Zelenskyy arrived in Brussels on Wednesday.")
    d = decide(c, judged("conflict", "date_time"))
    assert (d.relation, d.detail, d.decided_by) == ("agree", "different_precision", "rules")


def test_model_conflict_without_values_is_kept_as_other() -> None:
    d = decide(
        comparison(
            "The allies promised the Ukrainian army more air defence.",
            "The allies refused the Ukrainian army more air defence.",
        ),
        judged("conflict"),
    )
    assert (d.relation, d.conflict_type, d.decided_by) == ("conflict", "other", "model")


def test_model_agreement_needs_some_overlap() -> None:
    d = decide(
        comparison("Russia occupies about 18% of Ukraine.", "Kirillov had been sanctioned by Canada."), judged("same")
    )
    assert (d.relation, d.vetoed) == ("unrelated", True)


def test_model_and_rules_agreeing_is_recorded() -> None:
    c = comparison("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine.")
    assert decide(c, judged("conflict", "numeric")).decided_by == "rules+model"
    assert decide(c, None).decided_by == "rules"


def story(n: int, seed_text: str) -> list[Article]:
    """``n`` reports of one story: the same sentences, each outlet adding its own words."""
    lines = [line for line in seed_text.splitlines() if line.strip()]
    return [
        article_from_text("\n".join(f"{line.rstrip('.')} as wire{k} reported." for line in lines), f"outlet{k}")
        for k in range(n)
    ]


def test_model_calls_grow_linearly_with_articles(seed_b: Article) -> None:
    calls: dict[int, int] = {}
    for n in (2, 4, 8):
        fake = FakeGateway(responder=story_model("same"))
        staged = run(align_articles(story(n, seed_b.cleaned_text), fake))
        align_calls = [c for c in staged.calls if c.prompt_id == "align"]
        assert len([c for c in staged.calls if c.prompt_id == "claims"]) == n  # one extraction per article
        assert all(len(pair_numbers(p)) <= 8 for p in fake.prompts if p.id == "align")
        calls[n] = len(align_calls)
        assert staged.value.stats.model_batches == calls[n]
    assert calls[2] >= 1
    # Linear: each added article costs about as much as the second one did (quadratic would be 28x at n=8).
    assert calls[4] <= 3 * calls[2] + 1
    assert calls[8] <= 7 * calls[2] + 1
    assert calls[8] - calls[4] <= 2 * (calls[4] - calls[2]) + 2


def test_a_failed_batch_falls_back_to_the_rules() -> None:
    def broken(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        return {"judgements": [{"pair": 99, "relation": "maybe"}]}

    sets = [
        sentence_claim("a", "Russia occupies about 18% of Ukraine today."),
        sentence_claim("b", "Russia occupies about 25% of Ukraine, officials said."),
    ]
    alignment = run(align_claims(sets, FakeGateway(responder=broken))).value
    assert alignment.stats.failed_batches == 1
    assert [(p.conflict_type, p.decided_by) for p in alignment.conflicts] == [("numeric", "rules")]


def test_align_articles_reports_extraction_and_alignment_calls(seed_a: Article, seed_b: Article) -> None:
    fake = FakeGateway(responder=story_model("same"))
    staged = run(align_articles([seed_a, seed_b], fake))
    assert [c.prompt_id for c in staged.calls].count("claims") == 2
    assert len(staged.calls) == fake.calls
    assert staged.value.stats.claims == 20  # ten claims per article (the draft schema's cap)


def test_rules_claims_align_whole_sentences_without_a_model_call(seed_a: Article, seed_b: Article) -> None:
    """Embedded defaults (rules claims + rules alignment): the two seeds' shared facts are found as agreements."""
    fake = FakeGateway(roles={"extractor": RoleConfig(), "judge": RoleConfig()})
    staged = run(align_articles([seed_a, seed_b], fake))
    alignment = staged.value
    assert fake.calls == 0
    assert staged.methods == {"claims": "rules", "alignment": "rules"}
    found = {(p.left.claim_id, p.right.claim_id) for p in alignment.agreements}
    assert found == SEVEN_FACTS  # every shared fact, and no false agreement
    assert alignment.conflicts == []
    for pair in alignment.agreements:
        for ref, article in ((pair.left, seed_a), (pair.right, seed_b)):
            assert article.cleaned_text[ref.evidence.start : ref.evidence.end] == ref.evidence.quote
