"""Rules as data (LanguageTool style), each a pattern with its message, suggestion and examples: calques of
English that machine translation produces (``data/calques.toml``); :class:`Calque` runs any such rule file
(:class:`mt.check.checks.typography.Typography` runs ``data/typography.toml``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, ClassVar, cast

from mt.check.context import Check, Context
from mt.check.rules import rule_data
from mt.plugins.flags import CATEGORIES, SEVERITIES, Category, Flag, Severity
from mt.plugins.rulefiles import RuleFileError


@dataclass(frozen=True)
class CalqueRule:
    id: str
    pattern: re.Pattern[str]
    message: str
    suggestion: str
    severity: Severity
    category: Category
    span: int
    safe: bool
    flag: tuple[str, ...]
    passes: tuple[str, ...]


@lru_cache(maxsize=4)
def rules(file: str = "calques") -> tuple[CalqueRule, ...]:
    """The rules of ``data/FILE.toml``; a rule without ``id``, ``pattern`` or ``message``, or with a bad
    pattern, is an error naming the file and the rule."""
    return tuple(_rule(file, number, r) for number, r in enumerate(rule_data(file).get("rule", []), start=1))


def _rule(file: str, number: int, r: dict[str, Any]) -> CalqueRule:
    label = repr(r["id"]) if isinstance(r.get("id"), str) else f"number {number}"
    missing = [key for key in ("id", "pattern", "message") if not isinstance(r.get(key), str)]
    if missing:
        raise RuleFileError(f"{file}.toml: rule {label} has no {missing[0]!r} (a string)")
    try:
        pattern = re.compile(r["pattern"])
    except re.error as err:
        raise RuleFileError(f"{file}.toml: rule {label}: bad pattern: {err}") from None
    for key, allowed, default in (("severity", SEVERITIES, "minor"), ("category", CATEGORIES, "calque")):
        if r.get(key, default) not in allowed:
            raise RuleFileError(f"{file}.toml: rule {label}: {key} {r[key]!r} is not one of {', '.join(allowed)}")
    return CalqueRule(
        id=r["id"],
        pattern=pattern,
        message=r["message"],
        suggestion=r.get("suggestion", ""),
        severity=cast(Severity, r.get("severity", "minor")),
        category=cast(Category, r.get("category", "calque")),
        span=r.get("span", 0),
        safe=r.get("safe", False),
        flag=tuple(r.get("flag", ())),
        passes=tuple(r.get("pass", ())),
    )


class RuleFileCheck(Check):
    """A check whose rules are the patterns of a rule file (``rule_file``), each with its message, suggestion,
    severity, category and examples; the file carries the examples, which the test suite runs rule by rule."""

    rule_file: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.must_flag = tuple(example for rule in rules(cls.rule_file) for example in rule.flag)
        cls.must_pass = tuple(example for rule in rules(cls.rule_file) for example in rule.passes)

    def run(self, ctx: Context) -> Iterable[Flag]:
        for rule in rules(self.rule_file):
            for m in rule.pattern.finditer(ctx.text):
                group = (
                    rule.span
                    if m.group(rule.span) is not None
                    else next(
                        i
                        for i in range(1, len(m.groups()) + 1)
                        if m.group(i) is not None  # alternatives: first that matched
                    )
                )
                yield self.flag(
                    ctx,
                    m.start(group),
                    m.end(group),
                    rule.message,
                    severity=rule.severity,
                    category=rule.category,
                    suggestions=[m.expand(rule.suggestion)] if rule.suggestion else [],
                    confidence=0.7,
                    safe=rule.safe and bool(rule.suggestion),
                    rule=rule.id,
                )


class Calque(RuleFileCheck):
    """Calques of English phrases (``data/calques.toml``): German words in an English construction."""

    name = "calque"
    category = "calque"
    rule_file = "calques"
