"""The request-head bound of `khabar serve`'s HTTP protocol, on a real server on 127.0.0.1."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from khabar.settings import Settings
from khabar.store.repository import Store
from khabar.web.protocol import HEAD_LIMIT, BoundedHttpToolsProtocol

from .browser_support import serving


@pytest.fixture
def base(sqlite_url: str) -> Iterator[str]:
    store = Store.open(sqlite_url)
    with serving(store, Settings(database_url=sqlite_url), http=BoundedHttpToolsProtocol) as (
        url,
        _app,
    ):
        yield url
    store.engine.dispose()


def _flood(base: str, start: bytes, piece: bytes) -> bytes:
    """Send a request head that never ends, piece after piece, and what the server answers."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(b"GET /events.json HTTP/1.1\r\nHost: " + host.encode() + b"\r\n" + start)
        try:
            for _ in range(4 * HEAD_LIMIT // len(piece)):
                conn.sendall(piece)
        except OSError:  # the server closed the connection: its answer is already here
            pass
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
        return answer


@pytest.mark.parametrize(
    ("start", "piece"),
    [(b"", b"X-Pad: " + b"a" * 8000 + b"\r\n"), (b"X-Pad: ", b"a" * 8000)],
    ids=["many headers", "one endless header"],
)
def test_protocol_refuses_a_head_past_the_limit(base: str, start: bytes, piece: bytes) -> None:
    answer = _flood(base, start, piece)
    assert answer.startswith(b"HTTP/1.1 431 ")
    assert b"connection: close" in answer
    assert httpx.get(f"{base}/events.json").status_code == 200  # the server goes on


def test_protocol_accepts_large_headers_and_bodies_below_the_limit(base: str) -> None:
    headers = {f"x-pad-{i}": "p" * 4000 for i in range(16)}
    assert httpx.get(f"{base}/events.json", headers=headers).status_code == 200
    answer = httpx.post(
        f"{base}/csp-report",
        content=b'{"csp-report": {"blocked-uri": "inline"}}' + b" " * (3 * HEAD_LIMIT),
        headers={"content-type": "application/csp-report"},
    )
    # The app, not the protocol, refuses it: its own limit on CSP reports, in its own words.
    assert answer.status_code == 400
    assert "A CSP report is at most" in answer.text
