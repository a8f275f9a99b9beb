"""Fetch an article by URL: http/https only, public addresses only (checked on every hop), bounded time and size."""

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx

from schemas.article import ArticleInput
from service.errors import InputError, PayloadTooLarge, UnsupportedInput
from service.settings import FetchConfig

Resolver = Callable[[str, int], Awaitable[list[str]]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

READABLE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_REDIRECTS = {301, 302, 303, 307, 308}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class UrlRefused(InputError):
    """The URL is not one factalign will fetch: wrong scheme, credentials in it, or a non-public address (422)."""


class FetchFailed(InputError):
    """The page could not be read: the server answered with an error or redirected too often (422)."""


class UpstreamUnavailable(InputError):
    """The site did not answer in time or could not be reached (502: not the caller's fault, maybe retry)."""

    status_code = 502
    retry_after = 30


class PageTooLarge(PayloadTooLarge):
    """The page is larger than ``fetch.max_bytes`` (413)."""


class UnreadablePage(UnsupportedInput):
    """The URL points at something that is not HTML or plain text (415)."""


@dataclass(frozen=True)
class FetchedPage:
    """What a fetch returns: the final address, the decoded body and what kind of text it is."""

    url: str
    final_url: str
    status: int
    content_type: str
    format: str
    text: str
    redirects: int


async def system_resolver(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (A and AAAA)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UpstreamUnavailable(f"cannot resolve host {host!r} ({exc.strerror}); check the URL") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def refusal(address: str, config: FetchConfig) -> str | None:
    """Why ``address`` may not be fetched from, or None when it is a public address (or explicitly allowed)."""
    ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if config.allow_private or any(ip in ipaddress.ip_network(n, strict=False) for n in config.allowed_networks):
        return None
    for kind, flag in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return kind
    return None if ip.is_global else "non-public"


def _check_url(url: httpx.URL) -> None:
    if url.scheme not in ("http", "https"):
        raise UrlRefused(f"only http:// and https:// URLs are fetched, not {url.scheme or 'a relative'}:// ({url})")
    if not url.host:
        raise UrlRefused(f"the URL {url} has no host name")
    if url.userinfo:
        raise UrlRefused("the URL carries a user name or password; remove them (factalign sends no credentials)")


def _charset(content_type: str, head: bytes) -> str:
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    if match:
        return match[1]
    meta = _META_CHARSET.search(head[:4096])
    return meta[1].decode("ascii") if meta else "utf-8"


def decode_body(body: bytes, content_type: str) -> str:
    """Decode with the declared charset (header, then <meta>), falling back to UTF-8 and then Windows-1252."""
    charset = _charset(content_type, body)
    for candidate in (charset, "utf-8"):
        try:
            return body.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1252", errors="replace")


class Fetcher:
    """Fetches pages under a ``FetchConfig``. Connections go to the address that was checked (no DNS rebinding)."""

    def __init__(
        self,
        config: FetchConfig,
        *,
        resolver: Resolver = system_resolver,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config
        self.resolver = resolver
        self.transport = transport

    async def _pinned_address(self, url: httpx.URL) -> str:
        _check_url(url)
        host = url.host
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            addresses = await self.resolver(host, port)
        if not addresses:
            raise UpstreamUnavailable(f"host {host!r} has no address")
        for address in addresses:
            reason = refusal(address, self.config)
            if reason is not None:
                raise UrlRefused(
                    f"{host} resolves to {address} ({reason} address); factalign fetches only public addresses "
                    "(set fetch.allow_private or fetch.allowed_networks to allow it)",
                    details={"url": str(url), "address": address, "reason": reason},
                )
        return addresses[0]

    async def fetch(self, url: str) -> FetchedPage:
        if not self.config.enabled:
            raise UrlRefused("fetching URLs is switched off on this server (fetch.enabled); send the text instead")
        try:
            start = httpx.URL(url.strip())
        except httpx.InvalidURL as exc:
            raise UrlRefused(f"not a valid URL: {exc}") from None
        timeout = httpx.Timeout(self.config.timeout_s, connect=self.config.connect_timeout_s)
        try:
            async with (
                asyncio.timeout(self.config.timeout_s),
                httpx.AsyncClient(
                    follow_redirects=False, trust_env=False, timeout=timeout, transport=self.transport
                ) as client,
            ):
                return await self._follow(client, start, url)
        except TimeoutError:
            raise UpstreamUnavailable(
                f"{start.host} did not send the page within {self.config.timeout_s:g}s (fetch.timeout_s)"
            ) from None
        except httpx.TimeoutException:
            raise UpstreamUnavailable(f"{start.host} did not answer in time (fetch.connect_timeout_s)") from None
        except httpx.HTTPError as exc:
            raise UpstreamUnavailable(f"could not read {start.host}: {type(exc).__name__}: {exc}") from None

    async def _follow(self, client: httpx.AsyncClient, current: httpx.URL, original: str) -> FetchedPage:
        for hop in range(self.config.max_redirects + 1):
            address = await self._pinned_address(current)
            target = current.copy_with(host=address)
            # Connection: close, so a connection pinned to one host's address is never reused for another host.
            headers = {"Host": current.netloc.decode("ascii"), "User-Agent": self.config.user_agent,
                       "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9", "Connection": "close"}  # fmt: skip
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            request = client.build_request("GET", target, headers=headers, extensions=extensions)
            response = await client.send(request, stream=True)
            try:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = current.join(response.headers["location"])
                    continue
                return await self._read(response, current, original, hop)
            finally:
                await response.aclose()
        raise FetchFailed(
            f"{original} redirected more than {self.config.max_redirects} times (fetch.max_redirects)",
            details={"last_url": str(current)},
        )

    async def _read(self, response: httpx.Response, url: httpx.URL, original: str, hops: int) -> FetchedPage:
        status = response.status_code
        if status >= 500 or status == 429:
            raise UpstreamUnavailable(f"{url.host} answered HTTP {status} for {url}; try again later")
        if status >= 400:
            raise FetchFailed(f"{url} answered HTTP {status}; check the address", details={"status": status})
        content_type = response.headers.get("content-type", "")
        kind = content_type.split(";", 1)[0].strip().lower()
        if kind not in READABLE_TYPES:
            raise UnreadablePage(
                f"{url} is {kind or 'of no declared type'}; factalign reads HTML or plain-text pages",
                details={"content_type": content_type},
            )
        limit = self.config.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise PageTooLarge(f"{url} is {int(declared)} bytes; the limit is {limit} (fetch.max_bytes)")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body.extend(chunk)
            if len(body) > limit:
                raise PageTooLarge(f"{url} is over the {limit}-byte limit (fetch.max_bytes)")
        text = decode_body(bytes(body), content_type)
        return FetchedPage(url=original, final_url=str(url), status=status, content_type=content_type,
                           format=READABLE_TYPES[kind], text=text, redirects=hops)  # fmt: skip


async def resolve_input(inp: ArticleInput, config: FetchConfig, *, fetcher: Fetcher | None = None) -> ArticleInput:
    """``inp`` itself when it has text; otherwise fetch ``inp.url`` and fill text, title, date and author."""
    if inp.text is not None or not inp.url:
        return inp
    page = await (fetcher or Fetcher(config)).fetch(inp.url)
    found = page_metadata(page.text) if page.format == "html" else {}
    return inp.model_copy(
        update={
            "text": page.text,
            "format": page.format if inp.format == "auto" else inp.format,
            "title": inp.title or found.get("title"),
            "published": inp.published or found.get("published"),
            "author": inp.author or found.get("author"),
            "source": inp.source or found.get("source"),
        }
    )


def page_metadata(markup: str) -> dict[str, str]:
    """Title, publication date, author and site name that trafilatura finds in the page."""
    import trafilatura

    metadata = trafilatura.extract_metadata(markup)
    if metadata is None:
        return {}
    found = {
        "title": metadata.title,
        "published": metadata.date,
        "author": metadata.author,
        "source": metadata.sitename,
    }
    limits = {"title": 500, "published": 64, "author": 300, "source": 200}
    return {key: str(value).strip()[: limits[key]] for key, value in found.items() if value and str(value).strip()}
