"""The bounded queue in front of one model endpoint: ``limit`` calls in flight, at most ``max_waiting`` waiting.

A call that would have to wait behind a full queue is refused at once with ``Overloaded`` (503 + Retry-After), so
an overloaded service says so instead of holding connections until they time out. Cache hits never get here.
"""

import asyncio
import math
import time
from types import TracebackType

from service.errors import Overloaded
from service.telemetry.metrics import set_queue_depth

# Until a call has been timed, assume the embedded model's typical summary call (bench/results.md: 6.5–7.6 s).
_FIRST_GUESS_S = 7.0


class BoundedSlot:
    """An ``asyncio.Semaphore`` with a bounded wait list and a running estimate of how long a call takes."""

    def __init__(self, limit: int, max_waiting: int, *, label: str, max_wait_s: float = 30.0) -> None:
        self.limit = limit
        self.max_waiting = max_waiting
        self.max_wait_s = max_wait_s
        self.label = label
        self.waiting = 0
        self.in_flight = 0
        self.call_s = _FIRST_GUESS_S
        self._sem = asyncio.Semaphore(limit)
        self._started: list[float] = []

    def retry_after(self) -> int:
        """Seconds until the queue has likely drained enough for one more call."""
        return max(1, min(300, math.ceil(self.call_s * (self.waiting + 1) / self.limit)))

    async def __aenter__(self) -> None:
        if self._sem.locked() and self.waiting >= self.max_waiting:
            wait = self.retry_after()
            raise Overloaded(
                f"the model {self.label} is busy: {self.in_flight} call(s) running and {self.waiting} waiting "
                f"(limits.max_queue = {self.max_waiting}); retry in about {wait} s (cached answers are still served)",
                details={"in_flight": self.in_flight, "waiting": self.waiting, "max_queue": self.max_waiting},
                retry_after=wait,
            )
        self.waiting += 1
        set_queue_depth(f"model:{self.label}", self.waiting)
        try:
            async with asyncio.timeout(self.max_wait_s):
                await self._sem.acquire()
        except TimeoutError:
            wait = self.retry_after()
            raise Overloaded(
                f"the model {self.label} stayed busy for {self.max_wait_s:g} s while this call waited "
                f"(limits.max_queue_wait_s); retry in about {wait} s (cached answers are still served)",
                details={"in_flight": self.in_flight, "waiting": self.waiting, "max_queue": self.max_waiting},
                retry_after=wait,
            ) from None
        finally:
            self.waiting -= 1
            set_queue_depth(f"model:{self.label}", self.waiting)
        self.in_flight += 1
        self._started.append(time.monotonic())

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        started = self._started.pop(0) if self._started else time.monotonic()
        self.in_flight -= 1
        self._sem.release()
        # Exponential moving average of how long a call holds its slot.
        self.call_s = 0.8 * self.call_s + 0.2 * (time.monotonic() - started)
