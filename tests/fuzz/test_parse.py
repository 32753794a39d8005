"""Hostile HTML and text into `parse_document`: a parsed document or a KhabarError, never a crash.

Pages come from strangers: cut off mid-tag, in one encoding while declaring another, nested
thousands deep, or one 10 MB tag. Whatever arrives, the batch must get either usable text or an
error with a code it can store against the document.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.parse import parse_document
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.settings import Settings

from .conftest import Budget

SETTINGS = Settings()
FETCHED = datetime(2024, 3, 5, tzinfo=UTC)
TAGS = [
    "html",
    "head",
    "body",
    "title",
    "meta",
    "article",
    "div",
    "p",
    "span",
    "a",
    "b",
    "script",
    "style",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "h1",
    "br",
    "img",
    "svg",
    "math",
    "template",
    "noscript",
    "iframe",
    "main",
    "nav",
    "footer",
    "time",
    "pre",
    "xmp",
]
ENCODINGS = [
    "utf-8",
    "utf-16",
    "utf-16-be",
    "utf-32",
    "latin-1",
    "cp1252",
    "cp1256",
    "koi8-r",
    "shift_jis",
    "gb18030",
    "big5",
    "iso-2022-jp",
    "utf-7",
]
DECLARED = [*ENCODINGS, "x-unknown", "", "utf-8\x00", "../../etc", "ebcdic-cp-us", "base64"]
CONTENT_TYPES = [
    None,
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "text/x-markdown",
    "text/csv",
    "application/pdf",
    "image/png",
    "",
    ";;;",
]
WORDS = st.sampled_from(
    [
        "Gunmen",
        "killed",
        "at least 15",
        "people",
        "in",
        "Ghazni",
        "on Monday",
        "—",
        "القاعدة",
        "Боевики",
        "&amp;",
        "&#0;",
        "&#x110000;",
        "&nbsp;",
        "<",
        ">",
        '"',
        "'",
        "\x00",
        "\ufeff",
        "\u202e",
        "\ud7ff",
        "🙂",
        "\r\n",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
        "<?xml ?>",
    ]
)


def _attrs() -> st.SearchStrategy[str]:
    name = st.sampled_from(
        [
            "lang",
            "charset",
            "content",
            "property",
            "rel",
            "href",
            "class",
            "onload",
            "http-equiv",
            "x",
        ]
    )
    value = st.text(max_size=20)
    return st.lists(st.tuples(name, value), max_size=3).map(
        lambda pairs: "".join(f' {k}="{v}"' for k, v in pairs)
    )


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, closed: (
            f"<{tag}{attrs}>{inner}" + (f"</{tag}>" if closed else "")
        ),
        st.sampled_from(TAGS),
        _attrs(),
        st.lists(children, max_size=4).map("".join),
        st.booleans(),
    )


MARKUP = st.recursive(st.one_of(WORDS, st.text(max_size=30)), _element, max_leaves=40)


@st.composite
def pages(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """An HTML page, maybe cut short, in one encoding, maybe declaring another."""
    body = draw(MARKUP)
    declared = draw(st.sampled_from(DECLARED))
    if draw(st.booleans()):
        body = f'<meta charset="{declared}">' + body
    if draw(st.booleans()):
        body = f"<!doctype html><html><body>{body}</body></html>"
    raw = body.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    raw = raw[: draw(st.integers(0, len(raw)))] if draw(st.booleans()) else raw
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    if content_type and draw(st.booleans()):
        content_type += f"; charset={declared}"
    return raw, content_type


def _parse(raw: bytes, content_type: str | None, settings: Settings = SETTINGS) -> None:
    """Parse, and hold the result to what the rest of the pipeline relies on."""
    source = SourceDocument("fuzz.html", "file", raw, content_type, FETCHED)
    try:
        parsed = parse_document(source, settings)
    except KhabarError:
        return
    assert isinstance(parsed, ParsedDocument)
    assert parsed.text.strip()
    assert "\x00" not in parsed.text


def test_parse_generated_pages_give_text_or_khabar_error(budget: Budget) -> None:
    @budget.settings("html")
    @given(pages())
    @example((b"<SVG>HTML", "text/html"))  # found by a 100k run: htmldate asserted on it
    def check(page: tuple[bytes, str | None]) -> None:
        budget.seen("html")
        _parse(*page)

    check()


def test_parse_arbitrary_bytes_give_text_or_khabar_error(budget: Budget) -> None:
    @budget.settings("html")
    @given(st.binary(max_size=4096), st.sampled_from(CONTENT_TYPES))
    def check(raw: bytes, content_type: str | None) -> None:
        budget.seen("html")
        _parse(raw, content_type)

    check()


def test_parse_deep_nesting_gives_text_or_khabar_error(budget: Budget) -> None:
    @budget.settings("html_big")
    @given(st.sampled_from(TAGS), st.integers(1_000, 100_000), st.booleans())
    def check(tag: str, depth: int, closed: bool) -> None:
        budget.seen("html_big")
        page = (
            f"<{tag}>" * depth
            + "Gunmen killed 15 people in Ghazni."
            + (f"</{tag}>" * depth if closed else "")
        )
        _parse(page.encode(), "text/html")

    check()


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("<p>", "</p>"),
        ('<div title="', '">x</div>'),
        ("<!--", "-->"),
        ("<script>", "</script>"),
        ("<a href='", "'>"),
        ("<", ""),
        ("<title>", ""),
    ],
    ids=["text", "attribute", "comment", "script", "href", "unclosed", "title"],
)
def test_parse_ten_megabyte_tag_gives_text_or_khabar_error(opening: str, closing: str) -> None:
    filler = ("Gunmen killed 15 people. " * 400_000)[: 10_000_000 - len(opening) - len(closing)]
    _parse(f"{opening}{filler}{closing}".encode(), "text/html")


def test_parse_page_over_the_size_limit_is_refused_as_too_large() -> None:
    small = Settings(max_document_bytes=1000)
    with pytest.raises(KhabarError) as caught:
        parse_document(
            SourceDocument("big.html", "file", b"<p>" + b"x" * 1000, None, FETCHED), small
        )
    assert caught.value.code is ErrorCode.TOO_LARGE
