"""Which German words of a source have a counterpart in its English translation: the word itself (a name,
a number), or an English word trans-de-en gives for it, its stems or the parts of a compound."""

from __future__ import annotations

import re

from mt.check.lexicon import Lexicon

_LETTERS = re.compile(r"[^\W\d_]+")


class Coverage:
    """The English words of one translation, asked whether a German word of the source has a counterpart."""

    def __init__(self, target: str, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.words = {w.lower() for w in _LETTERS.findall(target)}
        self.numbers = set(re.findall(r"\d+", target))

    def has(self, german: str) -> bool:
        """Whether the translation keeps the word (``Merkel``, ``2022``) or translates it."""
        if german.isdigit():
            return german in self.numbers
        if german.lower() in self.words:
            return True
        return any(self._has_english(english) for english in self.englishes(german))

    def englishes(self, german: str) -> set[str]:
        """English words trans-de-en gives for the word, its stems and the parts of a compound."""
        lex = self.lexicon
        forms = {german, *lex.stems(german)}
        for part in lex.compound(german) or ():
            forms |= {part, *lex.stems(part)}
        forms |= {f[:1].upper() + f[1:] for f in forms}
        return {word for form in forms for english in lex.translations(form) for word in _LETTERS.findall(english)}

    def _has_english(self, english: str) -> bool:
        """An English word is in the translation in some form: all but its last two letters begin a word
        there (``year`` in ``years``, ``police`` in ``policemen``)."""
        if len(english) < 3:
            return False
        key = english[: max(3, len(english) - 2)] if len(english) > 4 else english
        return any(word.startswith(key) for word in self.words)
