"""WARC ingest over archives the tests write themselves with warcio's WARCWriter.

Records are given their length, so that the writer need not buffer them in temporary files.
"""

from __future__ import annotations

import io
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from khabar.ingest.sources import iter_sources
from khabar.ingest.types import FailedSource, SourceDocument
from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

SETTINGS = Settings()


def _page(n: int) -> bytes:
    return (
        f"<html lang='en'><head><title>Report {n}</title></head><body><article><p>Gunmen "
        f"attacked a checkpoint in the north of the province on Monday, officials said in "
        f"report number {n}.</p></article></body></html>"
    ).encode()


def _response(
    writer: WARCWriter,
    uri: str,
    body: bytes,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2024-03-05T06:07:08Z"},
    )
    writer.write_record(record)


def _archive(path: Path, pages: int = 3, gzip: bool = True) -> None:
    """`pages` HTML pages, with a request, a 404, an image and a redirect between them."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        writer.write_record(
            writer.create_warc_record(
                "", "warcinfo", payload=io.BytesIO(b"software: test\r\n"), length=16
            )
        )
        for n in range(pages):
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://news.example/{n}",
                    "request",
                    payload=io.BytesIO(b""),
                    length=0,
                    http_headers=request,
                )
            )
            _response(writer, f"https://news.example/{n}", _page(n))
            if n == 0:
                _response(
                    writer, "https://news.example/gone", b"<html>gone</html>", "404 Not Found"
                )
                _response(
                    writer, "https://news.example/logo.png", b"\x89PNG", content_type="image/png"
                )
                _response(writer, "https://news.example/old", b"", "301 Moved Permanently")


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_yields_html_responses_only(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _archive(path, gzip=name.endswith(".gz"))
    found = list(iter_sources([str(path)], SETTINGS))
    assert all(isinstance(item, SourceDocument) for item in found)
    assert [item.source for item in found] == [f"https://news.example/{n}" for n in range(3)]
    first = found[0]
    assert isinstance(first, SourceDocument)
    assert first.source_kind == "warc"
    assert first.raw == _page(0)
    assert first.final_url == "https://news.example/0"
    assert first.fetched_at == datetime(2024, 3, 5, 6, 7, 8, tzinfo=UTC)
    assert first.content_type == "text/html; charset=utf-8"


def test_warc_found_in_directory_walk(tmp_path: Path) -> None:
    _archive(tmp_path / "a.warc.gz", pages=1)
    (tmp_path / "b.txt").write_text("bee", "utf-8")
    found = list(iter_sources([str(tmp_path)], SETTINGS))
    assert [item.source_kind for item in found] == ["warc", "file"]


def test_warc_cut_off_file_fails_after_readable_records(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _archive(whole, pages=5)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    found = list(iter_sources([str(cut)], SETTINGS))
    *pages, failure = found
    assert pages
    assert all(isinstance(item, SourceDocument) for item in pages)
    assert [p.source for p in pages] == [f"https://news.example/{n}" for n in range(len(pages))]
    assert isinstance(failure, FailedSource)
    assert failure.source == str(cut)
    assert failure.code == "bad_warc"
    assert "truncated or corrupt" in failure.message
    assert "ends inside the record" in failure.message


def test_warc_wrong_content_length_fails_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    _archive(path, pages=3, gzip=False)
    data = path.read_bytes()
    marker = b"WARC-Target-URI: https://news.example/1"
    at = data.index(b"Content-Length: ", data.index(marker))
    end = data.index(b"\r\n", at)
    length = int(data[at + 16 : end])
    path.write_bytes(data[:at] + f"Content-Length: {length - 7}".encode() + data[end:])
    found = list(iter_sources([str(path)], SETTINGS))
    assert [item.source for item in found[:-1]] == ["https://news.example/0"]
    failure = found[-1]
    assert isinstance(failure, FailedSource)
    assert failure.code == "bad_warc"
    assert str(path) in failure.message


def test_warc_not_an_archive_is_a_failed_source(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a web archive\r\n\r\n")
    (failure,) = iter_sources([str(path)], SETTINGS)
    assert isinstance(failure, FailedSource)
    assert failure.code == "bad_warc"


def test_warc_missing_file_is_not_found(tmp_path: Path) -> None:
    (failure,) = iter_sources([str(tmp_path / "absent.warc.gz")], SETTINGS)
    assert isinstance(failure, FailedSource)
    assert failure.code == "not_found"


def test_warc_oversized_page_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        _response(writer, "https://news.example/big", b"<html>" + b"x" * 5000 + b"</html>")
        _response(writer, "https://news.example/small", _page(1))
    big, small = iter_sources([str(path)], Settings(max_document_bytes=1000))
    assert isinstance(big, FailedSource)
    assert (big.source, big.code) == ("https://news.example/big", "too_large")
    assert isinstance(small, SourceDocument)


def test_warc_memory_stays_flat_for_many_records(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(2000):
            _response(
                writer, f"https://news.example/{n}", _page(n) + b"<!--" + b"p" * 20_000 + b"-->"
            )
    assert path.stat().st_size > 0
    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_sources([str(path)], SETTINGS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 2000
    assert peak < 5_000_000, "2000 pages of 20 kB each must not be held at once"


def test_warc_pipeline_keeps_pages_read_before_the_damage(store: Store, tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _archive(whole, pages=4)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 3 // 4])
    pipeline = Pipeline(store, Settings(database_url=str(store.engine.url)))
    summary = pipeline.run([str(cut)])
    assert summary.count("new") >= 1
    assert [o.status for o in summary.outcomes][-1] == "failed"
    with store.session() as session:
        documents = session.scalars(select(m.Document).order_by(m.Document.id)).all()
    assert {d.source_kind for d in documents} == {"warc"}
    assert documents[0].url == "https://news.example/0"
    assert documents[-1].error_code == "bad_warc"
    again = pipeline.run([str(cut)])
    assert {o.status for o in again.outcomes} == {"unchanged"}


def _records(path: Path) -> list[tuple[int, str]]:
    """Where each record of the archive starts, with its type and target URI."""
    starts = []
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for record in records:
            kind = record.rec_headers.get_header("WARC-Type")
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            starts.append((records.get_record_offset(), f"{kind} {uri}"))
    return starts


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_any_cut_ends_in_a_failed_source(tmp_path: Path, gzip: bool) -> None:
    whole = tmp_path / "whole.warc"
    _archive(whole, pages=2, gzip=gzip)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    boundaries = {start for start, _ in _records(whole)}
    for end in range(1, len(data), 7):
        if end in boundaries:  # cut between records, a file is a whole, shorter archive
            continue
        cut.write_bytes(data[:end])
        *pages, last = iter_sources([str(cut)], SETTINGS)
        assert all(isinstance(page, SourceDocument) for page in pages)
        assert isinstance(last, FailedSource), f"cut at byte {end}"
        assert last.code == "bad_warc"


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_cut_at_every_byte_of_a_record_keeps_the_records_before(
    tmp_path: Path, gzip: bool
) -> None:
    """Found by the 100k fuzz run: a cut in a record's closing CRLF CRLF (or its gzip trailer)
    used to end the archive quietly, as if it were whole."""
    whole = tmp_path / "whole.warc"
    _archive(whole, pages=3, gzip=gzip)
    data = whole.read_bytes()
    records = _records(whole)
    at = [name for _, name in records].index("response https://news.example/1")
    start, end = records[at][0], records[at + 1][0]
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    before = ["https://news.example/0"]
    for size in range(start, end + 1):
        cut.write_bytes(data[:size])
        found = list(iter_sources([str(cut)], SETTINGS))
        pages = [item for item in found if isinstance(item, SourceDocument)]
        failures = [item for item in found if isinstance(item, FailedSource)]
        if size in (start, end):
            assert not failures, f"cut at the record boundary {size}"
            assert [p.source for p in pages] == before + ["https://news.example/1"] * (size == end)
            continue
        assert [p.source for p in pages] == before, f"cut at byte {size}"
        assert found[-1] is failures[0], f"cut at byte {size} was not reported"
        assert failures[0].code == "bad_warc"
        assert str(cut) in failures[0].message
        if size >= end - 4:
            assert f"ends inside the record at byte {start}" in failures[0].message
