"""What wraps every request, outermost first: the log line, CORS for LibreTranslate's routes (where asked
for), Host and Origin checks with security headers, the body limit and read time-outs, the bound on requests
in work, the response limit and the time budget.

The body limit counts bytes as they arrive (a chunked upload without ``Content-Length`` too) and
answers 413 as soon as the limit is passed, without reading the rest; a body that stops arriving gets a
408. Only then does a request take a slot of the bound on requests in work. What uvicorn does not bound on
a connection (slow headers, connections per client) is :mod:`mt.service.connections`'s.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mt.service.limiting import Limits
from mt.support import budget

log = logging.getLogger("mt.service")

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",  # no framing, so no click-jacking of the review page
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    # No referrer to other sites; within the site the browser still sends its Origin (with "no-referrer"
    # Chromium sends "Origin: null" on the sign-in form's own POST).
    "Referrer-Policy": "same-origin",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def add_middleware(
    app: FastAPI,
    limits: Limits,
    allowed_hosts: Sequence[str],
    cors_origins: Sequence[str] = (),
    open_paths: Sequence[str] = (),
) -> None:
    """Wrap ``app``: the one added last runs first. ``open_paths`` (LibreTranslate's routes, which read an API key
    and never the session cookie) may be called from other sites' pages, and from ``cors_origins`` read too.

    A request's body is read whole (within the read time-outs) before it takes one of the ``max_in_flight``
    slots, and only a request that carries credentials takes one: a slow or anonymous upload holds nothing
    that signed-in users need.
    """
    app.state.in_flight = InFlight(limits.max_in_flight)
    app.add_middleware(TimeBudget, seconds=limits.time_budget_s)
    app.add_middleware(ResponseLimit, max_bytes=limits.max_response_bytes)
    app.add_middleware(InFlightLimit, counter=app.state.in_flight, open_paths=tuple(open_paths))
    app.add_middleware(
        BodyLimit, max_bytes=limits.max_body_bytes, idle_s=limits.body_idle_s, total_s=limits.body_total_s
    )
    _add_guard(app, allowed_hosts, tuple(open_paths))
    if cors_origins:
        app.add_middleware(CrossOrigin, origins=tuple(cors_origins), paths=tuple(open_paths))
    _add_request_log(app)


class InFlight:
    """How many requests are in work, of at most ``limit`` (counted in the event loop: no lock needed)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def full(self) -> bool:
        return self.count >= self.limit


