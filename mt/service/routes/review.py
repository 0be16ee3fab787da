"""Review: documents with their flags, editors' decisions, proposed and approved rules, and the pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from mt.document.model import Document
from mt.service.accounts import Principal
from mt.service.auth import admitted, page_user, user
from mt.service.context import Services, services
from mt.service.review import corrected
from mt.service.routes.verdicts import add_verdict_routes
from mt.service.rows import DocumentRow
from mt.service.schemas import DecisionIn, ReviewDocumentIn, RowId, SentenceEditIn
from mt.service.store import RULE_STATES, Store
from mt.service.templating import TEMPLATES
from mt.translate.memory import normalise

router = APIRouter()


def _document(s: Services, doc_id: int) -> DocumentRow:
    doc = s.store.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document {doc_id}")
    return doc


def _corrected_german(s: Services, doc_id: int) -> str:
    doc = _document(s, doc_id)
    return corrected(doc["text"], doc["flags"], s.store.decisions(doc_id))


@router.post("/v1/documents", status_code=201)
def add_document(
    body: ReviewDocumentIn, principal: Principal = Depends(admitted), s: Services = Depends(services)
) -> dict[str, Any]:
    text = s.checked_text(body.text, principal.name)
    flags = [f.to_dict() for f in s.check(Document.from_text(text))]
    return {"id": s.store.add_document(body.title, text, flags, principal.name), "flags": len(flags)}


@router.get("/v1/documents")
def list_documents(principal: Principal = Depends(user), s: Services = Depends(services)) -> list[dict[str, Any]]:
    return _summaries(s)


def _summaries(s: Services) -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "title": r["title"],
            "flags": len(r["flags"]),
            "major": sum(f["severity"] == "major" for f in r["flags"]),
            "created": r["created"],
            "created_by": r["created_by"],
        }
        for r in s.store.documents()
    ]


@router.get("/v1/documents/{doc_id}")
def get_document(
    doc_id: RowId, principal: Principal = Depends(user), s: Services = Depends(services)
) -> dict[str, Any]:
    return _document(s, doc_id) | {"decisions": s.store.decisions(doc_id)}


@router.post("/v1/documents/{doc_id}/decisions", status_code=201)
def decide(
    doc_id: RowId, body: DecisionIn, principal: Principal = Depends(admitted), s: Services = Depends(services)
) -> dict[str, Any]:
    """Record a decision on a flag; it proposes a rule that a reviewer may approve for other documents."""
    doc = _document(s, doc_id)
    s.may_change(principal, doc)
    if body.flag >= len(doc["flags"]):
        raise HTTPException(404, f"document {doc_id} has no flag {body.flag}")
    if body.action == "edit" and body.replacement is None:
        raise HTTPException(400, "an edit needs a replacement")
    flag = doc["flags"][body.flag]
    if body.action == "accept" and body.suggestion >= len(flag["suggestions"]):
        raise HTTPException(
            400, f"flag {body.flag} has {len(flag['suggestions'])} suggestions, not {body.suggestion + 1}"
        )
    replacement = {"edit": body.replacement, "accept": (flag["suggestions"] + [None])[body.suggestion]}.get(body.action)
    decision_id, rule_id = s.store.decide(doc_id, body.flag, flag, body.action, replacement, principal.name)
    return {"id": decision_id, "rule": rule_id, "rule_status": None if rule_id is None else "proposed"}


def _english(s: Services, doc_id: int) -> tuple[str, str, list[dict[str, Any]]]:
    """The corrected German, its English with the editors' sentence edits, and each sentence pair with its
    confidence, QA flags and edit."""
    german = _corrected_german(s, doc_id)
    if not german.strip():
        return german, "", []
    translation = s.translate_document(Document.from_text(german))
    sentences = s.assessor.sentence_records(translation)
    edits = s.store.sentence_edits(doc_id)
    for record in sentences:
        edit = edits.get(record["source"])
        record["machine"] = record["translation"]
        if edit is not None:
            record |= {
                "translation": edit["english"],
                "confirmed": edit["confirmed"],
                "edited_by": edit["edited_by"],
                "edited": edit["created"],
            }
            record.pop("memory_matches", None)
    english = translation.document.render([r["translation"] for r in sentences])
    return german, english, sentences


@router.post("/v1/documents/{doc_id}/apply")
def apply(doc_id: RowId, principal: Principal = Depends(admitted), s: Services = Depends(services)) -> dict[str, Any]:
    """The corrected German and its English, sentence by sentence (confidence, QA flags, editors' edits)."""
    german, english, sentences = _english(s, doc_id)
    return {"german": german, "english": english, "sentences": sentences}


@router.post("/v1/documents/{doc_id}/sentences", status_code=201)
def edit_sentence(
    doc_id: RowId, body: SentenceEditIn, principal: Principal = Depends(admitted), s: Services = Depends(services)
) -> dict[str, Any]:
    """An editor's English for one German sentence of the document (or the machine's, confirmed); the exported
    English uses it at once, and it is proposed for the translation memory: once a reviewer approves it, every
    later document with that sentence gets it."""
    s.may_change(principal, _document(s, doc_id))
    sentences = {normalise(x.text) for x in Document.from_text(_corrected_german(s, doc_id)).sentences}
    if normalise(body.source) not in sentences:
        raise HTTPException(
            400, f"document {doc_id} has no sentence {body.source[:80]!r} (send one that apply returned)"
        )
    edit_id = s.store.edit_sentence(doc_id, body.source, body.english, principal.name, body.confirm)
    return {"id": edit_id, "memory": "proposed"}


@router.get("/v1/documents/{doc_id}/export/{lang}", response_class=PlainTextResponse)
def export(
    doc_id: RowId, lang: str, principal: Principal = Depends(admitted), s: Services = Depends(services)
) -> PlainTextResponse:
    if lang not in ("de", "en"):
        raise HTTPException(404, "export is de or en")
    german, english, _ = _english(s, doc_id) if lang == "en" else (_corrected_german(s, doc_id), "", [])
    text = german if lang == "de" else english
    return PlainTextResponse(
        text, headers={"Content-Disposition": f'attachment; filename="document-{doc_id}.{lang}.txt"'}
    )


@router.get("/v1/rules")
def list_rules(
    status: str | None = Query(None, description=f"only rules in this state: {', '.join(RULE_STATES)}"),
    principal: Principal = Depends(user),
    s: Services = Depends(services),
) -> list[dict[str, Any]]:
    if status is not None and status not in RULE_STATES:
        raise HTTPException(400, f"status is one of {', '.join(RULE_STATES)}")
    return [dict(row) for row in s.store.rules(status)]


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request, principal: Principal = Depends(page_user), s: Services = Depends(services)) -> HTMLResponse:
    rules = [r for r in s.store.rules() if r["status"] in ("proposed", "approved")]
    terms = [t for t in s.store.terms() if t["status"] in ("proposed", "approved")]
    memory = [m for m in s.store.memory_rows(limit=500) if m["status"] in ("proposed", "approved")]
    context = {"me": principal, "documents": _summaries(s), "rules": rules, "terms": terms, "memory": memory}
    return TEMPLATES.TemplateResponse(request, "index.html", context)


@router.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def review_page(
    request: Request, doc_id: RowId, principal: Principal = Depends(page_user), s: Services = Depends(services)
) -> HTMLResponse:
    doc = _document(s, doc_id)
    context = {"me": principal, "doc": doc, "pieces": _pieces(doc), "decisions": s.store.decisions(doc_id)}
    return TEMPLATES.TemplateResponse(request, "review.html", context)


def _pieces(doc: DocumentRow) -> list[tuple[str, int | None]]:
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


add_verdict_routes(
    router,
    "/v1/rules",
    "rule",
    Store.review_rule,
    Store.withdraw_rule,
    approved="A reviewer approves a proposed rule (not their own): from now on it applies to every document.",
    withdrawn="Withdraw a rule; the flags it raised in stored documents go too.",
)
