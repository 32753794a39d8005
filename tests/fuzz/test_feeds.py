"""Hostile feeds into `parse_feed`: usable entries or a `bad_feed` error, never a crash.

Feeds come from strangers: RSS 2.0, Atom and RSS 1.0 (RDF) with huge titles, control
characters, one encoding declaring another, entity bombs and external entities, nested markup,
missing or duplicate GUIDs and links, `javascript:` and relative links, dates in every format and
none, cut off at any byte, or not a feed at all. Whatever arrives, `khabar watch` must get
entries it can fetch and store once (absolute http(s) links, distinct keys, dates with a time
zone, text the store accepts) or a `KhabarError` with the code `bad_feed`, and no entity may be
expanded or fetched.
"""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.feeds import TITLE_CHARS, Feed, parse_feed

from .conftest import Budget

BASE = "http://feed.example/world/rss.xml"
CANARY_TEXT = "khabar-canary-7f3a9c"
"""The content of a local file that external entities point to: it must never show up."""
ENCODINGS = ["utf-8", "utf-16", "utf-16-be", "utf-32", "latin-1", "cp1252", "koi8-r", "shift_jis"]
DECLARED = [*ENCODINGS, "x-unknown", "", "utf-8\x00", "ebcdic-cp-us", "utf-7", "base64"]
CONTENT_TYPES = [
    None,
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "text/html",
    "text/plain",
    "application/octet-stream",
    "",
    ";;;",
]
WORDS = [
    "Gunmen killed 15 people in Ghazni",
    "القاعدة",
    "Боевики",
    "&amp;",
    "&lt;b&gt;",
    "&nbsp;",
    "&#0;",
    "&#x110000;",
    "&#xD800;",
    "&#1;",
    "&undefined;",
    "&lol9;",
    "&ext;",
    "&quad;",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<![CDATA[<p>cdata</p>]]>",
    "]]>",
    "<!-- comment -->",
    "\x00",
    "\x01\x1b[31m",
    "\ufeff",
    "\u202e",
    "\ud800",
    "🙂",
    "\r\n",
    "<",
    "&",
    '"',
]
LINKS = [
    "http://news.example/a",
    "https://news.example/b?x=1&amp;y=2",
    "  http://news.example/c  ",
    "HTTPS://NEWS.EXAMPLE/D",
    "/relative/path",
    "relative",
    "../up",
    "?query",
    "#fragment",
    "//other.example/protocol-relative",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox",
    "file:///etc/passwd",
    "ftp://news.example/x",
    "mailto:desk@news.example",
    "http://",
    "http:///path",
    "http://[::1",
    "http://news.example:99999/",
    "http://news.example:port/",
    "http://exa mple.org/",
    "http://news.example/\x00nul",
    "http://news.example/\u202eevil",
    "http://user:pass@news.example/",
    "http://127.0.0.1/admin",
    "",
]
GUIDS = [
    "sahel-1",
    "sahel-1",
    " sahel-1 ",
    "urn:uuid:1",
    "http://news.example/a",
    "https://news.example/guid-link",
    "javascript:alert(1)",
    "",
    "\x00",
]
DATES = [
    "Tue, 03 Mar 2026 08:15:00 +0000",
    "Tue, 03 Mar 2026 08:15:00 GMT",
    "03 Mar 26 08:15 EST",
    "Tue, 3 Mar 2026 8:15:00 PDT",
    "2026-03-03T08:15:00Z",
    "2026-03-03T08:15:00.123456+05:30",
    "2026-03-03",
    "20260303T081500",
    "2026-W10-2",
    "2026-062",
    "Tue, 31 Dec 9999 23:59:59 -1200",
    "9999-12-31T23:59:59-14:00",
    "Mon, 01 Jan 0001 00:00:00 +1400",
    "0001-01-01T00:00:00+14:00",
    "0000-00-00T00:00:00Z",
    "2026-13-45T25:61:61Z",
    "Feb 30 2026",
    "99999-01-01T00:00:00Z",
    "-0001-01-01",
    "1e308",
    "18446744073709551616",
    "-18446744073709551616",
    "Tue, 03 Mar 2026 08:15:00 +9999",
    "Tue, 03 Mar 2026 08:15:00 -99:99",
    "yesterday",
    "2026년 03월 03일",
    "2026年3月3日",
    "Τρι, 03 Μαρ 2026 08:15:00 EET",
    "2026-03-03T08:15:00+05:30:00",
    "",
]


@dataclass(frozen=True, slots=True)
class Canary:
    """Where external entities point: a file with `CANARY_TEXT`, and a port that counts every
    connection made to it."""

    file: Path
    url: str
    connections: list[int]


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Canary]:
    file = tmp_path_factory.mktemp("canary") / "secret.txt"
    file.write_text(CANARY_TEXT)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    connections: list[int] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            connections.append(1)
            client.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield Canary(file, f"http://127.0.0.1:{listener.getsockname()[1]}/entity", connections)
    finally:
        stop.set()
        thread.join()
        listener.close()


