"""extract_claims(): evidence checks, normalised numbers/times, de-duplication."""

import asyncio

from schemas.article import ArticleInput
from service.ingest import clean_article
from service.pipeline.claims import extract_claims
from service.settings import RoleConfig
from tests.conftest import SEED_CLEAN
from tests.fakes import FakeGateway

ROLES = {"extractor": RoleConfig(model="fake/model", grounding="quotes")}


def test_claims_are_grounded_typed_and_carry_numbers_and_times() -> None:
    art = clean_article(ArticleInput(text=SEED_CLEAN.read_text(encoding="utf-8")))
    held = next(s.text for s in art.sentences if "2014" in s.text)
    answer = {
        "claims": [
            {
                "text": "Russia has held parts of eastern Ukraine since 2014.",
                "kind": "fact",
                "attribution": "Volodymyr Zelenskyy",
                "quote": held,
            },
            {
                "text": "Russia has held parts of eastern Ukraine since 2014.",
                "kind": "fact",
                "attribution": None,
                "quote": held,
            },
            {
                "text": "NATO sent 40,000 troops on Friday.",
                "kind": "fact",
                "attribution": " ",
                "quote": "NATO sent 40,000 troops on Friday.",
            },
        ]
    }
    claims = asyncio.run(extract_claims(art, FakeGateway({"claims": [answer]}, roles=ROLES))).value
    assert [c.id for c in claims.claims] == ["c1"]
    first = claims.claims[0]
    assert first.attribution == "Volodymyr Zelenskyy" and first.kind == "fact"
    assert any(t.value == "2014" for t in first.times)
    assert art.cleaned_text[first.evidence.start : first.evidence.end] == held  # type: ignore[index]
    assert len(claims.rejected) == 1
    rejected = claims.rejected[0]
    assert rejected.attribution is None and not rejected.grounded
    assert any(q.value == 40000 for q in rejected.quantities)


def test_two_bad_paraphrases_of_one_sentence_become_one_claim() -> None:
    art = clean_article(ArticleInput(text=SEED_CLEAN.read_text(encoding="utf-8")))
    roles = {"extractor": RoleConfig(model="fake/model", grounding="sentences")}
    answer = {"claims": [
        {"text": "1. The EU agreed a peacekeeping mission.", "kind": "fact", "attribution": None, "sentence": 3},
        {"text": "The article's sentences are numbered.", "kind": "fact", "attribution": None, "sentence": 3},
    ]}  # fmt: skip
    claims = asyncio.run(extract_claims(art, FakeGateway({"claims": [answer]}, roles=roles))).value
    assert len(claims.claims) == 1
    only = claims.claims[0]
    assert (only.text, only.text_source) == (art.sentences[2].text, "evidence")
    assert only.model_text == "1. The EU agreed a peacekeeping mission."


def test_an_attribution_the_evidence_does_not_name_is_not_supported() -> None:
    text = (
        "NATO chief Mark Rutte met Zelenskyy in Brussels on Wednesday. "
        "He said partners would send more air defence systems. "
        "Kremlin spokesman Dmitry Peskov said no peace talks are planned."
    )
    art = clean_article(ArticleInput(text=text))
    said = "He said partners would send more air defence systems."
    peskov = "Kremlin spokesman Dmitry Peskov said no peace talks are planned."
    answer = {"claims": [
        # "he" in the span, Rutte named just before it: supported
        {"text": "Partners would send more air defence systems.", "kind": "quote", "attribution": "Mark Rutte",
         "quote": said},
        # the span names Peskov, not Rutte, and has no pronoun: the model guessed the speaker
        {"text": "No peace talks are planned.", "kind": "quote", "attribution": "Mark Rutte", "quote": peskov},
        {"text": "No peace talks are planned now.", "kind": "quote", "attribution": "Dmitry Peskov", "quote": peskov},
    ]}  # fmt: skip
    claims = asyncio.run(extract_claims(art, FakeGateway({"claims": [answer]}, roles=ROLES))).value
    assert [(c.text, c.attribution) for c in claims.claims] == [
        ("Partners would send more air defence systems.", "Mark Rutte"),
        ("No peace talks are planned now.", "Dmitry Peskov"),
    ]
    wrong = claims.rejected
    assert [(c.attribution, c.support.supported, c.grounded) for c in wrong] == [("Mark Rutte", False, False)]
    assert "Mark Rutte" in wrong[0].support.unsupported_terms
