"""A clause of the source with no counterpart in a translation that is also short for its source: the
omission that a length check alone misses when the rest of the sentence is long."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mt.check.flags import Flag
from mt.qa.base import SOFT_HYPHEN, Pair, QACheck, qa_data
from mt.qa.form import usual_range

_CLAUSE_BREAK = re.compile(r"[,;:–—]\s|\s-\s")
_CONTENT = re.compile(r"[^\W\d_]{4,}|\d+")


class MissingClause(QACheck):
    name = "qa-missing-clause"
    category = "omission"
    must_flag = (
        (
            "Die Polizei sperrte die Straße, nachdem ein Lastwagen auf der Autobahn umgekippt war, am Montag.",
            "The police closed the road on Monday.",
        ),
    )
    must_pass = (
        (
            "Die Polizei sperrte die Straße, nachdem ein Lastwagen auf der Autobahn umgekippt war, am Montag.",
            "The police closed the road after a truck had overturned on the motorway on Monday.",
        ),
        ("Womit sahen sich die Texter verbunden?", "What did the songwriters sing about?"),  # free, not short
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        data = qa_data()["clauses"]
        source, target = pair.source.replace(SOFT_HYPHEN, "").strip(), pair.target.strip()
        if not source or len(target) >= data["length_factor"] * usual_range(len(source))[0] * len(source):
            return
        for clause in _CLAUSE_BREAK.split(source):
            words = [w for w in _CONTENT.findall(clause) if w.isdigit() or pair.lexicon.zipf(w) < data["content_below"]]
            if len(words) < data["min_words"]:
                continue
            covered = sum(pair.coverage.has(w) for w in words)
            if covered <= data["max_covered"] * len(words):
                message = f"Nothing in the translation answers to „{clause.strip()}“ of the source: dropped?"
                yield self.whole(pair, message, confidence=0.6)
                return
