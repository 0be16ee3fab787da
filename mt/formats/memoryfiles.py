"""Translation-memory files: TMX, post-edited XLIFF (1.2 and 2.0) and PO read, TMX written, through
``translate-toolkit`` (the library CAT tools' files are checked against). A file's sides are found by their
language tags (:mod:`mt.formats.interchange`), in either order; what cannot be used is skipped with its reason in
an :class:`~mt.formats.interchange.ImportReport`. Each entry keeps what the file said of it: its note, who made
and changed it and when (TMX ``creationid``/``creationdate``/``changeid``/``changedate``), and its German as
written."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mt.formats.files import atomic_write
from mt.formats.interchange import ImportReport, InterchangeError, LanguageTags, excerpt, parse, usable_units
from mt.lang.identify import identify

log = logging.getLogger(__name__)

XLIFF_SUFFIXES = (".xlf", ".xliff")
PO_SUFFIXES = (".po", ".pot")
XLIFF_2_NAMESPACE = b"urn:oasis:names:tc:xliff:document:2.0"
XLIFF_2_CONFIRMED = ("translated", "reviewed", "final")  # a segment's states after "initial"
TMX_DATE = "%Y%m%dT%H%M%SZ"  # TMX 1.4's dates: ISO 8601 basic format, UTC


class TMFileError(InterchangeError):
    """A memory file that cannot be read; the message says why."""


@dataclass(frozen=True)
class MemoryEntry:
    """One approved translation as a file or the database holds it: the German as written, the English, a note,
    and who made and last changed it, when (None where nobody said)."""

    source: str
    english: str
    note: str = ""
    created_by: str | None = None
    created: datetime | None = None
    changed_by: str | None = None
    changed: datetime | None = None


def read_memory_file(path: Path, tags: LanguageTags = LanguageTags()) -> tuple[list[MemoryEntry], ImportReport]:
    """The entries of a TMX (``.tmx``), XLIFF (``.xlf``, ``.xliff``; only units an editor confirmed) or PO
    (``.po``; not fuzzy ones) file, German → English in whichever order the file has them, with the report of
    what was skipped and why."""
    report = ImportReport(path.name, "units")
    suffix = path.suffix.lower()
    if suffix in XLIFF_SUFFIXES:
        try:
            version_2 = XLIFF_2_NAMESPACE in path.read_bytes()[:2000]
        except OSError as err:
            raise TMFileError(f"{path}: cannot read it ({err.strerror})") from None
        entries = (_read_xliff2 if version_2 else _read_xliff)(path, tags, report)
    elif suffix in PO_SUFFIXES:
        entries = _read_po(path, tags, report)
    else:
        entries = _read_tmx(path, tags, report)
    report.imported = len(entries)
    return entries, report


def _pair(
    german: str | None, english: str | None, where: str, report: ImportReport, swapped: bool
) -> tuple[str, str] | None:
    """The two sides if both have text, else None with the reason in the report."""
    german, english = (german or "").strip(), (english or "").strip()
    if not german or not english:
        report.skip(where, f"no {'German' if not german else 'English'} text (an empty segment)")
        return None
    report.swapped += swapped
    return german, english


def _read_tmx(path: Path, tags: LanguageTags, report: ImportReport) -> list[MemoryEntry]:
    """A TMX file's units: in each, the first ``<tuv>`` in German and the first in English, in either order."""
    from translate.storage import tmx

    store = parse(tmx.tmxfile, path, "TMX", TMFileError)
    entries = []

    def label(n: int, unit: Any) -> str:
        return f"unit {n} {excerpt(str(unit.source or ''))}"

    for where, unit, sides in usable_units(store, path, tags, report, label, TMFileError):
        german, english = (unit.getNodeText(sides.nodes[side][1]) for side in ("de", "en"))
        pair = _pair(german, english, where, report, swapped=sides.swapped)
        if pair is not None:
            e = unit.xmlelement
            entries.append(
                MemoryEntry(
                    *pair,
                    note=unit.getnotes().strip(),
                    created_by=e.get("creationid"),
                    created=_tmx_date(e.get("creationdate")),
                    changed_by=e.get("changeid"),
                    changed=_tmx_date(e.get("changedate")),
                )
            )
    return entries


