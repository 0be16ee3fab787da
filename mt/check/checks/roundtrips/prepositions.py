"""A word with the German for its English translation's preposition (``abhängig auf``)."""

from __future__ import annotations

from collections.abc import Iterable

from mt.check.checks.roundtrips.evidence import (
    MAX_SUGGESTIONS,
    MIN_USE_RATIO,
    MIN_USES,
    MIN_VERB_PREPOSITION_RATIO,
    data,
)
from mt.check.context import Check, Context
from mt.lang.collocations import PREPOSITIONS, Collocations, collocations
from mt.lang.dictionary import dictionary
from mt.plugins.flags import Flag


class PrepositionCalque(Check):
    """A word with the preposition English uses where German uses another."""

    name = "calque-preposition"
    category = "calque"
    must_flag = (
        "Viele Länder sind [[abhängig auf=>abhängig von]] Importen aus China.",
        "Die Trainerin ist [[stolz von=>stolz auf]] ihre Mannschaft.",
        # a verb, where clean German's collocations show it with its own preposition, not this one
        "Die Behörden [[warnen gegen=>warnen vor]] Reisen in das Gebiet.",
        # an adjective may follow the preposition (only zu before one is no preposition of the word)
        "Die Kinder sind [[neugierig über=>neugierig auf]] neue Bücher.",
    )
    must_pass = (
        "Viele Länder sind abhängig von Importen aus China.",
        "Die Trainerin ist stolz auf ihre Mannschaft.",
        "Die Angst von Millionen Menschen wächst.",  # a noun: von stands for a genitive
        "Er zog von dannen.",  # a verb whose preposition clean German has after it often (an adverbial's)
        "Die Arbeiter kämpfen für höhere Löhne.",  # fight for: German's too, though the dictionary has um
        "Viele Eltern sind besorgt über steigende Preise.",
        "Der Rennfahrer fährt für ein Team aus Italien.",
        "Das Museum will die Kunst zugänglicher zu machen versuchen.",  # zu before an infinitive
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        d, counts = dictionary(), collocations()
        literal = data()["preposition"]["literal"]
        for s, sentence in enumerate(ctx.tokens):
            tags = None
            for word, following in zip(sentence, sentence[1:]):
                preposition = following.text
                if preposition not in PREPOSITIONS or ctx.text[word.end : following.start] != " ":
                    continue
                tags = tags or ctx.tags(s)
                lemma, tag = tags[word.index]
                if not (tag.startswith("ADJ") or (counts is not None and tag.startswith("VV"))):
                    continue  # a noun's von is a genitive; a verb's preposition, without counts to tell, may be an adverbial's
                after = tags[following.index + 1][1] if following.index + 1 < len(tags) else ""
                if preposition == "zu" and after.startswith(("V", "ADJ", "ADV", "PTK")):
                    continue  # zu before an infinitive or an adjective (leichter zu machen, zu groß)
                english = d.english_prepositions.get(lemma, frozenset())
                proper = d.prepositions.get(lemma, frozenset())
                said = sorted(e for e in english if literal.get(e) == preposition)
                if not said or not proper or preposition in proper or f"{lemma} {preposition}" in d.preposition_pairs:
                    continue
                evidence = _preposition_usage(counts, lemma, preposition, proper, verb=tag.startswith("VV"))
                if evidence is None:
                    continue
                suggestions = [f"{word.text} {p}" for p in sorted(proper)][:MAX_SUGGESTIONS]
                yield self.flag(
                    ctx,
                    word.start,
                    following.end,
                    f"„{word.text} {preposition}“ says the English preposition „{said[0]}“ word for word; "
                    f"German says „{lemma} {' / '.join(sorted(proper))}“.{evidence}",
                    suggestions=suggestions,
                    confidence=0.5,
                )


def _preposition_usage(
    counts: Collocations | None, lemma: str, preposition: str, proper: Iterable[str], *, verb: bool
) -> str | None:
    """Clean German's evidence for a preposition calque (``""`` where it has none), or ``None`` where it speaks
    against one. Prepositions are weighed by their share of the lines that have them, as some stand near
    almost every word (``in``). For: German has one of the word's own prepositions near it in :data:`MIN_USES`
    lines or more, and with a share :data:`MIN_USE_RATIO` times this one's (a verb:
    :data:`MIN_VERB_PREPOSITION_RATIO` times, as a verb's adverbials bring every preposition near it: ``bleibt
    mit drei Punkten vorn``). Against: anything else where German has this preposition near the word in
    :data:`MIN_USES` lines (``kämpfen für``), or the word is a verb."""
    if counts is None:
        return ""
    this = counts.with_preposition(lemma, preposition)
    this_share = this / max(counts.preposition(preposition), 1)
    own, best = max((counts.with_preposition(lemma, p), p) for p in proper)
    own_share = own / max(counts.preposition(best), 1)
    if own >= MIN_USES and own_share >= (MIN_VERB_PREPOSITION_RATIO if verb else MIN_USE_RATIO) * this_share:
        return f" Clean German has „{lemma} {best}“ in {own:,} lines, „{lemma} {preposition}“ in {this:,}."
    return "" if not verb and this < MIN_USES else None
