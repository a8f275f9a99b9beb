"""summarise(): grounding in both modes, rejection of invented evidence, map-reduce over long articles."""

import asyncio
import re
from typing import Any

from pydantic import BaseModel

from schemas.article import Article, ArticleInput
from schemas.methods import MethodName, Stage
from service.ingest import clean_article
from service.pipeline.summarise import summarise
from service.prompts import RenderedPrompt
from service.settings import Decoding, RoleConfig
from tests.conftest import SEED_CLEAN, SEED_NOISY
from tests.fakes import FakeGateway

MODEL: dict[Stage, MethodName] = {"key_points": "model", "headline": "model"}


def article(path: Any = SEED_CLEAN) -> Article:
    return clean_article(ArticleInput(text=path.read_text(encoding="utf-8")))


def quotes_role(**kw: Any) -> dict[str, RoleConfig]:
    return {"summariser": RoleConfig(model="fake/model", grounding="quotes", **kw)}


def test_quotes_mode_grounds_exact_quotes_and_rejects_invented_ones() -> None:
    art = article()
    real = art.sentences[1].text
    answer = {
        "headline": "Zelenskyy says Ukraine lacks strength to retake occupied land",
        "summary": "Zelenskyy told Le Parisien that Ukraine cannot expel Russian forces.",
        "key_points": [
            {"point": "Zelenskyy told Le Parisien Ukraine lacks the strength to expel Russian forces.", "quote": real},
            {"point": "The UN Security Council met in Geneva.", "quote": "The UN Security Council met in Geneva."},
        ],
    }
    fake = FakeGateway({"summarise": [answer]}, roles=quotes_role())
    summary = asyncio.run(summarise(art, fake)).value
    assert [kp.text for kp in summary.key_points] == [answer["key_points"][0]["point"]]
    ev = summary.key_points[0].evidence
    assert ev.grounded and art.cleaned_text[ev.start : ev.end] == ev.quote == real  # type: ignore[index]
    assert ev.sentence_ids == [2]
    assert [kp.text for kp in summary.rejected] == ["The UN Security Council met in Geneva."]
    assert not summary.rejected[0].evidence.grounded
    assert summary.headline_support.supported and not summary.summary_support.unsupported_terms


def test_keep_ungrounded_keeps_rejected_points_flagged() -> None:
    art = article()
    answer = {"headline": "h", "summary": "s", "key_points": [{"point": "Invented.", "quote": "Never said this."}]}
    fake = FakeGateway({"summarise": [answer]}, roles=quotes_role())
    summary = asyncio.run(summarise(art, fake, keep_ungrounded=True)).value
    assert len(summary.key_points) == 1 and not summary.key_points[0].grounded and summary.rejected == []


def test_unsupported_wording_with_real_evidence_shows_the_evidence() -> None:
    art = article()
    real = art.sentences[2].text
    answer = {"headline": "h", "summary": "s", "key_points": [{"point": "1", "quote": real}]}
    summary = asyncio.run(summarise(art, FakeGateway({"summarise": [answer]}, roles=quotes_role()))).value
    kp = summary.key_points[0]
    assert (kp.text, kp.text_source, kp.model_text, kp.grounded) == (real, "evidence", "1", True)


def test_invented_names_in_headline_are_flagged() -> None:
    art = article()
    answer = {
        "headline": "Macron meets Zelenskyy in Lisbon",
        "summary": "s",
        "key_points": [{"point": "p", "quote": art.sentences[0].text}],
    }
    summary = asyncio.run(summarise(art, FakeGateway({"summarise": [answer]}, roles=quotes_role()))).value
    assert {"Macron", "Lisbon"} <= set(summary.headline_support.unsupported_terms)
    assert not summary.headline_support.supported
    # Never shown: the article's own headline takes its place, the model's words are kept beside it.
    assert summary.model_headline == "Macron meets Zelenskyy in Lisbon"
    assert summary.headline != summary.model_headline and summary.headline_method == "extractive"


def enum_ids(schema: type[BaseModel], name: str) -> list[int]:
    defs = schema.model_json_schema()["$defs"]
    return list(defs[name]["properties"]["sentence"]["enum"])


