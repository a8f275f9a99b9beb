"""Extractive key points, headline and summary: salient, grounded by construction, spread over long articles."""

import asyncio
import re
from typing import Any

from pydantic import BaseModel

from schemas.article import Article, ArticleInput
from service.ingest import clean_article
from service.keypoints import extractive_summary
from service.keypoints.eligible import eligible_sentences
from service.keypoints.headline import cut_at_word
from service.pipeline.summarise import summarise
from service.prompts import RenderedPrompt
from service.settings import RoleConfig
from tests.conftest import SEED_CLEAN, SEED_NOISY
from tests.fakes import FakeGateway


def seed(path: object = SEED_CLEAN) -> Article:
    return clean_article(ArticleInput(text=path.read_text(encoding="utf-8")))  # type: ignore[attr-defined]


def test_key_points_are_five_to_seven_whole_sentences_with_exact_offsets() -> None:
    for path in (SEED_CLEAN, SEED_NOISY):
        art = seed(path)
        summary = extractive_summary(art)
        assert 5 <= len(summary.key_points) <= 7
        ids = [kp.evidence.sentence_ids[0] for kp in summary.key_points]
        assert ids == sorted(set(ids))  # article order, no repeats
        for kp in summary.key_points:
            ev = kp.evidence
            assert kp.grounded and kp.method == "extractive" and kp.text_source == "evidence"
            assert art.cleaned_text[ev.start : ev.end] == ev.quote == kp.text  # type: ignore[index]


def test_headings_fragments_and_credits_are_never_key_points() -> None:
    art = seed(SEED_CLEAN)  # has the sub-headings "NATO and Ukraine" and "Moscow attack" and an agency credit
    texts = {kp.text for kp in extractive_summary(art).key_points}
    assert not texts & {"NATO and Ukraine", "Moscow attack"}
    assert not any(t.startswith("Some information for this story") for t in texts)
    assert "Moscow attack" not in {s.text for s in eligible_sentences(art)}


def test_flagged_sentences_are_never_chosen() -> None:
    art = seed(SEED_CLEAN)
    first = extractive_summary(art).key_points[0].evidence.sentence_ids[0]
    flagged = [s.model_copy(update={"flag": "addresses the model"}) if s.id == first else s for s in art.sentences]
    summary = extractive_summary(art.model_copy(update={"sentences": flagged}))
    assert first not in {kp.evidence.sentence_ids[0] for kp in summary.key_points}
    assert art.sentences[first - 1].text not in summary.summary


def test_headline_is_the_title_when_there_is_one() -> None:
    art = seed(SEED_NOISY)
    assert art.title
    summary = extractive_summary(art)
    assert summary.headline == art.title and summary.headline_method == "extractive"
    # the title repeated as the first line is a heading, not a key point
    assert art.title not in {kp.text for kp in summary.key_points}


def test_without_a_title_the_headline_is_the_best_sentence_cut_at_a_word() -> None:
    art = seed(SEED_CLEAN)
    assert not art.title
    headline = extractive_summary(art).headline
    assert len(headline) <= 111 and headline.endswith("…")
    assert headline[:-1] in art.cleaned_text  # a prefix of an article sentence, cut between words
    assert art.cleaned_text[art.cleaned_text.index(headline[:-1]) + len(headline) - 1] == " "


def test_cut_at_word_prefers_a_clause_break_and_never_ends_on_a_function_word() -> None:
    assert cut_at_word("Short headline.") == "Short headline"
    text = "Ukraine's president told a newspaper on Wednesday that the country cannot retake its land, officials said"
    assert (
        cut_at_word(text, 95)
        == "Ukraine's president told a newspaper on Wednesday that the country cannot retake its land"
    )
    cut = cut_at_word("word " * 40 + "of the", 30)
    assert cut.endswith("…") and not cut[:-1].endswith((" of", " the"))


def test_summary_is_two_or_three_chosen_sentences_in_article_order() -> None:
    art = seed(SEED_CLEAN)
    summary = extractive_summary(art)
    chosen = [s for s in art.sentences if s.text in summary.summary]
    assert 2 <= len(chosen) <= 3
    assert summary.summary == " ".join(s.text for s in chosen)
    assert summary.summary_source == "evidence"


