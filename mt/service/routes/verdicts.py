"""A reviewer's verdicts on what editors propose (learned rules, glossary terms, memory entries): the same three
routes for each kind, ``POST …/{id}/approve``, ``POST …/{id}/decline`` and ``DELETE …/{id}``, each on the audit
trail through the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends, HTTPException

from mt.service.accounts import Principal
from mt.service.auth import at_least
from mt.service.context import Services, services
from mt.service.review import four_eyes, reviewed
from mt.service.schemas import RowId
from mt.service.store import Store

Review = Callable[..., dict[str, Any] | None]  # Store.review_rule and its kin: (id, approve, actor[, self_review])
Withdraw = Callable[[Store, int, str], object]  # a falsy answer: nothing to withdraw; a dict: what else went


def add_verdict_routes(
    router: APIRouter, path: str, what: str, review: Review, withdraw: Withdraw, approved: str, withdrawn: str
) -> None:
    """The three routes for proposals of one kind under ``path`` (``/v1/terms``); ``what`` names one ("term"),
    ``approved`` and ``withdrawn`` say what approving and withdrawing one does (in the API docs)."""
    kind = what.replace(" ", "_")

    def approve(
        row_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
    ) -> dict[str, Any]:
        with four_eyes():
            return reviewed(review(s.store, row_id, True, principal.name, s.self_review), f"{what} {row_id}")

    def decline(
        row_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
    ) -> dict[str, Any]:
        return reviewed(review(s.store, row_id, False, principal.name), f"{what} {row_id}")

    def remove(
        row_id: RowId, principal: Principal = Depends(at_least("reviewer")), s: Services = Depends(services)
    ) -> dict[str, Any]:
        removed = withdraw(s.store, row_id, principal.name)
        if removed is None or removed is False:  # a rule's withdrawal says what else went (a dict, maybe empty)
            raise HTTPException(404, f"no {what} {row_id} in force or proposed")
        return {"withdrawn": row_id} | ({"removed": removed} if isinstance(removed, dict) else {})

    item = f"{path}/{{row_id}}"
    router.add_api_route(f"{item}/approve", approve, methods=["POST"], name=f"approve_{kind}", description=approved)
    router.add_api_route(f"{item}/decline", decline, methods=["POST"], name=f"decline_{kind}")
    router.add_api_route(item, remove, methods=["DELETE"], name=f"withdraw_{kind}", description=withdrawn)
