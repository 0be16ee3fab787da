"""Word files (``.docx``, read and written with ``python-docx``) translated with their formatting in place.

Every paragraph is a block: the body's, those in tables (nested ones too), headers and footers. Adjacent runs
formatted alike are one; the formatting most of a paragraph's text has is its base, and each run formatted
otherwise (bold, italic, a colour, a character style) is a tag, as is each hyperlink (its target kept). Anything
else inside a paragraph (a picture, a field, a footnote mark, a tab or break, bookmarks, tracked changes) stays as it
is, where the alignment puts it. The paragraph's own properties (style, heading level, list numbering) are not
touched; the runs written say ``en-US`` where they said German.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from mt.document.inline import Inline, Tag, events
from mt.formats.files import InputError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class _Element:
    """What a tag stands for: a run's formatting (``rpr``), or a hyperlink (``node``, written with its text in runs
    formatted ``rpr``), or something kept as it is (``node``)."""

    rpr: Any = None
    node: Any = None
    hyperlink: bool = False


@dataclass
class _Paragraph:
    node: Any  # the w:p
    base: Any  # the formatting of its text outside any tag (a w:rPr, or None)
    elements: list[_Element]


class WordMarkup:
    """A Word document, its paragraphs as blocks, and how it is written back with their translations. It holds the
    file's bytes and the blocks only: the opened document (megabytes of parsed XML) is opened again to write."""

    suffix = ".docx"

    def __init__(self, data: bytes, name: str = "<docx>") -> None:
        self.data, self.name = data, name
        self.meta: dict[str, str] = {}
        self.blocks = _Opened(data, name).blocks

    def __reduce__(self) -> tuple[type, tuple[bytes, str]]:
        """Pickled as its bytes (a Ray actor opens it again)."""
        return WordMarkup, (self.data, self.name)

    def write(self, blocks: list[Inline]) -> bytes:
        """The document with ``blocks`` in place of its paragraphs' text."""
        opened = _Opened(self.data, self.name)
        for paragraph, block in zip(opened.paragraphs, blocks):
            _write(paragraph, block)
        _say_english(opened.document.styles.element)
        out = io.BytesIO()
        opened.document.save(out)
        return out.getvalue()


class _Opened:
    """A Word file opened with python-docx, and its paragraphs' blocks."""

    def __init__(self, data: bytes, name: str) -> None:
        import docx

        try:
            self.document = docx.Document(io.BytesIO(data))
        except (zipfile.BadZipFile, KeyError, ValueError) as err:
            raise InputError(f"{name}: not a Word file python-docx can read ({err})") from None
        except Exception as err:  # python-docx's PackageNotFoundError and lxml's XMLSyntaxError
            raise InputError(f"{name}: not a Word file python-docx can read ({type(err).__name__}: {err})") from None
        self.blocks: list[Inline] = []
        self.paragraphs: list[_Paragraph] = []
        for p in self._all_paragraphs():
            read = _read(p)
            if read is not None:
                block, paragraph = read
                self.blocks.append(block)
                self.paragraphs.append(paragraph)

    def _all_paragraphs(self) -> list[Any]:
        """Every w:p of the body (tables included) and of the headers and footers, each once, in document order."""
        parts = [self.document.element.body]
        for section in self.document.sections:
            for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
                if not part.is_linked_to_previous:
                    parts.append(part._element)
        seen: set[int] = set()
        found = []
        for part in parts:
            for p in part.iter(_w("p")):
                if id(p) not in seen:
                    seen.add(id(p))
                    found.append(p)
        return found