def _bombs(canary: Canary) -> dict[str, str]:
    """Internal subsets that expand, or fetch, if anything reads them."""
    lol = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    return {
        "none": "",
        "billion laughs": f"<!DOCTYPE rss [{''.join(lol)}]>",
        "billion laughs, one per line": "<!DOCTYPE rss [\n" + "\n".join(lol) + "\n]>\n",
        "quadratic": f'\n<!DOCTYPE rss [\n<!ENTITY quad "{"q" * 50_000}">\n]>\n',
        "external file": f'<!DOCTYPE rss [<!ENTITY ext SYSTEM "file://{canary.file}">]>',
        "external http": f'<!DOCTYPE rss [\n<!ENTITY ext SYSTEM "{canary.url}">\n]>\n',
        "external parameter": f'<!DOCTYPE rss [<!ENTITY % p SYSTEM "{canary.url}"> %p;]>',
        "external dtd": f'<!DOCTYPE rss SYSTEM "{canary.url}">',
        "in a comment": f'<!--\n<!ENTITY quad "{"q" * 50_000}">\n-->\n<!DOCTYPE rss>\n',
        "hidden behind a tag in a comment": (
            f'<!-- <b> --><!DOCTYPE rss [<!ENTITY quad "{"q" * 50_000}">]>'
        ),
        "netscape": (
            '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
            '"http://my.netscape.com/publish/formats/rss-0.91.dtd">'
        ),
    }


def _value(draw: st.DrawFn, choices: list[str]) -> str:
    """A field's text: a hostile choice, generated text or a huge repetition, escaped,
    in CDATA, raw (often malformed) or nested in markup."""
    text = draw(st.one_of(st.sampled_from(choices), st.text(max_size=30)))
    if draw(st.integers(0, 9)) == 0:
        text *= draw(st.sampled_from([100, 2_000, 20_000]))
    style = draw(st.sampled_from(["escaped", "escaped", "cdata", "raw"]))
    if style == "escaped":
        text = escape(text)
    elif style == "cdata":
        text = f"<![CDATA[{text}]]>"
    depth = draw(st.sampled_from([0, 0, 0, 3, 100]))
    return "<div>" * depth + text + "</div>" * depth


def _field(draw: st.DrawFn, tag: str, choices: list[str], attrs: str = "") -> str:
    if not draw(st.booleans()):
        return ""
    return f"<{tag}{attrs}>{_value(draw, choices)}</{tag}>"


def _rss_item(draw: st.DrawFn) -> str:
    permalink = draw(st.sampled_from(["", ' isPermaLink="true"', ' isPermaLink="false"']))
    return (
        "<item>"
        + _field(draw, "title", WORDS)
        + _field(draw, "link", LINKS)
        + _field(draw, "guid", GUIDS, permalink)
        + _field(draw, "pubDate", DATES)
        + _field(draw, "dc:date", DATES)
        + _field(draw, "description", WORDS)
        + draw(st.sampled_from(["", "<item><link>http://news.example/nested</link></item>"]))
        + "</item>"
    )


def _atom_entry(draw: st.DrawFn) -> str:
    links = draw(st.lists(st.sampled_from(LINKS), max_size=3))
    rel = draw(st.sampled_from(["", ' rel="alternate"', ' rel="self"', ' rel="enclosure"']))
    return (
        "<entry>"
        + _field(draw, "id", GUIDS)
        + _field(draw, "title", WORDS, draw(st.sampled_from(["", ' type="html"', ' type="xhtml"'])))
        + "".join(f'<link{rel} href="{escape(link, {chr(34): "&quot;"})}"/>' for link in links)
        + _field(draw, "updated", DATES)
        + _field(draw, "published", DATES)
        + _field(draw, "content", WORDS, ' type="html"')
        + "</entry>"
    )


def _rdf_item(draw: st.DrawFn) -> str:
    about = escape(draw(st.sampled_from(LINKS)), {'"': "&quot;"})
    return (
        f'<item rdf:about="{about}">'
        + _field(draw, "title", WORDS)
        + _field(draw, "link", LINKS)
        + _field(draw, "dc:date", DATES)
        + "</item>"
    )


@st.composite
def documents(draw: st.DrawFn, bombs: dict[str, str]) -> tuple[bytes, str | None]:
    """A feed of one of the three kinds, in one encoding, maybe declaring another, maybe
    with an entity bomb or an external entity, maybe cut short."""
    kind = draw(st.sampled_from(["rss", "atom", "rdf"]))
    title = _field(draw, "title", WORDS)
    if kind == "rss":
        items = "".join(_rss_item(draw) for _ in range(draw(st.integers(0, 5))))
        body = (
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"{title}{_field(draw, 'link', LINKS)}{items}</channel></rss>"
        )
    elif kind == "atom":
        entries = "".join(_atom_entry(draw) for _ in range(draw(st.integers(0, 5))))
        base = escape(draw(st.sampled_from(LINKS)), {'"': "&quot;"})
        atom = "http://www.w3.org/2005/Atom"
        body = f'<feed xmlns="{atom}" xml:base="{base}">{title}{entries}</feed>'
    else:
        items = "".join(_rdf_item(draw) for _ in range(draw(st.integers(0, 5))))
        body = (
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<channel rdf:about="{BASE}">{title}</channel>{items}</rdf:RDF>'
        )
    declared = draw(st.sampled_from(DECLARED))
    prolog = draw(st.sampled_from([f'<?xml version="1.0" encoding="{declared}"?>', ""]))
    text = prolog + bombs[draw(st.sampled_from(sorted(bombs)))] + body
    raw = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.booleans()):
        raw = raw[: draw(st.integers(0, len(raw)))]
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    if content_type and draw(st.booleans()):
        content_type += f"; charset={declared}"
    return raw, content_type


