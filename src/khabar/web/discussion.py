"""Routes of the discussion: comment threads under subjects, the author's edit link, login and
the moderation queue.

Forms work without JavaScript (POST, then redirect to a GET page). No GET changes anything;
every POST passes the `SameOrigin` middleware first (see `security.py`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import asdict, dataclass
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy.orm import Session

from khabar.discuss import atom, users
from khabar.discuss.comments import (
    QUEUE_SORTS,
    CommentView,
    Discussion,
    Draft,
    Posted,
    QueueItem,
    Thread,
)
from khabar.discuss.throttle import LoginThrottle
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store import queries
from khabar.store.repository import Store
from khabar.web import lists

COOKIE = "khabar_session"
SESSION_PURPOSE = "session"
Page = Callable[..., HTMLResponse]


async def _session(request: Request) -> AsyncIterator[Session]:
    """One session per request, from the store `create_app` was given. Async, though the
    session is not: opening one touches no database, and closing it only hands its connection
    back, so it is done on the event loop, sparing every request two trips through the thread
    pool (each a wait for the GIL under load)."""
    store: Store = request.app.state.store
    with store.session() as session:
        yield session


Db = Annotated[Session, Depends(_session)]
Text = Annotated[str, Form()]


@dataclass(frozen=True, slots=True)
class Subject:
    """Something a thread hangs under: its kind, where its page lives, and its title."""

    kind: str
    prefix: str
    title: Callable[[Session, int], str | None]
    """None when no such subject exists."""


def _event_title(session: Session, event_id: int) -> str | None:
    found = session.get(m.Event, event_id)
    return None if found is None else f"Event #{event_id}: {found.event_type}"


def _article_title(session: Session, article_id: int) -> str | None:
    """Only a published article has a thread: a draft is not there to discuss."""
    found = session.get(m.Article, article_id)
    return None if found is None or found.status != "published" else found.title


EVENT = Subject("event", "/events", _event_title)
ARTICLE = Subject("article", "/articles", _article_title)
SUBJECTS = {subject.kind: subject for subject in (EVENT, ARTICLE)}


@dataclass(frozen=True, slots=True)
class PostedView:
    id: int
    status: str
    token: str
    manage_url: str
    comment: CommentView
    """The comment as the page's script inserts it (no email: it is never kept)."""


@dataclass(frozen=True, slots=True)
class ModerationQueue:
    kind: str | None
    sort: str
    total: int
    """Every waiting comment under the filter, not just this page."""
    items: list[QueueItem]
    next_after: int | None
    next_url: str | None
    download: str
    """Every matching waiting comment as CSV."""


QueueKind = Annotated[str | None, Query(description="Subject kind: `event` or `article`")]
QueueSort = Annotated[str, Query(description="`oldest` (default) or `newest`")]
QUEUE_COLUMNS = (
    "id",
    "subject_kind",
    "subject_id",
    "author_name",
    "website",
    "status",
    "created_at",
    "body_markdown",
)
"""The queue's CSV columns; a commenter's email is never stored, so never among them."""


def _manage_url(posted: Posted) -> str:
    return f"/comments/{posted.id}/manage?{urlencode({'token': posted.token})}"


def _local(path: str) -> str:
    """Only a path on this site may be a redirect target (no open redirect)."""
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) else "/"


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _title(session: Session, subject: Subject, subject_id: int) -> str:
    found = subject.title(session, subject_id)
    if found is None:
        raise KhabarError(ErrorCode.NOT_FOUND, f"{subject.kind.capitalize()} {subject_id}")
    return found


def _draft(
    name: Text = "",
    email: Text = "",
    body: Text = "",
    website: Text = "",
    parent_id: Text = "",
    form_token: Text = "",
    homepage: Text = "",
) -> Draft:
    parent = int(parent_id) if parent_id.isdecimal() else None
    return Draft(name, email, body, website, parent, form_token, homepage)


Drafted = Annotated[Draft, Depends(_draft)]


def _discussion(request: Request) -> Discussion:
    found: Discussion = request.app.state.discussion
    return found


def _session_id(request: Request) -> str | None:
    """The id in the signed session cookie, if the cookie is genuine and unexpired."""
    cookie = request.cookies.get(COOKIE)
    discussion = _discussion(request)
    max_age = discussion.settings.session_hours * 3600
    found = discussion.signer.unsign(SESSION_PURPOSE, cookie, max_age) if cookie else None
    return None if found is None else str(found[0])


def current_user(request: Request, session: Db) -> m.User | None:
    sid = _session_id(request)
    if sid is None:
        return None
    return users.session_user(session, sid, _discussion(request).signer.clock)


