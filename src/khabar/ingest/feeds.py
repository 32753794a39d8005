"""Read an RSS or Atom feed's bytes into its entries (feedparser).

feedparser is given the bytes only, never a URL or a path, so it does no I/O of its own (all
fetching goes through the SSRF-safe `fetch`), and it never loads external entities. Entities
declared in the feed itself are not read at all: feedparser keeps some declarations (and finds
others inside comments), expat expands them up to a hundredfold and feedparser's fallback parser
without limit, so a 1 MB feed could take gigabytes. A feed that is malformed but still yields
entries keeps them, with the error alongside, so that one stray `&` loses nothing; one that
yields none raises `BAD_FEED`.

Feeds are written by strangers: an entry whose link is not an absolute http(s) URL (a
`javascript:` or `data:` link, a broken address) is skipped with its reason, a date that no
calendar holds is no date, and text is cut to what the store can keep.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from khabar.errors import ErrorCode, KhabarError

_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""Complaints about the declared content type or charset only: the entries were read."""
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
"""Control characters and lone surrogates: PostgreSQL refuses NUL, neither store takes a
surrogate, and none belongs in a title or an address."""
TITLE_CHARS = 1000
"""Longer titles are cut: no headline is this long, and a hostile one may be megabytes."""
_SHOWN = 100
"""Characters of a bad link quoted in the reason it was skipped."""
_DECLARATION = re.compile(rb"\s*<\?xml[^>]*>")
_ELEMENT = re.compile(rb"<\w")
"""Where feedparser takes the document's first element to start (its own test)."""
_CHARACTER = re.compile(rb"&#([0-9]+|[xX][0-9a-fA-F]+);")
"""A character reference as feedparser's fallback parser finds them."""
_DROPPED = "entity declarations (<!ENTITY>) are not read"


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    """sha256 of the GUID, else of the link: what makes an entry the same across polls."""
    guid: str | None
    link: str
    """An absolute http(s) URL."""
    title: str | None
    published_at: datetime | None
    """Always timezone-aware (UTC)."""


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    entries: tuple[Entry, ...]
    """Each key once, the first entry with it kept."""
    skipped: tuple[str, ...]
    """Why each entry that cannot be fetched was left out (no link, or not an http(s) one)."""
    error: str | None
    """Why the feed is malformed, when its entries were read all the same."""


def parse_feed(raw: bytes, url: str, content_type: str | None = None) -> Feed:
    """The feed's entries in document order; raises KhabarError(BAD_FEED) when none can be read
    from a malformed feed or when the bytes are not a feed at all (an HTML page, say)."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    raw, headers, dropped = _defused(raw, url, headers)
    try:
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    except (KeyError, IndexError, AttributeError, TypeError) as exc:
        # feedparser's fallback parser trips on some broken markup instead of flagging it
        raise KhabarError(
            ErrorCode.BAD_FEED, f"{url} (markup the feed parser cannot read)"
        ) from exc
    problem = _problem(parsed)
    if dropped:
        problem = f"{_DROPPED}; {problem}" if problem else _DROPPED
    if not parsed.get("version") and not parsed.entries:
        raise KhabarError(ErrorCode.BAD_FEED, f"{url} ({problem or 'no RSS or Atom elements'})")
    if problem and not parsed.entries:
        raise KhabarError(ErrorCode.BAD_FEED, f"{url} ({problem})")
    entries: dict[str, Entry] = {}
    skipped: list[str] = []
    for number, item in enumerate(parsed.entries, 1):
        entry = _entry(item, url)
        if isinstance(entry, str):
            skipped.append(f"entry {number} {entry}")
        else:
            entries.setdefault(entry.key, entry)
    title = _text(parsed.feed.get("title"), TITLE_CHARS)
    error = f"{problem}; {len(entries)} entries were read all the same" if problem else None
    return Feed(title, tuple(entries.values()), tuple(skipped), error)


def _defused(raw: bytes, url: str, headers: dict[str, str]) -> tuple[bytes, dict[str, str], bool]:
    """The feed as feedparser can read it safely (as it is, or in UTF-8 with headers that say
    so), and whether entity declarations were dropped.

    The tests are on the bytes feedparser parses (in UTF-8, as it converts them). A feed that
    declares entities loses what comes between its XML declaration and its first element (where
    any DTD is): what is left starts with an element, so neither expat nor feedparser's own look
    for declarations (up to the first `<` and a letter) finds any, wherever they or a comment
    hid them. A character reference to no character becomes U+FFFD, as feedparser's fallback
    parser raises on it.
    """
    result: dict[str, Any] = {}
    try:
        data: bytes = feedparser.encodings.convert_to_utf8(dict(headers), raw, result)
    except ValueError as exc:  # a charset named with a NUL; feedparser would raise it too
        raise KhabarError(ErrorCode.BAD_FEED, f"{url} (unreadable character encoding)") from exc
    bad: list[bytes] = []

    def character(match: re.Match[bytes]) -> bytes:
        digits = match[1].lower().lstrip(b"x0") or b"0"
        number = int(digits, 16 if match[1][:1] in b"xX" else 10) if len(digits) < 9 else -1
        if 0 <= number <= 0x10FFFF and not 0xD800 <= number <= 0xDFFF:
            return match[0]
        bad.append(match[0])
        return b"&#xFFFD;"

    safe = _CHARACTER.sub(character, data)
    dropped = b"<!ENTITY" in safe
    if dropped:
        declaration = _DECLARATION.match(safe)
        start = declaration.end() if declaration else 0
        element = _ELEMENT.search(safe, start)
        safe = safe[:start] + (safe[element.start() :] if element else b"")
    if not bad and not dropped:
        return raw, headers, False
    if result.get("encoding"):
        headers = headers | {"content-type": "application/xml; charset=utf-8"}
    return safe, headers, dropped


def _problem(parsed: Any) -> str | None:
    if not parsed.get("bozo") or isinstance(parsed.get("bozo_exception"), _HARMLESS):
        return None
    exception = parsed.get("bozo_exception")
    line = getattr(exception, "getLineNumber", lambda: None)()
    where = f" at line {line}" if line else ""
    return _text(f"malformed XML{where}: {exception}", TITLE_CHARS)


def _text(value: Any, limit: int | None = None) -> str | None:
    """`value` as storable text, at most `limit` characters; None when nothing is left."""
    if not isinstance(value, str):
        return None
    text = _UNSTORABLE.sub("", value).strip()
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def _entry(item: Any, base: str) -> Entry | str:
    """The entry, or why it was skipped."""
    link = _text(item.get("link")) or ""
    guid = _text(item.get("id"))
    if not link and guid and guid.lower().startswith(("http://", "https://")):
        link = guid
    if not link:
        return "has no link"
    absolute = _absolute(base, link)
    if absolute is None:
        return f"has a link that is not an absolute http(s) URL: {link[:_SHOWN]!r}"
    key = hashlib.sha256((guid or absolute).encode("utf-8")).hexdigest()
    return Entry(key, guid, absolute, _text(item.get("title"), TITLE_CHARS), _published(item))


def _absolute(base: str, link: str) -> str | None:
    """`link` resolved against the feed's address, if that gives an http(s) URL with a host."""
    try:
        joined = urljoin(base, link)
        parts = urlsplit(joined)
        _ = parts.port  # raises on a port that is not a number in range
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return joined


def _published(item: Any) -> datetime | None:
    # dict.get: feedparser's own maps one date to the other, with a DeprecationWarning
    parsed: time.struct_time | None = dict.get(item, "published_parsed") or dict.get(
        item, "updated_parsed"
    )
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, OSError, ValueError):  # a year no datetime holds
        return None
