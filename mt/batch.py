"""Batch translation of files, folders and stdin: resumable, atomic, with progress and a summary.

Each input file is translated as one unit (its sentences share batches), so its output
depends only on its own text, the model and the settings: a resumed run writes the same
bytes as an uninterrupted one. A manifest in the output folder records, per output, the
input's hash and the settings; an output is skipped when both still match.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal, TextIO

from mt.document import Document, ParagraphMode
from mt.fileio import InputError, atomic_write, parse_jsonl, read_input
from mt.markdown import prose_spans
from mt.translator import DocumentTranslation, Translator, TranslationStats

InputFormat = Literal["auto", "text", "md", "jsonl"]
OutputFormat = Literal["text", "jsonl"]
INPUT_SUFFIXES = {".txt": "text", ".md": "md", ".markdown": "md", ".jsonl": "jsonl"}
MANIFEST = ".mt-manifest.jsonl"
STDIN = "-"


@dataclass
class Job:
    """One input and where its translation goes (``output`` None: stdout)."""

    source: str  # a path, or "-" for stdin
    kind: str  # "text", "md" or "jsonl"
    name: str  # as shown to the user
    output_dir: Path | None = None
    relative: Path | None = None  # the output's path inside output_dir

    @property
    def output(self) -> Path | None:
        return self.output_dir / self.relative if self.output_dir and self.relative else None


@dataclass
class BatchSummary:
    """What a batch run did."""

    translated: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)  # one error line per failed input
    interrupted: bool = False
    stats: TranslationStats = field(default_factory=TranslationStats)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.interrupted


def plan_jobs(
    inputs: list[str], output_dir: Path | None, output_format: OutputFormat, input_format: InputFormat = "auto"
) -> list[Job]:
    """Jobs for files, folders (searched for .txt, .md and .jsonl) and ``-`` (stdin)."""
    found: list[tuple[str, Path | None]] = []  # (source, path relative to the output folder)
    for item in inputs:
        path = Path(item)
        if item == STDIN:
            found.append((STDIN, Path("stdin.txt")))
        elif path.is_dir():
            files = sorted(
                f
                for f in path.rglob("*")
                if f.is_file()
                and f.suffix.lower() in INPUT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(path).parts)
                and not (output_dir and output_dir.resolve() in f.resolve().parents)
            )
            found.extend((str(f), f.relative_to(path)) for f in files)
        elif path.is_file():
            found.append((item, Path(path.name)))
        else:
            raise InputError(f"{item}: no such file or folder")
    if output_dir is None and len(found) > 1:
        raise InputError(f"{len(found)} inputs: give an output folder with -o DIR")

    jobs, targets = [], {}
    for source, relative in found:
        kind = input_format if input_format != "auto" else INPUT_SUFFIXES.get(Path(source).suffix.lower(), "text")
        job = Job(source, kind, "<stdin>" if source == STDIN else source)
        if output_dir is not None:
            suffix = ".jsonl" if kind == "jsonl" or output_format == "jsonl" else relative.suffix
            job.output_dir, job.relative = output_dir, relative.with_suffix(suffix)
            if job.relative in targets:
                raise InputError(f"{source} and {targets[job.relative]} would both write {job.output}")
            targets[job.relative] = source
        jobs.append(job)
    return jobs


class BatchRunner:
    """Translates jobs with one translator; see :func:`plan_jobs`."""

    def __init__(
        self,
        translator: Translator,
        output_format: OutputFormat = "text",
        paragraphs: ParagraphMode = "blank",
        force: bool = False,
        fix: bool = False,
        stdout: TextIO = sys.stdout,
        on_error: Callable[[str], None] = lambda line: print(f"mt: error: {line}", file=sys.stderr),
        progress: bool | None = None,
    ) -> None:
        self.translator = translator
        self.output_format = output_format
        self.paragraphs = paragraphs
        self.force = force
        self.fix = fix
        self._checker = None
        self.stdout = stdout
        self.on_error = on_error
        self.progress = progress
        self._manifests: dict[Path, dict[str, str]] = {}

    def settings_key(self) -> str:
        """Everything besides the input text that determines an output's bytes."""
        describe = self.translator.describe()
        return "|".join(
            [
                describe["model_fingerprint"],
                self.translator.options.signature(),
                describe["backend"],
                describe["dtype"],
                f"format={self.output_format}",
                f"paragraphs={self.paragraphs}",
                f"fix={self.fix}",
            ]
        )

    def run(self, jobs: list[Job]) -> BatchSummary:
        summary = BatchSummary()
        loaded = []
        for job in jobs:
            try:
                text = read_input(job.source)
                key = self._key(job, text)
                if key and not self.force and self._done(job, key):
                    summary.skipped += 1
                    continue
                loaded.append((job, key, self._documents(job, text)))
            except InputError as err:
                summary.failed.append(str(err))
                self.on_error(str(err))

        bar = _Bar(sum(len(d.sentences) for _, _, docs in loaded for d in docs), len(loaded), self.progress)
        try:
            for job, key, documents in loaded:
                translations = self.translator.translate_documents(
                    documents, progress=lambda n, tokens: bar.advance(n, tokens)
                )
                self._write(job, translations)
                if key:
                    self._record(job, key)
                summary.translated += 1
                bar.document_done()
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            bar.close()
        summary.stats = self.translator.stats
        return summary

    # -- documents in, text out --------------------------------------------------------------

    @property
    def checker(self):
        """The artifact checker, loaded on first use (for --fix and for flags in JSONL output).

        Without its language resources, JSONL output goes without flags (one warning) and --fix
        is an error (:class:`mt.check.lexicon.LexiconError`).
        """
        if self._checker is None:
            from mt.check import Checker
            from mt.check.lexicon import LexiconError, lexicon

            try:
                lexicon()
                self._checker = Checker()
            except LexiconError as err:
                if self.fix:
                    raise
                warnings.warn(f"no flags in the JSONL output: {err}", stacklevel=2)
                self._checker = False
        return self._checker

    def _prepare(self, document: Document) -> Document:
        """With --fix, the document with the checker's safe corrections applied."""
        if not self.fix:
            return document
        from mt.check.fix import FORM_CATEGORIES, apply_safe

        fixed, applied = apply_safe(document.text, self.checker.check(document), FORM_CATEGORIES)
        if not applied:
            return document
        prepared = Document.from_text(fixed, id=document.id, paragraphs=self.paragraphs)
        prepared.meta = document.meta | {"fixes": len(applied)}
        return prepared

    def _documents(self, job: Job, text: str) -> list[Document]:
        return [self._prepare(d) for d in self._parse(job, text)]

    def _parse(self, job: Job, text: str) -> list[Document]:
        if job.kind == "jsonl":
            documents = []
            for record in parse_jsonl(text, job.name):
                document = Document.from_text(record["text"], id=str(record["id"]), paragraphs=self.paragraphs)
                document.meta = {k: v for k, v in record.items() if k != "text"}  # kept in the output
                documents.append(document)
            return documents
        if job.kind == "md":
            return [Document.from_spans(text, prose_spans(text), id=job.name)]
        return [Document.from_text(text, id=job.name, paragraphs=self.paragraphs)]

    def _write(self, job: Job, translations: list[DocumentTranslation]) -> None:
        if job.kind == "jsonl" or self.output_format == "jsonl":
            meta = self.translator.describe() | {"fix": self.fix}
            lines = [json.dumps(self._record_for(t, meta), ensure_ascii=False) for t in translations]
            content = "\n".join(lines) + "\n"
        else:
            content = translations[0].text.rstrip("\n") + "\n"
        if job.output is None:
            self.stdout.write(content)
            self.stdout.flush()
        else:
            atomic_write(job.output, content)

    def _record_for(self, translation: DocumentTranslation, meta: dict) -> dict:
        """The JSONL record: input fields, translation, sentences with their flags, metadata."""
        document = translation.document
        fields = {"id": document.id} | dict(document.meta)
        sentences = translation.sentence_records()
        if self.checker:
            flags = self.checker.check(document)
            for record in sentences:
                record["flags"] = [f.to_dict() for f in flags if f.start < record["end"] and record["start"] < f.end]
        extra = {"source": document.text} if self.fix else {}
        return fields | extra | {"translation": translation.text, "sentences": sentences, "meta": meta}

    # -- resuming ------------------------------------------------------------------------

    def _key(self, job: Job, text: str) -> str | None:
        if job.output is None:
            return None
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        return f"{digest}|{self.settings_key()}"

    def _done(self, job: Job, key: str) -> bool:
        assert job.output_dir and job.output
        if job.output_dir not in self._manifests:
            self._manifests[job.output_dir] = _read_manifest(job.output_dir / MANIFEST)
        return job.output.is_file() and self._manifests[job.output_dir].get(str(job.relative)) == key

    def _record(self, job: Job, key: str) -> None:
        assert job.output_dir
        with (job.output_dir / MANIFEST).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"output": str(job.relative), "key": key}) + "\n")


