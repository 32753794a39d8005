"""Turn raw bytes into the main text and metadata of one document.

The returned `text` is final: every later character offset (mentions, evidence spans) points
into it, so nothing downstream may change it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import trafilatura
from trafilatura.settings import Document

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.language import detect_language
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.settings import Settings

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(
    r"\A\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S
)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$\n?", re.S | re.M)
_FRONT_MATTER_KEYS = {"title", "author", "date", "outlet", "url", "language"}
_MARKDOWN_TITLE = re.compile(r"\A\s*#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*(?:\n|\Z)")


def _media_type(content_type: str | None) -> str | None:
    return content_type.split(";", 1)[0].strip().lower() if content_type else None


def _decode(raw: bytes, content_type: str | None, source: str) -> str:
    """Decode as UTF-8, else as declared (header, then `<meta charset>`), else as windows-1252,
    else as detected; refuse bytes that are not text.

    UTF-8 goes first because valid UTF-8 with non-ASCII bytes is almost never another encoding,
    while pages often declare one charset and use another. Windows-1252 is the web's legacy
    default (WHATWG); the detector guesses badly on short Western text, so it comes last.
    """
    header = _CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(raw[:2048])
    encodings = ["utf-8-sig"]
    encodings += [header.group(1)] if header else []
    encodings += [meta.group(1).decode("ascii")] if meta else []
    encodings.append("cp1252")
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    else:
        match = charset_normalizer.from_bytes(raw).best()
        if match is None:
            raise KhabarError(ErrorCode.NOT_HTML, source)
        text = str(match)
    if "\x00" in text:
        raise KhabarError(ErrorCode.NOT_HTML, source)
    return text


def _parse_date(value: str | None) -> datetime | None:
    """ISO 8601 date or datetime; a date alone or a naive time is taken as UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _first(tree: Any, xpath: str) -> str | None:
    """First non-blank string an XPath gives on the lxml tree."""
    for value in tree.xpath(xpath):
        text = str(value).strip()
        if text:
            return text
    return None


def _absolute(href: str | None, base: str | None) -> str | None:
    url = urljoin(base or "", href) if href else None
    return url if url and urlsplit(url).scheme in {"http", "https"} else None


def _language(tag: str | None) -> str | None:
    """Primary subtag of a BCP 47 tag ("en-GB" -> "en"), the form trafilatura uses."""
    primary = tag.split("-", 1)[0].split("_", 1)[0].strip().lower() if tag else ""
    return primary if primary.isalpha() else None


def _parse_html(text: str, source: SourceDocument) -> ParsedDocument:
    tree = trafilatura.load_html(text)
    if tree is None:  # a bare fragment: trafilatura wants a whole document
        tree = trafilatura.load_html(f"<html><body>{text}</body></html>")
    if tree is None:
        raise KhabarError(ErrorCode.NOT_HTML, source.source)
    page_url = source.final_url or (source.source if source.source_kind == "url" else None)
    # bare_extraction works on a copy, so `tree` stays whole for the metadata fallbacks below.
    # Precision mode: on short pages the balanced mode lets menu links into the text.
    # No extensive date search: it guesses (a year in the URL becomes 1 January), and a wrong
    # publication date is worse than none, as later stages resolve "on Monday" against it.
    try:
        extracted = trafilatura.bare_extraction(
            tree,
            url=page_url,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
        )
    except AssertionError as exc:  # htmldate asserts on trees it cannot prune (an <svg> root)
        raise KhabarError(ErrorCode.NOT_HTML, source.source) from exc
    if not isinstance(extracted, Document) or not (body := (extracted.text or "").strip()):
        raise KhabarError(ErrorCode.EMPTY_TEXT, source.source)
    meta_time = _parse_date(_first(tree, '//meta[@property="article:published_time"]/@content'))
    published_at = _parse_date(extracted.date)
    # htmldate gives a day only; keep the page's own timestamp when it names the same day.
    if meta_time and (published_at is None or meta_time.date() == published_at.date()):
        published_at = meta_time
    canonical = _absolute(
        _first(tree, '//link[@rel="canonical"]/@href')
        or _first(tree, '//meta[@property="og:url"]/@content'),
        page_url,
    )
    return ParsedDocument(
        text=body,
        title=extracted.title or _first(tree, "//title/text()"),
        author=extracted.author or _first(tree, '//meta[@name="author"]/@content'),
        published_at=published_at,
        outlet=extracted.sitename or _first(tree, '//meta[@property="og:site_name"]/@content'),
        url=page_url or extracted.url,
        canonical_url=canonical,
        language=detect_language(
            body,
            _language(
                _first(tree, "/html/@lang")
                or _first(tree, '//meta[@property="og:locale"]/@content')
            ),
        ),
    )


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a leading `---` block of `key: value` lines from the text.

    A block with any other kind of line is left as text: it is more likely a rule than metadata.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            return {}, text
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key.strip().lower() in _FRONT_MATTER_KEYS and value:
            fields[key.strip().lower()] = value
    return fields, text[match.end() :]


def _parse_plain(text: str, source: SourceDocument, markdown: bool) -> ParsedDocument:
    fields, body = _front_matter(text.replace("\r\n", "\n").replace("\r", "\n"))
    title = fields.get("title")
    heading = _MARKDOWN_TITLE.match(body) if markdown and title is None else None
    if heading:
        title, body = heading.group(1).strip(), body[heading.end() :]
    body = body.strip()
    if not body:
        raise KhabarError(ErrorCode.EMPTY_TEXT, source.source)
    page_url = source.final_url or (source.source if source.source_kind == "url" else None)
    return ParsedDocument(
        text=body,
        title=title,
        author=fields.get("author"),
        published_at=_parse_date(fields.get("date")),
        outlet=fields.get("outlet"),
        url=page_url or fields.get("url"),
        canonical_url=None,
        language=detect_language(body, _language(fields.get("language"))),
    )


def parse_document(source: SourceDocument, settings: Settings) -> ParsedDocument:
    """Main text and metadata of `source`; raises KhabarError when there is no usable text.

    HTML goes through trafilatura, which drops navigation, ads and comment sections; .txt and .md
    may carry a front matter block. Anything else that is not text is refused as `not_html`.
    """
    if len(source.raw) > settings.max_document_bytes:
        raise KhabarError(ErrorCode.TOO_LARGE, source.source)
    media_type = _media_type(source.content_type)
    text = _decode(source.raw, source.content_type, source.source)
    if media_type in _MARKDOWN_TYPES or media_type == "text/plain":
        return _parse_plain(text, source, markdown=media_type in _MARKDOWN_TYPES)
    if media_type in _HTML_TYPES or _LOOKS_LIKE_HTML.match(text):
        return _parse_html(text, source)
    if media_type is None or media_type.startswith("text/"):
        return _parse_plain(text, source, markdown=False)
    # A server's label such as application/pdf is trusted unless the bytes are plainly HTML.
    raise KhabarError(ErrorCode.NOT_HTML, source.source)
