"""parse_feed on fixture feeds: RSS 2.0, Atom, broken XML, an HTML page, an XXE attempt."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.feeds import parse_feed

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
BASE = "http://sahel.example/feed.xml"


def _bad(name: str, content_type: str | None = None) -> KhabarError:
    with pytest.raises(KhabarError) as caught:
        parse_feed((FEEDS / name).read_bytes(), BASE, content_type)
    return caught.value


def test_feeds_rss_entries_are_keyed_by_guid_and_links_resolved() -> None:
    feed = parse_feed((FEEDS / "rss.xml").read_bytes(), BASE, "application/rss+xml")
    assert feed.title == "Sahel Wire"
    assert feed.error is None
    assert [e.link for e in feed.entries] == [
        "http://sahel.example/news/gao-bomb",
        "http://sahel.example/news/mopti-attack",
    ], "the repeated GUID is one entry; relative links are resolved against the feed"
    first = feed.entries[0]
    assert first.guid == "sahel-wire-1001"
    assert first.key == hashlib.sha256(b"sahel-wire-1001").hexdigest()
    assert first.title == "Roadside bomb kills seven soldiers near Gao"
    assert first.published_at == datetime(2026, 3, 3, 8, 15, tzinfo=UTC)
    assert feed.skipped == ("entry 4 has no link",)


def test_feeds_atom_entry_has_its_id_link_and_updated_date() -> None:
    feed = parse_feed((FEEDS / "atom.xml").read_bytes(), BASE, "application/atom+xml")
    assert feed.title == "Frontier Monitor"
    [entry] = feed.entries
    assert entry.guid == "urn:uuid:frontier-2001"
    assert entry.link == "http://sahel.example/news/khyber-checkpoint"
    assert entry.published_at == datetime(2026, 3, 6, 9, 30, tzinfo=UTC)


def test_feeds_served_with_an_html_content_type_still_reads() -> None:
    feed = parse_feed((FEEDS / "rss.xml").read_bytes(), BASE, "text/html; charset=utf-8")
    assert feed.error is None
    assert len(feed.entries) == 2


def test_feeds_broken_xml_keeps_the_entries_before_the_break_and_says_why() -> None:
    feed = parse_feed((FEEDS / "broken.xml").read_bytes(), BASE, "application/xml")
    assert [e.link for e in feed.entries] == ["http://sahel.example/news/gao-bomb"]
    assert feed.error is not None
    assert feed.error.startswith("malformed XML at line")
    assert "1 entries were read all the same" in feed.error


def test_feeds_xml_without_entries_is_a_bad_feed() -> None:
    error = _bad("garbage.xml", "application/xml")
    assert error.code is ErrorCode.BAD_FEED
    assert "malformed XML" in error.detail
    assert BASE in error.message


def test_feeds_html_page_is_a_bad_feed() -> None:
    error = _bad("not_a_feed.html", "text/html")
    assert error.code is ErrorCode.BAD_FEED
    assert "not a readable RSS or Atom feed" in error.message


def test_feeds_markup_that_crashes_the_parser_is_a_bad_feed() -> None:
    """Found by atheris and hypothesis: feedparser raised KeyError('links') on this."""
    with pytest.raises(KhabarError) as caught:
        parse_feed(b"<item<link<channel</item</link>", BASE)
    assert caught.value.code is ErrorCode.BAD_FEED
    assert "cannot read" in caught.value.detail


def test_feeds_external_entities_are_never_resolved() -> None:
    feed = parse_feed((FEEDS / "xxe.xml").read_bytes(), BASE, "application/rss+xml")
    text = f"{feed.title} {[e.title for e in feed.entries]}"
    assert "root:" not in text
    assert [e.link for e in feed.entries] == ["http://sahel.example/news/xxe"]