def _storable(text: str | None) -> None:
    if text is not None:
        assert "\x00" not in text
        text.encode("utf-8")  # no lone surrogate


def _parse(raw: bytes, content_type: str | None) -> Feed | None:
    """Parse, and hold the result to what `khabar watch` relies on."""
    try:
        feed = parse_feed(raw, BASE, content_type)
    except KhabarError as error:
        failure = error
    else:
        return _checked(feed)
    assert failure.code is ErrorCode.BAD_FEED
    assert BASE in failure.message
    return None


def _checked(feed: Feed) -> Feed:
    keys = [entry.key for entry in feed.entries]
    assert len(keys) == len(set(keys)), "an entry would be stored twice"
    for entry in feed.entries:
        parts = urlsplit(entry.link)
        assert parts.scheme.lower() in ("http", "https"), entry.link
        assert parts.hostname, entry.link
        assert entry.published_at is None or (
            entry.published_at.tzinfo is not None and entry.published_at.utcoffset() is not None
        )
        assert entry.title is None or len(entry.title) <= TITLE_CHARS
        for text in (entry.title, entry.guid, entry.link):
            _storable(text)
    for reason in feed.skipped:
        assert reason.startswith("entry ")
        assert "link" in reason
    for text in (feed.title, feed.error):
        _storable(text)
    return feed


def _unexpanded(feed: Feed | None, raw_length: int) -> None:
    """Nothing read from outside, and no text longer than the document it came from."""
    if feed is None:
        return
    texts = [feed.title, feed.error, *(e.title for e in feed.entries)]
    assert all(CANARY_TEXT not in (text or "") for text in texts)
    assert sum(len(text or "") for text in texts) <= 2 * raw_length + 1000


def test_feeds_generated_documents_give_entries_or_bad_feed(budget: Budget, canary: Canary) -> None:
    bombs = _bombs(canary)

    @budget.settings("feeds")
    @given(documents(bombs))
    def check(document: tuple[bytes, str | None]) -> None:
        budget.seen("feeds")
        raw, content_type = document
        _unexpanded(_parse(raw, content_type), len(raw))

    check()
    assert canary.connections == [], "an external entity was fetched"


def test_feeds_arbitrary_bytes_give_entries_or_bad_feed(budget: Budget) -> None:
    @budget.settings("feeds")
    @given(
        st.sampled_from([b"", b"<?xml version='1.0'?>", b'<rss version="2.0">', b"<feed>"]),
        st.binary(max_size=4096),
        st.sampled_from(CONTENT_TYPES),
    )
    def check(prefix: bytes, raw: bytes, content_type: str | None) -> None:
        budget.seen("feeds")
        _parse(prefix + raw, content_type)

    check()


@pytest.mark.parametrize(
    ("bomb", "reference"),
    [
        ("billion laughs", "&lol9;"),
        ("billion laughs, one per line", "&lol9;"),
        ("quadratic", "&quad;"),
        ("in a comment", "&quad;"),
        ("hidden behind a tag in a comment", "&quad;"),
        ("external file", "&ext;"),
        ("external http", "&ext;"),
        ("external parameter", "&ext;"),
        ("external dtd", "&ext;"),
    ],
)
def test_feeds_entity_bombs_neither_expand_nor_fetch(
    canary: Canary, bomb: str, reference: str
) -> None:
    """Each bomb's entity referenced 10 times in each of 41 fields of an otherwise good feed:
    parsed in bounded memory, nothing expanded, nothing fetched, the entries kept."""
    refs = reference * 10
    items = "".join(
        f"<item><title>{refs}</title><link>http://news.example/{n}</link>"
        f"<description>{refs}</description></item>"
        for n in range(20)
    )
    text = (
        f'<?xml version="1.0" encoding="utf-8"?>{_bombs(canary)[bomb]}'
        f'<rss version="2.0"><channel><title>{refs}</title>{items}</channel></rss>'
    )
    raw = text.encode()
    tracemalloc.start()
    started = time.monotonic()
    try:
        feed = _parse(raw, "application/rss+xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert feed is not None
    assert [entry.link for entry in feed.entries] == [f"http://news.example/{n}" for n in range(20)]
    _unexpanded(feed, len(raw))
    assert canary.connections == []
    # Read by feedparser alone, the one-line billion laughs takes 50 MB and seconds for these
    # 5 KB, the quadratic bomb gigabytes; the bounds are generous, for a loaded machine.
    assert peak < 20 * len(raw) + (4 << 20)
    assert elapsed < 30
