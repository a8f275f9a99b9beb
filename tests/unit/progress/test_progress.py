"""The progress channel, the SSE framing of a running request, and the CLI's progress view."""

import asyncio
import io
import json
from typing import Any

import pytest
from pydantic import BaseModel
from rich.console import Console

from schemas.progress import ProgressEvent
from service.api.streaming import events, sse
from service.cli.progress import ProgressView
from service.errors import ModelTimeout
from service.progress import emit, is_listening, listening, stage


class Summary(BaseModel):
    headline: str
    key_points: list[str]


class Item(BaseModel):
    text: str
    grounded: bool = True


def parse(stream: list[str]) -> list[tuple[str, Any]]:
    """(event, data) pairs of an SSE stream; keep-alive comments come back as ('comment', None)."""
    parsed: list[tuple[str, Any]] = []
    for block in "".join(stream).split("\n\n"):
        if not block:
            continue
        if block.startswith(":"):
            parsed.append(("comment", None))
            continue
        lines = block.split("\n")
        name = lines[0].removeprefix("event: ")
        parsed.append((name, json.loads("\n".join(line.removeprefix("data: ") for line in lines[1:]))))
    return parsed


async def collect(work: Any, keepalive_s: float = 15.0) -> list[tuple[str, Any]]:
    return parse([chunk async for chunk in events(work, keepalive_s)])


def test_emit_without_a_listener_does_nothing() -> None:
    assert not is_listening()
    emit("stage_started", "claims")  # must not raise


def test_listener_gets_ordered_events_including_from_child_tasks() -> None:
    seen: list[ProgressEvent] = []

    async def chunk(k: int) -> None:
        await asyncio.sleep(0.001 * k)
        emit("chunk", "key_points", done=k, total=3)

    async def work() -> None:
        with stage("key_points", "finding key points"):
            await asyncio.gather(*(chunk(k) for k in (1, 2, 3)))

    with listening(seen.append):
        asyncio.run(work())
    assert [(e.kind, e.done) for e in seen] == [
        ("stage_started", None), ("chunk", 1), ("chunk", 2), ("chunk", 3), ("stage_finished", None)
    ]  # fmt: skip
    assert [e.seq for e in seen] == [0, 1, 2, 3, 4]
    assert seen[0].message == "finding key points"
    assert not is_listening()


def test_a_failing_listener_does_not_fail_the_work() -> None:
    seen: list[str] = []

    def broken(event: ProgressEvent) -> None:
        seen.append(event.kind)
        raise BrokenPipeError

    with listening(broken):
        emit("stage_started", "claims")  # raises inside the listener; the work must not see it
        emit("stage_finished", "claims")
    assert seen == ["stage_started"]  # the channel was dropped after the first failure


def test_stream_has_progress_then_the_result() -> None:
    summary = Summary(headline="H", key_points=[])

    async def work() -> Summary:
        emit("stage_started", "key_points")
        emit("chunk", "key_points", done=1, total=2)
        return summary

    parsed = asyncio.run(collect(work))
    assert [name for name, _ in parsed] == ["progress", "progress", "result"]
    assert parsed[1][1]["kind"] == "chunk" and parsed[1][1]["total"] == 2
    assert Summary.model_validate(parsed[-1][1]) == summary


def test_stream_ends_with_the_error_body_and_its_status() -> None:
    async def work() -> Summary:
        emit("stage_started", "claims")
        raise ModelTimeout("no answer within the 5s deadline; raise the role's timeout_s")

    parsed = asyncio.run(collect(work))
    assert [name for name, _ in parsed] == ["progress", "error"]
    assert parsed[-1][1] == {
        "error": {"type": "ModelTimeout", "message": "no answer within the 5s deadline; raise the role's timeout_s",
                  "details": None},
        "status": 504,
    }  # fmt: skip


