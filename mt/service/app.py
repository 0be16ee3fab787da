"""The HTTP API and the review pages (FastAPI; OpenAPI docs at /docs)."""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from sqlalchemy import delete, insert, select, update
from starlette.exceptions import HTTPException as StarletteHTTPException

from mt import __version__
from mt.check import Checker, apply_safe
from mt.document import Document
from mt.evaluate import EvaluationError, corpus_scores
from mt.service import store
from mt.service.batcher import Batcher
from mt.service.review import check_with_rules, corrected
from mt.translator import Translator

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))  # autoescapes HTML


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 2_000_000
    max_document_chars: int = 100_000
    max_documents: int = 1_000


# -- request bodies ------------------------------------------------------------------------------

class DocumentIn(BaseModel):
    id: str | int | None = None
    text: str


class TranslateIn(BaseModel):
    text: str | None = Field(None, description="one German text; or give documents")
    documents: list[DocumentIn] | None = None
    beam: int | None = Field(None, ge=1, le=16, description="beam size (default: the server's)")
    fix: bool = Field(False, description="apply the checker's safe corrections of form first")


class TextIn(BaseModel):
    text: str


class EvaluateIn(BaseModel):
    hypotheses: list[str]
    references: list[list[str]] = Field(description="one or more reference streams, each aligned with hypotheses")
    metrics: list[str] = ["bleu", "chrf", "ter"]


class JobIn(BaseModel):
    documents: list[DocumentIn]
    beam: int | None = Field(None, ge=1, le=16)


class ReviewDocumentIn(BaseModel):
    title: str = Field("Untitled", max_length=300)
    text: str


class DecisionIn(BaseModel):
    flag: int = Field(ge=0, description="index of the flag in the document's flag list")
    action: str = Field(pattern="^(accept|reject|edit)$")
    replacement: str | None = None


# -- the application -----------------------------------------------------------------------------

