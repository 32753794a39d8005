"""The analysts' web app: every page has a JSON twin at the same path plus `.json`.

A page and its twin are built from the same query result, so what an analyst reads is exactly
what a script downloads. Nothing is loaded from outside the app (see `security.py`).
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.exc import DataError, SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware

from khabar import __version__
from khabar.actors.registry import KINDS
from khabar.curate.service import CHOICES, CURATORS
from khabar.discuss.comments import Discussion
from khabar.discuss.signing import Clock, Signer, stored_secret, utcnow
from khabar.errors import ErrorCode, KhabarError
from khabar.export.formats import write_export
from khabar.export.rows import iter_rows
from khabar.settings import Settings
from khabar.store import queries
from khabar.store.repository import Store
from khabar.web import actors as actor_routes
from khabar.web import articles as article_routes
from khabar.web import charts, formatting
from khabar.web import curation as curation_routes
from khabar.web import discussion as discussion_routes
from khabar.web.cache import Aggregates
from khabar.web.discussion import CurrentUser, Db
from khabar.web.lists import After, Limit
from khabar.web.lists import csv_line as _csv_line
from khabar.web.lists import cursor as _cursor
from khabar.web.lists import sort_urls as _sort_urls
from khabar.web.lists import url as _url
from khabar.web.reader import highlight
from khabar.web.security import HEADERS, SameOrigin, SecurityHeaders, register_csp_reports

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
    ErrorCode.LOGIN_THROTTLED: 429,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.EDIT_LINK_INVALID: 403,
}
HTTP_CODES = {404: "not_found", 405: "method_not_allowed"}


@dataclass(frozen=True, slots=True)
class Home:
    """The map, the timeline and the latest events, all under the same filters."""

    totals: queries.Totals
    filters: queries.EventFilters
    facets: queries.Facets
    latest: list[queries.EventSummary]
    timeline: queries.Timeline
    clusters: str
    """The map's clusters (the map adds `zoom` and `view`)."""
    countries: str
    """Events per country, for the choropleth."""
    events_url: str
    """The event list under the same filters."""


@dataclass(frozen=True, slots=True)
class EventList:
    filters: queries.EventFilters
    sort: str
    facets: queries.Facets
    items: list[queries.EventSummary]
    next_after: int | None
    next_url: str | None
    geojson: str
    clusters: str
    countries: str
    downloads: dict[str, str]
    """Every matching event (not just this page) by format: `csv`, `jsonl`, `geojson`,
    `parquet`, `acled`, `ucdp`."""


@dataclass(frozen=True, slots=True)
class DocumentList:
    status: str | None
    sort: str
    items: list[queries.DocumentSummary]
    next_after: int | None
    next_url: str | None
    download: str
    """Every matching document as CSV."""


@dataclass(frozen=True, slots=True)
class PlaceList:
    q: str | None
    built: bool
    """Whether `khabar gazetteer build` has filled the place tables (search needs them)."""
    sort: str
    items: list[queries.PlaceSummary]
    next_after: int | None
    next_url: str | None
    download: str | None
    """Every place the search finds as CSV; `None` before a search."""
    sources: list[queries.GazetteerSourceItem]


@dataclass(frozen=True, slots=True)
class ActorList:
    kind: str | None
    q: str | None
    kinds: list[str]
    sort: str
    items: list[queries.ActorSummary]
    next_after: int | None
    next_url: str | None
    download: str
    """Every matching actor as CSV."""


@dataclass(frozen=True, slots=True)
class ErrorBody:
    code: str
    message: str


class GeoJSONResponse(JSONResponse):
    """JSON under GeoJSON's own media type, which the OpenAPI description then names too."""

    media_type = "application/geo+json"


