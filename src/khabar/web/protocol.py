"""The HTTP protocol `khabar serve` runs: uvicorn's httptools parser, with a bound on the size of
the request line and headers and on the time they take.

httptools (a C parser, several times the throughput of h11) sets no limit on them: uvicorn keeps
every header it is sent, and httptools joins the pieces of one unfinished header line in memory,
so one client could grow a worker by hundreds of megabytes a second. h11 refuses a head past
16 KiB. Here, what a connection sends while a request's head is incomplete is counted after each
read is parsed; past `HEAD_LIMIT` the request is answered 431 and the connection closed. The
count is of whole reads (at most 256 KiB each), so a head of up to `HEAD_LIMIT` minus one read is
always accepted, and a client can make a worker hold at most `HEAD_LIMIT` plus one read.

Nor does uvicorn bound the time a head takes: its keep-alive timer stops at a request's first
byte and never starts on a new connection, so a client sending a byte every few seconds, or
nothing at all, holds a connection (and the memory and file descriptor behind it) for ever; a
few thousand such clients exhaust a worker. Here a request's line and headers must arrive within
`HEAD_SECONDS` of the connection opening or of the request's first byte, else the request is
answered 408 (or, when nothing of it came, the connection is simply closed). Bodies are not
timed: the app reads them and bounds what it accepts.

Both refusals are closed the way servers close on a client still sending: the answer is written and
the sending side shut, then what arrives is read and dropped for `LINGER_SECONDS` before the
connection closes. Closing at once, with unread bytes in the socket, resets the connection, and
the reset can destroy the answer before the client reads it.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_LIMIT = 1024 * 1024
"""Bytes a connection may send while a request's line and headers are still incomplete."""
HEAD_SECONDS = 20.0
"""Seconds a request's line and headers may take, from the connection opening or the request's
first byte (nginx's `client_header_timeout` and Apache's `RequestReadTimeout` are of this order)."""
TOO_LARGE = (431, b"Request Header Fields Too Large", b"Request line and headers too large.")
TOO_SLOW = (408, b"Request Timeout", b"Request line and headers not received in time.")
LINGER_SECONDS = 2.0


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol that refuses a request head larger than `HEAD_LIMIT` or slower
    than `HEAD_SECONDS`."""

    _head_bytes = 0
    _in_head = True
    _refused = False
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._time_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._untime_head()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # read and dropped until the connection closes
        super().data_received(data)
        if not self._in_head or self.transport.is_closing():
            return
        if self._head_timer is None:
            self._time_head()
        self._head_bytes += len(data)
        if self._head_bytes > HEAD_LIMIT:
            self._refuse(*TOO_LARGE)

    def _time_head(self) -> None:
        self._head_timer = self.loop.call_later(HEAD_SECONDS, self._head_too_slow)

    def _untime_head(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._refused or not self._in_head or self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self._time_head()  # the app is still answering; the next head is timed after it
            return
        if self._head_bytes:
            self._refuse(*TOO_SLOW)
        else:
            self.transport.close()

    def _refuse(self, status: int, reason: bytes, text: bytes) -> None:
        self._refused = True
        self._untime_head()
        self.transport.write(
            b"HTTP/1.1 " + str(status).encode("ascii") + b" " + reason + b"\r\n"
            b"content-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(text)).encode("ascii") + b"\r\n"
            b"connection: close\r\n\r\n" + text
        )
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        self._untime_head()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True
        super().on_message_complete()

    def on_response_complete(self) -> None:
        """The next request is timed from its own first byte (the wait for it is uvicorn's
        keep-alive timeout), and counted from zero."""
        self._untime_head()
        self._head_bytes = 0
        super().on_response_complete()
