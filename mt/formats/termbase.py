"""Glossary files: a TSV file (``german<TAB>english[<TAB>plural[<TAB>note]]``) or a TBX termbase, read and written.

A TBX is read through ``translate-toolkit``: its German and English sides found by their language tags, in either
order, as :mod:`mt.formats.interchange` says; the plural is a note ``plural: …`` or an English term marked
``grammaticalNumber`` plural; deprecated terms are skipped. Phrases are skipped with their line or entry in the
import's report, since a glossary matches single words.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mt.errors import MtError
from mt.formats.files import atomic_write, lines_of
from mt.formats.interchange import ImportReport, LanguageTags, excerpt

PLURAL_NOTE = "plural: "  # how a TBX note gives the English plural
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # a word, hyphenated parts included: what a term may be


class GlossaryError(MtError, ValueError):
    """A glossary file that cannot be used; the message names the line."""


@dataclass(frozen=True)
class Term:
    german: str
    english: str
    plural: str
    note: str = ""


def one_word(german: str) -> bool:
    """Whether a German term is one word (compounds and hyphenated words are), as a glossary matches them."""
    return WORD.fullmatch(german) is not None


def english_plural(term: str) -> str:
    """The English plural of a term's last word (embassy → embassies, spokeswoman → spokeswomen); a word that
    ends in -s but not -ss, -us or -is is taken as plural already (Greens, news, politics) and kept."""
    head, _, last = term.rpartition(" ")
    if re.search(r"[^sui]s$", last):
        plural = last
    elif last.endswith("man"):
        plural = last[:-3] + "men"
    elif re.search(r"[^aeiou]y$", last):
        plural = last[:-1] + "ies"
    elif re.search(r"(s|x|z|ch|sh)$", last):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}" if head else plural


def read_termbase(path: Path, tags: LanguageTags = LanguageTags()) -> tuple[list[Term], ImportReport]:
    """The German → English terms of a TBX (``.tbx``) or TSV file, with the report of what was skipped and why.

    TSV: german, english, optional plural, optional note; ``#`` lines are comments; a row without two columns
    is an error naming its line.
    """
    report = ImportReport(path.name, "terms")
    terms = _read_tbx(path, tags, report) if path.suffix.lower() == ".tbx" else _read_tsv(path, report)
    report.imported = len(terms)
    if not terms:
        raise GlossaryError(f"{path}: no German term with an English equivalent" + _skips(report))
    return terms, report


def _skips(report: ImportReport) -> str:
    return f" ({len(report.skipped)} skipped: {report.skipped[0][1]}, …)" if report.skipped else ""


def _read_tsv(path: Path, report: ImportReport) -> list[Term]:
    try:
        lines = lines_of(path.read_text(encoding="utf-8"))
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
            report.skip(f"line {number} {excerpt(german)}", PHRASE)
            continue
        plural = row[2].strip() if len(row) > 2 and row[2].strip() else english_plural(english)
        terms.append(Term(german, english, plural, row[3].strip() if len(row) > 3 else ""))
    return terms


PHRASE = "a phrase: a glossary term is one word (a compound or a hyphenated word)"


def _read_tbx(path: Path, tags: LanguageTags, report: ImportReport) -> list[Term]:
    """Each entry's first German term that is not deprecated, and its first such English term (an English term
    marked plural is the plural), the two langSets found by their language tags in either order."""
    from translate.misc.xml_helpers import getXMLlang
    from translate.storage import tbx

    from mt.formats.interchange import parse, usable_units

    store = parse(tbx.tbxfile, path, "TBX", GlossaryError)
    default = getXMLlang(store.document.getroot())
    terms = []
    for where, unit, sides in usable_units(
        store, path, tags, report, lambda n, _: f"entry {n}", GlossaryError, default
    ):
        lang = {side: getXMLlang(sides.nodes[side][1]) or default or "" for side in ("de", "en")}
        german = next((t.text.strip() for t in unit.get_target_terms(lang["de"]) if not t.deprecated), "")
        english_terms = [t for t in unit.get_target_terms(lang["en"]) if not t.deprecated and t.text.strip()]
        plurals = [t.text.strip() for t in english_terms if _marked_plural(t)]
        english = next((t.text.strip() for t in english_terms if not _marked_plural(t)), "")
        where += f" {excerpt(german)}"
        if not german or not english:
            report.skip(where, f"no {'German' if not german else 'English'} term that is not deprecated")
            continue
        if not one_word(german):
            report.skip(where, PHRASE)
            continue
        report.swapped += sides.swapped
        notes = [line.strip() for line in (unit.getnotes() or "").splitlines() if line.strip()]
        noted = next((line[len(PLURAL_NOTE) :] for line in notes if line.startswith(PLURAL_NOTE)), None)
        plural = noted or (plurals[0] if plurals else english_plural(english))
        terms.append(Term(german, english, plural, " ".join(n for n in notes if not n.startswith(PLURAL_NOTE))))
    return terms


def _marked_plural(term: object) -> bool:
    """Whether a TBX term is marked ``<termNote type="grammaticalNumber">plural</termNote>``."""
    notes = getattr(term, "notes", ())
    return any(n.category == "grammaticalNumber" and n.text.strip().lower() == "plural" for n in notes)


def write_termbase(path: Path, terms: Iterable[Term]) -> None:
    """Terms as a TBX termbase (``.tbx``) or a TSV file, in German alphabetical order, written whole or not at all."""
    ordered = sorted(terms, key=lambda t: t.german.lower())
    if path.suffix.lower() == ".tbx":
        from translate.storage import tbx

        store = tbx.tbxfile(sourcelanguage="de", targetlanguage="en")
        for term in ordered:
            unit = store.addsourceunit(term.german)
            unit.settarget(term.english, lang="en")
            unit.addnote(PLURAL_NOTE + term.plural)  # always: a reader must not have to guess it
            if term.note:
                unit.addnote(term.note)
        atomic_write(path, bytes(store).decode("utf-8"))
        return
    rows = ["\t".join((t.german, t.english, t.plural, t.note)).rstrip("\t") for t in ordered]
    atomic_write(path, "# German\tEnglish\tEnglish plural\tnote\n" + "".join(f"{row}\n" for row in rows))
