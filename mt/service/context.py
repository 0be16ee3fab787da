"""What every route is given: the model, the checker, the store, the job runner, the limits and accounts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from mt.check import Checker, Flag
from mt.document import Document
from mt.service.accounts import VerifiedKeys
from mt.service.batcher import Batcher
from mt.service.jobs import JobRunner
from mt.service.limiting import Admission, Limits
from mt.service.review import check_with_rules
from mt.service.store import Store
from mt.translator import Translator


@dataclass
class Services:
    translator: Translator
    batcher: Batcher
    checker: Checker
    store: Store
    jobs: JobRunner
    limits: Limits
    admission: Admission
    login_token: str | None = None  # the token a local `mt serve` prints: it signs in as the local admin
    keys: VerifiedKeys = field(default_factory=VerifiedKeys)

    def checked_text(self, text: str, who: str) -> str:
        """``text`` if it is within the limits (and ``who``'s characters per minute); else a 400, 413 or 429."""
        if not text.strip():
            raise HTTPException(400, "text is empty")
        if all(c.isspace() or unicodedata.category(c) == "Cf" for c in text):
            raise HTTPException(400, "text has no visible characters (only spaces and invisible format characters)")
        if len(text) > self.limits.max_document_chars:
            raise HTTPException(413, f"document over {self.limits.max_document_chars} characters")
        self.admission.charge(who, len(text))
        return text

    def check(self, document: Document) -> list[Flag]:
        """The checker's flags with the approved learned rules applied."""
        return check_with_rules(self.checker, document, self.store.rules("approved"))


def services(request: Request) -> Services:
    """The FastAPI dependency that hands a route the application's :class:`Services`."""
    found: Services = request.app.state.services
    return found
