"""The HTTP protocol `khabar serve` runs: uvicorn's httptools parser, with a bound on the request
line and headers.

httptools (a C parser, several times the throughput of h11) sets no limit on them: uvicorn keeps
every header it is sent, and httptools joins the pieces of one unfinished header line in memory,
so one client could grow a worker by hundreds of megabytes a second. h11 refuses a head past
16 KiB. Here, what a connection sends while a request's head is incomplete is counted after each
read is parsed; past `HEAD_LIMIT` the request is answered 431 and the connection closed. The
count is of whole reads (at most 256 KiB each), so a head of up to `HEAD_LIMIT` minus one read is
always accepted, and a client can make a worker hold at most `HEAD_LIMIT` plus one read.

The refusal is closed the way servers close on a client still sending: the answer is written and
the sending side shut, then what arrives is read and dropped for `LINGER_SECONDS` before the
connection closes. Closing at once, with unread bytes in the socket, resets the connection, and
the reset can destroy the answer before the client reads it.
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

HEAD_LIMIT = 1024 * 1024
"""Bytes a connection may send while a request's line and headers are still incomplete."""
REFUSAL = b"Request line and headers too large."
LINGER_SECONDS = 2.0


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol that refuses a request head larger than `HEAD_LIMIT`."""

    _head_bytes = 0
    _in_head = True
    _refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # read and dropped until the connection closes
        super().data_received(data)
        if not self._in_head or self.transport.is_closing():
            return
        self._head_bytes += len(data)
        if self._head_bytes > HEAD_LIMIT:
            self._refuse()

    def _refuse(self) -> None:
        self._refused = True
        self.transport.write(
            b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
            b"content-type: text/plain; charset=utf-8\r\n"
            b"content-length: " + str(len(REFUSAL)).encode("ascii") + b"\r\n"
            b"connection: close\r\n\r\n" + REFUSAL
        )
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True
        super().on_message_complete()
