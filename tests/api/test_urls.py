"""Articles sent as a bare 'url': fetched from a page server on 127.0.0.1, then summarised, claimed and aligned."""

from collections.abc import Iterator

import pytest

from schemas.summary import SummaryResponse
from service.settings import FetchConfig, Settings
from tests.api.assertions import ClientFor, assert_error
from tests.api.conftest import SEED_POINTS
from tests.fakes import FakeGateway
from tests.page_server import PageServer, Route, serve_pages
from tests.unit.alignment.claim_factory import story_model
from tests.unit.alignment.conftest import SEED_B

LOOPBACK_OK = Settings(fetch=FetchConfig(allowed_networks=["127.0.0.0/8"], timeout_s=5))


@pytest.fixture
def pages() -> Iterator[PageServer]:
    with serve_pages() as server:
        yield server


def text_page(pages: PageServer, path: str, text: str) -> str:
    pages.routes[path] = Route(body=text.encode(), headers={"Content-Type": "text/plain; charset=utf-8"})
    return pages.url(path)


def test_summary_of_a_url(client_for: ClientFor, fake: FakeGateway, pages: PageServer, seed_text: str) -> None:
    url = text_page(pages, "/story.txt", seed_text)
    resp = client_for(fake, LOOPBACK_OK).post("/v1/summaries", json={"url": url})
    assert resp.status_code == 200, resp.text
    parsed = SummaryResponse.model_validate(resp.json())
    assert parsed.article.url == url
    assert [kp.evidence.quote for kp in parsed.summary.key_points] == [quote for _, quote in SEED_POINTS]
    assert pages.seen == [("/story.txt", f"127.0.0.1:{pages.port}")]


def test_html_page_metadata_reaches_the_article(client_for: ClientFor, fake: FakeGateway, pages: PageServer) -> None:
    url = pages.page("/bridge", "harbour.html")
    resp = client_for(fake, LOOPBACK_OK).post("/v1/claims", json={"url": url, "source": "Ledger"})
    # the scripted model quotes seed sentences this page does not have: the claims are rejected, the article is read
    assert resp.status_code == 200, resp.text
    article = resp.json()["article"]
    assert (article["title"], article["author"], article["published"], article["source"]) == (
        "Harbour bridge closes for three weeks of repairs",
        "Mara Lindqvist",
        "2025-03-14",
        "Ledger",
    )
    assert article["format"] == "html"


def test_private_address_is_refused_by_default(client_for: ClientFor, fake: FakeGateway, pages: PageServer) -> None:
    url = pages.page("/bridge", "harbour.html")
    resp = client_for(fake, Settings()).post("/v1/summaries", json={"url": url})
    error = assert_error(resp, 422, "UrlRefused", "loopback address", "fetch.allow_private")
    assert error["details"]["address"] == "127.0.0.1"
    assert pages.seen == []
    assert fake.calls == 0


def test_fetch_failures_are_4xx_or_502(client_for: ClientFor, fake: FakeGateway, pages: PageServer) -> None:
    client = client_for(fake, LOOPBACK_OK)
    assert_error(client.post("/v1/summaries", json={"url": pages.url("/gone")}), 422, "FetchFailed", "HTTP 404")
    pages.routes["/x.pdf"] = Route(body=b"%PDF", headers={"Content-Type": "application/pdf"})
    assert_error(client.post("/v1/claims", json={"url": pages.url("/x.pdf")}), 415, "UnreadablePage", "HTML")
    resp = client.post("/v1/summaries", json={"url": "http://127.0.0.1:9/closed"})
    assert_error(resp, 502, "UpstreamUnavailable", "could not read")
    assert resp.headers["Retry-After"] == "30"
    assert_error(client.post("/v1/summaries", json={}), 422, "MalformedRequest", "'url'")
    assert fake.calls == 0


def test_alignment_mixes_urls_and_text(client_for: ClientFor, pages: PageServer) -> None:
    text_b = SEED_B.read_text(encoding="utf-8")
    edited = text_b.replace("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine.")
    url = text_page(pages, "/voa.txt", text_b)
    fake = FakeGateway(responder=story_model("same"))
    body = {"articles": [{"id": "voa", "url": url}, {"id": "copy", "text": edited}]}
    resp = client_for(fake, LOOPBACK_OK).post("/v1/alignments", json=body)
    assert resp.status_code == 200, resp.text
    data = resp.json()
    assert [a["url"] for a in data["articles"]] == [url, None]
    assert [(c["left_value"], c["right_value"]) for c in data["alignment"]["conflicts"]] == [("~18 %", "~25 %")]
