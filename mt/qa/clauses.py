"""A clause of the source, or a run of its content words, with no counterpart in a translation that is also
short for its source: the omission that a length check alone misses when the rest of the sentence is long."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mt.plugins.flags import Flag
from mt.qa.form import usual_range
from mt.qa.pair import SOFT_HYPHEN, Pair, QACheck, qa_data

_CLAUSE_BREAK = re.compile(r"[,;:–—]\s|\s-\s")
_CONTENT = re.compile(r"[^\W\d_]{4,}|\d+")


class MissingClause(QACheck):
    """A clause of the source with no counterpart in the English."""

    name = "qa-missing-clause"
    category = "omission"
    must_flag = (
        (
            "Die Polizei sperrte die Straße, nachdem ein Lastwagen auf der Autobahn umgekippt war, am Montag.",
            "The police closed the road on Monday.",
        ),
        (  # no comma: a run of words inside one clause
            "Der eigens für die Suche nach vermissten Wanderern ausgebildete Hund fand gestern die verletzte Frau.",
            "The dog found the injured woman yesterday.",
        ),
    )
    must_pass = (
        (
            "Die Polizei sperrte die Straße, nachdem ein Lastwagen auf der Autobahn umgekippt war, am Montag.",
            "The police closed the road after a truck had overturned on the motorway on Monday.",
        ),
        ("Woran fühlten sich die Gäste erinnert?", "What did the guests think of?"),  # free, not short
        (
            "Der eigens für die Suche nach vermissten Wanderern ausgebildete Hund fand die Stelle schließlich.",
            "The dog finally found the spot for the missing hikers.",
        ),
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        data = qa_data()["clauses"]
        source, target = pair.source.replace(SOFT_HYPHEN, "").strip(), pair.target.strip()
        if not source or len(target) >= data["length_factor"] * usual_range(len(source))[0] * len(source):
            return
        dropped = self._clause(pair, source, data) or self._run(pair, source, data)
        if dropped:
            message = f"Nothing in the translation answers to „{dropped}“ of the source: dropped?"
            yield self.whole(pair, message, confidence=0.6)

    @staticmethod
    def _clause(pair: Pair, source: str, data: dict) -> str | None:
        """A clause (between commas, colons, dashes) of which few content words have a counterpart."""
        for clause in _CLAUSE_BREAK.split(source):
            words = [w for w in _CONTENT.findall(clause) if _content(w, pair, data)]
            if len(words) < data["min_words"]:
                continue
            covered = sum(pair.coverage.has(w) for w in words)
            if covered <= data["max_covered"] * len(words):
                return clause.strip()
        return None

    @staticmethod
    def _run(pair: Pair, source: str, data: dict) -> str | None:
        """Content words one after another, none with a counterpart: the part of one long clause that was
        dropped (der eigens für die Suche nach Wanderern ausgebildete Hund: the dog)."""
        run: list[re.Match[str]] = []
        for match in _CONTENT.finditer(source):
            if not _content(match.group(), pair, data):
                continue
            run = [] if pair.coverage.has(match.group()) else [*run, match]
            if len(run) >= data["min_run"]:
                return source[run[0].start() : run[-1].end()]
        return None


def _content(word: str, pair: Pair, data: dict) -> bool:
    """A number or a word of four letters or more that is not among German's most common."""
    return word.isdigit() or pair.lexicon.zipf(word) < data["content_below"]
