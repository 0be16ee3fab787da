"""What wraps every request: the log line, Host and Origin checks with security headers, the bound on
requests in work, the body and response limits and the time budget, outermost first.

The body limit counts bytes as they arrive (a chunked upload without ``Content-Length`` too) and
answers 413 as soon as the limit is passed, without reading the rest.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mt import budget
from mt.service.limiting import Limits

log = logging.getLogger("mt.service")

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",  # no framing, so no click-jacking of the review page
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def add_middleware(app: FastAPI, limits: Limits, allowed_hosts: Sequence[str]) -> None:
    """Wrap ``app``: the one added last runs first."""
    app.add_middleware(TimeBudget, seconds=limits.time_budget_s)
    app.add_middleware(ResponseLimit, max_bytes=limits.max_response_bytes)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(InFlightLimit, max_in_flight=limits.max_in_flight)
    _add_guard(app, allowed_hosts)
    _add_request_log(app)


class InFlightLimit:
    """Answer 503 with ``Retry-After`` once ``max_in_flight`` requests are in work: a bounded queue.

    Counted here, in the event loop, before a request waits for a worker thread; ``/health`` is exempt
    so that a probe still learns how the service is.
    """

    def __init__(self, app: ASGIApp, max_in_flight: int) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] == "/health":
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            error = {"error": f"the service has {self.max_in_flight} requests in work; try again shortly"}
            await JSONResponse(error, 503, headers={"Retry-After": "2"})(scope, receive, send)
            return
        self.in_flight += 1
        done = False

        def finish() -> None:
            nonlocal done
            if not done:
                done = True
                self.in_flight -= 1

        async def counted(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                finish()  # answered: the client may send its next request now, and it must find the slot free

        try:
            await self.app(scope, receive, counted)
        finally:
            finish()


class BodyLimit:
    """Refuse a request body over ``max_bytes`` (413) while it streams in; pass the body on whole."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
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

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = {"error": f"request body over {self.max_bytes} bytes"}
        await JSONResponse(error, 413, headers={"Connection": "close"})(scope, receive, send)


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
    """Give each request ``seconds`` (see :mod:`mt.budget`): long work stops with a 503 and a message."""

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


def _add_guard(app: FastAPI, allowed_hosts: Sequence[str]) -> None:
    hosts = {h.lower() for h in allowed_hosts}

    @app.middleware("http")
    async def guard(request: Request, call_next: Next) -> Response:
        """Only the allowed Host names; no state change from another site's page; security headers.

        A request with an API key header is exempt from the Origin check: a page of another site cannot
        send one (that needs a CORS permission this service never gives), so it cannot be forged.
        """
        host = request.headers.get("host", "")
        origin = request.headers.get("origin")
        with_key = "authorization" in request.headers or "x-api-key" in request.headers
        response: Response
        if hosts and urlsplit(f"//{host}").hostname not in hosts:
            response = JSONResponse({"error": f"host {host!r} is not served here (see --allowed-host)"}, 400)
        elif (
            request.method not in SAFE_METHODS
            and not with_key
            and (request.headers.get("sec-fetch-site") == "cross-site" or (origin and urlsplit(origin).netloc != host))
        ):
            response = JSONResponse({"error": "cross-origin request refused"}, 403)
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response


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
