"""An inbox: every German article that lands in a folder is translated into the outbox, once.

Built on ``watchfiles`` (Rust's ``notify``: inotify on Linux), not on a polling loop of our own. A file
counts as arrived once its size and modification time have stayed the same for ``settle`` seconds: a file
moved in (written elsewhere, then renamed) is complete at once and waits only that moment, a file written
in place waits until its writer has finished. Hidden files and partial-download names (``.part``,
``.tmp``, ``.crdownload``, ``~``) are ignored until they are renamed.

What was translated is in the outbox's manifest, as for ``mt translate -o``: outputs are written whole
(then recorded), a restarted watcher first translates what arrived while it was down and skips what it
did before, and an article whose file changes is translated again. A file that cannot be read fails on
its own line and is tried again only when it changes. The files of one arrival share batches, so an
article's English may differ in a detail from a run over the whole folder (see :mod:`mt.pipeline.runner`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mt.app.translation import TranslateRequest, make_runner
from mt.formats.files import InputError
from mt.pipeline.plan import Job, is_input, plan_jobs
from mt.pipeline.runner import BatchSummary
from mt.translate.results import DocumentTranslation
from mt.translate.spec import TranslatorSource

log = logging.getLogger(__name__)
PARTIAL_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")
SETTLE_S = 1.0


@dataclass
class _Arrival:
    seen: float  # when its size or modification time last changed
    size: int
    mtime: int


class Inbox:
    """Watches ``request.inputs[0]`` and translates into ``request.output_dir``; :meth:`run` until ``stop``."""

    def __init__(
        self,
        request: TranslateRequest,
        translator: TranslatorSource,
        *,
        settle: float = SETTLE_S,
        report: Callable[[str], None] = log.info,
        on_error: Callable[[str], None] = log.error,
    ) -> None:
        if len(request.inputs) != 1 or not Path(request.inputs[0]).is_dir():
            raise InputError(f"{', '.join(request.inputs)}: an inbox is one folder")
        if request.output_dir is None:
            raise InputError("an inbox needs an output folder (-o OUTBOX)")
        self.request = request
        self.folder = Path(request.inputs[0]).resolve()
        self.settle = settle
        self.report = report
        self.summary = BatchSummary()
        self._arrivals: dict[Path, _Arrival] = {}
        self.runner = make_runner(request, translator, progress=False, on_error=on_error, on_written=self._written)

    def run(self, stop: threading.Event | None = None) -> BatchSummary:
        """Translate what is in the inbox, then whatever arrives, until ``stop`` is set (or Ctrl-C)."""
        from watchfiles import Change, watch

        for path in self.folder.rglob("*"):
            self._saw(path)
        self._translate_settled()
        tick = max(50, int(self.settle * 500))  # wake up at least twice per settling time
        try:
            for changes in watch(
                self.folder, stop_event=stop, yield_on_timeout=True, rust_timeout=tick, debounce=tick, step=20
            ):
                for change, name in changes:
                    if change == Change.deleted:
                        self._arrivals.pop(Path(name), None)
                    else:
                        self._saw(Path(name))
                self._translate_settled()
        except KeyboardInterrupt:
            self.summary.interrupted = True
        return self.summary

    def _saw(self, path: Path) -> None:
        if not self._wanted(path):
            return
        try:
            stat = path.stat()
        except OSError:  # gone again
            self._arrivals.pop(path, None)
            return
        known = self._arrivals.get(path)
        if known is None or (known.size, known.mtime) != (stat.st_size, stat.st_mtime_ns):
            self._arrivals[path] = _Arrival(time.monotonic(), stat.st_size, stat.st_mtime_ns)

    def _wanted(self, path: Path) -> bool:
        return (
            path.is_relative_to(self.folder)
            and not path.name.endswith(PARTIAL_SUFFIXES)
            and is_input(path, self.folder, self.request.output_dir)
        )

    def _translate_settled(self) -> None:
        now = time.monotonic()
        for path in list(self._arrivals):
            self._saw(path)  # still changing? then it is not settled
        ready = {p for p, a in self._arrivals.items() if now - a.seen >= self.settle and p.is_file()}
        if not ready:
            return
        for path in ready:
            del self._arrivals[path]
        request = self.request
        try:
            planned = plan_jobs(
                [str(self.folder)], request.output_dir, request.output_format, request.input_format, request.extract
            )
        except InputError as err:  # two arrivals that would write one output: neither until one is renamed
            self.runner.on_error(str(err))
            return
        done = self.runner.run([job for job in planned if Path(job.source) in ready])
        self.summary.translated += done.translated
        self.summary.skipped += done.skipped
        self.summary.other_language += done.other_language
        self.summary.failed += done.failed
        self.summary.redecoded += done.redecoded
        self.summary.stats = done.stats
        if done.interrupted:
            raise KeyboardInterrupt

    def _written(self, job: Job, translations: list[DocumentTranslation]) -> None:
        sentences = sum(len(t.segments) for t in translations)
        self.report(f"{job.name} → {job.output} ({sentences} sentence{'s' * (sentences != 1)})")
