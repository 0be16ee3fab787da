"""What every route is given: the model, the checker, the store, the job runner, the limits and accounts."""

from __future__ import annotations

import unicodedata
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import copy_context
from dataclasses import dataclass, field

from fastapi import HTTPException, Request

from mt.check import Checker, Flag
from mt.document.model import Document
from mt.formats.termbase import Term
from mt.qa.assess import Assessor
from mt.service.accounts import Principal, VerifiedKeys
from mt.service.approved import Approved
from mt.service.batcher import Batcher
from mt.service.jobs import JobRunner
from mt.service.limiting import Admission, Limits
from mt.service.review import check_with_rules
from mt.service.rows import DocumentRow
from mt.service.store import Store
from mt.support import budget
from mt.translate.results import DocumentTranslation
from mt.translate.translator import Translator

CHECK_THREADS = 2  # the checks are pure Python: more threads would only share the interpreter lock


@dataclass
class Services:
    translator: Translator
    batcher: Batcher
    checker: Checker
    store: Store
    jobs: JobRunner
    limits: Limits
    admission: Admission
    approved: Approved  # the glossary terms and memory editors approved
    login_token: str | None = None  # the token a local `mt serve` prints: it signs in as the local admin
    self_review: bool = False  # whether a reviewer may approve their own proposal (four eyes: no)
    keys: VerifiedKeys = field(default_factory=VerifiedKeys)
    assessor: Assessor = field(default_factory=Assessor)  # QA checks and confidence of translated sentences
    check_pool: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="mt-check")
    )

    def translate_document(
        self, document: Document, beam: int | None = None, terms: list[Term] | None = None
    ) -> DocumentTranslation:
        """A document translated with the approved glossary (and this request's ``terms``) and the memory."""
        glossary, memory = self.approved.glossary(terms), self.approved.memory()
        return self.batcher.translate_document(document, beam, glossary=glossary, memory=memory)

    def may_change(self, principal: Principal, document: DocumentRow) -> None:
        """Who changes a document (its decisions, its sentences): the editor who added it, a reviewer or an admin;
        anyone else gets a 403. Every signed-in user may read every document."""
        if principal.name != document["created_by"] and not principal.may("reviewer"):
            raise HTTPException(
                403,
                f"document {document['id']} is {document['created_by']}'s: its editor, a reviewer or an admin changes it",
            )

    def checked_text(self, text: str, who: str) -> str:
        """``text`` if it is within the limits (and ``who``'s characters per minute); else a 400, 413 or 429."""
        if not text.strip():
            raise HTTPException(400, "text is empty")
        if all(c.isspace() or unicodedata.category(c) == "Cf" for c in text):
            raise HTTPException(400, "text has no visible characters (only spaces and invisible format characters)")
        if len(text) > self.limits.max_document_chars:
            raise HTTPException(413, f"document over {self.limits.max_document_chars} characters")
        if (words := len(text.split())) > self.limits.max_words:
            raise HTTPException(413, f"document of {words} words, over the limit of {self.limits.max_words}")
        self.admission.charge(who, len(text))
        return text

    def check(self, document: Document, learned: bool = True) -> list[Flag]:
        """The checker's flags (with the approved learned rules applied, unless ``learned`` is false).

        The checks run in a small pool of threads fed in arrival order: the checker is pure Python, so
        fifty request threads running it at once only take turns at the interpreter lock, unfairly (a
        few waited 30 s under load); queued, each waits its turn. Within the request's time budget.
        """
        rules = self.store.rules("approved") if learned else []
        future = self.check_pool.submit(copy_context().run, check_with_rules, self.checker, document, rules)
        try:
            return future.result(timeout=budget.remaining())
        except FutureTimeout:
            future.cancel()  # not begun: never runs
            budget.check()
            raise


def services(request: Request) -> Services:
    """The FastAPI dependency that hands a route the application's :class:`Services`."""
    found: Services = request.app.state.services
    return found
