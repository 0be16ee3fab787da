"""Who is asking: API keys, the sign-in session of the pages, the local one-time token; roles and CSRF.

Routes declare what they need as a dependency: :func:`user` (anyone signed in), :func:`at_least`
(a role or higher) and :func:`admitted` (signed in, and admitted by the rate and concurrency limits).
Programs send ``Authorization: Bearer mt_…`` (or ``X-API-Key``); the pages use a session cookie
(``HttpOnly``, ``SameSite=Lax``, ``Secure`` over HTTPS) and must echo the session's CSRF token in
``X-CSRF-Token`` on every request that changes something.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, Response

from mt.service.accounts import LOCAL_USER, Principal, digest, same, split_api_key
from mt.service.context import Services, services
from mt.service.store import now

SESSION_COOKIE = "mt_session"
SESSION_HOURS = 12
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


def key_principal(s: Services, key: str, request: Request) -> Principal | None:
    """The principal of an API key (or of the local token, while the ``local`` account is enabled); None for a
    wrong or disabled one.

    Only a key whose prefix exists costs argon2 time, so failures are bounded per client and key prefix: a
    valid key is never held up by other failures from its address.
    """
    if s.login_token is not None and same(key, s.login_token):
        local = s.store.user(LOCAL_USER)
        return Principal(LOCAL_USER, "admin", "token") if local is None or not local["disabled"] else None
    parts = split_api_key(key)
    found = s.store.api_key(parts[0]) if parts else None
    if parts is None or found is None or found["disabled"]:
        return None  # no argon2 work: nothing to slow down
    if s.keys.known(*parts):
        return Principal(found["name"], found["role"], "key")
    client, account = client_address(request), f"key {parts[0]}"
    s.admission.may_try_login(client, account)
    if not s.keys.verify(*parts, found["secret_hash"]):
        s.admission.failed_login(client, account)
        return None
    return Principal(found["name"], found["role"], "key")


def authenticate(request: Request, s: Services) -> Principal | None:
    """The principal of a request's API key or session cookie; None if it carries neither.

    A key that is wrong is an error (401), not an anonymous request.
    """
    header = request.headers.get("authorization", "")
    key = header[7:].strip() if header[:7].lower() == "bearer " else request.headers.get("x-api-key")
    if key:
        principal = key_principal(s, key, request)
        if principal is None:
            raise HTTPException(401, "the API key is wrong or disabled", {"WWW-Authenticate": "Bearer"})
        return principal
    token = request.cookies.get(SESSION_COOKIE)
    session = s.store.session(digest(token)) if token else None
    if session is None or session["disabled"]:
        return None
    return Principal(session["name"], session["role"], "session", session["csrf"])


def user(request: Request, s: Services = Depends(services)) -> Principal:
    """Dependency: the signed-in principal (401 if none); a page's state change must carry its CSRF token."""
    principal = authenticate(request, s)
    if principal is None:
        raise HTTPException(
            401, "sign in at /login, or send an API key (Authorization: Bearer mt_…)", {"WWW-Authenticate": "Bearer"}
        )
    if principal.via == "session" and request.method not in SAFE_METHODS:
        sent = request.headers.get("x-csrf-token", "")
        if not principal.csrf or not same(sent, principal.csrf):
            raise HTTPException(403, "missing or wrong CSRF token (X-CSRF-Token); reload the page")
    request.state.user = principal.name
    return principal


def page_user(request: Request, s: Services = Depends(services)) -> Principal:
    """Dependency of the pages: the signed-in principal, or a redirect to the sign-in page."""
    principal = authenticate(request, s)
    if principal is None:
        raise HTTPException(303, "sign in first", {"Location": f"/login?next={quote(request.url.path)}"})
    request.state.user = principal.name
    return principal


def at_least(role: str) -> Callable[[Principal], Principal]:
    """Dependency factory: the principal, if they have ``role`` or a higher one (else 403)."""

    def check(principal: Principal = Depends(user)) -> Principal:
        if not principal.may(role):
            raise HTTPException(403, f"this needs the {role} role; {principal.name} is {principal.role}")
        return principal

    return check


def admitted(principal: Principal = Depends(user), s: Services = Depends(services)) -> Iterator[Principal]:
    """Dependency: the principal, holding a request slot under the rate and concurrency limits."""
    with s.admission.admit(principal.name):
        yield principal


def start_session(s: Services, request: Request, response: Response, name: str) -> None:
    """Sign ``name`` in: a new session, its cookie on ``response``."""
    token = secrets.token_urlsafe(32)
    s.store.add_session(name, digest(token), secrets.token_urlsafe(24), now() + timedelta(hours=SESSION_HOURS))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def end_session(s: Services, request: Request, response: Response) -> None:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        s.store.end_session(digest(token))
    response.delete_cookie(SESSION_COOKIE)
