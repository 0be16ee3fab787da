"""Word-level checks: non-words, spelling slips, English left untranslated, suspiciously rare words."""

from __future__ import annotations

from collections.abc import Iterable

from mt.check.base import Check, Context
from mt.check.flags import Flag
from mt.check.wordkinds import words


class NonWord(Check):
    name = "non-word"
    category = "non-word"
    must_flag = (
        "[[Hochstufige]] Beamte aus beiden Ländern trafen sich.",  # Hunspell's suggestions miss here
        "Die Regierung [[kuendigt=>kündigt]] neue Gespraeche an.",
        "Das Treffen findet in [[Brüsel=>Brüssel]] statt.",
    )
    must_pass = (
        "Das Bundesverfassungsgericht hat die Klage abgewiesen.",
        "Die Sprecherin Lynne Tracy traf Jens Spahn in Gelsenkirchen.",
        "Die Gesamtbotschaftsfunktionen wurden neu geordnet.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for word in words(ctx):
            if word.kind == "non-word":
                yield self.flag(
                    ctx,
                    word.start,
                    word.end,
                    f"'{word.text}' is not a German word.",
                    severity="major" if word.major else "minor",
                    suggestions=ctx.lexicon.suggest(word.text),
                    confidence=0.7 if word.major else 0.4,
                )
            elif word.kind == "umlaut":
                yield self.flag(
                    ctx,
                    word.start,
                    word.end,
                    f"Umlaut spelled out: '{word.hint}'.",
                    category="spelling",
                    suggestions=[word.hint] if word.hint else [],
                    confidence=0.9,
                    safe=True,
                )
            elif word.kind == "near-miss":
                yield self.flag(
                    ctx,
                    word.start,
                    word.end,
                    f"Unknown name one letter away from '{word.hint}': a misspelling?",
                    category="spelling",
                    severity="major" if word.major else "minor",
                    suggestions=[word.hint] if word.hint else [],
                    confidence=0.6,
                )


class Untranslated(Check):
    name = "untranslated"
    category = "untranslated"
    must_flag = (
        "Ein großer [[Backlash=>Gegenreaktion]] folgte im Jahr 2016.",
        "Ein wichtiger [[Breakthrough=>Durchbruch]] kam im März.",
        "Die Regierung plant einen neuen [[Lockdown=>Abriegelung]]-Approach.",
    )
    must_pass = (
        "Das Team hat am Computer gearbeitet.",
        "Die Managerin lobte das Smartphone.",
        "Er las die New York Times.",
        "Das schrieb der Guardian am Montag.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for word in words(ctx):
            if word.kind == "english":
                german = ctx.lexicon.german_for(word.text)
                yield self.flag(
                    ctx,
                    word.start,
                    word.end,
                    f"English word left untranslated: '{word.text}'.",
                    severity="major" if word.major else "minor",
                    suggestions=german,
                    confidence=0.7 if word.major else 0.4,
                )


class RareWord(Check):
    name = "rare-word"
    category = "mistranslation"
    must_flag = ("Beide Länder beklagten gegenseitige [[Ausbuchten=>]] ihrer Diplomaten.",)
    must_pass = ("Die Ausweisungen der Diplomaten wurden kritisiert.",)

    def run(self, ctx: Context) -> Iterable[Flag]:
        for word in words(ctx):
            if word.kind == "rare":
                yield self.flag(
                    ctx,
                    word.start,
                    word.end,
                    f"'{word.text}' is a real word, but news German almost never uses it "
                    f"(frequency {ctx.lexicon.zipf(word.text):.1f} on the Zipf scale): a wrong word sense?",
                    confidence=0.4,
                )
