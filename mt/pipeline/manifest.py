"""The manifest of an output folder (``.mt-manifest.jsonl``): per output, the key it was made with (its input's hash
and the run signature), appended as outputs are written, so that a rerun skips what is up to date."""

from __future__ import annotations

import json
from pathlib import Path

from mt.formats.files import lines_of
from mt.pipeline.plan import Job

MANIFEST = ".mt-manifest.jsonl"


class Manifests:
    """The manifests of the output folders of one run, read when first asked about."""

    def __init__(self) -> None:
        self._read: dict[Path, dict[str, str]] = {}

    def key(self, job: Job) -> str | None:
        """The key an output was last recorded with, if any."""
        return self._entries(job).get(str(job.relative))

    def done(self, job: Job, key: str) -> bool:
        """Whether the job's output exists and was made with this key."""
        assert job.output is not None
        return job.output.is_file() and self.key(job) == key

    def record(self, job: Job, key: str) -> None:
        """Append that the job's output was made with this key."""
        entries = self._entries(job)
        assert job.output_dir is not None
        with (job.output_dir / MANIFEST).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps({"output": str(job.relative), "key": key}) + "\n")
        entries[str(job.relative)] = key

    def _entries(self, job: Job) -> dict[str, str]:
        """The manifest of the job's output folder, read the first time it is asked about."""
        assert job.output_dir is not None
        if job.output_dir not in self._read:
            self._read[job.output_dir] = read_manifest(job.output_dir / MANIFEST)
        return self._read[job.output_dir]


def read_manifest(path: Path) -> dict[str, str]:
    """Output → key; a half-written last line (a killed run) is ignored."""
    entries: dict[str, str] = {}
    try:
        lines = lines_of(path.read_text(encoding="utf-8"))
    except OSError:
        return entries
    for line in lines:
        try:
            record = json.loads(line)
            entries[record["output"]] = record["key"]
        except (ValueError, KeyError, TypeError):
            continue
    return entries
