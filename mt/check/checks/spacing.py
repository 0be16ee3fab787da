"""Spacing artifacts: a space before the hyphen of a compound, a verb split from its particle,
a space before punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mt.check.context import Check, Context
from mt.check.rules import rule_data
from mt.plugins.flags import Flag

_SPACED_HYPHEN = re.compile(r"(?<![\w-])([\wÄÖÜäöüß]+) -(?=[A-ZÄÖÜa-zäöü][\wäöüß]+)([\wÄÖÜäöüß]+(?:-[\wäöüß]+)*)")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=[A-Za-zÄÖÜäöüß0-9])[ \t]+([,;.!?:])(?=\s|$)")


class SpacedHyphen(Check):
    """A hyphen cut off its compound by a space (``US -Regierung``): how MT joins an English word to German."""

    name = "spaced-hyphen"
    category = "spacing"
    must_flag = (
        "Die [[US -Regierung=>US-Regierung]] reagierte sofort.",
        "Nach dem Ende des [[Grenz -Konflikts=>Grenz-Konflikts]] im Jahr 2031.",
    )
    must_pass = (
        "Berlin - Die Regierung hat reagiert.",
        "Vor- und Nachteile wurden abgewogen.",
        "Die US-Regierung und die EU-Kommission verhandeln.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for m in _SPACED_HYPHEN.finditer(ctx.text):
            yield self.flag(
                ctx,
                m.start(),
                m.end(),
                "Space before the hyphen of a compound.",
                suggestions=[f"{m.group(1)}-{m.group(2)}"],
                confidence=0.9,
                safe=True,
            )


class SplitParticle(Check):
    """A separable verb's particle written apart from its infinitive (``ab schrecken``): German writes one word."""

    name = "split-particle"
    category = "spacing"
    must_flag = ("Die Sanktionen sollen andere Länder [[ab schrecken=>abschrecken]].",)
    must_pass = ("Ab sofort gilt die Regel.", "Er hat nichts zu verlieren.", "Ab heute sind die Läden offen.")

    def run(self, ctx: Context) -> Iterable[Flag]:
        particles = set(rule_data("spacing")["particles"])
        for s, sentence in enumerate(ctx.tokens):
            for first, second in zip(sentence, sentence[1:]):
                if first.text.lower() not in particles or not second.text.isalpha() or not second.text.islower():
                    continue
                if ctx.text[first.end : second.start] != " " or len(second.text) < 4:
                    continue
                joined = first.text + second.text
                if (
                    ctx.lexicon.spelled(joined.lower())
                    and ctx.lexicon.zipf(joined.lower()) >= 2.0
                    and ctx.tags(s)[second.index][1].startswith("VV")
                ):
                    yield self.flag(
                        ctx,
                        first.start,
                        second.end,
                        f"Verb split from its particle: '{joined.lower()}' is one word.",
                        suggestions=[joined],
                        confidence=0.6,
                    )


class SpaceBeforePunctuation(Check):
    """A space before a comma, full stop or other closing punctuation."""

    name = "space-before-punctuation"
    category = "spacing"
    must_flag = ("Die Regierung[[ ,=>,]] die gewählt wurde, tagt.", "Es waren über 5000[[ .=>.]]")
    must_pass = (
        "Die Regierung, die gewählt wurde, tagt.",
        "Er sagte: „Nein.“",
        "Seite 5 ...",
        "Es stand 2 : 1 für Mainz.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for m in _SPACE_BEFORE_PUNCT.finditer(ctx.text):
            if m.group(1) == ":" and ctx.text[m.start() - 1].isdigit():
                continue  # a score: "2 : 1"
            yield self.flag(
                ctx,
                m.start(),
                m.end(),
                "Space before a punctuation mark.",
                category="punctuation",
                suggestions=[m.group(1)],
                confidence=0.8,
                safe=True,
            )
