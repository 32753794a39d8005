"""Fetch one URL without letting a crafted address reach private networks (SSRF).

The host is resolved once, every resolved address is checked, and the connection goes to the
checked address itself, so a second DNS answer (DNS rebinding) cannot swap in another one.
Redirects are followed by hand so that every hop passes the same check.

One deadline (`Settings.fetch_timeout`) covers the whole fetch, every hop's connection, headers
and body: a host that hangs, or trickles its headers or body a byte at a time, costs at most
that long, not a timeout per read.

The size cap holds on the decompressed body as it grows: a gzip or deflate body is inflated
here, at most `_STEP` bytes per step, not by httpx, which inflates each network chunk whole (64 KB
of zeros compressed become 64 MB before any cap could look).
"""

from __future__ import annotations

import functools
import ipaddress
import itertools
import re
import socket
import ssl
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpcore
import httpx

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import SourceDocument
from khabar.settings import Settings

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_HOSTNAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}
"""The content codings inflated here (and asked for); others pass through as they come."""
_STEP = 64 * 1024
"""The most bytes one inflation step gives: what a compressed body costs beyond the cap."""


@dataclass(frozen=True, slots=True)
class _Target:
    """A checked URL: the address to connect to and the names the server must see."""

    url: httpx.URL
    pinned_url: httpx.URL
    host_header: str
    sni_hostname: str | None


