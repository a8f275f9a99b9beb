"""The model queue publishes how many calls wait for a slot as factalign_queue_depth{queue="model:<label>"}."""

import asyncio

from service.llm.queue import BoundedSlot
from service.telemetry.metrics import REGISTRY


def depth(label: str) -> float | None:
    return REGISTRY.get_sample_value("factalign_queue_depth", {"queue": f"model:{label}"})


def test_waiting_calls_show_up_as_queue_depth() -> None:
    async def scenario() -> list[float | None]:
        slot = BoundedSlot(1, 4, label="queue-test")
        seen: list[float | None] = []
        async with slot:
            waiter = asyncio.create_task(slot.__aenter__())
            await asyncio.sleep(0.01)
            seen.append(depth("queue-test"))  # one call waits behind the running one
        await waiter
        seen.append(depth("queue-test"))  # it got the slot: nothing waits
        await slot.__aexit__(None, None, None)
        return seen

    assert asyncio.run(scenario()) == [1.0, 0.0]
