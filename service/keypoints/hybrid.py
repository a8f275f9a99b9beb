"""The hybrid method: the model only chooses, under an enum grammar, among sentences the extractive method ranked."""

from typing import Any, Literal

from pydantic import Field, create_model

from schemas.article import Article, Sentence
from schemas.base import StrictModel
from schemas.meta import CallMeta
from schemas.summary import KeyPoint
from service.keypoints.extractive import MAX_POINTS, MIN_POINTS, candidates_of, point_count, sentence_point
from service.keypoints.salience import select
from service.llm.protocol import ModelGateway
from service.pipeline.prompt_input import numbered
from service.prompts import load_prompt, render

ROLE = "summariser"
# How many ranked sentences the model chooses from: enough choice, short enough for a 135M model's attention.
CANDIDATES = 12


def choice_schema(ids: list[int], *, with_headline: bool) -> type[StrictModel]:
    """``point_ids`` (and ``headline_id``) restricted to the offered sentence ids."""
    options: Any = Literal[tuple(ids)]
    fields: dict[str, Any] = {}
    if with_headline:
        fields["headline_id"] = (options, Field(description="The sentence that best states the main news."))
    low = min(MIN_POINTS, len(ids))
    fields["point_ids"] = (
        list[options],
        Field(min_length=low, max_length=MAX_POINTS, description="The most important sentences, most important first."),
    )
    return create_model("KeyPointChoice", __base__=StrictModel, **fields)


async def hybrid_points(article: Article, llm: ModelGateway) -> tuple[list[KeyPoint], Sentence | None, list[CallMeta]]:
    """Key points the model chose among the extractive candidates, topped up from the extractive ranking so a
    reader still gets 5-7; the model's choice of lead sentence (None when the article has a title)."""
    candidates = candidates_of(article)
    ranked = [r.sentence for r in select(candidates, min(CANDIDATES, len(candidates)))]
    if not ranked:
        return [], None, []
    offered = sorted(ranked, key=lambda s: s.id)
    ids = [s.id for s in offered]
    by_id = {s.id: s for s in offered}
    with_headline = not (article.title and article.title.strip())
    prompt = render(
        load_prompt("keypoints_choose"),
        title=article.title or "",
        numbered_text=numbered(offered),
        with_headline=with_headline,
        min_points=min(MIN_POINTS, len(ids)),
        max_points=MAX_POINTS,
    )
    generation = await llm.generate(prompt, choice_schema(ids, with_headline=with_headline), role=ROLE)
    value: Any = generation.value
    picked = list(dict.fromkeys(value.point_ids))  # the grammar cannot enforce uniqueItems
    wanted = point_count(len(candidates))
    for sentence in ranked:  # top up from the extractive order
        if len(picked) >= wanted:
            break
        if sentence.id not in picked:
            picked.append(sentence.id)
    points = [sentence_point(article, by_id[i], "hybrid") for i in sorted(picked[:MAX_POINTS])]
    lead = by_id[value.headline_id] if with_headline else None
    return points, lead, [generation.meta]
