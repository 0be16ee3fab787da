"""LibreTranslate's API (``/translate``, ``/languages``), so that its clients and plug-ins work with ``mt``.

As LibreTranslate does, ``/translate`` takes a form or a JSON body with ``q`` (a text or a list of
texts), ``source``, ``target``, ``format`` and ``api_key``, and answers ``{"translatedText": …}`` or
``{"error": …}``. Only German → English is served; ``source: auto`` is taken as German.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from mt.document import Document
from mt.service.accounts import Principal
from mt.service.auth import authenticate, key_principal
from mt.service.context import Services, services
from mt.service.schemas import valid_unicode

router = APIRouter(tags=["LibreTranslate"])
LANGUAGES = [{"code": "de", "name": "German", "targets": ["en"]}, {"code": "en", "name": "English", "targets": []}]


@router.get("/languages")
def languages() -> list[dict[str, Any]]:
    """The language pairs served (open to all, as in LibreTranslate)."""
    return LANGUAGES


@router.post("/translate")
async def translate(request: Request, s: Services = Depends(services)) -> dict[str, Any]:
    """Translate ``q`` (a text or a list of texts) from German to English."""
    form = await _form(request)
    principal = await run_in_threadpool(_principal, request, s, form.get("api_key"))
    q = form.get("q")
    given: list[Any] = q if isinstance(q, list) else [q]
    if not given or not all(isinstance(t, str) for t in given):
        raise HTTPException(400, "Invalid request: missing q parameter (a text or a list of texts)")
    if form.get("source", "auto") not in ("de", "auto") or form.get("target") != "en":
        raise HTTPException(400, "only German to English is served (source de or auto, target en); see /languages")
    if form.get("format", "text") != "text":
        raise HTTPException(400, "only format text is served")
    if len(given) > s.limits.max_documents:
        raise HTTPException(413, f"more than {s.limits.max_documents} texts")
    try:
        texts = [valid_unicode(str(t)) for t in given]
    except ValueError as err:
        raise HTTPException(400, f"Invalid request: q {err}") from None
    with s.admission.admit(principal.name):
        documents = [Document.from_text(s.checked_text(t, principal.name)) for t in texts]
        english = [(await run_in_threadpool(s.translate_document, d)).text for d in documents]
    return {"translatedText": english if isinstance(q, list) else english[0]}


async def _form(request: Request) -> dict[str, Any]:
    """The request's fields, from JSON or a URL-encoded form (the two bodies LibreTranslate's clients send)."""
    body = await request.body()
    kind = request.headers.get("content-type", "").split(";")[0].strip()
    try:
        if kind == "application/json":
            data = json.loads(body)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            return data
        if kind in ("application/x-www-form-urlencoded", ""):
            fields = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            return {k: v if k == "q" and len(v) > 1 else v[0] for k, v in fields.items()}
    except (ValueError, UnicodeDecodeError) as err:
        raise HTTPException(400, f"Invalid request: the body cannot be read ({err})") from None
    raise HTTPException(415, "send JSON or a URL-encoded form")


def _principal(request: Request, s: Services, api_key: Any) -> Principal:
    """The caller, by ``api_key`` in the body (LibreTranslate's way) or in a header: programs, not pages."""
    if isinstance(api_key, str) and api_key:
        principal = key_principal(s, api_key, request)
    else:
        principal = authenticate(request, s)
    if principal is None or principal.via == "session":
        raise HTTPException(403, "Invalid API key")
    request.state.user = principal.name
    return principal
