"""Translating inputs (files, folders, JSONL, stdin), optionally fixing their form first; the summary line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from mt.document.model import ParagraphMode
from mt.pipeline.plan import InputFormat, Job, OutputFormat, SourceLanguage, plan_jobs
from mt.pipeline.runner import GROUP_CHARS, BatchRunner, BatchSummary
from mt.translate.glossary import Glossary, Method
from mt.translate.memory import TranslationMemory
from mt.translate.results import DocumentTranslation
from mt.translate.spec import TranslatorSource, TranslatorSpec, obtain

if TYPE_CHECKING:
    from mt.pipeline.cluster import RayOptions


@dataclass(frozen=True)
class TranslateRequest:
    """What to translate and where the output goes (``output_dir`` None: stdout, one input only)."""

    inputs: Sequence[str]
    output_dir: Path | None = None
    output_format: OutputFormat = "text"
    input_format: InputFormat = "auto"
    paragraphs: ParagraphMode = "blank"
    force: bool = False
    fix: bool = False
    group_chars: int = GROUP_CHARS
    redecode_below: float | None = None  # re-translate sentences below this confidence with a wider beam
    glossary: Path | None = None  # a TSV glossary whose terms are enforced (mt.translate.glossary)
    glossary_method: Method = "placeholder"
    memory: Path | None = None  # a TMX or XLIFF whose exact matches are reused instead of translated
    ray: RayOptions | None = None  # translate on a Ray cluster (mt.pipeline.cluster) instead of here
    source: SourceLanguage = "de"  # an article clearly in another language is skipped; auto also says each one's
    extract: bool = False  # an HTML page's article (trafilatura) translated as Markdown, not the page


def translate_inputs(
    request: TranslateRequest,
    translator: TranslatorSource,
    *,
    progress: bool | None = None,
    stdout: TextIO | None = None,
    on_error: Callable[[str], None] = lambda line: print(f"mt: error: {line}", file=sys.stderr),
) -> tuple[BatchSummary, BatchRunner]:
    """Plan, read and validate every input, then (only if something is to be done) load the model and
    translate. Returns the summary and the runner (whose ``translator`` says what ran)."""
    jobs = plan_jobs(
        list(request.inputs), request.output_dir, request.output_format, request.input_format, request.extract
    )
    runner = make_runner(request, translator, progress=progress, stdout=stdout, on_error=on_error)
    return runner.run(jobs), runner


def make_runner(
    request: TranslateRequest,
    translator: TranslatorSource,
    *,
    progress: bool | None = None,
    stdout: TextIO | None = None,
    on_error: Callable[[str], None] = lambda line: print(f"mt: error: {line}", file=sys.stderr),
    on_written: Callable[[Job, list[DocumentTranslation]], None] | None = None,
) -> BatchRunner:
    """The runner for a request; its glossary and memory files are read now, so that bad ones fail before the
    model loads."""
    glossary = Glossary.read(request.glossary, request.glossary_method) if request.glossary else None
    memory = TranslationMemory.read(request.memory) if request.memory else None
    cluster = None
    if request.ray is not None:
        if not isinstance(translator, TranslatorSpec):
            raise ValueError("a Ray run loads its model in each actor: give a TranslatorSpec, not a loaded model")
        from mt.pipeline.cluster import RayGroups

        cluster = RayGroups.for_translation(
            request.ray, translator, glossary, memory, request.redecode_below, redecode_beam=8
        )
    if glossary is not None or memory is not None:
        source = translator
        translator = lambda: obtain(source).with_glossary(glossary).with_memory(memory)  # noqa: E731
    return BatchRunner(
        translator,
        output_format=request.output_format,
        paragraphs=request.paragraphs,
        force=request.force,
        fix=request.fix,
        group_chars=request.group_chars,
        redecode_below=request.redecode_below,
        stdout=stdout,
        on_error=on_error,
        progress=progress,
        on_written=on_written,
        cluster=cluster,
        source=request.source,
    )


def summary_line(summary: BatchSummary, runner: BatchRunner) -> str:
    """One line for people: what was done, how fast, with which model and engine."""
    s = summary.stats
    parts = [f"{summary.translated} document{'s' * (summary.translated != 1)} translated"]
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped (up to date)")
    if summary.other_language:
        parts.append(f"{len(summary.other_language)} skipped (not German)")
    if summary.failed:
        parts.append(f"{len(summary.failed)} failed")
    line = f"mt: {', '.join(parts)}"
    cluster = runner.cluster
    if cluster is not None and s.sentences:
        signature = cluster.signature()
        line += (
            f"; {s.sentences} sentences, {s.target_tokens} target tokens in {s.seconds:.1f} s of actor time; "
            f"model {signature.model}, beam {signature.decoding.get('beam')}, {signature.backend} "
            f"({signature.compute_type}) on {signature.device}, {cluster.where()}"
        )
    translator = runner.loaded_translator
    if translator is not None:
        details = [f"{s.sentences} sentences"]
        for count, what in (
            (s.passed_through, "passed through"),
            (s.split_sentences, "cut at clauses"),
            (s.retries, "re-decoded"),
            (s.repaired, "repeats collapsed"),
            (summary.redecoded, "improved by re-decoding"),
        ):
            if count:
                details.append(f"{count} {what}")
        engine = f"{translator.backend.name} ({translator.dtype}) on {translator.device}"
        if translator.backend_note:
            engine += f", {translator.backend_note}"
        line += (
            f"; {', '.join(details)}; {s.target_tokens} target tokens in {s.seconds:.1f} s "
            f"({s.tokens_per_second:.0f} tokens/s); model {translator.name}, beam {translator.options.beam_size}, "
            f"{engine}"
        )
    if summary.interrupted:
        line += "\nmt: interrupted: finished outputs are kept; run the same command again to resume"
    return line
