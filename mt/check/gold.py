"""Span-level precision and recall of flags against gold artifact spans.

A flag matches a gold span it overlaps. Gold spans marked ``optional`` count neither way: a
flag that overlaps only optional spans is neither right nor wrong, and a missed optional
span is not a miss.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mt.formats.files import InputError, lines_of, read_text
from mt.plugins.flags import Flag


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    category: str
    severity: str
    optional: bool = False


def read_gold(path: Path) -> list[GoldSpan]:
    spans = []
    for number, line in enumerate(lines_of(read_text(path)), start=1):
        if not line.strip():
            continue
        try:
            g = json.loads(line)
            spans.append(
                GoldSpan(
                    int(g["start"]),
                    int(g["end"]),
                    g.get("category", ""),
                    g.get("severity", "minor").lower(),
                    bool(g.get("optional", False)),
                )
            )
        except (ValueError, KeyError, TypeError) as err:
            raise InputError(f"{path}:{number}: not a gold span ({err})") from None
    return spans


@dataclass(frozen=True)
class Counts:
    true_positives: int  # flags that overlap a required gold span
    flagged: int  # flags that count (not only on optional spans)
    found: int  # required gold spans overlapped by some flag
    gold: int  # required gold spans

    @property
    def precision(self) -> float:
        return self.true_positives / self.flagged if self.flagged else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "true_positives": self.true_positives,
            "flags": self.flagged,
            "found": self.found,
            "gold": self.gold,
        }


def _overlap(flag: Flag | GoldSpan, gold: GoldSpan) -> bool:
    return flag.start < gold.end and gold.start < flag.end


def counts(flags: Sequence[Flag], gold: Sequence[GoldSpan]) -> Counts:
    required = [g for g in gold if not g.optional]
    optional = [g for g in gold if g.optional]
    tp = flagged = 0
    for flag in flags:
        if any(_overlap(flag, g) for g in required):
            tp += 1
            flagged += 1
        elif not any(_overlap(flag, g) for g in optional):
            flagged += 1
    found = sum(1 for g in required if any(_overlap(f, g) for f in flags))
    return Counts(tp, flagged, found, len(required))


def score(flags: Sequence[Flag], gold: Sequence[GoldSpan]) -> dict:
    """Overall, for major gold spans (recall: found by any flag), and by gold category."""
    majors = [g for g in gold if g.severity == "major"]
    report = {
        "overall": counts(flags, gold).to_dict(),
        "major": {
            "recall": round(counts(flags, majors).recall, 4),
            "found": counts(flags, majors).found,
            "gold": len([g for g in majors if not g.optional]),
        },
        "by_category": {},
    }
    for category in sorted({g.category for g in gold}):
        subset = [g for g in gold if g.category == category]
        c = counts(flags, subset)
        report["by_category"][category] = {"recall": round(c.recall, 4), "found": c.found, "gold": c.gold}
    return report