class CrossOrigin:
    """CORS for ``paths`` only, and only for ``origins`` (``*``: any site), without credentials: a browser page
    of an allowed site may call LibreTranslate's routes with an API key (Starlette's ``CORSMiddleware``)."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...], paths: tuple[str, ...]) -> None:
        from starlette.middleware.cors import CORSMiddleware

        self.app = app
        self.paths = paths
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization", "X-API-Key"],
            allow_credentials=False,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in self.paths:
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


class InFlightLimit:
    """Answer 503 with ``Retry-After`` once ``counter.limit`` requests are in work: a bounded queue.

    Counted here, in the event loop, after the body has arrived and before a request waits for a worker
    thread. Only requests with credentials (an API key or the session cookie; LibreTranslate's routes carry
    their key in the body) count: an anonymous one is answered at once (401, or the sign-in page). ``/health``
    is exempt so that a probe still learns how the service is.
    """

    def __init__(self, app: ASGIApp, counter: InFlight, open_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.counter = counter
        self.open_paths = open_paths

    def _counted(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["path"] == "/health":
            return False
        if scope["path"] in self.open_paths:
            return True
        headers = dict(scope["headers"])
        return b"authorization" in headers or b"x-api-key" in headers or b"mt_session=" in headers.get(b"cookie", b"")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._counted(scope):
            await self.app(scope, receive, send)
            return
        counter = self.counter
        if counter.full():
            error = {"error": f"the service has {counter.limit} requests in work; try again shortly"}
            await JSONResponse(error, 503, headers={"Retry-After": "2"})(scope, receive, send)
            return
        counter.count += 1
        done = False

        def finish() -> None:
            nonlocal done
            if not done:
                done = True
                counter.count -= 1

        async def counted(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                finish()  # answered: the client may send its next request now, and it must find the slot free

        try:
            await self.app(scope, receive, counted)
        finally:
            finish()


class BodyLimit:
    """Refuse a request body over ``max_bytes`` (413) while it streams in; one that stops for ``idle_s`` or takes
    over ``total_s`` in all gets a 408 (as nginx's ``client_body_timeout``); pass the body on whole."""

    def __init__(self, app: ASGIApp, max_bytes: int, idle_s: float = 10.0, total_s: float = 60.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.idle_s = idle_s
        self.total_s = total_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send, 413, f"request body over {self.max_bytes} bytes")
            return
        chunks: list[bytes] = []
        size = 0
        deadline = time.monotonic() + self.total_s
        while True:
            try:
                wait = min(self.idle_s, deadline - time.monotonic())
                message = await asyncio.wait_for(receive(), timeout=max(0.0, wait))
            except TimeoutError:
                why = f"the request body stopped arriving for {self.idle_s:.0f} s, or took over {self.total_s:.0f} s"
                await self._refuse(scope, receive, send, 408, why)
                return
            if message["type"] == "http.disconnect":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send, 413, f"request body over {self.max_bytes} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, status: int, error: str) -> None:
        await JSONResponse({"error": error}, status, headers={"Connection": "close"})(scope, receive, send)


class ResponseLimit:
    """Answer 413 instead of a response body over ``max_bytes`` (a text whose corrections would blow up)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = False
        sent = 0

        async def limited(message: Message) -> None:
            nonlocal refused, sent
            if message["type"] == "http.response.start":
                length = dict(message.get("headers", [])).get(b"content-length", b"")
                if length.isdigit() and int(length) > self.max_bytes:
                    refused = True
                    error = {"error": f"the answer would be {int(length)} bytes, over the limit of {self.max_bytes}"}
                    await JSONResponse(error, 413)(scope, receive, send)
                    return
            elif message["type"] == "http.response.body" and not refused:
                sent += len(message.get("body", b""))
                if sent > self.max_bytes:  # a streamed answer without a length: cut off, never sent whole
                    raise RuntimeError(f"response over {self.max_bytes} bytes")
            if not refused:
                await send(message)

        await self.app(scope, receive, limited)


class TimeBudget:
    """Give each request ``seconds`` (see :mod:`mt.support.budget`): long work stops with a 503 and a message."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with budget.time_budget(self.seconds):
            await self.app(scope, receive, send)


Next = Callable[[Request], Awaitable[Response]]


def forged(request: Request) -> bool:
    """Whether a request that changes something comes from another site's page (a forgery to refuse).

    Browsers say where a request comes from in ``Sec-Fetch-Site``; where it is missing (older browsers,
    programs), the ``Origin`` must name this host. A request with neither is not a browser's. ``Origin:
    null`` (a sandboxed frame, a redirect across sites) is refused unless the browser says same-origin.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")  # "none": typed in the address bar, a bookmark
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urlsplit(origin).netloc != request.headers.get("host", "")


def _add_guard(app: FastAPI, allowed_hosts: Sequence[str], open_paths: tuple[str, ...]) -> None:
    hosts = {h.lower() for h in allowed_hosts}

    @app.middleware("http")
    async def guard(request: Request, call_next: Next) -> Response:
        """Only the allowed Host names; no state change from another site's page; security headers.

        A request with an API key header is exempt from the Origin check: a page of another site cannot
        send one (that needs a CORS permission this service gives only to LibreTranslate's routes), so it
        cannot be forged; so are those routes (``open_paths``), which never read the session cookie. A
        refused sign-in is on the audit trail.
        """
        host = request.headers.get("host", "")
        with_key = "authorization" in request.headers or "x-api-key" in request.headers
        response: Response
        if hosts and urlsplit(f"//{host}").hostname not in hosts:
            response = JSONResponse({"error": f"host {host!r} is not served here (see --allowed-host)"}, 400)
        elif (
            request.method not in SAFE_METHODS
            and not with_key
            and request.url.path not in open_paths
            and forged(request)
        ):
            response = await _refuse_forged(request)
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


async def _refuse_forged(request: Request) -> Response:
    """403 for a request another site's page made; a sign-in attempt is recorded, and a browser sees a page."""
    message = "cross-origin request refused: this request came from another site's page"
    if request.url.path == "/login":
        services = request.app.state.services
        client = request.client.host if request.client else "-"
        await run_in_threadpool(services.store.record, "-", "login.refused", f"client {client}", reason="cross-origin")
    if wants_html(request):
        return error_page(request, 403, message)
    return JSONResponse({"error": message}, 403)


def wants_html(request: Request) -> bool:
    """Whether the request is a browser's page load or form submission (an error should be a page)."""
    return request.headers.get("sec-fetch-mode") == "navigate" or request.headers.get("accept", "").startswith(
        "text/html"
    )


def error_page(request: Request, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    """An error as a page with a way back, for a person in a browser."""
    from mt.service.templating import TEMPLATES

    context = {"status": status, "message": message, "me": None}
    return TEMPLATES.TemplateResponse(request, "error.html", context, status, headers=dict(headers or {}))


def _add_request_log(app: FastAPI) -> None:
    @app.middleware("http")  # added last, so it runs first: every request is logged, refused ones too
    async def log_request(request: Request, call_next: Next) -> Response:
        request.state.request_id = uuid.uuid4().hex[:12]
        started = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            response.headers["X-Request-ID"] = request.state.request_id
            return response
        finally:
            fields: dict[str, Any] = {
                "request_id": request.state.request_id,
                "method": request.method,
                "path": request.url.path,
                "status": status,
                "user": getattr(request.state, "user", None),
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            log.info("request", extra=fields)
