"""Russian and Ukrainian names in English romanisation (``Sergey Lavrov``), with the German
press spelling (``Sergej Lawrow``) from a table of well-known names and transliteration rules."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

from mt.check.context import Check, Context, Token
from mt.check.rules import rule_data
from mt.plugins.flags import Flag


@lru_cache(maxsize=1)
def _rules() -> tuple[dict[str, str], tuple[str, ...], list[tuple[re.Pattern[str], str]]]:
    table = rule_data("transliteration")
    rules = [(re.compile(pattern), replacement) for pattern, replacement in table["rules"]]
    return table["names"], tuple(table["endings"]), rules


def german_spelling(name: str) -> str:
    """The German press spelling of an English-romanised Slavic name (``Zakharova`` → ``Sacharowa``)."""
    names, _, rules = _rules()
    if name in names:
        return names[name]
    spelled = name.lower()
    for pattern, replacement in rules:
        spelled = pattern.sub(replacement, spelled)
    return spelled[:1].upper() + spelled[1:] if name[:1].isupper() else spelled


SPELLING_SHARE = math.log10(2)  # Zipf points: a spelling German text uses at least half as often as its own


def _first_name(sentence: list[Token], i: int) -> bool:
    """A name of the table with a capitalised word after it: a first name before a surname."""
    following = sentence[i + 1] if i + 1 < len(sentence) else None
    return sentence[i].text in _rules()[0] and following is not None and following.capitalized


def _german_writes_it_too(ctx: Context, name: str) -> bool:
    """German text uses this romanisation at least half as often as the press spelling (``Yuri`` beside
    ``Juri``): a spelling German writers use too, not a slip of a translation. Asked of first names only:
    the English spelling of a surname or an agency is often a brand's too (``Antonov``, the aircraft)."""
    seen = ctx.lexicon.zipf(name)
    return seen > 0 and seen >= ctx.lexicon.zipf(german_spelling(name)) - SPELLING_SHARE


def _marked(name: str) -> bool:
    """In the table, or a Slavic ending plus some other sign of English romanisation: a name whose
    only change would be its last letter ("Selensky" → "Selenski") is left alone."""
    names, endings, _ = _rules()
    if name in names:
        return True
    return len(name) > 4 and name.lower().endswith(endings) and german_spelling(name)[:-1] != name[:-1]


class Transliteration(Check):
    """A Russian name spelled the English way where German spells it its own (``Lavrov`` for ``Lawrow``)."""

    name = "transliteration"
    category = "transliteration"
    must_flag = (
        "Der Kremlsprecher [[Dmitry=>Dmitri]] Peskov sagte am Freitag nichts dazu.",
        "Die Ministerin [[Yulia Svyrydenko=>Julia Swyrydenko]] sprach mit Ria Novosti.",
        "Präsident [[Volodymyr Zelensky=>Wolodymyr Selenskyj]] reiste nach Kyiv.",
    )
    must_pass = (
        "Der Kremlsprecher Dmitri Peskow sagte am Freitag nichts dazu.",
        "Die Sprecherin Maria Sacharowa sprach mit RIA Nowosti.",
        "Bundeskanzler Olaf Scholz traf Xi Jinping und Imran Khan.",
        "Präsident Selensky traf Kanzler Merz.",
        "Der Kosmonaut Yuri Gagarin flog 1961 ins All.",  # German text writes Yuri about as often as Juri
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for sentence in ctx.tokens:
            i = 0
            while i < len(sentence):
                if not self._candidate(ctx, sentence, i):
                    i += 1
                    continue
                first = i  # take in a first name (or agency name) standing before it
                while first > 0 and self._companion(ctx, sentence[first - 1]):
                    first -= 1
                last = i
                while last + 1 < len(sentence) and self._candidate(ctx, sentence, last + 1):
                    last += 1
                span = sentence[first : last + 1]
                if any(german_spelling(t.text) != t.text for t in span):
                    start, end = span[0].start, span[-1].end
                    suggestion = " ".join(german_spelling(t.text) for t in span)
                    from_table = all(t.text in _rules()[0] or german_spelling(t.text) == t.text for t in span)
                    yield self.flag(
                        ctx,
                        start,
                        end,
                        f"English romanisation of a Slavic name; German press spelling: {suggestion}.",
                        suggestions=[suggestion],
                        confidence=0.8 if from_table else 0.6,
                        safe=from_table,
                    )
                i = last + 1

    @staticmethod
    def _candidate(ctx: Context, sentence: list[Token], i: int) -> bool:
        token = sentence[i]
        return (
            token.capitalized
            and token.text.isalpha()
            and _marked(token.text)
            and german_spelling(token.text) != token.text
            and not ctx.lexicon.spelled(token.text)
            and not (_first_name(sentence, i) and _german_writes_it_too(ctx, token.text))
        )

    @staticmethod
    def _companion(ctx: Context, token: Token) -> bool:
        """A capitalized name before a marked one: kept in the span, rewritten if it changes."""
        return (
            token.capitalized
            and token.text.isalpha()
            and not ctx.lexicon.spelled(token.text)
            and ctx.lexicon.compound(token.text) is None  # a German compound (Kremlsprecher) is no name
            and (ctx.lexicon.zipf(token.text) < 3.5 or token.text in _rules()[0])
        )