CurrentUser = Annotated[m.User | None, Depends(current_user)]


def moderator(user: CurrentUser) -> m.User:
    if user is None:
        raise KhabarError(ErrorCode.LOGIN_REQUIRED, "moderate comments")
    if user.role not in users.MODERATORS:
        raise KhabarError(ErrorCode.FORBIDDEN, "moderate comments")
    return user


Moderator = Annotated[m.User, Depends(moderator)]


def register(app: FastAPI, page: Page, discussion: Discussion, settings: Settings) -> None:
    """Add the discussion routes to `app`; `page` renders a template like every other page."""
    app.state.discussion = discussion
    signer = discussion.signer
    store: Store = app.state.store
    throttle = app.state.login_throttle = LoginThrottle(store.session, settings, signer)
    max_age = settings.session_hours * 3600

    def post_comment(
        request: Request, session: Db, subject: Subject, subject_id: int, draft: Draft
    ) -> Posted:
        _title(session, subject, subject_id)
        posted = discussion.post(session, subject.kind, subject_id, draft, _client_ip(request))
        session.commit()
        return posted

    def add_subject_routes(subject: Subject) -> None:
        base = f"{subject.prefix}/{{subject_id:int}}"

        @app.get(f"{base}/comments.json", tags=["discussion"], summary="The comment thread")
        def thread_json(subject_id: int, session: Db) -> Thread:
            _title(session, subject, subject_id)
            return discussion.thread(session, subject.kind, subject_id)

        @app.get(
            f"{base}/comments.atom",
            tags=["discussion"],
            summary="Approved comments, Atom",
            response_class=Response,
            responses={200: {"content": {"application/atom+xml": {}}}},
        )
        def thread_atom(request: Request, subject_id: int, session: Db) -> Response:
            title = _title(session, subject, subject_id)
            body = atom.feed(
                title=f"Comments on {title}",
                base_url=str(request.base_url).rstrip("/"),
                page_path=f"{subject.prefix}/{subject_id}",
                comments=discussion.approved(session, subject.kind, subject_id),
                updated=signer.clock(),
            )
            return Response(body, media_type="application/atom+xml")

        @app.post(f"{base}/comments", include_in_schema=False)
        def comment_form(
            request: Request, subject_id: int, session: Db, drafted: Drafted
        ) -> RedirectResponse:
            posted = post_comment(request, session, subject, subject_id, drafted)
            return RedirectResponse(_manage_url(posted), status_code=303)

        @app.post(
            f"{base}/comments.json",
            tags=["discussion"],
            summary="Post a comment (form-encoded, like the page's form)",
            status_code=201,
        )
        def comment_json(
            request: Request, subject_id: int, session: Db, drafted: Drafted
        ) -> PostedView:
            posted = post_comment(request, session, subject, subject_id, drafted)
            return PostedView(
                posted.id, posted.status, posted.token, _manage_url(posted), posted.comment
            )

    for subject in SUBJECTS.values():
        add_subject_routes(subject)

    @app.get(
        "/comments/{comment_id:int}/manage", response_class=HTMLResponse, include_in_schema=False
    )
    def manage_page(
        request: Request, comment_id: int, session: Db, token: Annotated[str, Query()] = ""
    ) -> HTMLResponse:
        item = discussion.own(session, comment_id, token)
        subject = SUBJECTS[item.subject_kind]
        return page(
            request,
            "comment_manage.html",
            item=item,
            token=token,
            subject_url=f"{subject.prefix}/{item.subject_id}",
        )

    @app.post("/comments/{comment_id:int}/edit", include_in_schema=False)
    def edit_own(comment_id: int, session: Db, token: Text = "", body: Text = "") -> Response:
        discussion.edit_own(session, comment_id, token, body)
        session.commit()
        url = f"/comments/{comment_id}/manage?{urlencode({'token': token})}"
        return RedirectResponse(url, status_code=303)

    @app.post("/comments/{comment_id:int}/delete", include_in_schema=False)
    def delete_own(comment_id: int, session: Db, token: Text = "") -> Response:
        row = discussion.delete_own(session, comment_id, token)
        session.commit()
        subject = SUBJECTS[row.subject_kind]
        return RedirectResponse(f"{subject.prefix}/{row.subject_id}#comments", status_code=303)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, user: CurrentUser, next: str = "/") -> HTMLResponse:
        return page(request, "login.html", user=user, next=_local(next))

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request, session: Db, name: Text = "", password: Text = "", next: Text = "/"
    ) -> Response:
        address = _client_ip(request)
        attempt = throttle.attempt(address, name)
        user = users.authenticate(session, name, password)
        throttle.succeeded(attempt)
        sid = users.start_session(
            session, user, settings.session_hours, _session_id(request), signer.clock
        )
        session.commit()
        response = RedirectResponse(_local(next), status_code=303)
        response.set_cookie(
            COOKIE,
            signer.sign(SESSION_PURPOSE, sid),
            max_age=max_age,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, session: Db) -> Response:
        sid = _session_id(request)
        if sid is not None:
            users.end_session(session, sid)
            session.commit()
        response = RedirectResponse("/", status_code=303)
        response.delete_cookie(COOKIE, httponly=True, samesite="lax")
        return response

    def moderation_queue(
        request: Request,
        session: Session,
        kind: str | None,
        sort: str,
        after: str | None,
        limit: int,
    ) -> ModerationQueue:
        kind = (kind or "").strip() or None
        found = discussion.queue(
            session, kind=kind, sort=sort, after_id=lists.cursor(after), limit=limit
        )
        params = {"kind": kind} if kind else {}
        listed = {**params, "sort": sort} if sort != "oldest" else params
        next_url = None
        if found.next_after is not None:
            next_url = lists.url(request.url.path, {**listed, "after": str(found.next_after)})
        download = lists.url("/moderation.csv", listed)
        return ModerationQueue(
            kind, sort, found.total, found.items, found.next_after, next_url, download
        )

    def queue_csv_lines(store: Store, kind: str | None, sort: str) -> Iterator[str]:
        """The queue as CSV, page after page, each page in its own session."""
        after: int | None = None
        yield lists.csv_line(QUEUE_COLUMNS)
        while True:
            with store.session() as session:
                found = discussion.queue(
                    session, kind=kind, sort=sort, after_id=after, limit=queries.MAX_LIMIT
                )
            for item in found.items:
                values = asdict(item)
                yield lists.csv_line([values[column] for column in QUEUE_COLUMNS])
            if found.next_after is None:
                return
            after = found.next_after

    @app.get(
        "/moderation.json",
        tags=["discussion"],
        summary="Comments awaiting moderation, keyset-paginated",
    )
    def moderation_json(
        request: Request,
        session: Db,
        user: Moderator,
        kind: QueueKind = None,
        sort: QueueSort = "oldest",
        after: lists.After = None,
        limit: lists.Limit = settings.page_size,
    ) -> ModerationQueue:
        return moderation_queue(request, session, kind, sort, after, limit)

    @app.get("/moderation", response_class=HTMLResponse, include_in_schema=False)
    def moderation_page(
        request: Request,
        session: Db,
        user: CurrentUser,
        kind: QueueKind = None,
        sort: QueueSort = "oldest",
        after: lists.After = None,
        limit: lists.Limit = settings.page_size,
    ) -> Response:
        if user is None:
            return RedirectResponse("/login?next=/moderation", status_code=303)
        moderator(user)
        view = moderation_queue(request, session, kind, sort, after, limit)
        params = {"kind": view.kind} if view.kind else {}
        sorts = lists.sort_urls("/moderation", params, list(QUEUE_SORTS))
        return page(
            request,
            "moderation.html",
            user=user,
            view=view,
            kinds=list(SUBJECTS),
            sorts=list(sorts),
            sort_urls=sorts,
        )

    @app.get(
        "/moderation.csv",
        tags=["discussion"],
        summary="Every matching comment awaiting moderation as CSV (no email: none is kept)",
        response_class=StreamingResponse,
    )
    def moderation_csv(
        request: Request,
        session: Db,
        user: Moderator,
        kind: QueueKind = None,
        sort: QueueSort = "oldest",
    ) -> StreamingResponse:
        kind = (kind or "").strip() or None
        # A bad `sort` must be a 400 before the first byte is sent, not a broken download.
        discussion.queue(session, kind=kind, sort=sort, limit=1)
        return StreamingResponse(
            queue_csv_lines(request.app.state.store, kind, sort),
            media_type=lists.CSV,
            headers={"Content-Disposition": 'attachment; filename="khabar-moderation.csv"'},
        )

    @app.post("/moderation/{comment_id:int}", include_in_schema=False)
    def moderate(
        comment_id: int, session: Db, user: Moderator, action: Text = "", body: Text = ""
    ) -> Response:
        discussion.moderate(session, comment_id, action, user.name, body or None)
        session.commit()
        return RedirectResponse("/moderation", status_code=303)
