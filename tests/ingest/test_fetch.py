"""fetch_url against a real server on 127.0.0.1 (allowed only with fetch_allow_private)."""

from __future__ import annotations

import ipaddress
import socket
from datetime import UTC

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest import fetch
from khabar.ingest.fetch import fetch_url
from khabar.settings import Settings

from .conftest import ARTICLE, LocalServer, Resolver

LOCAL = Settings(fetch_allow_private=True, fetch_timeout=5.0)
PUBLIC_ONLY = Settings(fetch_timeout=5.0)


def _error(url: str, settings: Settings) -> KhabarError:
    with pytest.raises(KhabarError) as caught:
        fetch_url(url, settings)
    return caught.value


def test_fetch_returns_body_content_type_and_final_url(http_server: LocalServer) -> None:
    document = fetch_url(f"{http_server.base}/article", LOCAL)
    assert document.raw == ARTICLE
    assert document.content_type == "text/html; charset=utf-8"
    assert document.source == document.final_url == f"{http_server.base}/article"
    assert document.source_kind == "url"
    assert document.fetched_at.tzinfo == UTC


def test_fetch_follows_redirect_chain(http_server: LocalServer) -> None:
    document = fetch_url(f"{http_server.base}/redirect/3", Settings(fetch_allow_private=True))
    assert document.raw == ARTICLE
    assert document.source == f"{http_server.base}/redirect/3"
    assert document.final_url == f"{http_server.base}/article"
    assert [path for path, _ in http_server.requests] == [
        "/redirect/3",
        "/redirect/2",
        "/redirect/1",
        "/redirect/0",
        "/article",
    ]


def test_fetch_stops_after_max_redirects(http_server: LocalServer) -> None:
    settings = Settings(fetch_allow_private=True, fetch_max_redirects=3)
    assert fetch_url(f"{http_server.base}/redirect/2", settings).raw == ARTICLE
    error = _error(f"{http_server.base}/redirect/3", settings)
    assert error.code is ErrorCode.FETCH_FAILED
    assert "more than 3 redirects" in error.detail


def test_fetch_connects_to_the_resolved_address_with_the_original_host(
    http_server: LocalServer, resolver: Resolver
) -> None:
    resolver.addresses["news.example"] = ["127.0.0.1"]
    document = fetch_url(f"http://news.example:{http_server.port}/redirect/1", LOCAL)
    assert document.final_url == f"http://news.example:{http_server.port}/article"
    assert {host for _, host in http_server.requests} == {f"news.example:{http_server.port}"}
    assert resolver.lookups == ["news.example"] * 3, "one lookup per hop, none by the client"


def test_fetch_sends_real_host_name_as_sni_and_verifies_certificate(
    https_server: LocalServer, resolver: Resolver
) -> None:
    resolver.addresses["news.example"] = ["127.0.0.1"]
    error = _error(f"https://news.example:{https_server.port}/article", LOCAL)
    # The certificate is self-signed, so verification (against the real name) must fail.
    assert error.code is ErrorCode.FETCH_FAILED
    assert "CERTIFICATE_VERIFY_FAILED" in error.detail
    assert https_server.server_names == ["news.example"]
    assert https_server.requests == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]", "[::1]"])
def test_fetch_refuses_loopback(host: str) -> None:
    error = _error(f"http://{host}:9/article", PUBLIC_ONLY)
    assert error.code is ErrorCode.FORBIDDEN_ADDRESS


def test_fetch_refuses_when_any_resolved_address_is_private(resolver: Resolver) -> None:
    resolver.addresses["mixed.example"] = ["93.184.216.34", "10.20.30.40"]
    error = _error("http://mixed.example/", PUBLIC_ONLY)
    assert error.code is ErrorCode.FORBIDDEN_ADDRESS
    assert "10.20.30.40" in error.detail


@pytest.mark.parametrize(
    "target", ["http://10.1.2.3/secret", "http://[fd00::1]/", "http://169.254.169.254/latest/"]
)
def test_fetch_refuses_redirect_to_forbidden_address(
    http_server: LocalServer, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    # Treat only the test server's own address as public, so the first hop is allowed.
    monkeypatch.setattr(fetch, "_is_public", lambda a: a == ipaddress.ip_address("127.0.0.1"))
    error = _error(f"{http_server.base}/redirect-to?target={target}", PUBLIC_ONLY)
    assert error.code is ErrorCode.FORBIDDEN_ADDRESS
    assert len(http_server.requests) == 1


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),
        ("169.254.169.254", False),
        ("0.0.0.0", False),  # noqa: S104 - an address under test, not a bind
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("192.0.2.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fd12:3456::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::", False),
        ("64:ff9b::a9fe:a9fe", False),
        ("2002:5db8:d822::", True),
    ],
)
def test_fetch_classifies_addresses(address: str, public: bool) -> None:
    assert fetch._is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    "url", ["ftp://example.org/a", "file:///etc/passwd", "http://", "not a url", "http://[::1"]
)
def test_fetch_refuses_malformed_or_non_http_url(url: str) -> None:
    assert _error(url, LOCAL).code is ErrorCode.BAD_URL


def test_fetch_refuses_host_with_odd_characters() -> None:
    assert _error("http://exa mple.org/", LOCAL).code is ErrorCode.BAD_URL


def test_fetch_refuses_redirect_to_non_http_scheme(http_server: LocalServer) -> None:
    error = _error(f"{http_server.base}/redirect-to?target=file:///etc/passwd", LOCAL)
    assert error.code is ErrorCode.BAD_URL


def test_fetch_reports_http_status(http_server: LocalServer) -> None:
    error = _error(f"{http_server.base}/missing", LOCAL)
    assert error.code is ErrorCode.HTTP_STATUS
    assert error.detail == f"404 Not Found for {http_server.base}/missing"


@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_fetch_stops_past_size_cap(http_server: LocalServer, path: str) -> None:
    settings = Settings(fetch_allow_private=True, max_document_bytes=1000)
    assert _error(f"{http_server.base}{path}", settings).code is ErrorCode.TOO_LARGE
    allowed = Settings(fetch_allow_private=True, max_document_bytes=5000)
    assert len(fetch_url(f"{http_server.base}{path}", allowed).raw) == 5000


def test_fetch_times_out_on_slow_server(http_server: LocalServer) -> None:
    settings = Settings(fetch_allow_private=True, fetch_timeout=0.2)
    assert _error(f"{http_server.base}/slow", settings).code is ErrorCode.FETCH_TIMEOUT


def test_fetch_times_out_on_body_that_drips(http_server: LocalServer) -> None:
    settings = Settings(fetch_allow_private=True, fetch_timeout=0.3)
    assert _error(f"{http_server.base}/drip", settings).code is ErrorCode.FETCH_TIMEOUT


def test_fetch_reports_refused_connection_as_failed() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _error(f"http://127.0.0.1:{port}/", LOCAL).code is ErrorCode.FETCH_FAILED


def test_fetch_reports_unresolvable_host_as_failed(resolver: Resolver) -> None:
    resolver.addresses["nowhere.example"] = []
    assert _error("http://nowhere.example/", LOCAL).code is ErrorCode.FETCH_FAILED
