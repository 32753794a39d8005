"""Articles as a service on both backends: rendering, checks, visibility, publishing and the
audit trail. Ingest is stubbed here; tests/web/test_articles.py runs the real pipeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from khabar.discuss import articles, users
from khabar.discuss.articles import ArticleDraft
from khabar.errors import KhabarError
from khabar.ingest.types import SourceDocument
from khabar.store import models as m
from khabar.store.repository import Store, sha256

from .conftest import START
from .test_security import assert_inert

PASSWORD = "correct horse battery"  # noqa: S105
BODY = "## Background\n\nA *short* [note](https://example.org).\n\n> quoted\n\n- one\n- two\n"


class FakeIngest:
    """Stores a bare document per distinct text in `session`, as ingest by raw hash does."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.calls: list[SourceDocument] = []

    def __call__(self, item: SourceDocument) -> int:
        self.calls.append(item)
        key = sha256(item.raw)
        found = self.session.scalar(select(m.Document.id).where(m.Document.raw_sha256 == key))
        if found is not None:
            return found
        row = m.Document(
            source=item.source,
            source_kind=item.source_kind,
            fetched_at=item.fetched_at,
            raw_sha256=key,
            status="extracted",
        )
        self.session.add(row)
        self.session.flush()
        return row.id


def add_user(store: Store, name: str, role: str = "analyst") -> int:
    with store.session() as session, session.begin():
        user = users.add_user(
            session, name=name, email=f"{name}@example.org", role=role, password=PASSWORD, who="t"
        )
        session.flush()
        return user.id


def audit_actions(store: Store, article_id: int) -> list[str]:
    with store.session() as session:
        return list(
            session.scalars(
                select(m.AuditLog.action)
                .where(m.AuditLog.entity == "article", m.AuditLog.entity_id == article_id)
                .order_by(m.AuditLog.id)
            )
        )


def test_articles_render_allows_the_subset_and_nothing_active() -> None:
    html = articles.render(BODY + "\n`x` and\n\n```\ncode\n```\n")
    for tag in ("<h2>", "<em>", "<blockquote>", "<ul>", "<li>", "<code>", "<pre>"):
        assert tag in html
    assert 'href="https://example.org"' in html
    evil = articles.render(
        "# t\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert_inert(evil)
    assert 'href="javascript' not in evil.lower()
    assert "<h1>" not in evil


def test_articles_draft_checks_fields() -> None:
    assert ArticleDraft(" A \n title ", " b ", "War, war , Ghazni").checked() == (
        "A title",
        "b",
        ["war", "ghazni"],
    )
    for bad in (ArticleDraft("", "b"), ArticleDraft("t", "  "), ArticleDraft("t", "b", "x" * 41)):
        with pytest.raises(KhabarError, match="bad_argument"):
            bad.checked()


def test_articles_publish_edit_unpublish_are_ingested_and_audited(store: Store) -> None:
    author_id = add_user(store, "amira")
    with store.session() as session, session.begin():
        ingest = FakeIngest(session)
        author = session.get_one(m.User, author_id)
        row = articles.create(session, author, ArticleDraft("Title", BODY, "ghazni"), START)
        article_id = row.id
        assert (row.status, row.document_id, ingest.calls) == ("draft", None, [])
        articles.publish(session, row, "amira", START + timedelta(hours=1), ingest)
        first = row.document_id
        assert row.status == "published"
        assert first is not None
        [item] = ingest.calls
        assert (item.source_kind, item.source) == ("article", f"/articles/{article_id}")
        assert item.raw.startswith(b"---\ntitle: Title\nauthor: amira\ndate: 2026-11-01\n---\n")
        articles.publish(session, row, "amira", START + timedelta(hours=2), ingest)
        assert row.document_id == first, "the same text is the same document"
        assert row.published_at == START + timedelta(hours=1), "the first date is kept"
        articles.update(
            session, row, ArticleDraft("Title", BODY + "\nMore."), "amira", START, ingest
        )
        second = row.document_id
        assert second not in (None, first), "an edit of a published article is a new version"
        articles.unpublish(session, row, "amira", START)
        assert (row.status, row.document_id) == ("draft", second)
    assert audit_actions(store, article_id) == [
        "article.create",
        "article.publish",
        "article.publish",
        "article.edit",
        "article.unpublish",
    ]


def test_articles_drafts_visible_only_to_author_and_admins(store: Store) -> None:
    author_id = add_user(store, "amira")
    other_id = add_user(store, "omar")
    admin_id = add_user(store, "root", "admin")
    with store.session() as session, session.begin():
        author = session.get_one(m.User, author_id)
        draft = articles.create(session, author, ArticleDraft("Draft", "b"), START)
        published = articles.create(session, author, ArticleDraft("Out", "b"), START)
        articles.publish(session, published, "amira", START, FakeIngest(session))
        other, admin = session.get_one(m.User, other_id), session.get_one(m.User, admin_id)
        for user in (None, other):
            assert [a.title for a in articles.summaries(session, user).items] == ["Out"]
            with pytest.raises(KhabarError, match="not_found"):
                articles.visible(session, draft.id, user)
        for user in (author, admin):
            assert [a.title for a in articles.summaries(session, user).items] == ["Out", "Draft"]
            assert articles.visible(session, draft.id, user) is draft
        with pytest.raises(KhabarError, match="another analyst"):
            articles.editable(session, published.id, other)
        assert articles.editable(session, published.id, admin) is published
