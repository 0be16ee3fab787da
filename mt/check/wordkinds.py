"""Sorting the words of a document: known German, a name, English, a spelling slip, a non-word.

Every word check asks here, so a word is judged once and by one set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from mt.check.context import Context, Token
from mt.lang.lexicon import MAX_WORD_CHARS

UMLAUTS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("Ae", "Ä"), ("Oe", "Ö"), ("Ue", "Ü"))
NAME_TAGS = {"NE"}
_PLAIN_WORD = re.compile(r"^[A-Za-zÄÖÜäöüß]+$")


@dataclass(frozen=True)
class Word:
    """A word (or one part of a hyphenated word) with its verdict."""

    start: int
    end: int
    text: str
    sentence: int
    token: Token
    kind: str  # "known", "name", "english", "umlaut", "near-miss", "non-word", "rare"
    hint: str | None = None  # the corrected spelling for "umlaut" and "near-miss"
    major: bool = False  # strong evidence: clean German text almost never shows such a word


def words(ctx: Context) -> list[Word]:
    """Every judged word of the document (cached on the context)."""
    if ctx.words is None:
        ctx.words = list(_judge_all(ctx))
    return ctx.words


def _judge_all(ctx: Context) -> Iterator[Word]:
    for s, sentence in enumerate(ctx.tokens):
        for token in sentence:
            for start, end, text in _parts(token):
                kind, hint, major = _judge(ctx, s, token, text)
                yield Word(start, end, text, s, token, kind, hint, major)


def _parts(token: Token) -> Iterator[tuple[int, int, str]]:
    """Plain-letter parts of a token worth judging (no acronyms, numbers or short bits)."""
    offset = token.start
    for part in token.text.split("-"):
        word = part.replace("\xad", "")  # soft hyphens
        if len(word) >= 4 and _PLAIN_WORD.match(word) and not word.isupper():
            yield offset, offset + len(part), word
        offset += len(part) + 1


def _judge(ctx: Context, sentence: int, token: Token, word: str) -> tuple[str, str | None, bool]:
    lex = ctx.lexicon
    if len(word) > MAX_WORD_CHARS:  # no German word is this long; and looking it up costs time quadratic in it
        return "non-word", None, False
    variants = {word, word.lower(), word.capitalize()}
    if any(lex.spelled(v) for v in variants):
        return ("rare" if _rare(ctx, word) else "known"), None, False
    fixed = _with_umlauts(word)
    if fixed != word and any(lex.spelled(v) for v in {fixed, fixed.capitalize()}):
        return "umlaut", fixed, False
    if lex.compound(word):
        return "known", None, False
    de, en = max(lex.zipf(v) for v in variants), lex.zipf(word, "en")
    in_name = _in_name_sequence(ctx, sentence, token)
    name_like = _tagged_name(ctx, sentence, token) and not _after_noun_modifier(ctx, sentence, token)
    if en >= 2.5 and en >= de + 0.5 and de < 3.0 and not in_name and not name_like:
        lone = token.text == word and not _quoted(ctx, sentence, token)
        # A common English word (one the dictionary translates), not an English name.
        return "english", None, lone and de < 2.5 and bool(lex.german_for(word))
    if de >= 2.0 or in_name:
        return "known", None, False
    if word[:1].isupper() and _tagged_name(ctx, sentence, token):
        near = lex.near_miss(word)
        if not near or word.lower() == near.lower() + "s":
            return "name", None, False  # unknown, or a known name's genitive (Tutzings, Baesweilers)
        # Strong only for a frequent target and a word that is no surname after a first name.
        after_name = token.index > 0 and ctx.tags(sentence)[token.index - 1][1] in NAME_TAGS
        return "near-miss", near, de == en == 0.0 and lex.zipf(near) >= 2.3 and not after_name
    if en >= 2.0:
        return "english", None, False
    lemma, tag = ctx.tags(sentence)[token.index]
    if (
        token.text == word
        and lemma != word
        and lex.zipf(lemma) > 0
        and any(lex.spelled(v) for v in {lemma, lemma.capitalize()})
    ):
        return "known", None, False  # an inflected form Hunspell lacks ("hochprozentigere")
    # Strong evidence only for words that cannot be names: lower case, or a sentence-initial
    # adjective or verb (capitalized only because it starts the sentence).
    not_a_name = word[:1].islower() or (token.index == 0 and tag.startswith(("ADJ", "VV", "VA", "VM", "ADV")))
    return "non-word", None, de == en == 0.0 and len(word) >= 6 and not_a_name


def _rare(ctx: Context, word: str) -> bool:
    """A real word that news German (almost) never uses and that is no compound of common words."""
    lex = ctx.lexicon
    return (
        len(word) >= 6
        and max(lex.zipf(word), lex.zipf(word.lower())) == 0.0
        and lex.zipf(word, "en") < 1.0
        and lex.compound(word) is None
    )


def _in_name_sequence(ctx: Context, sentence: int, token: Token) -> bool:
    """Between capitalized words that are not sentence-initial German words: part of a name or title."""
    tokens = ctx.tokens[sentence]
    neighbours = [tokens[i] for i in (token.index - 1, token.index + 1) if 0 <= i < len(tokens)]
    return any(
        n.capitalized
        and n.text.isalpha()
        and not ctx.lexicon.spelled(n.text)
        and not ctx.lexicon.spelled(n.text.lower())
        for n in neighbours
    )


def _after_noun_modifier(ctx: Context, sentence: int, token: Token) -> bool:
    """After an adjective or an indefinite article ("ein wichtiger …"): a common noun, whatever the
    tagger guessed for an unknown capitalized word. (Names follow definite articles, not these.)"""
    if token.index == 0:
        return False
    previous = ctx.tokens[sentence][token.index - 1].text.lower()
    tag = ctx.tags(sentence)[token.index - 1][1]
    return tag.startswith("ADJ(A)") or previous.startswith(("ein", "kein")) and tag in ("ART", "PIAT")


def _quoted(ctx: Context, sentence: int, token: Token) -> bool:
    """Inside quotation marks (a title or a quoted phrase) within its sentence."""
    before = "".join(t.text for t in ctx.tokens[sentence][: token.index])
    return sum(before.count(q) for q in '„"“”') % 2 == 1


def _tagged_name(ctx: Context, sentence: int, token: Token) -> bool:
    return ctx.tags(sentence)[token.index][1] in NAME_TAGS


@lru_cache(maxsize=10_000)
def _with_umlauts(word: str) -> str:
    for spelled_out, umlaut in UMLAUTS:
        word = word.replace(spelled_out, umlaut)
    return word
