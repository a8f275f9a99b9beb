"""Shared by the CLI tests: a scripted summary draft and a fake gateway that answers it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

import service.runtime
from service.settings import Settings
from tests.fakes import FakeGateway

WIDE = {"COLUMNS": "400", "TERMINAL_WIDTH": "400"}
POINTS = [
    ("Russia occupies about 18% of Ukraine.", "Russia occupies about 18% of Ukraine."),
    ("Ukrainian air defenses shot down 13 drones.", "Ukrainian air defenses shot down 13 drones"),
    ("Zelenskyy met NATO chief Mark Rutte in Brussels.", "he met with NATO chief Mark Rutte"),
]
DRAFT = {
    "headline": "Zelenskyy says Ukraine cannot retake occupied land by force",
    "summary": "Zelenskyy told Le Parisien that Ukraine lacks the strength to retake its territory.",
    "key_points": [{"point": point, "quote": quote} for point, quote in POINTS],
}
HEAVY = ("litellm", "instructor", "trafilatura", "pysbd")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGateway:
    gateway = FakeGateway({"summarise": [DRAFT, DRAFT]})

    @asynccontextmanager
    async def open_fake(settings: Settings | None = None, **_: Any) -> AsyncIterator[FakeGateway]:
        yield gateway

    monkeypatch.setattr(service.runtime, "open_gateway", open_fake)
    return gateway