_ERROR_CONTENT: dict[str, Any] = {
    "schema": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            }
        },
    }
}
ERROR_ANSWERS: dict[int | str, dict[str, Any]] = {
    status: {"description": description, "content": {"application/json": _ERROR_CONTENT}}
    for status, description in [
        (400, "A parameter is invalid (wrong type, unknown value or unknown name)"),
        (401, "Log in first"),
        (403, "Refused: another site's request, or an account without the right"),
        (404, "No such page or record"),
        (429, "Too many requests; `Retry-After` says when to try again"),
    ]
}
"""Documented for every operation, as `{"error": {"code", "message"}}` in JSON whatever the
route's own media type: validation errors are answered as 400 with this body, not FastAPI's
default 422, and the description must say what is sent (schemathesis checks it)."""


def event_filters(
    session: Db,
    event_type: Annotated[
        str | None, Query(alias="type", description="ACLED event type, exact")
    ] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-2 code")] = None,
    admin1: Annotated[
        str | None, Query(description="First-level unit of the place: name or gazetteer code")
    ] = None,
    bbox: Annotated[
        str | None,
        Query(description="west,south,east,north in degrees; west > east crosses 180°"),
    ] = None,
    date_from: Annotated[
        str | None, Query(alias="from", description="YYYY-MM-DD, inclusive")
    ] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY-MM-DD, inclusive")] = None,
    status: Annotated[
        str | None,
        Query(description="Curation status; by default all but `rejected` and `merged`"),
    ] = None,
    actor: Annotated[
        str | None, Query(description="Actor id, name or alias; its sub-groups count too")
    ] = None,
    min_deaths: Annotated[str | None, Query(description="Best killed figure at least this")] = None,
    q: Annotated[
        str | None, Query(description="Words that must all occur in a reporting document")
    ] = None,
) -> queries.EventFilters:
    """The filters every event view shares (list, map, timeline, downloads)."""
    filters = queries.parse_filters(
        event_type=event_type,
        country=country,
        date_from=date_from,
        date_to=date_to,
        status=status,
        actor=actor,
        admin1=admin1,
        bbox=bbox,
        min_deaths=min_deaths,
        q=q,
    )
    if queries.unknown_actor(session, filters):
        message = f"actor={filters.actor!r} is in no actor's names; look it up at /actors."
        raise KhabarError(ErrorCode.BAD_ARGUMENT, message)
    return filters


Filters = Annotated[queries.EventFilters, Depends(event_filters)]
DocumentStatus = Annotated[str | None, Query(description="e.g. `failed`")]
DocumentSort = Annotated[
    str, Query(description="`newest` stored (default) or `published` (newest first)")
]
ActorKind = Annotated[str | None, Query(description="e.g. `armed_group`")]
ActorQuery = Annotated[str | None, Query(description="Part of a name or alias")]
ActorSort = Annotated[str, Query(description="`name` (default) or `reports` (most first)")]


@dataclass(frozen=True, slots=True)
class Download:
    """One `khabar export` format as the event list serves it."""

    path: str
    filename: str
    media_type: str
    summary: str


