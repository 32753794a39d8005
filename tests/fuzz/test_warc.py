"""Damaged web archives into `iter_warc`: the pages before the damage, then one failure.

Archives are written with warcio, then cut, given wrong lengths, overwritten or padded with
garbage. Whatever the damage, reading must never raise, never yield a page that was not in the
archive, keep the archive's order, and report damage inside a record as a `bad_warc` failure;
a cut archive yields exactly the pages of the records wholly before the cut.
"""

from __future__ import annotations

import gzip
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from khabar.ingest.types import FailedSource, SourceDocument
from khabar.ingest.warc import iter_warc
from khabar.settings import Settings

from .conftest import Budget

SETTINGS = Settings()
_LENGTH = re.compile(rb"\r\nContent-Length: (\d+)\r\n")


@dataclass(frozen=True, slots=True)
class Archive:
    data: bytes
    compressed: bool
    pages: list[bytes]
    """The HTML bodies, in order."""
    page_ends: list[int]
    """Where the record of each page ends."""
    ends: list[int]
    """Where each record ends (after its closing CRLF CRLF, or its gzip member)."""


@st.composite
def archives(draw: st.DrawFn) -> Archive:
    """A valid archive of HTML pages with requests, non-HTML responses and metadata between."""
    compressed = draw(st.booleans())
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    pages: list[bytes] = []
    page_ends: list[int] = []
    ends: list[int] = []
    for n in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["page", "page", "image", "request", "metadata", "404"]))
        body = f"<html><body><p>Report {n}: {draw(st.text(max_size=60))}</p></body></html>"
        payload = b"" if kind == "request" else body.encode()
        headers = None
        if kind == "request":
            headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
        elif kind != "metadata":
            status = "404 Not Found" if kind == "404" else "200 OK"
            content_type = "image/png" if kind == "image" else "text/html; charset=utf-8"
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
        record = writer.create_warc_record(
            f"https://news.example/{n}",
            "request" if kind == "request" else "metadata" if kind == "metadata" else "response",
            payload=io.BytesIO(payload),
            length=len(payload),
            http_headers=headers,
            # Fixed ids and dates: the same draw must give the same bytes.
            warc_headers_dict={
                "WARC-Record-ID": f"<urn:uuid:{n:08d}-0000-0000-0000-000000000000>",
                "WARC-Date": "2024-03-05T06:07:08Z",
            },
        )
        writer.write_record(record)
        ends.append(buffer.tell())
        if kind == "page":
            pages.append(payload)
            page_ends.append(ends[-1])
    return Archive(buffer.getvalue(), compressed, pages, page_ends, ends)


def _read(data: bytes) -> tuple[list[SourceDocument], list[FailedSource]]:
    """Read the archive from a file (as ingest does) and check the shape of what comes out."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.warc"
        path.write_bytes(data)
        found = list(iter_warc(path, SETTINGS))
    documents = [item for item in found if isinstance(item, SourceDocument)]
    failures = [item for item in found if isinstance(item, FailedSource)]
    assert len(documents) + len(failures) == len(found)
    assert len(failures) <= 1
    assert not failures or found[-1] is failures[0]
    assert all(failure.code == "bad_warc" for failure in failures)
    return documents, failures


def _in_order(documents: list[SourceDocument], pages: list[bytes]) -> bool:
    """Every document is one of the pages, in the archive's order."""
    remaining = iter(pages)
    return all(any(doc.raw == page for page in remaining) for doc in documents)


def test_warc_whole_archive_yields_every_page(budget: Budget) -> None:
    @budget.settings("warc")
    @given(archives())
    def check(archive: Archive) -> None:
        budget.seen("warc")
        documents, failures = _read(archive.data)
        assert [doc.raw for doc in documents] == archive.pages
        assert not failures

    check()


def test_warc_cut_archive_yields_a_prefix_then_fails(budget: Budget) -> None:
    @budget.settings("warc")
    @given(archives(), st.data())
    def check(archive: Archive, data: st.DataObject) -> None:
        budget.seen("warc")
        cut = data.draw(st.integers(1, len(archive.data) - 1))
        documents, failures = _read(archive.data[:cut])
        ends = zip(archive.pages, archive.page_ends, strict=True)
        whole = [page for page, end in ends if end <= cut]
        assert [doc.raw for doc in documents] == whole, f"cut at {cut}"
        if cut not in archive.ends:
            assert failures, f"cut at {cut} inside a record was not reported"

    check()


def test_warc_wrong_content_length_never_yields_foreign_pages(budget: Budget) -> None:
    @budget.settings("warc")
    @given(archives(), st.data())
    def check(archive: Archive, data: st.DataObject) -> None:
        budget.seen("warc")
        plain = gzip.decompress(archive.data) if archive.compressed else archive.data
        lengths = list(_LENGTH.finditer(plain))
        which = lengths[data.draw(st.integers(0, len(lengths) - 1))]
        wrong = data.draw(st.integers(0, 2 * len(plain)).filter(lambda n: n != int(which[1])))
        damaged = plain[: which.start(1)] + str(wrong).encode() + plain[which.end(1) :]
        documents, _ = _read(damaged)
        assert _in_order(documents, archive.pages)

    check()


def test_warc_overwritten_or_padded_bytes_never_yield_foreign_pages(budget: Budget) -> None:
    @budget.settings("warc")
    @given(archives(), st.data())
    def check(archive: Archive, data: st.DataObject) -> None:
        budget.seen("warc")
        at = data.draw(st.integers(0, len(archive.data)))
        garbage = data.draw(st.binary(min_size=1, max_size=64))
        if data.draw(st.booleans()):
            damaged = archive.data[:at] + garbage + archive.data[at + len(garbage) :]
        else:
            damaged = archive.data[:at] + garbage + archive.data[at:]
        documents, _ = _read(damaged)
        assert _in_order(documents, archive.pages)

    check()
