"""Calques found by a round trip through the German–English dictionary (:mod:`mt.lang.dictionary`):
German words that are real, but that say an English expression word for word where German has its own.

- :class:`VerbNounCalque`: a noun with the verb English uses with it (``eine Entscheidung nehmen`` for *take
  a decision*) where the dictionary gives the English expression a German one with another verb
  (``eine Entscheidung treffen``), and clean German (:mod:`mt.lang.collocations`) puts the noun near that
  verb far more often than near this one; without those counts, only the light verbs of the rule file.
- :class:`CompoundCalque`: a compound glued from the glosses of an English compound (*timeline*:
  ``Zeitlinie``; *lawmaker*: ``Gesetzesmacher``; *groundbreaking*: ``bodenbrechend``) that the dictionary
  does not know, where it knows the German word for the English one.
- :class:`PrepositionCalque`: an adjective with the German for its English translation's preposition
  (``abhängig auf`` for *dependent on*) where the dictionary gives the German word another (``abhängig von``).
- :class:`FalseFriend`: a word spelled like an English word that it does not mean (``aktuell`` is not
  *actually*), flagged with the German for the English word.

Each flag names the English expression it came from, so an editor sees the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from mt.check.base import Check, Context, Token
from mt.check.rules import rule_data
from mt.lang.collocations import FINITE_VERB_TAGS, PREPOSITIONS, Collocations, collocations
from mt.lang.dictionary import Dictionary, best_german, dictionary
from mt.lang.lexicon import MAX_WORD_CHARS, Lexicon, lexicon
from mt.plugins.flags import Flag

MAX_GLOSSES = 5  # English glosses tried per German word, the most frequent first
MAX_SUGGESTIONS = 3
NOUN_VERB_DISTANCE = 8  # tokens between a noun and its verb
CLAUSE_ENDS = ("$,", "$.")  # tags of the punctuation between clauses: a noun and a verb either side are no pair
ARTICLES = ("", "a ", "an ", "the ")
MIN_ENGLISH_ZIPF = 2.5  # an English compound written as one word must be in use (not "windblow")
MAX_COMPOUND_ZIPF = 3.0  # a compound German uses this often is German's own
MIN_USES = 3  # lines of clean German with a noun near a verb that show German pairs them
MIN_USE_RATIO = 5.0  # how much more often German's own verb has the noun near it than the calque's verb
MIN_ATTRACTION = 5.0  # … and than a line of clean German has it at all
MIN_VERB_PREPOSITION_RATIO = 20.0  # how much more often a verb has its own preposition near it than the calque's


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
    if lemma in _light_verbs():
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
    return "" if verb in _light_verbs() and this < MIN_USES else None


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
        literal = _data()["preposition"]["literal"]
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
    rules = _data()["false_friend"]
    return {kind: tuple((re.compile(a), b) for a, b in pairs) for kind, pairs in rules.items()}


@lru_cache(maxsize=1)
def _data() -> dict:
    return rule_data("roundtrips")


@lru_cache(maxsize=1)
def _light_verbs() -> frozenset[str]:
    return frozenset(_data()["verb_noun"]["light_verbs"])


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
