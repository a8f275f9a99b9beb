"""The hybrid claims method: the rules' atomic clauses, each labelled by the model (kind, or not a claim) under
an enum grammar; the model never writes claim text or evidence."""

from typing import Any, Literal

from pydantic import Field, create_model

from schemas.article import Article
from schemas.base import StrictModel
from schemas.claims import Claim
from schemas.meta import CallMeta
from service.claimsplit.rules import rules_claims
from service.llm.protocol import ModelGateway
from service.prompts import load_prompt, render

ROLE = "extractor"
# Clauses labelled per call: short enough for a 135M model to keep ids and clauses apart.
BATCH = 20
Label = Literal["fact", "quote", "opinion", "prediction", "not_a_claim"]


def label_schema(ids: list[int]) -> type[StrictModel]:
    options: Any = Literal[tuple(ids)]
    item = create_model(
        "ClauseLabel",
        __base__=StrictModel,
        id=(options, Field(description="The clause number.")),
        label=(Label, Field(description="fact, quote, opinion, prediction, or not_a_claim.")),
    )
    return create_model(
        "ClauseLabels", __base__=StrictModel, labels=(list[item], Field(min_length=1, max_length=len(ids)))
    )


async def _label(batch: list[Claim], llm: ModelGateway) -> tuple[dict[int, str], CallMeta]:
    ids = list(range(1, len(batch) + 1))
    listing = "\n".join(
        f"[{i}] {c.text}" + (f" (said by {c.attribution})" if c.attribution else "")
        for i, c in zip(ids, batch, strict=True)
    )
    prompt = render(load_prompt("claims_label"), clauses=listing, count=len(ids))
    generation = await llm.generate(prompt, label_schema(ids), role=ROLE)
    value: Any = generation.value
    labels: dict[int, str] = {}
    for item in value.labels:
        labels.setdefault(int(item.id), str(item.label))  # the first label of a repeated id counts
    return labels, generation.meta


async def hybrid_claims(article: Article, llm: ModelGateway) -> tuple[list[Claim], list[CallMeta]]:
    """Rules claims relabelled by the model; clauses the model calls not_a_claim are dropped, unlabelled ones
    keep the rules' kind."""
    candidates = rules_claims(article, method="hybrid")
    kept: list[Claim] = []
    calls: list[CallMeta] = []
    for offset in range(0, len(candidates), BATCH):
        batch = candidates[offset : offset + BATCH]
        labels, meta = await _label(batch, llm)
        calls.append(meta)
        for number, claim in enumerate(batch, start=1):
            label = labels.get(number)
            if label == "not_a_claim":
                continue
            kept.append(claim if label is None else claim.model_copy(update={"kind": label}))
    return [c.model_copy(update={"id": f"c{i}"}) for i, c in enumerate(kept, start=1)], calls
