"""Batch jobs: queued, running, done."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import func, insert, select, update

from mt.service.rows import JobRow
from mt.service.store.database import Tables, audit_line, now
from mt.service.store.schema import jobs


class JobsStore(Tables):
    """Batch jobs and their results."""

    def add_job(self, job_id: str, request: dict[str, Any], total: int, actor: str) -> None:
        with self.engine.begin() as c:
            c.execute(
                insert(jobs).values(
                    id=job_id, status="queued", request=request, done=0, total=total, created=now(), submitted_by=actor
                )
            )
            audit_line(c, actor, "job.submit", f"job {job_id}", documents=total)

    def job(self, job_id: str) -> JobRow | None:
        return cast("JobRow | None", self.one(select(jobs).where(jobs.c.id == job_id)))

    def queued_jobs(self) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).where(jobs.c.status.in_(("queued", "running")))).scalar_one())

    def requeue_running_jobs(self) -> None:
        """Jobs cut off by a restart go back to the queue; the documents they finished stay finished."""
        with self.engine.begin() as c:
            c.execute(update(jobs).where(jobs.c.status == "running").values(status="queued"))

    def queued_job_owners(self) -> list[tuple[str, str | None]]:
        """(id, submitter) of every queued job, oldest first."""
        query = select(jobs.c.id, jobs.c.submitted_by).where(jobs.c.status == "queued").order_by(jobs.c.created)
        with self.engine.connect() as c:
            return [(r.id, r.submitted_by) for r in c.execute(query)]

    def waiting_of(self, actor: str) -> tuple[int, int]:
        """How many of ``actor``'s jobs are queued or running, and how many of their documents are not done."""
        query = select(func.count(), func.coalesce(func.sum(jobs.c.total - jobs.c.done), 0)).where(
            jobs.c.submitted_by == actor, jobs.c.status.in_(("queued", "running"))
        )
        with self.engine.connect() as c:
            count, documents = c.execute(query).one()
        return int(count), int(documents)

    def ping(self) -> None:
        """Raise the database's error if it does not answer."""
        with self.engine.connect() as c:
            c.execute(select(1))

    def update_job(self, job_id: str, **values: Any) -> None:
        with self.engine.begin() as c:
            c.execute(update(jobs).where(jobs.c.id == job_id).values(**values))
