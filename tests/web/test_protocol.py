"""The request-head bounds of `khabar serve`'s HTTP protocol, on a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI

from khabar.settings import Settings
from khabar.store.repository import Store
from khabar.web import protocol
from khabar.web.protocol import HEAD_LIMIT, BoundedHttpToolsProtocol

from .browser_support import serving


@pytest.fixture
def served_app(sqlite_url: str) -> Iterator[tuple[str, FastAPI]]:
    store = Store.open(sqlite_url)
    settings = Settings(database_url=sqlite_url)
    with serving(store, settings, http=BoundedHttpToolsProtocol) as served:
        yield served
    store.engine.dispose()


@pytest.fixture
def base(served_app: tuple[str, FastAPI]) -> str:
    return served_app[0]


def _connect(base: str) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=10)


def _answer(conn: socket.socket) -> bytes:
    """What the server sends until it closes the connection."""
    answer = b""
    while chunk := conn.recv(4096):
        answer += chunk
    return answer


def _flood(base: str, start: bytes, piece: bytes) -> bytes:
    """Send a request head that never ends, piece after piece, and what the server answers."""
    with _connect(base) as conn:
        conn.sendall(b"GET /events.json HTTP/1.1\r\nHost: 127.0.0.1\r\n" + start)
        try:
            for _ in range(4 * HEAD_LIMIT // len(piece)):
                conn.sendall(piece)
        except OSError:  # the server closed the connection: its answer is already here
            pass
        return _answer(conn)


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


def test_protocol_answers_408_to_a_head_that_trickles(
    base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "HEAD_SECONDS", 0.5)
    started = time.monotonic()
    with _connect(base) as conn:
        conn.sendall(b"GET /events.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try:
            for _ in range(50):  # a header line every 0.1 s, never the blank line
                conn.sendall(b"X-Drip: a\r\n")
                time.sleep(0.1)
        except OSError:  # the server closed the connection: its answer is already here
            pass
        answer = _answer(conn)
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert b"connection: close" in answer
    assert time.monotonic() - started < 4  # the drip would have lasted 5 s
    assert httpx.get(f"{base}/events.json").status_code == 200


def test_protocol_closes_a_connection_that_sends_nothing(
    base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(protocol, "HEAD_SECONDS", 0.5)
    started = time.monotonic()
    with _connect(base) as conn:
        assert _answer(conn) == b""
    assert time.monotonic() - started < 4


def test_protocol_times_each_head_from_its_own_first_byte(
    base: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Neither a pause between keep-alive requests nor a slow answer counts against the next
    request's head."""
    monkeypatch.setattr(protocol, "HEAD_SECONDS", 0.5)
    request = b"GET /events.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    with httpx.Client(base_url=base) as client:
        assert client.get("/events.json").status_code == 200
        time.sleep(1.0)  # longer than a head may take, shorter than uvicorn's keep-alive (5 s)
        assert client.get("/events.json").status_code == 200
    with _connect(base) as conn:
        conn.sendall(request[:20])
        time.sleep(0.3)
        conn.sendall(request[20:])
        conn.settimeout(5)
        assert conn.recv(4096).startswith(b"HTTP/1.1 200 ")


def test_protocol_never_interrupts_a_slow_answer(
    served_app: tuple[str, FastAPI], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, app = served_app
    monkeypatch.setattr(protocol, "HEAD_SECONDS", 0.3)

    async def slow() -> dict[str, bool]:
        await asyncio.sleep(1.0)
        return {"done": True}

    app.add_api_route("/slow-for-this-test", slow)
    with httpx.Client(base_url=base) as client:
        answer = client.get("/slow-for-this-test")
        assert (answer.status_code, answer.json()) == (200, {"done": True})
        assert client.get("/events.json").status_code == 200
