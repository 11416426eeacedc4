"""The read-only HTTP API that ``eventwire serve`` runs (FastAPI).

Every endpoint answers JSON; the OpenAPI description is at ``/openapi.json`` (there is no
``/docs`` page: FastAPI's loads its scripts from a CDN, and this server works offline).

    GET /api                       what is served: counts, the snapshot's age, the endpoints
    GET /api/events                events matching the filters, a page at a time
    GET /api/events/{id}           one event, the mentions it was merged from, its claims
    GET /api/articles/{id}         one article's text, and where its events sit in it
    GET /api/stories               stories, newest first
    GET /api/stories/{id}          one story: its articles and its events in date order
    GET /api/actors                the most frequent source and target actor codes
    GET /api/timeline              events per day (by QuadClass or CAMEO root), mean Goldstein
    GET /api/map                   events per place, with coordinates
    GET /                          the dashboard (static/: page, script, style, basemap),
                                   drawn from the endpoints above and nothing else

Filters (``/api/events``, ``/api/actors``, ``/api/timeline``, ``/api/map``) are those of
:class:`eventwire.query.EventQuery`, which the CLI shares: ``actor``, ``target``,
``root``, ``quad``, ``since``, ``until``, ``place``, ``story``, ``factuality``,
``article``; ``/api/events`` also takes ``sort``, ``limit`` (1-500, default 50) and
``cursor`` (the ``next`` of the page before).

Every error has one shape, whatever raised it::

    {"error": {"status": 422, "message": "root: '99' is not a CAMEO root ...", "field": "root"}}

400 for a ``Host`` header that is not ours (below), 404 for an unknown id or path, 405
for a method other than GET and HEAD (with an ``Allow`` header), 422 for a bad parameter
(``field`` names it), 503 while no snapshot of the store can be read yet, 500 for a bug
(logged; no traceback is sent). HEAD is answered wherever GET is.

Host check: a request is answered only when its ``Host`` header (port aside) is
127.0.0.1, localhost or [::1], the address the server is bound to, or a name given
with ``--allowed-host``. A web page elsewhere that re-points its own DNS name at
127.0.0.1 (DNS rebinding) sends that name, and gets 400 instead of the data.

Consistency: the data served is the store at the end of its last completed run (see
:mod:`eventwire.web.snapshot`); ``/api`` says ``"partial": true`` (and why) when it is
not, e.g. when the server started while the first run was still going.

Safety: nothing here writes, and nothing fetches a URL. The server reads a private
snapshot of the store (:mod:`eventwire.web.snapshot`), so it never stops ``eventwire
ingest`` from writing. Pages and aggregates are bounded, filter values are length-capped
and only ever bound as SQL parameters. Article text is returned as a JSON string, never
as HTML; API responses carry ``X-Content-Type-Options: nosniff`` and a
``Content-Security-Policy`` that lets nothing run.

Offsets in ``/api/articles/{id}`` spans index the article's ``original`` text (as the
input gave it; evidence points there) and count Unicode code points, as Python does.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventwire import __version__
from eventwire.query import EventQuery, QueryError
from eventwire.web import reads
from eventwire.web.snapshot import Reader, SnapshotError, Snapshots

__all__ = [
    "DEFAULT_PAGE",
    "LOOPBACK_HOSTS",
    "MAX_PAGE",
    "ApiError",
    "allowed_host_names",
    "create_app",
    "host_name",
]

log = logging.getLogger("eventwire.web")

# Page sizes: 50 events is a screenful; 500 (~1 MB of JSON at ~2 KB an event) bounds one
# response. Aggregates are bounded the same way.
DEFAULT_PAGE = 50
MAX_PAGE = 500
MAX_ACTORS = 100
MAX_PLACES = 2000
# The longest filter value or id accepted: codes are <= 12 characters, ids 16-40, place
# names short; anything near this is not a real value.
MAX_TEXT = 200
# Headers on every API response: JSON is data, never a page to render or run.
API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
# Headers on the dashboard (``/`` and ``/static/``): its own scripts, styles and data
# only (nothing inline, nothing from elsewhere), so markup that slips into the page runs
# nothing and the page fetches from this server alone.
DASHBOARD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
}
STATIC = Path(__file__).parent / "static"
# The names a request to a server bound to this machine's loopback carries in ``Host``.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")
# Addresses that bind every interface: they name no host a browser would send.
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "[::]", "*"})


class ApiError(Exception):
    """An error the API answers with its status, in the one error shape."""

    def __init__(self, status: int, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


def error_response(status: int, message: str, *, field: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"status": status, "message": message}
    if field is not None:
        body["field"] = field
    return JSONResponse({"error": body}, status_code=status, headers=API_HEADERS)


# -- parameters -------------------------------------------------------------------------
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]


async def event_filters(  # async: pure parsing, so no thread-pool hop per request
    actor: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="source actor code prefix (RUS)")
    ] = None,
    target: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="target actor code prefix")
    ] = None,
    root: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="CAMEO root 01-20, or a code")
    ] = None,
    quad: Annotated[int | None, Query(description="QuadClass 1-4")] = None,
    since: Annotated[date | None, Query(description="first event date, inclusive")] = None,
    until: Annotated[date | None, Query(description="last event date, inclusive")] = None,
    place: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="ISO alpha-3 country or place name")
    ] = None,
    story: Text = None,
    factuality: Text = None,
    article: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="events reported by this article")
    ] = None,
) -> EventQuery:
    """The filters of eventwire.query.EventQuery (a bad value: 422 naming the field)."""
    return EventQuery(
        actor=actor,
        target=target,
        root=root,
        quad=quad,
        since=since,
        until=until,
        place=place,
        story=story,
        factuality=factuality,
        article=article,
    )


Filters = Annotated[EventQuery, Depends(event_filters)]
IdParam = Annotated[str, PathParam(max_length=MAX_TEXT)]


@contextlib.contextmanager
def _reading(request: Request) -> Iterator[Reader]:
    snapshots: Snapshots = request.app.state.snapshots
    with snapshots.reader() as reader:
        yield reader


def _not_found(kind: str, ident: str) -> ApiError:
    return ApiError(404, f"no {kind} with id {ident!r}")


# -- endpoints --------------------------------------------------------------------------
def _routes(app: FastAPI) -> None:
    @app.get("/api", summary="What is served")
    def index(request: Request) -> dict[str, Any]:
        snapshots: Snapshots = request.app.state.snapshots
        with _reading(request) as r:
            counts = {
                table: _count(r, table) for table in ("events", "mentions", "articles", "stories")
            }
        return {
            "eventwire": __version__,
            "counts": counts,
            # partial: why this is not the store at the end of a completed run (null
            # when it is); see eventwire.web.snapshot.
            "snapshot": {
                "age_seconds": round(snapshots.age(), 3),
                "partial": snapshots.partial is not None,
                "why_partial": snapshots.partial,
            },
            "endpoints": sorted(
                {
                    p
                    for route in app.routes
                    if (p := str(getattr(route, "path", ""))).startswith("/api")
                }
            ),
        }

    @app.get("/api/events", summary="Events matching the filters, a page at a time")
    def events(
        request: Request,
        query: Filters,
        sort: Annotated[
            str,
            Query(
                max_length=MAX_TEXT, description="date | -date | confidence | mentions | goldstein"
            ),
        ] = "date",
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE,
        cursor: Annotated[
            str | None, Query(max_length=1000, description="`next` of the page before")
        ] = None,
    ) -> Response:
        query = replace(query, sort=sort)
        with _reading(request) as r:
            page = reads.events_page(r, query, limit=limit, cursor=cursor)
        # {"events": [...], "next": ..., "count": ...}, the records spliced in as stored
        return Response(page.json(), media_type="application/json")

    @app.get("/api/events/{event_id}", summary="One event, its mentions and claims")
    def event(request: Request, event_id: IdParam) -> dict[str, Any]:
        with _reading(request) as r:
            found = r.con.execute("SELECT record FROM events WHERE id = ?", [event_id]).fetchone()
            if found is None:
                raise _not_found("event", event_id)
            record = json.loads(found[0])
            mentions = reads.event_mentions(r, event_id)
        return {"event": record, "mentions": mentions, "claims": record.get("claims", [])}

    @app.get("/api/articles/{article_id:path}", summary="One article and its event spans")
    def article(request: Request, article_id: IdParam) -> dict[str, Any]:
        with _reading(request) as r:
            found = r.store.article(article_id)
            if found is None:
                raise _not_found("article", article_id)
            row = r.con.execute(
                "SELECT story_id FROM articles WHERE id = ?", [article_id]
            ).fetchone()
            spans = reads.article_spans(r, article_id)
        return {
            "article": {
                "id": found.id,
                "title": found.title,
                "source": found.source,
                "url": found.url,
                "published": found.published,
                "language": found.language,
                "story_id": row[0] if row else None,
                "duplicate_of": found.duplicate_of,
                "similarity": found.similarity,
                "text": found.text,
                "original": found.original if found.original is not None else found.text,
            },
            "spans": spans,
            "events": sorted({s["event_id"] for s in spans if s["event_id"]}),
        }

    @app.get("/api/stories", summary="Stories, newest first")
    def stories(
        request: Request, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = DEFAULT_PAGE
    ) -> dict[str, Any]:
        with _reading(request) as r:
            found = r.store.stories(limit=limit)
            total = _count(r, "stories")
        return {"stories": found, "count": total}

    @app.get("/api/stories/{story_id}", summary="One story: its articles and events")
    def story(request: Request, story_id: IdParam) -> dict[str, Any]:
        with _reading(request) as r:
            found = r.store.story(story_id)
            if found is None:
                raise _not_found("story", story_id)
            page = reads.events_page(r, EventQuery(story=story_id), limit=MAX_PAGE)
        return {"story": found, "events": page.events, "num_events": page.count}

    @app.get("/api/actors", summary="The most frequent source and target actors")
    def actors(
        request: Request,
        query: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_ACTORS)] = 20,
    ) -> dict[str, Any]:
        with _reading(request) as r:
            return reads.actors(r, query, limit=limit)

    @app.get("/api/timeline", summary="Events per day, with the mean Goldstein score")
    def timeline(
        request: Request, query: Filters, by: Literal["quad", "root"] = "quad"
    ) -> dict[str, Any]:
        with _reading(request) as r:
            return reads.timeline(r, query, by=by)

    @app.get("/api/map", summary="Events per place")
    def map_(
        request: Request,
        query: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_PLACES)] = 500,
    ) -> dict[str, Any]:
        with _reading(request) as r:
            return reads.places(r, query, limit=limit)


def _count(reader: Reader, table: str) -> int:
    row = reader.con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


# -- errors -----------------------------------------------------------------------------
def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, field=exc.field)

    @app.exception_handler(QueryError)
    async def query_error(request: Request, exc: QueryError) -> JSONResponse:
        return error_response(422, str(exc), field=exc.field)

    @app.exception_handler(SnapshotError)
    async def snapshot_error(request: Request, exc: SnapshotError) -> JSONResponse:
        return error_response(503, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(part) for part in first.get("loc", ()) if part not in ("query", "path")]
        field = loc[-1] if loc else None
        message = str(first.get("msg", "invalid request"))
        return error_response(422, f"{field}: {message}" if field else message, field=field)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = error_response(exc.status_code, str(exc.detail))
        if exc.status_code == 405:
            # Every route here is read-only, and _HeadAsGet answers HEAD wherever GET is;
            # the static files' 405 names no methods at all.
            response.headers["Allow"] = "GET, HEAD"
        return response

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> JSONResponse:
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal error (the server log has the details)")


# -- the Host check and HEAD ------------------------------------------------------------
def host_name(header: str) -> str:
    """The name of a ``Host`` header, lower-cased, without its port
    (``LOCALHOST:8000`` -> ``localhost``, ``[::1]:8000`` -> ``[::1]``)."""
    value = header.strip().lower()
    if value.startswith("["):  # an IPv6 address, bracketed, maybe with a port
        end = value.find("]")
        return value[: end + 1] if end != -1 else value
    name, colon, port = value.rpartition(":")
    return name if colon and port.isdigit() and ":" not in name else value


def allowed_host_names(extra: Iterable[str] = ()) -> frozenset[str]:
    """The loopback names, plus ``extra`` (the bound address, ``--allowed-host``); a
    wildcard address (``0.0.0.0``, ``::``) names no host and is not added."""
    names = set(LOOPBACK_HOSTS)
    for item in extra:
        value = item.strip().lower()
        if ":" in value and not value.startswith("["):
            value = f"[{value}]"  # a bare IPv6 address, as a Host header writes it
        if value and value not in WILDCARD_ADDRESSES:
            names.add(host_name(value))
    return frozenset(names)


class _HostCheck:
    """Answer 400 to a request whose ``Host`` is not one of ours: a page of another site
    that re-points its own name at 127.0.0.1 (DNS rebinding) sends its own name, so it
    cannot read the API through the browser of someone running ``eventwire serve``."""

    def __init__(self, app: ASGIApp, *, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        header = headers.get(b"host", b"").decode("latin-1")
        if host_name(header) in self.allowed:
            await self.app(scope, receive, send)
            return
        response = error_response(
            400,
            f"Host {header!r} is not served here; allowed: {', '.join(sorted(self.allowed))} "
            "(`eventwire serve --allowed-host NAME` adds one)",
        )
        await response(scope, receive, send)


def _raw(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]


class _PolicyHeaders:
    """The API's and the dashboard's security headers on every response, replacing any
    the route set. Plain ASGI rather than ``@app.middleware("http")``: Starlette's
    ``BaseHTTPMiddleware`` runs each request through an extra task and memory stream,
    which cost about a millisecond a request in the API load test (``make bench``)."""

    _API = _raw(API_HEADERS)
    _DASHBOARD = _raw(DASHBOARD_HEADERS)

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path.startswith("/api") or path == "/openapi.json":
            extra = self._API
        elif path == "/" or path.startswith("/static/"):
            extra = self._DASHBOARD
        else:
            await self.app(scope, receive, send)
            return
        names = {name for name, _ in extra}

        async def with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", ()) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, with_policy)


class _HeadAsGet:
    """HEAD wherever GET is answered: the GET response's status and headers, no body
    (FastAPI's routes answer only the methods they name)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


# -- the app ----------------------------------------------------------------------------
def create_app(
    db: str, *, refresh_interval: float = 2.0, allowed_hosts: Iterable[str] = ()
) -> FastAPI:
    """The API over the DuckDB store ``db``, read through snapshots
    (:class:`eventwire.web.snapshot.Snapshots`, checked every ``refresh_interval`` s).

    Requests must name one of :data:`LOOPBACK_HOSTS` or of ``allowed_hosts`` in their
    ``Host`` header (with any port); others get 400. Raises
    :class:`eventwire.errors.StoreError` when ``db`` is missing or not an eventwire store.
    """
    snapshots = Snapshots(db, refresh_interval=refresh_interval)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        snapshots.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        summary="Read-only political event data, with the evidence.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.snapshots = snapshots

    _handlers(app)
    _routes(app)
    app.add_middleware(_PolicyHeaders)
    app.add_middleware(_HeadAsGet)
    app.add_middleware(_HostCheck, allowed=allowed_host_names(allowed_hosts))  # outermost
    if (STATIC / "index.html").is_file():  # the dashboard, when it is there
        _dashboard(app)
    return app


def _dashboard(app: FastAPI) -> None:
    """``/`` is the dashboard's page; ``/static/`` its script, style and basemap. The page
    reads only the JSON API above: every view it draws has that JSON twin."""
    from fastapi.responses import FileResponse
    from fastapi.staticfiles import StaticFiles

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
