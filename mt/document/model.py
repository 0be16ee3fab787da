"""The document model shared by translation, checking, review and evaluation.

A :class:`Document` is the original text plus spans into it: paragraphs, and the
sentences inside each paragraph. Every span is a pair of character offsets into
``Document.text``, so a flag, a translation or an editor's decision always points
back to the exact characters it is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from mt.document.inline import Inline
from mt.document.segment import split_sentences, strip_span

ParagraphMode = Literal["blank", "line"]

_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str
    paragraph: int

    @property
    def translatable(self) -> bool:
        """False for segments with nothing to translate (numbers, punctuation, URLs)."""
        return is_translatable(self.text)


@dataclass(frozen=True)
class Paragraph:
    """A block of text; its sentences lie inside ``[start, end)``."""

    start: int
    end: int
    sentences: tuple[Sentence, ...]


class Markup(Protocol):
    """A document read from a format with inline markup (HTML, Markdown, Word, XLIFF): its blocks, each a paragraph
    of the document, and how the format writes itself back with their translations."""

    blocks: list[Inline]
    suffix: str  # of the file it writes (".html")
    meta: dict[str, str]  # what the file says of the document (an article's title, author, date), for JSONL

    def write(self, blocks: list[Inline]) -> bytes:
        """The document in its format with each block replaced by ``blocks[i]``."""
        ...


BLOCK_SEPARATOR = "\n\n"  # between the blocks of a document with markup in its text


@dataclass
class Document:
    """Original text with paragraph and sentence spans."""

    text: str
    paragraphs: list[Paragraph]
    id: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    paragraph_mode: ParagraphMode = "blank"
    markup: Markup | None = None  # the format it came in, whose blocks are the paragraphs

    @classmethod
    def from_markup(cls, markup: Markup, id: str | None = None) -> Document:
        """The document of a format's blocks: their plain texts are its paragraphs (so translation, checking and
        review never see the markup)."""
        spans, pos = [], 0
        for block in markup.blocks:
            spans.append((pos, pos + len(block.text)))
            pos += len(block.text) + len(BLOCK_SEPARATOR)
        document = cls.from_spans(BLOCK_SEPARATOR.join(b.text for b in markup.blocks), spans, id=id)
        document.markup, document.meta = markup, dict(markup.meta)
        return document

    @property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in p.sentences]

    @classmethod
    def from_text(
        cls,
        text: str,
        id: str | None = None,
        paragraphs: ParagraphMode = "blank",
        splitter: Callable[[str], list[tuple[int, int]]] | None = None,
    ) -> Document:
        """Split ``text`` into paragraphs (blank-line separated, or one per line) and sentences."""
        document = cls.from_spans(text, paragraph_spans(text, paragraphs), id=id, splitter=splitter)
        document.paragraph_mode = paragraphs
        return document

    @classmethod
    def from_spans(
        cls,
        text: str,
        spans: Iterable[tuple[int, int]],
        id: str | None = None,
        splitter: Callable[[str], list[tuple[int, int]]] | None = None,
    ) -> Document:
        """Build a document whose paragraphs are the given spans (e.g. the prose of a Markdown file)."""
        splitter = splitter or split_sentences
        paras = []
        for index, (start, end) in enumerate(spans):
            sentences = tuple(
                Sentence(start + s, start + e, text[start + s : start + e], index) for s, e in splitter(text[start:end])
            )
            paras.append(Paragraph(start, end, sentences))
        return cls(text=text, paragraphs=paras, id=id)

    def render(self, replacements: Sequence[str]) -> str:
        """The text with each sentence replaced by ``replacements[i]`` (i: sentence index).

        Everything between sentences (paragraph breaks, spacing) is kept.
        """
        return splice(self.text, [(s.start, s.end, r) for s, r in zip(self.sentences, replacements)])[0]


def splice(text: str, edits: Sequence[tuple[int, int, str]]) -> tuple[str, list[int]]:
    """``text`` with each span ``[start, end)`` replaced, and the indices of the edits applied.

    Edits are applied in order of their start; one that overlaps an edit already applied is skipped.
    """
    out: list[str] = []
    applied: list[int] = []
    pos = 0
    for i in sorted(range(len(edits)), key=lambda i: edits[i][0]):
        start, end, replacement = edits[i]
        if start < pos:
            continue
        out += [text[pos:start], replacement]
        applied.append(i)
        pos = end
    out.append(text[pos:])
    return "".join(out), applied


def paragraph_spans(text: str, mode: ParagraphMode = "blank") -> list[tuple[int, int]]:
    """Spans of non-empty paragraphs, trimmed of surrounding whitespace."""
    if mode == "line":
        pieces = _spans_between(text, re.compile(r"\n"))
    else:
        pieces = _spans_between(text, _BLANK_LINES)
    return [span for span in (strip_span(text, s, e) for s, e in pieces) if span[0] < span[1]]


def _spans_between(text: str, separator: re.Pattern[str]) -> Iterator[tuple[int, int]]:
    pos = 0
    for match in separator.finditer(text):
        yield pos, match.start()
        pos = match.end()
    yield pos, len(text)


_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+@\S+\.\w+$", re.IGNORECASE)


def is_translatable(segment: str) -> bool:
    """A segment is translated only if it has letters and is not a bare URL or e-mail address."""
    stripped = segment.strip()
    return any(c.isalpha() for c in stripped) and not _URL.match(stripped)
