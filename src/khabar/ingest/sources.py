"""Turn command-line targets (files, directories, URLs) into raw documents.

A batch of thousands of targets must not stop at the first bad one, so every failure becomes a
`FailedSource` that is stored alongside the documents that did work.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.fetch import fetch_url
from khabar.ingest.types import FailedSource, SourceDocument
from khabar.ingest.warc import is_warc, iter_warc
from khabar.settings import Settings

CONTENT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
"""Supported file extensions and the content type that tells the parser how to read them."""

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def _failed(source: str, kind: str, code: ErrorCode) -> FailedSource:
    error = KhabarError(code, source)
    return FailedSource(source=source, source_kind=kind, code=code.value, message=error.message)


def _read_file(path: Path, settings: Settings) -> SourceDocument | FailedSource:
    """Read one supported file, checking its size before reading so a huge file costs nothing."""
    source = os.path.abspath(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        return _failed(source, "file", ErrorCode.NOT_FOUND)
    except OSError:
        return _failed(source, "file", ErrorCode.UNREADABLE_FILE)
    if not stat.S_ISREG(info.st_mode):
        # FIFOs and devices could block or never end.
        return _failed(source, "file", ErrorCode.UNREADABLE_FILE)
    limit = settings.max_document_bytes
    if info.st_size > limit:
        return _failed(source, "file", ErrorCode.TOO_LARGE)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        return _failed(source, "file", ErrorCode.NOT_FOUND)
    except OSError:
        return _failed(source, "file", ErrorCode.UNREADABLE_FILE)
    if len(raw) > limit:  # the file grew after stat
        return _failed(source, "file", ErrorCode.TOO_LARGE)
    return SourceDocument(
        source=source,
        source_kind="file",
        raw=raw,
        content_type=CONTENT_TYPES[path.suffix.lower()],
        fetched_at=datetime.now(UTC),
    )


def _walk(directory: Path, settings: Settings) -> Iterator[SourceDocument | FailedSource]:
    """Sorted, recursive, skipping hidden entries and (silently) unsupported files.

    Symbolic links to directories are not followed, so a link loop cannot recurse forever.
    """
    try:
        with os.scandir(directory) as entries:
            ordered = sorted(entries, key=lambda entry: entry.name)
    except OSError:
        yield _failed(os.path.abspath(directory), "file", ErrorCode.UNREADABLE_FILE)
        return
    for entry in ordered:
        if entry.name.startswith("."):
            continue
        path = directory / entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, settings)
        elif is_warc(path):
            yield from iter_warc(path, settings)
        elif path.suffix.lower() in CONTENT_TYPES:
            yield _read_file(path, settings)


def _from_path(target: str, settings: Settings) -> Iterator[SourceDocument | FailedSource]:
    path = Path(target)
    try:
        is_dir = path.is_dir()
    except OSError:  # e.g. a parent directory that cannot be searched
        yield _failed(os.path.abspath(path), "file", ErrorCode.UNREADABLE_FILE)
        return
    if is_dir:
        yield from _walk(path, settings)
    elif is_warc(path):
        yield from iter_warc(path, settings)
    elif path.suffix.lower() in CONTENT_TYPES:
        yield _read_file(path, settings)
    elif os.path.lexists(path):
        yield _failed(os.path.abspath(path), "file", ErrorCode.UNSUPPORTED_FILE)
    else:
        yield _failed(os.path.abspath(path), "file", ErrorCode.NOT_FOUND)


def _from_url(url: str, settings: Settings) -> SourceDocument | FailedSource:
    try:
        return fetch_url(url, settings)
    except KhabarError as exc:
        return FailedSource(source=url, source_kind="url", code=exc.code.value, message=exc.message)


def iter_sources(
    targets: Sequence[str], settings: Settings
) -> Iterator[SourceDocument | FailedSource]:
    """Yield one result per file found, URL given or page archived in a WARC file, in order;
    never raises for a bad target."""
    for target in targets:
        if _URL.match(target):
            yield _from_url(target, settings)
        else:
            yield from _from_path(target, settings)
