"""The German–English dictionary with its phrases, for round trips: Debian's ``trans-de-en`` (Ding), read in
full, every aligned sense, so that ``einen Vortrag halten :: to give a talk`` and ``Stabschef :: chief of
staff`` are entries too.

A line of the file is ``German senses :: English senses``, senses separated by `` | `` and aligned by
position, alternatives within a sense by ``;``. Read once (30–40 s on this 2-core machine) and cached as a pickle under
``$MT_CACHE_DIR`` (default ``~/.cache/mt``), keyed by the file's size and time and by :data:`FORMAT`.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from mt.config import cache_dir, trans_de_en
from mt.support.cachefiles import cached_pickle

log = logging.getLogger(__name__)

_BRACKETS = re.compile(r"\{[^}]*\}|\[[^\]]*\]|\([^)]*\)|<[^>]*>|/[^/\s][^/]*/")
_ABBREVIATION = re.compile(r"(?<!\S)/[^/\s][^/]*/")  # Minute {f} /Min.; min./
_GERMAN_PLACEHOLDERS = re.compile(r"(?<!\w)(?:etw|jdm|jdn|jds|jd|irgendwo|irgendwann)\.(?!\w)")
_ENGLISH_PLACEHOLDERS = re.compile(r"(?<!\w)(?:sth|sb|sb\.'s|sth\.'s|one's|oneself)(?:\.|\b)")
_SPACES = re.compile(r"\s+")
MAX_PHRASE_WORDS = 5
FORMAT = 13  # raised whenever parse() changes, so that no cache of an older reading is used


@dataclass
class Dictionary:
    """English phrase → German phrases, and German word → English words, from every sense of trans-de-en."""

    # "make sense" → ("Sinn ergeben", …), sorted: tuples unpickle four times faster than sets (0.4 s, not 1.8 s)
    german_for: dict[str, tuple[str, ...]] = field(default_factory=dict)
    english_for: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "nehmen" → ("take", …), most often first
    # German single words whose English is a phrase: "Leitplanke" → ("crash barrier", "guard rail")
    english_phrases_for: dict[str, tuple[str, ...]] = field(default_factory=dict)
    headwords: frozenset[str] = frozenset()  # every German single word the dictionary has (also "das Ausland")
    # The lexicon's stricter index: English single word → German single words of each entry's first sense.
    first_senses: dict[str, list[str]] = field(default_factory=dict)
    first_senses_of: dict[str, list[str]] = field(default_factory=dict)  # the same, German word → English words
    # German headwords marked [geogr.] without a gender: places (Mainz, Neapel), not nouns (Erdbeben {n}).
    places: frozenset[str] = frozenset()
    # "Noun word" for a noun and a lower-case word of one German phrase (sich Zeit nehmen: "Zeit nehmen",
    # "Zeit sich"): the combinations German itself uses.
    collocations: frozenset[str] = frozenset()
    # Valency: the prepositions a German word takes (abhängig: von; warten: auf), those its English
    # translations take (abhängig: on, of, upon; warten: for), and every "word preposition" written together
    # in a German phrase of the dictionary.
    prepositions: dict[str, frozenset[str]] = field(default_factory=dict)
    english_prepositions: dict[str, frozenset[str]] = field(default_factory=dict)
    preposition_pairs: frozenset[str] = frozenset()
    # Abbreviations Ding gives a German word or phrase (``Gemeinsame Agrarpolitik {f} /GAP/``): the abbreviation → the
    # German it stands for, and → the abbreviations of the English of the same sense (GAP: CAP).
    long_forms: dict[str, frozenset[str]] = field(default_factory=dict)
    english_abbreviations: dict[str, frozenset[str]] = field(default_factory=dict)

    def together(self, noun: str, word: str) -> bool:
        """Whether some German phrase of the dictionary has the noun with the word (``Zeit``, ``nehmen``)."""
        return f"{noun} {word}" in self.collocations

    def __len__(self) -> int:
        return len(self.german_for)


def clean_german(text: str) -> str:
    text = _GERMAN_PLACEHOLDERS.sub(" ", _BRACKETS.sub(" ", text))
    return _SPACES.sub(" ", text).strip(" ,.…")


def clean_english(text: str) -> str:
    text = _ENGLISH_PLACEHOLDERS.sub(" ", _BRACKETS.sub(" ", text.lower()))
    text = _SPACES.sub(" ", text).strip(" ,.…")
    return text[3:] if text.startswith("to ") else text


def parse(lines: list[str]) -> Dictionary:
    """The dictionary of trans-de-en's lines."""
    german_for: dict[str, set[str]] = defaultdict(set)
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first_senses: dict[str, list[str]] = {}
    places: set[str] = set()
    collocations: set[str] = set()
    phrases_for: dict[str, dict[str, None]] = defaultdict(dict)  # ordered sets
    singles: set[str] = set()
    prepositions: dict[str, set[str]] = defaultdict(set)
    english_prepositions: dict[str, set[str]] = defaultdict(set)
    preposition_pairs: set[str] = set()
    long_forms: dict[str, set[str]] = defaultdict(set)
    english_abbreviations: dict[str, set[str]] = defaultdict(set)
    for line in lines:
        german, separator, english = line.partition(" :: ")
        place = _place(german.split(" | ")[0], english.split(" | ")[0])
        if place:
            places.add(place)
        if line.startswith("#") or not separator:
            continue
        _add_first_sense(first_senses, german, english)
        for g_sense, e_sense in zip(german.split(" | "), english.split(" | ")):
            g_raw, e_raw = _alternatives(g_sense), _alternatives(e_sense)
            _read_valency(g_raw, e_raw, prepositions, english_prepositions, preposition_pairs)
            _read_abbreviations(g_raw, e_raw, long_forms, english_abbreviations)
            g_alternatives = [g for a in g_raw for g in _slashed(clean_german(a)) if g]
            e_alternatives = [e for e in (clean_english(a) for a in e_raw) if e]
            g_alternatives = [g for g in g_alternatives if len(g.split()) <= MAX_PHRASE_WORDS]
            for g in g_alternatives:
                collocations.update(_collocations(g))
            for e in e_alternatives:
                if len(e.split()) <= MAX_PHRASE_WORDS:
                    german_for[e].update(g_alternatives)
                    words = e.split()
                    if len(words) >= 3 and words[-1] in _TRAILING:  # "take responsibility for": also without "for"
                        german_for[" ".join(words[:-1])].update(g_alternatives)
            for g in g_alternatives:
                word = _ARTICLE.sub("", g)
                if " " in word:
                    continue
                singles.add(word)
                for e in e_alternatives:
                    if " " not in e and word == g:
                        counts[g][e] += 1
                    elif " " in e and len(e.split()) <= MAX_PHRASE_WORDS:
                        phrases_for[word][e] = None
    english_for = {g: tuple(sorted(c, key=lambda e: -c[e])) for g, c in counts.items()}
    return Dictionary(
        german_for={e: tuple(sorted(g)) for e, g in german_for.items()},
        english_for=english_for,
        english_phrases_for={g: tuple(p) for g, p in phrases_for.items()},
        headwords=frozenset(english_for) | frozenset(singles),
        first_senses=first_senses,
        first_senses_of=_reversed(first_senses),
        places=frozenset(places),
        collocations=frozenset(collocations),
        prepositions={w: frozenset(p) for w, p in prepositions.items()},
        english_prepositions={w: frozenset(p) for w, p in english_prepositions.items()},
        preposition_pairs=frozenset(preposition_pairs),
        long_forms={a: frozenset(g) for a, g in long_forms.items()},
        english_abbreviations={a: frozenset(e) for a, e in english_abbreviations.items()},
    )


