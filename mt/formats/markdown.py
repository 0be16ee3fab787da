"""Markdown files, parsed with ``markdown-it-py`` (CommonMark, with GFM tables and strikethrough), translated with
their markup in place.

Each paragraph, heading and table cell is a block; its inline markup (emphasis, links, code spans, images, inline
HTML, breaks) is carried through translation as tags (:mod:`mt.document.inline`), each written back exactly as it
was in the source: a link's URL and title, a reference link's label, the markers chosen (``*`` or ``_``). Everything
outside the blocks (headings' ``#``, list markers, quotes, code blocks, HTML blocks, reference definitions, blank
lines, YAML front matter) is kept byte for byte, and so is the start of each line of a block: its line breaks are tags too, put where
the alignment says, so that a quotation's lines keep their ``>`` and a list item's their indent. Inline code and
autolinks keep their text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from mt.document.inline import Inline, Tag, events
from mt.document.model import splice

log = logging.getLogger(__name__)

_FIXED = {"strong_open", "strong_close", "em_open", "em_close", "s_open", "s_close"}  # written as their marker
_ESCAPE = re.compile(r"([\\`*_\[\]<>])")  # what a translation's text must not start markup with


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(front_matter_plugin)


@dataclass
class _Block:
    start: int  # the characters of the source the block's inline content takes (its first line to its last)
    end: int
    raws: list[tuple[str, str]]  # each tag's markup as written: (opening, closing)
    joints: list[str]  # what is between its lines in the source: the line end, and the next one's start


class MarkdownMarkup:
    """A Markdown file, its blocks, and how it is written back with their translations."""

    suffix = ".md"

    def __init__(self, text: str, name: str = "<markdown>") -> None:
        self.text = text
        self.meta: dict[str, str] = {}
        self.blocks: list[Inline] = []
        self._places: list[_Block] = []
        lines = text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        cursor = [0] * len(lines)  # where the next block on each line may start (table rows hold several)
        for token in _parser().parse(text):
            if token.type != "inline" or not token.content.strip() or token.map is None:
                continue
            span = _located(token, lines, starts, cursor)
            parsed = _inline(token.content, token.children or [])
            if span is None or parsed is None:
                log.warning("%s:%d: inline markup not understood; its line is left as it is", name, token.map[0] + 1)
                continue
            block, raws = parsed
            joints = [text[end:start] for (_, end), (start, _) in zip(span, span[1:])]
            self.blocks.append(block)
            self._places.append(_Block(span[0][0], span[-1][1], raws, joints))

    def write(self, blocks: list[Inline]) -> bytes:
        edits = [(p.start, p.end, _joined(_written(block, p.raws), p.joints)) for p, block in zip(self._places, blocks)]
        return splice(self.text, edits)[0].encode()


def _joined(written: str, joints: list[str]) -> str:
    """A block's Markdown with its line breaks (each from a break's tag) as they were in the source."""
    pieces = written.split("\n")
    if len(pieces) != len(joints) + 1:
        return written
    pieces = [pieces[0]] + [p.removeprefix(" ") for p in pieces[1:]]  # the space the break stood for in the text
    return pieces[0] + "".join(joint + piece for joint, piece in zip(joints, pieces[1:]))


def _located(token: Any, lines: list[str], starts: list[int], cursor: list[int]) -> list[tuple[int, int]] | None:
    """The spans of the source each line of an inline token's content takes."""
    first_line = token.map[0]
    found = []
    for offset, part in enumerate(token.content.split("\n")):
        number = first_line + offset
        if number >= len(lines):
            return None
        at = lines[number].find(part, cursor[number])
        if at < 0:
            return None
        cursor[number] = at + len(part)
        found.append((starts[number] + at, starts[number] + at + len(part)))
    return found


def _anchor(text: str) -> re.Pattern[str]:
    """A text token as it may be written: any punctuation escaped with a backslash."""
    return re.compile(
        "".join(rf"\\?{re.escape(c)}" if not c.isalnum() and not c.isspace() else re.escape(c) for c in text)
    )


