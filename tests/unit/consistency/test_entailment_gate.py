"""The support check of model-written text: values stated about something else, and entailment by the evidence
under the trained checker (issue 10 item 13). Verbatim and extractive text is never rejected by either."""

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from schemas.article import Article, ArticleInput
from schemas.methods import MethodName, Stage
from service.consistency.checker import PARAMS_PATH, default_checker
from service.consistency.swaps import misplaced_values
from service.grounding import check_generated, check_support
from service.ingest import clean_article
from service.keypoints.extractive import extractive_summary
from service.pipeline.claims import extract_claims
from service.pipeline.summarise import summarise
from service.settings import RoleConfig
from tests.conftest import SEED_CLEAN, SEED_NOISY
from tests.fakes import FakeGateway

BUDGET = "The council spent $30 million on roads. Another $18 million went to schools."
RESCUE = "Fire crews rescued 30 people on Monday; 45 others were evacuated by police."


def test_a_total_made_of_one_part_fails_although_every_term_is_in_the_evidence() -> None:
    statement = "The council spent $18 million in total."
    assert check_support(statement, BUDGET).supported  # every word and value occurs in the span
    check = check_generated(statement, BUDGET)
    assert not check.supported and check.unsupported_terms == ["$18 million"]


def test_a_number_moved_to_another_group_of_people_fails() -> None:
    statement = "Fire crews rescued 45 people."
    assert check_support(statement, RESCUE).supported
    check = check_generated(statement, RESCUE)
    assert not check.supported and check.unsupported_terms == ["45 people"]
    assert check_generated("Fire crews rescued 30 people.", RESCUE).supported
    assert check_generated("Police evacuated 45 others.", RESCUE).supported


def test_values_in_their_own_context_are_not_misplaced() -> None:
    assert misplaced_values("Another $18 million went to schools.", BUDGET) == []
    assert misplaced_values("The council spent $30 million on roads.", BUDGET) == []
    assert misplaced_values("Between 30 and 45 people were rescued.", "Between 30 and 45 people were rescued.") == []
    vote = "The vote was held on Friday. The result came on Tuesday."
    assert misplaced_values("The vote was held on Tuesday.", vote) == ["Tuesday"]


def test_entailment_is_scored_for_paraphrases_and_ranks_an_invented_clause_lower() -> None:
    span = "The ministry said the new bridge over the river will open to traffic in 2026."
    faithful = check_generated("The ministry said the bridge will open to traffic in 2026.", span)
    invented = check_generated("The ministry said the bridge is unsafe and must close.", span)
    assert faithful.supported and faithful.entailment is not None and invented.entailment is not None
    assert faithful.entailment > 2 * invented.entailment


@pytest.mark.parametrize(
    "statement",
    [
        "Ukraine signed a ceasefire with Russia and NATO approved membership.",
        "Zelenskyy announced that Ukraine will hold a referendum on joining Russia.",
        "Rutte promised Ukraine fighter jets and long-range missiles for a spring offensive.",
    ],
)
def test_a_headline_the_article_does_not_entail_fails_although_its_names_occur(statement: str) -> None:
    text = clean_article(ArticleInput(text=SEED_CLEAN.read_text(encoding="utf-8"))).cleaned_text
    assert check_support(statement, text, text).supported  # every name occurs, a third of the words too
    check = check_generated(statement, text, text, against="article")
    assert check.entailment is not None and check.entailment < default_checker().entailed_at
    assert not check.supported and check.unsupported_terms == []


def test_a_faithful_headline_passes_against_the_article() -> None:
    text = clean_article(ArticleInput(text=SEED_CLEAN.read_text(encoding="utf-8"))).cleaned_text
    check = check_generated("Zelenskyy told Le Parisien that Ukraine cannot expel Russian forces.", text, text,
                            against="article")  # fmt: skip
    assert check.supported and check.entailment is not None and check.entailment >= default_checker().entailed_at


