"""What every German check is given (a :class:`Context`) and what it is (a :class:`Check`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from mt.document.model import Document
from mt.lang.lexicon import MAX_WORD_CHARS, Lexicon, lexicon
from mt.plugins.examples import marked_example
from mt.plugins.flags import merge
from mt.plugins.plugin import Plugin, Tried
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


class Check(Plugin[Context, str]):
    """A German check: a small plug-in that finds one kind of artifact in a document (:class:`Context`); its
    examples are German texts (:mod:`mt.plugins.examples`)."""

    @classmethod
    def try_example(cls, example: str) -> Tried:
        text, mark = marked_example(example)
        return Tried(text, merge(list(cls().run(Context(Document.from_text(text))))), mark)