def _read(p: Any) -> tuple[Inline, _Paragraph] | None:
    """The block of a paragraph: its text, the runs formatted apart from the base, hyperlinks and the rest as tags."""
    # (kind, node, text, formatting, its key): "run", "link" (a hyperlink), "keep"
    items: list[tuple[str, Any, str, Any, bytes]] = []
    for child in p:
        if child.tag == _w("pPr"):
            continue
        if child.tag == _w("r") and _plain_run(child):
            rpr = child.find(_w("rPr"))
            items.append(("run", child, _run_text(child), rpr, _key(rpr)))
        elif child.tag == _w("hyperlink") and all(_plain_run(r) for r in child if r.tag == _w("r")):
            items.append(("link", child, "".join(_run_text(r) for r in child if r.tag == _w("r")), None, b""))
        else:
            items.append(("keep", child, "", None, b""))
    text = "".join(item[2] for item in items)
    if not any(c.isalnum() for c in text):
        return None
    weights: dict[bytes, int] = {}
    for kind, _, run_text, _, key in items:
        if kind == "run":
            weights[key] = weights.get(key, 0) + len(run_text)
    base_key = max(weights, key=weights.__getitem__) if weights else b""
    base = next((rpr for kind, _, _, rpr, key in items if kind == "run" and key == base_key), None)
    elements: list[_Element] = []
    tags: list[Tag] = []
    pos = 0
    previous: tuple[bytes, int] | None = None  # the formatting of the tag before, to join runs formatted alike
    for kind, node, run_text, rpr, key in items:
        end = pos + len(run_text)
        if kind == "run":
            if key != base_key and previous is not None and previous[0] == key and tags[-1].end == pos:
                tags[-1] = Tag(tags[-1].start, end, tags[-1].element)
            elif key != base_key:
                elements.append(_Element(rpr=rpr))
                tags.append(Tag(pos, end, len(elements) - 1))
            previous = (key, pos) if key != base_key else None
        elif kind == "link":
            first = next((r for r in node if r.tag == _w("r")), None)
            elements.append(
                _Element(rpr=first.find(_w("rPr")) if first is not None else None, node=node, hyperlink=True)
            )
            tags.append(Tag(pos, end, len(elements) - 1))
            previous = None
        else:
            elements.append(_Element(node=node))
            tags.append(Tag(pos, pos, len(elements) - 1, point=True))
            previous = None
        pos = end
    return Inline(text, tags), _Paragraph(p, base, elements)


def _plain_run(run: Any) -> bool:
    """A run of text only (and its formatting): one with a picture, a field, a break or a tab is kept as it is."""
    return all(c.tag in (_w("rPr"), _w("t")) for c in run)


def _run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.iter(_w("t")))


def _key(rpr: Any) -> bytes:
    """Formatting as comparable bytes (the language of a run is not formatting)."""
    if rpr is None:
        return b""
    from lxml import etree

    shown = copy.deepcopy(rpr)
    for lang in shown.findall(_w("lang")):
        shown.remove(lang)
    return bytes(etree.tostring(shown, method="c14n"))


def _write(paragraph: _Paragraph, block: Inline) -> None:
    """Replace a paragraph's content by the translated block: text in runs formatted as their tags (or the base),
    hyperlinks and kept elements where the tags are (the kept ones the same nodes, so nothing inside them is lost)."""
    p = paragraph.node
    for child in list(p):
        if child.tag != _w("pPr"):
            p.remove(child)
    container = p
    formatting = paragraph.base
    for kind, value in events(block):
        if kind == "text":
            assert isinstance(value, str)
            container.append(_run(value, formatting))
            continue
        assert isinstance(value, Tag)
        element = paragraph.elements[value.element]
        if kind == "point":
            container.append(element.node)
        elif kind == "open" and element.hyperlink:
            link = p.makeelement(element.node.tag, dict(element.node.attrib))
            container.append(link)
            container, formatting = link, element.rpr
        elif kind == "open":
            formatting = element.rpr
        else:  # the tag closes: back to the paragraph's base
            if value.start == value.end and not element.hyperlink:  # its text lost in translation: the run stays
                container.append(_run("", formatting))
            container, formatting = p, paragraph.base


def _run(text: str, rpr: Any) -> Any:
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    if rpr is not None:
        shown = copy.deepcopy(rpr)
        _say_english(shown)
        run.append(shown)
    t = OxmlElement("w:t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    run.append(t)
    return run


def _say_english(element: Any) -> None:
    """``w:lang`` saying German (in a run's formatting, or the styles' defaults) says ``en-US``."""
    for lang in element.iter(_w("lang")):
        if lang.get(_w("val"), "").lower().startswith("de"):
            lang.set(_w("val"), "en-US")