def _inline(content: str, children: list[Any]) -> tuple[Inline, list[tuple[str, str]]] | None:
    """The plain text and tags of an inline token, and each tag's markup as written; None where the markup cannot
    be told apart from the text."""
    plain: list[str] = []
    length = 0
    tags: list[Tag] = []
    raws: list[list[str]] = []
    stack: list[int] = []  # open tags, by index into tags
    opened: dict[int, str] = {}  # the kind of token that opened each
    pending: list[tuple[Any, int, int]] = []  # (token, tag index, 0: its opening, 1: its closing) since the last text
    cursor = 0

    def open_tag(token: Any, point: bool = False, keep: bool = False) -> int:
        tags.append(Tag(length, length, len(raws), point=point, keep=keep, depth=len(stack)))
        raws.append(["", ""])
        return len(tags) - 1

    def settle(gap: str) -> bool:
        parts = _split_gap(gap, pending)
        if parts is None:
            return False
        for (_, index, side), raw in zip(pending, parts):
            raws[tags[index].element][side] = raw
        pending.clear()
        return True

    for token in children:
        kind = _kind(token)
        if kind == "text" and not token.content:
            continue
        if kind == "softbreak":  # a line break in the source, a space in the text
            pending.append((token, open_tag(token, point=True), 0))
            plain.append(" ")
            length += 1
        elif kind in ("text", "code_inline"):
            if kind == "code_inline":
                index = open_tag(token, keep=True)
                pending.append((token, index, 0))
            pattern = _anchor(token.content)
            # the first place the text is found after markup that reads as the markup there (a full stop may be
            # found first in a link's URL)
            match = next((m for m in pattern.finditer(content, cursor) if settle(content[cursor : m.start()])), None)
            if match is None:
                return None
            plain.append(token.content)
            length += len(token.content)
            cursor = match.end()
            if kind == "code_inline":
                tags[index] = _ended(tags[index], length)
                pending.append((token, index, 1))
        elif kind.endswith("_open"):
            index = open_tag(token, keep=token.markup == "autolink")
            opened[index] = kind
            stack.append(index)
            pending.append((token, index, 0))
        elif kind.endswith("_close"):
            if not stack or (kind == "html_close") != (opened[stack[-1]] == "html_open"):
                return None  # closes what it did not open
            index = stack.pop()
            tags[index] = _ended(tags[index], length)
            pending.append((token, index, 1))
        else:  # an image, a line break, an HTML tag on its own: kept as written, where they were
            pending.append((token, open_tag(token, point=True), 0))
            if kind == "hardbreak":  # words either side stay apart in the text
                plain.append(" ")
                length += 1
    if stack or not settle(content[cursor:]):
        return None
    return Inline("".join(plain), tags), [(a, b) for a, b in raws]


_HTML_OPEN = re.compile(r"<([A-Za-z][\w-]*)\b[^>]*(?<!/)>$")
_HTML_CLOSE = re.compile(r"</([A-Za-z][\w-]*)\s*>$")


def _kind(token: Any) -> str:
    """A token's type; an inline HTML tag that opens or closes an element (``<span>`` … ``</span>``) is an opening
    or closing, so that the element goes round the translation of its text."""
    if token.type != "html_inline":
        return str(token.type)
    opening = _HTML_OPEN.match(token.content)
    if opening and opening.group(1).lower() not in _VOID:
        return "html_open"
    return "html_close" if _HTML_CLOSE.match(token.content) else "html_inline"


_VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "area", "base", "col", "embed", "source", "track"}


def _ended(tag: Tag, end: int) -> Tag:
    return replace(tag, end=end)


def _fixed(token: Any, side: int) -> str | None:
    """The markup a token is always written as, or None where it varies (a link's destination, an image)."""
    if token.type in _FIXED:
        return str(token.markup)
    if token.type == "link_open":
        return "<" if token.markup == "autolink" else "["
    if token.type == "link_close" and token.markup == "autolink":
        return ">"
    if token.type == "html_inline":
        return str(token.content)
    return None


_ANY = re.compile(r".*", re.DOTALL)
_VARYING = {  # how the markup that varies is written
    "link_close": re.compile(r"\](?:\(.*\)|\[.*\])?", re.DOTALL),
    "image": re.compile(r"!\[.*\](?:\(.*\)|\[.*\])?", re.DOTALL),
    "hardbreak": re.compile(r"(?: {2,}|\\)\n"),
    "softbreak": re.compile(r" ?\n"),
    "code_inline": re.compile(r" ?`+ ?"),
}


def _split_gap(gap: str, pending: list[tuple[Any, int, int]]) -> list[str] | None:
    """The markup between two texts shared out among the tokens there, in order: a fixed marker takes itself; one
    that varies takes what the fixed ones after it leave (a code span's backticks are found by their marker)."""
    parts: list[str] = []
    pos = 0
    for i, (token, _, side) in enumerate(pending):
        fixed = _fixed(token, side)
        if fixed is not None:
            if not gap.startswith(fixed, pos):
                return None
            end = pos + len(fixed)
        elif token.type == "code_inline" and side == 1:  # its closing backticks, and a space before them
            at = gap.find(token.markup, pos)
            if at < 0:
                return None
            end = at + len(token.markup)
        else:
            rest = [_fixed(t, s) for t, _, s in pending[i + 1 :]]
            if any(r is None for r in rest):
                return None
            end = len(gap) - sum(len(r or "") for r in rest)
            if end < pos or not _VARYING.get(token.type, _ANY).fullmatch(gap[pos:end]):
                return None
        parts.append(gap[pos:end])
        pos = end
    return parts if pos == len(gap) else None


def _written(block: Inline, raws: list[tuple[str, str]]) -> str:
    """A translated block as Markdown: its text escaped where it could start markup, its tags as written."""
    out: list[str] = []
    keeping = 0
    for kind, value in events(block):
        if kind == "text":
            assert isinstance(value, str)
            out.append(value if keeping else _ESCAPE.sub(r"\\\1", value))
            continue
        assert isinstance(value, Tag)
        opening, closing = raws[value.element]
        if value.start == value.end and opening == closing and set(opening) <= set("*_~"):
            continue  # emphasis round nothing is no emphasis in Markdown, only stray marks: left out
        if kind == "point":
            out.append(opening)
        elif kind == "open":
            out.append(opening)
            keeping += value.keep
        else:
            out.append(closing)
            keeping -= value.keep
    return "".join(out)
