"""A word spelled like an English word that it does not mean (``aktuell`` is not *actually*)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mt.check.checks.roundtrips.evidence import MAX_SUGGESTIONS, data
from mt.check.context import Check, Context
from mt.lang.dictionary import best_german, dictionary
from mt.lang.lexicon import MAX_WORD_CHARS, Lexicon, lexicon
from mt.plugins.flags import Flag


class FalseFriend(Check):
    """A German word that looks like the English one MT translated but means something else."""

    name = "false-friend"
    category = "calque"
    must_flag = (
        "Der Senator hat [[aktuell=>eigentlich]] nichts Neues gesagt.",
        "Die Behörden mahnten zur [[Kaution=>Vorsicht]].",
        "Das Kleid ist aus feiner [[Fabrik=>Stoff]].",
    )
    must_pass = ("Die aktuelle Lage ist ernst.", "Der Chef der Firma trat zurück.", "Er kommt heute.")

    def run(self, ctx: Context) -> Iterable[Flag]:
        for s, sentence in enumerate(ctx.tokens):
            candidates = [t for t in sentence if t.text.isalpha() and 5 <= len(t.text) <= MAX_WORD_CHARS]
            if not candidates:
                continue
            tags = ctx.tags(s)
            for token in candidates:
                lemma, tag = tags[token.index]
                kind = "noun" if tag == "NN" else "adverb" if tag in ("ADJ(D)", "ADV") else None
                found = false_friend(lemma, kind) if kind else None
                if found:
                    english, meaning, germans = found
                    suggestions = [_inflected_like(token.text, lemma, g, ctx.lexicon) for g in germans]
                    yield self.flag(
                        ctx,
                        token.start,
                        token.end,
                        f"„{token.text}“ means „{meaning}“, not „{english}“; if {english} is meant: "
                        + ", ".join(f"„{g}“" for g in suggestions)
                        + ".",
                        suggestions=suggestions,
                        confidence=0.4,
                    )


def _inflected_like(word: str, lemma: str, suggestion: str, lex: Lexicon) -> str:
    """The suggestion with the ending the word has beyond its lemma, where that spells a word (a plural keeps
    its plural ending); else the suggestion as it is."""
    if not word.startswith(lemma) or word == lemma:
        return suggestion
    ending = word[len(lemma) :]
    for form in (suggestion + ending, suggestion + ending[-1:]):
        if lex.spelled(form):
            return form
    return suggestion


@lru_cache(maxsize=1)
def _look_alike_rules() -> dict[str, tuple[tuple[re.Pattern[str], str], ...]]:
    """Spelling rules that turn a German word into the English word it looks like, by word kind."""
    rules = data()["false_friend"]
    return {kind: tuple((re.compile(a), b) for a, b in pairs) for kind, pairs in rules.items()}


@lru_cache(maxsize=20_000)
def false_friend(lemma: str, kind: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(English look-alike, what the word means, German words of the same kind for the look-alike, the likeliest
    first) for a word spelled like an English word that the dictionary does not give as its meaning, where the
    English word has a German equivalent (a noun for a noun: ``Prospekt``, *prospect*: ``Perspektive``, not
    the verb ``suchen``)."""
    d, lex = dictionary(), lexicon()
    meanings = d.english_for.get(lemma, ())
    if not meanings or lex.zipf(lemma) < 2.0:
        return None
    for pattern, replacement in _look_alike_rules().get(kind, ()):
        if not pattern.search(lemma.lower()):
            continue
        spelled = pattern.sub(replacement, lemma.lower())
        english = max((spelled, spelled.replace("k", "c"), spelled.replace("z", "c")), key=lambda e: lex.zipf(e, "en"))
        if lex.zipf(english, "en") < 3.5 or any(m.startswith(english[:-2]) for m in meanings):
            continue  # no English word, or one the German word does mean
        germans = d.german_for.get(english, ())
        if lemma in germans or lemma.lower() in germans:
            continue
        noun = kind == "noun"
        best = tuple(
            g for g in best_german(english, lex.zipf, limit=8) if lex.zipf(g) >= 3.0 and g[:1].isupper() == noun
        )[:MAX_SUGGESTIONS]
        if best:
            return english, meanings[0], best
    return None
