"""Which German words of a source have a counterpart in its English translation: the word itself (a name,
a number), or an English word trans-de-en gives for it, its stems or the parts of a compound."""

from __future__ import annotations

import re

from mt.lang.lexicon import MAX_WORD_CHARS, Lexicon

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
        return german.lower() in self.words or self.translated(german)

    def translated(self, german: str) -> bool:
        """Whether the translation has an English word trans-de-en gives for the word."""
        return any(self._has_english(english) for english in self.englishes(german))

    def renders(self, german: str) -> bool:
        """Whether the translation renders the word as trans-de-en does (itself or its stems, not its parts): half
        the words of one of its translations at least, each as a word or the beginning of one (Kuba: Cuban;
        Europameisterschaft, European championship: the European Cup; Bundesnachrichtendienst, German foreign intelligence
        service: not "the German agency")."""
        lex = self.lexicon
        for form in {german, german.lower(), *lex.stems(german)}:  # Europäische: europäische, europäisch
            for english in lex.translations(form):
                words = [w for w in _LETTERS.findall(english.lower()) if len(w) >= 4]
                found = sum(any(word.startswith(w) for word in self.words) for w in words)
                if words and 2 * found >= len(words):
                    return True
        return False

    def englishes(self, german: str) -> set[str]:
        """English words trans-de-en gives for the word, its stems and the parts of a compound."""
        lex = self.lexicon
        if len(german) > MAX_WORD_CHARS:
            return set()  # no word: nothing translates it
        forms = {german, *lex.stems(german)}
        for part in lex.compound(german) or ():
            forms |= {part, *lex.stems(part)}
        english_tail = self._english_tail(german)
        if english_tail:
            forms.add(german[: -len(english_tail)])
        forms |= {f[:1].upper() + f[1:] for f in forms}
        found = {word for form in forms for english in lex.translations(form) for word in _content(english, lex)}
        return found | ({english_tail} if english_tail else set())

    def _english_tail(self, german: str) -> str | None:
        """The English word a German-English compound ends in (Ligacup: cup, Chefcoach: coach), where its
        head is a German word trans-de-en translates."""
        lex = self.lexicon
        for cut in range(4, len(german) - 2):
            head, tail = german[:cut], german[cut:]
            if lex.zipf(tail, "en") >= 3.5 and lex.zipf(tail, "en") > lex.zipf(tail) and lex.translations(head):
                return tail
        return None

    def _has_english(self, english: str) -> bool:
        """An English word is in the translation in some form: all but its last two letters begin a word
        there (``year`` in ``years``, ``police`` in ``policemen``)."""
        if len(english) < 3:
            return False
        key = english[: max(3, len(english) - 2)] if len(english) > 4 else english
        return any(word.startswith(key) for word in self.words)


def _content(english: str, lex: Lexicon) -> list[str]:
    """The words of an English translation that say something: all of a single word; of a phrase, those of
    four letters or more that are not among English's most common (crash barrier; not "the", "with", "make")."""
    words = _LETTERS.findall(english)
    return words if len(words) == 1 else [w for w in words if len(w) >= 4 and lex.zipf(w, "en") < 5.5]
