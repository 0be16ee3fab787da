"""The prose of a Markdown file, as spans, so that translation leaves the markup intact.

Block-level markup is kept exactly: heading marks, list markers, block quotes, fenced and
indented code, tables, HTML blocks, link definitions and rules. Inline markup
(``**bold**``, ``[links](url)``) stays inside the translated text.
"""

from __future__ import annotations

import re

from mt.document.model import strip_span

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_SKIP_LINE = re.compile(
    r"^(?: {4}|\t)"  # indented code
    r"|^ {0,3}(?:[-*_] *){3,}$"  # horizontal rule
    r"|^ {0,3}\|"  # table row
    r"|^ {0,3}<"  # HTML block
    r"|^ {0,3}\[[^\]]+\]:\s"  # link reference definition
    r"|^ {0,3}(?:=+|-+) *$"  # setext underline
)
_PREFIX = re.compile(r"^ {0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+)+")


def prose_spans(text: str) -> list[tuple[int, int]]:
    """Spans of translatable prose: one per paragraph, heading, list item or quote line."""
    spans: list[tuple[int, int]] = []
    block: tuple[int, int] | None = None  # the paragraph being collected
    in_fence = False
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if _FENCE.match(line):
            in_fence = not in_fence
        prefix = _PREFIX.match(line)
        if in_fence or _FENCE.match(line) or not line.strip() or _SKIP_LINE.match(line) or prefix:
            if block:
                spans.append(block)
                block = None
            if prefix and not in_fence:
                spans.append((start + prefix.end(), end))
            continue
        block = (block[0], end) if block else (start, end)
    if block:
        spans.append(block)
    return [span for span in (strip_span(text, s, e) for s, e in spans) if span[0] < span[1]]
