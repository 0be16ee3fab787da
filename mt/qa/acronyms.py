"""Whether a translation keeps an acronym of the source: as it is, spelled out, or in its long form."""

from __future__ import annotations

import re
from functools import lru_cache

from mt.lang.dictionary import dictionary, is_abbreviation
from mt.qa.pair import Pair


def acronym_kept(acronym: str, pair: Pair, target: tuple[str, ...]) -> bool:
    """The translation (its words: target) has the abbreviation, one beginning alike (USA: US), a name it
    abbreviates (FIN: Finland) or a translation of it."""
    heads, starts = _target_abbreviations(target)
    kept = acronym[:2] in heads or (len(acronym) >= 3 and acronym in starts)
    return kept or _spelled_out(acronym, pair.target) or pair.coverage.has(acronym) or _long_form_kept(acronym, pair)


@lru_cache(maxsize=16)
def _target_abbreviations(target: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """The first two letters of a translation's abbreviations, and the beginnings (three to six letters) of its
    words in capitals, found once for all the abbreviations of its source."""
    heads = frozenset(w[:2] for w in target if is_abbreviation(w))
    return heads, frozenset(w.upper()[:n] for w in target for n in range(3, 7))


def _long_form_kept(acronym: str, pair: Pair) -> bool:
    """The translation renders what trans-de-en says the abbreviation stands for (EM: Europameisterschaft; half
    the words of a long form at least, not SPD: "the party"; or a country it names, by its adjective too), or
    writes the English abbreviation of it (GAP: CAP)."""
    d = dictionary()
    if any(english.lower() in pair.coverage.words for english in d.english_abbreviations.get(acronym, ())):
        return True
    for form in d.long_forms.get(acronym, ()):
        words = [w for w in form.split() if len(w) >= 4 and w[0].isupper()]
        rendered = [w for w in words if pair.coverage.renders(w)]
        if words and (2 * len(rendered) >= len(words) or any(pair.lexicon.is_place(w) for w in rendered)):
            return True
    return False


def _spelled_out(acronym: str, target: str) -> bool:
    """The translation writes the abbreviation out: capitalised words with its initials (EBIT: Earnings
    Before Interest and Tax; short lower-case words between them do not count)."""
    return acronym.upper() in _initials(target)


@lru_cache(maxsize=16)
def _initials(target: str) -> str:
    """The initials of a translation's capitalised words, a space for each other word but short lower-case ones."""
    words = [w for w in re.findall(r"[^\W\d_]+", target) if not (w.islower() and len(w) <= 3)]
    return "".join(w[0] if w[0].isupper() else " " for w in words)
