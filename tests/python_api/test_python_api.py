"""The ``factalign`` Python API with a scripted fake model: same objects as the HTTP API, sync wrappers, progress."""

import asyncio
from pathlib import Path

import pytest

import factalign
from factalign import ArticleInput, ProgressEvent, Settings
from service.errors import EmptyInput
from service.settings import FetchConfig
from tests.api.conftest import HEADLINE, SEED_POINTS, ScriptedModel
from tests.conftest import SEED_CLEAN
from tests.fakes import FakeGateway
from tests.page_server import Route, serve_pages
from tests.unit.alignment.claim_factory import story_model
from tests.unit.alignment.conftest import SEED_A, SEED_B

SEED = SEED_CLEAN.read_text(encoding="utf-8")


def fake() -> FakeGateway:
    return FakeGateway(responder=ScriptedModel())


def test_summarise_returns_the_http_api_object() -> None:
    gateway = fake()
    result = asyncio.run(factalign.summarise(SEED, gateway=gateway, source="VOA"))
    assert isinstance(result, factalign.SummaryResponse)
    assert result.summary.headline == HEADLINE
    assert [kp.evidence.quote for kp in result.summary.key_points] == [quote for _, quote in SEED_POINTS]
    assert result.article.source == "VOA"
    assert result.meta.calls == gateway.calls == 1


def test_sync_wrappers_and_path_input(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(SEED, encoding="utf-8")
    claims = factalign.claims_sync(path, gateway=fake(), grounding="quotes")
    assert isinstance(claims, factalign.ClaimsResponse)
    assert [c.evidence.quote for c in claims.claims] == [quote for _, quote in SEED_POINTS]


def test_sync_wrapper_inside_a_running_loop_says_to_await() -> None:
    async def inside() -> None:
        with pytest.raises(RuntimeError, match="await factalign"):
            factalign.summarise_sync(SEED, gateway=fake())

    asyncio.run(inside())


def test_client_reuses_one_gateway_and_reports_progress() -> None:
    gateway = fake()
    events: list[ProgressEvent] = []

    async def session() -> tuple[str, str]:
        async with factalign.Client(gateway=gateway) as client:
            first = await client.summarise(SEED, on_progress=events.append)
            second = await client.claims(ArticleInput(text=SEED, title="Given title"))
            return first.summary.headline, second.article.title or ""

    headline, title = asyncio.run(session())
    assert (headline, title) == (HEADLINE, "Given title")
    assert gateway.calls == 2
    kinds = [e.kind for e in events]
    assert kinds[0] == "stage_started" and "model_call" in kinds and kinds[-1] == "stage_finished"


def test_align_with_ids_from_a_mapping_or_generated() -> None:
    a, b = SEED_A.read_text(encoding="utf-8"), SEED_B.read_text(encoding="utf-8")
    named = factalign.align_sync({"voa": a, "ap": b}, gateway=FakeGateway(responder=story_model("same")))
    assert [x.id for x in named.articles] == ["voa", "ap"]
    assert isinstance(named, factalign.AlignmentResponse)
    numbered = factalign.report_sync([a, b], gateway=FakeGateway(responder=story_model("same")))
    assert [x.id for x in numbered.articles] == ["a1", "a2"]


def test_urls_are_fetched_under_the_settings() -> None:
    settings = Settings(fetch=FetchConfig(allowed_networks=["127.0.0.0/8"], timeout_s=5))
    with serve_pages() as pages:
        pages.routes["/s.txt"] = Route(body=SEED.encode(), headers={"Content-Type": "text/plain"})
        result = factalign.summarise_sync(pages.url("/s.txt"), settings=settings, gateway=fake())
    assert result.article.url == pages.url("/s.txt")
    assert result.summary.key_points


def test_errors_are_factalign_errors() -> None:
    with pytest.raises(factalign.FactalignError, match="empty") as info:
        factalign.summarise_sync("   ", gateway=fake())
    assert isinstance(info.value, EmptyInput)


def test_article_input_recognises_urls_only_when_the_whole_string_is_one() -> None:
    assert factalign.article_input("https://example.org/a").url == "https://example.org/a"
    assert factalign.article_input("See https://example.org/a for more.").text is not None
    assert factalign.article_input(ArticleInput(text="x"), title="T").title == "T"
