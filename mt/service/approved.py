"""What editors taught the service, as the translator uses it: approved glossary terms and the memory."""

from __future__ import annotations

import threading

from mt.formats.termbase import Term
from mt.service.store import Store
from mt.translate.glossary import Glossary
from mt.translate.memory import TranslationMemory


class Approved:
    """The approved terms and the approved entries of the translation memory of one database, read fresh for
    every translation (the memory is re-read only when an entry was added, approved or withdrawn)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._memory: tuple[str, TranslationMemory] = ("", TranslationMemory())  # (store revision, memory)
        self._lock = threading.Lock()

    def glossary(self, request_terms: list[Term] | None = None) -> Glossary | None:
        """The approved terms, with a request's own terms taking precedence; None when there are none."""
        approved = [Term(t["german"], t["english"], t["plural"], t["note"]) for t in self.store.terms("approved")]
        merged = {t.german: t for t in [*approved, *(request_terms or [])]}
        return Glossary(merged.values()) if merged else None

    def memory(self) -> TranslationMemory | None:
        """The translation memory (None while it is empty)."""
        revision = self.store.memory_revision()
        with self._lock:
            if revision != self._memory[0]:
                self._memory = (revision, TranslationMemory(self.store.memory_entries()))
            memory = self._memory[1]
        return memory if len(memory) else None
