"""Glossaries: a German term always gets the editor's English term, in every inflected form.

A glossary is a list of terms (German lemma → English, with an optional English plural and a note),
read from and written to a TSV file (``german<TAB>english[<TAB>plural[<TAB>note]]``) or a TBX termbase
(through ``translate-toolkit``; the plural is a note ``plural: …``, deprecated English terms are skipped). A word of a sentence is the term
if it is the lemma or one of its inflected forms: Hunspell's stem, or the lemma with a German ending
(``Botschaft``, ``Botschaften``; ``Botschafter`` is another word). A plural German form gets the English
plural.

Two ways to make the model use the term, measured side by side in ``eval/term_quality.py``:
- ``placeholder`` (the default of ``mt translate``): a made-up name stands in for the term, which the
  model copies as it copies names; the name is replaced by the English term in the output;
- ``inject``: the English term replaces the German form in the source sentence, and the model is trusted
  to carry the English word over.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from mt.check.lexicon import lexicon
from mt.errors import MtError
from mt.fileio import atomic_write

Method = Literal["inject", "placeholder"]
ENDINGS = ("", "e", "en", "n", "s", "es", "nen", "ns")  # inflections of a noun; not -er, which makes new words
PLURAL_ENDINGS = ("en", "n", "e", "nen")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
PLURAL_NOTE = "plural: "  # how a TBX note gives the English plural
PLACEHOLDER = "Brakko{}"  # a made-up name the model copies as it is (of six tried, one of the two kept most)


class GlossaryError(MtError, ValueError):
    """A glossary file that cannot be used; the message names the line."""


def one_word(german: str) -> bool:
    """Whether a German term is one word (compounds and hyphenated words are), as a glossary matches them."""
    return _WORD.fullmatch(german) is not None


def english_plural(term: str) -> str:
    """The English plural of a term's last word (embassy → embassies, spokeswoman → spokeswomen)."""
    head, _, last = term.rpartition(" ")
    if last.endswith("man"):
        plural = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", last):
        plural = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


@dataclass(frozen=True)
class Term:
    german: str
    english: str
    plural: str
    note: str = ""


class Glossary:
    """Terms to enforce; :meth:`prepare` rewrites a source sentence, :meth:`restore` its translation."""

    def __init__(self, terms: Iterable[Term], method: Method = "placeholder", retry: bool = True) -> None:
        self.terms = {t.german: t for t in terms}
        self.method = method
        self.retry = retry  # translate a sentence that lost a term again (see Translator._fill_missing_terms)
        self._by_start: dict[str, list[Term]] = {}  # terms by their first three letters: a word meets few
        for term in self.terms.values():
            self._by_start.setdefault(term.german[:3], []).append(term)

    @classmethod
    def from_pairs(
        cls, pairs: Iterable[tuple[str, str]], method: Method = "placeholder", retry: bool = True
    ) -> Glossary:
        return cls((Term(de, en, english_plural(en)) for de, en in pairs), method, retry)

    @classmethod
    def read(cls, path: Path, method: Method = "placeholder") -> Glossary:
        """A TBX termbase (``.tbx``) or a TSV glossary: german, english, optional plural, optional note;
        ``#`` lines are comments."""
        if path.suffix.lower() == ".tbx":
            return cls(_read_tbx(path), method)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise GlossaryError(f"{path}: cannot read it as UTF-8 text ({err.__class__.__name__})") from None
        terms = []
        for number, row in enumerate(csv.reader(lines, delimiter="\t"), 1):
            if not row or row[0].startswith("#"):
                continue
            if len(row) < 2 or not row[0].strip() or not row[1].strip():
                raise GlossaryError(
                    f"{path}:{number}: a term needs a German and an English column (a glossary is a TSV file or a .tbx)"
                )
            german, english = row[0].strip(), row[1].strip()
            if not one_word(german):
                raise GlossaryError(f"{path}:{number}: {german!r}: a German term is one word (or a hyphenated one)")
            plural = row[2].strip() if len(row) > 2 and row[2].strip() else english_plural(english)
            terms.append(Term(german, english, plural, row[3].strip() if len(row) > 3 else ""))
        return cls(terms, method)

    def write(self, path: Path) -> None:
        """The terms as a TBX termbase (``.tbx``) or a TSV file, written whole or not at all."""
        terms = sorted(self.terms.values(), key=lambda t: t.german.lower())
        if path.suffix.lower() == ".tbx":
            from translate.storage import tbx

            store = tbx.tbxfile(sourcelanguage="de", targetlanguage="en")
            for term in terms:
                unit = store.addsourceunit(term.german)
                unit.target = term.english
                if term.plural != english_plural(term.english):
                    unit.addnote(PLURAL_NOTE + term.plural)
                if term.note:
                    unit.addnote(term.note)
            atomic_write(path, bytes(store).decode("utf-8"))
            return
        rows = ["\t".join((t.german, t.english, t.plural, t.note)).rstrip("\t") for t in terms]
        atomic_write(path, "# German\tEnglish\tEnglish plural\tnote\n" + "".join(f"{row}\n" for row in rows))

    def digest(self) -> str:
        """A short hash of the terms and method, for run signatures."""
        text = "\n".join(f"{t.german}\t{t.english}\t{t.plural}" for t in sorted(self.terms.values(), key=str))
        return hashlib.sha256(f"{self.method} {self.retry}\n{text}".encode()).hexdigest()[:12]

    def matches(self, sentence: str) -> list[tuple[int, int, Term, bool]]:
        """Each term in the sentence: (start, end, term, whether the form is plural)."""
        found = []
        for m in _WORD.finditer(sentence):
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
        for i, (_, _, term, plural) in enumerate(self.matches(sentence)):
            name = PLACEHOLDER.format(_letters(i))
            translation = re.sub(rf"\b{name}\w*", term.plural if plural else term.english, translation)
        return translation

    def expected(self, sentence: str) -> list[str]:
        """The English forms the translation of this sentence must contain."""
        return [t.plural if plural else t.english for _, _, t, plural in self.matches(sentence)]


def _read_tbx(path: Path) -> list[Term]:
    """The German → English terms of a TBX file (its first English term that is not deprecated)."""
    from translate.storage import tbx

    try:
        store = tbx.tbxfile.parsefile(str(path))
    except (OSError, ValueError, SyntaxError, AssertionError) as err:  # as in mt.memory._parse
        why = str(err) or "another kind of XML file"
        raise GlossaryError(f"{path}: not a TBX file translate-toolkit can read ({why})") from None
    terms = []
    for unit in store.units:
        german = str(unit.source or "").strip()
        english = next((t.text.strip() for t in unit.get_target_terms("en") if not t.deprecated and t.text.strip()), "")
        if not german or not english or not one_word(german):
            continue  # a phrase: the glossary matches single (compound or hyphenated) words only
        notes = [n.strip() for n in (unit.getnotes() or "").splitlines() if n.strip()]
        plural = next((n[len(PLURAL_NOTE) :] for n in notes if n.startswith(PLURAL_NOTE)), english_plural(english))
        note = " ".join(n for n in notes if not n.startswith(PLURAL_NOTE))
        terms.append(Term(german, english, plural, note))
    if not terms:
        raise GlossaryError(f"{path}: no German term with an English equivalent")
    return terms


def _letters(i: int) -> str:
    """A suffix of letters (digits would be read as numbers): a, b, …, z, ba, …"""
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(ord("a") + r) + letters
    return letters
