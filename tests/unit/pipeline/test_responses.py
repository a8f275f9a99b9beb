"""The request layer: per-request options over configured limits, the article-count limit, meta built once."""

import asyncio
from typing import Any

import pytest
from pydantic import BaseModel

from schemas.alignment import ArticleWithId
from schemas.article import ArticleInput
from service.errors import InputError, TooManyArticles
from service.pipeline.responses import RequestOptions, alignment_response, claims_response, report_response
from service.prompts import RenderedPrompt
from service.settings import LimitsConfig, RoleConfig
from tests.fakes import FakeGateway
from tests.unit.alignment.claim_factory import always

TEXT = "The council approved a budget of 40 million euros on Monday. The mayor said the vote was close."
# A sloppy copy of the first sentence: found only by fuzzy matching (similarity ~0.9).
SLOPPY = "The council aproved the budget of 40 million euro on Monday"
ROLES = {"extractor": RoleConfig(model="fake/model", grounding="quotes")}


def claims(limits: LimitsConfig, options: RequestOptions = RequestOptions()) -> tuple[int, int, str | None]:
    answer = {"claims": [{"text": "The council approved a 40 million euro budget.", "kind": "fact",
                          "attribution": None, "quote": SLOPPY}]}  # fmt: skip
    gateway = FakeGateway({"claims": [answer]}, roles=ROLES)
    resp = asyncio.run(claims_response(ArticleInput(text=TEXT), gateway, limits, options=options))
    assert resp.meta.calls == gateway.calls == 1
    return len(resp.claims), len(resp.rejected), resp.meta.grounding_mode


def test_the_configured_fuzzy_threshold_decides_what_is_grounded() -> None:
    assert claims(LimitsConfig(fuzzy_threshold=0.85)) == (1, 0, "quotes")
    assert claims(LimitsConfig(fuzzy_threshold=0.99)) == (0, 1, "quotes")


def test_keep_ungrounded_per_request_overrides_the_configured_default() -> None:
    strict = LimitsConfig(fuzzy_threshold=0.99, keep_ungrounded=False)
    assert claims(strict, RequestOptions(keep_ungrounded=True)) == (1, 0, "quotes")
    assert claims(LimitsConfig(fuzzy_threshold=0.99, keep_ungrounded=True)) == (1, 0, "quotes")
    assert claims(LimitsConfig(fuzzy_threshold=0.99, keep_ungrounded=True), RequestOptions(keep_ungrounded=False)) == (
        0,
        1,
        "quotes",
    )


def test_grounding_chosen_per_request_reaches_meta() -> None:
    answer = {"claims": [{"text": "The council approved a budget.", "kind": "fact", "attribution": None,
                          "sentence": 1}]}  # fmt: skip
    gateway = FakeGateway({"claims": [answer]}, roles=ROLES)
    options = RequestOptions(grounding="sentences")
    resp = asyncio.run(claims_response(ArticleInput(text=TEXT), gateway, LimitsConfig(), options=options))
    assert resp.meta.grounding_mode == "sentences"
    assert resp.claims[0].evidence.start == 0


@pytest.mark.parametrize(("count", "error"), [(1, InputError), (4, TooManyArticles)])
def test_the_article_count_is_checked_before_any_model_call(count: int, error: type[InputError]) -> None:
    gateway = FakeGateway()
    items = [ArticleWithId(id=f"a{n}", text=TEXT) for n in range(count)]
    with pytest.raises(error, match="limits.max_articles" if count > 1 else "at least 2"):
        asyncio.run(alignment_response(items, gateway, LimitsConfig(max_articles=3)))
    assert gateway.calls == 0


def sloppy_story(prompt: RenderedPrompt, schema: type[BaseModel]) -> Any:
    """Claims and key points quote the first sentence sloppily (found only by fuzzy matching)."""
    if prompt.id == "claims":
        return {"claims": [{"text": "The council approved a budget.", "kind": "fact", "attribution": None,
                            "quote": SLOPPY}]}  # fmt: skip
    if prompt.id == "summarise":
        return {"headline": "Budget approved", "summary": "The council approved a budget.",
                "key_points": [{"point": "The council approved a budget.", "quote": SLOPPY}]}  # fmt: skip
    return always("same")(prompt, schema)


@pytest.mark.parametrize(("threshold", "grounded"), [(0.85, 2), (0.99, 0)])
def test_alignments_and_reports_use_the_configured_fuzzy_threshold(threshold: float, grounded: int) -> None:
    items = [ArticleWithId(id="a", text=TEXT), ArticleWithId(id="b", text=TEXT.replace("Monday", "Monday."))]
    limits = LimitsConfig(fuzzy_threshold=threshold)
    roles = {**ROLES, "summariser": RoleConfig(model="fake/model", grounding="quotes")}
    aligned = asyncio.run(alignment_response(items, FakeGateway(responder=sloppy_story, roles=roles), limits))
    assert aligned.alignment.stats.claims == grounded
    report = asyncio.run(report_response(items, FakeGateway(responder=sloppy_story, roles=roles), limits))
    assert sum(len(d.summary.key_points) for d in report.report.digests) == grounded
    assert report.report.alignment.stats.claims == grounded
