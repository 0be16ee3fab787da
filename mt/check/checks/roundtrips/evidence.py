"""What the round-trip checks weigh: their thresholds, and the rule file of light verbs, prepositions and
look-alike spellings."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from mt.check.rules import rule_data

MAX_GLOSSES = 5  # English glosses tried per German word, the most frequent first
MAX_SUGGESTIONS = 3
NOUN_VERB_DISTANCE = 8  # tokens between a noun and its verb
CLAUSE_ENDS = ("$,", "$.")  # tags of the punctuation between clauses: a noun and a verb either side are no pair
ARTICLES = ("", "a ", "an ", "the ")
MIN_ENGLISH_ZIPF = 2.5  # an English compound written as one word must be in use (not "windblow")
MAX_COMPOUND_ZIPF = 3.0  # a compound German uses this often is German's own
MIN_USES = 3  # lines of clean German with a noun near a verb that show German pairs them
MIN_USE_RATIO = 5.0  # how much more often German's own verb has the noun near it than the calque's verb
MIN_ATTRACTION = 5.0  # … and than a line of clean German has it at all
MIN_VERB_PREPOSITION_RATIO = 20.0  # how much more often a verb has its own preposition near it than the calque's


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    """``mt/check/data/roundtrips.toml`` (with the editors' own): light verbs, prepositions, look-alike spellings."""
    return rule_data("roundtrips")


@lru_cache(maxsize=1)
def light_verbs() -> frozenset[str]:
    return frozenset(data()["verb_noun"]["light_verbs"])
