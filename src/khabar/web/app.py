"""The analysts' web app: every page has a JSON twin at the same path plus `.json`.

A page and its twin are built from the same query result, so what an analyst reads is exactly
what a script downloads. Nothing is loaded from outside the app (see `security.py`).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from khabar import __version__
from khabar.actors.registry import KINDS
from khabar.curate.service import CHOICES, CURATORS
from khabar.discuss.comments import Discussion
from khabar.discuss.signing import Clock, Signer, stored_secret, utcnow
from khabar.errors import ErrorCode, KhabarError
from khabar.settings import Settings
from khabar.store import queries
from khabar.store.repository import Store
from khabar.web import articles as article_routes
from khabar.web import curation as curation_routes
from khabar.web import discussion as discussion_routes
from khabar.web import formatting
from khabar.web.discussion import CurrentUser, Db
from khabar.web.reader import highlight
from khabar.web.security import HEADERS, SameOrigin, SecurityHeaders

if TYPE_CHECKING:
    from khabar.pipeline import Analyser

HERE = Path(__file__).parent
LATEST = 10
STATUS = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.BAD_ARGUMENT: 400,
    ErrorCode.DATABASE_UNREACHABLE: 503,
    ErrorCode.DATABASE_NOT_MIGRATED: 503,
    ErrorCode.COMMENT_REJECTED: 400,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.CROSS_ORIGIN: 403,
    ErrorCode.LOGIN_REQUIRED: 401,
    ErrorCode.LOGIN_FAILED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.EDIT_LINK_INVALID: 403,
}
HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


@dataclass(frozen=True, slots=True)
class Home:
    totals: queries.Totals
    latest: list[queries.EventSummary]
    geojson: str
    """Where the map's events come from."""


@dataclass(frozen=True, slots=True)
class EventList:
    filters: queries.EventFilters
    facets: queries.Facets
    items: list[queries.EventSummary]
    next_after: int | None
    next_url: str | None
    geojson: str


@dataclass(frozen=True, slots=True)
class DocumentList:
    status: str | None
    items: list[queries.DocumentSummary]
    next_after: int | None
    next_url: str | None


@dataclass(frozen=True, slots=True)
class PlaceSearch:
    q: str | None
    built: bool
    """Whether `khabar gazetteer build` has filled the place tables (search needs them)."""
    items: list[queries.PlaceSummary]
    sources: list[queries.GazetteerSourceItem]


@dataclass(frozen=True, slots=True)
class ActorList:
    kind: str | None
    q: str | None
    kinds: list[str]
    items: list[queries.ActorSummary]


@dataclass(frozen=True, slots=True)
class ErrorBody:
    code: str
    message: str


