"""Editors' decisions and what the service learns from them.

An accepted or edited flag proposes a *replace* rule (this text → that replacement); a rejected flag
proposes a *suppress* rule (the same check does not flag the same text again). Only rules that a
reviewer approved reach :func:`check_with_rules`: an approved replacement is raised as a safe flag in
later documents; a proposal changes nothing but the document it was made on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import HTTPException

from mt.check import Checker, Flag
from mt.document.model import Document, splice
from mt.plugins.flags import merge
from mt.service.rows import DecisionRow, RuleRow
from mt.service.store import SelfReview

LEARNED = "learned"


def check_with_rules(checker: Checker, document: Document, rules: Iterable[RuleRow]) -> list[Flag]:
    """The checker's flags, without suppressed ones, plus flags from replace rules (give approved rules only)."""
    rules = list(rules)
    suppressed = {(r["text"], r["check_name"]) for r in rules if r["kind"] == "suppress"}
    flags = [f for f in checker.check(document) if (f.text, f.rule) not in suppressed]
    learned = []
    for rule in rules:
        if rule["kind"] != "replace" or (rule["text"], LEARNED) in suppressed:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(rule["text"]) + r"(?!\w)", document.text):
            learned.append(
                Flag(
                    start=m.start(),
                    end=m.end(),
                    text=m.group(),
                    category="spelling",
                    severity="minor",
                    message=f"An approved rule replaces this (rule {rule['id']}, by {rule.get('proposed_by') or '?'}).",
                    check=LEARNED,
                    suggestions=[rule["replacement"] or ""],
                    confidence=0.9,
                    safe=True,
                )
            )
    # A learned correction outranks the check it came from: drop checker flags on the same span.
    spans = {(f.start, f.end) for f in learned}
    return merge(learned + [f for f in flags if (f.start, f.end) not in spans])


def corrected(text: str, flags: list[dict[str, Any]], decisions: Iterable[DecisionRow]) -> str:
    """``text`` with each accepted flag's chosen suggestion and each edit applied (latest decision wins)."""
    latest: dict[int, DecisionRow] = {}
    for d in sorted(decisions, key=lambda d: d["id"]):
        latest[d["flag_index"]] = d
    edits = []
    for index, decision in latest.items():
        flag = flags[index]
        if decision["action"] == "reject":
            continue
        replacement = decision["replacement"]  # the suggestion accepted (older decisions: none, so the first)
        if replacement is None:
            replacement = (flag["suggestions"] or [flag["text"]])[0]
        edits.append((flag["start"], flag["end"], replacement))
    result = re.sub(r"\n{3,}", "\n\n", splice(text, edits)[0])
    return result.strip("\n") + ("\n" if text.endswith("\n") else "")


@contextmanager
def four_eyes() -> Iterator[None]:
    """A reviewer's approval of their own proposal is a 403 that says why."""
    try:
        yield
    except SelfReview as err:
        raise HTTPException(403, f"{err} (four eyes; mt serve --allow-self-review lifts this)") from None


def reviewed(row: dict | None, what: str) -> dict:
    """A reviewer's verdict's row, or a 404 when there was no such proposal (``what``: "rule 5", "term 2", …)."""
    if row is None:
        raise HTTPException(404, f"no proposed {what}")
    return row