def test_a_model_headline_and_summary_the_article_does_not_entail_are_replaced() -> None:
    article = clean_article(ArticleInput(text=SEED_CLEAN.read_text(encoding="utf-8")))
    answer = {
        "headline": "Ukraine signed a ceasefire with Russia and NATO approved membership",
        "summary": "Zelenskyy announced that Ukraine will hold a referendum on joining Russia.",
        "key_points": [{"point": article.sentences[2].text, "quote": article.sentences[2].text}],
    }
    roles = {"summariser": RoleConfig(model="fake/model", grounding="quotes")}
    methods: dict[Stage, MethodName] = {"key_points": "model", "headline": "model"}
    fake = FakeGateway({"summarise": [answer]}, roles=roles)
    summary = asyncio.run(summarise(article, fake, methods=methods)).value
    assert summary.headline_method == "extractive" and summary.model_headline == answer["headline"]
    assert summary.summary_source == "evidence" and summary.model_summary == answer["summary"]
    assert not summary.headline_support.supported and not summary.summary_support.supported
    # the verbatim key point is a copy of its evidence: kept, never scored by the checker
    point = summary.key_points[0]
    assert point.text == article.sentences[2].text and point.support.supported and point.support.entailment is None


def test_the_cut_is_the_one_chosen_on_dev_and_recorded_with_the_parameters() -> None:
    decisions = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))["decisions"]
    assert default_checker().entailed_at == decisions["entailed_at"]["value"]
    assert decisions["entailed_at"]["chosen_on"].startswith("wice/dev.jsonl")


@pytest.mark.parametrize("seed", [SEED_CLEAN, SEED_NOISY])
def test_verbatim_sentences_are_never_rejected(seed: Path) -> None:
    article = clean_article(ArticleInput(text=seed.read_text(encoding="utf-8")))
    for sentence in article.sentences:
        base = check_support(sentence.text, sentence.text)
        check = check_generated(sentence.text, sentence.text)
        assert check == base  # a copy of its evidence: only the deterministic check, no entailment
        assert check.entailment is None
    shouted = article.sentences[1].text.upper().replace("’", "'")
    assert check_generated(shouted, article.sentences[1].text).entailment is None


def test_extractive_key_points_quote_the_article_and_are_all_supported() -> None:
    article = clean_article(ArticleInput(text=SEED_CLEAN.read_text(encoding="utf-8")))
    summary = extractive_summary(article)
    assert summary.key_points and all(p.support.supported and p.grounded for p in summary.key_points)
    assert all(p.support.entailment is None for p in summary.key_points)


def _article_with_budget() -> Article:
    text = (
        "City budget approved\n\nThe council met on Tuesday in Lyon. " + BUDGET + " Mayor Anne Roux praised the plan."
    )
    return clean_article(ArticleInput(text=text))


def test_a_model_key_point_with_a_misplaced_value_shows_its_evidence_instead() -> None:
    article = _article_with_budget()
    answer: dict[str, Any] = {
        "headline": "City budget approved",
        "summary": "The council approved the budget.",
        # both figures are in the cited span, so only their context shows the swap
        "key_points": [{"point": "The council spent $18 million on roads.", "quote": BUDGET}],
    }
    roles = {"summariser": RoleConfig(model="fake/model", grounding="quotes")}
    fake = FakeGateway({"summarise": [answer]}, roles=roles)
    methods: dict[Stage, MethodName] = {"key_points": "model", "headline": "model"}
    summary = asyncio.run(summarise(article, fake, methods=methods)).value
    point = summary.key_points[0]
    assert (point.text, point.text_source, point.model_text) == (BUDGET, "evidence", answer["key_points"][0]["point"])
    assert point.support.unsupported_terms == ["$18 million"] and not point.support.supported


def test_a_model_claim_its_span_does_not_entail_becomes_the_quoted_span() -> None:
    article = _article_with_budget()
    schools = next(s.text for s in article.sentences if "$18 million" in s.text)
    answer = {"claims": [{"text": "The council spent $18 million in total.", "kind": "fact", "attribution": None,
                          "quote": BUDGET}]}  # fmt: skip
    roles = {"extractor": RoleConfig(model="fake/model", grounding="quotes")}
    claims = asyncio.run(extract_claims(article, FakeGateway({"claims": [answer]}, roles=roles), method="model"))
    claim = claims.value.claims[0]
    assert claim.text_source == "evidence" and claim.text == BUDGET and schools in claim.text
    assert claim.model_text == "The council spent $18 million in total." and not claim.support.supported
