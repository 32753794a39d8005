"""Routes of analysts' articles: list, page with its discussion, write, preview, publish.

Forms work without JavaScript: "Preview" renders the Markdown on the server and shows the form
again, nothing stored. Anonymous browsers asking for a form are sent to /login; a POST without
a session is refused (401). Every POST passes `SameOrigin` first; no GET changes anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from khabar.discuss import articles
from khabar.discuss.articles import ArticleDetail, ArticleDraft, ArticleSummary
from khabar.discuss.comments import Discussion
from khabar.discuss.signing import Clock
from khabar.errors import ErrorCode, KhabarError
from khabar.ingest.types import SourceDocument
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store import queries
from khabar.store.repository import Store, sha256
from khabar.web import lists
from khabar.web.discussion import CurrentUser, Db, Page

if TYPE_CHECKING:
    from khabar.pipeline import Analyser, Pipeline

Text = Annotated[str, Form()]
WHAT = "write articles"
ArticleStatus = Annotated[
    str | None, Query(description="`draft` or `published`; drafts only where you may read them")
]
ArticleAuthor = Annotated[str | None, Query(description="The author's display name")]
ArticleSort = Annotated[
    str, Query(description="`newest` (default), `published` (most recent first) or `title`")
]
COLUMNS = ("id", "title", "author", "status", "tags", "created_at", "updated_at", "published_at")
"""The CSV's columns: the author by display name (an account's email is never sent)."""


@dataclass(frozen=True, slots=True)
class ArticleList:
    status: str | None
    author: str | None
    sort: str
    items: list[ArticleSummary]
    next_after: int | None
    next_url: str | None
    download: str
    """Every matching article as CSV."""


def _params(status: str | None, author: str | None) -> dict[str, str]:
    """The list's filters as URL parameters."""
    return {name: value for name, value in (("status", status), ("author", author)) if value}


def writer(user: CurrentUser) -> m.User:
    if user is None:
        raise KhabarError(ErrorCode.LOGIN_REQUIRED, WHAT)
    if not articles.may_write(user):
        raise KhabarError(ErrorCode.FORBIDDEN, WHAT)
    return user


Writer = Annotated[m.User, Depends(writer)]


def _draft(title: Text = "", body: Text = "", tags: Text = "") -> ArticleDraft:
    return ArticleDraft(title, body, tags)


Drafted = Annotated[ArticleDraft, Depends(_draft)]


class Ingester:
    """Ingests articles through one `Pipeline`, made on the first publish: loading spaCy is
    slow, and most requests never need it."""

    def __init__(self, store: Store, settings: Settings, analyser: Analyser | None) -> None:
        self.store = store
        self.settings = settings
        self.analyser = analyser
        self.pipeline: Pipeline | None = None

    def __call__(self, item: SourceDocument) -> int:
        if self.pipeline is None:
            from khabar.pipeline import Analyser, Pipeline

            self.pipeline = Pipeline(
                self.store, self.settings, self.analyser or Analyser(self.settings)
            )
        key = sha256(item.raw)
        stored = self.store.has_document(key)
        analyser = self.pipeline.analyser
        assert analyser is not None  # noqa: S101 -- a one-worker pipeline always has one
        outcome = self.pipeline.write(item, None if stored else analyser.prepare(item))
        if outcome.document_id is not None:
            return outcome.document_id
        with self.store.session() as session:
            found = session.scalar(select(m.Document.id).where(m.Document.raw_sha256 == key))
        if found is None:
            raise KhabarError(ErrorCode.ANALYSIS_FAILED, f"{item.source} was not stored")
        return found


