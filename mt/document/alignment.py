"""Word alignment between a sentence and its translation, and character spans carried through it.

The translator makes an :class:`Alignment` from the decoder's attention over the source (CTranslate2's
``return_attention``, the transformers model's cross-attention): each target word is linked to the source word
its pieces attend to most, and a name or number written the same on both sides (once each) only to itself.
:mod:`mt.document.inline` puts a block's inline markup into the translation with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

WORD_START = "\u2581"  # SentencePiece's mark of a piece that begins a word

Span = tuple[int, int]


@dataclass(frozen=True)
class Alignment:
    """Words of a source and a target text (character spans) and the links between them."""

    source_words: tuple[Span, ...]
    target_words: tuple[Span, ...]
    links: frozenset[tuple[int, int]]  # (source word, target word)
    backup: frozenset[tuple[int, int]] = frozenset()  # links of source words no target word chose, to their best

    @classmethod
    def identity(cls, text: str) -> Alignment:
        """A text aligned with itself (a sentence passed through or kept as it is)."""
        words = tuple(_words(text))
        return cls(words, words, frozenset((i, i) for i in range(len(words))))

    @classmethod
    def from_names(cls, source: str, target: str) -> Alignment:
        """Only the names and numbers written the same in a sentence and its translation (once each): what is known
        of a translation the decoder's attention did not make whole (a kept quotation put back, a memory's)."""
        source_words, target_words = _words(source), _words(target)
        return cls(
            tuple(source_words), tuple(target_words), frozenset(_same_names(source, source_words, target, target_words))
        )

    @classmethod
    def from_attention(
        cls,
        source: str,
        source_pieces: Sequence[str],
        target: str,
        target_pieces: Sequence[str],
        attention: Sequence[Sequence[float]],
    ) -> Alignment:
        """Links from attention weights (one row per target piece, one column per source piece; columns beyond the
        source's pieces, such as ``</s>``, are ignored), word by word: each target word to the source word its pieces
        give the most attention in all (a single piece's stray attention does not link it), and each source word no
        target word chose to the target word that gives it the most."""
        source_word, source_words = _piece_words(source, source_pieces)
        target_word, target_words = _piece_words(target, target_pieces)
        n = len(source_pieces)
        mass: dict[tuple[int, int], float] = {}  # (source word, target word) → attention summed over their pieces
        for j, row in enumerate(attention[: len(target_pieces)]):
            for i, weight in enumerate(row[:n]):
                key = (source_word[i], target_word[j])
                mass[key] = mass.get(key, 0.0) + weight
        home: dict[int, tuple[float, int]] = {}  # target word → (mass, its source word)
        best: dict[int, tuple[float, int]] = {}  # source word → (mass, its target word)
        for (s, t), weight in mass.items():
            if weight > home.get(t, (-1.0, 0))[0]:
                home[t] = (weight, s)
            if weight > best.get(s, (-1.0, 0))[0]:
                best[s] = (weight, t)
        links = {(s, t) for t, (_, s) in home.items()}
        linked = {s for s, _ in links}
        backup = {(s, t) for s, (_, t) in best.items() if s not in linked}
        for s, t in _same_names(source, source_words, target, target_words):
            links = {(a, b) for a, b in links if a != s and b != t} | {(s, t)}
        return cls(tuple(source_words), tuple(target_words), frozenset(links), frozenset(backup))

    def project(self, start: int, end: int) -> Span | None:
        """The target span of the words linked to the source words in ``[start, end)``, or None when none of them is
        linked. Where the linked words lie apart, the run of them (gaps of one word allowed) with the most links is
        taken: attention strays, and a tag wraps one stretch of text."""
        words = {i for i, (s, e) in enumerate(self.source_words) if s < end and start < e}
        targets = [t for s, t in self.links if s in words] or [t for s, t in self.backup if s in words]
        if not targets:
            return None
        runs: list[list[int]] = []
        for t in sorted(targets):
            if runs and t - runs[-1][-1] <= 2:
                runs[-1].append(t)
            else:
                runs.append([t])
        run = max(runs, key=len)  # the first of the longest
        return self.target_words[run[0]][0], self.target_words[run[-1]][1]

    def point(self, position: int) -> int:
        """Where something with no text of its own at source offset ``position`` (an image, a line break) goes in the
        target: after the translation of the word before it, else before that of the word after it."""
        before = [i for i, (_, e) in enumerate(self.source_words) if e <= position]
        after = [i for i, (s, _) in enumerate(self.source_words) if s >= position]
        if before and (span := self.project(*self.source_words[before[-1]])) is not None:
            return span[1]
        if after and (span := self.project(*self.source_words[after[0]])) is not None:
            return span[0]
        return self.target_words[-1][1] if before and self.target_words else 0


_EDGE_PUNCTUATION = ".,;:!?()[]{}\"'“”„«»‚‘’"


def _same_names(source: str, source_words: list[Span], target: str, target_words: list[Span]) -> list[tuple[int, int]]:
    """(source word, target word) pairs of a name or number (a capital or a digit in it) written the same in both,
    once in each: the model copied it, whatever its attention says."""

    def names(text: str, words: list[Span]) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for i, (s, e) in enumerate(words):
            word = text[s:e].strip(_EDGE_PUNCTUATION)
            whole = word.removesuffix("'s").removesuffix("’s")
            parts = {whole, *re.split(r"[-/]", whole)} if whole != word or "-" in word or "/" in word else {word}
            for name in parts:  # "Donau-Iller's" is also "Donau-Iller"; "62-year-old" also "62"
                if len(name) > 1 and any(c.isupper() or c.isdigit() for c in name):
                    found.setdefault(name, []).append(i)
        return found

    theirs = names(target, target_words)
    return [
        (mine[0], theirs[word][0])
        for word, mine in names(source, source_words).items()
        if len(mine) == 1 and len(theirs.get(word, ())) == 1
    ]


def _words(text: str) -> list[Span]:
    spans, start = [], None
    for i, c in enumerate(text + " "):
        if c.isspace():
            if start is not None:
                spans.append((start, i))
            start = None
        elif start is None:
            start = i
    return spans


def _piece_words(text: str, pieces: Sequence[str]) -> tuple[list[int], list[Span]]:
    """For each piece, the index of the word it belongs to, and the words' character spans in ``text``.

    A piece marked as starting a word starts one; pieces are found in ``text`` one after the other, and one that is
    not there as it is written (SentencePiece normalised it, or it is ``<unk>``) takes the characters up to the
    next piece or space.
    """
    word_of: list[int] = []
    spans: list[list[int]] = []
    pos = 0
    for index, piece in enumerate(pieces):
        shown = piece.lstrip(WORD_START)
        starts = piece.startswith(WORD_START) or not spans
        while pos < len(text) and text[pos].isspace():
            pos += 1
            starts = True
        if text.startswith(shown, pos):  # an empty piece (a lone word mark) takes no characters
            end = pos + len(shown)
        else:
            following = next((p.lstrip(WORD_START) for p in pieces[index + 1 :] if p.lstrip(WORD_START)), "")
            stop = [i for i in (text.find(following, pos + 1) if following else -1, _next_space(text, pos)) if i > pos]
            end = min(stop) if stop else len(text)
        if starts:
            spans.append([pos, end])
        else:
            spans[-1][1] = max(spans[-1][1], end)
        word_of.append(len(spans) - 1)
        pos = end
    return word_of, [(s, e) for s, e in spans]


def _next_space(text: str, pos: int) -> int:
    return next((i for i in range(pos, len(text)) if text[i].isspace()), len(text))
