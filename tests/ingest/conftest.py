"""A real HTTP server on 127.0.0.1 (and an HTTPS one) for the fetch and URL-source tests."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = (FIXTURES / "articles" / "blog_post.html").read_bytes()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    requests: list[tuple[str, str | None]]
    server_names: list[str | None]


class _Handler(BaseHTTPRequestHandler):
    """Routes: /article, /redirect/N (N+1 redirects), /redirect-to?target=URL, /big,
    /big-unsized, /slow, /drip; anything else is 404."""

    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""

    def _send(self, status: int, body: bytes, **extra: str) -> None:
        """`extra` header names use `_` for `-` (Content_Type=...)."""
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body))}
        headers |= {name.replace("_", "-"): value for name, value in extra.items()}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Host")))
        url = urlsplit(self.path)
        # The timeout tests make the client give up first.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(url.path, parse_qs(url.query))

    def _route(self, path: str, query: dict[str, list[str]]) -> None:
        if path == "/article":
            self._send(200, ARTICLE)
        elif path.startswith("/redirect/"):
            hops = int(path.rsplit("/", 1)[1])
            location = "/article" if hops == 0 else f"/redirect/{hops - 1}"
            if hops % 2:  # odd hops send an absolute Location, even ones a relative one
                location = f"http://{self.headers['Host']}{location}"
            self._send(302, b"", Location=location)
        elif path == "/redirect-to":
            self._send(302, b"", Location=query["target"][0])
        elif path == "/big":
            self._send(200, b"x" * 5000, Content_Type="text/plain")
        elif path == "/big-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"x" * 5000)
        elif path == "/slow":
            time.sleep(1.0)
            self._send(200, ARTICLE)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "40")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        else:
            self.send_error(404)


@dataclass
class LocalServer:
    """A running server: its base URL, the requests it saw and the TLS names clients sent."""

    base: str
    port: int
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    server_names: list[str | None] = field(default_factory=list)


def _serve(wrap: Callable[[_Server], None] | None = None) -> Iterator[LocalServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []
    server.server_names = []
    if wrap:
        wrap(server)
    port = server.server_address[1]
    scheme = "https" if wrap else "http"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield LocalServer(
            f"{scheme}://127.0.0.1:{port}", port, server.requests, server.server_names
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    yield from _serve()


@pytest.fixture
def https_server() -> Iterator[LocalServer]:
    """Serves a self-signed certificate for news.example that no client trusts, and records
    the SNI name each client sends."""

    def wrap(server: _Server) -> None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(FIXTURES / "tls" / "cert.pem", FIXTURES / "tls" / "key.pem")

        def record(_sock: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
            server.server_names.append(name)

        context.sni_callback = record
        server.socket = context.wrap_socket(server.socket, server_side=True)

    yield from _serve(wrap)


@dataclass
class Resolver:
    """Host names this test resolves to chosen addresses, and every lookup of them."""

    addresses: dict[str, list[str]] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Resolver:
    """Resolve the names in `Resolver.addresses` as given; every other lookup (httpx connecting
    to an IP literal included) goes to the real resolver."""
    fake = Resolver()
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in fake.addresses:
            return real(host, port, *args, **kwargs)
        fake.lookups.append(host)
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                socket.IPPROTO_TCP,
                "",
                (address, port),
            )
            for address in fake.addresses[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake
