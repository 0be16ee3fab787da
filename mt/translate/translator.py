"""The translator: MarianMT through Hugging Face ``transformers``, with explicit decoding options.

``Translator(model).translate(text)`` is the whole API for one text. For batches,
:meth:`Translator.translate_documents` translates many documents sentence by sentence,
batching sentences by token budget and re-decoding degenerate outputs.
"""

from __future__ import annotations

import copy
import json
import logging
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import mt.version
from mt.document.alignment import Alignment
from mt.document.model import Document, ParagraphMode, is_translatable
from mt.document.segment import split_long
from mt.lang.identify import (
    KEEP_BELOW,
    KEEP_MIN_WORDS,
    Guess,
    mask_quotes,
    other_language,
    other_language_quotes,
    unmask_quotes,
)
from mt.translate.backends import BACKENDS, Backend, CTranslate2Backend, Request, TransformersBackend
from mt.translate.glossary import Glossary
from mt.translate.guards import collapse_repeats, degeneration
from mt.translate.memory import TranslationMemory
from mt.translate.models import ModelError, ModelRef, fingerprint, resolve
from mt.translate.options import DecodingOptions
from mt.translate.pieces import MarianPieces
from mt.translate.results import DocumentTranslation, SegmentTranslation, TranslationStats
from mt.translate.signature import RunSignature

log = logging.getLogger(__name__)

SHORT_PIECE_TOKENS = 24  # pieces of a sentence that lost a glossary term, translated again

Progress = Callable[[float, int], None]  # (sentences finished, target tokens produced) since the last call


@dataclass
class _Piece:
    """A piece of text sent to the model: a sentence, or a clause of an over-long one."""

    text: str
    ids: list[int]
    translation: str = ""
    target_tokens: int = 0
    retry: str | None = None
    score: float = 0.0
    weight: float = 0.0  # how many sentences this piece finishes (a share of each it belongs to)
    output: list[int] = field(default_factory=list)  # the translation's token ids
    attention: list[list[float]] | None = None  # per output token, its weights over the source's (when aligning)