def test_unexpected_errors_do_not_leak_internals() -> None:
    async def work() -> Summary:
        raise RuntimeError("secret internal state")

    (name, data), *_ = asyncio.run(collect(work))
    assert name == "error"
    assert data["status"] == 500 and "secret" not in json.dumps(data)


def test_idle_streams_send_keepalive_comments() -> None:
    async def work() -> Summary:
        await asyncio.sleep(0.05)
        return Summary(headline="H", key_points=[])

    parsed = asyncio.run(collect(work, keepalive_s=0.01))
    assert parsed[0] == ("comment", None)
    assert parsed[-1][0] == "result"


def test_closing_the_stream_cancels_the_work() -> None:
    cancelled = asyncio.Event()

    async def work() -> Summary:
        emit("stage_started", "claims")
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        raise AssertionError("not reached")

    async def client_leaves() -> None:
        stream = events(work)
        assert (await anext(stream)).startswith("event: progress")
        await stream.aclose()
        assert cancelled.is_set()

    asyncio.run(client_leaves())


def test_sse_framing_splits_lines() -> None:
    assert sse("result", "a\nb") == "event: result\ndata: a\ndata: b\n\n"


@pytest.fixture
def screen() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=120, color_system=None), buffer


def test_progress_view_shows_stage_bar_calls_and_key_points(screen: tuple[Console, io.StringIO]) -> None:
    console, buffer = screen
    events_ = [
        ProgressEvent(seq=0, kind="stage_started", stage="key_points", elapsed_ms=0),
        ProgressEvent(seq=1, kind="chunk", stage="key_points", done=2, total=5, elapsed_ms=1),
        ProgressEvent(seq=2, kind="model_call", elapsed_ms=2, data={"prompt_tokens": 900, "completion_tokens": 100}),
        ProgressEvent(seq=3, kind="key_point", elapsed_ms=3,
                      item={"text": "The bridge closes on Monday.", "grounded": True}),
    ]  # fmt: skip
    with ProgressView(console, "summarising") as view:
        for event in events_:
            view(event)
        view.progress.refresh()
        description = view.progress.tasks[0].description
        completed, total = view.progress.tasks[0].completed, view.progress.tasks[0].total
    assert description == "finding key points · 1 model call, 1000 tokens"
    assert (completed, total) == (2, 5)
    assert "✓ The bridge closes on Monday." in buffer.getvalue()


def test_gather_chunks_keeps_order_and_counts_completions() -> None:
    from service.progress import gather_chunks

    seen: list[ProgressEvent] = []

    async def piece(value: int, delay: float) -> int:
        await asyncio.sleep(delay)
        return value

    async def work() -> list[int]:
        return await gather_chunks("key_points", [piece(1, 0.03), piece(2, 0.0), piece(3, 0.01)])

    with listening(seen.append):
        assert asyncio.run(work()) == [1, 2, 3]
    assert [(e.kind, e.stage, e.done, e.total) for e in seen] == [("chunk", "key_points", k, 3) for k in (1, 2, 3)]


def test_cli_shows_the_progress_view_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_with_status drives a ProgressView from the events the work emits (stdout stays clean)."""
    import service.cli.terminal as terminal

    buffer = io.StringIO()
    monkeypatch.setattr(terminal, "console", Console(file=buffer, force_terminal=True, width=120, color_system=None))
    shown: list[ProgressEvent] = []
    real_call = ProgressView.__call__

    def spy(self: ProgressView, event: ProgressEvent) -> None:
        shown.append(event)
        real_call(self, event)

    monkeypatch.setattr(ProgressView, "__call__", spy)

    async def work() -> str:
        emit("stage_started", "claims")
        emit("claim", "claims", item=Item(text="The bridge closes on Monday."))
        return "done"

    assert terminal.run_with_status("extracting claims", work) == "done"
    assert [e.kind for e in shown] == ["stage_started", "claim"]
    assert "✓ The bridge closes on Monday." in buffer.getvalue()
