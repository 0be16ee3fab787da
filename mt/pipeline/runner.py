"""Running a batch (:mod:`mt.pipeline.plan`): resumable (:mod:`mt.pipeline.manifest`), atomic, with progress and a
summary.

Many small articles translate as fast as one big file because sentences of several files share
batches. The engines' results depend slightly on what else is in a batch (padding and sub-batching
change floating-point sums: 18 of 300 newstest2020 sentences come out differently when shuffled
into other batches), so batches are made a deterministic function of the inputs: the inputs, in
their fixed order, are cut into *groups* of consecutive files of about ``GROUP_CHARS`` characters,
and the sentences of one group are translated together. A group's translation depends only on the
texts in it, so a resumed run (which recomputes the same groups and translates again every group
with an unfinished file) writes the same bytes as an uninterrupted one.

A manifest in the output folder records, per output, the input's hash and the run signature
(:class:`mt.translate.signature.RunSignature`: mt version, model hash, engine, decoding options, output
settings); an output is skipped when both still match, and redone otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, TextIO

from mt.document.model import BLOCK_SEPARATOR, Document, Markup, ParagraphMode
from mt.errors import MtError
from mt.formats.files import (
    InputError,
    atomic_write,
    atomic_write_parquet,
    decode_text,
    parse_jsonl,
    read_input_bytes,
    read_parquet,
)
from mt.formats.markup import MARKUP_KINDS, read_markup
from mt.lang.identify import Guess, document_language, other_document
from mt.pipeline.manifest import Manifests
from mt.pipeline.plan import Job, OutputFormat, SourceLanguage
from mt.pipeline.progress import ProgressBar
from mt.translate.results import DocumentTranslation, TranslationStats
from mt.translate.signature import RunSignature
from mt.translate.translator import Translator
from mt.version import __version__ as mt_version

if TYPE_CHECKING:
    from mt.check.checker import Checker
    from mt.qa.assess import Assessor

log = logging.getLogger(__name__)

GROUP_CHARS = 50_000  # input characters translated together (a file larger than this is a group of its own)


class RemoteGroups(Protocol):
    """What translates a run's groups elsewhere (:class:`mt.pipeline.cluster.RayGroups` on a Ray cluster)."""

    stats: TranslationStats
    redecoded: int  # sentences re-decoded below the confidence threshold whose new output was kept

    def signature(self) -> RunSignature: ...

    def where(self) -> str:
        """Where the groups are translated, for the summary line ("on Ray: 4 actors")."""
        ...

    def translate(self, groups: list[list[Document]]) -> Iterator[tuple[int, list[DocumentTranslation]]]:
        """(index, translations) of each group, as groups finish."""
        ...


@dataclass
class _Loaded:
    """A job whose input was read and validated."""

    job: Job
    text: str
    records: list[dict[str, Any]] | None  # the objects of a JSONL input
    key: str | None = None  # input hash and run signature, for the manifest
    pending: bool = True  # needs writing (not up to date)
    language: Guess | None = None  # the text's language, where it was identified (--source)
    markup: Markup | None = None  # an input with markup (HTML, Markdown, Word, XLIFF): its blocks, and its format


@dataclass
class BatchSummary:
    """What a batch run did."""

    translated: int = 0
    skipped: int = 0
    other_language: list[str] = field(default_factory=list)  # one line per input skipped as not German
    failed: list[str] = field(default_factory=list)  # one error line per failed input
    interrupted: bool = False
    redecoded: int = 0  # sentences re-translated for low confidence whose new output was kept
    stats: TranslationStats = field(default_factory=TranslationStats)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