def _file_sides(source: str | None, target: str | None, tags: LanguageTags) -> bool | None:
    """Whether a file's languages are English → German (True), German → English (False), or neither (None)."""
    order = (tags.side(source), tags.side(target))
    return {("de", "en"): False, ("en", "de"): True}.get(order)  # type: ignore[arg-type]


def _read_xliff(path: Path, tags: LanguageTags, report: ImportReport) -> list[MemoryEntry]:
    """The units of an XLIFF 1.x file that an editor confirmed (approved, or in the state ``translated``,
    ``signed-off`` or ``final``), each ``<file>``'s languages checked: machine output still marked
    ``needs-review-translation`` (as ``mt translate --format xliff`` writes it), a PO header (``po2xliff``
    makes one a unit) and units of a ``<file>`` in other languages stay out."""
    from lxml import etree
    from translate.storage import xliff

    store = parse(xliff.xlifffile, path, "XLIFF", TMFileError)
    entries, usable_file = [], False
    for n, unit in enumerate(store.units, 1):
        where = f"unit {unit.getid() or n} {excerpt(str(unit.source or ''))}"
        file = next((a for a in unit.xmlelement.iterancestors() if etree.QName(a).localname == "file"), None)
        source_tag, target_tag = (
            (file.get("source-language"), file.get("target-language")) if file is not None else (None, None)
        )
        swapped = _file_sides(source_tag, target_tag, tags)
        if swapped is None:
            report.skip(where, f"its <file> is {source_tag or '?'} → {target_tag or '?'}, not German and English")
            continue
        usable_file = True
        if unit.isheader() or unit.xmlelement.get("restype") == "x-gettext-domain-header":
            report.skip(where, "a PO header, not a sentence")
            continue
        if not (unit.isapproved() or unit.get_state_n() >= unit.S_TRANSLATED):
            state = unit.xmlelement.find(unit.namespaced("target"))
            report.skip(where, f"not confirmed (state {state.get('state', 'none') if state is not None else 'none'})")
            continue
        entries += _confirmed(unit, where, report, swapped)
    if store.units and not usable_file:
        raise TMFileError(f"{path}: no <file> from German into English or back; {tags.hint()}")
    return entries


def _read_xliff2(path: Path, tags: LanguageTags, report: ImportReport) -> list[MemoryEntry]:
    """The segments of an XLIFF 2.0 file in the state ``translated``, ``reviewed`` or ``final``."""
    from translate.storage import xliff2

    store = parse(xliff2.Xliff2File, path, "XLIFF", TMFileError)
    root = store.document.getroot()
    swapped = _file_sides(root.get("srcLang"), root.get("trgLang"), tags)
    if swapped is None:
        raise TMFileError(
            f"{path}: its languages are {root.get('srcLang') or '?'} → {root.get('trgLang') or '?'}, not German and "
            f"English; {tags.hint()}"
        )
    entries = []
    for n, unit in enumerate(store.units, 1):
        where = f"unit {unit.getid() or n} {excerpt(str(unit.source or ''))}"
        state = unit.xmlelement.get("state")
        if state not in XLIFF_2_CONFIRMED:
            report.skip(where, f"not confirmed (state {state or 'initial'})")
            continue
        entries += _confirmed(unit, where, report, swapped)
    return entries


def _confirmed(unit: Any, where: str, report: ImportReport, swapped: bool) -> list[MemoryEntry]:
    """A confirmed XLIFF unit as an entry (none where a side is empty), its source English where ``swapped``. Its
    text is read without the inline codes (translate-toolkit would glue words a ``<x/>`` kept apart and take a
    ``<ph>``'s native markup for text)."""
    source, target = _plain(unit.xmlelement, "source"), _plain(unit.xmlelement, "target")
    pair = _pair(target, source, where, report, True) if swapped else _pair(source, target, where, report, False)
    return [MemoryEntry(*pair, note=unit.getnotes().strip())] if pair is not None else []


