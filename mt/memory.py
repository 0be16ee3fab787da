"""A translation memory: approved sentence translations, reused exactly instead of translated again.

Read from TMX and from post-edited XLIFF, written to TMX, through ``translate-toolkit`` (the library
CAT tools' files are checked against). A sentence matches when it equals a stored source after
normalising what does not change its meaning: Unicode form, runs of white space, and the kind of
quotation marks. Sentences that only resemble a stored one (``rapidfuzz``'s similarity ratio of the
normalised forms at least :data:`FUZZY_THRESHOLD`) are offered to editors as suggestions, never used
unseen.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mt.errors import MtError
from mt.fileio import atomic_write

_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'"})
FUZZY_THRESHOLD = 85.0  # similarity (0-100) from which a stored sentence is shown as a suggestion
FUZZY_LIMIT = 3  # suggestions per sentence
XLIFF_SUFFIXES = (".xlf", ".xliff")
XLIFF_2_NAMESPACE = b"urn:oasis:names:tc:xliff:document:2.0"
XLIFF_2_CONFIRMED = ("translated", "reviewed", "final")  # a segment's states after "initial"


class TMFileError(MtError, ValueError):
    """A memory file that cannot be read; the message says why."""


def normalise(sentence: str) -> str:
    """The form two sentences share when only spacing, quotation marks or Unicode composition differ."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", sentence).translate(_QUOTES)).strip()


@dataclass(frozen=True)
class FuzzyMatch:
    """A stored sentence like the one to translate: its similarity (0-100), German and approved English."""

    similarity: float
    source: str
    translation: str

    def to_dict(self) -> dict[str, object]:
        return {"similarity": round(self.similarity, 1), "source": self.source, "translation": self.translation}


class TranslationMemory:
    """German sentence → approved English; :meth:`lookup` finds an exact (normalised) match, :meth:`similar`
    fuzzy ones."""

    def __init__(self, pairs: dict[str, str] | None = None) -> None:
        self._entries: dict[str, str] = {}
        for source, target in (pairs or {}).items():
            self.add(source, target)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._entries.items())

    def add(self, source: str, target: str) -> None:
        if source.strip() and target.strip():
            self._entries[normalise(source)] = target.strip()

    def lookup(self, sentence: str) -> str | None:
        return self._entries.get(normalise(sentence))

    def similar(self, sentence: str, threshold: float = FUZZY_THRESHOLD, limit: int = FUZZY_LIMIT) -> list[FuzzyMatch]:
        """Stored sentences at least ``threshold`` similar to ``sentence`` (an exact match is not among them)."""
        from rapidfuzz import fuzz, process

        key = normalise(sentence)
        found = process.extract(key, self._entries.keys(), scorer=fuzz.ratio, score_cutoff=threshold, limit=limit + 1)
        return [FuzzyMatch(score, source, self._entries[source]) for source, score, _ in found if source != key][:limit]

    def digest(self) -> str:
        """A short hash of the entries, for run signatures."""
        text = "\n".join(f"{s}\t{t}" for s, t in sorted(self._entries.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @classmethod
    def read(cls, path: Path) -> TranslationMemory:
        """A TMX file, or the confirmed units of a post-edited XLIFF file (``.xlf``, ``.xliff``)."""
        return cls.read_xliff(path) if path.suffix.lower() in XLIFF_SUFFIXES else cls.read_tmx(path)

    @classmethod
    def read_tmx(cls, path: Path) -> TranslationMemory:
        """A TMX file's units (its first two languages, read as German → English)."""
        from translate.storage import tmx

        memory = cls()
        for unit in _parse(tmx.tmxfile, path, "TMX").units:
            if unit.source and unit.target:
                memory.add(str(unit.source), str(unit.target))
        return memory

    @classmethod
    def read_xliff(cls, path: Path) -> TranslationMemory:
        """The units of an XLIFF 1.2 or 2.0 file that an editor confirmed: in 1.2 approved, or in the state
        ``translated``, ``signed-off`` or ``final``; in 2.0 ``translated``, ``reviewed`` or ``final``.
        Machine output still marked ``needs-review-translation`` (as ``mt translate --format xliff``
        writes it) or ``initial`` is not a translation anybody approved, and stays out."""
        from translate.storage import xliff, xliff2

        try:
            version_2 = XLIFF_2_NAMESPACE in path.read_bytes()[:2000]
        except OSError as err:
            raise TMFileError(f"{path}: cannot read it ({err.strerror})") from None
        memory = cls()
        if version_2:
            for unit in _parse(xliff2.Xliff2File, path, "XLIFF").units:
                if unit.source and unit.target and unit.xmlelement.get("state") in XLIFF_2_CONFIRMED:
                    memory.add(str(unit.source), str(unit.target))
            return memory
        for unit in _parse(xliff.xlifffile, path, "XLIFF").units:
            if unit.source and unit.target and (unit.isapproved() or unit.get_state_n() >= unit.S_TRANSLATED):
                memory.add(str(unit.source), str(unit.target))
        return memory

    def write_tmx(self, path: Path) -> None:
        """All entries as a TMX 1.4 file (German → English), written whole or not at all."""
        from translate.storage import tmx

        store = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
        for source, target in self._entries.items():
            store.addsourceunit(source).target = target
        atomic_write(path, bytes(store).decode("utf-8"))


def _parse(kind: Any, path: Path, name: str) -> Any:
    try:
        return kind.parsefile(str(path))
    except (OSError, ValueError, SyntaxError, AssertionError) as err:  # XMLSyntaxError is a SyntaxError; another
        # kind of XML file fails translate-toolkit's assertion on its root element
        why = str(err) or "another kind of XML file"
        raise TMFileError(f"{path}: not a {name} file translate-toolkit can read ({why})") from None