class BatchRunner:
    """Translates jobs with one translator; see :func:`plan_jobs`.

    ``translator`` may be a loaded :class:`Translator` or a function that loads one: it is called
    only once the inputs have been read and found usable, so a bad input fails fast.
    """

    def __init__(
        self,
        translator: Translator | Callable[[], Translator],
        output_format: OutputFormat = "text",
        paragraphs: ParagraphMode = "blank",
        force: bool = False,
        fix: bool = False,
        stdout: TextIO | None = None,
        on_error: Callable[[str], None] = lambda line: print(f"mt: error: {line}", file=sys.stderr),
        progress: bool | None = None,
        group_chars: int = GROUP_CHARS,
        redecode_below: float | None = None,
        redecode_beam: int = 8,
        on_written: Callable[[Job, list[DocumentTranslation]], None] | None = None,
        cluster: RemoteGroups | None = None,
        source: SourceLanguage = "de",
        on_note: Callable[[str], None] = lambda line: print(f"mt: {line}", file=sys.stderr),
    ) -> None:
        self._translator = translator if isinstance(translator, Translator) else None
        self._load_translator = translator if not isinstance(translator, Translator) else None
        self.output_format = output_format
        self.paragraphs = paragraphs
        self.force = force
        self.fix = fix
        self.group_chars = group_chars
        self.redecode_below = redecode_below  # re-translate sentences below this confidence with redecode_beam
        self.redecode_beam = redecode_beam
        self._checker: Checker | Literal[False] | None = None  # False: the checker's resources are missing
        self._assessor: Assessor | None = None  # QA checks and confidence of each sentence, for JSONL output
        self._warming: threading.Thread | None = None  # loads what the assessor and checker read, while decoding
        self.stdout = stdout
        self.on_error = on_error
        self.progress = progress
        self.on_written = on_written  # told of each output once it is written (and recorded)
        self.cluster = cluster  # a mt.pipeline.cluster.RayGroups: the groups are translated on a Ray cluster
        self.source = source  # de: German, a text clearly in another language skipped; auto: the same, and said
        self.on_note = on_note
        self._manifests = Manifests()
        self._signature: RunSignature  # set by run(), before anything is written

    @property
    def translator(self) -> Translator:
        """The translator, loaded on first use."""
        if self._translator is None:
            assert self._load_translator is not None
            self._translator = self._load_translator()
        return self._translator

    @property
    def loaded_translator(self) -> Translator | None:
        """The translator if it was loaded (it is not when no input needed translating)."""
        return self._translator

    @property
    def assessor(self) -> Assessor:
        """QA checks and confidence (loaded on first use)."""
        self._warmed_up()
        if self._assessor is None:
            from mt.qa.assess import Assessor

            self._assessor = Assessor()
        return self._assessor

    def signature(self) -> RunSignature:
        """Everything besides the input text that determines an output's bytes."""
        redecode = {"redecode": f"<{self.redecode_below}:beam{self.redecode_beam}"} if self.redecode_below else {}
        base = self.cluster.signature() if self.cluster is not None else self.translator.signature()
        source = {"source": self.source} if self.source != "de" else {}  # auto adds each record's language
        return base.with_settings(
            format=self.output_format,
            paragraphs=self.paragraphs,
            fix=self.fix,
            group=self.group_chars,
            **redecode,
            **source,
        )

    def run(self, jobs: list[Job]) -> BatchSummary:
        summary = BatchSummary()
        loaded = self._read(jobs, summary)
        if not loaded:
            return summary
        self._signature = self.signature()
        signature = str(self._signature)
        for item in loaded:
            if item.job.output is not None:
                item.key = f"{_digest(item.text)}|{signature}"
                item.pending = self.force or not self._manifests.done(item.job, item.key)
        summary.skipped += sum(not item.pending for item in loaded)
        groups = [g for g in self._groups(loaded) if any(item.pending for item in g)]
        prepared = [(group, [self._documents(item) for item in group]) for group in groups]
        if self._writes_records(group for group, _ in prepared):
            self._warm_up_while_decoding()
        total = sum(len(d.sentences) for _, docs in prepared for ds in docs for d in ds)
        bar = ProgressBar(total, sum(item.pending for group in groups for item in group), self.progress)
        try:
            flat_groups = [[d for ds in documents for d in ds] for _, documents in prepared]
            for index, translations in self._translated(flat_groups, bar, summary):
                group, documents = prepared[index]
                pos = 0
                for item, docs in zip(group, documents):
                    mine, pos = translations[pos : pos + len(docs)], pos + len(docs)
                    if item.pending:
                        self._write(item.job, mine)
                        if item.key:
                            self._manifests.record(item.job, item.key)
                        if self.on_written is not None:
                            self.on_written(item.job, mine)
                        summary.translated += 1
                        bar.document_done()
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            bar.close()
        summary.stats = self.cluster.stats if self.cluster is not None else self.translator.stats
        return summary

    def _translated(
        self, groups: list[list[Document]], bar: ProgressBar, summary: BatchSummary
    ) -> Iterator[tuple[int, list[DocumentTranslation]]]:
        """Each group's translations: here, in order, or on the cluster, as its groups finish."""
        if self.cluster is not None:
            for index, translations in self.cluster.translate(groups):
                segments = [s for t in translations for s in t.segments]
                bar.advance(len(segments), sum(s.target_tokens for s in segments))
                yield index, translations
            summary.redecoded += self.cluster.redecoded
            return
        for index, documents in enumerate(groups):
            assessor = self.assessor if self.redecode_below is not None else None  # not waited for otherwise
            translations, improved = translate_group(
                self.translator, documents, self.redecode_below, self.redecode_beam, assessor, bar.advance
            )
            summary.redecoded += improved
            yield index, translations

    def _read(self, jobs: list[Job], summary: BatchSummary) -> list[_Loaded]:
        """Every input read and validated (JSONL parsed); one error line per bad input."""
        loaded = []
        for job in jobs:
            try:
                if job.kind == "parquet":
                    records = read_parquet(job.source)
                    text = json.dumps(records, ensure_ascii=False, sort_keys=True, default=str)  # for the hash
                    loaded.append(_Loaded(job, text, records))
                    continue
                data = read_input_bytes(job.source)
                if job.kind in MARKUP_KINDS:
                    markup = read_markup(job.kind, data, job.name)
                    item = _Loaded(job, data.decode("utf-8", "surrogateescape"), None, markup=markup)
                else:
                    text = decode_text(data, job.name)
                    item = _Loaded(job, text, parse_jsonl(text, job.name) if job.kind == "jsonl" else None)
            except InputError as err:
                summary.failed.append(str(err))
                self.on_error(str(err))
                continue
            if item.records is None:  # a text file or a document with markup: one article, in one language
                prose = BLOCK_SEPARATOR.join(b.text for b in item.markup.blocks) if item.markup else item.text
                item.language = document_language(prose)
                if other_document(prose, item.language) is not None:
                    self._skip_other_language(item, summary)
                    continue
            loaded.append(item)
        return loaded

    def _skip_other_language(self, item: _Loaded, summary: BatchSummary) -> None:
        """An article clearly in another language: said once, and recorded in the output folder's manifest, so that
        a rerun (or a restarted inbox) passes it over quietly until it changes."""
        job, language = item.job, item.language
        assert language is not None
        key = f"{_digest(item.text)}|not-german|{mt_version}"
        if job.output_dir is not None and job.relative is not None:
            if self._manifests.key(job) == key and not self.force:
                summary.skipped += 1  # skipped before, unchanged since
                return
            job.output_dir.mkdir(parents=True, exist_ok=True)
            self._manifests.record(job, key)
        line = f"{job.name}: {language.name} ({language.confidence:.2f}), not German: skipped"
        summary.other_language.append(line)
        self.on_note(line)

    def _groups(self, loaded: list[_Loaded]) -> list[list[_Loaded]]:
        """Consecutive inputs of about ``group_chars`` characters: a function of the inputs alone."""
        groups: list[list[_Loaded]] = []
        size = self.group_chars
        for item in loaded:
            if size >= self.group_chars:
                groups.append([])
                size = 0
            groups[-1].append(item)
            size += len(item.text)
        return groups

    # -- documents in, text out --------------------------------------------------------------

    @property
    def checker(self) -> Checker | Literal[False]:
        """The artifact checker, loaded on first use (for --fix and for flags in JSONL output).

        Without its language resources, JSONL output goes without flags (one warning) and --fix
        is an error (:class:`mt.lang.lexicon.LexiconError`).
        """
        self._warmed_up()
        if self._checker is None:
            from mt.check import Checker
            from mt.lang.lexicon import LexiconError, lexicon

            try:
                lexicon()
                self._checker = Checker()
            except LexiconError as err:
                if self.fix:
                    raise
                warnings.warn(f"no flags in the JSONL output: {err}", stacklevel=2)
                self._checker = False
        return self._checker

    def _writes_records(self, groups: Iterable[list[_Loaded]]) -> bool:
        """Whether some pending output is made of records (JSONL, Parquet, XLIFF): sentences assessed and
        checked."""
        pending = [item.job.kind for group in groups for item in group if item.pending]
        return bool(pending) and (self.output_format != "text" or any(k in ("jsonl", "parquet") for k in pending))

    def _warm_up_while_decoding(self) -> None:
        """Load what assessing and checking read (dictionaries, word lists, places: seconds) in a thread while
        the model decodes: the engines release the GIL, so where a core is free the loads cost no time. The
        assessor and the checker are made here; their first use waits for the thread (:meth:`_warmed_up`)."""
        assessor, checker = self.assessor, self.checker

        def warm_up() -> None:
            try:
                assessor.warm_up()
                if checker:
                    checker.warm_up()
            except MtError as err:  # a missing resource: the first record meets the same error and reports it
                log.debug("warming up failed: %s", err)

        self._warming = threading.Thread(target=warm_up, name="mt-warm-up", daemon=True)
        self._warming.start()

    def _warmed_up(self) -> None:
        """Wait for the warm-up thread, if one runs."""
        if self._warming is not None:
            self._warming.join()
            self._warming = None

    def _documents(self, item: _Loaded) -> list[Document]:
        documents = self._parse(item)
        if not self.fix or item.markup is not None:  # corrections of form are made to plain text (said in --help)
            return documents
        from mt.check.fix import fix_form

        checker = self.checker
        assert checker is not False  # with --fix, missing resources are an error (see checker)
        return [fix_form(d, checker.check(d))[0] for d in documents]

    def _parse(self, item: _Loaded) -> list[Document]:
        if item.records is not None:
            documents = []
            for record in item.records:
                document = self._record_document(item, record)
                document.meta = {k: v for k, v in record.items() if k != "text"} | document.meta  # kept in the output
                documents.append(document)
            return documents
        if item.markup is not None:
            document = Document.from_markup(item.markup, id=item.job.name)
        else:
            document = Document.from_text(item.text, id=item.job.name, paragraphs=self.paragraphs)
        if self.source == "auto" and item.language is not None:
            document.meta = {"language": item.language.code}  # in its JSONL record
        return [document]

    def _record_document(self, item: _Loaded, record: dict[str, Any]) -> Document:
        """A JSONL or Parquet record's document; one clearly in another language has no sentences to translate (its
        text comes back as it is) and says so in its record (``language``, ``skipped``)."""
        text, id = record["text"], str(record["id"])
        language = document_language(text)
        other = other_document(text, language)
        if other is not None:
            document = Document.from_spans(text, [], id=id)
            why = f"{other.name} ({other.confidence:.2f}), not German"
            document.meta = {"language": other.code, "skipped": why}
            self.on_note(f"{item.job.name}: record {id}: {why}: skipped")
            return document
        document = Document.from_text(text, id=id, paragraphs=self.paragraphs)
        if self.source == "auto":
            document.meta = {"language": language.code}
        return document

    def _write(self, job: Job, translations: list[DocumentTranslation]) -> None:
        content: str | bytes
        if self.output_format == "xliff":
            from mt.formats.xliff import xliff_text

            content = xliff_text((str(t.document.id), self._record_for(t, {})["sentences"]) for t in translations)
        elif job.kind == "parquet":
            meta = self._signature.as_dict()
            records = [self._record_for(t, meta) for t in translations]
            for record in records:  # nested lists of objects as JSON text: a flat, portable table
                record["sentences"], record["meta"] = (
                    json.dumps(record["sentences"], ensure_ascii=False),
                    json.dumps(meta),
                )
            assert job.output is not None  # plan_jobs gives a Parquet input an output folder
            atomic_write_parquet(job.output, records)
            return
        elif job.kind == "jsonl" or self.output_format == "jsonl":
            meta = self._signature.as_dict()
            lines = [json.dumps(self._record_for(t, meta), ensure_ascii=False) for t in translations]
            content = "\n".join(lines) + "\n"
        elif translations[0].document.markup is not None:  # in its own format
            content = translations[0].written()
        else:
            content = translations[0].text.rstrip("\n") + "\n"
        if job.output is None:
            stdout = self.stdout or sys.stdout
            stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
            stdout.flush()
        else:
            atomic_write(job.output, content)

    def _record_for(self, translation: DocumentTranslation, meta: dict[str, Any]) -> dict[str, Any]:
        """The JSONL record: input fields, translation, sentences with their confidence, QA and German flags,
        metadata."""
        document = translation.document
        fields = {"id": document.id} | dict(document.meta)
        sentences = self.assessor.sentence_records(translation)
        if self.checker:
            flags = self.checker.check(document)
            for record in sentences:
                record["flags"] = [f.to_dict() for f in flags if f.start < record["end"] and record["start"] < f.end]
        extra = {"source": document.text} if self.fix else {}
        return fields | extra | {"translation": translation.text, "sentences": sentences, "meta": meta}


def _digest(text: str) -> str:
    """The hash of an input in a manifest's key (its bytes: an input with markup is kept as it was read)."""
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def translate_group(
    translator: Translator,
    documents: list[Document],
    redecode_below: float | None,
    redecode_beam: int,
    assessor: Assessor | None,
    progress: Callable[[float, int], None] | None = None,
) -> tuple[list[DocumentTranslation], int]:
    """One group, as both the local and the Ray path translate it: its translations, and how many sentences
    re-decoding below confidence ``redecode_below`` improved."""
    translations = translator.translate_documents(documents, progress=progress)
    if redecode_below is None or assessor is None:
        return translations, 0
    return translations, assessor.redecode(translator, translations, redecode_below, redecode_beam)