_CSV = "text/csv; charset=utf-8"
DOWNLOADS = {
    "csv": Download("/events.csv", "khabar-events.csv", _CSV, "CSV (the flat layout)"),
    "jsonl": Download(
        "/events.jsonl", "khabar-events.jsonl", "application/jsonl", "JSON Lines (the flat layout)"
    ),
    "geojson": Download(
        "/events.export.geojson",
        "khabar-events.geojson",
        "application/geo+json",
        "GeoJSON points with the flat layout's fields (events without coordinates left out)",
    ),
    "parquet": Download(
        "/events.parquet",
        "khabar-events.parquet",
        "application/vnd.apache.parquet",
        "Parquet (the flat layout, typed columns)",
    ),
    "acled": Download("/events.acled.csv", "khabar-events-acled.csv", _CSV, "ACLED's CSV layout"),
    "ucdp": Download("/events.ucdp.csv", "khabar-events-ucdp.csv", _CSV, "UCDP GED's CSV layout"),
}
"""The formats of `khabar export` the event list downloads in, every matching event in each;
`/events.geojson` stays the map's lighter, capped data."""
DOCUMENT_COLUMNS = (
    "id",
    "title",
    "outlet",
    "url",
    "source",
    "source_kind",
    "published_at",
    "fetched_at",
    "status",
    "error_code",
    "report_count",
)
ACTOR_COLUMNS = (
    "id",
    "name",
    "kind",
    "provisional",
    "parent",
    "countries",
    "aliases",
    "report_count",
)
PlaceQuery = Annotated[str | None, Query(description="A name or its beginning")]
PlaceSort = Annotated[str, Query(description="`population` (default, most first) or `name`")]
PLACE_COLUMNS = (
    "id",
    "gazetteer_id",
    "name",
    "matched",
    "feature_code",
    "admin1_name",
    "country_code",
    "country_name",
    "lat",
    "lon",
    "population",
)
ActorParam = Annotated[str, Query(description="Actor id or name; its sub-groups count too")]
PlaceParam = Annotated[
    str | None, Query(description="Place id or name; a country holds its admin units")
]


EventSort = Annotated[
    str, Query(description="`newest` (default), `oldest` or `deaths` (most first)")
]
Bucket = Annotated[
    str | None, Query(description="`day`, `week` or `month`; by default it fits the dates")
]


def _filter_params(filters: queries.EventFilters) -> dict[str, str]:
    """The filters as URL parameters, the inverse of `event_filters`."""
    params = {
        "type": filters.event_type,
        "country": filters.country,
        "admin1": filters.admin1,
        "bbox": ",".join(f"{v:g}" for v in filters.bbox) if filters.bbox else None,
        "from": filters.date_from.isoformat() if filters.date_from else None,
        "to": filters.date_to.isoformat() if filters.date_to else None,
        "status": filters.status,
        "actor": filters.actor,
        "min_deaths": str(filters.min_deaths) if filters.min_deaths is not None else None,
        "q": filters.q,
    }
    return {name: value for name, value in params.items() if value}


