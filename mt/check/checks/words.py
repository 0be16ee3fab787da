"""Word-level checks: non-words, spelling slips, English left untranslated, suspiciously rare words."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from mt.check.context import Check, Context, Token
from mt.check.rules import rule_data
from mt.check.wordkinds import words
from mt.lang.lexicon import MAX_WORD_CHARS, Lexicon
from mt.plugins.flags import Flag


class NonWord(Check):
    """A word no German dictionary knows and no compound rule explains: an invented word of MT."""

    name = "non-word"
    category = "non-word"
    must_flag = (
        "[[Hochstufige=>Hochwertige]] Beamte aus beiden Ländern trafen sich.",  # its family; Hochrangige 2nd
        "Die Regierung [[kuendigt=>kündigt]] neue Gespraeche an.",
        "Das Treffen findet in [[Brüsel=>Brüssel]] statt.",
        "Die Firma [[shippte=>verschicken]] die Ware nach Polen.",  # an English verb with a German ending
    )
    must_pass = (
        "Das Bundesverfassungsgericht hat die Klage abgewiesen.",
        "Die Sprecherin Lynne Tracy traf Jens Spahn in Gelsenkirchen.",
        "Die Gesamtbotschaftsfunktionen wurden neu geordnet.",
        "Die Bürger Tutzings feierten.",  # a town's genitive, not a misspelling of it
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for word in words(ctx):
            if word.kind == "non-word":
                english = _english_stem(ctx.lexicon, word.text)
                german = ctx.lexicon.german_for(english) if english else []
                same_kind = [g for g in german if g[:1].isupper() == word.text[:1].isupper()]
                message = f"'{word.text}' is not a German word"
                yield self.flag(
                    ctx,
                    word.start,
                    word.end,
                    f"{message}: the English '{english}' with a German ending?" if same_kind else f"{message}.",
                    severity="major" if word.major else "minor",
                    suggestions=(same_kind + _respellings(ctx.lexicon, word.text))[:3],
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


MAX_TYPO_EDITS = 2  # a Hunspell suggestion this close is a typo's correction


def _respellings(lex: Lexicon, word: str) -> list[str]:
    """Hunspell's suggestions first where one is a typo's correction (``gutausehend``: gutaussehend), else
    the words of the non-word's family first (``Hochstufige``: Hochwertige, Hochrangige)."""
    spelled = lex.suggest(word)
    if spelled and Levenshtein.distance(spelled[0].lower(), word.lower()) <= MAX_TYPO_EDITS:
        return spelled + lex.family(word)
    return lex.family(word) + spelled


# German endings an English word takes in careless translation (shippte, disruptieren, gelauncht), longest first.
_GERMAN_ENDINGS = ("ierten", "ierte", "ieren", "iert", "tet", "ten", "te", "en", "et", "t", "e")
MIN_ENGLISH_STEM_ZIPF = 3.0
ENGLISH_LEAD = 1.0  # Zipf points more frequent in English than in German: an English word, not a loan German uses


def _english_stem(lex: Lexicon, word: str) -> str | None:
    """The English word a non-word is made of, with a German ending (``shippte``: ship, ``disruptieren``:
    disrupt), if English uses it ten times as often as German does (not ``gecovert``: German has *cover*)."""
    if len(word) > MAX_WORD_CHARS:
        return None
    lower = word.lower().removeprefix("ge")
    for ending in _GERMAN_ENDINGS:
        stem = lower.removesuffix(ending)
        if stem == lower or len(stem) < 4:
            continue
        for english in (stem, stem[:-1] if stem[-1:] == stem[-2:-1] else stem):  # shipp- → ship
            known = lex.zipf(english, "en")
            if known >= MIN_ENGLISH_STEM_ZIPF:  # the longest ending that leaves an English word decides
                return english if known - lex.zipf(english) >= ENGLISH_LEAD else None  # gecovert: a loan
    return None


class Untranslated(Check):
    """English words left in the German, with the German the dictionary gives for them."""

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
    """A real German word too rare to be meant here: MT's wrong sense of an English word, or a near miss of the right one."""

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


_JOINERS = frozenset({"of", "for", "and", "the", "on", "&"})


@lru_cache(maxsize=1)
def _institution_nouns() -> frozenset[str]:
    return frozenset(rule_data("untranslated")["institution_nouns"])


class EnglishTitle(Check):
    """A name of an institution, event or rule left in English (``Department of Homeland Security``,
    ``Cornwall Council``): capitalised English words, one of them a noun German news translates."""

    name = "english-title"
    category = "untranslated"
    must_flag = (
        "Das [[Department of Homeland Security=>]] warnte vor Angriffen.",
        "Der Streit landete vor dem [[Bond Court=>]] in Boston.",
    )
    must_pass = (
        "Er las die New York Times.",
        "Manchester United gewann in der Premier League.",
        "Das Heimatschutzministerium warnte vor Angriffen.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        for sentence in ctx.tokens:
            run: list[Token] = []
            for token in [*sentence, None]:
                if token is not None and (_english_capitalised(ctx, token) or (run and token.text in _JOINERS)):
                    run.append(token)
                    continue
                while run and run[-1].text in _JOINERS:
                    run.pop()
                words = [t for t in run if t.text not in _JOINERS]
                if len(words) >= 2 and any(_bare(t.text) in _institution_nouns() for t in words):
                    yield self.flag(
                        ctx,
                        run[0].start,
                        run[-1].end,
                        f"An English name left untranslated: „{ctx.text[run[0].start : run[-1].end]}“; German news "
                        "translates the names of institutions, events and rules.",
                        confidence=0.5,
                    )
                run = []


def _bare(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


def _english_capitalised(ctx: Context, token: Token) -> bool:
    """A capitalised word that English uses more than German (Court, Cornwall; not Regierung, not Team)."""
    word = _bare(token.text)
    if not (word[:1].isupper() and word.isalpha()):
        return False
    en, de = ctx.lexicon.zipf(word, "en"), ctx.lexicon.zipf(word)
    return en >= 3.0 and en >= de + 0.5