_ARTICLE = re.compile(r"^(?:der|die|das|ein|eine) (?=\S+$)")  # das Ausland: Ausland
GERMAN_PREPOSITIONS = "an|auf|aus|bei|für|gegen|in|mit|nach|über|um|unter|von|vor|zu"
ENGLISH_PREPOSITIONS = "about|after|against|at|by|for|from|in|into|of|on|over|to|under|upon|with"
_OBJECT = r"(?:etw|jdm|jdn|jds|jd|sich|einer Sache|einem|einen|einer|dem|den|der|die|das)"
# A German word with its preposition, as Ding writes it: "abhängig (von etw.)", "auf jdn./etw. warten {vi}"
# (not a bracket of words, "fahren {vi} (in Richtung)", which is no preposition of fahren),
# "stolz auf jdn. sein", "auf jdn. stolz sein"; and an English one: "dependent (on sth.)", "to wait for sb.".
_GERMAN_VALENCY = (
    re.compile(
        rf"^(?P<w>[^\W\d_]{{3,}})(?: \{{[^}}]*\}})*\s*\((?:sich )?(?P<p>{GERMAN_PREPOSITIONS})(?: {_OBJECT}|[);/,])"
    ),
    re.compile(
        rf"^(?:sich )?(?P<p>{GERMAN_PREPOSITIONS}) {_OBJECT}\S* (?:/ ?\S+ )?(?P<w>[^\W\d_A-ZÄÖÜ]{{3,}})(?: \{{|$)"
    ),
    re.compile(rf"^(?P<w>[^\W\d_]{{3,}})(?: \{{[^}}]*\}})* (?P<p>{GERMAN_PREPOSITIONS}) {_OBJECT}"),
    re.compile(rf"^(?P<p>{GERMAN_PREPOSITIONS}) {_OBJECT}\S* (?P<w>[^\W\d_A-ZÄÖÜ]{{3,}}) sein\b"),
)
_ENGLISH_VALENCY = (
    re.compile(rf"^(?:to )?(?:be )?(?P<w>[a-z]{{3,}})\s*\((?P<p>{ENGLISH_PREPOSITIONS})\b"),
    re.compile(rf"^(?:to )?(?:be )?(?P<w>[a-z]{{3,}}) (?P<p>{ENGLISH_PREPOSITIONS}) (?:sb|sth|someone|something)\b"),
)
_PAIR = re.compile(rf"(?<!\S)([^\W\d_]+) ({GERMAN_PREPOSITIONS})(?!\S)")


