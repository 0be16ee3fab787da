"""``/v1/translate``, ``/v1/evaluate`` and ``/health`` (the one route open to all, for probes)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request

from mt.check.fix import fix_form
from mt.document.model import Document
from mt.evaluation.metrics import EvaluationError, corpus_scores
from mt.formats.termbase import Term, english_plural
from mt.service.accounts import Principal
from mt.service.auth import admitted
from mt.service.context import Services, services
from mt.service.schemas import DocumentIn, EvaluateIn, TranslateIn
from mt.service.store import DatabaseError
from mt.version import __version__

router = APIRouter()


@router.get("/health")
def health(request: Request, s: Services = Depends(services)) -> dict[str, Any]:
    """How the service is: ``ok``; ``busy`` while it refuses new work (every request slot taken); ``degraded``
    with the reasons while the database does not answer or the job runner waits for it."""
    t = s.translator
    problems = []
    try:
        s.store.ping()
    except DatabaseError as err:
        problems.append(f"database: {err.__class__.__name__}")
    if s.jobs.state.startswith("retrying"):
        problems.append(f"jobs {s.jobs.state}")
    load = request.app.state.in_flight
    status = "degraded" if problems else "busy" if load.full() else "ok"
    return {
        "status": status,
        "problems": problems,
        "in_flight": load.count,
        "max_in_flight": load.limit,
        "version": __version__,
        "model": t.name,
        "backend": t.backend.name,
        "device": str(t.device),
        "signature": str(t.signature()),
        "batches": s.batcher.batches,
        "requests": s.batcher.requests,
        "jobs": s.jobs.state,
    }


@router.post("/v1/translate")
def translate(
    body: TranslateIn, principal: Principal = Depends(admitted), s: Services = Depends(services)
) -> dict[str, Any]:
    if (body.text is None) == (body.documents is None):
        raise HTTPException(400, "give either text or documents")
    docs = [DocumentIn(text=body.text)] if body.text is not None else body.documents or []
    if len(docs) > s.limits.max_documents:
        raise HTTPException(413, f"more than {s.limits.max_documents} documents")
    documents = [
        Document.from_text(s.checked_text(d.text, principal.name), id=None if d.id is None else str(d.id)) for d in docs
    ]
    terms = [Term(t.german, t.english, t.plural or english_plural(t.english)) for t in body.glossary or []]
    results = []
    for d, document in zip(docs, documents):
        if body.fix:
            document = fix_form(document, s.check(document, learned=False))[0]
        result = s.translate_document(document, body.beam, terms)
        results.append({"id": d.id, "translation": result.text, "sentences": s.assessor.sentence_records(result)})
    beam = body.beam or s.translator.options.beam_size
    glossary, memory = s.approved.glossary(terms), s.approved.memory()  # as the signature names them
    used = s.translator.with_options(beam_size=beam).with_glossary(glossary).with_memory(memory)
    meta = used.signature().with_settings(fix=body.fix).as_dict()
    if body.text is not None:
        return {"translation": results[0]["translation"], "sentences": results[0]["sentences"], "meta": meta}
    return {"documents": results, "meta": meta}


@router.post("/v1/evaluate")
def evaluate(body: EvaluateIn, principal: Principal = Depends(admitted)) -> dict[str, Any]:
    try:
        scores = corpus_scores(body.hypotheses, body.references, body.metrics)
    except EvaluationError as err:
        raise HTTPException(400, str(err)) from None
    return {name: score.to_dict() for name, score in scores.items()}
