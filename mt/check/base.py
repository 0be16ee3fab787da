"""What every check is given (a :class:`Context`) and what it is (a :class:`Check`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, ClassVar

from mt.document.model import Document
from mt.lang.lexicon import MAX_WORD_CHARS, Lexicon, lexicon
from mt.plugins.flags import Flag
from mt.support import budget

_TOKEN = re.compile(r"[\w\xad]+(?:[-'’.][\w\xad]+)*-?|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark of a sentence, with offsets into the document."""

    start: int
    end: int
    text: str
    index: int  # position in its sentence

    @property
    def is_word(self) -> bool:
        return any(c.isalpha() for c in self.text)

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


class Context:
    """A document being checked, with its tokens and (on demand) part-of-speech tags."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.words: list[Any] | None = None  # the judged words, filled by mt.check.wordkinds.words

    @cached_property
    def lexicon(self) -> Lexicon:
        return lexicon()

    @cached_property
    def tokens(self) -> list[list[Token]]:
        """Tokens of each sentence, in document order."""
        return [
            [Token(s.start + m.start(), s.start + m.end(), m.group(), i) for i, m in enumerate(_TOKEN.finditer(s.text))]
            for s in self.document.sentences
        ]

    def tags(self, sentence: int) -> list[tuple[str, str]]:
        """``(lemma, STTS tag)`` per token of one sentence, from the HanTa tagger."""
        budget.check()  # tagging is the checker's slowest step: a request past its time budget stops here
        return _tag(tuple(t.text for t in self.tokens[sentence]))


# HanTa's morphological analysis takes time quadratic in a word's length (a 960-character word: 12 s):
# a token longer than any German word in use is tagged through a short stand-in of the same case,
# and keeps itself as its lemma.


@lru_cache(maxsize=4096)
def _tag(words: tuple[str, ...]) -> list[tuple[str, str]]:
    if not words:
        return []
    stand_ins = [w if len(w) <= MAX_WORD_CHARS else ("Xxxxx" if w[:1].isupper() else "xxxxx") for w in words]
    tagged = _tagger().tag_sent(stand_ins, taglevel=1)
    return [(lemma if w == s else w, tag) for w, s, (_, lemma, tag) in zip(words, stand_ins, tagged)]


@lru_cache(maxsize=1)
def _tagger():
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


_MARKED = re.compile(r"\[\[(?P<span>[^\]=]+)(?:=>(?P<suggestion>[^\]]*))?\]\]|\{\{(?P<correct>[^}]+)\}\}")

Mark = tuple[int, int, str | None]  # start, end, the first suggestion (None: whatever it is)


def unmark(marked: str) -> tuple[str, list[Mark], list[tuple[int, int]]]:
    """A text with its marks taken out: the spans marked as artifacts, ``[[span=>first suggestion]]``, and the
    spans marked as correct German, ``{{span}}`` (the examples of checks and rules, the calque sets of
    ``eval/``). ``[[span=>]]``: no suggestion, or removal; ``[[span]]``: the span, whatever the suggestion."""
    text, artifacts, correct, last = "", [], [], 0
    for m in _MARKED.finditer(marked):
        text += marked[last : m.start()]
        span = m.group("span") or m.group("correct")
        if m.group("span"):
            artifacts.append((len(text), len(text) + len(span), m.group("suggestion")))
        else:
            correct.append((len(text), len(text) + len(span)))
        text += span
        last = m.end()
    return text + marked[last:], artifacts, correct


def marked_example(example: str) -> tuple[str, Mark | None]:
    """An example text and the first span it marks, if any, with the suggestion a flag must offer first:
    ``"Er hat [[aktuell=>eigentlich]] nichts gesagt."`` (:func:`unmark`)."""
    text, artifacts, _ = unmark(example)
    return text, artifacts[0] if artifacts else None


class Check:
    """A small plug-in that finds one kind of artifact.

    ``must_flag`` and ``must_pass`` are its own examples: texts in which it must raise at
    least one flag, and texts in which it must raise none. A ``must_flag`` example may mark the
    exact span and the expected first suggestion, ``[[span=>suggestion]]`` (:func:`marked_example`).
    The test suite runs them.
    """

    name: ClassVar[str]
    category: ClassVar[str]
    must_flag: ClassVar[tuple[str, ...]] = ()
    must_pass: ClassVar[tuple[str, ...]] = ()

    def run(self, ctx: Context) -> Iterable[Flag]:
        raise NotImplementedError

    def flag(
        self,
        ctx: Context,
        start: int,
        end: int,
        message: str,
        *,
        severity: str = "minor",
        category: str | None = None,
        suggestions: Iterable[str] = (),
        confidence: float = 0.6,
        safe: bool = False,
        rule: str = "",
    ) -> Flag:
        return Flag(
            start=start,
            end=end,
            text=ctx.text[start:end],
            category=category or self.category,
            severity=severity,
            message=message,
            check=self.name,
            suggestions=list(suggestions),
            confidence=confidence,
            safe=safe,
            rule=rule,
        )
