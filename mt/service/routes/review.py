"""Review: documents with their flags, editors' decisions, learned rules, and the pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates

from mt.document import Document
from mt.service.context import Services, services
from mt.service.review import corrected
from mt.service.schemas import DecisionIn, ReviewDocumentIn

router = APIRouter()
TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parent.parent / "templates"))  # autoescapes


def _document(s: Services, doc_id: int) -> dict[str, Any]:
    doc = s.store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id}")
    return doc


def _corrected_german(s: Services, doc_id: int) -> str:
    doc = _document(s, doc_id)
    return corrected(doc["text"], doc["flags"], s.store.decisions(doc_id))


@router.post("/v1/documents", status_code=201)
def add_document(body: ReviewDocumentIn, s: Services = Depends(services)) -> dict[str, Any]:
    text = s.checked_text(body.text)
    flags = [f.to_dict() for f in s.check(Document.from_text(text))]
    return {"id": s.store.add_document(body.title, text, flags), "flags": len(flags)}


@router.get("/v1/documents")
def list_documents(s: Services = Depends(services)) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "flags": len(r["flags"]),
            "major": sum(f["severity"] == "major" for f in r["flags"]),
            "created": r["created"],
        }
        for r in s.store.documents()
    ]


@router.get("/v1/documents/{doc_id}")
def get_document(doc_id: int, s: Services = Depends(services)) -> dict[str, Any]:
    return _document(s, doc_id) | {"decisions": s.store.decisions(doc_id)}


@router.post("/v1/documents/{doc_id}/decisions", status_code=201)
def decide(doc_id: int, body: DecisionIn, s: Services = Depends(services)) -> dict[str, Any]:
    doc = _document(s, doc_id)
    if body.flag >= len(doc["flags"]):
        raise HTTPException(404, f"document {doc_id} has no flag {body.flag}")
    if body.action == "edit" and body.replacement is None:
        raise HTTPException(400, "an edit needs a replacement")
    flag = doc["flags"][body.flag]
    replacement = body.replacement if body.action == "edit" else (flag["suggestions"] or [None])[0]
    return {"id": s.store.decide(doc_id, body.flag, flag, body.action, replacement)}


@router.post("/v1/documents/{doc_id}/apply")
def apply(doc_id: int, s: Services = Depends(services)) -> dict[str, str]:
    german = _corrected_german(s, doc_id)
    english = s.batcher.translate_document(Document.from_text(german)).text if german.strip() else ""
    return {"german": german, "english": english}


@router.get("/v1/documents/{doc_id}/export/{lang}", response_class=PlainTextResponse)
def export(doc_id: int, lang: str, s: Services = Depends(services)) -> PlainTextResponse:
    if lang not in ("de", "en"):
        raise HTTPException(404, "export is de or en")
    german = _corrected_german(s, doc_id)
    text = german if lang == "de" else s.batcher.translate_document(Document.from_text(german)).text
    return PlainTextResponse(
        text, headers={"Content-Disposition": f'attachment; filename="document-{doc_id}.{lang}.txt"'}
    )


@router.get("/v1/rules")
def list_rules(s: Services = Depends(services)) -> list[dict[str, Any]]:
    return s.store.rules()


@router.delete("/v1/rules/{rule_id}")
def undo_rule(rule_id: int, s: Services = Depends(services)) -> dict[str, int]:
    if not s.store.delete_rule(rule_id):
        raise HTTPException(404, f"no rule {rule_id}")
    return {"deleted": rule_id}


@router.get("/", response_class=HTMLResponse)
def index(request: Request, s: Services = Depends(services)) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "index.html", {"documents": list_documents(s), "rules": s.store.rules()})


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def review_page(request: Request, doc_id: int, s: Services = Depends(services)) -> HTMLResponse:
    doc = _document(s, doc_id)
    return TEMPLATES.TemplateResponse(
        request, "review.html", {"doc": doc, "pieces": _pieces(doc), "decisions": s.store.decisions(doc_id)}
    )


def _pieces(doc: dict[str, Any]) -> list[tuple[str, int | None]]:
    """The text cut into plain pieces and flagged pieces (with their flag index), for the page."""
    pieces: list[tuple[str, int | None]] = []
    pos = 0
    for i, f in sorted(enumerate(doc["flags"]), key=lambda p: p[1]["start"]):
        if f["start"] < pos:
            continue
        pieces += [(doc["text"][pos : f["start"]], None), (doc["text"][f["start"] : f["end"]], i)]
        pos = f["end"]
    pieces.append((doc["text"][pos:], None))
    return pieces
