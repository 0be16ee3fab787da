"""What every reader of CAT tools' files shares: which side of a file is German and which English, and the
report of an import (what came in, what was swapped, what was skipped and why).

Files from other tools say their languages with tags, and not always the same way: ``de``, ``de-DE``,
``de-AT``, ``de_CH``, ``DE``; English as ``en``, ``en-US``, ``en-GB``. Every region of German counts as
German and every region of English as English, whatever the order of the sides: a TMX whose ``<tuv>``
elements are English first, or an XLIFF from English into German, is read the other way round (and the
report says so). Some tools write placeholders (translate-toolkit's ``csv2tbx`` calls its two sides ``en``
and ``xx``): :class:`LanguageTags` names the tags a file uses instead, as a CAT tool's import dialogue
maps a file's languages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mt.errors import MtError

log = logging.getLogger(__name__)

Side = Literal["de", "en"]
SHOWN_SKIPS = 20  # skipped entries listed one by one in a summary; the rest are counted


class InterchangeError(MtError, ValueError):
    """A file of another tool that cannot be imported; the message names the file and says why."""


def primary(tag: str | None) -> str:
    """The language of a tag without its region or script, lower-case: ``de-AT`` → ``de``."""
    return (tag or "").replace("_", "-").split("-")[0].strip().lower()


@dataclass(frozen=True)
class LanguageTags:
    """Which language tags of a file are German and English. By default any tag whose language is ``de``
    (or ``en``); ``german``/``english`` name a file's own tags instead (matched whole, case aside)."""

    german: str | None = None
    english: str | None = None

    def side(self, tag: str | None) -> Side | None:
        """``de``, ``en`` or None for a tag of another language (or none)."""
        given = (tag or "").replace("_", "-").strip().lower()
        if self.german is not None and given == self.german.replace("_", "-").lower():
            return "de"
        if self.english is not None and given == self.english.replace("_", "-").lower():
            return "en"
        language = primary(tag)
        if language == "de" and self.german is None:
            return "de"
        if language == "en" and self.english is None:
            return "en"
        return None

    def hint(self) -> str:
        """How a user names the tags of a file whose sides are not marked German and English."""
        return "if its languages are marked wrongly, name them: --german-tag TAG --english-tag TAG"


@dataclass
class ImportReport:
    """What an import took from one file: entries imported, how many were read English-first, and each
    entry skipped with its reason."""

    name: str
    kind: str = "entries"  # units, terms: the word the summary uses
    imported: int = 0
    swapped: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def skip(self, where: str, why: str) -> None:
        self.skipped.append((where, why))
        log.info("%s: %s skipped: %s", self.name, where, why)

    def summary(self) -> str:
        """One line for the counts, then a line for each skipped entry (the first ``SHOWN_SKIPS``)."""
        line = f"{self.name}: {self.imported} {self.kind} imported"
        if self.swapped:
            line += f" ({self.swapped} read English-first, swapped)"
        if self.skipped:
            line += f", {len(self.skipped)} skipped"
        lines = [line] + [f"  skipped {where}: {why}" for where, why in self.skipped[:SHOWN_SKIPS]]
        if len(self.skipped) > SHOWN_SKIPS:
            lines.append(f"  … and {len(self.skipped) - SHOWN_SKIPS} more skipped")
        return "\n".join(lines)


@dataclass(frozen=True)
class Sides:
    """The German and English language nodes of a multilingual unit (a TMX ``<tu>``, a TBX ``termEntry``): for
    each side its position among the unit's nodes and the node, and every node's tag."""

    nodes: dict[Side, tuple[int, Any]]
    tags: list[str]

    def lacking(self) -> str | None:
        """Why the unit cannot be used (a side missing), or None."""
        if "de" in self.nodes and "en" in self.nodes:
            return None
        missing = "German" if "de" not in self.nodes else "English"
        return f"no {missing} side (its languages: {', '.join(self.tags) or 'none'})"

    @property
    def swapped(self) -> bool:
        """Whether the English node comes first."""
        return self.nodes["en"][0] < self.nodes["de"][0]


def sides_of(unit: Any, tags: LanguageTags, default: str | None = None) -> Sides:
    """The first German and the first English node of a translate-toolkit multilingual unit, by language tag
    (``default``: the tag of a node that has none of its own, as a TBX file's ``martif`` gives)."""
    from translate.misc.xml_helpers import getXMLlang

    nodes: dict[Side, tuple[int, Any]] = {}
    found = []
    for position, node in enumerate(unit.getlanguageNodes()):
        tag = getXMLlang(node) or default or "?"
        found.append(tag)
        side = tags.side(tag)
        if side is not None and side not in nodes:
            nodes[side] = (position, node)
    return Sides(nodes, found)


def usable_units(
    store: Any,
    path: Path,
    tags: LanguageTags,
    report: ImportReport,
    label: Callable[[int, Any], str],
    error: type[MtError],
    default: str | None = None,
) -> Iterator[tuple[str, Any, Sides]]:
    """``(where, unit, sides)`` of each unit of a multilingual store that has a German and an English side; the
    others are skipped in the report (``label(n, unit)`` names a unit there). A file with no German side at all is
    an ``error`` naming the languages it has."""
    languages: set[str] = set()
    german_seen = False
    for n, unit in enumerate(store.units, 1):
        sides = sides_of(unit, tags, default)
        languages.update(sides.tags)
        german_seen |= "de" in sides.nodes
        where = label(n, unit)
        if (why := sides.lacking()) is not None:
            report.skip(where, why)
            continue
        yield where, unit, sides
    if store.units and not german_seen:
        raise error(f"{path}: no German in it (its languages: {', '.join(sorted(languages))}); {tags.hint()}")


def parse(kind: Any, path: Path, name: str, error: type[MtError] = InterchangeError) -> Any:
    """``path`` parsed by translate-toolkit's store class ``kind``; an unreadable file is an ``error`` naming it."""
    try:
        return kind.parsefile(str(path))
    except (OSError, ValueError, SyntaxError, AssertionError, KeyError) as err:  # XMLSyntaxError is a SyntaxError;
        # another kind of XML file fails translate-toolkit's assertion on its root element
        why = str(err) or "another kind of XML file"
        raise error(f"{path}: not a {name} file translate-toolkit can read ({why})") from None


def excerpt(text: str, size: int = 40) -> str:
    """A short quotation of an entry for a message."""
    text = " ".join(text.split())
    return f"«{text[:size]}…»" if len(text) > size else f"«{text}»"
