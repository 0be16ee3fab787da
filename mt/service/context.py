"""What every route is given: the loaded model, the checker, the store, the job runner and the limits."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from fastapi import HTTPException, Request

from mt.check import Checker, Flag
from mt.document import Document
from mt.service.batcher import Batcher
from mt.service.jobs import JobRunner
from mt.service.review import check_with_rules
from mt.service.store import Store
from mt.translator import Translator


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 2_000_000
    max_document_chars: int = 100_000
    max_documents: int = 1_000


@dataclass
class Services:
    translator: Translator
    batcher: Batcher
    checker: Checker
    store: Store
    jobs: JobRunner
    limits: Limits

    def checked_text(self, text: str) -> str:
        """``text`` if it is within the limits; else a 400 or 413 for the client."""
        if not text.strip():
            raise HTTPException(400, "text is empty")
        if all(c.isspace() or unicodedata.category(c) == "Cf" for c in text):
            raise HTTPException(400, "text has no visible characters (only spaces and invisible format characters)")
        if len(text) > self.limits.max_document_chars:
            raise HTTPException(413, f"document over {self.limits.max_document_chars} characters")
        return text

    def check(self, document: Document) -> list[Flag]:
        """The checker's flags with the editors' learned rules applied."""
        return check_with_rules(self.checker, document, self.store.rules())


def services(request: Request) -> Services:
    """The FastAPI dependency that hands a route the application's :class:`Services`."""
    found: Services = request.app.state.services
    return found