def _read_valency(
    g_alternatives: list[str],
    e_alternatives: list[str],
    prepositions: dict[str, set[str]],
    english_prepositions: dict[str, set[str]],
    pairs: set[str],
) -> None:
    """The prepositions of one aligned sense (its alternatives as Ding writes them): the German word's, and
    its English translation's."""
    word = None
    for alternative in g_alternatives:
        alternative = alternative.strip()
        pairs.update(f"{w} {p}" for w, p in _PAIR.findall(alternative))
        for pattern in _GERMAN_VALENCY:
            m = pattern.search(alternative)
            if m:
                word = m["w"]
                prepositions[word].add(m["p"])
                break
    if word is None:
        return
    for alternative in e_alternatives:
        for pattern in _ENGLISH_VALENCY:
            m = pattern.search(alternative.strip())
            if m:
                english_prepositions[word].add(m["p"])
                break


def is_abbreviation(text: str) -> bool:
    """An abbreviation written in capitals (SPD, AfD, EuGH; not Lkw, Min.): two to six letters, all but one
    of them capitals at most."""
    capitals = sum(c.isupper() for c in text)
    return 2 <= len(text) <= 6 and capitals >= 2 and capitals >= len(text) - 1 and text.isalpha()


def _abbreviations(alternative: str) -> list[str]:
    """The abbreviations between slashes in one alternative (``Europameisterschaft {f} /EM/``)."""
    if "/" not in alternative:
        return []  # most have none: the pattern is not worth running
    found = (a.strip() for m in _ABBREVIATION.finditer(alternative) for a in m.group().strip("/").split(";"))
    return [a for a in found if is_abbreviation(a)]


def _read_abbreviations(
    g_alternatives: list[str],
    e_alternatives: list[str],
    long_forms: dict[str, set[str]],
    english_abbreviations: dict[str, set[str]],
) -> None:
    """The abbreviations of one aligned sense: each German one with the German it stands for, and with the
    English abbreviations of the sense (``Gemeinsame Agrarpolitik {f} /GAP/ :: Common Agricultural Policy /CAP/``)."""
    english = {a for alternative in e_alternatives for a in _abbreviations(alternative)}
    for alternative in g_alternatives:
        long_form = clean_german(alternative)
        for abbreviation in _abbreviations(alternative):
            if long_form:
                long_forms[abbreviation].add(long_form)
            english_abbreviations[abbreviation] |= english


def _collocations(phrase: str) -> Iterator[str]:
    """Each noun of a German phrase with each lower-case word of it, as "noun word" (``eine Rede halten``:
    ``Rede eine``, ``Rede halten``)."""
    words = phrase.split()
    for noun in words:
        if noun[:1].isupper() and noun.isalpha():
            yield from (f"{noun} {w}" for w in words if w[:1].islower() and w.isalpha())


_ENTRY_WORD = re.compile(r"^(?:to\s+)?([A-Za-z][A-Za-z'-]*)$")
_GERMAN_WORD = re.compile(r"^([A-ZÄÖÜa-zäöüß][\wäöüÄÖÜß-]*)(?:\s*\{[^}]*\})?$")


def _add_first_sense(index: dict[str, list[str]], german: str, english: str) -> None:
    """English single words → German single words, from the first alternative sense of an entry."""
    g_sense, e_sense = german.split(" | ")[0], english.split(" | ")[0]
    g_words = [m.group(1) for g in _split_outside_brackets(g_sense) if (m := _GERMAN_WORD.match(_clean(g)))]
    for e in _split_outside_brackets(e_sense):
        m = _ENTRY_WORD.match(_clean(e))
        if m:
            bucket = index.setdefault(m.group(1).lower(), [])
            bucket.extend(w for w in g_words if w not in bucket)


