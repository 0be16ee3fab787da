"""``mt qa``: the bilingual QA checks on any aligned pair of files (one sentence per line), so that they
serve for other systems' output as well as for ours."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mt.errors import MtError
from mt.formats.files import lines_of
from mt.plugins.flags import Flag
from mt.qa import QAChecker


class QAInputError(MtError, ValueError):
    """Files that cannot be compared line by line."""


@dataclass
class QAReport:
    lines: list[tuple[str, str, list[Flag]]]
    by_check: Counter[str] = field(default_factory=Counter)

    @property
    def flagged(self) -> int:
        return sum(bool(flags) for _, _, flags in self.lines)

    @property
    def major(self) -> int:
        return sum(any(f.severity == "major" for f in flags) for _, _, flags in self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": len(self.lines),
            "flagged": self.flagged,
            "major": self.major,
            "by_check": dict(sorted(self.by_check.items())),
            "flags": [{"line": i + 1, **f.to_dict()} for i, (_, _, flags) in enumerate(self.lines) for f in flags],
        }


def _lines(path: Path) -> list[str]:
    try:
        return lines_of(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise QAInputError(f"{path}: cannot read it as UTF-8 text ({err.__class__.__name__})") from None


def _aligned(source: Path, sources: list[str], other: Path) -> list[str]:
    """The lines of ``other``, which must have as many as the source."""
    lines = _lines(other)
    if len(lines) != len(sources):
        raise QAInputError(f"{source} has {len(sources)} lines and {other} {len(lines)}: they must be aligned")
    return lines


def qa_files(source: Path, target: Path, pseudo_reference: Path | None = None) -> QAReport:
    """Run the QA checks on each line pair; the files must have as many lines. ``pseudo_reference``: mt's own
    translation of the source, aligned too, where the target is another system's or a person's: words it keeps
    as they are tell names from German words left in (see :meth:`mt.qa.Pair.kept_as_name`)."""
    sources = _lines(source)
    targets = _aligned(source, sources, target)
    pseudo: list[str | None] = [None] * len(sources)
    if pseudo_reference is not None:
        pseudo = list(_aligned(source, sources, pseudo_reference))
    checker = QAChecker()
    report = QAReport([(s, t, checker.check(s, t, p)) for s, t, p in zip(sources, targets, pseudo)])
    report.by_check.update(f.check for _, _, flags in report.lines for f in flags)
    return report
