"""Analysts' articles (DESIGN §4): Markdown in, sanitised HTML out, ingested when published.

Publishing hands the article to the pipeline like any other document (`source_kind`
"article"), so the events and claims it describes are extracted and stored with evidence, and
the article links to the document version read last. Ingest is idempotent by the raw bytes: a
re-publish without an edit finds the same document, one after an edit stores a new version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import nh3
from markdown_it import MarkdownIt
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from khabar.discuss import text, users
from khabar.discuss.signing import as_utc
from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import SourceDocument
from khabar.store import audit
from khabar.store import models as m
from khabar.store.queries import keyset

WRITERS = frozenset(users.ROLES)
STATUSES = ("draft", "published")
SORTS: dict[str, tuple[Any, bool]] = {
    "newest": (m.Article.id, True),
    "published": (m.Article.published_at, True),
    "title": (func.lower(m.Article.title), False),
}
"""`sort=` of the article list, (key, descending): newest written, most recently published
(drafts last), or by title in any case."""
MAX_TITLE = 300
MAX_BODY = 100_000
MAX_TAGS = 12
MAX_TAG = 40
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
"""The page's own title is the only h1."""

Ingest = Callable[[SourceDocument], int]
"""Stores a source through the pipeline and returns its document's id."""

_markdown = MarkdownIt("zero", {"html": False}).enable([*text.RULES, "heading", "lheading"])


def render(markdown: str) -> str:
    """Sanitised HTML for an article body: the comments' Markdown subset plus headings, raw
    HTML escaped and nh3 run on the result, links http(s) only."""
    return nh3.clean(
        _markdown.render(markdown),
        tags=text.TAGS | HEADINGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer",
    )


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """What the article form sends; `tags` comma-separated."""

    title: str
    body: str
    tags: str = ""

    def checked(self) -> tuple[str, str, list[str]]:
        """Title, body and tags, or `bad_argument` naming the field at fault."""
        title, body = " ".join(self.title.split()), self.body.strip()
        if not title or len(title) > MAX_TITLE:
            raise _bad(f"title: 1 to {MAX_TITLE} characters.")
        if not body or len(body) > MAX_BODY:
            raise _bad(f"body: 1 to {MAX_BODY} characters.")
        tags = list(dict.fromkeys(t.strip().lower() for t in self.tags.split(",") if t.strip()))
        if len(tags) > MAX_TAGS or any(len(tag) > MAX_TAG for tag in tags):
            raise _bad(f"tags: at most {MAX_TAGS}, each at most {MAX_TAG} characters.")
        return title, body, tags


@dataclass(frozen=True, slots=True)
class ArticleEvent:
    """An event read from the article's latest ingested version."""

    id: int
    event_type: str
    sub_event_type: str
    date: dt.date | None
    curation_status: str


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: int
    title: str
    author: str
    status: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


@dataclass(frozen=True, slots=True)
class ArticlePage:
    items: list[ArticleSummary]
    next_after: int | None
    """Pass as `after_id` for the next page; `None` on the last page."""


@dataclass(frozen=True, slots=True)
class ArticleDetail(ArticleSummary):
    html: str
    body_markdown: str
    document_id: int | None
    events: list[ArticleEvent]


def _bad(message: str) -> KhabarError:
    return KhabarError(ErrorCode.BAD_ARGUMENT, message)


def _state(row: m.Article) -> dict[str, object]:
    """What the audit log keeps of an article."""
    return {
        "title": row.title,
        "tags": list(row.tags),
        "status": row.status,
        "document_id": row.document_id,
        "body": row.body_markdown,
    }


def may_write(user: m.User | None) -> bool:
    return user is not None and user.role in WRITERS


def may_edit(user: m.User | None, row: m.Article) -> bool:
    """The author, or an admin."""
    return user is not None and (user.id == row.author_id or user.role == "admin")


def visible(session: Session, article_id: int, user: m.User | None) -> m.Article:
    """The article if `user` may read it: a draft is `not_found` to all but its author and
    admins, so its existence does not leak."""
    row = session.get(m.Article, article_id)
    if row is None or (row.status != "published" and not may_edit(user, row)):
        raise KhabarError(ErrorCode.NOT_FOUND, f"Article {article_id}")
    return row


def editable(session: Session, article_id: int, user: m.User) -> m.Article:
    row = visible(session, article_id, user)
    if not may_edit(user, row):
        raise KhabarError(ErrorCode.FORBIDDEN, "edit another analyst's article")
    return row


def source(row: m.Article, published_at: datetime) -> SourceDocument:
    """The article as the pipeline reads it: Markdown with a front matter block, so the
    document gets the title, author and date."""
    front = (
        f"---\ntitle: {row.title}\nauthor: {row.author.name}\n"
        f"date: {as_utc(published_at).date().isoformat()}\n---\n"
    )
    return SourceDocument(
        source=f"/articles/{row.id}",
        source_kind="article",
        raw=(front + row.body_markdown + "\n").encode("utf-8"),
        content_type="text/markdown; charset=utf-8",
        fetched_at=published_at,
    )


