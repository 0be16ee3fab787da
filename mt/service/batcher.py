"""One thread owns the model; concurrent requests hand it sentences and get translations back.

Sentences of requests that arrive within a few milliseconds of each other are decoded together,
so that ten editors clicking at once cost one batch, not ten. When a shared batch fails, each of
its requests is decoded again on its own, so that only the request that caused the failure fails.
A long document goes in pieces of at most ``max_sentences``; a request past its time budget
(:mod:`mt.support.budget`) stops waiting, and its pieces not yet begun are dropped.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from mt.document.model import Document
from mt.support import budget
from mt.translate.glossary import Glossary
from mt.translate.memory import TranslationMemory
from mt.translate.results import DocumentTranslation, SegmentTranslation
from mt.translate.translator import SHORT_PIECE_TOKENS, Translator, fill_missing_terms


@dataclass
class _Item:
    sentences: list[str]
    beam: int
    alone: bool
    in_pieces: bool = False  # cut into short pieces (a glossary's last retry)
    future: Future = field(default_factory=Future)


class Batcher:
    """Collects translation requests for ``wait`` seconds and decodes them as one batch."""

    def __init__(self, translator: Translator, wait: float = 0.02, max_sentences: int = 512) -> None:
        self.translator = translator
        self.wait = wait
        self.max_sentences = max_sentences
        self.batches = 0  # how many model calls served how many requests: for /health and tests
        self.requests = 0
        self._queue: queue.Queue[_Item] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="mt-batcher", daemon=True)
        self._thread.start()

    def translate_sentences(
        self, sentences: list[str], beam: int | None = None, alone: bool = False, in_pieces: bool = False
    ) -> list[SegmentTranslation]:
        """Blocking; ``alone`` decodes these sentences in a batch of their own (as ``mt translate`` does a file);
        ``in_pieces`` cuts them at clauses into pieces of at most ``SHORT_PIECE_TOKENS``."""
        beam = beam or self.translator.options.beam_size
        size = self.max_sentences
        items = [_Item(list(sentences[i : i + size]), beam, alone, in_pieces) for i in range(0, len(sentences), size)]
        for item in items:
            self._queue.put(item)
        results: list[SegmentTranslation] = []
        try:
            for item in items:
                results += item.future.result(timeout=budget.remaining())
        except (FutureTimeout, CancelledError):
            for item in items:
                item.future.cancel()  # pieces not begun are skipped by the worker
            budget.check()
            raise
        return results

    def translate_document(
        self,
        document: Document,
        beam: int | None = None,
        alone: bool = False,
        glossary: Glossary | None = None,
        memory: TranslationMemory | None = None,
    ) -> DocumentTranslation:
        """``glossary``: terms enforced in this request (its sentences still share batches with others', and
        those that lose a term are translated again as ``mt translate`` does); ``memory``: approved
        translations used for the sentences it holds, near matches shown for the rest."""
        sources = [s.text for s in document.sentences]
        remembered = {i: memory.lookup(s) for i, s in enumerate(sources)} if memory else {}
        todo = [i for i in range(len(sources)) if remembered.get(i) is None]
        prepared = [glossary.prepare(sources[i]) if glossary else sources[i] for i in todo]
        decoded = dict(zip(todo, self.translate_sentences(prepared, beam, alone)))
        segments = []
        for i, source in enumerate(sources):
            if i not in decoded:
                segments.append(SegmentTranslation(source, remembered[i] or "", origin="memory"))
                continue
            segment = decoded[i]
            if glossary is not None:
                segment.translation = glossary.restore(source, segment.translation)
            segment.source = source
            segment.similar = memory.similar(source) if memory else []
            segments.append(segment)
        if glossary is not None and glossary.retry:
            retry_beam = glossary.retry_beam
            fill_missing_terms(
                glossary, segments, lambda s, in_pieces: self.translate_sentences(s, retry_beam, alone, in_pieces)
            )
        return DocumentTranslation(document, segments)

    def _work(self) -> None:
        while True:
            first = self._queue.get()
            if not first.future.set_running_or_notify_cancel():
                continue  # its request ran out of time
            group = [first]
            if not first.alone:
                size = len(first.sentences)
                while size < self.max_sentences:
                    try:
                        item = self._queue.get(timeout=self.wait)
                    except queue.Empty:
                        break
                    if not item.future.set_running_or_notify_cancel():
                        continue
                    if item.alone or (item.beam, item.in_pieces) != (first.beam, first.in_pieces):
                        self._run([item])  # served on its own, in arrival order
                        continue
                    group.append(item)
                    size += len(item.sentences)
            self._run(group)

    def _run(self, group: list[_Item]) -> None:
        sentences = [s for item in group for s in item.sentences]
        try:
            options: dict[str, int] = {"beam_size": group[0].beam}
            if group[0].in_pieces:
                options["max_input_tokens"] = SHORT_PIECE_TOKENS
            results = self.translator.with_options(**options).translate_sentences(sentences)
        except Exception as err:
            if len(group) > 1:  # one bad request must not fail the others: each is tried on its own
                for item in group:
                    self._run([item])
                return
            group[0].future.set_exception(err)
            return
        self.batches += 1
        self.requests += len(group)
        pos = 0
        for item in group:
            item.future.set_result(results[pos : pos + len(item.sentences)])
            pos += len(item.sentences)
