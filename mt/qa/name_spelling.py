"""How a German name shows in English: romanised, spelled as English prints it, with its signs and given
names, and whether a translation has it."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from mt.lang.lexicon import lexicon
from mt.lang.places import other_names
from mt.qa.pair import Pair, qa_data


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(a), b) for a, b in qa_data()["names"]["transliteration"]]


@lru_cache(maxsize=50_000)
def romanised(name: str) -> str:
    """A name in a spelling shared by its German and English forms, for comparing."""
    text = name.lower().replace("’", "'")
    for pattern, replacement in _rules():
        text = pattern.sub(replacement, text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))  # Liège: Liege


def present(name: str, target_words: tuple[str, ...]) -> bool:
    """Whether a word of the translation is the name: alike in spelling (Lawrow: Lavrov, Neu-Isenburg's:
    Isenburg's), beginning alike (a compound rendered by its first part, Finalturnier: final), containing it
    (Bord: aboard), or written apart (Fanzone: fan zone; two words joined must be alike as a whole: has
    improved is not Hasim). An English word like the name is not the name (place is not Palace)."""
    key = romanised(name)
    town = key[:-2] if key.endswith("er") and len(key) >= 5 else None  # Ludwigsburger: Ludwigsburg's
    for word, other, joined in _candidates(target_words):
        if not joined and (other[:4] == key[:4] or (len(key) >= 4 and key in other)):
            return True
        if town and word[:1].isupper() and other.startswith(town):
            return True
        if word.islower() and _common_english(word):
            continue
        # a lower-case word must be more alike: a typo of the name (komet: Komet), not a word like it (nine: Nina)
        least = 0.75 if word[:1].isupper() else 0.85
        if 2 * min(len(key), len(other)) < least * (len(key) + len(other)):
            continue  # too unlike in length (the cheapest bound, without building a matcher)
        alike = SequenceMatcher(None, key, other)
        if alike.quick_ratio() >= least and alike.ratio() >= least:
            return True
    return False


@lru_cache(maxsize=50_000)
def _common_english(word: str) -> bool:
    """A word English text uses often (Zipf ≥ 3)."""
    return lexicon().zipf(word, "en") >= 3.0


@lru_cache(maxsize=16)
def _candidates(target_words: tuple[str, ...]) -> tuple[tuple[str, str, bool], ...]:
    """The words of a translation and the parts of hyphenated words (Neu-Isenburg's), then each two neighbours
    written together (wet lease), once each, with their romanised spelling and whether they are two joined."""
    words = dict.fromkeys(part for whole in target_words for part in (whole, *whole.split("-")))
    joined = dict.fromkeys(a + b for a, b in zip(target_words, target_words[1:]) if a + b not in words)
    return tuple((word, romanised(word), False) for word in words) + tuple((w, romanised(w), True) for w in joined)


def rendered(name: str, pair: Pair, target: tuple[str, ...]) -> bool:
    """Whether the translation (its words: target) keeps the name, translates it (a German word), or names it
    otherwise: by its sign (Euro: €), by another name of the town (Neapel: Naples; Breslau: Wrocław, the Polish
    name) or by the English form of a given name (Maria: Mary)."""
    if present(name, target) or pair.coverage.has(name) or _signs().get(name, "\0") in pair.target:
        return True
    others = (other for other in other_names(name) if len(other) >= 4)  # not codes: NAP
    if any(other in target or (" " in other and other in pair.target) for other in others):
        return True
    return any(present(form, target) for form in _english_forms(name))


def _english_forms(name: str) -> list[str]:
    """The English forms of a German given name (Maria: Mary), also of its genitive (Marias)."""
    forms = _given_names()
    return forms.get(name) or (forms.get(name[:-1], []) if name.endswith("s") else [])


@lru_cache(maxsize=1)
def _given_names() -> dict[str, list[str]]:
    return qa_data()["names"]["english_forms"]


@lru_cache(maxsize=1)
def _signs() -> dict[str, str]:
    return qa_data()["names"]["signs"]
