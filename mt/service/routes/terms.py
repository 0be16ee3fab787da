"""Glossary terms editors propose and reviewers approve, and the translation memory's matches."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from mt.formats.termbase import english_plural
from mt.service.accounts import Principal
from mt.service.auth import admitted, at_least, user
from mt.service.context import Services, services
from mt.service.review import four_eyes, reviewed
from mt.service.schemas import RowId, TermProposalIn
from mt.service.store import RULE_STATES

router = APIRouter()


@router.get("/v1/terms")
def list_terms(
    status: str | None = Query(None, description=f"only terms in this state: {', '.join(RULE_STATES)}"),
    principal: Principal = Depends(user),
    s: Services = Depends(services),
) -> list[dict[str, Any]]:
    if status is not None and status not in RULE_STATES:
        raise HTTPException(400, f"status is one of {', '.join(RULE_STATES)}")
    return [dict(row) for row in s.store.terms(status)]


@router.post("/v1/terms", status_code=201)
def propose_term(
    body: TermProposalIn, principal: Principal = Depends(admitted), s: Services = Depends(services)
) -> dict[str, Any]:
    """An editor proposes a term: once a reviewer approves it, every translation enforces it."""
    plural = body.plural or english_plural(body.english)
    term_id = s.store.propose_term(body.german, body.english, plural, body.note, principal.name)
    return {"id": term_id, "status": "proposed"}


@router.post("/v1/terms/{term_id}/approve")
def approve_term(
    term_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
) -> dict[str, Any]:
    with four_eyes():
        return reviewed(s.store.review_term(term_id, True, principal.name, s.self_review), f"term {term_id}")


@router.post("/v1/terms/{term_id}/decline")
def decline_term(
    term_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
) -> dict[str, Any]:
    return reviewed(s.store.review_term(term_id, False, principal.name), f"term {term_id}")


@router.delete("/v1/terms/{term_id}")
def withdraw_term(
    term_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
) -> dict[str, Any]:
    if not s.store.withdraw_term(term_id, principal.name):
        raise HTTPException(404, f"no term {term_id} in force or proposed")
    return {"withdrawn": term_id}


@router.get("/v1/memory")
def list_memory(
    status: str | None = Query(None, description=f"only entries in this state: {', '.join(RULE_STATES)}"),
    limit: int = Query(1000, ge=1, le=100_000),
    principal: Principal = Depends(user),
    s: Services = Depends(services),
) -> list[dict[str, Any]]:
    """The memory's entries, newest first: German, English, where it came from, its state, who and when."""
    if status is not None and status not in RULE_STATES:
        raise HTTPException(400, f"status is one of {', '.join(RULE_STATES)}")
    return [dict(row) for row in s.store.memory_rows(status, limit)]


@router.post("/v1/memory/{entry_id}/approve")
def approve_memory(
    entry_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
) -> dict[str, Any]:
    """A reviewer approves an editor's entry (not their own): from now on every translation uses it."""
    with four_eyes():
        return reviewed(
            s.store.review_memory(entry_id, True, principal.name, s.self_review), f"memory entry {entry_id}"
        )


@router.post("/v1/memory/{entry_id}/decline")
def decline_memory(
    entry_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
) -> dict[str, Any]:
    return reviewed(s.store.review_memory(entry_id, False, principal.name), f"memory entry {entry_id}")


@router.delete("/v1/memory/{entry_id}")
def remove_memory(
    entry_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
) -> dict[str, Any]:
    """Withdraw an entry: it stops applying at once (the history keeps it)."""
    if not s.store.withdraw_memory(entry_id, principal.name):
        raise HTTPException(404, f"no memory entry {entry_id} in force or proposed")
    return {"withdrawn": entry_id}


@router.get("/v1/memory/matches")
def memory_matches(
    sentence: str = Query(max_length=5_000, description="a German sentence"),
    principal: Principal = Depends(user),
    s: Services = Depends(services),
) -> dict[str, Any]:
    """The memory's approved English for the sentence (exact, after normalising) and its near matches."""
    memory = s.approved.memory()
    if memory is None:
        return {"exact": None, "similar": []}
    return {"exact": memory.lookup(sentence), "similar": [m.to_dict() for m in memory.similar(sentence)]}
