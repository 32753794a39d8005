"""atheris (coverage-guided libFuzzer) targets for the parsers that read strangers' bytes.

libFuzzer ends its process when it is done, so `test_atheris.py` runs each target as a script:
`python tests/fuzz/atheris_targets.py html|feed|warc [libFuzzer flags] CORPUS_DIR`. A target may
end in a `KhabarError`, which the batch stores against the document, and in nothing else: any
other exception, or a result the rest of the pipeline cannot rely on, is a crash, which
libFuzzer saves as a file that the same command, given that file instead of the folder, replays.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["khabar", "feedparser", "warcio", "trafilatura"]):
    from khabar.errors import ErrorCode, KhabarError
    from khabar.ingest.feeds import parse_feed
    from khabar.ingest.parse import parse_document
    from khabar.ingest.types import FailedSource, ParsedDocument, SourceDocument
    from khabar.ingest.warc import iter_warc
    from khabar.settings import Settings

SETTINGS = Settings()
FETCHED = datetime(2024, 3, 5, tzinfo=UTC)
CONTENT_TYPES = [
    None,
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=shift_jis",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/rss+xml",
    "application/atom+xml; charset=utf-16",
    "text/xml",
    "application/octet-stream",
]
FEED_URL = "https://feeds.example/news/rss.xml"
ARCHIVE = Path(tempfile.mkdtemp(prefix="khabar-atheris-")) / "fuzz.warc"


def _content_type(data: bytes) -> tuple[str | None, bytes]:
    """The content type the first byte picks, and the rest of the input."""
    provider = atheris.FuzzedDataProvider(data)
    content_type = CONTENT_TYPES[provider.ConsumeIntInRange(0, len(CONTENT_TYPES) - 1)]
    return content_type, provider.ConsumeBytes(provider.remaining_bytes())


def html(data: bytes) -> None:
    """A page: text the pipeline can use, or a `KhabarError`."""
    content_type, raw = _content_type(data)
    source = SourceDocument("fuzz.html", "file", raw, content_type, FETCHED)
    try:
        parsed = parse_document(source, SETTINGS)
    except KhabarError:
        return
    assert isinstance(parsed, ParsedDocument)
    assert parsed.text.strip()
    assert "\x00" not in parsed.text


def feed(data: bytes) -> None:
    """A feed: entries with absolute links and distinct keys, or a `bad_feed` error."""
    content_type, raw = _content_type(data)
    try:
        parsed = parse_feed(raw, FEED_URL, content_type)
    except KhabarError as error:
        if error.code is not ErrorCode.BAD_FEED:
            raise
        return
    keys = [entry.key for entry in parsed.entries]
    assert len(keys) == len(set(keys))
    assert all(entry.link.strip() for entry in parsed.entries)


def warc(data: bytes) -> None:
    """An archive: pages, then at most one `bad_warc` failure, last."""
    ARCHIVE.write_bytes(data)
    found = list(iter_warc(ARCHIVE, SETTINGS))
    failures = [item for item in found if isinstance(item, FailedSource)]
    damaged = [item for item in failures if item.code == "bad_warc"]
    assert all(isinstance(item, SourceDocument | FailedSource) for item in found)
    assert all(item.code in {"bad_warc", "too_large"} for item in failures)
    assert len(damaged) <= 1
    assert not damaged or found[-1] is damaged[0]


TARGETS: dict[str, Callable[[bytes], None]] = {"html": html, "feed": feed, "warc": warc}


def main() -> None:
    target = TARGETS[sys.argv[1]]
    atheris.Setup([sys.argv[0], *sys.argv[2:]], target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
