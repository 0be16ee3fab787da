"""The HTTP service: the API and the review pages around one loaded model (FastAPI; docs at /docs).

``create_app`` wires the parts together: the :class:`~mt.service.store.Store`, the batcher that
shares the model between concurrent requests, the job runner (started and stopped by the
application's lifespan), the admission limits, JSON errors and the middleware
(:mod:`mt.service.middleware`). Every route but ``/health``, ``/languages``, the sign-in page and the
API docs needs an account (:mod:`mt.service.auth`). The docs' scripts are served from the package
(``fastapi-offline``), never from a CDN.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException

from mt.check import Checker
from mt.service.accounts import LOCAL_USER
from mt.service.approved import Approved
from mt.service.batcher import Batcher
from mt.service.context import Services
from mt.service.jobs import JobRunner
from mt.service.limiting import Admission, Limits
from mt.service.middleware import add_middleware, error_page, wants_html
from mt.service.routes import accounts, checking, jobs, libretranslate, review, terms, translation
from mt.service.store import DatabaseError, Store, redact
from mt.support.budget import BudgetExceeded
from mt.translate.translator import Translator
from mt.version import __version__

__all__ = ["Limits", "create_app", "redact"]
log = logging.getLogger("mt.service")


def create_app(
    translator: Translator,
    db_url: str,
    limits: Limits = Limits(),
    checker: Checker | None = None,
    allowed_hosts: Sequence[str] = (),
    login_token: str | None = None,
    cors_origins: Sequence[str] = (),
    self_review: bool = False,
) -> FastAPI:
    """The service around one loaded model and one database.

    ``allowed_hosts`` empty: any ``Host`` header. ``login_token``: a secret that signs in as the local
    admin (the link a local ``mt serve`` prints, or ``Authorization: Bearer TOKEN``); None: accounts only.
    ``cors_origins``: sites whose pages may call LibreTranslate's routes (``*``: any); none by default.
    ``self_review``: a reviewer may approve their own proposals (four eyes, the default, forbid it).
    """
    store = Store(db_url)
    if login_token is not None and store.user(LOCAL_USER) is None:  # the token's account, which an admin may disable
        store.add_user(LOCAL_USER, "admin", None, actor="mt serve")
    batcher = Batcher(translator)
    approved = Approved(store)
    services = Services(
        translator,
        batcher,
        checker or Checker(),
        store,
        JobRunner(store, batcher, approved),
        limits,
        Admission(limits),
        approved,
        login_token,
        self_review,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A worker thread for every request the in-flight limit lets in (the default pool has 40).
        to_thread.current_default_thread_limiter().total_tokens = max(40, limits.max_in_flight)
        await to_thread.run_sync(services.checker.warm_up)  # before the first request, not by all of the first
        await to_thread.run_sync(services.assessor.warm_up)
        services.jobs.start()
        log.info("service started: %s, database %s", translator.signature(), redact(db_url))
        yield
        services.jobs.stop()

    app = FastAPIOffline(
        title="mt",
        version=__version__,
        lifespan=lifespan,
        description="German→English translation and MT-artifact review for newsrooms. "
        "Send an API key as `Authorization: Bearer mt_…` (`mt users key NAME` makes one).",
    )
    app.state.services = services
    app.state.translator = translator
    for module in (translation, checking, review, terms, jobs, accounts, libretranslate):
        app.include_router(module.router)
    _add_error_handlers(app)
    add_middleware(app, limits, allowed_hosts, cors_origins, libretranslate.PATHS)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    """Every error is JSON with an ``error`` message (a page with it for a browser's page load or form); a crash
    is logged with its traceback, never sent."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code >= 400 and wants_html(request):
            return error_page(request, exc.status_code, str(exc.detail), exc.headers)
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": f"invalid request: {problems}"}, status_code=422)

    @app.exception_handler(DatabaseError)
    async def database_down(request: Request, exc: DatabaseError) -> JSONResponse:
        log.warning("request %s %s: database error %s", request.method, request.url.path, exc.__class__.__name__)
        error = {"error": f"the database is not answering ({exc.__class__.__name__}); try again shortly"}
        return JSONResponse(error, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(BudgetExceeded)
    async def too_long(request: Request, exc: BudgetExceeded) -> JSONResponse:
        log.warning("request %s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"error": str(exc)}, status_code=503)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        request_id = getattr(request.state, "request_id", "-")
        log.error(
            "request %s %s failed", request.method, request.url.path, exc_info=exc, extra={"request_id": request_id}
        )
        return JSONResponse(
            {"error": f"internal error ({exc.__class__.__name__}); request id {request_id}"}, status_code=500
        )