def test_sentence_mode_cites_only_offered_sentences_and_is_grounded_by_construction() -> None:
    art = article(SEED_NOISY)

    def responder(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        ids = enum_ids(schema, "SentencePoint")
        assert ids == [s.id for s in art.sentences]
        assert f"[{ids[-1]}] {art.sentences[-1].text}" in prompt.messages[1]["content"]
        return {
            "headline": "Zelenskyy admits Ukraine cannot remove Russian troops",
            "summary": "s",
            "key_points": [{"point": "Ukraine cannot remove Russian troops.", "sentence": i} for i in ids[:3]],
        }

    fake = FakeGateway(responder=responder, roles={"summariser": RoleConfig()})  # embedded role -> sentences
    summary = asyncio.run(summarise(art, fake, methods=MODEL)).value
    assert len(summary.key_points) == 3 and all(kp.grounded for kp in summary.key_points)
    for kp in summary.key_points:
        assert kp.evidence.match == "sentence"
        assert art.cleaned_text[kp.evidence.start : kp.evidence.end] == kp.evidence.quote  # type: ignore[index]


def test_repeated_points_are_dropped() -> None:
    art = article()
    quote = art.sentences[0].text
    answer = {
        "headline": "h",
        "summary": "s",
        "key_points": [{"point": "Ukraine lacks military might.", "quote": quote}] * 3,
    }
    summary = asyncio.run(summarise(art, FakeGateway({"summarise": [answer]}, roles=quotes_role()))).value
    assert len(summary.key_points) == 1


def long_article(words: int = 20_000) -> Article:
    base = SEED_CLEAN.read_text(encoding="utf-8").split("\n")
    paragraphs: list[str] = []
    n = 0
    while sum(len(p.split()) for p in paragraphs) < words:
        line = base[n % len(base)]
        paragraphs.append(re.sub(r"\b2014\b", str(1900 + n % 120), line) + f" (part {n}).")
        n += 1
    return clean_article(ArticleInput(text="\n\n".join(paragraphs)))


def test_long_article_is_map_reduced_with_correct_offsets() -> None:
    art = long_article()
    assert len(art.cleaned_text.split()) >= 20_000
    seen_ids: list[int] = []

    def responder(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        if prompt.id == "summarise_reduce":
            ids = schema.model_json_schema()["properties"]["point_ids"]["items"]["enum"]
            return {"headline": "h", "summary": "s", "point_ids": [ids[-1], ids[0], ids[0]]}
        ids = enum_ids(schema, "SentencePoint")
        seen_ids.extend(ids)
        return {"headline": "h", "summary": "s", "key_points": [{"point": "x", "sentence": i} for i in ids[-3:]]}

    role = RoleConfig(grounding="sentences", context_tokens=4096, decoding=Decoding(max_tokens=1024))
    fake = FakeGateway(responder=responder, roles={"summariser": role})
    staged = asyncio.run(summarise(art, fake, methods=MODEL))
    chunks = fake.calls - 1
    assert chunks > 5 and fake.prompts[-1].id == "summarise_reduce"
    assert sorted(seen_ids) == [s.id for s in art.sentences]  # every sentence offered exactly once
    assert len(staged.calls) == fake.calls
    points = staged.value.key_points
    assert len(points) == 2  # duplicates in point_ids are dropped
    assert points[0].evidence.sentence_ids == [art.sentences[-1].id]
    for kp in points:
        assert art.cleaned_text[kp.evidence.start : kp.evidence.end] == kp.evidence.quote  # type: ignore[index]


def test_a_summary_that_fails_the_check_is_replaced_by_key_point_evidence() -> None:
    art = article()
    first, second = art.sentences[0].text, art.sentences[1].text
    answer = {
        "headline": "Zelenskyy says Ukraine lacks the might to retake territory",
        "summary": "{",
        "key_points": [
            {"point": "Ukraine lacks the military might to take back occupied territories.", "quote": first},
            {"point": "Zelenskyy told Le Parisien the military lacks strength.", "quote": second},
        ],
    }
    summary = asyncio.run(summarise(art, FakeGateway({"summarise": [answer]}, roles=quotes_role()))).value
    assert summary.summary == f"{first} {second}"
    assert (summary.summary_source, summary.model_summary) == ("evidence", "{")
    assert not summary.summary_support.supported


def test_a_supported_summary_is_kept_as_written() -> None:
    art = article()
    text = "Zelenskyy told Le Parisien that Ukraine does not have the military might to take back its territories."
    answer = {"headline": "h", "summary": text, "key_points": [{"point": "p", "quote": art.sentences[0].text}]}
    summary = asyncio.run(summarise(art, FakeGateway({"summarise": [answer]}, roles=quotes_role()))).value
    assert (summary.summary, summary.summary_source, summary.model_summary) == (text, "model", None)
