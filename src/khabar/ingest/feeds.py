"""Read an RSS or Atom feed's bytes into its entries (feedparser).

feedparser is given the bytes only, never a URL or a path, so it does no I/O of its own (all
fetching goes through the SSRF-safe `fetch`); it ignores external entities and drops unsafe
entity declarations. A feed that is malformed but still yields entries keeps them, with the
error alongside, so that one stray `&` loses nothing; one that yields none raises `BAD_FEED`.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from khabar.errors import ErrorCode, KhabarError

_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""Complaints about the declared content type or charset only: the entries were read."""


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    """sha256 of the GUID, else of the link: what makes an entry the same across polls."""
    guid: str | None
    link: str
    title: str | None
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    entries: tuple[Entry, ...]
    skipped: int
    """Entries without a link, which cannot be fetched."""
    error: str | None
    """Why the feed is malformed, when its entries were read all the same."""


def parse_feed(raw: bytes, url: str, content_type: str | None = None) -> Feed:
    """The feed's entries in document order; raises KhabarError(BAD_FEED) when none can be read
    from a malformed feed or when the bytes are not a feed at all (an HTML page, say)."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    problem = _problem(parsed)
    if not parsed.get("version") and not parsed.entries:
        raise KhabarError(ErrorCode.BAD_FEED, f"{url} ({problem or 'no RSS or Atom elements'})")
    if problem and not parsed.entries:
        raise KhabarError(ErrorCode.BAD_FEED, f"{url} ({problem})")
    entries: dict[str, Entry] = {}
    skipped = 0
    for item in parsed.entries:
        entry = _entry(item, url)
        if entry is None:
            skipped += 1
        else:
            entries.setdefault(entry.key, entry)
    title = parsed.feed.get("title") or None
    error = f"{problem}; {len(entries)} entries were read all the same" if problem else None
    return Feed(title, tuple(entries.values()), skipped, error)


def _problem(parsed: Any) -> str | None:
    if not parsed.get("bozo") or isinstance(parsed.get("bozo_exception"), _HARMLESS):
        return None
    exception = parsed.get("bozo_exception")
    line = getattr(exception, "getLineNumber", lambda: None)()
    where = f" at line {line}" if line else ""
    return f"malformed XML{where}: {exception}"


def _entry(item: Any, base: str) -> Entry | None:
    link = (item.get("link") or "").strip()
    guid = (item.get("id") or "").strip() or None
    if not link and guid and guid.startswith(("http://", "https://")):
        link = guid
    if not link:
        return None
    link = urljoin(base, link)
    key = hashlib.sha256((guid or link).encode("utf-8")).hexdigest()
    return Entry(key, guid, link, item.get("title") or None, _published(item))


def _published(item: Any) -> datetime | None:
    parsed: time.struct_time | None = item.get("published_parsed") or item.get("updated_parsed")
    if parsed is None:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
