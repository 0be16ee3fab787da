"""Which documents a batch translates, and where each translation goes: files, folders (searched for the known
kinds of input), and ``-`` for stdin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mt.formats.files import InputError

InputFormat = Literal["auto", "text", "md", "html", "docx", "xliff", "jsonl", "parquet"]
OutputFormat = Literal["text", "jsonl", "xliff"]
SourceLanguage = Literal["de", "auto"]
INPUT_SUFFIXES = {
    ".txt": "text",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".jsonl": "jsonl",
    ".parquet": "parquet",
}
STDIN = "-"


@dataclass
class Job:
    """One input and where its translation goes (``output`` None: stdout)."""

    source: str  # a path, or "-" for stdin
    kind: str  # "text", "md", "html", "article" (a page's), "docx", "xliff", "jsonl" or "parquet"
    name: str  # as shown to the user
    output_dir: Path | None = None
    relative: Path | None = None  # the output's path inside output_dir

    @property
    def output(self) -> Path | None:
        return self.output_dir / self.relative if self.output_dir and self.relative else None


def is_input(file: Path, folder: Path, output_dir: Path | None) -> bool:
    """Whether a file found in ``folder`` is one to translate: a known kind, not hidden, not an output."""
    return (
        file.suffix.lower() in INPUT_SUFFIXES
        and not any(part.startswith(".") for part in file.relative_to(folder).parts)
        and not (output_dir is not None and output_dir.resolve() in file.resolve().parents)
    )


def plan_jobs(
    inputs: list[str],
    output_dir: Path | None,
    output_format: OutputFormat,
    input_format: InputFormat = "auto",
    extract: bool = False,
) -> list[Job]:
    """Jobs for files, folders (searched for the suffixes of :data:`INPUT_SUFFIXES`) and ``-`` (stdin); with
    ``extract``, an HTML page's job is its article (kind ``article``, written as Markdown)."""
    found: list[tuple[str, Path]] = []  # (source, path relative to the output folder)
    for item in inputs:
        path = Path(item)
        if item == STDIN:
            found.append((STDIN, Path("stdin.txt")))
        elif path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and is_input(f, path, output_dir))
            found.extend((str(f), f.relative_to(path)) for f in files)
        elif path.is_file():
            found.append((item, Path(path.name)))
        else:
            raise InputError(f"{item}: no such file or folder")
    if output_dir is None and len(found) > 1:
        raise InputError(f"{len(found)} inputs: give an output folder with -o DIR")

    jobs: list[Job] = []
    targets: dict[Path, str] = {}
    for source, relative in found:
        kind = input_format if input_format != "auto" else INPUT_SUFFIXES.get(Path(source).suffix.lower(), "text")
        if extract and kind == "html":
            kind = "article"
        job = Job(source, kind, "<stdin>" if source == STDIN else source)
        if kind == "parquet" and output_dir is None and output_format != "xliff":
            raise InputError(f"{source}: a Parquet input is translated into a Parquet file: give -o DIR")
        if kind == "docx" and output_dir is None and output_format == "text":
            raise InputError(f"{source}: a Word file is translated into a Word file: give -o DIR")
        if output_dir is not None:
            suffix = (
                ".xlf"
                if output_format == "xliff"
                else ".parquet"
                if kind == "parquet"
                else ".jsonl"
                if kind == "jsonl" or output_format == "jsonl"
                else ".md"
                if kind == "article"
                else relative.suffix
            )
            job.output_dir, job.relative = output_dir, relative.with_suffix(suffix)
            if job.relative in targets:
                raise InputError(f"{source} and {targets[job.relative]} would both write {job.output}")
            targets[job.relative] = source
        jobs.append(job)
    return jobs
