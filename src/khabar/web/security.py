"""Response headers that make every page safe to open, whatever the stored documents contain.

The CSP forbids inline scripts and styles and anything from another origin: a document text that
slipped past escaping still could not run code, and the map and API docs load only vendored files.
Browsers report what the policy blocked to `/csp-report`, where it is counted and logged, so an
escaping bug shows up in the log before anyone exploits it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from khabar.errors import ErrorCode, KhabarError

log = logging.getLogger(__name__)

CSP_REPORT_PATH = "/csp-report"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    f"report-uri {CSP_REPORT_PATH}"
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


MAX_REPORT_BYTES = 64 * 1024
MAX_REPORT_KINDS = 1000
"""Distinct (directive, blocked, page) triples counted; later ones count as `other`."""


class CspReports:
    """Violation reports received since the process started, counted by what was blocked.

    Only the directive, the kind of thing blocked (`inline`, `eval`, a scheme or an origin) and
    the page's path are kept: no query string (it may hold an edit token), no address, no
    excerpt of the blocked code.
    """

    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self.counts.values())

    def add(self, directive: str, blocked: str, page: str) -> None:
        key = (directive, blocked, page)
        with self._lock:
            if key not in self.counts and len(self.counts) >= MAX_REPORT_KINDS:
                key = ("other", "other", "other")
            self.counts[key] += 1
        log.warning("CSP blocked %s (%s) on %s", blocked, directive, page)


def _blocked_kind(value: str) -> str:
    if value in ("inline", "eval", "wasm-eval", "trusted-types-policy", "trusted-types-sink"):
        return value
    parts = urlsplit(value)
    if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname:
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
    return (parts.scheme or "unknown")[:20]


def _violations(payload: Any) -> list[dict[str, str]]:
    """(directive, blocked, page) of each violation, from either report format: `report-uri`'s
    `{"csp-report": {...}}` or the Reporting API's list of `csp-violation` reports."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        body = payload["csp-report"]
        items = [
            (
                body.get("effective-directive") or body.get("violated-directive"),
                body.get("blocked-uri"),
                body.get("document-uri"),
            )
        ]
    elif isinstance(payload, list):
        items = [
            (body.get("effectiveDirective"), body.get("blockedURL"), body.get("documentURL"))
            for report in payload
            if isinstance(report, dict)
            and report.get("type") == "csp-violation"
            and isinstance(body := report.get("body"), dict)
        ]
    else:
        items = []
    return [
        {
            "directive": str(directive or "unknown").split()[0][:40],
            "blocked": _blocked_kind(str(blocked or "")),
            "page": urlsplit(str(page or "")).path[:200] or "unknown",
        }
        for directive, blocked, page in items
    ]


def register_csp_reports(app: FastAPI) -> CspReports:
    """Add `POST /csp-report`, where browsers send what the policy blocked; the counts are
    also kept at `app.state.csp_reports`. Registered on the app itself, not through a router,
    so the route tests that enumerate `app.routes` see it."""
    reports = app.state.csp_reports = CspReports()

    @app.post(CSP_REPORT_PATH, include_in_schema=False, status_code=204)
    async def csp_report(request: Request) -> Response:
        size, chunks = 0, []
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_REPORT_BYTES:
                message = f"A CSP report is at most {MAX_REPORT_BYTES} bytes."
                raise KhabarError(ErrorCode.BAD_ARGUMENT, message)
            chunks.append(chunk)
        try:
            payload = json.loads(b"".join(chunks))
        except (UnicodeDecodeError, ValueError) as exc:
            raise KhabarError(ErrorCode.BAD_ARGUMENT, "A CSP report must be JSON.") from exc
        found = _violations(payload)
        if not found:
            raise KhabarError(ErrorCode.BAD_ARGUMENT, "The body holds no CSP violation report.")
        for violation in found:
            reports.add(**violation)
        return Response(status_code=204)

    return reports