def _optional_date(value: str | None, name: str) -> date | None:
    """Forms send empty fields as `from=`, which means "no filter", not a bad date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        message = f"{name}={value!r} is not a YYYY-MM-DD date."
        raise KhabarError(ErrorCode.BAD_ARGUMENT, message) from exc


def _cursor(value: str | None) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise KhabarError(ErrorCode.BAD_ARGUMENT, f"after={value!r} is not a cursor from a page.")
    return int(value)


def event_filters(
    event_type: Annotated[
        str | None, Query(alias="type", description="ACLED event type, exact")
    ] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code")] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="YYYY-MM-DD, inclusive")
    ] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD, inclusive")] = None,
    status: Annotated[
        str | None,
        Query(description="Curation status; by default all but `rejected` and `merged`"),
    ] = None,
) -> queries.EventFilters:
    return queries.EventFilters(
        event_type=event_type or None,
        country=(country or "").strip() or None,
        date_from=_optional_date(date_from, "from"),
        date_to=_optional_date(date_to, "to"),
        status=(status or "").strip() or None,
    )


Filters = Annotated[queries.EventFilters, Depends(event_filters)]
After = Annotated[str | None, Query(description="`next_after` of the previous page")]
Limit = Annotated[int, Query(ge=1, le=queries.MAX_LIMIT)]
ActorParam = Annotated[str, Query(description="Actor id or name; its sub-groups count too")]
PlaceParam = Annotated[
    str | None, Query(description="Place id or name; a country holds its admin units")
]


def _filter_params(filters: queries.EventFilters) -> dict[str, str]:
    params = {
        "type": filters.event_type,
        "country": filters.country,
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        "status": filters.status,
    }
    return {name: value for name, value in params.items() if value}


def _url(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def _wants_json(request: Request) -> bool:
    return request.url.path.endswith((".json", ".geojson"))


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        count=formatting.count_text,
        precision=formatting.precision_text,
        feature=formatting.feature_text,
        place=formatting.place_text,
        coordinates=formatting.coordinates_text,
        detail=formatting.detail_text,
        damage=formatting.damage_text,
        kind=queries.field_kind,
        changes=formatting.changes,
    )
    return Jinja2Templates(env=env)


def create_app(
    store: Store, settings: Settings, clock: Clock = utcnow, analyser: Analyser | None = None
) -> FastAPI:
    """The app over `store`; `settings.page_size` is the default length of list pages,
    `clock` times sessions, forms and edit links (tests move it), and `analyser` reads
    published articles (loaded on the first publish when not given)."""

    def generated_secret() -> str:
        with store.session() as session:
            return stored_secret(session, clock)

    signer = Signer(settings.secret_key or generated_secret, clock)
    with suppress(SQLAlchemyError):
        # Made now rather than by the first visitor's GET; an unmigrated store defers it.
        signer.resolve()
    discussion = Discussion(settings, signer)
    app = FastAPI(
        title="khabar",
        version=__version__,
        summary="Sourced, geolocated event data read from conflict reporting.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SameOrigin)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.store = store
    templates = _templates()

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        json_path = request.url.path.rstrip("/") or "/index"
        context["json_url"] = _url(f"{json_path}.json", dict(request.query_params))
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def error(request: Request, status_code: int, code: str, message: str) -> Response:
        if _wants_json(request):
            body = {"error": asdict(ErrorBody(code, message))}
            return JSONResponse(body, status_code=status_code)
        return page(request, "error.html", status_code, code=code, message=message)

    @app.exception_handler(KhabarError)
    async def khabar_error(request: Request, exc: KhabarError) -> Response:
        return error(request, STATUS.get(exc.code, 500), exc.code.value, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 404:
            message = KhabarError(ErrorCode.NOT_FOUND, f"The page {request.url.path}").message
        else:
            message = str(exc.detail)
        return error(request, exc.status_code, HTTP_CODES.get(exc.status_code, "error"), message)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        """Runs outside the middleware, so it adds the security headers itself."""
        message = "Something went wrong on the server; the server log has the details."
        response = error(request, 500, "internal_error", message)
        response.headers.update(HEADERS)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'][1:])}: {problem['msg']}"
            for problem in exc.errors()
        )
        return error(request, 400, ErrorCode.BAD_ARGUMENT.value, problems)

    def home(session: Session) -> Home:
        return Home(
            totals=queries.totals(session),
            latest=queries.latest_events(session, LATEST),
            geojson="/events.geojson",
        )

    def event_list(
        request: Request,
        session: Session,
        filters: queries.EventFilters,
        after: str | None,
        limit: int,
    ) -> EventList:
        found = queries.list_events(
            session,
            event_type=filters.event_type,
            country=filters.country,
            date_from=filters.date_from,
            date_to=filters.date_to,
            status=filters.status,
            after_id=_cursor(after),
            limit=limit,
        )
        params = _filter_params(filters)
        next_url = None
        if found.next_after is not None:
            next_url = _url(request.url.path, {**params, "after": str(found.next_after)})
        return EventList(
            filters=filters,
            facets=queries.event_facets(session),
            items=found.items,
            next_after=found.next_after,
            next_url=next_url,
            geojson=_url("/events.geojson", params),
        )

    def document_list(
        request: Request, session: Session, status: str | None, after: str | None, limit: int
    ) -> DocumentList:
        found = queries.list_documents(
            session, status=status or None, after_id=_cursor(after), limit=limit
        )
        next_url = None
        if found.next_after is not None:
            params = {"status": status} if status else {}
            next_url = _url(request.url.path, {**params, "after": str(found.next_after)})
        return DocumentList(status or None, found.items, found.next_after, next_url)

    def place_search(session: Session, q: str | None, limit: int) -> PlaceSearch:
        sources = queries.gazetteer_sources(session)
        query = (q or "").strip() or None
        items = queries.search_places(session, query, limit) if query and sources else []
        return PlaceSearch(query, bool(sources), items, sources)

    def place(session: Session, place_id: int) -> queries.PlaceDetail:
        found = queries.get_place(session, place_id)
        if found is None:
            raise KhabarError(ErrorCode.NOT_FOUND, f"Place {place_id}")
        return found

    def event(session: Session, event_id: int) -> queries.EventDetail:
        found = queries.get_event(session, event_id)
        if found is None:
            raise KhabarError(ErrorCode.NOT_FOUND, f"Event {event_id}")
        return found

    def document(session: Session, document_id: int) -> queries.DocumentDetail:
        found = queries.get_document(session, document_id)
        if found is None:
            raise KhabarError(ErrorCode.NOT_FOUND, f"Document {document_id}")
        return found

    @app.get("/index.json", tags=["pages"], summary="Home: totals and the latest events")
    def home_json(session: Db) -> Home:
        return home(session)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home_page(request: Request, session: Db) -> HTMLResponse:
        return page(request, "index.html", view=home(session))

    @app.get("/events.geojson", tags=["events"], summary="Events with coordinates, for maps")
    def events_geojson(session: Db, filters: Filters) -> JSONResponse:
        return JSONResponse(queries.map_events(session, filters), media_type="application/geo+json")

    @app.get("/events.json", tags=["events"], summary="Events, newest first, keyset-paginated")
    def events_json(
        request: Request,
        session: Db,
        filters: Filters,
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> EventList:
        return event_list(request, session, filters, after, limit)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request,
        session: Db,
        filters: Filters,
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> HTMLResponse:
        return page(
            request, "events.html", view=event_list(request, session, filters, after, limit)
        )

    @app.get(
        "/events/{event_id:int}.json",
        tags=["events"],
        summary="One event, its reports, corrections and history (a merged event redirects)",
        response_model=None,
    )
    def event_json(event_id: int, session: Db) -> queries.EventDetail | RedirectResponse:
        found = event(session, event_id)
        if found.merged_into_id is not None:
            return RedirectResponse(f"/events/{found.merged_into_id}.json", status_code=307)
        return found

    @app.get("/events/{event_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: int, session: Db, user: CurrentUser) -> Response:
        found = event(session, event_id)
        if found.merged_into_id is not None:
            return RedirectResponse(f"/events/{found.merged_into_id}", status_code=307)
        thread = discussion.thread(session, "event", event_id)
        curator = user if user is not None and user.role in CURATORS else None
        return page(
            request, "event.html", event=found, thread=thread, curator=curator, choices=CHOICES
        )

    @app.get("/documents.json", tags=["documents"], summary="Documents, newest stored first")
    def documents_json(
        request: Request,
        session: Db,
        status: Annotated[str | None, Query(description="e.g. `failed`")] = None,
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> DocumentList:
        return document_list(request, session, status, after, limit)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(
        request: Request,
        session: Db,
        status: str | None = None,
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> HTMLResponse:
        view = document_list(request, session, status, after, limit)
        return page(request, "documents.html", view=view)

    @app.get(
        "/documents/{document_id:int}.json",
        tags=["documents"],
        summary="One document: text, mentions, and its reports with their evidence spans",
    )
    def document_json(document_id: int, session: Db) -> queries.DocumentDetail:
        return document(session, document_id)

    @app.get("/documents/{document_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: int, session: Db) -> HTMLResponse:
        found = document(session, document_id)
        return page(request, "document.html", document=found, text=highlight(found))

    @app.get("/places.json", tags=["places"], summary="Places by name or alternate name")
    def places_json(
        session: Db,
        q: Annotated[str | None, Query(description="A name or its beginning")] = None,
        limit: Limit = settings.page_size,
    ) -> PlaceSearch:
        return place_search(session, q, limit)

    @app.get("/places", response_class=HTMLResponse, include_in_schema=False)
    def places_page(
        request: Request, session: Db, q: str | None = None, limit: Limit = settings.page_size
    ) -> HTMLResponse:
        return page(request, "places.html", view=place_search(session, q, limit))

    @app.get(
        "/places/{place_id:int}.json",
        tags=["places"],
        summary="One place: its hierarchy, names, region members, and the events at or naming it",
    )
    def place_json(place_id: int, session: Db) -> queries.PlaceDetail:
        return place(session, place_id)

    @app.get("/places/{place_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def place_page(request: Request, place_id: int, session: Db) -> HTMLResponse:
        return page(request, "place.html", place=place(session, place_id))

    def actor_list(session: Session, kind: str | None, q: str | None) -> ActorList:
        kind, q = (kind or "").strip() or None, (q or "").strip() or None
        items = queries.list_actors(session, kind=kind, query=q)
        return ActorList(kind, q, sorted(KINDS), items)

    def actor(session: Session, actor_id: int) -> queries.ActorDetail:
        found = queries.get_actor(session, actor_id)
        if found is None:
            raise KhabarError(ErrorCode.NOT_FOUND, f"Actor {actor_id}")
        return found

    @app.get("/actors.json", tags=["actors"], summary="Actors by name, filtered by kind or name")
    def actors_json(
        session: Db,
        kind: Annotated[str | None, Query(description="e.g. `armed_group`")] = None,
        q: Annotated[str | None, Query(description="Part of a name or alias")] = None,
    ) -> ActorList:
        return actor_list(session, kind, q)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(
        request: Request, session: Db, kind: str | None = None, q: str | None = None
    ) -> HTMLResponse:
        return page(request, "actors.html", view=actor_list(session, kind, q))

    @app.get(
        "/actors/{actor_id:int}.json",
        tags=["actors"],
        summary="One actor: aliases, hierarchy, affiliations, events by role and audit log",
        response_model=None,
    )
    def actor_json(actor_id: int, session: Db) -> queries.ActorDetail | RedirectResponse:
        found = actor(session, actor_id)
        if found.merged_into is not None:
            return RedirectResponse(f"/actors/{found.merged_into.id}.json", status_code=307)
        return found

    @app.get("/actors/{actor_id:int}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, actor_id: int, session: Db) -> Response:
        found = actor(session, actor_id)
        if found.merged_into is not None:
            return RedirectResponse(f"/actors/{found.merged_into.id}", status_code=307)
        return page(request, "actor.html", actor=found)

    def presence(session: Session, actor: str, place: str | None) -> queries.PresenceView:
        if not actor.strip():
            raise KhabarError(ErrorCode.BAD_ARGUMENT, "actor= is needed: an actor id or name.")
        return queries.presence(session, actor.strip(), (place or "").strip() or None)

    @app.get(
        "/presence.json",
        tags=["actors"],
        summary="Timeline of an actor's presence in a region: claims asserted, denied, "
        "territorial, and events it did or is said to have done",
    )
    def presence_json(
        session: Db, actor: ActorParam, place: PlaceParam = None
    ) -> queries.PresenceView:
        return presence(session, actor, place)

    @app.get("/presence", response_class=HTMLResponse, include_in_schema=False)
    def presence_page(
        request: Request, session: Db, actor: ActorParam, place: PlaceParam = None
    ) -> HTMLResponse:
        return page(request, "presence.html", view=presence(session, actor, place))

    discussion_routes.register(app, page, discussion, settings)
    curation_routes.register(app)
    ingest = article_routes.Ingester(store, settings, analyser)
    article_routes.register(app, page, discussion, clock, ingest)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {"openapi_url": app.openapi_url})

    return app
