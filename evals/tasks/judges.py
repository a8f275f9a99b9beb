"""Judge stages (evaluation only): consistency, claim support and fact presence, with their output schemas."""

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, Field, create_model

from evals.tasks.windows import numbered, select_window, token_budget
from schemas.base import StrictModel
from service.llm.protocol import ModelGateway
from service.pipeline.staged import Staged
from service.prompts import load_prompt, render

ROLE = "judge"
ConsistencyLabel = Literal["consistent", "inconsistent"]
SupportLabel = Literal["supported", "partially_supported", "not_supported"]


class MatchVerdict(StrictModel):
    """Whether a text states a given fact."""

    verdict: Literal["present", "absent"] = Field(description="present: the text states the fact; else absent.")


def _id_list(ids: Sequence[int], max_items: int) -> tuple[Any, Any]:
    # An integer enum: the llama.cpp grammar then allows only ids that were shown (minimum/maximum are ignored).
    id_type: Any = Literal[tuple(ids)] if ids else int
    return list[id_type], Field(default_factory=list, max_length=max_items, description="Ids of the sentences used.")


def consistency_schema(ids: Sequence[int]) -> type[BaseModel]:
    """``{"label": "consistent"|"inconsistent", "sentence_ids": [...]}`` built for the ids shown."""
    return create_model(
        "ConsistencyVerdict",
        __base__=StrictModel,
        label=(ConsistencyLabel, Field(description="consistent: every statement is backed by the document.")),
        sentence_ids=_id_list(ids, 3),
    )


def support_schema(ids: Sequence[int]) -> type[BaseModel]:
    """``{"label": SupportLabel, "sentence_ids": [...]}`` built for the ids shown."""
    return create_model(
        "SupportVerdict",
        __base__=StrictModel,
        label=(SupportLabel, Field(description="How much of the claim the cited text supports.")),
        sentence_ids=_id_list(ids, 5),
    )


class Verdict(BaseModel):
    """A judge's label and the dataset sentence indices (0-based) it cited."""

    label: str
    sentence_ids: list[int] = []


def _to_indices(ids: Sequence[int], shown: Sequence[int]) -> list[int]:
    """Judge ids are 1-based dataset indices; keep only ids that were shown, deduplicated, in order."""
    allowed = set(shown)
    seen: list[int] = []
    for i in ids:
        if i - 1 in allowed and i - 1 not in seen:
            seen.append(i - 1)
    return seen


async def judge_consistency(sentences: Sequence[str], summary: str, llm: ModelGateway) -> Staged[Verdict]:
    """Is ``summary`` consistent with the document? The document is cut to the sentences nearest the summary."""
    shown = select_window(sentences, summary, token_budget(llm, ROLE))
    prompt = render(load_prompt("consistency"), document=numbered(sentences, shown), summary=summary)
    schema = consistency_schema([i + 1 for i in shown])
    generation = await llm.generate(prompt, schema, role=ROLE)
    value = generation.value.model_dump()
    verdict = Verdict(label=value["label"], sentence_ids=_to_indices(value["sentence_ids"], shown))
    return Staged(verdict, [generation.meta])


async def judge_support(sentences: Sequence[str], claim: str, llm: ModelGateway) -> Staged[Verdict]:
    """Is ``claim`` supported by the cited text, and by which sentences?"""
    shown = select_window(sentences, claim, token_budget(llm, ROLE))
    prompt = render(load_prompt("support"), document=numbered(sentences, shown), claim=claim)
    schema = support_schema([i + 1 for i in shown])
    generation = await llm.generate(prompt, schema, role=ROLE)
    value = generation.value.model_dump()
    verdict = Verdict(label=value["label"], sentence_ids=_to_indices(value["sentence_ids"], shown))
    return Staged(verdict, [generation.meta])


async def judge_match(text: str, fact: str, llm: ModelGateway, *, sentences: Sequence[str] = ()) -> Staged[bool]:
    """Does ``text`` state ``fact``? Long texts are cut to the sentences nearest the fact (``sentences`` given)."""
    if sentences:
        text = "\n".join(sentences[i] for i in select_window(sentences, fact, token_budget(llm, ROLE)))
    prompt = render(load_prompt("match"), text=text, fact=fact)
    generation = await llm.generate(prompt, MatchVerdict, role=ROLE)
    return Staged(generation.value.verdict == "present", [generation.meta])
