"""LibreTranslate's API (``/translate``, ``/detect``, ``/languages``, ``/frontend/settings``), so that its clients,
its web page and browser plug-ins work with ``mt``.

As LibreTranslate does, ``/translate`` and ``/detect`` take a form or a JSON body with ``q`` (a text or a list
of texts), ``source``, ``target``, ``format``, ``alternatives`` and ``api_key``, and answer as LibreTranslate
answers (``{"translatedText": …}``, ``[{"language": …, "confidence": …}]``) or ``{"error": …}`` with 400
(a bad request, a text over the limit), 403 (no valid key) or 429. What ``mt`` answers where it differs:

- Only German → English is served. ``source: auto`` detects each text's language (:mod:`mt.lang.identify`) and says
  it in ``detectedLanguage``; a text in another language is refused with a 400 that names the language.
- ``alternatives``: ``mt`` decodes one translation per text, so ``alternatives`` is answered with an empty
  list for each text rather than ignored.
- ``format: html`` translates each text as an HTML fragment (or page) with its markup in place
  (:mod:`mt.formats.html`): links, emphasis and spans around the words they were around, attributes kept, ``alt``
  and ``title`` translated; the language is detected on the text, not the tags.
- Browsers may call these routes from other sites only where ``mt serve --cors-origin`` allows that site;
  they never read the session cookie, only an API key, so such a call cannot act for a signed-in editor.

The work runs in the thread pool, through the same batcher as ``/v1/translate``: the event loop only reads
the body.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from mt.document.model import Document
from mt.formats.files import InputError
from mt.formats.html import HtmlMarkup
from mt.lang.identify import Guess, identify, other_document
from mt.service.accounts import Principal
from mt.service.auth import authenticate, key_principal
from mt.service.context import Services, services
from mt.service.schemas import valid_unicode

router = APIRouter(tags=["LibreTranslate"])
LANGUAGES = [{"code": "de", "name": "German", "targets": ["en"]}, {"code": "en", "name": "English", "targets": []}]
PATHS = ("/translate", "/detect", "/languages", "/frontend/settings")  # the routes CORS may open to other sites


@router.get("/languages")
def languages() -> list[dict[str, Any]]:
    """The language pairs served (open to all, as in LibreTranslate)."""
    return LANGUAGES


@router.get("/frontend/settings")
def frontend_settings(s: Services = Depends(services)) -> dict[str, Any]:
    """What LibreTranslate's web page and plug-ins ask before they translate: limits and the one pair served."""
    return {
        "charLimit": s.limits.max_document_chars,
        "frontendTimeout": 500,
        "apiKeys": True,
        "keyRequired": True,
        "suggestions": False,
        "filesTranslation": False,
        "supportedFilesFormat": [],
        "language": {"source": {"code": "de", "name": "German"}, "target": {"code": "en", "name": "English"}},
    }


@router.post("/translate")
async def translate(request: Request, s: Services = Depends(services)) -> dict[str, Any]:
    """Translate ``q`` (a text or a list of texts) from German to English."""
    form = await _form(request)
    return await run_in_threadpool(_translate, request, s, form)


@router.post("/detect")
async def detect(request: Request, s: Services = Depends(services)) -> list[dict[str, Any]]:
    """The likeliest languages of ``q``, LibreTranslate's way: ``[{"language": "de", "confidence": 97.0}]``."""
    form = await _form(request)
    return await run_in_threadpool(_detect, request, s, form)


def _translate(request: Request, s: Services, form: dict[str, Any]) -> dict[str, Any]:
    principal = _principal(request, s, form.get("api_key"))
    listed, texts = _texts(s, form)
    source = form.get("source", "auto")
    if source not in ("de", "auto") or form.get("target") != "en":
        raise HTTPException(400, "only German to English is served (source de or auto, target en); see /languages")
    form_format = form.get("format", "text")
    if form_format not in ("text", "html"):
        raise HTTPException(400, "Invalid request: format is text or html")
    alternatives = _count(form.get("alternatives", 0))
    with s.admission.admit(principal.name):
        documents = [_document(_charged(s, t, principal.name), form_format) for t in texts]
        detected = [_german(d.text) for d in documents] if source == "auto" else []
        translations = [s.translate_document(d) for d in documents]
        english = [t.written().decode() if t.document.markup else t.text for t in translations]
    answer: dict[str, Any] = {"translatedText": english if listed else english[0]}
    if detected:
        answer["detectedLanguage"] = detected if listed else detected[0]
    if alternatives:
        answer["alternatives"] = [[] for _ in texts] if listed else []
    return answer


def _document(text: str, form_format: str) -> Document:
    """A text's document: plain, or an HTML fragment's blocks (a 400 if lxml cannot read it)."""
    if form_format == "text":
        return Document.from_text(text)
    try:
        return Document.from_markup(HtmlMarkup(text, "q"))
    except InputError as err:
        raise HTTPException(400, f"Invalid request: {err}") from None


def _detect(request: Request, s: Services, form: dict[str, Any]) -> list[dict[str, Any]]:
    principal = _principal(request, s, form.get("api_key"))
    _, texts = _texts(s, form)
    with s.admission.admit(principal.name):
        text = _charged(s, "\n".join(texts), principal.name)
        return [_shape(g) for g in identify(text)]


def _german(text: str) -> dict[str, Any]:
    """LibreTranslate's ``detectedLanguage`` of a text that must be German; a 400 naming its language if it is
    clearly another (a short text that only leans elsewhere, "Danke.", is translated as German)."""
    guesses = identify(text)
    if guesses and other_document(text, guesses[0]) is not None:
        top = guesses[0]
        raise HTTPException(
            400, f"the text is in {top.name} ({top.code}, {top.confidence:.0%} sure); mt translates German only"
        )
    return _shape(guesses[0]) if guesses else {"language": "de", "confidence": 0.0}


def _shape(guess: Guess) -> dict[str, Any]:
    return {"language": guess.code, "confidence": round(guess.confidence * 100, 1)}


def _texts(s: Services, form: dict[str, Any]) -> tuple[bool, list[str]]:
    """Whether ``q`` is a list, and its texts, checked as LibreTranslate checks them (400 for too many or too long)."""
    q = form.get("q")
    given: list[Any] = q if isinstance(q, list) else [q]
    if not given or not all(isinstance(t, str) and t for t in given):
        raise HTTPException(400, "Invalid request: missing q parameter (a text or a list of texts)")
    if len(given) > s.limits.max_documents:
        raise HTTPException(400, f"Invalid request: {len(given)} texts exceed the limit of {s.limits.max_documents}")
    total = sum(len(t) for t in given)
    if total > s.limits.max_document_chars:
        raise HTTPException(
            400, f"Invalid request: request ({total}) exceeds text limit ({s.limits.max_document_chars})"
        )
    try:
        return isinstance(q, list), [valid_unicode(str(t)) for t in given]
    except ValueError as err:
        raise HTTPException(400, f"Invalid request: q {err}") from None


def _charged(s: Services, text: str, who: str) -> str:
    """The text, counted against ``who``'s characters per minute (LibreTranslate's 400 for bad text)."""
    try:
        return s.checked_text(text, who)
    except HTTPException as err:
        if err.status_code in (400, 413):
            raise HTTPException(400, f"Invalid request: {err.detail}") from None
        raise


def _count(value: Any) -> int:
    try:
        count = int(value or 0)
    except (TypeError, ValueError):
        raise HTTPException(400, "Invalid request: alternatives must be a whole number") from None
    if not 0 <= count <= 10:
        raise HTTPException(400, "Invalid request: alternatives must be from 0 to 10")
    return count


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
