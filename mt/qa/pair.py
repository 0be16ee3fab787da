"""What a QA check sees: one (German source, English target) sentence pair; and what a check is.

A :class:`QACheck` is a plug-in like the German checks of :mod:`mt.check`: a name, a category and a
severity, its own examples (pairs it must flag and pairs it must pass, run by the test suite), and
:meth:`QACheck.run`, which yields :class:`~mt.plugins.flags.Flag` spans *of the English target*. A fault
that has no place in the target (a number the translation lacks) flags the whole target.

Where the target is another system's or a person's, a pair may carry a *pseudo-reference*: mt's own
translation of the source, as quality estimation uses a second system's output. The checks ask it only
what English keeps as it is (:meth:`Pair.kept_as_name`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, ClassVar

from mt.lang.lexicon import Lexicon, lexicon
from mt.plugins.flags import Flag, Severity
from mt.plugins.plugin import Plugin, Tried
from mt.plugins.rulefiles import load_rules
from mt.qa.coverage import Coverage


@lru_cache(maxsize=1)
def qa_data() -> dict:
    """``mt/qa/data/qa.toml`` (and the editors' own additions): the data of every QA check, read once."""
    return load_rules(Path(__file__).resolve().parent / "data", "qa")


@lru_cache(maxsize=1)
def loanwords() -> frozenset[str]:
    """German words English news prints as they are (Bundestag, Land): neither German left in nor names."""
    return frozenset(qa_data()["german_left"]["loanwords"])


@lru_cache(maxsize=1)
def name_heads() -> tuple[str, ...]:
    """Last parts of German place, street and family names (Steinhagen, Gartenstraße, Lindemann)."""
    return tuple(qa_data()["german_left"]["name_heads"])


def common_compound(text: str, lex: Lexicon) -> bool:
    """A compound of German words (Schuhfabrik, Wahlbeteiligung) that is neither a place nor a family name:
    its last part is not one German names end in (-berg, -hausen, -mann)."""
    parts = lex.compound(text)
    if parts is None or lex.is_place(text):
        return False
    long_heads = tuple(h for h in name_heads() if len(h) >= 5)  # also where the split went wrong: blickst|rasse
    return not parts[-1].endswith(name_heads()) and not text.lower().endswith(long_heads)


MODEL_KEPT_NAME_ZIPF = (2.0, 3.0)  # how often English prints a German word that is a name there (Pair.kept_as_name)
_WORD = re.compile(r"[^\W\d_]+(?:['’\u00ad-][^\W\d_]+)*")
SOFT_HYPHEN = "\u00ad"  # invisible, inside a word where it may break (Sozialversicherungs\u00adreform)


@dataclass(frozen=True)
class Word:
    """A word of a sentence (letters, with inner apostrophes and hyphens), with offsets into it; soft hyphens out."""

    start: int
    end: int
    text: str


@dataclass
class Pair:
    """One sentence and its translation."""

    source: str
    target: str
    pseudo_reference: str | None = None  # another translation of the source, by mt's model (see kept_as_name)

    @cached_property
    def source_words(self) -> list[Word]:
        return _words(self.source)

    @cached_property
    def _pseudo_reference_words(self) -> frozenset[str]:
        words = [w.text for w in _words(self.pseudo_reference or "")]
        return frozenset(words + [re.sub(r"['’]s$", "", w) for w in words])  # Storch's: Storch

    def kept_as_name(self, word: str) -> bool:
        """Whether the word is a name here though German uses it as a word too (Storch, Sommer): the pseudo-reference
        (mt's own translation of the source, where the target is another's) keeps it as it is, and English text
        prints it, but rarely (Zipf 2 to 3: as a name, not as an English word); not a word German has in lower case
        only, a pronoun (euch, capitalised). Without a pseudo-reference: False."""
        if len(word) < 4 or not word[0].isupper() or word not in self._pseudo_reference_words:
            return False  # nor an abbreviation (Bsp) or a word German writes in lower case (oder)
        lex = self.lexicon
        lower_case_only = lex.spelled(word.lower()) and not lex.translates(word)
        return MODEL_KEPT_NAME_ZIPF[0] <= lex.zipf(word, "en") < MODEL_KEPT_NAME_ZIPF[1] and not lower_case_only

    @property
    def text(self) -> str:
        """The text flags are spans of: the target."""
        return self.target

    @cached_property
    def target_words(self) -> list[Word]:
        return _words(self.target)

    @property
    def lexicon(self) -> Lexicon:
        return lexicon()

    @cached_property
    def coverage(self) -> Coverage:
        """Which source words the translation renders (:mod:`mt.qa.coverage`), built once for all checks."""
        return Coverage(self.target.replace(SOFT_HYPHEN, ""), self.lexicon)


def _words(text: str) -> list[Word]:
    return [Word(m.start(), m.end(), m.group().replace(SOFT_HYPHEN, "")) for m in _WORD.finditer(text)]


class QACheck(Plugin[Pair, tuple[str, ...]]):
    """One kind of fault of a translation; see the module docstring. Its examples are (German, English) pairs,
    a third item the pseudo-reference (:attr:`Pair.pseudo_reference`)."""

    severity: ClassVar[Severity] = "major"
    confidence: ClassVar[float] = 0.7

    @classmethod
    def try_example(cls, example: tuple[str, ...]) -> Tried:
        pair = Pair(*example)
        return Tried(pair.target, list(cls().run(pair)))

    def whole(self, pair: Pair, message: str, **kwargs: Any) -> Flag:
        """A flag of the whole target: a fault with no place of its own there (a number the translation lacks)."""
        return self.flag(pair, 0, 0, message, **kwargs)
