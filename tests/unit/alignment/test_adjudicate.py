"""adjudicate(): when one batch fails, the other batches are cancelled, not left calling the model."""

import asyncio
from typing import Any

import pytest

from service.alignment.adjudicate import CONCURRENT_BATCHES, adjudicate
from service.errors import InvalidModelOutput, Overloaded


class OneFails:
    """The first batch fails at once; every other batch would answer after a long wait."""

    def __init__(self) -> None:
        self.calls = 0
        self.cancelled = 0

    async def generate(self, prompt: Any, schema: Any, role: str | None = None) -> Any:
        self.calls += 1
        if self.calls == 1:
            raise Overloaded("busy")
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        raise AssertionError("a sibling batch outlived the failed request")


def test_a_failed_batch_cancels_the_others() -> None:
    llm = OneFails()
    pairs = [(f"left {i}", f"right {i}") for i in range(20)]  # three batches of up to 8, all running at once

    async def go() -> int:
        with pytest.raises(Overloaded):
            await adjudicate(pairs, llm)  # type: ignore[arg-type]
        return llm.cancelled  # read before the event loop's shutdown cancels whatever is left

    assert asyncio.run(go()) == 2 and llm.calls == 3


class Counting:
    def __init__(self) -> None:
        self.running = self.peak = 0

    async def generate(self, prompt: Any, schema: Any, role: str | None = None) -> Any:
        self.running += 1
        self.peak = max(self.peak, self.running)
        await asyncio.sleep(0.01)
        self.running -= 1
        raise InvalidModelOutput("no answer")  # the rules decide the batch


def test_a_request_never_runs_more_than_a_few_batches_at_once() -> None:
    llm = Counting()
    pairs = [(f"left {i}", f"right {i}") for i in range(100)]  # 13 batches: more than the model queue holds
    result = asyncio.run(adjudicate(pairs, llm))  # type: ignore[arg-type]
    assert result.batches == 13 and result.failed_batches == 13
    assert llm.peak == CONCURRENT_BATCHES