def create(session: Session, author: m.User, draft: ArticleDraft, now: datetime) -> m.Article:
    """A new draft by `author`."""
    title, body, tags = draft.checked()
    row = m.Article(
        title=title,
        body_markdown=body,
        body_html=render(body),
        tags=tags,
        status="draft",
        author=author,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        who=author.name,
        action="article.create",
        entity="article",
        entity_id=row.id,
        after=_state(row),
    )
    return row


def update(
    session: Session,
    row: m.Article,
    draft: ArticleDraft,
    who: str,
    now: datetime,
    ingest: Ingest,
) -> m.Article:
    """Save an edit; a published article is ingested again, so its document is the text
    readers see."""
    title, body, tags = draft.checked()
    before = _state(row)
    row.title, row.body_markdown, row.body_html, row.tags = title, body, render(body), tags
    row.updated_at = now
    if row.status == "published":
        row.document_id = ingest(source(row, row.published_at or now))
    audit.append(
        session,
        who=who,
        action="article.edit",
        entity="article",
        entity_id=row.id,
        before=before,
        after=_state(row),
    )
    return row


def publish(session: Session, row: m.Article, who: str, now: datetime, ingest: Ingest) -> None:
    """Publish (the first date is kept) and ingest the text as a document."""
    before = _state(row)
    published_at = row.published_at or now
    row.document_id = ingest(source(row, published_at))
    row.status, row.published_at, row.updated_at = "published", published_at, now
    audit.append(
        session,
        who=who,
        action="article.publish",
        entity="article",
        entity_id=row.id,
        before=before,
        after=_state(row),
    )


def unpublish(session: Session, row: m.Article, who: str, now: datetime) -> None:
    """Back to draft; the ingested document and its events stay (they are evidence)."""
    before = _state(row)
    row.status, row.updated_at = "draft", now
    audit.append(
        session,
        who=who,
        action="article.unpublish",
        entity="article",
        entity_id=row.id,
        before=before,
        after=_state(row),
    )


def summaries(
    session: Session,
    user: m.User | None,
    *,
    status: str | None = None,
    author: str | None = None,
    sort: str = "newest",
    after_id: int | None = None,
    limit: int = 50,
) -> ArticlePage:
    """One page of the published articles and the drafts `user` may see, in `sort` order (see
    `SORTS`), keyset-paged after `after_id`; `author` is a display name."""
    if sort not in SORTS:
        raise _bad(f"sort={sort!r}: choose one of {', '.join(SORTS)}.")
    if status is not None and status not in STATUSES:
        raise _bad(f"status={status!r}: choose one of {', '.join(STATUSES)}.")
    query = select(m.Article).options(selectinload(m.Article.author))
    if user is None:
        query = query.where(m.Article.status == "published")
    elif user.role != "admin":
        query = query.where((m.Article.status == "published") | (m.Article.author_id == user.id))
    if status is not None:
        query = query.where(m.Article.status == status)
    if author is not None:
        query = query.where(m.Article.author.has(m.User.name == author))
    key, descending = SORTS[sort]
    query = keyset(session, query, key, m.Article.id, descending, after_id, "article")
    rows = session.scalars(query.limit(limit + 1)).all()
    items = [ArticleSummary(*_summary_fields(row)) for row in rows[:limit]]
    return ArticlePage(items, items[-1].id if len(rows) > limit else None)


_SummaryFields = tuple[int, str, str, str, list[str], datetime, datetime, datetime | None]


def _summary_fields(row: m.Article) -> _SummaryFields:
    """The fields an `ArticleSummary` and the start of an `ArticleDetail` share, in order."""
    return (
        row.id,
        row.title,
        row.author.name,
        row.status,
        list(row.tags),
        as_utc(row.created_at),
        as_utc(row.updated_at),
        as_utc(row.published_at) if row.published_at else None,
    )


def detail(session: Session, row: m.Article) -> ArticleDetail:
    return ArticleDetail(
        *_summary_fields(row),
        html=row.body_html,
        body_markdown=row.body_markdown,
        document_id=row.document_id,
        events=_events(session, row.document_id),
    )


def _events(session: Session, document_id: int | None) -> list[ArticleEvent]:
    if document_id is None:
        return []
    rows = session.scalars(
        select(m.Event)
        .join(m.Report, m.Report.event_id == m.Event.id)
        .where(m.Report.document_id == document_id)
        .distinct()
        .order_by(m.Event.id)
    )
    return [
        ArticleEvent(e.id, e.event_type, e.sub_event_type, e.date, e.curation_status) for e in rows
    ]