def _plain(unit: Any, side: str) -> str:
    from mt.formats.xliff import inline_of

    element = next((e for e in unit.iter() if isinstance(e.tag, str) and e.tag.rpartition("}")[2] == side), None)
    return " ".join(inline_of(element)[0].text.split()) if element is not None else ""


def _read_po(path: Path, tags: LanguageTags, report: ImportReport) -> list[MemoryEntry]:
    """A PO file's translated entries: the header's ``Language`` says the msgstr side (English, or German with
    English msgids); ``X-Source-Language``, where given, must say the other. Fuzzy, obsolete and plural entries
    and the header itself stay out."""
    from translate.storage import pypo

    store = parse(pypo.pofile, path, "PO", TMFileError)
    header = store.parseheader()
    target_tag, source_tag = header.get("Language"), header.get("X-Source-Language")
    if not target_tag:  # csv2po writes none: the texts say which language each side is
        swapped = _po_sides_by_text(path, store)
    else:
        target_side = tags.side(target_tag)
        if target_side is None:
            raise TMFileError(
                f"{path}: its Language header says {target_tag!r}: a PO file for the memory translates into "
                f"English (or from English into German); {tags.hint()}"
            )
        swapped = target_side == "de"
        if source_tag and tags.side(source_tag) != ("en" if swapped else "de"):
            raise TMFileError(
                f"{path}: X-Source-Language {source_tag!r} and Language {target_tag!r}: not German and English"
            )
    entries = []
    for n, unit in enumerate((u for u in store.units if not u.isheader()), 1):
        where = f"entry {n} {excerpt(str(unit.source or ''))}"
        if unit.isobsolete():
            report.skip(where, "obsolete")
        elif unit.hasplural():
            report.skip(where, "an entry with plural forms, not a sentence")
        elif unit.isfuzzy():
            report.skip(where, "fuzzy: nobody confirmed it")
        else:
            source, target = str(unit.source or ""), str(unit.target or "")
            pair = (
                _pair(target, source, where, report, True) if swapped else _pair(source, target, where, report, False)
            )
            if pair is not None:
                entries.append(MemoryEntry(*pair, note=unit.getnotes("translator").strip()))
    return entries


def _po_sides_by_text(path: Path, store: Any) -> bool:
    """For a PO file without a Language header: whether its msgids are English and msgstrs German (True) or the
    other way round (False), by the language of their text; neither is an error."""

    units = [u for u in store.units if not u.isheader() and u.target][:200]
    sides = []
    for text in ("\n".join(str(u.source) for u in units), "\n".join(str(u.target) for u in units)):
        guesses = identify(text, limit=1)
        sides.append(guesses[0].code if guesses else "?")
    if sides in (["de", "en"], ["en", "de"]):
        log.info("%s: no Language header; its msgids read as %s, its msgstrs as %s", path, *sides)
        return sides[0] == "en"
    raise TMFileError(
        f"{path}: no Language header, and its msgids read as {sides[0]}, its msgstrs as {sides[1]}: "
        "not German and English"
    )


def write_tmx(path: Path, entries: Iterable[MemoryEntry]) -> None:
    """``entries`` as a TMX 1.4 file (German → English) with each one's note and who made and changed it when,
    written whole or not at all (``-`` for stdout)."""
    from translate.storage import tmx

    from mt.version import __version__

    store = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
    header = store.document.getroot().find("header")
    header.set("creationtool", "mt")
    header.set("creationtoolversion", __version__)
    for entry in entries:
        unit = store.addsourceunit(entry.source)
        unit.settarget(entry.english, lang="en")
        for name, value in (
            ("creationid", entry.created_by),
            ("creationdate", _tmx_date_text(entry.created)),
            ("changeid", entry.changed_by),
            ("changedate", _tmx_date_text(entry.changed)),
        ):
            if value:
                unit.xmlelement.set(name, value)
        if entry.note:
            unit.addnote(entry.note)
    atomic_write(path, bytes(store).decode("utf-8"))


def _tmx_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, TMX_DATE).replace(tzinfo=UTC)
    except ValueError:
        return None


def _tmx_date_text(when: datetime | None) -> str | None:
    if when is None:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC).strftime(TMX_DATE)
