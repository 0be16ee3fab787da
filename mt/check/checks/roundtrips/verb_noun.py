"""A noun with the verb English uses with it where German has another (``eine Rede geben``)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mt.check.checks.roundtrips.evidence import (
    ARTICLES,
    CLAUSE_ENDS,
    MAX_GLOSSES,
    MIN_ATTRACTION,
    MIN_USE_RATIO,
    MIN_USES,
    NOUN_VERB_DISTANCE,
    light_verbs,
)
from mt.check.context import Check, Context
from mt.lang.collocations import FINITE_VERB_TAGS, Collocations, collocations
from mt.lang.dictionary import Dictionary, dictionary
from mt.lang.lexicon import lexicon
from mt.plugins.flags import Flag


class VerbNounCalque(Check):
    """A noun with the verb English pairs it with where German uses another (``eine Rede geben``)."""

    name = "calque-verb-noun"
    category = "calque"
    must_flag = (
        "Die Regierung hat am Montag eine Entscheidung [[genommen=>eine Entscheidung treffen]].",
        "Der Minister wird morgen eine Rede [[geben=>eine Rede halten]].",
        # not a light verb: clean German's collocations say which verb German puts with the noun
        "Die Stadt will im nächsten Jahr mehr Geld für ihre Bäder [[verbringen=>Geld ausgeben]].",
    )
    must_pass = (
        "Die Regierung hat am Montag eine Entscheidung getroffen.",
        "Der Minister wird morgen eine Rede halten.",
        "Sie spielt eine wichtige Rolle.",  # German says so too (eine Rolle spielen)
        "Die Stadt will im nächsten Jahr mehr Geld für ihre Bäder ausgeben.",
        "Die Familie will den Sommer am See verbringen.",
        # the dictionary's own is „Schaden anrichten“ (wreak damage), but German pairs the noun with this verb too
        "Das Unwetter hat in der Region große Schäden verursacht.",
        # a noun and a verb of two clauses are no pair
        "Die Reise wird fortgesetzt, bis alle Ziele erreicht sind.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        d, counts = dictionary(), collocations()
        for s, sentence in enumerate(ctx.tokens):
            tags = ctx.tags(s)
            nouns = {t.index: (t, lemma) for t, (lemma, tag) in zip(sentence, tags) if tag == "NN" and len(lemma) >= 3}
            lemmas = _with_particles(tags, d)
            verbs = [(t, lemma) for t, lemma, (_, tag) in zip(sentence, lemmas, tags) if _tried(lemma, tag, counts)]
            for verb, verb_lemma in verbs:
                near = range(verb.index - NOUN_VERB_DISTANCE, verb.index + NOUN_VERB_DISTANCE + 1)
                for noun, noun_lemma in (nouns[i] for i in near if i in nouns):
                    first, last = sorted((noun.index, verb.index))
                    if any(t in CLAUSE_ENDS for _, t in tags[first:last]):
                        continue
                    found = _verb_noun_calque(d, noun_lemma, verb_lemma)
                    evidence = found and _usage(counts, noun_lemma, verb_lemma, found[1])
                    if found and evidence is not None:
                        english, german = found
                        yield self.flag(
                            ctx,
                            verb.start,
                            verb.end,
                            f"„{noun.text} … {verb.text}“ says the English „{english}“ word for word; "
                            f"German says „{german}“.{evidence}",
                            suggestions=[german],
                            confidence=0.6,
                        )


def _with_particles(tags: list[tuple[str, str]], d: Dictionary) -> list[str]:
    """The lemmas of a sentence, a finite verb joined with its separated particle where the dictionary knows
    the verb so made (gab … heraus: herausgeben)."""
    lemmas = [lemma for lemma, _ in tags]
    for i, (lemma, tag) in enumerate(tags):
        if tag not in FINITE_VERB_TAGS:
            continue
        for particle, particle_tag in tags[i + 1 :]:
            if particle_tag.startswith("$") or particle_tag in FINITE_VERB_TAGS:
                break  # the clause ends first
            if particle_tag == "PTKVZ":
                if f"{particle}{lemma}" in d.english_for:
                    lemmas[i] = f"{particle}{lemma}"
                break
    return lemmas


def _other_words(german: str, noun: str) -> list[str]:
    """The words of a German expression but the noun, lower-cased (``eine Frage stellen``: eine, stellen)."""
    return [w.lower() for w in german.split() if w != noun]


def _tried(lemma: str, tag: str, counts: Collocations | None) -> bool:
    """Whether a verb is tried with the nouns near it: any full verb where clean German's collocations can
    say which verb German puts with a noun, else only the light verbs of the rule file."""
    if lemma in light_verbs():
        return tag[:2] in ("VV", "VA")
    return counts is not None and tag[:2] == "VV"


def _usage(counts: Collocations | None, noun: str, verb: str, german: str) -> str | None:
    """Clean German's evidence for a calque, to go into its message (``""`` where it has none), or ``None``
    where it speaks against one.

    A verb *attracts* the noun where the noun stands near it in :data:`MIN_USES` lines or more, and in a share
    of the verb's lines :data:`MIN_ATTRACTION` times the share of all lines that have the noun (so that a
    verb found everywhere, such as ``kommen``, attracts nothing). For: the verb of German's own expression (the
    last word of ``german``) attracts the noun and has it near :data:`MIN_USE_RATIO` times as often, by share,
    as this verb. Against: this verb attracts the noun itself (``Schaden verursachen``), or there is no
    evidence for and this is not a light verb of the rule file."""
    if counts is None:
        return ""
    own_verb, base = german.split()[-1], counts.count(noun) / counts.lines
    own, this = counts.count(noun, own_verb), counts.count(noun, verb)
    own_lines, these_lines = counts.count(own_verb), counts.count(verb)

    def attracts(together: int, lines: int) -> bool:
        return together >= MIN_USES and together >= MIN_ATTRACTION * lines * base

    if attracts(this, these_lines):
        return None
    if attracts(own, own_lines) and own * these_lines >= MIN_USE_RATIO * this * own_lines:
        return (
            f" Clean German has „{noun} … {own_verb}“ in {own:,} of {own_lines:,} lines with „{own_verb}“, "
            f"„{noun} … {verb}“ in {this:,} of {these_lines:,}."
        )
    return "" if verb in light_verbs() and this < MIN_USES else None


def _zipf(word: str) -> float:
    return lexicon().zipf(word)


def _verb_noun_calque(d: Dictionary, noun: str, verb: str) -> tuple[str, str] | None:
    """(English expression, German expression) where the noun and verb render the English word for word,
    the dictionary's German for it keeps the noun with another verb, and no German phrase of the dictionary
    has the noun with this verb."""
    noun_glosses = d.english_for.get(noun, ())[:MAX_GLOSSES]
    verb_glosses = d.english_for.get(verb, ())[:MAX_GLOSSES]
    noun_word = re.compile(rf"(?<!\w){re.escape(noun)}(?!\w)")
    verb_stem = verb[:-2] if verb.endswith("en") else verb[:-1]
    for v in verb_glosses:
        for n in noun_glosses:
            for article in ARTICLES:
                english = f"{v} {article}{n}"
                germans = d.german_for.get(english)
                if not germans:
                    continue
                if any(verb_stem.lower() in w for g in germans for w in _other_words(g, noun)) or d.together(
                    noun, verb
                ):
                    return None  # German uses this verb too, here or in a phrase of its own (sich Zeit nehmen)
                with_noun = [g for g in germans if " " in g and noun_word.search(g)]
                if with_noun:  # the most usual wording: the one whose rarest word is the least rare
                    return english, max(with_noun, key=lambda g: min(_zipf(w) for w in g.split()))
    return None
