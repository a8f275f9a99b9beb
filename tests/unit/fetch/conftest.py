"""Fixtures: a loopback page server and fetch settings that allow it."""

from collections.abc import Iterator

import pytest

from service.settings import FetchConfig
from tests.page_server import PageServer, serve_pages


@pytest.fixture
def pages() -> Iterator[PageServer]:
    with serve_pages() as server:
        yield server


@pytest.fixture
def loopback_ok() -> FetchConfig:
    """Loopback is allowed by name (127.0.0.0/8), every other non-public range stays refused."""
    return FetchConfig(allowed_networks=["127.0.0.0/8"], timeout_s=5)