class Translator:
    """A MarianMT model loaded once, ready to translate German to English.

    >>> translator = Translator("models/marian-de-en-compact")     # doctest: +SKIP
    >>> translator.translate("Das Treffen findet am Donnerstag statt.")   # doctest: +SKIP
    'The meeting will take place on Thursday.'
    """

    def __init__(
        self,
        model: str | None = None,
        *,
        device: str = "auto",
        threads: int | None = None,
        backend: str = "auto",
        quantize: bool = False,
        compute_type: str | None = None,
        options: DecodingOptions = DecodingOptions(),
    ) -> None:
        """``backend``: ``auto`` (CTranslate2 where the model converts, else transformers), ``ctranslate2``
        or ``transformers``. ``compute_type`` (ctranslate2 only) overrides int8 on CPU / float16 on GPU.
        """
        self.ref: ModelRef = resolve(model)
        self.options = options
        self.tokenizer = _load_tokenizer(self.ref)
        self.backend_note = ""  # why ``auto`` chose the engine it chose
        self.backend: Backend = self._load_backend(backend, device, threads, quantize, compute_type)
        self.device, self.dtype = self.backend.device, self.backend.dtype
        self.limit = _input_limit(self.ref, self.tokenizer)
        self.stats = TranslationStats()
        self.glossary: Glossary | None = None  # terms to enforce (see with_glossary)
        self.memory: TranslationMemory | None = None  # approved translations reused as they are (with_memory)

    def _load_backend(
        self, backend: str, device: str, threads: int | None, quantize: bool, compute_type: str | None
    ) -> Backend:
        if backend not in ("auto", *BACKENDS):
            raise ModelError(f"unknown backend {backend!r}; choose from auto, {', '.join(BACKENDS)}")
        if backend == "ctranslate2" and quantize:
            raise ModelError("--quantize applies to the transformers backend; ctranslate2 is int8 on CPU already")
        if backend == "auto" and quantize:
            backend, self.backend_note = "transformers", "--quantize asks for transformers"
        if backend == "auto":
            try:
                return CTranslate2Backend(self.ref, device, threads, self.tokenizer, compute_type)
            except ModelError as err:
                self.backend_note = f"ctranslate2 unavailable: {err}"
                log.warning("using transformers: %s", self.backend_note)
                return _transformers(self.ref, device, threads)
        if backend == "ctranslate2":
            return CTranslate2Backend(self.ref, device, threads, self.tokenizer, compute_type)
        return _transformers(self.ref, device, threads, quantize)

    def with_options(self, **changes) -> Translator:
        """The same loaded model with other decoding options (e.g. ``beam_size=1``)."""
        return self._clone(options=replace(self.options, **changes))

    def with_glossary(self, glossary: Glossary | None) -> Translator:
        """The same loaded model, enforcing ``glossary``'s terms (see :mod:`mt.translate.glossary`)."""
        return self._clone(glossary=glossary)

    def with_memory(self, memory: TranslationMemory | None) -> Translator:
        """The same loaded model, reusing ``memory``'s exact matches instead of decoding them."""
        return self._clone(memory=memory)

    def _clone(self, **attributes: Any) -> Translator:
        """A shallow copy sharing the loaded model, with these attributes changed and stats of its own."""
        clone = copy.copy(self)
        for name, value in attributes.items():
            setattr(clone, name, value)
        clone.stats = TranslationStats()
        return clone

    @property
    def name(self) -> str:
        return self.ref.name

    def signature(self) -> RunSignature:
        """What produces this translator's output: ``mt`` version, model hash, engine, decoding options."""
        o = self.options
        decoding = {
            "beam": o.beam_size,
            "max_input": self.max_input_tokens,
            "length_ratio": o.max_length_ratio,
            "batch_tokens": o.batch_tokens,
            "batch_size": o.max_batch_size,
            "repair": o.repair,
            **({"min_output": o.min_output_tokens} if o.min_output_tokens else {}),
            **({"glossary": self.glossary.digest()} if self.glossary else {}),
            **({"memory": self.memory.digest()} if self.memory else {}),
            **({"keep": f"not-de:{KEEP_MIN_WORDS}w<{KEEP_BELOW}"} if o.keep_other_languages else {}),
        }
        return RunSignature(
            version=mt.version.__version__,
            # a hub id, or a folder's name: however a path to the same model is spelled, the signature is one
            model=self.ref.name if self.ref.source in ("hub", "cache") else self.ref.path.name,
            model_hash=fingerprint(self.ref.path),
            backend=self.backend.name,
            device=str(self.device).split(":")[0],
            compute_type=str(self.dtype).removeprefix("torch."),
            decoding=decoding,
        )

    @property
    def max_input_tokens(self) -> int:
        return min(self.options.max_input_tokens or self.limit, self.limit)

    def translate(self, text: str, paragraphs: ParagraphMode = "blank") -> str:
        """Translate a German text; paragraphs are kept."""
        return self.translate_documents([Document.from_text(text, paragraphs=paragraphs)])[0].text

    def translate_documents(
        self, documents: Sequence[Document], progress: Progress | None = None
    ) -> list[DocumentTranslation]:
        """Translate documents together (their sentences share batches); the sentences of documents with inline
        markup are word-aligned, to put the markup into their translations."""
        sentences = [s.text for d in documents for s in d.sentences]
        segments = self.translate_sentences(sentences, progress, align=any(d.markup for d in documents))
        self.stats.documents += len(documents)
        results, pos = [], 0
        for document in documents:
            n = len(document.sentences)
            results.append(DocumentTranslation(document, segments[pos : pos + n]))
            pos += n
        return results

    def translate_sentences(
        self, sentences: Sequence[str], progress: Progress | None = None, align: bool = False
    ) -> list[SegmentTranslation]:
        """Translate sentences one to one. Letterless segments pass through unchanged. With ``align``, each
        translation has its word alignment (:meth:`_alignment`)."""
        started = time.perf_counter()
        stats = TranslationStats(sentences=len(sentences))
        units: dict[str, _Piece] = {}  # identical pieces are translated once
        plans: list[list[str] | None] = []
        remembered: dict[int, str] = {}  # sentence index → the memory's approved translation
        kept: dict[int, str] = {}  # sentence index → the other language it is in
        quotes: dict[int, list[tuple[int, int, Guess]]] = {}  # sentence index → its quotations kept as they are
        masked: dict[int, str] = {}  # sentence index → the sentence as decoded (its quotations' stand-ins in)
        for index, original in enumerate(sentences):
            if not is_translatable(original):
                plans.append(None)
                stats.passed_through += 1
                continue
            approved = self.memory.lookup(original) if self.memory else None
            if approved is not None:
                remembered[index] = approved
                plans.append(None)
                continue
            if self.options.keep_other_languages:
                quotes[index] = other_language_quotes(original)
                foreign = None if quotes[index] else other_language(original)
                if foreign is not None:
                    kept[index] = foreign.code
                    plans.append(None)
                    continue
            masked[index] = mask_quotes(original, quotes[index]) if quotes.get(index) else original
            sentence = self.glossary.prepare(masked[index]) if self.glossary else masked[index]
            ids = self._encode(sentence)  # most sentences fit: encoded once, not cut
            pieces = [sentence] if len(ids) <= self.max_input_tokens else self._pieces(sentence)
            stats.split_sentences += len(pieces) > 1
            for piece in pieces:
                if piece not in units:
                    units[piece] = _Piece(piece, ids if piece == sentence else self._encode(piece))
                units[piece].weight += 1 / len(pieces)
            plans.append(pieces)

        if progress and stats.passed_through:
            progress(stats.passed_through, 0)
        self._decode(list(units.values()), stats, progress, align)

        results: list[SegmentTranslation] = []
        retranslate: list[int] = []  # sentences whose kept quotations' stand-ins the model lost
        for index, (sentence, plan) in enumerate(zip(sentences, plans)):
            if index in remembered:
                results.append(SegmentTranslation(sentence, remembered[index], origin="memory"))
                continue
            same = Alignment.identity(sentence) if align else None
            if index in kept:
                results.append(
                    SegmentTranslation(sentence, sentence, origin="kept", language=kept[index], alignment=same)
                )
                continue
            if plan is None:
                results.append(SegmentTranslation(sentence, sentence, alignment=same))
                continue
            parts = [units[p] for p in plan]
            tokens = sum(u.target_tokens + 1 for u in parts)  # each piece's score covers its end token too
            translation = " ".join(u.translation for u in parts if u.translation)
            kept_quotes = quotes.get(index) or []
            if self.glossary:
                translation = self.glossary.restore(masked[index], translation)
            if kept_quotes:
                unmasked = unmask_quotes(translation, sentence, kept_quotes)
                if unmasked is None:  # a stand-in lost: the sentence is translated whole, as before
                    retranslate.append(index)
                    kept_quotes = []
                translation = unmasked or translation
            results.append(
                SegmentTranslation(
                    source=sentence,
                    translation=translation,
                    kept=[sentence[a:b] for a, b, _ in kept_quotes],
                    source_tokens=sum(len(u.ids) for u in parts),
                    target_tokens=sum(u.target_tokens for u in parts),
                    pieces=len(parts),
                    retry=next((u.retry for u in parts if u.retry), None),
                    score=sum(u.score * (u.target_tokens + 1) for u in parts) / tokens,
                    similar=self.memory.similar(sentence) if self.memory else [],
                    alignment=self._alignment(sentence, parts, translation) if align else None,
                )
            )
        if retranslate:
            whole = self.with_options(keep_other_languages=False).translate_sentences(
                [sentences[i] for i in retranslate]
            )
            for i, again in zip(retranslate, whole):
                results[i] = again
        if self.glossary is not None and self.glossary.retry:
            self._fill_missing_terms(results)
        stats.source_tokens = sum(r.source_tokens for r in results)
        stats.target_tokens = sum(r.target_tokens for r in results)
        stats.seconds = time.perf_counter() - started
        self.stats.add(stats)
        return results

    def _fill_missing_terms(self, results: list[SegmentTranslation]) -> None:
        assert self.glossary is not None
        plain = self.with_glossary(None).with_options(beam_size=self.glossary.retry_beam)
        short = plain.with_options(max_input_tokens=SHORT_PIECE_TOKENS)

        def decode(sentences: list[str], in_pieces: bool) -> list[SegmentTranslation]:
            translator = short if in_pieces else plain
            again = translator.translate_sentences(sentences)
            self.stats.add(translator.stats)  # the retries' time and tokens count in this run's figures
            translator.stats = TranslationStats()
            return again

        fill_missing_terms(self.glossary, results, decode)

    def _alignment(self, sentence: str, parts: list[_Piece], translation: str) -> Alignment | None:
        """The word alignment of a sentence decoded whole whose translation is the model's output as it is; of one a
        glossary, kept quotations or a repair changed, or one cut into pieces, only its names and numbers."""
        unit = parts[0]
        if len(parts) != 1 or unit.text != sentence or unit.translation != translation or unit.attention is None:
            return Alignment.from_names(sentence, translation)
        return Alignment.from_attention(
            sentence,
            self.tokenizer.convert_ids_to_tokens(unit.ids[:-1]),  # without </s>
            translation,
            self.tokenizer.convert_ids_to_tokens(unit.output),
            unit.attention,
        )

    # -- internals -------------------------------------------------------------------------

    def _encode(self, text: str) -> list[int]:
        return self.tokenizer.encode(text)

    def _pieces(self, sentence: str) -> list[str]:
        spans = split_long(sentence, self.max_input_tokens, lambda t: len(self._encode(t)))
        pieces = [sentence[s:e] for s, e in spans]
        # A single word longer than the limit cannot be cut at a boundary: cut its tokens.
        return [chunk for piece in pieces for chunk in self._hard_cut(piece)]

    def _hard_cut(self, piece: str) -> list[str]:
        ids = self._encode(piece)[:-1]  # without </s>
        step = self.max_input_tokens - 1
        if len(ids) < self.max_input_tokens:
            return [piece]
        return [self.tokenizer.decode(ids[i : i + step], skip_special_tokens=True) for i in range(0, len(ids), step)]

    def _decode(self, units: list[_Piece], stats: TranslationStats, progress: Progress | None, align: bool) -> None:
        failed: list[_Piece] = []
        for batch in self._batches(units):
            outputs = self._generate(batch, constrained=False, attention=align)
            for unit, (text, ids, hit_limit, score, weights) in zip(batch, outputs):
                unit.translation, unit.target_tokens, unit.score = text, len(ids), score
                unit.output, unit.attention = ids, weights
                reason = degeneration(text, ids, hit_limit) if self.options.repair else None
                if reason:
                    unit.retry = reason
                    failed.append(unit)
            if progress:
                progress(sum(u.weight for u in batch), sum(u.target_tokens for u in batch))
        if not failed:
            return
        stats.retries += len(failed)
        for batch in self._batches(failed):
            for unit, (text, ids, hit_limit, score, weights) in zip(
                batch, self._generate(batch, constrained=True, attention=align)
            ):
                if degeneration(text, ids, hit_limit):
                    text = collapse_repeats(text)
                    stats.repaired += 1
                unit.translation, unit.target_tokens, unit.score = text, len(ids), score
                unit.output, unit.attention = ids, weights

    def _batches(self, units: list[_Piece]) -> Iterable[list[_Piece]]:
        """Batches, longest sentences first: under the token budget, or (for an engine that batches
        internally, such as CTranslate2) requests of ``backend.batch_sentences`` sentences."""
        ordered = sorted(units, key=lambda u: len(u.ids), reverse=True)
        if self.backend.batch_sentences:
            step = self.backend.batch_sentences
            yield from (ordered[i : i + step] for i in range(0, len(ordered), step))
            return
        batch: list[_Piece] = []
        for unit in ordered:
            longest = len(batch[0].ids) if batch else len(unit.ids)
            if batch and (
                (len(batch) + 1) * longest > self.options.batch_tokens or len(batch) >= self.options.max_batch_size
            ):
                yield batch
                batch = []
            batch.append(unit)
        if batch:
            yield batch

    def _max_new_tokens(self, source_length: int) -> int:
        cap = min(self.limit, math.ceil(self.options.max_length_ratio * source_length) + 10)
        return max(cap, self.options.min_output_tokens)

    def _generate(
        self, batch: list[_Piece], constrained: bool, attention: bool = False
    ) -> list[tuple[str, list[int], bool, float, list[list[float]] | None]]:
        """Decode a batch; for each unit: text, output token ids, whether it hit its length cap, its score, and
        (with ``attention``) each output token's attention over the source."""
        width = max(len(u.ids) for u in batch)
        request = Request(
            [u.ids for u in batch],
            self.options.beam_size,
            self._max_new_tokens(width),
            constrained,
            min_new_tokens=self.options.min_output_tokens,
            attention=attention,
        )
        results = []
        for unit, output in zip(batch, self.backend.generate(request)):
            text = self.tokenizer.decode(output.ids, skip_special_tokens=True).strip()
            hit_limit = not output.finished or len(output.ids) >= self._max_new_tokens(len(unit.ids))
            results.append((text, output.ids, hit_limit, output.score, output.attention))
        return results


