"""A compound glued from the glosses of an English compound (``Zeitlinie`` for *timeline*)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from mt.check.checks.roundtrips.evidence import MAX_COMPOUND_ZIPF, MAX_GLOSSES, MAX_SUGGESTIONS, MIN_ENGLISH_ZIPF
from mt.check.context import Check, Context, Token
from mt.lang.dictionary import Dictionary, best_german, dictionary
from mt.lang.lexicon import MAX_WORD_CHARS, Lexicon
from mt.plugins.flags import Flag


class CompoundCalque(Check):
    """A compound built word for word from an English phrase that German says otherwise."""

    name = "calque-compound"
    category = "calque"
    must_flag = (
        "Die [[Zeitlinie=>Zeitleiste]] des Abzugs steht.",
        "Die [[Gesundheitspflege-Reform=>Gesundheitsversorgung-Reform]] kommt.",
        "Die [[Feuerkämpfer=>Feuerwehrmann]] kamen schnell.",  # an agent noun: kämpfen, fight → firefighter
        "Die [[Gesetzesmacher=>Parlamentarier]] stimmten ab.",  # an agent noun: machen, make → lawmaker
        "Eine [[bodenbrechende=>innovative]] Studie erschien.",  # a participle: groundbreaking
    )
    must_pass = (
        "Die Basisbewegung wächst.",
        "Ein Abgeordneter aus Texas stimmte dagegen.",
        "Der Bundesverkehrsminister reiste nach Rom.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        d, lex = dictionary(), ctx.lexicon
        for sentence in ctx.tokens:
            for token in sentence:
                for start, end, word in _compound_words(token):
                    if (
                        word in d.english_for
                        or lex.zipf(word) >= MAX_COMPOUND_ZIPF
                        or any(s in d.english_for for s in lex.stems(word))
                    ):
                        continue  # a word of the language: one the dictionary renders by a word (a compound it
                        # gives only for an English phrase may be that phrase's calque)
                    parts = _parts(word, lex)
                    if not parts:
                        continue
                    found = _compound_calque(d, lex, parts, word)
                    if found:
                        english, germans = found
                        yield self.flag(
                            ctx,
                            start,
                            end,
                            f"„{word}“ glues the English „{english}“ together word for word; German says "
                            f"„{germans[0]}“.",
                            severity="major",
                            suggestions=germans,
                            confidence=0.6,
                        )


_PARTICIPLE = re.compile(r"end(?:e|en|er|es|em)?$")  # bodenbrechend(e): English -ing compounds (groundbreaking)


def _compound_words(token: Token) -> Iterator[tuple[int, int, str]]:
    """The token, or a hyphenated word (Gesundheitspflege-Reform), as (start, end, word)."""
    if len(token.text) > MAX_WORD_CHARS:
        return  # no German word is that long, and analysing one is quadratic
    if "-" not in token.text:
        if (
            token.text.isalpha()
            and len(token.text) >= 8
            and (token.text[:1].isupper() or _PARTICIPLE.search(token.text))
        ):
            yield token.start, token.end, token.text
        return
    words = token.text.split("-")
    if len(words) == 2 and all(w.isalpha() and len(w) >= 3 for w in words):
        yield token.start, token.end, token.text


def _parts(word: str, lex: Lexicon) -> list[str] | None:
    """The parts of a compound, each split further where it is a compound itself (Gesundheitspflege-Reform:
    Gesundheit, Pflege, Reform)."""
    parts = (
        word.split("-")
        if "-" in word
        else [p.capitalize() if word[:1].isupper() else p for p in lex.compound(word) or ()]
    )
    if not parts:
        return None
    finer: list[str] = []
    for part in parts:
        split = lex.compound(part)
        finer.extend([p.capitalize() for p in split] if split and part[:1].isupper() else split or [part])
    return _known_units(finer)


def _known_units(parts: list[str]) -> list[str]:
    """Neighbouring parts joined again where together they are a word of the dictionary (Flug, Hafen,
    Gelände: Flughafen, Gelände), so that a pair glossed is never half of a German word."""
    headwords = dictionary().english_for
    units: list[str] = []
    for part in parts:
        if units and units[-1] + part.lower() in headwords:
            units[-1] += part.lower()
        else:
            units.append(part)
    return units


def _glosses(d: Dictionary, lex: Lexicon, part: str) -> tuple[str, ...]:
    """English glosses of a compound part: of the part itself, its stems, the part without a linking element
    (Gerichts-) or an adjective ending (-brechende); for an agent noun in -er, its verb's glosses with -er
    (Macher: machen, make → maker; Bewahrer: keep → keeper)."""
    unlinked = [part[: -len(end)] for end in ("es", "s", "en", "n", "e", "er", "em") if part.endswith(end)]
    forms = (part, part.capitalize(), part.lower(), *unlinked, *lex.stems(part))
    own = next((d.english_for[f][:MAX_GLOSSES] for f in forms if f in d.english_for), ())
    agent: tuple[str, ...] = ()
    if part.lower().endswith("er") and len(part) > 5:
        verb = d.english_for.get(part.lower()[:-2] + "en", ())[:MAX_GLOSSES]
        agent = tuple(v + ("r" if v.endswith("e") else "er") for v in verb)
    return own + agent


def _compound_calque(d: Dictionary, lex: Lexicon, parts: list[str], word: str) -> tuple[str, list[str]] | None:
    """(English compound, German words, the likeliest first) for two neighbouring parts that gloss to an
    English compound written as one word (congressman, grassroots) that the dictionary renders otherwise;
    each German word replaces those parts, the rest of the compound kept."""
    whole = word.lower().replace("-", "")
    for i in range(len(parts) - 1):
        head, tail = parts[i], parts[i + 1]
        literal = (head + tail).lower()
        for a in _glosses(d, lex, head):
            for b in _glosses(d, lex, tail):
                for english in (f"{a}{b}", f"{a}-{b}", f"{a}{b}s"):
                    germans = d.german_for.get(english)
                    if not germans or lex.zipf(english, "en") < MIN_ENGLISH_ZIPF:
                        continue
                    spellings = [g.lower().replace("-", "") for g in germans]
                    if any(literal[:-1] in g or whole.startswith(g[:-1]) for g in spellings):
                        return None  # German says it so too
                    same_kind = [
                        g for g in best_german(english, lex.zipf, limit=10) if g[:1].isupper() == word[:1].isupper()
                    ]
                    if same_kind:
                        return english, [_replaced(word, head, tail, g) for g in same_kind[:MAX_SUGGESTIONS]]
    return None


def _replaced(word: str, head: str, tail: str, german: str) -> str:
    """The word with the parts from head to tail replaced by the German word (Bundeszeitlinie: Bundeszeitleiste;
    Gesundheitspflege-Reform: Gesundheitsversorgung-Reform)."""
    lower = word.lower()
    start = lower.find(head.lower())
    end = lower.find(tail.lower(), start + len(head)) + len(tail)
    glued = start > 0 and word[start - 1] != "-"
    replaced = word[:start] + (german.lower() if glued else german) + word[end:]
    if word[:1].islower():  # an adjective keeps its ending: bodenbrechende → bahnbrechende
        ending = next((e for e in ("em", "en", "er", "es", "e") if word.endswith(e) and not german.endswith(e)), "")
        return replaced + ending if end == len(word) else replaced
    return replaced
