"""Hostile Markdown and comment forms: safe HTML and clean refusals, never a crash.

Articles and comments are written by people khabar does not trust. Whatever they send, the
rendered HTML may hold only the allow-listed tags with http(s) links, and a comment is either
stored or refused with a message that names the problem: never the internal "a check could not
be run" (that path is for failures of khabar itself) and never the commenter's email address.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import TypeVar
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from khabar.discuss import articles, text
from khabar.discuss.comments import Discussion, Draft
from khabar.discuss.signing import Signer
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings
from khabar.store.repository import Store

from .conftest import Budget

FRAGMENTS = st.sampled_from(
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](data:text/html,<b>)",
        "[x](http://example.org/a?b=<c>)",
        "[x](//evil.example)",
        "[x]( java\tscript:1)",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<a href='javascript:1'>y</a>",
        "<iframe src=//x>",
        "<style>*{}</style>",
        "&lt;b&gt;",
        "`code`",
        "```\n<script>\n```",
        "> quote",
        "* item",
        "1. item",
        "# heading",
        "---",
        "**bold**",
        "_em_",
        "![i](http://x/y.png)",
        "http://a.example/",
        "www.b.example",
        "<http://c.example>",
        "<javascript:alert(1)>",
        "\\",
        "\n",
        "\n\n",
        "\x00",
        "\u202e",
        "\ufeff",
        "🙂",
        "&#x6A;avascript:",
        "[a][b]\n\n[b]: javascript:alert(1)",
        "](",
        "<",
        '"',
        "'",
        "=",
        "onmouseover=alert(1)",
    ]
)
MARKDOWN = st.lists(st.one_of(FRAGMENTS, st.text(max_size=20)), max_size=12).map("".join)
EMAIL = "private.person@example.org"
T = TypeVar("T")


class _Tags(HTMLParser):
    """Every start tag with its attributes, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.seen: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append((tag, attrs))


def _attempt(call: Callable[[], T]) -> T | KhabarError:
    """The call's result, or the KhabarError it raised (anything else fails the test)."""
    try:
        return call()
    except KhabarError as error:
        return error


def _check_safe(html: str, allowed: set[str]) -> None:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.seen:
        assert tag in allowed, html
        for name, value in attrs:
            assert name in {"href", "rel"}, html
            if name == "href":
                assert urlsplit(value or "").scheme in {"", "http", "https"}, html


def test_text_comment_markdown_renders_only_allowed_markup(budget: Budget) -> None:
    @budget.settings("markdown")
    @given(MARKDOWN)
    def check(markdown: str) -> None:
        budget.seen("markdown")
        _check_safe(text.render(markdown), text.TAGS)
        assert text.count_links(markdown) >= 0

    check()


def test_articles_markdown_renders_only_allowed_markup(budget: Budget) -> None:
    @budget.settings("articles")
    @given(MARKDOWN, st.text(max_size=400), st.text(max_size=200))
    def check(markdown: str, title: str, tags: str) -> None:
        budget.seen("articles")
        _check_safe(articles.render(markdown), text.TAGS | articles.HEADINGS)
        checked = _attempt(articles.ArticleDraft(title, markdown, tags).checked)
        if isinstance(checked, KhabarError):
            assert checked.code is ErrorCode.BAD_ARGUMENT
        else:
            assert checked[0]
            assert checked[1]
            assert len(checked[2]) <= articles.MAX_TAGS

    check()


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(sqlite_url: str) -> Iterator[Store]:
    opened = Store.open(sqlite_url)
    yield opened
    opened.engine.dispose()


FIELD = st.one_of(FRAGMENTS, st.text(max_size=30), st.sampled_from(["", " ", EMAIL]))
WEBSITES = st.one_of(
    FIELD,
    st.sampled_from(
        [
            "http://[",
            "http://[::1",
            "https://]",
            "http://x:99999",
            "http://a b",
            "ftp://x",
            "https://example.org/" + "a" * 300,
            "javascript:alert(1)",
            "http:///",
            "//x",
        ]
    ),
)


def test_comments_any_form_is_stored_or_refused_cleanly(budget: Budget, store: Store) -> None:
    clock = _Clock()
    discussion = Discussion(Settings(comment_rate_limit=10**9), Signer("fuzz-secret", clock))

    @budget.settings("comments")
    # Mostly valid values, so that most forms get past the early checks to the later ones.
    @given(
        name=st.one_of(st.just("Reader"), FIELD),
        email=st.one_of(st.just(EMAIL), FIELD),
        body=MARKDOWN,
        website=WEBSITES,
        parent=st.one_of(st.none(), st.integers(-(2**63), 2**63)),
        honeypot=st.sampled_from(["", "", "", "x"]),
        age=st.sampled_from([10.0, 10.0, 10.0, 0.0, 10 * 86400.0]),
        signed_form=st.sampled_from([True, True, True, False]),
        other_token=st.sampled_from(["", "forged.token"]),
    )
    # Found by a 100k run: a parent id past SQLite's integers overflowed in the driver.
    @example("Reader", EMAIL, "A reply.", "", 2**63, "", 10.0, True, "")
    def check(
        name: str,
        email: str,
        body: str,
        website: str,
        parent: int | None,
        honeypot: str,
        age: float,
        signed_form: bool,
        other_token: str,
    ) -> None:
        budget.seen("comments")
        signed = discussion.form_token() if signed_form else other_token
        clock.now += timedelta(seconds=age)
        draft = Draft(name, email, body, website, parent, signed, honeypot)
        with store.session() as session:
            posted = _attempt(lambda: discussion.post(session, "event", 1, draft, "203.0.113.7"))
            session.rollback()
        # A commenter who types the address into a public field publishes it themselves.
        typed_publicly = any(EMAIL in field for field in (name, body, website))
        if isinstance(posted, KhabarError):
            assert posted.code in {ErrorCode.COMMENT_REJECTED, ErrorCode.NOT_FOUND}, posted
            assert "could not be run" not in posted.message, (draft, posted)
            assert typed_publicly or EMAIL not in posted.message
        else:
            _check_safe(posted.comment.html, text.TAGS)
            assert typed_publicly or EMAIL not in repr(posted.comment)

    check()
