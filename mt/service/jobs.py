"""Batch jobs: stored in the database, run in a thread, resumed after a restart, shared fairly.

Each finished document is stored at once (its translation and the count done), so a job cut off by a
restart or a database failure goes on from the first unfinished document. The worker outlives
database errors: it waits with a growing back-off, tries again, puts the jobs it was running back in the
queue once the database answers, and says so in :attr:`state` (``/health`` reports it). Users take turns:
a job runs for :data:`TURN_DOCUMENTS` documents, then the user served longest ago goes next, so one
user's thousand documents do not hold up another's ten.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from mt.document.model import Document
from mt.service.approved import Approved
from mt.service.batcher import Batcher
from mt.service.rows import JobRow
from mt.service.store import DatabaseError, Store

log = logging.getLogger(__name__)
MAX_BACKOFF_S = 30.0
TURN_DOCUMENTS = 20  # documents of a job translated before another user's job may have its turn


class JobRunner:
    """Runs queued jobs in a thread of its own; :meth:`start` and :meth:`stop` bracket the service's life."""

    def __init__(self, store: Store, batcher: Batcher, approved: Approved, poll_s: float = 1.0) -> None:
        self.store = store
        self.batcher = batcher
        self.approved = approved  # the glossary and memory editors approved, used by every translation
        self.poll_s = poll_s
        self.state = "stopped"  # stopped, idle, running, or "retrying: <why>" after a database error
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._served: dict[str, float] = {}  # user → when a job of theirs last had a turn

    def submit(self, request: dict[str, Any], actor: str) -> str:
        job_id = uuid.uuid4().hex
        self.store.add_job(job_id, request, total=len(request["documents"]), actor=actor)
        self._wake.set()
        return job_id

    def start(self) -> None:
        self._stopping.clear()
        self._thread = threading.Thread(target=self._loop, name="mt-jobs", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self.state = "stopped"

    def _loop(self) -> None:
        backoff = self.poll_s
        recovering = True  # jobs left running (by a restart, or by a database error) go back to the queue
        while not self._stopping.is_set():
            try:
                if recovering:
                    self.store.requeue_running_jobs()
                    if self.state.startswith("retrying"):
                        log.info("job runner: the database answers again; jobs resume")
                    recovering = False
                job = self._next()
                if job is None:
                    self.state = "idle"
                    self._wake.wait(self.poll_s)
                    self._wake.clear()
                else:
                    self.state = "running"
                    self._run(job)
                backoff = self.poll_s
            except DatabaseError as err:  # the database is locked or gone for a moment: wait, then go on
                self.state = f"retrying: {err.__class__.__name__}"
                recovering = True
                log.warning("job runner: database error (%s); retrying in %.0f s", err.__class__.__name__, backoff)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)

    def _next(self) -> JobRow | None:
        """The oldest queued job of the user whose jobs had a turn longest ago (or never)."""
        waiting = self.store.queued_job_owners()  # (job id, submitter), oldest first
        if not waiting:
            return None
        first: dict[str, str] = {}
        for job_id, owner in waiting:
            first.setdefault(owner or "", job_id)
        owner = min(first, key=lambda user: self._served.get(user, 0.0))
        self._served[owner] = time.monotonic()
        return self.store.job(first[owner])

    def _run(self, job: JobRow) -> None:
        """Translate the job's next :data:`TURN_DOCUMENTS` unfinished documents, storing each as it is done; then
        the job is done, or goes back to the queue for its next turn."""
        job_id, request = job["id"], job["request"]
        results: list[dict[str, Any]] = list(job.get("results") or [])
        self.store.update_job(job_id, status="running")
        turn = request["documents"][len(results) : len(results) + TURN_DOCUMENTS]
        for d in turn:
            if self._stopping.is_set():
                return  # stays "running": the next start requeues it and goes on from here
            try:
                document = Document.from_text(d["text"], id=None if d.get("id") is None else str(d["id"]))
                translated = self.batcher.translate_document(
                    document,
                    request.get("beam"),
                    alone=True,
                    glossary=self.approved.glossary(),
                    memory=self.approved.memory(),
                )
            except DatabaseError:
                raise  # not the job's fault: the worker waits for the database and resumes the job
            except Exception as err:  # this job fails, the worker goes on
                log.exception("job %s failed", job_id)
                self.store.update_job(job_id, status="failed", error=f"{err.__class__.__name__}: {err}")
                return
            results.append({"id": d.get("id"), "translation": translated.text})
            self.store.update_job(job_id, results=results, done=len(results))
        if len(results) < len(request["documents"]):
            self.store.update_job(job_id, status="queued")  # its next turn comes after the other users'
            return
        self.store.update_job(job_id, status="done")
        log.info("job %s done: %d documents", job_id, len(results))
