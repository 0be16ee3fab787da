"""``/v1/check`` and ``/v1/fix``: the checker with the approved learned rules."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from mt.app.checking import check_document, fix_text
from mt.document.model import Document
from mt.service.accounts import Principal
from mt.service.auth import admitted
from mt.service.context import Services, services
from mt.service.schemas import TextIn

router = APIRouter()


@router.post("/v1/check")
def check(body: TextIn, principal: Principal = Depends(admitted), s: Services = Depends(services)) -> dict[str, Any]:
    """The flags of a German text; a text clearly in another language is not checked (its language is said)."""
    checked = check_document(Document.from_text(s.checked_text(body.text, principal.name)), s.check)
    if not checked.checked:
        language = checked.language
        return {"flags": [], "language": language.to_dict(), "not_checked": f"{language.name}, not German"}
    return {"flags": [f.to_dict() for f in checked.flags]}


@router.post("/v1/fix")
def fix(body: TextIn, principal: Principal = Depends(admitted), s: Services = Depends(services)) -> dict[str, Any]:
    fixed, applied = fix_text(s.checked_text(body.text, principal.name), s.check)
    return {"text": fixed, "applied": [f.to_dict() for f in applied]}
