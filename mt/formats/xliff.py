"""Bilingual XLIFF 1.2 files of translated documents, for CAT tools (written through ``translate-toolkit``).

One ``<file>`` per document, one ``<trans-unit>`` per sentence (id ``document:n``). The state says what
an editor has to do, in XLIFF's own terms: the model's output is ``needs-review-translation``
(``state-qualifier="leveraged-mt"``), a translation memory's exact match is ``final``
(``exact-match``), a sentence without letters copied as it is ``translated``. Notes carry the confidence,
the QA flags of the English and the checker's flags of the German; the memory's near matches are
``<alt-trans>`` elements with their ``match-quality``. An editor who confirms a sentence in a CAT tool
moves it to ``translated`` or ``final``, and :meth:`mt.translate.memory.TranslationMemory.read_xliff` takes those.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from translate.storage import xliff

MT_STATE = ("needs-review-translation", "leveraged-mt")
STATES = {"memory": ("final", "exact-match"), "model": MT_STATE}
XLIFF_1_2 = "urn:oasis:names:tc:xliff:document:1.2"


class _Unit12(xliff.xliffunit):
    """An XLIFF 1.2 unit (translate-toolkit writes 1.1 by default)."""

    namespace = XLIFF_1_2


class Xliff12(xliff.xlifffile):
    """translate-toolkit's XLIFF writer (1.1 by default) writing version 1.2, which it also reads."""

    UnitClass = _Unit12
    XMLskeleton = xliff.xlifffile.XMLskeleton.replace("1.1", "1.2")
    namespace = XLIFF_1_2


def xliff_text(documents: Iterable[tuple[str, list[dict[str, Any]]]]) -> str:
    """An XLIFF file of ``(document id, sentence records)`` pairs, the records as ``mt translate --format
    jsonl`` writes them (source, translation, origin, confidence, qa, flags, memory_matches)."""
    store = Xliff12(sourcelanguage="de", targetlanguage="en")
    for name, sentences in documents:
        for n, record in enumerate(sentences, 1):
            unit = store.addsourceunit(record["source"], filename=name, createifmissing=True)
            unit.setid(f"{name}:{n}")
            unit.target = record["translation"]
            state, qualifier = STATES.get(record.get("origin", "model"), MT_STATE)  # type: tuple[str, str | None]
            if "score" not in record and record.get("origin", "model") == "model":  # passed through unchanged
                state, qualifier = "translated", None
            unit.set_state_n(unit.statemap[state])
            if qualifier:  # XLIFF 1.2 puts it on <target>, beside the state
                unit.xmlelement.find(unit.namespaced("target")).set("state-qualifier", qualifier)
            for note in _notes(record):
                unit.addnote(note, origin="mt")
            for match in record.get("memory_matches", ()):
                unit.addalttrans(
                    match["translation"],
                    origin="translation-memory",
                    lang="en",
                    sourcetxt=match["source"],
                    matchquality=f"{match['similarity']:.0f}%",
                )
    return bytes(store).decode("utf-8").rstrip("\n") + "\n"


def _notes(record: dict[str, Any]) -> list[str]:
    notes = []
    if record.get("origin") == "kept":
        notes.append(f"kept as it is: the sentence is not German ({record.get('language')})")
    if record.get("confidence") is not None:  # none for a line copied as it is (a number)
        notes.append(f"confidence {record['confidence']:.2f}")
    for flag in record.get("qa", ()):
        notes.append(f"English, {flag['severity']} {flag['category']} ({flag['check']}): {flag['message']}")
    for flag in record.get("flags", ()):
        suggestion = f"; suggestion: {flag['suggestions'][0]}" if flag["suggestions"] else ""
        notes.append(
            f"German, {flag['severity']} {flag['category']} ({flag['check']}): “{flag['text']}” {flag['message']}"
            + suggestion
        )
    return notes
