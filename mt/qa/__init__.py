"""Bilingual QA: checks of each (German sentence, English translation) pair, as professional QA tools
(Okapi CheckMate, Xbench) run them: numbers, German left in the English, repeats, missing names,
length far off the model's usual range, a clause with no counterpart, brackets and quotes, end
punctuation, a target that is the source.

>>> QAChecker().check("Der Konflikt begann 2022.", "The conflict began in 202.")[0].check   # doctest: +SKIP
'qa-numbers'
"""

from __future__ import annotations

from collections.abc import Sequence

from mt.plugins.flags import Flag
from mt.qa.clauses import MissingClause
from mt.qa.form import Brackets, EndPunctuation, Length
from mt.qa.names import MissingName
from mt.qa.numbers import Numbers
from mt.qa.pair import Pair, QACheck
from mt.qa.words import GermanLeft, Identical, Repeats

ALL_QA_CHECKS: tuple[type[QACheck], ...] = (
    Numbers,
    GermanLeft,
    Repeats,
    MissingName,
    Length,
    MissingClause,
    Brackets,
    EndPunctuation,
    Identical,
)

__all__ = ["ALL_QA_CHECKS", "Pair", "QACheck", "QAChecker"]


class QAChecker:
    """Runs the QA checks on sentence pairs; flags are spans of the English."""

    def __init__(self, checks: Sequence[type[QACheck]] = ALL_QA_CHECKS) -> None:
        self.checks = [c() for c in checks]

    def check(self, source: str, target: str, pseudo_reference: str | None = None) -> list[Flag]:
        """The flags of one pair; ``pseudo_reference``: mt's own translation of the source, where the target is
        another system's (or a person's), for the checks that ask what English keeps as it is."""
        if not target.strip() or not any(c.isalpha() for c in source):
            return []
        pair = Pair(source, target, pseudo_reference)
        return sorted((f for c in self.checks for f in c.run(pair)), key=lambda f: (f.start, f.check))