def _wants_json(request: Request) -> bool:
    """Data routes (JSON twins, GeoJSON, downloads, feeds) refuse in JSON, pages in HTML."""
    return request.url.path.endswith((".json", ".geojson", ".csv", ".jsonl", ".parquet", ".atom"))


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
        responses=ERROR_ANSWERS,
    )
    # Level 6: within 3% of level 9's size on these pages, for about 60% of its CPU.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(SameOrigin)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.state.store = store
    templates = _templates()
    aggregates = Aggregates(settings.web_cache_seconds)

    def facets(session: Session) -> queries.Facets:
        return aggregates.get(session, ("facets",), lambda: queries.event_facets(session))

    def timeline(
        session: Session, filters: queries.EventFilters, bucket: str | None
    ) -> queries.Timeline:
        bucket = (bucket or "").strip() or None
        key = ("timeline", filters, bucket)
        return aggregates.get(session, key, lambda: queries.timeline(session, filters, bucket))

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
        response = error(request, STATUS.get(exc.code, 500), exc.code.value, exc.message)
        if exc.retry_after is not None:
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

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

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def out_of_range(request: Request, exc: Exception) -> Response:
        """A number past what the store's columns hold (`/events/99999999999999999999`): the
        driver refuses it (SQLite with OverflowError, PostgreSQL with a DataError)."""
        message = "A number or value in the request is out of range; check the ids in the URL."
        return error(request, 400, ErrorCode.BAD_ARGUMENT.value, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc'][1:])}: {problem['msg']}"
            for problem in exc.errors()
        )
        return error(request, 400, ErrorCode.BAD_ARGUMENT.value, problems)

    def home(session: Session, filters: queries.EventFilters, bucket: str | None) -> Home:
        params = _filter_params(filters)
        return Home(
            totals=aggregates.get(session, ("totals",), lambda: queries.totals(session)),
            filters=filters,
            facets=facets(session),
            latest=queries.list_events(session, filters, limit=LATEST).items,
            timeline=timeline(session, filters, bucket),
            clusters=_url("/map.json", params),
            countries=_url("/map/countries.json", params),
            events_url=_url("/events", params),
        )

    def event_list(
        request: Request,
        session: Session,
        filters: queries.EventFilters,
        sort: str,
        after: str | None,
        limit: int,
    ) -> EventList:
        found = queries.list_events(
            session, filters, sort=sort, after_id=_cursor(after), limit=limit
        )
        params = _filter_params(filters)
        listed = {**params, "sort": sort} if sort != "newest" else params
        next_url = None
        if found.next_after is not None:
            next_url = _url(request.url.path, {**listed, "after": str(found.next_after)})
        return EventList(
            filters=filters,
            sort=sort,
            facets=facets(session),
            items=found.items,
            next_after=found.next_after,
            next_url=next_url,
            geojson=_url("/events.geojson", params),
            clusters=_url("/map.json", params),
            countries=_url("/map/countries.json", params),
            downloads={fmt: _url(d.path, params) for fmt, d in DOWNLOADS.items()},
        )

    def document_list(
        request: Request,
        session: Session,
        status: str | None,
        sort: str,
        after: str | None,
        limit: int,
    ) -> DocumentList:
        status = status or None
        found = queries.list_documents(
            session, status=status, sort=sort, after_id=_cursor(after), limit=limit
        )
        params = {"status": status} if status else {}
        listed = {**params, "sort": sort} if sort != "newest" else params
        next_url = None
        if found.next_after is not None:
            next_url = _url(request.url.path, {**listed, "after": str(found.next_after)})
        download = _url("/documents.csv", listed)
        return DocumentList(status, sort, found.items, found.next_after, next_url, download)

    def export_download(filters: queries.EventFilters, fmt: str) -> FileResponse:
        """Every matching event through `khabar export`'s writers, into a temporary file
        that is deleted once sent (so any number of events fits in memory)."""
        download = DOWNLOADS[fmt]
        folder = Path(tempfile.mkdtemp(prefix="khabar-download-"))
        target = folder / download.filename
        try:
            rows = iter_rows(store, filters, hidden=queries.HIDDEN_STATUSES)
            write_export(rows, fmt, target)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return FileResponse(
            target,
            media_type=download.media_type,
            filename=download.filename,
            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
        )

    def documents_csv_lines(status: str | None, sort: str) -> Iterator[str]:
        """The document list as CSV, page after page, each page in its own session."""
        after: int | None = None
        yield _csv_line(DOCUMENT_COLUMNS)
        while True:
            with store.session() as session:
                found = queries.list_documents(
                    session, status=status, sort=sort, after_id=after, limit=queries.MAX_LIMIT
                )
            for item in found.items:
                values = asdict(item)
                yield _csv_line([values[column] for column in DOCUMENT_COLUMNS])
            if found.next_after is None:
                return
            after = found.next_after

    def place_list(
        request: Request,
        session: Session,
        q: str | None,
        sort: str,
        after: str | None,
        limit: int,
    ) -> PlaceList:
        sources = queries.gazetteer_sources(session)
        query = (q or "").strip() or None
        found = queries.list_places(
            session, query or "", sort=sort, after_id=_cursor(after), limit=limit
        )
        listed = {"q": query} if query else {}
        if sort != "population":
            listed["sort"] = sort
        next_url = None
        if found.next_after is not None:
            next_url = _url(request.url.path, {**listed, "after": str(found.next_after)})
        download = _url("/places.csv", listed) if query else None
        return PlaceList(
            q=query,
            built=bool(sources),
            sort=sort,
            items=found.items,
            next_after=found.next_after,
            next_url=next_url,
            download=download,
            sources=sources,
        )

    def places_csv_lines(q: str, sort: str) -> Iterator[str]:
        """The places a search finds as CSV, page after page, each page in its own session."""
        after: int | None = None
        yield _csv_line(PLACE_COLUMNS)
        while True:
            with store.session() as session:
                found = queries.list_places(
                    session, q, sort=sort, after_id=after, limit=queries.MAX_LIMIT
                )
            for item in found.items:
                values = item.to_dict()
                yield _csv_line([values[column] for column in PLACE_COLUMNS])
            if found.next_after is None:
                return
            after = found.next_after

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

    @app.get(
        "/index.json",
        tags=["pages"],
        summary="Home: totals, the timeline and the latest events under the filters",
    )
    def home_json(session: Db, filters: Filters, bucket: Bucket = None) -> Home:
        return home(session, filters, bucket)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home_page(
        request: Request, session: Db, filters: Filters, bucket: Bucket = None
    ) -> HTMLResponse:
        view = home(session, filters, bucket)
        params = _filter_params(filters)

        def period(start: date, end: date) -> str:
            return _url("/", {**params, "from": start.isoformat(), "to": end.isoformat()})

        chart = charts.timeline_chart(view.timeline, period)
        buckets = {b: _url("/", {**params, "bucket": b}) for b in queries.BUCKETS}
        return page(request, "index.html", view=view, chart=chart, buckets=buckets)

    @app.get("/timeline.json", tags=["events"], summary="Matching events and deaths over time")
    def timeline_json(session: Db, filters: Filters, bucket: Bucket = None) -> queries.Timeline:
        return timeline(session, filters, bucket)

    @app.get(
        "/map.json",
        tags=["events"],
        summary="Matching events clustered on a grid sized for a zoom level, for the map",
    )
    def map_json(
        session: Db,
        filters: Filters,
        zoom: Annotated[int, Query(ge=0, le=queries.MAX_ZOOM, description="Map zoom")] = 2,
        view: Annotated[
            str | None, Query(description="Visible box west,south,east,north; default world")
        ] = None,
    ) -> queries.MapClusters:
        box = queries.parse_box("view", view)
        key = ("map", filters, zoom, box)
        return aggregates.get(
            session, key, lambda: queries.map_clusters(session, filters, zoom, box)
        )

    @app.get(
        "/map/countries.json",
        tags=["events"],
        summary="Matching events and deaths per country, for the choropleth",
    )
    def countries_json(session: Db, filters: Filters) -> list[queries.CountryCount]:
        key = ("countries", filters)
        return aggregates.get(session, key, lambda: queries.country_counts(session, filters))

    @app.get(
        "/events.geojson",
        tags=["events"],
        summary="Events with coordinates, for maps",
        description=(
            f"The newest {queries.MAP_LIMIT:,} matching events with coordinates and the few "
            "properties the map shows. Every matching event with all the export's fields is "
            "`/events.export.geojson`; both build their features alike."
        ),
        response_class=GeoJSONResponse,
    )
    def events_geojson(session: Db, filters: Filters) -> GeoJSONResponse:
        return GeoJSONResponse(queries.map_events(session, filters))

    def download_route(fmt: str) -> Callable[[queries.EventFilters], FileResponse]:
        def download(filters: Filters) -> FileResponse:
            return export_download(filters, fmt)

        return download

    for fmt, served in DOWNLOADS.items():
        app.get(
            served.path,
            tags=["events"],
            summary=f"Every matching event as {served.summary}, as `khabar export` writes it",
            response_class=FileResponse,
            name=f"events_{fmt}",
        )(download_route(fmt))

    @app.get("/events.json", tags=["events"], summary="Events, keyset-paginated")
    def events_json(
        request: Request,
        session: Db,
        filters: Filters,
        sort: EventSort = "newest",
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> EventList:
        return event_list(request, session, filters, sort, after, limit)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(
        request: Request,
        session: Db,
        filters: Filters,
        sort: EventSort = "newest",
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> HTMLResponse:
        view = event_list(request, session, filters, sort, after, limit)
        sorts = _sort_urls("/events", _filter_params(filters), list(queries.EVENT_SORTS))
        return page(request, "events.html", view=view, sorts=list(sorts), sort_urls=sorts)

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

    @app.get("/documents.json", tags=["documents"], summary="Documents, keyset-paginated")
    def documents_json(
        request: Request,
        session: Db,
        status: DocumentStatus = None,
        sort: DocumentSort = "newest",
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> DocumentList:
        return document_list(request, session, status, sort, after, limit)

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(
        request: Request,
        session: Db,
        status: DocumentStatus = None,
        sort: DocumentSort = "newest",
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> HTMLResponse:
        view = document_list(request, session, status, sort, after, limit)
        params = {"status": view.status} if view.status else {}
        sorts = _sort_urls("/documents", params, list(queries.DOCUMENT_SORTS))
        return page(request, "documents.html", view=view, sorts=list(sorts), sort_urls=sorts)

    @app.get(
        "/documents.csv",
        tags=["documents"],
        summary="Every matching document's metadata as CSV",
        response_class=StreamingResponse,
    )
    def documents_csv(
        session: Db, status: DocumentStatus = None, sort: DocumentSort = "newest"
    ) -> StreamingResponse:
        # A bad `sort` must be a 400 before the first byte is sent, not a broken download.
        queries.list_documents(session, status=status or None, sort=sort, limit=1)
        return StreamingResponse(
            documents_csv_lines(status or None, sort),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="khabar-documents.csv"'},
        )

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

    @app.get(
        "/places.json",
        tags=["places"],
        summary="Places by name or alternate name, keyset-paginated",
    )
    def places_json(
        request: Request,
        session: Db,
        q: PlaceQuery = None,
        sort: PlaceSort = "population",
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> PlaceList:
        return place_list(request, session, q, sort, after, limit)

    @app.get("/places", response_class=HTMLResponse, include_in_schema=False)
    def places_page(
        request: Request,
        session: Db,
        q: PlaceQuery = None,
        sort: PlaceSort = "population",
        after: After = None,
        limit: Limit = settings.page_size,
    ) -> HTMLResponse:
        view = place_list(request, session, q, sort, after, limit)
        params = {"q": view.q} if view.q else {}
        sorts = _sort_urls("/places", params, list(queries.PLACE_SORTS))
        return page(request, "places.html", view=view, sorts=list(sorts), sort_urls=sorts)

    @app.get(
        "/places.csv",
        tags=["places"],
        summary="Every place a name search finds as CSV",
        response_class=StreamingResponse,
    )
    def places_csv(
        session: Db, q: PlaceQuery = None, sort: PlaceSort = "population"
    ) -> StreamingResponse:
        query = (q or "").strip()
        # A bad `sort` must be a 400 before the first byte is sent, not a broken download.
        queries.list_places(session, query, sort=sort, limit=1)
        return StreamingResponse(
            places_csv_lines(query, sort),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="khabar-places.csv"'},
        )

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

    def actor_list(
        request: Request,
        session: Session,
        kind: str | None,
        q: str | None,
        sort: str,
        after: str | None,
        limit: int,
    ) -> ActorList:
        kind, q = (kind or "").strip() or None, (q or "").strip() or None
        items = queries.list_actors(
            session, kind=kind, query=q, sort=sort, after_id=_cursor(after), limit=limit
        )
        more = bool(items) and bool(
            queries.list_actors(
                session, kind=kind, query=q, sort=sort, after_id=items[-1].id, limit=1
            )
        )
        params = {name: value for name, value in (("kind", kind), ("q", q)) if value}
        listed = {**params, "sort": sort} if sort != "name" else params
        next_after = items[-1].id if more else None
        next_url = None
        if next_after is not None:
            next_url = _url(request.url.path, {**listed, "after": str(next_after)})
        download = _url("/actors.csv", listed)
        return ActorList(kind, q, sorted(KINDS), sort, items, next_after, next_url, download)

    def actor(session: Session, actor_id: int) -> queries.ActorDetail:
        found = queries.get_actor(session, actor_id)
        if found is None:
            raise KhabarError(ErrorCode.NOT_FOUND, f"Actor {actor_id}")
        return found

    @app.get("/actors.json", tags=["actors"], summary="Actors, filtered by kind or name")
    def actors_json(
        request: Request,
        session: Db,
        kind: ActorKind = None,
        q: ActorQuery = None,
        sort: ActorSort = "name",
        after: After = None,
        limit: Limit = queries.MAX_LIMIT,
    ) -> ActorList:
        return actor_list(request, session, kind, q, sort, after, limit)

    @app.get("/actors", response_class=HTMLResponse, include_in_schema=False)
    def actors_page(
        request: Request,
        session: Db,
        kind: ActorKind = None,
        q: ActorQuery = None,
        sort: ActorSort = "name",
        after: After = None,
        limit: Limit = queries.MAX_LIMIT,
    ) -> HTMLResponse:
        view = actor_list(request, session, kind, q, sort, after, limit)
        params = {name: value for name, value in (("kind", view.kind), ("q", view.q)) if value}
        sorts = _sort_urls("/actors", params, list(queries.ACTOR_SORTS))
        return page(request, "actors.html", view=view, sorts=list(sorts), sort_urls=sorts)

    @app.get(
        "/actors.csv",
        tags=["actors"],
        summary="Every matching actor as CSV",
        response_class=StreamingResponse,
    )
    def actors_csv(
        session: Db, kind: ActorKind = None, q: ActorQuery = None, sort: ActorSort = "name"
    ) -> StreamingResponse:
        kind, q = (kind or "").strip() or None, (q or "").strip() or None
        queries.list_actors(session, kind=kind, query=q, sort=sort, limit=1)
        return StreamingResponse(
            actors_csv_lines(kind, q, sort),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="khabar-actors.csv"'},
        )

    def actors_csv_lines(kind: str | None, q: str | None, sort: str) -> Iterator[str]:
        after: int | None = None
        yield _csv_line(ACTOR_COLUMNS)
        while True:
            with store.session() as session:
                items = queries.list_actors(
                    session, kind=kind, query=q, sort=sort, after_id=after, limit=queries.MAX_LIMIT
                )
            for item in items:
                yield _csv_line(
                    [
                        item.id,
                        item.name,
                        item.kind,
                        item.provisional,
                        item.parent.name if item.parent else None,
                        " ".join(item.countries),
                        "; ".join(item.aliases),
                        item.report_count,
                    ]
                )
            if len(items) < queries.MAX_LIMIT:
                return
            after = items[-1].id

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
    def actor_page(request: Request, actor_id: int, session: Db, user: CurrentUser) -> Response:
        found = actor(session, actor_id)
        if found.merged_into is not None:
            return RedirectResponse(f"/actors/{found.merged_into.id}", status_code=307)
        curator = user if user is not None and user.role in CURATORS else None
        return page(request, "actor.html", actor=found, curator=curator)

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
    register_csp_reports(app)
    curation_routes.register(app)
    actor_routes.register(app)
    ingest = article_routes.Ingester(store, settings, analyser)
    article_routes.register(app, page, discussion, clock, ingest)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {"openapi_url": app.openapi_url})

    return app


def served_app() -> FastAPI:
    """The app of one `khabar serve --workers N` process, configured by `KHABAR_` variables
    (uvicorn starts the workers from an import string, so it cannot be handed a store)."""
    settings = Settings()
    app = create_app(Store.open(settings.database_url), settings)
    # The imports and the app are made once and live as long as the process: leaving them out
    # of the cyclic collector's full passes turns its ~100 ms pauses (which stall every request
    # the worker holds) into a few ms.
    gc.freeze()
    return app
