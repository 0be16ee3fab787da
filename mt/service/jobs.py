"""Batch jobs: stored in the database, run one at a time in a thread, resumed after a restart."""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from mt.document import Document
from mt.service.batcher import Batcher
from mt.service.store import Store

log = logging.getLogger(__name__)


class JobRunner:
    """Runs queued jobs in a thread of its own; :meth:`start` and :meth:`stop` bracket the service's life."""

    def __init__(self, store: Store, batcher: Batcher, poll_s: float = 1.0) -> None:
        self.store = store
        self.batcher = batcher
        self.poll_s = poll_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def submit(self, request: dict[str, Any]) -> str:
        job_id = uuid.uuid4().hex
        self.store.add_job(job_id, request, total=len(request["documents"]))
        self._wake.set()
        return job_id

    def start(self) -> None:
        self.store.requeue_running_jobs()
        self._thread = threading.Thread(target=self._loop, name="mt-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stopping.is_set():
            try:
                job = self.store.next_queued_job()
                if job is None:
                    self._wake.wait(self.poll_s)
                    self._wake.clear()
                    continue
                self._run(job)
            except Exception:  # the database went away for a moment: log it, wait, go on
                log.exception("job runner: cannot read the job queue")
                self._stopping.wait(self.poll_s)

    def _run(self, job: dict[str, Any]) -> None:
        job_id, request = job["id"], job["request"]
        self.store.update_job(job_id, status="running")
        results = []
        try:
            for i, d in enumerate(request["documents"]):
                document = Document.from_text(d["text"], id=None if d.get("id") is None else str(d["id"]))
                translated = self.batcher.translate_document(document, request.get("beam"), alone=True)
                results.append({"id": d.get("id"), "translation": translated.text})
                self.store.update_job(job_id, done=i + 1)
            self.store.update_job(job_id, status="done", results=results)
            log.info("job %s done: %d documents", job_id, len(results))
        except Exception as err:  # the job fails, the service goes on
            log.exception("job %s failed", job_id)
            self.store.update_job(job_id, status="failed", error=f"{err.__class__.__name__}: {err}")
