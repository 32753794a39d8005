"""Stream the HTML pages of a web archive (WARC, as in Common Crawl's CC-NEWS) one by one.

Archives run to gigabytes, so records are read one at a time and each page's bytes are handed
on before the next record is read: memory stays flat whatever the file's size. A truncated or
corrupt archive ends in a `FailedSource` for the file, after the pages read before the damage;
nothing after damage is trusted, as record boundaries can no longer be relied on.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import FailedSource, SourceDocument
from khabar.settings import Settings

SUFFIXES = (".warc", ".warc.gz")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TAIL = 4096
"""Bytes after the last whole record that are looked at for leftovers of a cut record."""
_CLOSE = b"\r\n\r\n"
"""What ends every WARC record after its block."""


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def _failed(source: str, code: ErrorCode, detail: str) -> FailedSource:
    error = KhabarError(code, detail)
    return FailedSource(source=source, source_kind="warc", code=code.value, message=error.message)


def _fetched_at(value: str | None) -> datetime:
    """WARC-Date (ISO 8601, UTC); the time of reading when it is missing or malformed."""
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        parsed = None
    if parsed is None:
        return datetime.now(UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _is_html_page(record: Any) -> bool:
    """A 200 HTTP response with an HTML body; requests, metadata, redirects and images are not."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    content_type = record.http_headers.get_header("Content-Type") or ""
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def _cut_short(iterator: Any, handle: BinaryIO, end: int) -> bool:
    """Whether the file ends before the record just read does, though its block is whole.

    warcio ends quietly when a file is cut after a record's block: in the blank lines that close
    it, or in the trailer of its gzip member. A cut inside a gzip member leaves the decompressor
    short of its end; in a plain archive the file's last record lacks its closing CRLF CRLF.
    """
    if iterator.next_line is not None:  # another record follows this one
        return False
    decompressor = iterator.reader.decompressor
    if decompressor is not None:
        return not decompressor.eof
    position = handle.tell()
    handle.seek(end)
    closing = handle.read(len(_CLOSE))
    handle.seek(position)
    return closing != _CLOSE


def _damage(
    iterator: Any, record: Any, handle: BinaryIO, offset: int, errors_before: int
) -> str | None:
    """Why the record just read cannot be trusted, once the iterator has read past it."""
    if record.format != "warc":  # warcio falls back to ARC for any line of five words
        return f"the data at byte {offset} is not a WARC record"
    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdecimal():
        return f"the record at byte {offset} has no valid Content-Length (a cut header?)"
    if record.raw_stream.limit > 0:
        return f"the file ends inside the record at byte {offset}"
    if record.digest_checker.passed is False:
        return f"the record at byte {offset} fails its digest check"
    if iterator.err_count > errors_before:
        return f"the record at byte {offset} has a wrong Content-Length"
    if _cut_short(iterator, handle, offset + iterator.get_record_length()):
        return f"the file ends inside the record at byte {offset}"
    return None


def iter_warc(path: Path, settings: Settings) -> Iterator[SourceDocument | FailedSource]:
    """One `SourceDocument` per HTML page in the archive, then a `FailedSource` if it is damaged."""
    source = os.path.abspath(path)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        yield _failed(source, ErrorCode.NOT_FOUND, source)
        return
    except OSError:
        yield _failed(source, ErrorCode.UNREADABLE_FILE, source)
        return
    limit = settings.max_document_bytes
    read = end = 0
    with handle:
        iterator = ArchiveIterator(handle, check_digests=True)
        try:
            for record in iterator:
                errors_before = iterator.err_count
                page = _is_html_page(record)
                payload = record.content_stream().read(limit + 1) if page else b""
                # Reads the record to its end, checking its length and digests.
                offset = iterator.get_record_offset()
                damage = _damage(iterator, record, handle, offset, errors_before)
                if damage is not None:
                    yield _failed(source, ErrorCode.BAD_WARC, f"{source} ({damage})")
                    return
                read += 1
                end = offset + iterator.get_record_length()
                if not page:
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{source}#{read}"
                if len(payload) > limit:
                    yield _failed(uri, ErrorCode.TOO_LARGE, uri)
                    continue
                yield SourceDocument(
                    source=uri,
                    source_kind="warc",
                    raw=payload,
                    content_type=record.http_headers.get_header("Content-Type"),
                    fetched_at=_fetched_at(record.rec_headers.get_header("WARC-Date")),
                    final_url=uri,
                )
            handle.seek(end)
            if handle.read(_TAIL).strip():  # warcio ends quietly on a header cut short
                detail = f"{source} (unreadable data after byte {end})"
                yield _failed(source, ErrorCode.BAD_WARC, detail)
        # warcio trips over headers cut short or overwritten with AttributeError, TypeError or
        # ValueError, not its own errors.
        except (
            AttributeError,
            TypeError,
            ValueError,
            ArchiveLoadFailed,
            StatusAndHeadersParserException,
            EOFError,
            zlib.error,
            OSError,
        ) as exc:
            detail = f"{source} (after {read} records: {str(exc).strip() or type(exc).__name__})"
            yield _failed(source, ErrorCode.BAD_WARC, detail)
