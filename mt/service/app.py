"""The HTTP service: the API and the review pages around one loaded model (FastAPI; docs at /docs).

``create_app`` wires the parts together: the :class:`~mt.service.store.Store`, the batcher that
shares the model between concurrent requests, the job runner (started and stopped by the
application's lifespan), JSON errors, the body limit and one log line per request.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from mt.check import Checker
from mt.service.batcher import Batcher
from mt.service.context import Limits, Services
from mt.service.jobs import JobRunner
from mt.service.routes import checking, jobs, review, translation
from mt.service.store import Store, redact
from mt.translator import Translator
from mt.version import __version__

__all__ = ["Limits", "create_app", "redact"]
log = logging.getLogger("mt.service")


def create_app(
    translator: Translator,
    db_url: str,
    limits: Limits = Limits(),
    checker: Checker | None = None,
    allowed_hosts: Sequence[str] = (),
) -> FastAPI:
    """The service around one loaded model and one database; ``allowed_hosts`` empty: any ``Host`` header."""
    store = Store(db_url)
    batcher = Batcher(translator)
    services = Services(translator, batcher, checker or Checker(), store, JobRunner(store, batcher), limits)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services.jobs.start()
        log.info("service started: %s, database %s", translator.signature(), redact(db_url))
        yield
        services.jobs.stop()

    app = FastAPI(
        title="mt",
        version=__version__,
        lifespan=lifespan,
        description="German→English translation and MT-artifact review for newsrooms.",
    )
    app.state.services = services
    app.state.translator = translator
    for module in (translation, checking, review, jobs):
        app.include_router(module.router)
    _add_error_handlers(app)
    _add_middleware(app, limits, allowed_hosts)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    """Every error is JSON with an ``error`` message; a crash is logged with its traceback, never sent."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": f"invalid request: {problems}"}, status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", "-")
        log.error(
            "request %s %s failed", request.method, request.url.path, exc_info=exc, extra={"request_id": request_id}
        )
        return JSONResponse(
            {"error": f"internal error ({exc.__class__.__name__}); request id {request_id}"}, status_code=500
        )


SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",  # no framing, so no click-jacking of the review page
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _add_middleware(app: FastAPI, limits: Limits, allowed_hosts: Sequence[str]) -> None:
    Next = Callable[[Request], Awaitable[Response]]
    hosts = {h.lower() for h in allowed_hosts}

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Next) -> Response:
        too_big = JSONResponse({"error": f"request body over {limits.max_body_bytes} bytes"}, status_code=413)
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_body_bytes:
            return too_big
        if request.method in ("POST", "PUT", "PATCH") and len(await request.body()) > limits.max_body_bytes:
            return too_big
        return await call_next(request)

    @app.middleware("http")
    async def guard(request: Request, call_next: Next) -> Response:
        """Only the allowed Host names; no state-changing request from another site; security headers."""
        host = request.headers.get("host", "")
        origin = request.headers.get("origin")
        response: Response
        if hosts and urlsplit(f"//{host}").hostname not in hosts:
            response = JSONResponse({"error": f"host {host!r} is not served here (see --allowed-host)"}, 400)
        elif request.method not in SAFE_METHODS and (
            request.headers.get("sec-fetch-site") == "cross-site" or (origin and urlsplit(origin).netloc != host)
        ):
            response = JSONResponse({"error": "cross-origin request refused"}, 403)
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

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
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
            log.info("request", extra=fields)
