"""A flag: one suspected machine-translation artifact, as a span of the document."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, get_args

Category = Literal[
    "boilerplate",
    "non-word",
    "mistranslation",
    "untranslated",
    "spelling",
    "spacing",
    "grammar",
    "omission",
    "calque",
    "transliteration",
    "punctuation",
    # of a translation (mt.qa): what the English does not carry over from the German
    "number",
    "repetition",
    "name",
    "length",
]
Severity = Literal["major", "minor"]
CATEGORIES: tuple[str, ...] = get_args(Category)
SEVERITIES: tuple[str, ...] = get_args(Severity)


@dataclass
class Flag:
    """``text == document.text[start:end]``; ``safe`` suggestions may be applied without review."""

    start: int
    end: int
    text: str
    category: Category
    severity: Severity
    message: str
    check: str
    suggestions: list[str] = field(default_factory=list)
    confidence: float = 0.5
    safe: bool = False
    rule: str = ""  # the id of the rule that raised it: the check's name where the check has no rules of its own

    def __post_init__(self) -> None:
        self.rule = self.rule or self.check
        if self.category not in CATEGORIES:
            raise ValueError(f"flag category {self.category!r} is not one of {', '.join(CATEGORIES)}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"flag severity {self.severity!r} is not one of {', '.join(SEVERITIES)}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"flag span [{self.start}, {self.end}) is empty or negative")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def overlaps(self, other: Flag) -> bool:
        return self.start < other.end and other.start < self.end


def merge(flags: list[Flag]) -> list[Flag]:
    """One flag per place: of two overlapping flags one stays and absorbs the other.

    A flag that contains the other stays (else the one of higher severity, then the longer);
    it takes the higher severity of the two, and the other's suggestions when both cover
    the same span.
    """
    ordered = sorted(flags, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Flag] = []  # never overlapping, in order: only the last one can overlap the next flag
    for flag in ordered:
        clash = kept[-1] if kept and kept[-1].overlaps(flag) else None
        if clash is None:
            kept.append(flag)
            continue
        if (clash.start, clash.end) != (flag.start, flag.end) and (_contains(clash, flag) or _contains(flag, clash)):
            winner, loser = (clash, flag) if _contains(clash, flag) else (flag, clash)
        else:
            winner, loser = (clash, flag) if _rank(clash) >= _rank(flag) else (flag, clash)
        if winner is flag:
            kept[-1] = flag
        if (loser.start, loser.end) == (winner.start, winner.end):
            winner.suggestions += [s for s in loser.suggestions if s not in winner.suggestions]
        if loser.severity == "major":
            winner.severity = "major"
    return sorted(kept, key=lambda f: f.start)


def _contains(outer: Flag, inner: Flag) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _rank(flag: Flag) -> tuple[bool, int, float]:
    return (flag.severity == "major", flag.end - flag.start, flag.confidence)
