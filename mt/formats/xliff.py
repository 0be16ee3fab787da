"""XLIFF: bilingual XLIFF 1.2 files of translated documents, for CAT tools (written through ``translate-toolkit``),
and XLIFF 1.2 and 2.0 files from CAT tools translated with their inline codes (:class:`XliffMarkup`, through lxml).

One ``<file>`` per document, one ``<trans-unit>`` per sentence (id ``document:n``). The state says what
an editor has to do, in XLIFF's own terms: the model's output is ``needs-review-translation``
(``state-qualifier="leveraged-mt"``), a translation memory's exact match is ``final``
(``exact-match``), a sentence without letters copied as it is ``translated``. Notes carry the confidence,
the QA flags of the English and the checker's flags of the German; the memory's near matches are
``<alt-trans>`` elements with their ``match-quality``. An editor who confirms a sentence in a CAT tool
moves it to ``translated`` or ``final``, and :meth:`mt.translate.memory.TranslationMemory.read_xliff` takes those.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree
from translate.storage import xliff

from mt.document.inline import Inline, Tag, events
from mt.formats.files import InputError

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


# -- XLIFF files to translate, their inline codes carried through ------------------------------------------------

XLIFF_2_0 = "urn:oasis:names:tc:xliff:document:2.0"
PAIRED = frozenset({"g", "mrk", "pc"})  # inline elements round text; every other one is a code with no text of ours
CONFIRMED_1 = frozenset({"translated", "signed-off", "final"})
CONFIRMED_2 = frozenset({"translated", "reviewed", "final"})
LINE_BREAKS = frozenset({"lb", "x-lb", "x-br", "lf"})  # ctype (1.2) or type/subType (2.0) of a code that breaks a line


def _local(element: Any) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def inline_of(element: Any, pair: bool = True) -> tuple[Inline, list[Any]]:
    """The plain text of a ``<source>`` or ``<target>`` and its inline elements as tags (with the elements, by
    ``tag.element``): ``<g>``, ``<mrk>`` and ``<pc>`` round their text; ``<x/>``, ``<ph>``, ``<it>`` and codes
    unpaired are points, whose content (native markup such as ``<img>``) is not text; a ``<bpt>`` and its ``<ept>``
    (2.0: ``<sc/>`` and its ``<ec/>``) in the same element are one tag round the text between them (its element a
    pair; where a start's end is not in the same element, ``pair`` False: none is paired). A code that breaks a line,
    or stands between one sentence's end and the next one's capital, keeps them apart in the text."""
    parts: list[str] = []
    length = 0  # of the text so far
    tags: list[Tag] = []
    elements: list[Any] = []
    opened: dict[str, tuple[int, int]] = {}  # a <bpt>'s or <sc/>'s id → its tag's index and depth, until its end
    after_code = False

    def append(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    def add(text: str | None) -> None:
        nonlocal after_code
        if text:
            if after_code and parts and parts[-1][-1:] in (".", "!", "?", ":", ";") and text[:1].isupper():
                append(" ")
            append(text)
            after_code = False

    def visit(node: Any, xml_depth: int) -> None:
        nonlocal after_code
        start = length
        local = _local(node)
        key = node.get("startRef") if local == "ec" else node.get("rid") or node.get("id")
        if pair and local in ("ept", "ec") and key in opened and opened[key][1] == xml_depth:
            begun = opened.pop(key)[0]
            elements[tags[begun].element][1] = node
            tags[begun] = replace(tags[begun], end=start)
            return
        depth = xml_depth + len(opened)  # inside the pairs begun and not yet ended
        if pair and local in ("bpt", "sc") and node.get("id"):
            opened[node.get("id")] = (len(tags), xml_depth)
            elements.append([node, None])
            tags.append(Tag(start, start, len(elements) - 1, depth=depth))
            return
        elements.append(node)
        index = len(elements) - 1
        if local not in PAIRED:
            after_code = True
            tags.append(Tag(start, start, index, point=True, depth=depth))
            kind = f"{node.get('ctype', '')} {node.get('type', '')} {node.get('subType', '')}".lower()
            if (
                any(word.split(":")[-1] in LINE_BREAKS for word in kind.split())
                and parts
                and not parts[-1][-1:].isspace()
            ):
                append(" ")
            return
        position = len(tags)
        add(node.text)
        for child in node:
            visit(child, depth + 1)
            add(child.tail)
        tags.insert(position, Tag(start, length, index, keep=node.get("translate") == "no", depth=depth))

    add(element.text)
    for child in element:
        if isinstance(child.tag, str):
            visit(child, 0)
        add(child.tail)
    if opened:
        return inline_of(element, pair=False)
    return Inline("".join(parts), tags), [tuple(e) if isinstance(e, list) else e for e in elements]


@dataclass
class _Segment:
    source: Any
    elements: list[Any]


class XliffMarkup:
    """An XLIFF 1.2 or 2.0 file to translate: each unit's (2.0: segment's) source a block, its inline elements
    tags; written back with each target filled, marked machine output, its inline elements those of the source
    (the same ids) where the alignment puts them. Units marked ``translate="no"`` and those with a confirmed
    target are left as they are."""

    suffix = ".xlf"

    def __init__(self, data: bytes, name: str = "<xliff>") -> None:
        self.data, self.name = data, name
        self.meta: dict[str, str] = {}
        self.blocks = _Parsed(data, name).blocks

    def __reduce__(self) -> tuple[type, tuple[bytes, str]]:
        return XliffMarkup, (self.data, self.name)

    def write(self, blocks: list[Inline]) -> bytes:
        """The file with a target for each block."""
        parsed = _Parsed(self.data, self.name)
        for segment, block in zip(parsed.segments, blocks):
            parsed.fill(segment, block)
        if parsed.version_2:
            parsed.root.set("trgLang", parsed.root.get("trgLang") or "en")
        else:
            for file in parsed.root.iter(f"{{{etree.QName(parsed.root).namespace}}}file"):
                file.set("target-language", file.get("target-language") or "en")
        return etree.tostring(parsed.root.getroottree(), xml_declaration=True, encoding="UTF-8") + b"\n"


class _Parsed:
    """An XLIFF file parsed (entities not resolved, nothing fetched), and its segments to translate."""

    def __init__(self, data: bytes, name: str) -> None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
        try:
            self.root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as err:
            raise InputError(f"{name}: not XML lxml can read ({err})") from None
        self.version_2 = etree.QName(self.root).namespace == XLIFF_2_0
        if _local(self.root) != "xliff":
            raise InputError(f"{name}: not an XLIFF file (its root is <{_local(self.root)}>)")
        self.blocks: list[Inline] = []
        self.segments: list[_Segment] = []
        for source in self._sources():
            block, elements = inline_of(source)
            if any(c.isalnum() for c in block.text):
                self.blocks.append(block)
                self.segments.append(_Segment(source, elements))

    def _sources(self) -> list[Any]:
        found = []
        for unit in self.root.iter(f"{{{etree.QName(self.root).namespace}}}*"):
            local = _local(unit)
            if local == "trans-unit" and unit.get("translate") != "no" and not self._confirmed_1(unit):
                found += [c for c in unit if _local(c) == "source"][:1]
            elif local == "segment" and not self._confirmed_2(unit):
                owner = unit.getparent()
                if owner is not None and owner.get("translate") != "no":
                    found += [c for c in unit if _local(c) == "source"][:1]
        return found

    @staticmethod
    def _confirmed_1(unit: Any) -> bool:
        target = next((c for c in unit if _local(c) == "target"), None)
        return unit.get("approved") == "yes" or (target is not None and target.get("state") in CONFIRMED_1)

    @staticmethod
    def _confirmed_2(segment: Any) -> bool:
        return segment.get("state") in CONFIRMED_2

    def fill(self, segment: _Segment, block: Inline) -> None:
        source = segment.source
        owner = source.getparent()
        for old in [c for c in owner if _local(c) == "target"]:
            owner.remove(old)
        target = source.makeelement(source.tag.replace("source", "target"), {})
        after = next((c for c in owner if _local(c) == "seg-source"), source)
        owner.insert(owner.index(after) + 1, target)
        target.tail = source.tail
        stack = [target]
        last: Any = None  # the element whose tail takes the next text (None: the container's text)
        for kind, value in events(block):
            container = stack[-1]
            if kind == "text":
                assert isinstance(value, str)
                if last is None:
                    container.text = (container.text or "") + value
                else:
                    last.tail = (last.tail or "") + value
                continue
            assert isinstance(value, Tag)
            element = segment.elements[value.element]
            if isinstance(element, tuple):  # a <bpt>…<ept> pair: two codes in the same element
                code = copy.deepcopy(element[0] if kind == "open" else element[1])
                code.tail = None
                container.append(code)
                last = code
                continue
            if kind == "close":
                last = stack.pop()
                continue
            copied = copy.deepcopy(element)
            copied.tail = None
            if kind == "open":  # its own text and children come from the translation
                copied.text = None
                for child in list(copied):
                    copied.remove(child)
            container.append(copied)
            if kind == "open":
                stack.append(copied)
                last = None
            else:
                last = copied
        if self.version_2:
            owner.set("state", "initial")  # machine output, for an editor to confirm
        else:
            target.set("state", MT_STATE[0])
            target.set("state-qualifier", MT_STATE[1])
