"""HTML pages and fragments, parsed with ``lxml``, translated with their markup in place.

Each run of inline content (the text of a paragraph, heading, list item or table cell with its links, emphasis and
spans, up to the next block element) is a block of the document; the attributes people read (``alt``, ``title``,
``placeholder``, ``aria-label``) are blocks of their own. ``<script>``, ``<style>``, ``<pre>``, ``<textarea>``,
SVG and MathML, and anything marked ``translate="no"`` or ``class="notranslate"`` are left as they are; inline code
(``<code>``, ``<kbd>``, ``<samp>``, ``<var>``) keeps its text. Writing reuses the parsed tree, so attributes
(``href`` above all), comments and the spacing around blocks come back as they were, and the page says
``lang="en"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import lxml.html
from lxml import etree

from mt.document.inline import Inline, Tag, events
from mt.formats.files import InputError

INLINE = frozenset(
    "a abbr b bdi bdo big br cite code data del dfn em font i img ins kbd mark q s samp small span strike strong "
    "sub sup time tt u var wbr".split()
)
POINTS = frozenset({"br", "img", "wbr"})  # elements with no text of their own
CODE = frozenset({"code", "kbd", "samp", "var"})  # inline text that is not prose: kept as it is
LEFT_ALONE = frozenset({"script", "style", "pre", "textarea", "svg", "math", "template"})
READ_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's spacing (a no-break space is a character of the text)
_PAGE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype|html)\b", re.IGNORECASE | re.DOTALL)


@dataclass
class _Run:
    """Where a block of inline content lives: after ``anchor``'s text (``text``) or tail (``tail``), followed by
    the inline ``nodes`` (top level) of ``parent``."""

    parent: Any
    anchor: Any
    slot: Literal["text", "tail"]
    nodes: list[Any] = field(default_factory=list)
    elements: list[Any] = field(default_factory=list)  # every node the block's tags stand for, by tag.element
    lead: str = ""  # spacing before the block's text, and after it, kept as they are
    trail: str = ""


@dataclass
class _Attribute:
    element: Any
    name: str


class HtmlMarkup:
    """An HTML page or fragment, its blocks, and how it is written back with their translations. It holds the
    source and the blocks only: the parsed tree (many times the size of the text) is made again to write."""

    suffix = ".html"

    def __init__(self, text: str, name: str = "<html>") -> None:
        self.source, self.name = text, name
        self.meta: dict[str, str] = {}
        self.blocks = _Page(text, name).blocks

    def __reduce__(self) -> tuple[type, tuple[str, str]]:
        """Pickled as its source: a Ray actor parses it again."""
        return HtmlMarkup, (self.source, self.name)

    def write(self, blocks: list[Inline]) -> bytes:
        """The page with ``blocks`` in place of its own."""
        return _Page(self.source, self.name).write(blocks)


class _Page:
    """A parsed page: its tree, and where each block is in it."""

    def __init__(self, text: str, name: str) -> None:
        self.page = bool(_PAGE.match(text))
        try:
            if self.page:
                self.root = lxml.html.document_fromstring(text)
            else:
                self.root = lxml.html.fragment_fromstring(text, create_parent="div")
        except (etree.ParserError, ValueError) as err:
            raise InputError(f"{name}: not HTML lxml can read ({err})") from None
        self.blocks: list[Inline] = []
        self._places: list[_Run | _Attribute] = []
        self._visit(self.root)

    def write(self, blocks: list[Inline]) -> bytes:
        """The tree with ``blocks`` in place (once: the tree is changed)."""
        for place, block in zip(self._places, blocks):
            if isinstance(place, _Attribute):
                place.element.set(place.name, block.text)
            else:
                _write_run(place, block)
        self._say_english()
        if self.page:
            doctype = self.root.getroottree().docinfo.doctype
            return lxml.html.tostring(self.root, encoding="unicode", doctype=doctype or None).encode() + b"\n"
        inner = (self.root.text or "") + "".join(
            lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in self.root
        )
        return inner.encode()

    # -- reading ---------------------------------------------------------------------------------------------

    def _visit(self, element: Any) -> None:
        """The blocks of ``element``: its attributes, then runs of inline content between its block children."""
        if _left_alone(element):
            return
        self._attributes(element)
        run = _Run(element, element, "text")
        for child in element:
            if _is_inline(child):
                run.nodes.append(child)
                continue
            self._add(run)
            self._visit(child)
            run = _Run(element, child, "tail")
        self._add(run)

    def _attributes(self, element: Any) -> None:
        if not isinstance(element.tag, str):
            return
        for name in READ_ATTRIBUTES:
            value = element.get(name)
            if value and any(c.isalpha() for c in value):
                self.blocks.append(Inline(_SPACE.sub(" ", value).strip()))
                self._places.append(_Attribute(element, name))

    def _add(self, run: _Run) -> None:
        """The run as a block, unless it has no text."""
        builder = _Builder(run)
        builder.text(_slot_text(run.anchor, run.slot))
        for node in run.nodes:
            builder.node(node, keep=False)
            builder.text(node.tail or "")
        for node in run.nodes:  # attributes of the elements inside (an image's alt, a link's title)
            for inner in node.iter():
                if not _left_alone(inner):
                    self._attributes(inner)
        block = builder.block()
        if block is not None:
            self.blocks.append(block)
            self._places.append(run)

    def _say_english(self) -> None:
        if self.page:
            self.root.set("lang", "en")
        for element in self.root.iter():
            if isinstance(element.tag, str) and element.get("lang", "").lower().split("-")[0] == "de":
                element.set("lang", "en")


class _Builder:
    """A run's plain text (HTML spacing collapsed) and tags, gathered node by node."""

    def __init__(self, run: _Run) -> None:
        self.run = run
        self.parts: list[str] = []
        self.length = 0
        self.tags: list[Tag] = []

    def text(self, raw: str) -> None:
        text = _SPACE.sub(" ", raw)
        if text.startswith(" ") and (not self.length or self.parts[-1].endswith(" ")):
            text = text[1:]
        self.parts.append(text)
        self.length += len(text)

    def node(self, node: Any, keep: bool, depth: int = 0) -> None:
        index = len(self.run.elements)
        self.run.elements.append(node)
        tag = node.tag if isinstance(node.tag, str) else None
        if tag is None or tag in POINTS:  # a comment, an image, a line break
            self.tags.append(Tag(self.length, self.length, index, point=True, depth=depth))
            if tag == "br" and self.length and not self.parts[-1].endswith(" "):
                self.text(" ")  # the words either side stay apart
            return
        keep = keep or tag in CODE or _marked_no(node)
        position = len(self.tags)
        start = self.length
        self.text(node.text or "")
        for child in node:
            self.node(child, keep, depth + 1)
            self.text(child.tail or "")
        self.tags.insert(position, Tag(start, self.length, index, keep=keep, depth=depth))

    def block(self) -> Inline | None:
        text = "".join(self.parts)
        if not any(c.isalnum() for c in text):
            return None
        raw = _slot_text(self.run.anchor, self.run.slot)
        last = self.run.nodes[-1].tail if self.run.nodes else raw
        self.run.lead = raw[: len(raw) - len(raw.lstrip())] if text.startswith(" ") else ""
        self.run.trail = (last or "")[len((last or "").rstrip()) :] if text.endswith(" ") else ""
        start = 1 if text.startswith(" ") else 0
        end = len(text) - 1 if text.endswith(" ") and len(text) > start else len(text)
        tags = [_shifted(t, start, end) for t in self.tags]
        return Inline(text[start:end], tags)