def register(
    app: FastAPI, page: Page, discussion: Discussion, clock: Clock, ingest: articles.Ingest
) -> None:
    """Add the article routes to `app`; `ingest` stores a published article as a document."""
    page_size = discussion.settings.page_size

    def form_page(
        request: Request,
        user: m.User,
        draft: ArticleDraft,
        action: str,
        article: m.Article | None = None,
        preview: str | None = None,
    ) -> HTMLResponse:
        return page(
            request,
            "article_form.html",
            user=user,
            draft=draft,
            action=action,
            article=article,
            preview=preview,
        )

    def preview_or(
        request: Request, user: m.User, draft: ArticleDraft, action: str, intent: str
    ) -> HTMLResponse | None:
        """The form again with the rendered body when the preview button was pressed."""
        if intent != "preview":
            return None
        draft.checked()
        return form_page(request, user, draft, action, preview=articles.render(draft.body))

    def login(path: str) -> RedirectResponse:
        return RedirectResponse(f"/login?next={path}", status_code=303)

    def article_list(
        request: Request,
        session: Session,
        user: m.User | None,
        status: str | None,
        author: str | None,
        sort: str,
        after: str | None,
        limit: int,
    ) -> ArticleList:
        status, author = (status or "").strip() or None, (author or "").strip() or None
        found = articles.summaries(
            session,
            user,
            status=status,
            author=author,
            sort=sort,
            after_id=lists.cursor(after),
            limit=limit,
        )
        params = _params(status, author)
        listed = {**params, "sort": sort} if sort != "newest" else params
        next_url = None
        if found.next_after is not None:
            next_url = lists.url(request.url.path, {**listed, "after": str(found.next_after)})
        download = lists.url("/articles.csv", listed)
        return ArticleList(status, author, sort, found.items, found.next_after, next_url, download)

    def csv_lines(
        store: Store, user: m.User | None, status: str | None, author: str | None, sort: str
    ) -> Iterator[str]:
        """The article list as CSV, page after page, each page in its own session."""
        after: int | None = None
        yield lists.csv_line(COLUMNS)
        while True:
            with store.session() as session:
                found = articles.summaries(
                    session,
                    user,
                    status=status,
                    author=author,
                    sort=sort,
                    after_id=after,
                    limit=queries.MAX_LIMIT,
                )
            for item in found.items:
                values = {**asdict(item), "tags": ", ".join(item.tags)}
                yield lists.csv_line([values[column] for column in COLUMNS])
            if found.next_after is None:
                return
            after = found.next_after

    @app.get(
        "/articles.json",
        tags=["articles"],
        summary="Published articles (and your drafts), keyset-paginated",
    )
    def articles_json(
        request: Request,
        session: Db,
        user: CurrentUser,
        status: ArticleStatus = None,
        author: ArticleAuthor = None,
        sort: ArticleSort = "newest",
        after: lists.After = None,
        limit: lists.Limit = page_size,
    ) -> ArticleList:
        return article_list(request, session, user, status, author, sort, after, limit)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles_page(
        request: Request,
        session: Db,
        user: CurrentUser,
        status: ArticleStatus = None,
        author: ArticleAuthor = None,
        sort: ArticleSort = "newest",
        after: lists.After = None,
        limit: lists.Limit = page_size,
    ) -> HTMLResponse:
        view = article_list(request, session, user, status, author, sort, after, limit)
        sorts = lists.sort_urls(
            "/articles", _params(view.status, view.author), list(articles.SORTS)
        )
        return page(
            request,
            "articles.html",
            view=view,
            sorts=list(sorts),
            sort_urls=sorts,
            statuses=articles.STATUSES,
            writer=articles.may_write(user),
        )

    @app.get(
        "/articles.csv",
        tags=["articles"],
        summary="Every matching article as CSV (authors by display name)",
        response_class=StreamingResponse,
    )
    def articles_csv(
        request: Request,
        session: Db,
        user: CurrentUser,
        status: ArticleStatus = None,
        author: ArticleAuthor = None,
        sort: ArticleSort = "newest",
    ) -> StreamingResponse:
        status, author = (status or "").strip() or None, (author or "").strip() or None
        # A bad `sort` or `status` must be a 400 before the first byte is sent.
        articles.summaries(session, user, status=status, author=author, sort=sort, limit=1)
        return StreamingResponse(
            csv_lines(request.app.state.store, user, status, author, sort),
            media_type=lists.CSV,
            headers={"Content-Disposition": 'attachment; filename="khabar-articles.csv"'},
        )

    @app.get("/articles/new", response_class=HTMLResponse, include_in_schema=False)
    def new_page(request: Request, user: CurrentUser) -> Response:
        if user is None:
            return login("/articles/new")
        return form_page(request, writer(user), ArticleDraft("", ""), "/articles/new")

    @app.post("/articles/new", include_in_schema=False)
    def new_post(
        request: Request, session: Db, user: Writer, draft: Drafted, intent: Text = "save"
    ) -> Response:
        shown = preview_or(request, user, draft, "/articles/new", intent)
        if shown is not None:
            return shown
        row = articles.create(session, user, draft, clock())
        session.commit()
        return RedirectResponse(f"/articles/{row.id}", status_code=303)

    @app.get(
        "/articles/{article_id:int}.json",
        tags=["articles"],
        summary="One article: its HTML, Markdown, tags and the events read from it",
    )
    def article_json(article_id: int, session: Db, user: CurrentUser) -> ArticleDetail:
        return articles.detail(session, articles.visible(session, article_id, user))

    @app.get("/articles/{article_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        request: Request, article_id: int, session: Db, user: CurrentUser
    ) -> HTMLResponse:
        row = articles.visible(session, article_id, user)
        thread = (
            discussion.thread(session, "article", article_id) if row.status == "published" else None
        )
        return page(
            request,
            "article.html",
            article=articles.detail(session, row),
            thread=thread,
            editor=articles.may_edit(user, row),
        )

    @app.get(
        "/articles/{article_id:int}/edit", response_class=HTMLResponse, include_in_schema=False
    )
    def edit_page(request: Request, article_id: int, session: Db, user: CurrentUser) -> Response:
        if user is None:
            return login(f"/articles/{article_id}/edit")
        row = articles.editable(session, article_id, user)
        draft = ArticleDraft(row.title, row.body_markdown, ", ".join(row.tags))
        return form_page(request, user, draft, f"/articles/{article_id}/edit", row)

    @app.post("/articles/{article_id:int}/edit", include_in_schema=False)
    def edit_post(
        request: Request,
        article_id: int,
        session: Db,
        user: Writer,
        draft: Drafted,
        intent: Text = "save",
    ) -> Response:
        row = articles.editable(session, article_id, user)
        shown = preview_or(request, user, draft, f"/articles/{article_id}/edit", intent)
        if shown is not None:
            return shown
        articles.update(session, row, draft, user.name, clock(), ingest)
        session.commit()
        return RedirectResponse(f"/articles/{article_id}", status_code=303)

    def status_route(action: str, apply: Callable[[Session, m.Article, m.User], None]) -> None:
        @app.post(f"/articles/{{article_id:int}}/{action}", include_in_schema=False)
        def change(article_id: int, session: Db, user: Writer) -> Response:
            apply(session, articles.editable(session, article_id, user), user)
            session.commit()
            return RedirectResponse(f"/articles/{article_id}", status_code=303)

    status_route(
        "publish", lambda s, row, user: articles.publish(s, row, user.name, clock(), ingest)
    )
    status_route("unpublish", lambda s, row, user: articles.unpublish(s, row, user.name, clock()))
