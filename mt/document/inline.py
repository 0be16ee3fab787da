"""Inline markup (links, emphasis, code, a Word run's formatting, XLIFF's inline codes) carried through translation.

A format's reader turns each block (a paragraph, heading, list item, table cell) into an :class:`Inline`: the
block's plain text, which is what is translated, checked and reviewed, and its :class:`Tag`s, spans of that text
whose element the format knows how to write back. The model never sees the markup, so a block translates exactly as
its text alone would. :func:`place` puts the tags into the translation through each sentence's word alignment
(:mod:`mt.document.alignment`), keeping them nested as they were; :func:`events` hands the result to the format's
writer in document order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from mt.document.alignment import Alignment, Span

# Characters a tag around a word does not take with it from the translation unless its source text ends (or
# starts) with one of them: "<b>Merkel</b>," stays so, not "<b>Merkel,</b>".
_TRAILING = ".,;:!?)]}»«“”\"'’"
_LEADING = "([{»«„“\"'‚‘"


@dataclass(frozen=True)
class Tag:
    """An element over ``[start, end)`` of a block's plain text; ``element`` is the format's own index of it."""

    start: int
    end: int
    element: int
    point: bool = False  # an element with no text of its own: an image, a line break, XLIFF's <x/>
    keep: bool = False  # its text stays as it is in the source: inline code, translate="no"
    depth: int = 0  # how many tags it is inside


@dataclass
class Inline:
    """A block's plain text and its tags in document order (an element before the elements inside it), each with its
    depth: a tag is inside the nearest tag before it of a smaller depth."""

    text: str
    tags: list[Tag] = field(default_factory=list)


Event = tuple[Literal["text"], str] | tuple[Literal["open", "close", "point"], Tag]


def events(inline: Inline) -> Iterator[Event]:
    """The block in document order: its text between the openings and closings of its tags."""
    stack: list[Tag] = []
    pos = 0

    def text_to(end: int) -> Iterator[Event]:
        nonlocal pos
        if end > pos:
            yield "text", inline.text[pos:end]
            pos = end

    for tag in inline.tags:
        while stack and stack[-1].depth >= tag.depth:
            yield from text_to(stack[-1].end)
            yield "close", stack.pop()
        yield from text_to(tag.start)
        if tag.point:
            yield "point", tag
        else:
            yield "open", tag
            stack.append(tag)
    while stack:
        yield from text_to(stack[-1].end)
        yield "close", stack.pop()
    yield from text_to(len(inline.text))


@dataclass
class _Node:
    tag: Tag
    children: list[_Node] = field(default_factory=list)
    span: Span = (0, 0)  # in the target


def _tree(tags: Sequence[Tag]) -> list[_Node]:
    roots: list[_Node] = []
    stack: list[_Node] = []
    for tag in tags:
        node = _Node(tag)
        while stack and stack[-1].tag.depth >= tag.depth:
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        if not tag.point:
            stack.append(node)
    return roots


class _Target:
    """The translation of a block: its sentences' translations between the source's own spacing."""

    def __init__(
        self,
        source: str,
        sentences: Sequence[Span],
        translations: Sequence[str],
        alignments: Sequence[Alignment | None],
    ) -> None:
        self.sentences, self.translations, self.alignments = sentences, translations, alignments
        parts, self.offsets, pos = [], [], 0
        for (start, end), translation in zip(sentences, translations):
            parts.append(source[pos:start])
            self.offsets.append(sum(map(len, parts)))
            parts.append(translation)
            pos = end
        parts.append(source[pos:])
        self.text = "".join(parts)

    def sentence_at(self, position: int, side: Literal["start", "end"]) -> int | None:
        """The sentence a tag starting (or ending) at ``position`` begins (ends) in."""
        if side == "start":
            return next((k for k, (_, e) in enumerate(self.sentences) if position < e), None)
        return next((k for k in reversed(range(len(self.sentences))) if self.sentences[k][0] < position), None)

    def project(self, k: int, start: int, end: int) -> Span:
        """The target span of ``[start, end)`` of sentence ``k`` (source offsets of the block)."""
        a, b = self.sentences[k]
        start, end = max(start, a), min(end, b)
        alignment, offset = self.alignments[k], self.offsets[k]
        if (start, end) == (a, b):  # the whole sentence: its whole translation
            return offset, offset + len(self.translations[k])
        span = alignment.project(start - a, end - a) if alignment is not None else None
        if span is None:  # nothing to go by: the same share of the sentence
            span = self._share(k, start - a, "start"), self._share(k, end - a, "end")
        return span[0] + offset, max(span) + offset

    def point(self, position: int) -> int:
        """Where an element with no text at source ``position`` goes."""
        k = next((k for k, (a, b) in enumerate(self.sentences) if a <= position <= b), None)
        if k is None:  # between sentences, before the first or after the last
            before = [k for k, (_, b) in enumerate(self.sentences) if b <= position]
            return self.offsets[before[-1]] + len(self.translations[before[-1]]) if before else 0
        a, b = self.sentences[k]
        alignment = self.alignments[k]
        if position in (a, b):  # at the start or end of the sentence: of its translation
            local = 0 if position == a else len(self.translations[k])
        elif alignment is not None:
            local = alignment.point(position - a)
        else:
            local = self._share(k, position - a, "start")
        return local + self.offsets[k]

    def _share(self, k: int, position: int, side: Literal["start", "end"]) -> int:
        a, b = self.sentences[k]
        translation = self.translations[k]
        x = round(len(translation) * position / max(1, b - a))
        if side == "start":
            while 0 < x < len(translation) and not translation[x - 1].isspace():
                x -= 1
        else:
            while 0 < x < len(translation) and not translation[x].isspace():
                x += 1
        return x


def place(
    block: Inline,
    sentences: Sequence[Span],
    translations: Sequence[str],
    alignments: Sequence[Alignment | None],
) -> Inline:
    """The translation of ``block`` with its tags: ``sentences`` are the spans of its text translated one by one,
    ``translations`` their translations, ``alignments`` their word alignments (None: the tags go by position)."""
    target = _Target(block.text, sentences, translations, alignments)
    roots = _tree(block.tags)
    for node in _walk(roots):
        node.span = _projected(node.tag, block.text, target)
    _nest(roots, (0, len(target.text)), target.text)
    return _kept(block, target.text, roots)


def _walk(nodes: list[_Node]) -> Iterator[_Node]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _projected(tag: Tag, source: str, target: _Target) -> Span:
    if tag.point or tag.start == tag.end:
        position = target.point(tag.start)
        return position, position
    first, last = target.sentence_at(tag.start, "start"), target.sentence_at(tag.end, "end")
    if first is None or last is None or first > last:  # it holds only spacing between sentences
        position = target.point(tag.start)
        return position, position
    if first == last:
        start, end = target.project(first, tag.start, tag.end)
    else:
        start = target.project(first, tag.start, tag.end)[0]
        end = target.project(last, tag.start, tag.end)[1]
    words = source[tag.start : tag.end].strip()
    copied = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", target.text[start:end]) if words else None
    if copied:  # the tag's text is there as it was (a name, a number): the tag wraps just that
        return start + copied.start(), start + copied.end()
    return _trimmed(target.text, start, end, words)


def _trimmed(text: str, start: int, end: int, source: str) -> Span:
    """The span without spacing at its ends, nor punctuation the source's tag does not have there."""
    source = source.strip()
    while start < end and (text[start].isspace() or (text[start] in _LEADING and not source.startswith(text[start]))):
        start += 1
    while end > start and (
        text[end - 1].isspace() or (text[end - 1] in _TRAILING and not source.endswith(text[end - 1]))
    ):
        end -= 1
    return start, end