def _reversed(index: dict[str, list[str]]) -> dict[str, list[str]]:
    reverse: dict[str, list[str]] = {}
    for english, germans in index.items():
        for g in germans:
            reverse.setdefault(g, []).append(english)
    return reverse


def _place(german: str, english: str) -> str | None:
    """The headword of an entry trans-de-en marks ``[geogr.]`` without a gender (cities, countries, regions:
    ``Mainz (Stadt in Deutschland) [geogr.]``), or with one where English names it by a name too (``Donau {f}
    (Fluss) [geogr.] :: Danube``, ``Bayern {n}``: Bavaria); not a noun (``Erdbeben {n} [geogr.] :: earthquake``)
    nor one of its people (``Berliner {m}``)."""
    if "[geogr.]" not in german or not (m := _GERMAN_WORD.match(_clean(german.split(";")[0]))):
        return None
    word = m.group(1)
    named = "{" not in german or (_clean(english)[:1].isupper() and not word.endswith("er"))  # not Berliner
    return word if named else None


def _clean(text: str) -> str:
    return re.sub(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}", "", text).strip()


_TRAILING = frozenset({"for", "of", "to", "on", "with", "about", "in", "at", "from", "into"})
_OUTDATED = re.compile(r"\[(?:obs|dated|archaic|old|veraltet|altertümlich)\.?\]")
_BRACED = re.compile(r"\{[^}]*\}")


def _alternatives(sense: str) -> list[str]:
    """The alternatives of one sense (``;`` outside brackets), leaving out those marked obsolete or dated."""
    return [a for a in _split_outside_brackets(_BRACED.sub(" ", sense)) if not _OUTDATED.search(a)]


def _split_outside_brackets(text: str, separator: str = ";") -> list[str]:
    """``Spitze (Kinn-; Messer-); Punkt`` → ``Spitze (Kinn-; Messer-)``, `` Punkt``; abbreviations between
    slashes count as brackets (``Minute {f} /Min.; min./``)."""
    parts, depth, start = [], 0, 0
    abbreviated = {i for m in _ABBREVIATION.finditer(text) for i in range(m.start(), m.end())}
    for i, c in enumerate(text):
        if i in abbreviated:
            continue
        if c in "([{<":
            depth += 1
        elif c in ")]}>" and depth:
            depth -= 1
        elif c == separator and not depth:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def _slashed(phrase: str) -> list[str]:
    """``eine Entscheidung fällen/treffen`` → both phrases (one slashed word at most is expanded)."""
    words = phrase.split()
    for i, word in enumerate(words):
        if "/" in word and not word.startswith("/"):
            return [" ".join([*words[:i], w, *words[i + 1 :]]) for w in word.split("/") if w]
    return [phrase]


@lru_cache(maxsize=1)
def dictionary() -> Dictionary:
    """The dictionary, empty (with a warning) where trans-de-en is not installed."""
    path = trans_de_en()
    try:
        stat = path.stat()
    except OSError:
        log.warning("trans-de-en not found at %s: calque round trips are off (apt-get install trans-de-en)", path)
        return Dictionary()
    cached = cache_dir() / "dictionary" / f"trans-de-en-{stat.st_size}-{int(stat.st_mtime)}-v{FORMAT}.pickle"
    return cached_pickle(  # an older reading or an older file is removed
        cached, Dictionary, lambda: parse(path.read_text(encoding="utf-8").splitlines()), "trans-de-en-*.pickle"
    )


ROUND_TRIP_BONUS = 3.0  # Zipf points for a German word whose first two glosses give the English word back
ROUND_TRIP_PENALTY = 0.5  # Zipf points per place further down its glosses (at most 8 places)


def best_german(english: str, zipf: Callable[[str], float], limit: int = 3) -> list[str]:
    """Single German words for an English word, the likeliest first: frequent in German, and more so those
    that translate back to the English word first (``backlash``: ``Gegenreaktion`` before ``Spiel``, whose
    glosses give *clearance* and *game* before *backlash*)."""
    d = dictionary()
    key = english.lower()
    candidates = {g for g in d.german_for.get(key, ()) if " " not in g and g.lower() != key}

    def score(german: str) -> float:
        back = d.english_for.get(german, ())
        place = back.index(key) if key in back[:8] else 8
        return zipf(german) + (ROUND_TRIP_BONUS if place < 2 else -ROUND_TRIP_PENALTY * place)

    return sorted(candidates, key=lambda g: (-score(g), g))[:limit]