def _is_public(address: _IPAddress) -> bool:
    """True only for globally routable unicast addresses; an IPv4 one inside IPv6 counts too."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and not _is_public(embedded):
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _resolve(host: str, port: int, url: str) -> list[_IPAddress]:
    """Resolve `host` once; the caller connects to these addresses, never to the name."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise KhabarError(ErrorCode.FETCH_FAILED, f"{url} (cannot resolve {host})") from exc
    addresses: list[_IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise KhabarError(ErrorCode.FETCH_FAILED, f"{url} (cannot resolve {host})")
    return addresses


def _check(url: httpx.URL, settings: Settings) -> _Target:
    """Validate the URL and pin it to a resolved address that is allowed."""
    text = str(url)
    host = url.raw_host.decode("ascii")
    if url.scheme not in _DEFAULT_PORTS or not host:
        raise KhabarError(ErrorCode.BAD_URL, text)
    try:
        literal: _IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
        if not _HOSTNAME.fullmatch(host):
            raise KhabarError(ErrorCode.BAD_URL, text) from None
    addresses = _resolve(host, url.port or _DEFAULT_PORTS[url.scheme], text)
    if not settings.fetch_allow_private:
        for address in addresses:
            if not _is_public(address):
                raise KhabarError(ErrorCode.FORBIDDEN_ADDRESS, f"{text} ({address})")
    return _Target(
        url=url,
        pinned_url=url.copy_with(host=str(addresses[0])),
        host_header=url.netloc.decode("ascii"),
        sni_hostname=host if url.scheme == "https" and literal is None else None,
    )


def _parse_url(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise KhabarError(ErrorCode.BAD_URL, url) from exc


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every wait ends at the fetch's deadline at the latest."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float) -> None:
        self.stream = stream
        self.deadline = deadline

    def _timeout(self, timeout: float | None, error: type[Exception]) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise error("the fetch's deadline has passed")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self._timeout(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self._timeout(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = self._timeout(timeout, httpcore.ConnectTimeout)
        return _DeadlineStream(
            self.stream.start_tls(ssl_context, server_hostname, wait), self.deadline
        )

    def get_extra_info(self, info: str) -> Any:
        return self.stream.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """Opens `_DeadlineStream`s: what bounds a fetch in total, however its bytes arrive."""

    def __init__(self, deadline: float) -> None:
        self.backend = httpcore.SyncBackend()
        self.deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ConnectTimeout("the fetch's deadline has passed")
        wait = remaining if timeout is None else min(timeout, remaining)
        stream = self.backend.connect_tcp(host, port, wait, local_address, socket_options)
        return _DeadlineStream(stream, self.deadline)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport (its error mapping included) over a `_DeadlineBackend`; httpx
    takes no network backend, so its connection pool is replaced by one that uses it."""

    def __init__(self, deadline: float) -> None:
        super().__init__(verify=_ssl_context(), trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(), network_backend=_DeadlineBackend(deadline)
        )


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """Loading the CA bundle takes a tenth of a second: once per process, not once per hop."""
    return httpx.create_ssl_context(trust_env=False)


def _read_body(response: httpx.Response, target: _Target, settings: Settings) -> bytes:
    """Stream the body, stopping as soon as it, or what it inflates to, passes the size cap
    (the deadline is the connection's)."""
    limit = settings.max_document_bytes
    url = str(target.url)
    declared = response.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > limit:
        raise KhabarError(ErrorCode.TOO_LARGE, url)
    body = _capped(response.iter_raw(), limit, url)
    codings = response.headers.get("content-encoding", "").lower().split(",")
    for coding in reversed([coding.strip() for coding in codings]):
        if coding in _WBITS:  # the last coding applied is the first undone
            body = _capped(_inflated(body, coding, url), limit, url)
    return b"".join(body)


def _capped(chunks: Iterator[bytes], limit: int, url: str) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise KhabarError(ErrorCode.TOO_LARGE, url)
        yield chunk


def _inflated(chunks: Iterator[bytes], coding: str, url: str) -> Iterator[bytes]:
    """`chunks` decompressed, at most `_STEP` bytes at a time, up to the end of the stream."""
    wbits = _WBITS[coding]
    if coding == "deflate":  # zlib-wrapped as the standard says, or raw, as some servers send
        head = b""
        for chunk in chunks:
            head += chunk
            if len(head) >= 2:
                break
        if len(head) < 2 or head[0] & 0x0F != 8 or int.from_bytes(head[:2], "big") % 31:
            wbits = -zlib.MAX_WBITS
        chunks = itertools.chain([head], chunks)
    decompressor = zlib.decompressobj(wbits)
    try:
        for chunk in chunks:
            data = chunk
            while data and not decompressor.eof:
                yield decompressor.decompress(data, _STEP)
                data = decompressor.unconsumed_tail
            if decompressor.eof:  # what follows the stream is ignored, as httpx does
                return
        yield decompressor.flush()
    except zlib.error as exc:
        raise KhabarError(ErrorCode.FETCH_FAILED, f"{url} (bad {coding} body: {exc})") from exc


class HTTPStatusError(KhabarError):
    """An answer that was neither a success nor a redirect; `status` is its code (feeds keep it
    to decide and show how they fail)."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(ErrorCode.HTTP_STATUS, detail)
        self.status = status


@dataclass(frozen=True, slots=True)
class Validators:
    """HTTP cache validators of a response, sent back (If-None-Match, If-Modified-Since) so that
    an unchanged resource costs a 304 and no body."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True, slots=True)
class Conditional:
    """The answer to a conditional fetch."""

    document: SourceDocument | None
    """None when the server answered 304 Not Modified."""
    validators: Validators
    """What to send next time: the new response's, or the old ones after a 304."""


def fetch_url(url: str, settings: Settings) -> SourceDocument:
    """Fetch `url` (following up to `fetch_max_redirects` redirects) as raw bytes.

    `fetch_timeout` bounds the whole fetch, redirects, headers and body included, so a server
    that hangs or drips bytes cannot hold a batch; `max_document_bytes` caps the body, read no
    further. Raises KhabarError on every failure.
    """
    fetched = fetch_if_modified(url, settings, Validators())
    if fetched.document is None:  # a 304 without having been asked for one
        raise KhabarError(ErrorCode.HTTP_STATUS, f"304 Not Modified for {url}")
    return fetched.document


def fetch_if_modified(url: str, settings: Settings, validators: Validators) -> Conditional:
    """`fetch_url`, sending `validators`; a 304 answer comes back without a document."""
    fetched_at = datetime.now(UTC)
    deadline = time.monotonic() + settings.fetch_timeout
    current = _parse_url(url)
    for _ in range(settings.fetch_max_redirects + 1):
        target = _check(current, settings)
        extensions = {"sni_hostname": target.sni_hostname} if target.sni_hostname else None
        headers = {
            "Host": target.host_header,
            "User-Agent": settings.user_agent,
            "Accept-Encoding": "gzip, deflate",
        }
        headers |= validators.headers()
        try:
            # A new client per hop: a pooled TLS connection must never serve another host name.
            # No proxy or netrc from the environment: the checked address is the one reached.
            with (
                httpx.Client(
                    transport=_DeadlineTransport(deadline),
                    timeout=settings.fetch_timeout,
                    trust_env=False,
                ) as client,
                client.stream(
                    "GET", target.pinned_url, headers=headers, extensions=extensions
                ) as response,
            ):
                if response.status_code == httpx.codes.NOT_MODIFIED:
                    return Conditional(None, _validators(response, validators))
                if response.is_redirect:
                    try:
                        current = target.url.join(response.headers["location"])
                    except httpx.InvalidURL as exc:
                        raise KhabarError(ErrorCode.BAD_URL, response.headers["location"]) from exc
                    continue
                if not response.is_success:
                    detail = f"{response.status_code} {response.reason_phrase} for {target.url}"
                    raise HTTPStatusError(response.status_code, detail)
                raw = _read_body(response, target, settings)
                content_type = response.headers.get("content-type")
        except httpx.TimeoutException as exc:
            raise KhabarError(ErrorCode.FETCH_TIMEOUT, str(target.url)) from exc
        except httpx.HTTPError as exc:
            raise KhabarError(ErrorCode.FETCH_FAILED, f"{target.url} ({exc})") from exc
        document = SourceDocument(
            source=url,
            source_kind="url",
            raw=raw,
            content_type=content_type,
            fetched_at=fetched_at,
            final_url=str(target.url),
        )
        return Conditional(document, _validators(response, Validators()))
    raise KhabarError(
        ErrorCode.FETCH_FAILED, f"{url} (more than {settings.fetch_max_redirects} redirects)"
    )


def _validators(response: httpx.Response, previous: Validators) -> Validators:
    return Validators(
        etag=response.headers.get("etag") or previous.etag,
        last_modified=response.headers.get("last-modified") or previous.last_modified,
    )