def _nest(nodes: list[_Node], bounds: Span, text: str) -> None:
    """Keep each tag inside its parent's span and apart from its siblings (alignment may cross them)."""
    low, high = bounds
    for node in nodes:
        start, end = node.span
        node.span = min(max(start, low), high), min(max(end, low), high)
    nodes.sort(key=lambda n: n.span[0])  # the translation may put siblings in another order
    pos, before = low, None
    for node in nodes:
        start, end = node.span
        if start < pos and before is not None and end <= pos and not node.tag.point and start < end:
            kept = _trimmed(text, before.span[0], start, "")  # inside the sibling before: that one ends before it
            if kept[0] < kept[1]:
                before.span = kept
            else:  # nothing of the sibling before would be left: this one takes its last word instead
                start, end = _share_last_word(before, text)
        elif start < pos and before is not None and end <= pos and not node.tag.point:
            start, end = _share_last_word(before, text)
        elif start < pos:  # overlaps the sibling before: starts where that one ends, after any spacing
            start = pos
            while start < end and text[start].isspace():
                start += 1
        end = max(start, end)
        node.span = (start, end)
        pos = max(pos, end) if not node.tag.point else max(pos, start)
        if not node.tag.point:
            before = node
    for node in nodes:
        _nest(node.children, node.span, text)


def _share_last_word(before: _Node, text: str) -> Span:
    """Where a tag projected inside its sibling's span goes: that sibling's last word, if it has two or more (it keeps
    the rest); nowhere (an empty span at its end) otherwise."""
    start, end = before.span
    cut = text.rfind(" ", start, end)
    if cut <= start:
        return end, end
    before.span = _trimmed(text, start, cut, "")
    return cut + 1, end


def _kept(block: Inline, text: str, roots: list[_Node]) -> Inline:
    """The placed tags, with the text of ``keep`` tags put back as it is in the source."""
    nodes = list(_walk(roots))
    kept = sorted((n for n in nodes if n.tag.keep and not n.tag.point), key=lambda n: n.span[0], reverse=True)
    inner: set[int] = set()
    for node in kept:
        if id(node) in inner:
            continue
        start, end = node.span
        original = block.text[node.tag.start : node.tag.end]
        text = text[:start] + original + text[end:]
        shift = len(original) - (end - start)
        within = {id(d) for d in _walk(node.children)}
        for other in nodes:
            if other is node:
                continue
            if id(other) in within:
                inner.add(id(other))  # inside kept text: where it was in the source
                offset = start - node.tag.start
                other.span = other.tag.start + offset, other.tag.end + offset
                continue
            s, e = other.span
            other.span = s + shift if s >= end else s, e + shift if e >= end else e
        node.span = start, start + len(original)
    _in_order(roots)
    return Inline(text, [replace(n.tag, start=n.span[0], end=n.span[1]) for n in _walk(roots)])


def _in_order(nodes: list[_Node]) -> None:
    """Siblings in the order of their spans again (kept text moved what follows it)."""
    nodes.sort(key=lambda n: n.span)
    for node in nodes:
        _in_order(node.children)
