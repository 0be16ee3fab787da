"""``/v1/jobs``: batch translation that survives a restart; a job is seen by who submitted it (and admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from mt.service.accounts import Principal
from mt.service.auth import admitted, user
from mt.service.context import Services, services
from mt.service.schemas import JobIn

router = APIRouter()


@router.post("/v1/jobs", status_code=202)
def submit(body: JobIn, principal: Principal = Depends(admitted), s: Services = Depends(services)) -> dict[str, Any]:
    if not body.documents or len(body.documents) > s.limits.max_documents:
        raise HTTPException(413 if body.documents else 400, f"give 1 to {s.limits.max_documents} documents")
    count, waiting = s.store.waiting_of(principal.name)
    if count >= s.limits.max_queued_jobs_per_user:
        raise HTTPException(
            429, f"{count} jobs of yours are waiting; send more once they are done", {"Retry-After": "60"}
        )
    if waiting + len(body.documents) > s.limits.max_queued_documents_per_user:
        raise HTTPException(
            429,
            f"{waiting} documents of yours are waiting; at most {s.limits.max_queued_documents_per_user} may",
            {"Retry-After": "60"},
        )
    if s.store.queued_jobs() >= s.limits.max_queued_jobs:
        raise HTTPException(503, f"{s.limits.max_queued_jobs} jobs are waiting already", {"Retry-After": "60"})
    for d in body.documents:
        s.checked_text(d.text, principal.name)
    job_id = s.jobs.submit(body.model_dump(), principal.name)
    return {"id": job_id, "status": "queued", "total": len(body.documents)}


@router.get("/v1/jobs/{job_id}")
def job(job_id: str, principal: Principal = Depends(user), s: Services = Depends(services)) -> dict[str, Any]:
    data = s.store.job(job_id)
    if data is None or (data["submitted_by"] != principal.name and not principal.may("admin")):
        raise HTTPException(404, f"no job {job_id} of yours")
    hidden = {"request"} | ({"results"} if data["status"] != "done" else set())
    return {key: value for key, value in data.items() if key not in hidden}
