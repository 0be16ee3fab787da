"""Broken sentences: fragments without a finite verb, doubled words, unbalanced quotes,
and a noun restated by its own verb ("die Beendigung … zu beenden")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mt.check.context import Check, Context
from mt.document.quotes import unpaired
from mt.plugins.flags import Flag

SUBORDINATORS = {"PRELS", "PRELAT", "KOUS", "KOUI", "PWS", "PWAV", "PWAT"}
VERB_PREFIXES = ("VV", "VA", "VM")
# Determiners and pronouns that may legitimately stand twice ("die die Wahl gewann").
LEGIT_DOUBLES = {"die", "der", "das", "den", "dem", "des", "sie", "es", "was", "wer", "ich", "er", "wir", "ihr"}
_DOUBLED = re.compile(r"\b(\w{2,})\b[ \t]+\b(\1)\b", re.IGNORECASE)


class Fragment(Check):
    """A sentence with no finite verb that is no headline: a clause cut off from its sentence."""

    name = "fragment"
    category = "omission"
    must_flag = ("[[Konsulate in allen drei Städten, die die wirtschaftlichen Kontakte deutlich erleichtern.=>]]",)
    must_pass = (
        "Die Botschaften in beiden Ländern arbeiten wieder normal.",
        "Brand in französischem Chemiewerk gelöscht",
        "Was für ein Spiel!",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for s, sentence in enumerate(ctx.document.sentences):
            tokens = ctx.tokens[s]
            words = [t for t in tokens if t.is_word]
            if len(words) < 6 or not sentence.text.rstrip().endswith(".") or ":" in sentence.text:
                continue  # headlines, captions, lists and short exclamations often have no verb
            tags = [tag for _, tag in ctx.tags(s)]
            if any("FIN" in tag or tag.endswith("(IMP)") for tag in tags):
                continue
            cut = next((i for i, tag in enumerate(tags) if tag in SUBORDINATORS), len(tags))
            if any(tag.startswith(VERB_PREFIXES) for tag in tags[:cut]):
                continue
            # A subordinate clause hanging off a verbless main clause is the mark of dropped content;
            # short verbless sentences are often deliberate (captions, elliptic style).
            dangling = cut < len(tags) and any(tag.startswith(VERB_PREFIXES) for tag in tags[cut:])
            major = dangling and len(words) >= 12
            yield self.flag(
                ctx,
                sentence.start,
                sentence.end,
                "Sentence without a finite verb: a fragment, perhaps with content dropped.",
                severity="major" if major else "minor",
                confidence=0.6 if major else 0.3,
            )


class DoubledWord(Check):
    """The same word twice in a row."""

    name = "doubled-word"
    category = "grammar"
    must_flag = ("Die Gespräche in [[Moskau Moskau=>Moskau]] wurden vertagt.",)
    must_pass = ("Die Partei, die die Wahl gewann, regiert.", "Er sagte, dass das das Ende sei.")

    def run(self, ctx: Context) -> Iterable[Flag]:
        for m in _DOUBLED.finditer(ctx.text):
            if m.group(1).lower() in LEGIT_DOUBLES or m.group(1).isdigit():
                continue
            yield self.flag(
                ctx,
                m.start(),
                m.end(),
                f"'{m.group(1)}' twice in a row.",
                suggestions=[m.group(1)],
                confidence=0.8,
                safe=True,
            )


class UnbalancedQuotes(Check):
    """A quotation mark opened and never closed, or closed and never opened."""

    name = "unbalanced-quotes"
    category = "punctuation"
    must_flag = (
        "Er sprach von [[„=>]]illegalen Handlungen der Regierung.",
        "Er sagte: Wir kommen.[[”=>]] Dann ging er.",
    )
    must_pass = (
        "Er sprach von „illegalen Handlungen“ der Regierung.",
        "Er sagte: „Wir kommen.“",
        "Der Minister sagte: “Wir werden das prüfen.” Später nicht mehr.",  # English-style, as on the web
        "»Wir kommen«, sagte er, und sie nannten es «eine Wende».",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for p in ctx.document.paragraphs:
            position = unpaired(ctx.text[p.start : p.end])
            if position is None:
                continue
            yield self.flag(
                ctx,
                p.start + position,
                p.start + position + 1,
                "Quotation marks do not pair up: a quote opened and never closed, or the reverse.",
                confidence=0.6,
            )


class RestatedNoun(Check):
    """A noun phrase that restates the verb it governs (an English gerund construction carried over): the sentence is garbled."""

    name = "restated-noun"
    category = "mistranslation"
    must_flag = (
        "Sie einigten sich auf die [[Beendigung des Konflikts und die Verbesserung der Beziehungen zu beenden=>]].",
    )
    must_pass = ("Sie einigten sich darauf, den Konflikt zu beenden.", "Die Regierung will die Steuern senken.")

    def run(self, ctx: Context) -> Iterable[Flag]:
        for s, tokens in enumerate(ctx.tokens):
            if not any(t.text.endswith("ung") for t in tokens):
                continue
            tags = ctx.tags(s)
            for i, (token, (lemma, tag)) in enumerate(zip(tokens, tags)):
                if tag != "NN" or not lemma.endswith("ung") or len(lemma) < 7:
                    continue
                stem = re.sub(r"(?:igung|ung)$", "", lemma).lower()
                for later, (verb_lemma, verb_tag) in zip(tokens[i + 1 :], tags[i + 1 :]):
                    if verb_tag.startswith("VV") and verb_lemma.lower().startswith(stem) and len(stem) >= 4:
                        yield self.flag(
                            ctx,
                            token.start,
                            later.end,
                            f"'{token.text}' and '{later.text}' say the same thing twice: a garbled construction?",
                            confidence=0.5,
                        )
                        break
