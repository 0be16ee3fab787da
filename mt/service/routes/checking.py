"""``/v1/check`` and ``/v1/fix``: the checker with the approved learned rules."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from mt.check import apply_safe
from mt.document.model import Document
from mt.lang.identify import other_document
from mt.service.accounts import Principal
from mt.service.auth import admitted
from mt.service.context import Services, services
from mt.service.schemas import TextIn

router = APIRouter()


@router.post("/v1/check")
def check(body: TextIn, principal: Principal = Depends(admitted), s: Services = Depends(services)) -> dict[str, Any]:
    """The flags of a German text; a text clearly in another language is not checked (its language is said)."""
    document = Document.from_text(s.checked_text(body.text, principal.name))
    language = other_document(document.text)
    if language is not None:
        return {"flags": [], "language": language.to_dict(), "not_checked": f"{language.name}, not German"}
    return {"flags": [f.to_dict() for f in s.check(document)]}


@router.post("/v1/fix")
def fix(body: TextIn, principal: Principal = Depends(admitted), s: Services = Depends(services)) -> dict[str, Any]:
    document = Document.from_text(s.checked_text(body.text, principal.name))
    fixed, applied = apply_safe(document.text, s.check(document))
    return {"text": fixed, "applied": [f.to_dict() for f in applied]}
