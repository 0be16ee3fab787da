"""A translation memory: approved sentence translations, reused exactly instead of translated again.

Read from and written to TMX through ``translate-toolkit`` (the library CAT tools' files are checked
against). A sentence matches when it equals a stored source after normalising what does not change its
meaning: Unicode form, runs of white space, and the kind of quotation marks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from mt.errors import MtError
from mt.fileio import atomic_write

_QUOTES = str.maketrans({"„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'"})


class TMFileError(MtError, ValueError):
    """A memory file that cannot be read; the message says why."""


def normalise(sentence: str) -> str:
    """The form two sentences share when only spacing, quotation marks or Unicode composition differ."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", sentence).translate(_QUOTES)).strip()


class TranslationMemory:
    """German sentence → approved English; :meth:`lookup` finds an exact (normalised) match."""

    def __init__(self, pairs: dict[str, str] | None = None) -> None:
        self._entries: dict[str, str] = {}
        for source, target in (pairs or {}).items():
            self.add(source, target)

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, source: str, target: str) -> None:
        if source.strip() and target.strip():
            self._entries[normalise(source)] = target.strip()

    def lookup(self, sentence: str) -> str | None:
        return self._entries.get(normalise(sentence))

    def digest(self) -> str:
        """A short hash of the entries, for run signatures."""
        text = "\n".join(f"{s}\t{t}" for s, t in sorted(self._entries.items()))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @classmethod
    def read_tmx(cls, path: Path) -> TranslationMemory:
        """A TMX file's German → English units (other language pairs are refused)."""
        from translate.storage import tmx

        try:
            store = tmx.tmxfile.parsefile(str(path))
        except (OSError, ValueError, SyntaxError) as err:  # lxml's XMLSyntaxError is a SyntaxError
            raise TMFileError(f"{path}: not a TMX file translate-toolkit can read ({err})") from None
        memory = cls()
        for unit in store.units:
            if unit.source and unit.target:
                memory.add(str(unit.source), str(unit.target))
        return memory

    def write_tmx(self, path: Path) -> None:
        """All entries as a TMX 1.4 file (German → English), written whole or not at all."""
        from translate.storage import tmx

        store = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
        for source, target in self._entries.items():
            store.addsourceunit(source).target = target
        atomic_write(path, bytes(store).decode("utf-8"))