def create_app(translator: Translator, db_url: str, limits: Limits = Limits(), checker: Checker | None = None) -> FastAPI:
    """The service around one loaded model and one database."""
    engine = store.open_store(db_url)
    checker = checker or Checker()
    batcher = Batcher(translator)
    app = FastAPI(title="mt", version=__version__,
                  description="German→English translation and MT-artifact review for newsrooms.")
    app.state.batcher = batcher

    # -- errors: always JSON with a message, never a traceback ---------------------------------
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": f"invalid request: {problems}"}, status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception):
        return JSONResponse({"error": f"internal error ({exc.__class__.__name__})"}, status_code=500)

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limits.max_body_bytes:
            return JSONResponse({"error": f"request body over {limits.max_body_bytes} bytes"}, status_code=413)
        if request.method in ("POST", "PUT", "PATCH") and len(await request.body()) > limits.max_body_bytes:
            return JSONResponse({"error": f"request body over {limits.max_body_bytes} bytes"}, status_code=413)
        return await call_next(request)

    def checked_text(text: str) -> str:
        if not text.strip():
            raise HTTPException(400, "text is empty")
        if len(text) > limits.max_document_chars:
            raise HTTPException(413, f"document over {limits.max_document_chars} characters")
        return text

    def learned_rules() -> list[dict]:
        with engine.connect() as c:
            return [store.row_dict(r) for r in c.execute(select(store.rules))]

    # -- API -----------------------------------------------------------------------------------
    @app.get("/health")
    def health():
        return {"status": "ok", "version": __version__, "model": translator.name, "backend": translator.backend.name,
                "device": str(translator.device), "batches": batcher.batches, "requests": batcher.requests}

    @app.post("/v1/translate")
    def translate(body: TranslateIn):
        if (body.text is None) == (body.documents is None):
            raise HTTPException(400, "give either text or documents")
        docs = [DocumentIn(text=body.text)] if body.text is not None else body.documents
        if len(docs) > limits.max_documents:
            raise HTTPException(413, f"more than {limits.max_documents} documents")
        results = []
        for d in docs:
            document = Document.from_text(checked_text(d.text), id=None if d.id is None else str(d.id))
            if body.fix:
                from mt.check.fix import FORM_CATEGORIES

                document = Document.from_text(apply_safe(document.text, checker.check(document), FORM_CATEGORIES)[0])
            result = batcher.translate_document(document, body.beam)
            results.append({"id": d.id, "translation": result.text, "sentences": result.sentence_records()})
        meta = translator.describe() | {"beam": body.beam or translator.options.beam_size}
        return {"translation": results[0]["translation"], "meta": meta} if body.text is not None else {
            "documents": results, "meta": meta}

    @app.post("/v1/check")
    def check(body: TextIn):
        document = Document.from_text(checked_text(body.text))
        return {"flags": [f.to_dict() for f in check_with_rules(checker, document, learned_rules())]}

    @app.post("/v1/fix")
    def fix(body: TextIn):
        document = Document.from_text(checked_text(body.text))
        fixed, applied = apply_safe(document.text, check_with_rules(checker, document, learned_rules()))
        return {"text": fixed, "applied": [f.to_dict() for f in applied]}

    @app.post("/v1/evaluate")
    def evaluate(body: EvaluateIn):
        try:
            scores = corpus_scores(body.hypotheses, body.references, body.metrics)
        except EvaluationError as err:
            raise HTTPException(400, str(err)) from None
        return {name: score.to_dict() for name, score in scores.items()}

    # -- batch jobs: stored, so that they survive a restart -------------------------------------
    @app.post("/v1/jobs", status_code=202)
    def submit(body: JobIn):
        if not body.documents or len(body.documents) > limits.max_documents:
            raise HTTPException(413 if body.documents else 400, f"give 1 to {limits.max_documents} documents")
        for d in body.documents:
            checked_text(d.text)
        job_id = uuid.uuid4().hex
        with engine.begin() as c:
            c.execute(insert(store.jobs).values(id=job_id, status="queued", request=body.model_dump(), done=0,
                                                total=len(body.documents), created=store.now()))
        wake.set()
        return {"id": job_id, "status": "queued", "total": len(body.documents)}

    @app.get("/v1/jobs/{job_id}")
    def job(job_id: str):
        with engine.connect() as c:
            row = c.execute(select(store.jobs).where(store.jobs.c.id == job_id)).first()
        if row is None:
            raise HTTPException(404, f"no job {job_id}")
        data = store.row_dict(row)
        data.pop("request")
        if data["status"] != "done":
            data.pop("results")
        return data

    wake = threading.Event()

    def run_jobs() -> None:
        with engine.begin() as c:  # a job cut off by a restart starts again
            c.execute(update(store.jobs).where(store.jobs.c.status == "running").values(status="queued", done=0))
        while True:
            with engine.connect() as c:
                row = c.execute(select(store.jobs).where(store.jobs.c.status == "queued")
                                .order_by(store.jobs.c.created)).first()
            if row is None:
                wake.wait(1.0)
                wake.clear()
                continue
            run_job(store.row_dict(row))

    def run_job(row: dict) -> None:
        job_id, request = row["id"], row["request"]
        with engine.begin() as c:
            c.execute(update(store.jobs).where(store.jobs.c.id == job_id).values(status="running"))
        results = []
        try:
            for i, d in enumerate(request["documents"]):
                document = Document.from_text(d["text"], id=None if d.get("id") is None else str(d["id"]))
                translated = batcher.translate_document(document, request.get("beam"), alone=True)
                results.append({"id": d.get("id"), "translation": translated.text})
                with engine.begin() as c:
                    c.execute(update(store.jobs).where(store.jobs.c.id == job_id).values(done=i + 1))
            with engine.begin() as c:
                c.execute(update(store.jobs).where(store.jobs.c.id == job_id).values(status="done", results=results))
        except Exception as err:  # the job fails, the service goes on
            with engine.begin() as c:
                c.execute(update(store.jobs).where(store.jobs.c.id == job_id)
                          .values(status="failed", error=f"{err.__class__.__name__}: {err}"))

    threading.Thread(target=run_jobs, name="mt-jobs", daemon=True).start()

    # -- review: documents, flags, decisions, learned rules -------------------------------------
    def load_document(doc_id: int) -> dict:
        with engine.connect() as c:
            row = c.execute(select(store.documents).where(store.documents.c.id == doc_id)).first()
        if row is None:
            raise HTTPException(404, f"no document {doc_id}")
        return store.row_dict(row)

    def document_decisions(doc_id: int) -> list[dict]:
        with engine.connect() as c:
            return [store.row_dict(r) for r in c.execute(
                select(store.decisions).where(store.decisions.c.document_id == doc_id).order_by(store.decisions.c.id))]

    @app.post("/v1/documents", status_code=201)
    def add_document(body: ReviewDocumentIn):
        text = checked_text(body.text)
        flags = [f.to_dict() for f in check_with_rules(checker, Document.from_text(text), learned_rules())]
        with engine.begin() as c:
            doc_id = c.execute(insert(store.documents).values(title=body.title, text=text, flags=flags,
                                                              created=store.now())).inserted_primary_key[0]
        return {"id": doc_id, "flags": len(flags)}

    @app.get("/v1/documents")
    def list_documents():
        with engine.connect() as c:
            rows = [store.row_dict(r) for r in c.execute(select(store.documents).order_by(store.documents.c.id))]
        return [{"id": r["id"], "title": r["title"], "flags": len(r["flags"]),
                 "major": sum(f["severity"] == "major" for f in r["flags"]), "created": r["created"]} for r in rows]

    @app.get("/v1/documents/{doc_id}")
    def get_document(doc_id: int):
        return load_document(doc_id) | {"decisions": document_decisions(doc_id)}

    @app.post("/v1/documents/{doc_id}/decisions", status_code=201)
    def decide(doc_id: int, body: DecisionIn):
        doc = load_document(doc_id)
        if body.flag >= len(doc["flags"]):
            raise HTTPException(404, f"document {doc_id} has no flag {body.flag}")
        if body.action == "edit" and body.replacement is None:
            raise HTTPException(400, "an edit needs a replacement")
        flag = doc["flags"][body.flag]
        replacement = body.replacement if body.action == "edit" else (flag["suggestions"] or [None])[0]
        with engine.begin() as c:
            decision_id = c.execute(insert(store.decisions).values(
                document_id=doc_id, flag_index=body.flag, start=flag["start"], end=flag["end"], flag_text=flag["text"],
                check_name=flag["check"], action=body.action, replacement=replacement, created=store.now(),
            )).inserted_primary_key[0]
            # The latest decision on a flag is the one that teaches: earlier rules from it go.
            c.execute(delete(store.rules).where(store.rules.c.text == flag["text"])
                      .where(store.rules.c.check_name == flag["check"]))
            if body.action == "reject" or replacement is not None:
                c.execute(insert(store.rules).values(
                    kind="suppress" if body.action == "reject" else "replace", text=flag["text"],
                    check_name=flag["check"], replacement=None if body.action == "reject" else replacement,
                    decision_id=decision_id, created=store.now(),
                ))
        return {"id": decision_id}

    @app.post("/v1/documents/{doc_id}/apply")
    def apply(doc_id: int):
        doc = load_document(doc_id)
        german = corrected(doc["text"], doc["flags"], document_decisions(doc_id))
        english = batcher.translate_document(Document.from_text(german)).text if german.strip() else ""
        return {"german": german, "english": english}

    @app.get("/v1/documents/{doc_id}/export/{lang}", response_class=PlainTextResponse)
    def export(doc_id: int, lang: str):
        if lang not in ("de", "en"):
            raise HTTPException(404, "export is de or en")
        doc = load_document(doc_id)
        german = corrected(doc["text"], doc["flags"], document_decisions(doc_id))
        text = german if lang == "de" else batcher.translate_document(Document.from_text(german)).text
        return PlainTextResponse(text,
                                 headers={"Content-Disposition": f'attachment; filename="document-{doc_id}.{lang}.txt"'})

    @app.get("/v1/rules")
    def list_rules():
        return learned_rules()

    @app.delete("/v1/rules/{rule_id}")
    def undo_rule(rule_id: int):
        with engine.begin() as c:
            if c.execute(delete(store.rules).where(store.rules.c.id == rule_id)).rowcount == 0:
                raise HTTPException(404, f"no rule {rule_id}")
        return {"deleted": rule_id}

    # -- pages ---------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def index(request: Request):
        return TEMPLATES.TemplateResponse(request, "index.html", {"documents": list_documents(), "rules": learned_rules()})

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def review(request: Request, doc_id: int):
        doc = load_document(doc_id)
        return TEMPLATES.TemplateResponse(request, "review.html", {"doc": doc, "pieces": _pieces(doc),
                                                                    "decisions": document_decisions(doc_id)})

    return app


def _pieces(doc: dict) -> list[tuple[str, int | None]]:
    """The text cut into plain pieces and flagged pieces (with their flag index), for the page."""
    pieces, pos = [], 0
    for i, f in sorted(enumerate(doc["flags"]), key=lambda p: p[1]["start"]):
        if f["start"] < pos:
            continue
        pieces += [(doc["text"][pos : f["start"]], None), (doc["text"][f["start"] : f["end"]], i)]
        pos = f["end"]
    pieces.append((doc["text"][pos:], None))
    return pieces
