"""A translation memory: approved sentence translations, reused exactly instead of translated again.

Read from and written to TMX, XLIFF and PO files (:mod:`mt.formats.memoryfiles`). A sentence matches when it equals a stored source after normalising what does not change its
meaning: Unicode form, runs of white space, and the kind of quotation marks. Sentences that only resemble a
stored one (``rapidfuzz``'s similarity ratio of the normalised forms at least :data:`FUZZY_THRESHOLD`) are
offered to editors as suggestions, never used unseen.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from mt.formats.interchange import LanguageTags
from mt.formats.memoryfiles import MemoryEntry, read_memory_file, write_tmx

log = logging.getLogger(__name__)
_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'"})
FUZZY_THRESHOLD = 85.0  # similarity (0-100) from which a stored sentence is shown as a suggestion
FUZZY_LIMIT = 3  # suggestions per sentence


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
    fuzzy ones. A later entry for the same sentence replaces an earlier one."""

    def __init__(self, pairs: dict[str, str] | Iterable[MemoryEntry] | None = None) -> None:
        self._entries: dict[str, MemoryEntry] = {}
        given = pairs.items() if isinstance(pairs, dict) else (pairs or ())
        for item in given:
            self.add_entry(item if isinstance(item, MemoryEntry) else MemoryEntry(*item))

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """(German as written, English) of every entry."""
        return ((e.source, e.english) for e in self._entries.values())

    def entries(self) -> list[MemoryEntry]:
        return list(self._entries.values())

    def add(self, source: str, target: str) -> None:
        self.add_entry(MemoryEntry(source, target))

    def add_entry(self, entry: MemoryEntry) -> None:
        if entry.source.strip() and entry.english.strip():
            self._entries[normalise(entry.source)] = replace(
                entry, source=entry.source.strip(), english=entry.english.strip()
            )

    def lookup(self, sentence: str) -> str | None:
        found = self._entries.get(normalise(sentence))
        return found.english if found is not None else None

    def similar(self, sentence: str, threshold: float = FUZZY_THRESHOLD, limit: int = FUZZY_LIMIT) -> list[FuzzyMatch]:
        """Stored sentences at least ``threshold`` similar to ``sentence`` (an exact match is not among them)."""
        from rapidfuzz import fuzz, process

        key = normalise(sentence)
        found = process.extract(key, self._entries.keys(), scorer=fuzz.ratio, score_cutoff=threshold, limit=limit + 1)
        return [
            FuzzyMatch(score, self._entries[k].source, self._entries[k].english) for k, score, _ in found if k != key
        ][:limit]

    def digest(self) -> str:
        """A short hash of the entries, for run signatures."""
        text = "\n".join(f"{k}\t{e.english}" for k, e in sorted(self._entries.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @classmethod
    def read(cls, path: Path, tags: LanguageTags = LanguageTags()) -> TranslationMemory:
        """The usable entries of a TMX, XLIFF or PO file (see :func:`read_memory_file`)."""
        entries, report = read_memory_file(path, tags)
        if report.skipped:
            log.warning("%s", report.summary())
        return cls(entries)

    def write_tmx(self, path: Path) -> None:
        """All entries as a TMX 1.4 file (German → English), written whole or not at all."""
        write_tmx(path, self.entries())
