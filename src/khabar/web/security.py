"""Response headers that make every page safe to open, whatever the stored documents contain.

The CSP forbids inline scripts and styles and anything from another origin: a document text that
slipped past escaping still could not run code, and the map and API docs load only vendored files.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from khabar.errors import ErrorCode, KhabarError

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Links out to news sites must not tell them which event an analyst was looking at. Not
    # `no-referrer`: under it browsers send `Origin: null` with the app's own form posts.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeaders:
    """ASGI middleware adding `HEADERS` to every HTTP response, errors and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SAME_SITE = frozenset({"same-origin", "none"})


def cross_origin(scope: Scope) -> str | None:
    """Why a mutating request must be refused as cross-site, or None when it may proceed.

    As Datasette does: a browser sends `Sec-Fetch-Site` and/or `Origin` with every POST, so a
    request naming another site (or the opaque `null` origin) is refused. A request with
    neither header comes from a script, not from a page an attacker lured someone to.
    """
    headers = {
        key.decode("latin-1").lower(): value.decode("latin-1") for key, value in scope["headers"]
    }
    site = headers.get("sec-fetch-site")
    if site == "same-origin":
        return None
    if site is not None and site not in SAME_SITE:
        return f"Sec-Fetch-Site: {site}"
    origin = headers.get("origin")
    if origin is None:
        return None
    host = headers.get("host", "")
    scheme = scope.get("scheme", "http")
    if origin != f"{scheme}://{host}":
        return f"Origin: {origin}"
    return None


class SameOrigin:
    """ASGI middleware refusing (403) every mutating request from another origin, whatever the
    route: new routes are covered without opting in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            reason = cross_origin(scope)
            if reason is not None:
                error = KhabarError(ErrorCode.CROSS_ORIGIN, reason)
                response = JSONResponse(
                    {"error": {"code": error.code.value, "message": error.message}},
                    status_code=403,
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