def _transformers(ref: ModelRef, device: str, threads: int | None, quantize: bool = False) -> Backend:
    """The transformers engine, with torch's CPU threads set (imported only here: the CTranslate2 path needs no torch)."""
    import torch

    if threads:
        torch.set_num_threads(threads)
    return TransformersBackend(ref, device, quantize=quantize)


def _load_tokenizer(ref: ModelRef) -> Any:
    """A Marian model's own SentencePiece tokenizer (:mod:`mt.translate.pieces`, no transformers import), else the
    tokenizer transformers names for the model."""
    if MarianPieces.usable(ref.path):
        return MarianPieces(ref.path)
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(ref.path)
    except Exception as err:  # transformers raises many kinds; all mean "not a usable model"
        raise ModelError(f"{ref.name}: cannot load the tokenizer from {ref.path}: {err}") from None


def _input_limit(ref: ModelRef, tokenizer) -> int:
    """The longest input (in tokens, with </s>) the model accepts."""
    config = json.loads((ref.path / "config.json").read_text())
    limits = [config.get("max_position_embeddings", 512)]
    if 0 < getattr(tokenizer, "model_max_length", 0) < 100_000:
        limits.append(tokenizer.model_max_length)
    return min(limits)


def fill_missing_terms(
    glossary: Glossary,
    results: list[SegmentTranslation],
    decode: Callable[[list[str], bool], list[SegmentTranslation]],
) -> None:
    """Sentences whose translation lost a term (the model dropped or garbled its stand-in beyond repair) are
    translated again, greedily (``glossary.retry_beam``): with the glossary's other method, then cut at
    clauses into short pieces (a short input loses less); the output with the most terms is kept.
    ``decode(sentences, in_pieces)`` translates without a glossary, ``in_pieces`` cutting at
    :data:`SHORT_PIECE_TOKENS`."""

    def found(segment: SegmentTranslation) -> int:
        text = segment.translation.lower()
        return sum(term.lower() in text for term in glossary.expected(segment.source))

    lacking = [i for i, r in enumerate(results) if r.score is not None and found(r) < len(glossary.expected(r.source))]
    other = Glossary(glossary.terms.values(), "inject" if glossary.method == "placeholder" else "placeholder", False)
    for method, in_pieces in ((other, False), (glossary, True)):
        lacking = [i for i in lacking if found(results[i]) < len(glossary.expected(results[i].source))]
        if not lacking:
            return
        again = decode([method.prepare(results[i].source) for i in lacking], in_pieces)
        for i, segment in zip(lacking, again):
            segment.translation = method.restore(results[i].source, segment.translation)
            segment.source, segment.similar = results[i].source, results[i].similar
            if found(segment) > found(results[i]):
                results[i] = segment
