"""iter_sources over real files, directories and a local HTTP server."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path

import pytest

from khabar.ingest.sources import iter_sources
from khabar.ingest.types import FailedSource, SourceDocument
from khabar.settings import Settings

from .conftest import ARTICLE, FIXTURES, LocalServer

SETTINGS = Settings()


def _tree(root: Path) -> None:
    files = {
        "b.txt": "bee",
        "a.html": "<html><body><p>a</p></body></html>",
        "notes.pdf": "%PDF-1.4",
        "data.json": "{}",
        ".hidden.txt": "hidden",
        ".cache/inside.txt": "hidden dir",
        "sub/z.md": "zed",
        "sub/deeper/c.HTM": "<html></html>",
        "sub/y.txt": "why",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")


def test_sources_walks_directory_sorted_skipping_hidden_and_unsupported(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = list(iter_sources([str(tmp_path)], SETTINGS))
    assert all(isinstance(item, SourceDocument) for item in found)
    assert [Path(item.source).relative_to(tmp_path).as_posix() for item in found] == [
        "a.html",
        "b.txt",
        "sub/deeper/c.HTM",
        "sub/y.txt",
        "sub/z.md",
    ]


def test_sources_file_is_absolute_with_content_type_and_utc_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURES)
    (document,) = iter_sources(["notes/plain.txt"], SETTINGS)
    assert isinstance(document, SourceDocument)
    assert document.source == str(FIXTURES / "notes" / "plain.txt")
    assert os.path.isabs(document.source)
    assert document.source_kind == "file"
    assert document.content_type == "text/plain"
    assert document.raw == (FIXTURES / "notes" / "plain.txt").read_bytes()
    assert document.fetched_at.tzinfo == UTC
    assert document.final_url is None


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("x.html", "text/html"), ("x.htm", "text/html"), ("x.md", "text/markdown")],
)
def test_sources_content_type_follows_extension(
    tmp_path: Path, name: str, content_type: str
) -> None:
    (tmp_path / name).write_text("text", "utf-8")
    (document,) = iter_sources([str(tmp_path / name)], SETTINGS)
    assert isinstance(document, SourceDocument)
    assert document.content_type == content_type


def test_sources_explicit_unsupported_file_fails(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (failed,) = iter_sources([str(tmp_path / "report.pdf")], SETTINGS)
    assert isinstance(failed, FailedSource)
    assert failed.code == "unsupported_file"
    assert failed.source == str(tmp_path / "report.pdf")
    assert "not a supported file type" in failed.message


@pytest.mark.parametrize("name", ["missing.html", "missing.pdf", "no/such/dir"])
def test_sources_missing_path_is_not_found(tmp_path: Path, name: str) -> None:
    (failed,) = iter_sources([str(tmp_path / name)], SETTINGS)
    assert isinstance(failed, FailedSource)
    assert (failed.code, failed.source_kind) == ("not_found", "file")


def test_sources_too_large_file_fails_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 64 GiB of nothing, cheap to stat, ruinous to read
        handle.truncate(64 * 1024**3)
    limit = tmp_path / "limit.txt"
    limit.write_bytes(b"x" * 100)
    results = list(iter_sources([str(huge), str(limit)], Settings(max_document_bytes=100)))
    assert isinstance(results[0], FailedSource)
    assert results[0].code == "too_large"
    assert isinstance(results[1], SourceDocument)


def test_sources_non_regular_file_is_unreadable(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (failed,) = iter_sources([str(fifo)], SETTINGS)
    assert isinstance(failed, FailedSource)
    assert failed.code == "unreadable_file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without permissions")
def test_sources_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("secret", "utf-8")
    locked.chmod(0)
    (failed,) = iter_sources([str(locked)], SETTINGS)
    assert isinstance(failed, FailedSource)
    assert failed.code == "unreadable_file"


def test_sources_batch_goes_on_after_bad_targets(tmp_path: Path, http_server: LocalServer) -> None:
    settings = Settings(fetch_allow_private=True)
    targets = [
        str(tmp_path / "missing.txt"),
        f"{http_server.base}/missing",
        "ftp://example.org/file.txt",
        f"{http_server.base}/article",
        str(FIXTURES / "notes" / "plain.txt"),
    ]
    results = list(iter_sources(targets, settings))
    assert [getattr(r, "code", "ok") for r in results] == [
        "not_found",
        "http_status",
        "bad_url",
        "ok",
        "ok",
    ]
    assert [r.source for r in results] == [str(tmp_path / "missing.txt"), *targets[1:]]
    url_document = results[3]
    assert isinstance(url_document, SourceDocument)
    assert url_document.raw == ARTICLE
    assert url_document.source_kind == "url"


def test_sources_url_to_loopback_is_forbidden_by_default(http_server: LocalServer) -> None:
    (failed,) = iter_sources([f"{http_server.base}/article"], SETTINGS)
    assert isinstance(failed, FailedSource)
    assert (failed.code, failed.source_kind) == ("forbidden_address", "url")
    assert http_server.requests == []
