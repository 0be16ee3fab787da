"""Glossaries: a German term always gets the editor's English term, in every inflected form.

A glossary is a list of terms (German lemma → English, with an optional English plural and a note), read from
and written to a TSV file or a TBX termbase (:mod:`mt.formats.termbase`). A word of a sentence is the term
if it is the lemma or one of its inflected forms: Hunspell's stem, or the lemma with a German ending
(``Botschaft``, ``Botschaften``; ``Botschafter`` is another word). A plural German form gets the English
plural.

Two ways to make the model use the term, measured side by side in ``eval/term_quality.py``:
- ``placeholder`` (the default of ``mt translate``): a made-up name stands in for the term, which the
  model copies as it copies names; the name is replaced by the English term in the output. The model
  often garbles the names of a sentence with several terms (``Brakkob`` comes out as ``Brakkobkob`` or
  ``Brakcob``), so every word that begins like a stand-in is one: it is read as the term its suffix
  names, and one whose suffix names no term left takes the next term the output still lacks;
- ``inject``: the English term replaces the German form in the source sentence, and the model is trusted
  to carry the English word over.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from mt.formats.interchange import LanguageTags
from mt.formats.termbase import WORD, Term, english_plural, read_termbase, write_termbase
from mt.lang.lexicon import lexicon

log = logging.getLogger(__name__)
Method = Literal["inject", "placeholder"]
ENDINGS = ("", "e", "en", "n", "s", "es", "nen", "ns")  # inflections of a noun; not -er, which makes new words
PLURAL_ENDINGS = ("en", "n", "e", "nen")
PLACEHOLDER = "Brakko{}"  # a made-up name the model copies as it is (of six tried, one of the two kept most)
# The retries decode greedily: on newstest2019's 761 terms beam 4 gets 1.2 points more of them for a
# quarter more time (eval/results/terms-newstest2019.md).
RETRY_BEAM = 1
_STAND_IN = re.compile(r"\bBra[kc]+o?([a-z]*)\w*")  # the name as the model writes it, garbled or not


class Glossary:
    """Terms to enforce; :meth:`prepare` rewrites a source sentence, :meth:`restore` its translation."""

    def __init__(
        self, terms: Iterable[Term], method: Method = "placeholder", retry: bool = True, retry_beam: int = RETRY_BEAM
    ) -> None:
        self.terms = {t.german: t for t in terms}
        self.method = method
        self.retry = (
            retry  # translate a sentence that lost a term again (see mt.translate.translator.fill_missing_terms)
        )
        self.retry_beam = retry_beam
        self._by_start: dict[str, list[Term]] = {}  # terms by their first three letters: a word meets few
        for term in self.terms.values():
            self._by_start.setdefault(term.german[:3], []).append(term)

    @classmethod
    def from_pairs(
        cls,
        pairs: Iterable[tuple[str, str]],
        method: Method = "placeholder",
        retry: bool = True,
        retry_beam: int = RETRY_BEAM,
    ) -> Glossary:
        return cls((Term(de, en, english_plural(en)) for de, en in pairs), method, retry, retry_beam)

    @classmethod
    def read(cls, path: Path, method: Method = "placeholder", tags: LanguageTags = LanguageTags()) -> Glossary:
        """The terms of a TBX termbase (``.tbx``) or a TSV glossary (see :func:`read_termbase`); skipped
        entries are logged with their reasons."""
        terms, report = read_termbase(path, tags)
        if report.skipped:
            log.warning("%s", report.summary())
        return cls(terms, method)

    def write(self, path: Path) -> None:
        """The terms as a TBX termbase (``.tbx``) or a TSV file, written whole or not at all."""
        write_termbase(path, self.terms.values())

    def digest(self) -> str:
        """A short hash of the terms and method, for run signatures."""
        text = "\n".join(f"{t.german}\t{t.english}\t{t.plural}" for t in sorted(self.terms.values(), key=str))
        return hashlib.sha256(f"{self.method} {self.retry} {self.retry_beam}\n{text}".encode()).hexdigest()[:12]

    def matches(self, sentence: str) -> list[tuple[int, int, Term, bool]]:
        """Each term in the sentence: (start, end, term, whether the form is plural)."""
        found = []
        for m in WORD.finditer(sentence):
            match = self._term_of(m.group())
            if match is not None:
                found.append((m.start(), m.end(), *match))
        return found

    def _term_of(self, word: str) -> tuple[Term, bool] | None:
        for term in self._by_start.get(word[:3], ()):
            german = term.german
            ending = word[len(german) :] if word.startswith(german) else None
            if ending in ENDINGS or german in lexicon().stems(word):
                return term, ending in PLURAL_ENDINGS and not (ending == "e" and german.endswith("e"))
        return None

    def prepare(self, sentence: str) -> str:
        """The sentence as the model should see it."""
        out, pos = [], 0
        for i, (start, end, term, plural) in enumerate(self.matches(sentence)):
            english = term.plural if plural else term.english
            out += [sentence[pos:start], english if self.method == "inject" else PLACEHOLDER.format(_letters(i))]
            pos = end
        return "".join(out) + sentence[pos:]

    def restore(self, sentence: str, translation: str) -> str:
        """The model's translation with placeholders replaced by their terms (``inject``: unchanged)."""
        if self.method == "inject":
            return translation
        english = self.expected(sentence)
        if not english:
            return translation
        found = [  # not an English word, nor a name copied from the German (Bracknell, Brakel)
            m
            for m in _STAND_IN.finditer(translation)
            if m.group() not in sentence and lexicon().zipf(m.group().lower(), "en") < 2.5
        ]
        named = [_named(m, len(english)) for m in found]  # the term each stand-in names, if any
        given: dict[int, int] = {}  # stand-in → term: first the ones named, each term once ...
        for k, i in enumerate(named):
            if i is not None and i < len(english) and i not in given.values():
                given[k] = i
        lacking = [i for i in range(len(english)) if i not in given.values()]
        for k in range(len(found)):  # ... then the others (garbled, or a name repeated for a similar one the
            # model confused it with) take the terms still lacking, in order
            if k not in given and lacking:
                given[k] = lacking.pop(0)
        out, pos = [], 0
        for k, m in enumerate(found):
            i = given.get(k, named[k])  # a surplus repeat is its term again; one naming no term goes
            out += [translation[pos : m.start()], english[i] if i is not None and i < len(english) else ""]
            pos = m.end()
        return re.sub(r" {2,}", " ", "".join(out) + translation[pos:]).strip()

    def expected(self, sentence: str) -> list[str]:
        """The English forms the translation of this sentence must contain."""
        return [t.plural if plural else t.english for _, _, t, plural in self.matches(sentence)]


def _named(stand_in: re.Match[str], count: int) -> int | None:
    """The term a stand-in names: by its name (a plural ``s`` allowed), else by the first letter of its
    suffix (garbled ``Brakkobkob``: b, the second term); None when it has no suffix."""
    for i in range(count):
        name = PLACEHOLDER.format(_letters(i))
        if stand_in.group() in (name, name + "s"):
            return i
    suffix = stand_in.group(1)
    return ord(suffix[0]) - ord("a") if suffix else None


def _letters(i: int) -> str:
    """A suffix of letters (digits would be read as numbers): a, b, …, z, ba, …"""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters
