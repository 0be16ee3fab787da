"""German sentence splitting (SoMaJo) and clause splitting for over-long sentences.

SoMaJo knows German abbreviations (``z. B.``, ``Dr.``, ``u. a.``, ``Nr.``) and does not
split at ordinals and dates (``am 27. Februar``); it runs offline from its wheel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from somajo import SoMaJo


@lru_cache(maxsize=1)
def _tokenizer() -> SoMaJo:
    return SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span ``[start, end)`` of ``text`` without surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A paragraph with none of these before its last character is one sentence: SoMaJo, which costs
# about a millisecond a sentence, splits only there (checked on 20,310 WMT and FLORES lines).
_MAY_END_SENTENCE = re.compile(r"[.!?…;:\n]")


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``paragraph``, covering all of its non-space text."""
    start, end = strip_span(paragraph, 0, len(paragraph))
    if start == end:
        return []
    if not _MAY_END_SENTENCE.search(paragraph, start, end - 1):
        return [(start, end)]
    return somajo_sentences(paragraph)


# SoMaJo's time grows with the cube of a run of dotted letters ("a.a.a.…": 12,000 characters took 51 s).
# Runs without spaces longer than any German word are shown to it as a stand-in of the same length (their
# final full stop kept), so that offsets hold and no sentence ends inside one.
_LONG_RUN = re.compile(r"\S{65,}")


def _stand_in(m: re.Match[str]) -> str:
    run = m.group()
    return "X" * (len(run) - 1) + run[-1] if run[-1] in ".!?" else "X" * len(run)


def somajo_sentences(paragraph: str) -> list[tuple[int, int]]:
    """:func:`split_sentences` without the one-sentence shortcut: SoMaJo on every paragraph."""
    shown = _LONG_RUN.sub(_stand_in, paragraph)
    spans = [(s[0].character_offset[0], s[-1].character_offset[1]) for s in _tokenizer().tokenize_text([shown])]
    return _cover(paragraph, spans)


def _cover(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretch the spans so that no non-space character falls outside them."""
    if not spans:
        return [strip_span(text, 0, len(text))]
    spans = [(len(text) - len(text.lstrip()), spans[0][1])] + spans[1:]
    covered = []
    for i, (start, end) in enumerate(spans):
        next_start = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        if text[end:next_start].strip():  # characters SoMaJo dropped stay with this sentence
            end = strip_span(text, end, next_start)[1]
        covered.append((start, end))
    return covered


# Places where a German sentence may be cut into clauses, best first.
_CLAUSE_BREAKS = (
    re.compile(r"[;:]\s+"),
    re.compile(r"\s+[–—-]\s+"),
    re.compile(r",\s+"),
    re.compile(r"\s+(?=(?:und|oder|aber|sondern|denn|doch|weil|dass|wenn|während|als|nachdem|obwohl)\s)"),
    re.compile(r"\s+"),
)


def split_long(text: str, max_tokens: int, count_tokens: Callable[[str], int]) -> list[tuple[int, int]]:
    """Spans of pieces of ``text`` each at most ``max_tokens`` long, cut at clause boundaries.

    Cuts prefer semicolons and colons, then dashes, commas, conjunctions and finally any
    space, choosing the boundary nearest the middle. Every character stays in some piece.
    """
    if count_tokens(text) <= max_tokens:
        return [(0, len(text))]
    cut = _best_cut(text)
    if cut is None:  # one unbreakable word: nothing sensible to cut
        return [(0, len(text))]
    left_end, right_start = cut
    left = split_long(text[:left_end], max_tokens, count_tokens)
    right = split_long(text[right_start:], max_tokens, count_tokens)
    return left + [(s + right_start, e + right_start) for s, e in right]


def _best_cut(text: str) -> tuple[int, int] | None:
    """``(left_end, right_start)`` of the best boundary; punctuation stays with the left piece."""
    middle = len(text) / 2
    for pattern in _CLAUSE_BREAKS:
        cuts = [
            (strip_span(text, 0, m.end())[1], m.end())
            for m in pattern.finditer(text)
            if m.start() > 0 and m.end() < len(text)
        ]
        cuts = [(left, right) for left, right in cuts if left > 0]
        # Prefer cuts that leave both pieces substantial; any cut will do at the last resort.
        balanced = [c for c in cuts if min(c[0], len(text) - c[1]) >= len(text) / 6]
        candidates = balanced or (cuts if pattern is _CLAUSE_BREAKS[-1] else [])
        if candidates:
            return min(candidates, key=lambda c: abs(c[0] - middle))
    return None
