"""Signing in and out, accounts and API keys (admins), and the audit trail (admins)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mt.service.accounts import (
    LOCAL_USER,
    AccountError,
    Principal,
    check_name,
    check_role,
    hash_password,
    new_api_key,
    same,
    verify_password,
)
from mt.service.auth import at_least, client_address, end_session, page_user, start_session, user
from mt.service.context import Services, services
from mt.service.schemas import KeyIn, UserIn
from mt.service.store import StoreError
from mt.service.templating import TEMPLATES

router = APIRouter()
MAX_FORM_BYTES = 10_000


def _local_path(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never another site)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(
    request: Request, token: str | None = None, next: str | None = None, s: Services = Depends(services)
) -> Response:
    if token is not None:  # the link `mt serve` prints on a local start
        client = client_address(request)
        s.admission.may_try_login(client, "token")
        if s.login_token is None or not same(token, s.login_token):
            s.admission.failed_login(client, "token")
            return TEMPLATES.TemplateResponse(
                request, "login.html", {"error": "This sign-in link is not valid (any more).", "next": next}, 403
            )
        local = s.store.user(LOCAL_USER)
        if local is None:
            s.store.add_user(LOCAL_USER, "admin", None, actor="mt serve")
        elif local["disabled"]:
            return TEMPLATES.TemplateResponse(request, "login.html", {"error": "The local account is disabled."}, 403)
        response = RedirectResponse(_local_path(next), 303)
        start_session(s, request, response, LOCAL_USER)
        return response
    return TEMPLATES.TemplateResponse(request, "login.html", {"next": next})


@router.post("/login", include_in_schema=False)
async def login(request: Request, s: Services = Depends(services)) -> Response:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "sign-in form too large")
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    return await run_in_threadpool(_login, request, s, form)  # argon2 takes ~0.2 s: not in the event loop


def _login(request: Request, s: Services, form: dict[str, str]) -> Response:
    client = client_address(request)
    name, password, target = form.get("username", ""), form.get("password", ""), form.get("next")
    s.admission.may_try_login(client, f"user {name[:64]}")
    found = s.store.user(name) if name else None
    stored = found["password_hash"] if found is not None and not found["disabled"] else None
    if not verify_password(password, stored):  # as slow for a name that does not exist
        s.admission.failed_login(client, f"user {name[:64]}")
        s.store.record(name[:64] or "-", "login.refused", f"client {client}")
        page = {"error": "Wrong user name or password.", "next": target}
        return TEMPLATES.TemplateResponse(request, "login.html", page, 401)
    response = RedirectResponse(_local_path(target), 303)
    start_session(s, request, response, name)
    return response


@router.post("/logout", include_in_schema=False)
def logout(request: Request, principal: Principal = Depends(user), s: Services = Depends(services)) -> Response:
    response = RedirectResponse("/login", 303)
    end_session(s, request, response)
    return response


@router.get("/v1/me")
def me(principal: Principal = Depends(user)) -> dict[str, Any]:
    """Who the request is signed in as."""
    return {"name": principal.name, "role": principal.role, "via": principal.via}


@router.get("/v1/users")
def list_users(
    principal: Principal = Depends(at_least("admin")), s: Services = Depends(services)
) -> list[dict[str, Any]]:
    return [dict(row) for row in s.store.users()]


@router.post("/v1/users", status_code=201)
def add_user(
    body: UserIn, principal: Principal = Depends(at_least("admin")), s: Services = Depends(services)
) -> dict[str, Any]:
    try:
        password = hash_password(body.password, body.name) if body.password is not None else None
        s.store.add_user(check_name(body.name), check_role(body.role), password, principal.name)
    except (AccountError, StoreError) as err:
        raise HTTPException(400, str(err)) from None
    return {"name": body.name, "role": body.role}


@router.post("/v1/users/{name}/disable")
def disable_user(
    name: str, principal: Principal = Depends(at_least("admin")), s: Services = Depends(services)
) -> dict[str, Any]:
    try:
        s.store.set_disabled(name, True, principal.name)
    except StoreError as err:
        raise HTTPException(404, str(err)) from None
    return {"name": name, "disabled": True}


@router.post("/v1/users/{name}/keys", status_code=201)
def add_key(
    name: str, body: KeyIn, principal: Principal = Depends(at_least("admin")), s: Services = Depends(services)
) -> dict[str, str]:
    """A new API key for ``name``, shown this once (only its hash is kept)."""
    key, prefix, secret_hash = new_api_key()
    try:
        s.store.add_api_key(name, prefix, secret_hash, body.label, principal.name)
    except StoreError as err:
        raise HTTPException(404, str(err)) from None
    return {"key": key, "prefix": prefix, "label": body.label}


@router.get("/v1/audit")
def history(
    limit: int = Query(100, ge=1, le=10_000),
    actor: str | None = None,
    principal: Principal = Depends(at_least("admin")),
    s: Services = Depends(services),
) -> list[dict[str, Any]]:
    """The audit trail, newest first: who did what, when."""
    return [dict(row) for row in s.store.history(limit, actor)]


@router.get("/audit", response_class=HTMLResponse, include_in_schema=False)
def audit_page(
    request: Request, principal: Principal = Depends(page_user), s: Services = Depends(services)
) -> Response:
    if not principal.may("admin"):
        raise HTTPException(403, "the audit trail is for admins")
    return TEMPLATES.TemplateResponse(request, "audit.html", {"me": principal, "lines": s.store.history(500)})
