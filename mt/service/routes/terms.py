"""Glossary terms editors propose and reviewers approve, and the translation memory's matches."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query

from mt.formats.termbase import english_plural
from mt.service.accounts import Principal
from mt.service.auth import admitted, user
from mt.service.context import Services, services
from mt.service.routes.verdicts import add_verdict_routes
from mt.service.schemas import TermProposalIn
from mt.service.store import RULE_STATES, Store

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


add_verdict_routes(
    router,
    "/v1/terms",
    "term",
    Store.review_term,
    Store.withdraw_term,
    approved="A reviewer approves a proposed term (not their own): from now on every translation enforces it.",
    withdrawn="Withdraw a term: it stops applying at once (the history keeps it).",
)
add_verdict_routes(
    router,
    "/v1/memory",
    "memory entry",
    Store.review_memory,
    Store.withdraw_memory,
    approved="A reviewer approves an editor's entry (not their own): from now on every translation uses it.",
    withdrawn="Withdraw an entry: it stops applying at once (the history keeps it).",
)