def _read_manifest(path: Path) -> dict[str, str]:
    """Output → key; a half-written last line (a killed run) is ignored."""
    entries: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return entries
    for line in lines:
        try:
            record = json.loads(line)
            entries[record["output"]] = record["key"]
        except (ValueError, KeyError, TypeError):
            continue
    return entries


class _Bar:
    """A tqdm bar over sentences with documents and tokens/s in its postfix (or nothing)."""

    def __init__(self, total_sentences: int, total_documents: int, enabled: bool | None) -> None:
        from tqdm import tqdm

        self.documents, self.total_documents, self.tokens = 0, total_documents, 0
        self.started = time.perf_counter()
        self.tqdm = tqdm(
            total=total_sentences,
            desc="translating",
            disable=None if enabled is None else not enabled,  # None: only on a terminal
            leave=False,
            dynamic_ncols=True,
            file=sys.stderr,
            bar_format="{l_bar}{bar}| {n:.0f}/{total} sentences [{elapsed}<{remaining}{postfix}]",
        )

    def advance(self, sentences: float, tokens: int) -> None:
        self.tokens += tokens
        self.tqdm.update(sentences)
        self._postfix()

    def document_done(self) -> None:
        self.documents += 1
        self._postfix()

    def _postfix(self) -> None:
        rate = self.tokens / max(time.perf_counter() - self.started, 1e-9)
        self.tqdm.set_postfix_str(f"docs {self.documents}/{self.total_documents}, {rate:.0f} tok/s", refresh=False)

    def close(self) -> None:
        self.tqdm.close()

