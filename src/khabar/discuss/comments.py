"""Comment threads on any subject, with classic blog semantics (DESIGN §4).

A subject is a `kind` and an id (`event` now; articles reuse the same threads). Every spam
check runs before anything is stored, and a check that fails unexpectedly rejects the comment
(fail closed). The author's email is reduced to a keyed hash at once and never kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from khabar.discuss import text
from khabar.discuss.signing import Signer, as_utc
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings
from khabar.store import audit
from khabar.store import models as m
from khabar.store.queries import MAX_ID, keyset

log = logging.getLogger(__name__)

MAX_DEPTH = 5
EDIT_MINUTES = 15
FORM_PURPOSE = "comment-form"
EDIT_PURPOSE = "comment-edit"
STATUSES = ("pending", "approved", "rejected", "spam", "deleted")
QUEUE_SORTS = {"oldest": False, "newest": True}
"""`sort=` of the moderation queue: whether it runs newest first."""
MODERATION_ACTIONS = {"approve": "approved", "reject": "rejected", "spam": "spam"}
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MAX_NAME = 100
MAX_EMAIL = 254
MAX_WEBSITE = 200


@dataclass(frozen=True, slots=True)
class Draft:
    """What a comment form sends; `homepage` is the honeypot a person never sees."""

    name: str
    email: str
    body: str
    website: str = ""
    parent_id: int | None = None
    form_token: str = ""
    homepage: str = ""


@dataclass(slots=True)
class CommentView:
    """A published comment: no email, no address hash, no author key."""

    id: int
    parent_id: int | None
    depth: int
    author_name: str
    website: str | None
    avatar: str
    html: str
    created_at: datetime
    edited_at: datetime | None
    visible: bool
    """False for a removed comment kept as a placeholder because it has visible replies."""
    replies: list[CommentView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Thread:
    subject_kind: str
    subject_id: int
    count: int
    """Approved comments: the "N replies" of the page."""
    comments: list[CommentView]
    form_token: str
    max_depth: int = MAX_DEPTH


@dataclass(frozen=True, slots=True)
class QueueItem:
    id: int
    subject_kind: str
    subject_id: int
    author_name: str
    website: str | None
    body_markdown: str
    html: str
    status: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class QueuePage:
    items: list[QueueItem]
    total: int
    """Every waiting comment under the filter, not just this page."""
    next_after: int | None
    """Pass as `after_id` for the next page; `None` on the last page."""


@dataclass(frozen=True, slots=True)
class Posted:
    id: int
    status: str
    token: str
    """Lets the author edit or delete the comment for `EDIT_MINUTES`."""
    comment: CommentView
    """As the thread will show it once approved: what a page inserts without reloading."""


def _reject(message: str) -> KhabarError:
    return KhabarError(ErrorCode.COMMENT_REJECTED, message)


def _view(row: m.Comment, visible: bool) -> CommentView:
    return CommentView(
        id=row.id,
        parent_id=row.parent_id,
        depth=row.depth,
        author_name=row.author_name if visible else "",
        website=row.website if visible else None,
        avatar=text.avatar(row.author_key) if visible else "",
        html=row.body_html if visible else "",
        created_at=as_utc(row.created_at),
        edited_at=as_utc(row.edited_at) if row.edited_at else None,
        visible=visible,
    )


class Discussion:
    """Posting, reading and moderating comments, given the settings and a clocked signer."""

    def __init__(self, settings: Settings, signer: Signer) -> None:
        self.settings = settings
        self.signer = signer

    def form_token(self) -> str:
        """Goes into every comment form: proves when the form was served."""
        return self.signer.sign(FORM_PURPOSE, "")

    def thread(self, session: Session, kind: str, subject_id: int) -> Thread:
        """Approved comments as a tree; removed ones stay as placeholders only where an
        approved reply hangs below them."""
        rows = session.scalars(
            select(m.Comment)
            .where(m.Comment.subject_kind == kind, m.Comment.subject_id == subject_id)
            .order_by(m.Comment.created_at, m.Comment.id)
        ).all()
        views = {row.id: _view(row, row.status == "approved") for row in rows}
        roots: list[CommentView] = []
        for view in views.values():
            parent = views.get(view.parent_id) if view.parent_id is not None else None
            (parent.replies if parent else roots).append(view)

        def keep(view: CommentView) -> bool:
            view.replies = [reply for reply in view.replies if keep(reply)]
            return view.visible or bool(view.replies)

        comments = [view for view in roots if keep(view)]
        count = sum(1 for row in rows if row.status == "approved")
        return Thread(kind, subject_id, count, comments, self.form_token())

    def approved(self, session: Session, kind: str, subject_id: int) -> list[CommentView]:
        """Newest first, for the Atom feed."""
        rows = session.scalars(
            select(m.Comment)
            .where(
                m.Comment.subject_kind == kind,
                m.Comment.subject_id == subject_id,
                m.Comment.status == "approved",
            )
            .order_by(m.Comment.created_at.desc(), m.Comment.id.desc())
        ).all()
        return [_view(row, True) for row in rows]

    def post(self, session: Session, kind: str, subject_id: int, draft: Draft, ip: str) -> Posted:
        """Check `draft`, then store it (pending or approved); raises `comment_rejected` or
        `rate_limited` with a message that never repeats the email."""
        try:
            values = self._checked(session, draft, ip)
        except KhabarError:
            raise
        except Exception as exc:
            log.exception("a spam check failed; the comment was refused")
            raise _reject("a check could not be run; please try again later.") from exc
        parent = self._parent(session, kind, subject_id, draft.parent_id)
        now = self.signer.clock()
        author_key = values["author_key"]
        known = session.scalar(
            select(m.Comment.id)
            .where(m.Comment.author_key == author_key, m.Comment.status == "approved")
            .limit(1)
        )
        held = self.settings.moderate_new_authors and known is None
        row = m.Comment(
            subject_kind=kind,
            subject_id=subject_id,
            parent_id=parent.id if parent else None,
            depth=parent.depth + 1 if parent else 1,
            status="pending" if held else "approved",
            created_at=now,
            **values,
        )
        session.add(row)
        session.flush()
        token = self.signer.sign(EDIT_PURPOSE, row.id)
        return Posted(row.id, row.status, token, _view(row, True))

    def _checked(self, session: Session, draft: Draft, ip: str) -> dict[str, Any]:
        """Every spam and validity check, cheapest first, and the values to store."""
        if draft.homepage.strip():
            raise _reject("it filled in a field people cannot see, so it looks automated.")
        stamped = self.signer.unsign(
            FORM_PURPOSE, draft.form_token, self.settings.comment_max_form_age
        )
        if stamped is None:
            raise _reject("the form is too old or was altered; reload the page and send again.")
        if stamped[1] < self.settings.comment_min_seconds:
            raise _reject("it was sent too quickly after the page loaded; wait and send again.")
        name, email, website = draft.name.strip(), draft.email.strip(), draft.website.strip()
        body = draft.body.strip()
        if not name or len(name) > MAX_NAME:
            raise _reject(f"a name is required, at most {MAX_NAME} characters.")
        if len(email) > MAX_EMAIL or not EMAIL.match(email):
            raise _reject("a valid email address is required (it is never published).")
        if len(website) > MAX_WEBSITE or (website and not _is_web_url(website)):
            raise _reject(
                f"the website must be an http(s) address of at most {MAX_WEBSITE} characters."
            )
        if not body:
            raise _reject("the comment is empty.")
        if len(body) > self.settings.comment_max_chars:
            raise _reject(
                f"the comment is longer than {self.settings.comment_max_chars} characters."
            )
        if text.count_links(body) > self.settings.comment_max_links:
            raise _reject(f"it has more than {self.settings.comment_max_links} links.")
        ip_hash = self.signer.keyed_hash("ip", ip)
        since = self.signer.clock() - timedelta(seconds=self.settings.comment_rate_window)
        recent = session.scalar(
            select(func.count(m.Comment.id)).where(
                m.Comment.ip_hash == ip_hash, m.Comment.created_at > since
            )
        )
        if recent is None or recent >= self.settings.comment_rate_limit:
            minutes = max(1, self.settings.comment_rate_window // 60)
            raise KhabarError(
                ErrorCode.RATE_LIMITED,
                f"Too many comments from your address; wait up to {minutes} minutes.",
                retry_after=self.settings.comment_rate_window,
            )
        return {
            "author_name": name,
            "author_key": self.signer.keyed_hash("email", email.lower()),
            "website": website or None,
            "body_markdown": body,
            "body_html": text.render(body),
            "ip_hash": ip_hash,
        }

    def _parent(
        self, session: Session, kind: str, subject_id: int, parent_id: int | None
    ) -> m.Comment | None:
        """The comment a reply hangs under: a reply to a depth-5 comment becomes its sibling,
        so no thread is deeper than `MAX_DEPTH`."""
        if parent_id is None:
            return None
        parent = session.get(m.Comment, parent_id) if 0 < parent_id <= MAX_ID else None
        if parent is None or (parent.subject_kind, parent.subject_id) != (kind, subject_id):
            raise _reject(f"comment {parent_id} is not in this thread.")
        while parent.depth >= MAX_DEPTH and parent.parent_id is not None:
            parent = session.get_one(m.Comment, parent.parent_id)
        return parent

    def _by_token(self, session: Session, comment_id: int, token: str) -> m.Comment:
        found = self.signer.unsign(EDIT_PURPOSE, token, EDIT_MINUTES * 60)
        if found is None or found[0] != comment_id:
            raise KhabarError(ErrorCode.EDIT_LINK_INVALID, "The edit link is wrong or has expired")
        row = session.get(m.Comment, comment_id)
        if row is None or row.status in ("deleted", "spam", "rejected"):
            raise KhabarError(ErrorCode.NOT_FOUND, f"Comment {comment_id}")
        return row

    def own(self, session: Session, comment_id: int, token: str) -> QueueItem:
        """The author's view of their comment, whatever its status."""
        return _queue_item(self._by_token(session, comment_id, token))

    def edit_own(self, session: Session, comment_id: int, token: str, body: str) -> m.Comment:
        row = self._by_token(session, comment_id, token)
        self._set_body(row, body)
        audit.append(
            session, who="author", action="comment.edit", entity="comment", entity_id=row.id
        )
        return row

    def delete_own(self, session: Session, comment_id: int, token: str) -> m.Comment:
        row = self._by_token(session, comment_id, token)
        before = row.status
        row.status, row.body_markdown, row.body_html = "deleted", "", ""
        audit.append(
            session,
            who="author",
            action="comment.delete",
            entity="comment",
            entity_id=row.id,
            before={"status": before},
            after={"status": "deleted"},
        )
        return row

    def _set_body(self, row: m.Comment, body: str) -> None:
        body = body.strip()
        if not body or len(body) > self.settings.comment_max_chars:
            raise _reject(
                f"the comment must have 1 to {self.settings.comment_max_chars} characters."
            )
        if text.count_links(body) > self.settings.comment_max_links:
            raise _reject(f"it has more than {self.settings.comment_max_links} links.")
        row.body_markdown, row.body_html = body, text.render(body)
        row.edited_at = self.signer.clock()

    def queue(
        self,
        session: Session,
        *,
        kind: str | None = None,
        sort: str = "oldest",
        after_id: int | None = None,
        limit: int = 50,
    ) -> QueuePage:
        """One page of the comments waiting for a moderator, on subjects of `kind` if given,
        in `sort` order (see `QUEUE_SORTS`), keyset-paged after `after_id`."""
        if sort not in QUEUE_SORTS:
            raise KhabarError(
                ErrorCode.BAD_ARGUMENT, f"sort={sort!r}: choose one of {', '.join(QUEUE_SORTS)}."
            )
        waiting = select(m.Comment).where(m.Comment.status == "pending")
        if kind is not None:
            waiting = waiting.where(m.Comment.subject_kind == kind)
        total = session.scalar(select(func.count()).select_from(waiting.subquery())) or 0
        descending = QUEUE_SORTS[sort]
        query = keyset(
            session, waiting, m.Comment.id, m.Comment.id, descending, after_id, "comment"
        )
        rows = session.scalars(query.limit(limit + 1)).all()
        items = [_queue_item(row) for row in rows[:limit]]
        return QueuePage(items, total, items[-1].id if len(rows) > limit else None)

    def moderate(
        self, session: Session, comment_id: int, action: str, who: str, body: str | None = None
    ) -> m.Comment:
        """approve / reject / spam / edit, each written to the audit log."""
        row = session.get(m.Comment, comment_id)
        if row is None:
            raise KhabarError(ErrorCode.NOT_FOUND, f"Comment {comment_id}")
        before = {"status": row.status, "body": row.body_markdown}
        if action == "edit":
            self._set_body(row, body or "")
        elif action in MODERATION_ACTIONS:
            row.status = MODERATION_ACTIONS[action]
        else:
            raise KhabarError(ErrorCode.BAD_ARGUMENT, f"{action!r} is not a moderation action.")
        after = {"status": row.status, "body": row.body_markdown}
        audit.append(
            session,
            who=who,
            action=f"comment.{action}",
            entity="comment",
            entity_id=row.id,
            before=before,
            after=after,
        )
        return row


def _queue_item(row: m.Comment) -> QueueItem:
    return QueueItem(
        id=row.id,
        subject_kind=row.subject_kind,
        subject_id=row.subject_id,
        author_name=row.author_name,
        website=row.website,
        body_markdown=row.body_markdown,
        html=row.body_html,
        status=row.status,
        created_at=as_utc(row.created_at),
    )


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. "http://[": a malformed address, not a failed check
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