def long_article(words: int = 20_000) -> Article:
    base = [line for line in SEED_CLEAN.read_text(encoding="utf-8").split("\n") if len(line.split()) > 8]
    paragraphs: list[str] = []
    n = 0
    while sum(len(p.split()) for p in paragraphs) < words:
        line = re.sub(r"\b2014\b", str(1900 + n % 120), base[n % len(base)])
        paragraphs.append(f"In part {n}, {line[0].lower()}{line[1:]}")
        n += 1
    return clean_article(ArticleInput(text="\n\n".join(paragraphs)))


def test_a_20000_word_article_gets_key_points_from_the_whole_text() -> None:
    art = long_article()
    assert len(art.cleaned_text.split()) >= 20_000
    points = extractive_summary(art).key_points
    assert 3 <= len(points) <= 7
    starts = [kp.evidence.start or 0 for kp in points]
    length = len(art.cleaned_text)
    # one key point in each stretch of the text, not all from its first part
    assert max(starts) > 0.8 * length and min(starts) < 0.2 * length
    assert len({int(s / length * len(points)) for s in starts}) >= len(points) - 2


def test_the_extractive_method_needs_no_model() -> None:
    art = seed(SEED_NOISY)
    role = RoleConfig(methods={"key_points": "extractive", "headline": "extractive"})
    fake = FakeGateway({}, roles={"summariser": role})  # no scripted answer: any call would fail
    staged = asyncio.run(summarise(art, fake))
    assert fake.calls == 0 and staged.calls == []
    assert staged.methods == {"key_points": "extractive", "headline": "extractive"}
    assert all(kp.method == "extractive" for kp in staged.value.key_points)


def choice_ids(schema: type[BaseModel], field: str) -> list[int]:
    prop = schema.model_json_schema()["properties"][field]
    return list(prop["items"]["enum"] if "items" in prop else prop["enum"])


def test_embedded_default_is_hybrid_the_model_only_picks_among_ranked_sentences() -> None:
    art = seed(SEED_CLEAN)  # no title: the model also picks the lead sentence
    offered: list[int] = []

    def responder(prompt: RenderedPrompt, schema: type[BaseModel]) -> dict[str, Any]:
        assert prompt.id == "keypoints_choose"
        ids = choice_ids(schema, "point_ids")
        offered.extend(ids)
        assert ids == choice_ids(schema, "headline_id")
        return {"headline_id": ids[-1], "point_ids": [ids[-1], ids[-1], ids[0]]}  # a repeat is dropped

    fake = FakeGateway(responder=responder, roles={"summariser": RoleConfig()})
    staged = asyncio.run(summarise(art, fake))
    assert fake.calls == 1 and staged.methods == {"key_points": "hybrid", "headline": "hybrid"}
    summary = staged.value
    ranked = [kp.evidence.sentence_ids[0] for kp in extractive_summary(art).key_points]
    assert set(ranked) <= set(offered) and len(offered) == 12  # the extractive ranking's top 12
    ids = [kp.evidence.sentence_ids[0] for kp in summary.key_points]
    assert {offered[0], offered[-1]} <= set(ids) and 5 <= len(ids) <= 7  # topped up from the ranking
    assert all(kp.method == "hybrid" and kp.grounded for kp in summary.key_points)
    lead = art.sentences[offered[-1] - 1].text
    assert summary.headline_method == "hybrid" and lead.startswith(summary.headline.rstrip("…"))


def test_hosted_models_default_to_the_model_method() -> None:
    art = seed(SEED_CLEAN)
    answer = {"headline": "h", "summary": "s", "key_points": [{"point": "p", "quote": art.sentences[0].text}]}
    fake = FakeGateway({"summarise": [answer]}, roles={"summariser": RoleConfig(model="openai/x", grounding="quotes")})
    staged = asyncio.run(summarise(art, fake))
    assert staged.methods == {"key_points": "model", "headline": "model"} and fake.calls == 1
