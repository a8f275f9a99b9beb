"""URL fetching against a page server on 127.0.0.1: metadata, limits, content types and the address guard."""

import gzip

import pytest

from schemas.article import ArticleInput
from service.errors import InputError
from service.ingest import clean_article
from service.ingest.fetch import (
    Fetcher,
    FetchFailed,
    PageTooLarge,
    UnreadablePage,
    UpstreamUnavailable,
    UrlRefused,
    decode_body,
    refusal,
    resolve_input,
)
from service.settings import FetchConfig
from tests.page_server import PageServer, Route

pytestmark = pytest.mark.anyio


async def test_url_only_input_is_fetched_with_title_date_author(pages: PageServer, loopback_ok: FetchConfig) -> None:
    url = pages.page("/news/bridge", "harbour.html")
    inp = await resolve_input(ArticleInput(url=url), loopback_ok)
    assert inp.format == "html"
    assert inp.title == "Harbour bridge closes for three weeks of repairs"
    assert inp.author == "Mara Lindqvist"
    assert inp.published == "2025-03-14"
    assert inp.source == "The Coastal Ledger"
    article = clean_article(inp)
    assert article.url == url
    assert article.author == "Mara Lindqvist"
    assert "corrosion in 14 of the bridge's 60 steel cables" in article.cleaned_text
    assert "Privacy" not in article.cleaned_text


async def test_caller_fields_win_over_page_metadata(pages: PageServer, loopback_ok: FetchConfig) -> None:
    url = pages.page("/news/bridge", "harbour.html")
    inp = await resolve_input(ArticleInput(url=url, title="My title", author="Desk"), loopback_ok)
    assert (inp.title, inp.author) == ("My title", "Desk")


async def test_text_given_means_no_fetch(pages: PageServer, loopback_ok: FetchConfig) -> None:
    inp = ArticleInput(text="Body.", url=pages.url("/never"))
    assert await resolve_input(inp, loopback_ok) is inp
    assert pages.seen == []


async def test_loopback_is_refused_by_default(pages: PageServer) -> None:
    url = pages.page("/news/bridge", "harbour.html")
    with pytest.raises(UrlRefused, match=r"127\.0\.0\.1 \(loopback address\)") as info:
        await Fetcher(FetchConfig()).fetch(url)
    assert info.value.status_code == 422
    assert pages.seen == []  # refused before connecting


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://localhost:9/", "loopback"),
        ("http://2130706433:9/", "loopback"),  # 127.0.0.1 written as one decimal number
        ("http://[::1]:9/", "loopback"),
        ("http://[::ffff:10.0.0.1]:9/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.10/", "private"),
        ("http://0.0.0.0:9/", "unspecified"),
    ],
)
async def test_non_public_addresses_are_refused(url: str, reason: str) -> None:
    with pytest.raises(UrlRefused, match=f"\\({reason} address\\)"):
        await Fetcher(FetchConfig()).fetch(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "only http:// and https://"),
        ("ftp://example.org/a", "only http:// and https://"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///nohost", "no host"),
    ],
)
async def test_bad_urls_are_refused_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(UrlRefused, match=message):
        await Fetcher(FetchConfig()).fetch(url)


async def test_redirect_is_followed_and_rechecked(pages: PageServer, loopback_ok: FetchConfig) -> None:
    pages.page("/final", "harbour.html")
    start = pages.redirect("/old", "/final", status=301)
    page = await Fetcher(loopback_ok).fetch(start)
    assert page.final_url == pages.url("/final")
    assert page.redirects == 1
    pages.redirect("/evil", "http://169.254.169.254/latest/meta-data/")
    with pytest.raises(UrlRefused, match="link-local"):
        await Fetcher(loopback_ok).fetch(pages.url("/evil"))


async def test_redirect_limit(pages: PageServer, loopback_ok: FetchConfig) -> None:
    pages.redirect("/a", "/b")
    pages.redirect("/b", "/a")
    with pytest.raises(FetchFailed, match="more than 2 times"):
        await Fetcher(loopback_ok.model_copy(update={"max_redirects": 2})).fetch(pages.url("/a"))
    assert len(pages.seen) == 3


