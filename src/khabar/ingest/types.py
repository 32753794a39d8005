"""What the ingest stage hands to the rest of the pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """Raw bytes as read from a file or fetched from a URL, before any parsing."""

    source: str
    """The path (absolute) or the URL that was given or followed."""
    source_kind: str
    """`file`, `url` or `warc` (later: `feed`, `article`)."""
    raw: bytes
    content_type: str | None
    fetched_at: datetime
    final_url: str | None = None
    """For URLs: the address after redirects."""


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """Main text and metadata of one document; `text` is what every span points into."""

    text: str
    title: str | None
    author: str | None
    published_at: datetime | None
    outlet: str | None
    url: str | None
    canonical_url: str | None
    language: str | None


@dataclass(frozen=True, slots=True)
class FailedSource:
    """A source that could not be read at all (no bytes); stored as a failed document."""

    source: str
    source_kind: str
    code: str
    message: str
    raw: bytes = b""

    def identity(self) -> bytes:
        """What its failed document is keyed by (`document.raw_sha256`): its bytes, or without
        any its kind and source, so that the same failure is stored once."""
        return self.raw or f"{self.source_kind}:{self.source}".encode()