def _shifted(tag: Tag, start: int, end: int) -> Tag:
    def at(x: int) -> int:
        return min(max(x - start, 0), end - start)

    return replace(tag, start=at(tag.start), end=at(tag.end))


def _write_run(run: _Run, block: Inline) -> None:
    """Put the translated block where the run was, reusing its elements (their attributes as they were)."""
    for element in run.elements:
        if isinstance(element.tag, str) and element.tag not in POINTS:
            element.text = None
            for child in list(element):
                element.remove(child)
        element.tail = None
    insert_at = 0 if run.slot == "text" else run.parent.index(run.anchor) + 1
    for node in run.nodes:
        run.parent.remove(node)
    _set_slot(run.anchor, run.slot, run.lead)
    last: tuple[Any, Literal["text", "tail"]] = (run.anchor, run.slot)  # where the next text goes
    stack: list[Any] = []
    for kind, value in events(block):
        if kind == "text":
            assert isinstance(value, str)
            _set_slot(last[0], last[1], (_slot_text(*last)) + value)
            continue
        assert isinstance(value, Tag)
        if kind == "close":
            last = (stack.pop(), "tail")
            continue
        element = run.elements[value.element]
        if stack:
            stack[-1].append(element)
        else:
            run.parent.insert(insert_at, element)
            insert_at += 1
        if kind == "open":
            stack.append(element)
            last = (element, "text")
        else:
            last = (element, "tail")
    _set_slot(last[0], last[1], _slot_text(*last) + run.trail)


def _slot_text(node: Any, slot: Literal["text", "tail"]) -> str:
    return (node.text if slot == "text" else node.tail) or ""


def _set_slot(node: Any, slot: Literal["text", "tail"], value: str) -> None:
    if slot == "text":
        node.text = value or None
    else:
        node.tail = value or None


def _is_inline(node: Any) -> bool:
    return not isinstance(node.tag, str) or node.tag in INLINE


def _marked_no(element: Any) -> bool:
    return element.get("translate", "").lower() == "no" or "notranslate" in element.get("class", "").split()


def _left_alone(element: Any) -> bool:
    return isinstance(element.tag, str) and (element.tag in LEFT_ALONE or _marked_no(element))