async def test_connection_goes_to_the_checked_address(pages: PageServer, loopback_ok: FetchConfig) -> None:
    """The host name is resolved once, checked, and the connection is pinned to that address (no rebinding)."""
    pages.page("/p", "harbour.html")
    lookups: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["127.0.0.1"]

    page = await Fetcher(loopback_ok, resolver=resolver).fetch(pages.url("/p", host="news.test"))
    assert lookups == ["news.test"]
    assert pages.seen == [("/p", f"news.test:{pages.port}")]
    assert page.final_url == pages.url("/p", host="news.test")


async def test_every_resolved_address_is_checked(loopback_ok: FetchConfig) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1", "10.0.0.5"]

    with pytest.raises(UrlRefused, match=r"10\.0\.0\.5 \(private address\)"):
        await Fetcher(loopback_ok, resolver=resolver).fetch("http://mixed.test/")


async def test_http_errors_say_what_happened(pages: PageServer, loopback_ok: FetchConfig) -> None:
    with pytest.raises(FetchFailed, match="HTTP 404") as info:
        await Fetcher(loopback_ok).fetch(pages.url("/missing"))
    assert info.value.status_code == 422
    pages.routes["/down"] = Route(status=503, body=b"busy")
    with pytest.raises(UpstreamUnavailable, match="HTTP 503") as down:
        await Fetcher(loopback_ok).fetch(pages.url("/down"))
    assert down.value.status_code == 502


async def test_content_type_is_checked(pages: PageServer, loopback_ok: FetchConfig) -> None:
    pages.routes["/doc.pdf"] = Route(body=b"%PDF-1.7", headers={"Content-Type": "application/pdf"})
    with pytest.raises(UnreadablePage, match="application/pdf") as info:
        await Fetcher(loopback_ok).fetch(pages.url("/doc.pdf"))
    assert info.value.status_code == 415


async def test_plain_text_pages_are_read_as_text(pages: PageServer, loopback_ok: FetchConfig) -> None:
    pages.routes["/a.txt"] = Route(body=b"The bridge closes on Monday.", headers={"Content-Type": "text/plain"})
    inp = await resolve_input(ArticleInput(url=pages.url("/a.txt")), loopback_ok)
    assert (inp.text, inp.format, inp.title) == ("The bridge closes on Monday.", "text", None)


async def test_size_cap_counts_decompressed_bytes(pages: PageServer, loopback_ok: FetchConfig) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * 200_000 + b"</p>")
    pages.routes["/big"] = Route(body=bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    config = loopback_ok.model_copy(update={"max_bytes": 50_000})
    with pytest.raises(PageTooLarge, match="50000-byte limit") as info:
        await Fetcher(config).fetch(pages.url("/big"))
    assert info.value.status_code == 413
    pages.routes["/declared"] = Route(body=b"x" * 60_000, headers={"Content-Type": "text/html"})
    with pytest.raises(PageTooLarge, match="60000 bytes"):
        await Fetcher(config).fetch(pages.url("/declared"))


async def test_unreachable_port_is_upstream_unavailable(loopback_ok: FetchConfig) -> None:
    with pytest.raises(UpstreamUnavailable, match=r"could not read 127\.0\.0\.1"):
        await Fetcher(loopback_ok).fetch("http://127.0.0.1:9/")


async def test_fetching_can_be_switched_off(pages: PageServer) -> None:
    with pytest.raises(UrlRefused, match="switched off"):
        await Fetcher(FetchConfig(enabled=False, allow_private=True)).fetch(pages.url("/x"))


def test_decoding_follows_header_then_meta_then_utf8() -> None:
    latin = "Café".encode("latin-1")
    assert decode_body(latin, "text/html; charset=ISO-8859-1") == "Café"
    assert decode_body(b'<meta charset="iso-8859-1">' + latin, "text/html").endswith("Café")
    assert decode_body("Café".encode(), "text/html") == "Café"
    assert decode_body(latin, "text/html") == "Café"  # not UTF-8: Windows-1252


def test_refusal_allows_public_and_configured_networks() -> None:
    assert refusal("93.184.216.34", FetchConfig()) is None
    assert refusal("10.20.1.1", FetchConfig()) == "private"
    assert refusal("10.20.1.1", FetchConfig(allowed_networks=["10.20.0.0/16"])) is None
    assert refusal("100.64.0.1", FetchConfig()) is not None  # carrier-grade NAT is not public


def test_input_needs_text_or_url() -> None:
    with pytest.raises(ValueError, match="'text', or a page address in 'url'"):
        ArticleInput()
    with pytest.raises(InputError, match="was not fetched"):
        clean_article(ArticleInput(url="http://example.org/a"))
