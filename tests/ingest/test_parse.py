"""parse_document with the real trafilatura on fixture files and on fetched pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.fetch import fetch_url
from khabar.ingest.parse import parse_document
from khabar.ingest.sources import iter_sources
from khabar.ingest.types import ParsedDocument, SourceDocument
from khabar.settings import Settings

from .conftest import FIXTURES, LocalServer

SETTINGS = Settings()
NOW = datetime(2024, 6, 1, tzinfo=UTC)


def _parse_file(path: Path) -> ParsedDocument:
    (source,) = iter_sources([str(path)], SETTINGS)
    assert isinstance(source, SourceDocument)
    return parse_document(source, SETTINGS)


def _source(raw: bytes, content_type: str | None, kind: str = "file") -> SourceDocument:
    return SourceDocument(
        source="/tmp/made-up", source_kind=kind, raw=raw, content_type=content_type, fetched_at=NOW
    )


def _error(source: SourceDocument) -> ErrorCode:
    with pytest.raises(KhabarError) as caught:
        parse_document(source, SETTINGS)
    return caught.value.code


def test_parse_html_reads_metadata() -> None:
    parsed = _parse_file(FIXTURES / "articles" / "blog_post.html")
    assert parsed.title == "Checkpoint attack near Varosh crossing kills four"
    assert parsed.author == "Mira Castellan"
    assert parsed.outlet == "The Frontier Ledger"
    assert parsed.published_at == datetime(2023, 11, 14, 8, 30, tzinfo=timezone(timedelta(hours=3)))
    assert parsed.canonical_url == "https://ledger.example.org/2023/11/14/varosh-checkpoint-attack/"
    assert parsed.language == "en"


def test_parse_html_keeps_main_text_with_paragraph_breaks() -> None:
    text = _parse_file(FIXTURES / "articles" / "blog_post.html").text
    assert text.startswith("Gunmen on two motorcycles opened fire")
    assert text.endswith("without being stopped.")
    assert text == text.strip()
    paragraphs = text.split("\n")
    assert len(paragraphs) == 4
    assert paragraphs[2].startswith("Residents of the crossing")


def test_parse_excludes_comment_section() -> None:
    text = _parse_file(FIXTURES / "articles" / "blog_post.html").text
    for phrase in ("Zephyrine", "cousin lives", "Leave a Reply", "thoughts on", "Post Comment"):
        assert phrase not in text


def test_parse_excludes_navigation_ads_and_footer() -> None:
    text = _parse_file(FIXTURES / "articles" / "blog_post.html").text
    for phrase in ("Regions Index", "Quillstone", "You might also like", "Copyright", "By Mira"):
        assert phrase not in text


def test_parse_date_only_is_midnight_utc() -> None:
    parsed = _parse_file(FIXTURES / "articles" / "date_only.html")
    assert parsed.published_at == datetime(2021, 4, 7, tzinfo=UTC)
    assert parsed.title == "Power restored to Lindqvist district"
    assert parsed.language == "en", "detected from the text; the page declares none"
    assert parsed.canonical_url is None


def test_parse_falls_back_to_page_metadata() -> None:
    html = b"""<!DOCTYPE html><html lang="fr-CA"><head>
      <title>Keeping the old mill open</title>
      <meta property="og:site_name" content="Valley Notes">
      <link rel="canonical" href="/2020/mill">
      <meta property="og:url" content="https://ignored.example/">
    </head><body><article><p>The old mill on the Brae stream will stay open through the
    winter, the cooperative that runs it decided at a meeting on Thursday evening.</p>
    </article></body></html>"""
    source = SourceDocument(
        source="https://notes.example/2020/mill?ref=feed",
        source_kind="url",
        raw=html,
        content_type="text/html",
        fetched_at=NOW,
        final_url="https://notes.example/2020/mill?ref=feed",
    )
    parsed = parse_document(source, SETTINGS)
    assert parsed.title == "Keeping the old mill open"
    assert parsed.outlet == "Valley Notes"
    assert parsed.url == "https://notes.example/2020/mill?ref=feed"
    assert parsed.canonical_url == "https://notes.example/2020/mill"
    assert parsed.language == "en", "the English text outweighs the template's lang=fr-CA"
    assert parsed.published_at is None
    assert parsed.text.startswith("The old mill on the Brae stream")


def test_parse_fetched_page_uses_final_url(http_server: LocalServer) -> None:
    settings = Settings(fetch_allow_private=True)
    parsed = parse_document(fetch_url(f"{http_server.base}/redirect/1", settings), settings)
    assert parsed.url == f"{http_server.base}/article"
    assert parsed.title == "Checkpoint attack near Varosh crossing kills four"


def test_parse_html_fragment() -> None:
    parsed = _parse_file(FIXTURES / "articles" / "fragment.html")
    assert parsed.text.startswith("Two bridges on the Sallow river")


def test_parse_navigation_only_page_is_empty_text() -> None:
    with pytest.raises(KhabarError) as caught:
        _parse_file(FIXTURES / "articles" / "navigation_only.html")
    assert caught.value.code is ErrorCode.EMPTY_TEXT


def test_parse_legacy_encoding_despite_wrong_declaration() -> None:
    html = (
        "<html><head><meta charset='utf-8'><title>Caf\u00e9</title></head><body><article>"
        "<p>The caf\u00e9 on Rue Mortain \u2013 shut since the curfew \u2013 reopened on "
        "Saturday, its owner said, \u201cwith bread and without fear\u201d.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    parsed = parse_document(_source(html, "text/html"), SETTINGS)
    assert "caf\u00e9 on Rue Mortain \u2013 shut" in parsed.text


def test_parse_uses_declared_charset() -> None:
    text = "Nachricht aus M\u00fcnster: die Stra\u00dfe ist wieder offen, sagte die Polizei."
    source = _source(text.encode("iso-8859-1"), "text/plain; charset=ISO-8859-1")
    assert parse_document(source, SETTINGS).text == text


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "text/html"),
        (b"<html><body>\x00\x00\x00</body></html>", None),
        (bytes(range(128, 256)) * 16, "text/plain"),
        (b"%PDF-1.4 plain enough bytes", "application/pdf"),
    ],
)
def test_parse_refuses_bytes_that_are_not_text(raw: bytes, content_type: str | None) -> None:
    assert _error(_source(raw, content_type)) is ErrorCode.NOT_HTML


def test_parse_sniffs_html_without_content_type() -> None:
    html = b"<!doctype html><html><body><p>Sniffed as HTML, not read as text.</p></body></html>"
    assert parse_document(_source(html, None), SETTINGS).text == (
        "Sniffed as HTML, not read as text."
    )


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [(b"", "text/plain"), (b"  \n\n ", "text/markdown"), (b"---\ntitle: Only\n---\n", None)],
)
def test_parse_empty_text(raw: bytes, content_type: str | None) -> None:
    assert _error(_source(raw, content_type)) is ErrorCode.EMPTY_TEXT


def test_parse_refuses_document_over_size_limit() -> None:
    source = _source(b"x" * 101, "text/plain")
    with pytest.raises(KhabarError) as caught:
        parse_document(source, Settings(max_document_bytes=100))
    assert caught.value.code is ErrorCode.TOO_LARGE


def test_parse_markdown_front_matter() -> None:
    parsed = _parse_file(FIXTURES / "notes" / "front_matter.md")
    assert parsed.title == "Ferry service resumes after a week of shelling"
    assert parsed.author == "Ilse Marwood"
    assert parsed.outlet == "Delta Courier"
    assert parsed.url == "https://courier.example.net/2024/02/ferry-resumes"
    assert parsed.published_at == datetime(2024, 2, 19, tzinfo=UTC)
    # A title was given, so the heading is part of the text; Markdown stays as written.
    assert parsed.text.startswith("# Ferry service resumes after a week of shelling\n\nThe ferry")
    assert "**artillery fire**" in parsed.text
    assert parsed.text.endswith("nobody was hurt.")


def test_parse_markdown_heading_becomes_title() -> None:
    parsed = _parse_file(FIXTURES / "notes" / "heading_only.md")
    assert parsed.title == "Militia withdraws from three hill villages"
    assert parsed.text.startswith("Fighters of the Stone Ridge militia")
    assert "\n\nThe elders said" in parsed.text


def test_parse_text_front_matter_with_time_and_quotes() -> None:
    parsed = _parse_file(FIXTURES / "notes" / "front_matter.txt")
    assert parsed.title == "Aid convoy turned back at Merrow bridge"
    assert parsed.author == "Joss Ambry"
    assert parsed.published_at == datetime(2024, 5, 2, 16, 45, tzinfo=timezone(timedelta(hours=2)))
    assert parsed.language == "en"
    assert parsed.text.startswith("An aid convoy of twelve trucks")


def test_parse_text_without_front_matter() -> None:
    parsed = _parse_file(FIXTURES / "notes" / "plain.txt")
    assert (parsed.title, parsed.author, parsed.published_at, parsed.url) == (None,) * 4
    assert parsed.text.startswith("A curfew was declared")
    assert parsed.text.endswith("a parked van.")


def test_parse_text_heading_is_not_a_title() -> None:
    parsed = parse_document(_source(b"# Not a title\n\nBody.", "text/plain"), SETTINGS)
    assert parsed.title is None
    assert parsed.text == "# Not a title\n\nBody."


def test_parse_rule_is_not_front_matter() -> None:
    raw = b"---\nA line of prose between rules.\n---\nMore prose."
    parsed = parse_document(_source(raw, "text/markdown"), SETTINGS)
    assert parsed.title is None
    assert parsed.text == raw.decode()


def test_parse_normalises_line_endings() -> None:
    raw = b"---\r\ntitle: Windows file\r\n---\r\nFirst line.\r\n\r\nSecond line.\r\n"
    parsed = parse_document(_source(raw, "text/plain"), SETTINGS)
    assert parsed.title == "Windows file"
    assert parsed.text == "First line.\n\nSecond line."


def test_parse_bad_front_matter_date_is_none() -> None:
    raw = b"---\ndate: last Tuesday\n---\nBody."
    assert parse_document(_source(raw, "text/plain"), SETTINGS).published_at is None


def test_parse_text_from_url_keeps_the_url() -> None:
    source = SourceDocument(
        source="https://wire.example/a.txt",
        source_kind="url",
        raw=b"Plain wire copy.",
        content_type="text/plain",
        fetched_at=NOW,
        final_url="https://wire.example/b.txt",
    )
    assert parse_document(source, SETTINGS).url == "https://wire.example/b.txt"


def test_parse_tree_htmldate_cannot_prune_is_not_html() -> None:
    """Found by the 100k fuzz run: an <svg> root made htmldate assert inside trafilatura."""
    assert _error(_source(b"<SVG>HTML", "text/html")) is ErrorCode.NOT_HTML
