"""Running the checks over a document."""

from __future__ import annotations

from collections.abc import Sequence

from mt.check.checks import ALL_CHECKS
from mt.check.context import Check, Context
from mt.document.model import Document
from mt.plugins.flags import Flag, merge
from mt.support import budget


class Checker:
    """Finds machine-translation artifacts in German text.

    >>> Checker().check(Document.from_text("Die US -Regierung reagierte."))[0].suggestions   # doctest: +SKIP
    ['US-Regierung']
    """

    def __init__(self, checks: Sequence[type[Check]] = ALL_CHECKS, only: Sequence[str] | None = None) -> None:
        self.checks = [c() for c in checks if only is None or c.name in only]

    def check(self, document: Document) -> list[Flag]:
        """Merged flags of every check, in document order."""
        ctx = Context(document)
        flags: list[Flag] = []
        for check in self.checks:
            budget.check()
            flags += check.run(ctx)
        return merge(flags)

    def check_text(self, text: str) -> list[Flag]:
        return self.check(Document.from_text(text))

    def warm_up(self) -> None:
        """Load what the checks load on first use (sentence splitter, tagger, dictionaries, German and English
        word frequencies), so that a server's first concurrent requests do not all load them at once."""
        self.check_text(_WARM_UP)


# Two sentences with the kinds of words that make the checks open every resource they use: a rare word,
# English words, a compound, a name, a number.
_WARM_UP = (
    "Die Außenministerin sagte am Montag in Brüssel, das Meeting mit dem Team sei ein Erfolg gewesen. "
    "Der Grenzübergang wurde 2022 für 35 Lkw-Fahrer geöffnet."
)
