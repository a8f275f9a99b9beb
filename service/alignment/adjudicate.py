"""Ask the model about candidate pairs, several per call, through the injected gateway (prompt ``align``)."""

import asyncio
import re
from dataclasses import dataclass

from schemas.alignment import MAX_PAIRS_PER_CALL, Adjudication, Judgement, adjudication_schema
from schemas.meta import CallMeta
from service.errors import InvalidModelOutput
from service.llm.protocol import ModelGateway
from service.prompts import load_prompt, render

PROMPT_ID = "align"
CONCURRENT_BATCHES = 4
MAX_CLAIM_CHARS = 400  # keeps 8 pairs well inside a 4k context, whatever the extractor returned


@dataclass(frozen=True)
class PairText:
    number: int
    left: str
    right: str


@dataclass
class Adjudicated:
    """One judgement (or None) per pair asked about, in order, and what the calls cost."""

    judgements: list[Judgement | None]
    calls: list[CallMeta]
    batches: int
    failed_batches: int


def _clean(text: str) -> str:
    # One line per statement, so a claim cannot pose as the next "Pair" line of the block.
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= MAX_CLAIM_CHARS else text[: MAX_CLAIM_CHARS - 1] + "…"


def batches(pairs: list[tuple[str, str]], size: int = MAX_PAIRS_PER_CALL) -> list[list[tuple[str, str]]]:
    return [pairs[i : i + size] for i in range(0, len(pairs), size)]


async def _judge_batch(
    batch: list[tuple[str, str]], llm: ModelGateway
) -> tuple[list[Judgement | None], CallMeta | None]:
    template = load_prompt(PROMPT_ID)
    # Pairs are numbered from 1 in every batch: the schema is then one of eight, and the cache key is stable.
    texts = [PairText(i + 1, _clean(left), _clean(right)) for i, (left, right) in enumerate(batch)]
    prompt = render(template, pairs=texts)
    schema = adjudication_schema(len(batch))
    try:
        generation = await llm.generate(prompt, schema)
    except InvalidModelOutput:
        # A weak model may still fail the schema after its retries; the rules decide this batch instead.
        return [None] * len(batch), None
    return _by_pair(generation.value, len(batch)), generation.meta


def _by_pair(answer: Adjudication, count: int) -> list[Judgement | None]:
    out: list[Judgement | None] = [None] * count
    for judgement in answer.judgements:
        index = judgement.pair - 1
        # The grammar enforces the id enum but not uniqueness: the first answer for a pair counts.
        if 0 <= index < count and out[index] is None:
            out[index] = judgement
    return out


async def adjudicate(pairs: list[tuple[str, str]], llm: ModelGateway) -> Adjudicated:
    """Judge ``pairs`` of claim texts in batches of up to ``MAX_PAIRS_PER_CALL``, batches concurrently."""
    groups = batches(pairs)
    # A few batches at a time: one request never fills the model's whole queue (limits.max_queue) by itself.
    gate = asyncio.Semaphore(CONCURRENT_BATCHES)

    async def judged(group: list[tuple[str, str]]) -> tuple[list[Judgement | None], CallMeta | None]:
        async with gate:
            return await _judge_batch(group, llm)

    tasks = [asyncio.ensure_future(judged(group)) for group in groups]
    try:
        results = await asyncio.gather(*tasks)
    except BaseException:
        # One batch failed (the model overloaded, a deadline): the others must not go on calling the model for a
        # request that has already failed, nor outlive it.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
    judgements = [j for batch_judgements, _ in results for j in batch_judgements]
    calls = [meta for _, meta in results if meta is not None]
    failed = sum(1 for _, meta in results if meta is None)
    return Adjudicated(judgements=judgements, calls=calls, batches=len(groups), failed_batches=failed)
