"""What the checks know about words: a German spelling lexicon (Hunspell, Debian's de_DE),
word frequencies in German and English (wordfreq), compound analysis, near-miss spellings,
and a German–English dictionary (Debian's trans-de-en, through :mod:`mt.lang.dictionary`).
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import re
from functools import lru_cache
from pathlib import Path

from wordfreq import get_frequency_dict, iter_wordlist, zipf_frequency

from mt.config import hunspell_dirs
from mt.errors import MtError
from mt.lang.dictionary import best_german, dictionary
from mt.support.budget import check as check_budget

logger = logging.getLogger(__name__)

LETTERS = "abcdefghijklmnopqrstuvwxyzäöüß"
# The longest German words in use have about 60 letters ("Rindfleischetikettierungsüberwachungs…");
# anything longer is not a word, and analysing it (tagging, compounds, near misses) is quadratic.
MAX_WORD_CHARS = 64
MAX_NEAR_MISS_CHARS = 24
FAMILY_HEAD_ZIPF = 4.0  # the first part of a word family: a common word (hoch, Staat, Welt)
FAMILY_MIN_ZIPF = 2.5  # a member of it: a word in use
FAMILY_WORDS = 100_000  # wordfreq's German words searched for members, the most frequent first
LINKS = ("", "s", "es", "n", "en", "e", "er")  # German linking elements between compound parts
# A word wordfreq's tokeniser leaves whole: Latin letters only (Latin-1 and Extended-A/B; not ʼ, a modifier letter)
ONE_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f]+")


class LexiconError(MtError, RuntimeError):
    """A language resource is missing; the message says how to install it."""


class Lexicon:
    """German and English word knowledge, with every look-up cached."""

    def __init__(self) -> None:
        dic, aff = _hunspell_files()
        self._hunspell = _load_hunspell(dic, aff)
        self._dic = dic

    @lru_cache(maxsize=200_000)
    def spelled(self, word: str) -> bool:
        """Hunspell accepts the word (it also accepts many invented compounds); none is longer than any word."""
        return len(word) <= MAX_WORD_CHARS and bool(self._hunspell.spell(word))

    @lru_cache(maxsize=200_000)
    def zipf(self, word: str, lang: str = "de") -> float:
        """wordfreq's Zipf frequency: 0 unseen, 3 about once per million words, 6 very common."""
        if word.isalpha() and ONE_TOKEN.fullmatch(word):
            return listed_zipf(word, lang)
        return zipf_frequency(word, lang)

    def known(self, word: str) -> bool:
        """A German word or a name seen in German text (spelled, frequent, or a compound of known parts)."""
        return self.spelled(word) or self.zipf(word) >= 2.0 or self.compound(word) is not None

    @lru_cache(maxsize=50_000)
    def compound(self, word: str) -> tuple[str, ...] | None:
        """Parts of a compound made only of known words (each part at least 4 letters), if any.

        ``Gesamtbotschaftsfunktionen`` → ``('gesamt', 'botschaft', 'funktionen')``.
        """
        if len(word) > MAX_WORD_CHARS:
            return None  # no German word is that long, and splitting is quadratic in the length
        return _split(word.lower(), self._part_known)

    def _part_known(self, part: str) -> bool:
        z = self.zipf(part)
        german = z >= 1.5 and (self.spelled(part) or self.spelled(part.capitalize()))
        return german and self.zipf(part) >= self.zipf(part, "en") - 1.0  # "flash|point" is no German compound

    def near_miss(self, word: str, min_zipf: float = 2.0) -> str | None:
        """The most frequent known word one edit away (``Brüsel`` → ``Brüssel``), if any.

        Only for words of at most ``MAX_NEAR_MISS_CHARS``: a word has about 64 × its length edits to look up.
        """
        if len(word) > MAX_NEAR_MISS_CHARS:
            return None
        best, best_zipf = None, min_zipf
        for candidate in _edits1(word):
            if candidate.lower() == word.lower():
                continue
            z = self.zipf(candidate)
            if z < best_zipf or z < self.zipf(candidate, "en") - 0.5:  # rarer, or an English word
                continue
            if z > best_zipf or (best is not None and self.spelled(candidate) and not self.spelled(best)):
                best, best_zipf = candidate, z  # wordfreq folds ß into ss: Brüssel and Brüßel tie
        return best

    def suggest(self, word: str, limit: int = 3) -> list[str]:
        """Hunspell's suggestions, the more frequent first.

        Hunspell's search for one word stops itself after about a quarter second; a request past its time
        budget (:mod:`mt.support.budget`) starts no further search, so its work ends within one word's search.
        """
        check_budget()
        suggestions = [s for s in self._hunspell.suggest(word) if " " not in s][: limit * 3]
        return sorted(suggestions, key=lambda s: -self.zipf(s))[:limit]

    def family(self, word: str, limit: int = 3) -> list[str]:
        """Frequent words with the non-word's first part and ending (``Hochstufige``: ``Hochwertige``,
        ``Hochrangige``, ``Hochkarätige``): what a compound with one part rendered wrongly may have meant."""
        if len(word) > MAX_WORD_CHARS:
            return []  # no German word is that long
        lower = word.lower()
        prefixes = (lower[:n] for n in range(len(lower) - 4, 3, -1))  # the longest common word first
        head = next((p for p in prefixes if self.zipf(p) >= FAMILY_HEAD_ZIPF), None)
        if head is None:
            return []
        ending = lower[-3:]
        words = _sorted_words()
        found = []
        for candidate in words[bisect.bisect_left(words, head) :]:
            if not candidate.startswith(head):
                break
            if candidate.endswith(ending) and candidate != lower and self.zipf(candidate) >= FAMILY_MIN_ZIPF:
                found.append(candidate)
        found.sort(key=lambda c: -self.zipf(c))
        return [c[:1].upper() + c[1:] if word[:1].isupper() else c for c in found[:limit]]

    def german_for(self, english: str, limit: int = 3) -> list[str]:
        """German translations of an English word from trans-de-en (empty if it is not installed), the likeliest
        first (:func:`mt.lang.dictionary.best_german`)."""
        return best_german(english, self.zipf, limit)

    @lru_cache(maxsize=50_000)
    def stems(self, word: str) -> tuple[str, ...]:
        """Hunspell's stems of a German word form (``Verhandlungen``: ``verhandeln``, ``Verhandeln``)."""
        if len(word) > MAX_WORD_CHARS:
            return ()
        return tuple(s.decode("utf-8") if isinstance(s, bytes) else s for s in self._hunspell.stem(word))

    def common_german(self, word: str) -> bool:
        """A frequent German word that trans-de-en translates (itself or its stem): not a name."""
        if self.zipf(word) < 3.0:
            return False
        forms = (word, *self.stems(word))
        return any(self.in_dictionary(f) or self.in_dictionary(f[:1].upper() + f[1:]) for f in forms)

    def translates(self, word: str) -> bool:
        """Whether trans-de-en translates the word, or one of its stems as a noun (Gastes: Gast; Bergen: Berg)."""
        return self.in_dictionary(word) or any(self.in_dictionary(s[:1].upper() + s[1:]) for s in self.stems(word))

    def in_dictionary(self, german: str) -> bool:
        """Whether trans-de-en translates this German word in any sense: a word of the language, not a name."""
        return german in dictionary().headwords

    def english_for(self, german: str) -> list[str]:
        """English translations of a German word from trans-de-en (``Allgäu``: ``allgäu``; ``Neapel``: ``naples``)."""
        return dictionary().first_senses_of.get(german, [])

    def translations(self, german: str) -> tuple[str, ...]:
        """Every English translation trans-de-en gives a German word, in all its senses: single words, most often
        first, then phrases (``Leitplanke``: ``crash barrier``, ``guard rail``)."""
        d = dictionary()
        return d.english_for.get(german, ()) + d.english_phrases_for.get(german, ())

    def is_name(self, word: str) -> bool:
        """Whether the German spelling dictionary lists the word as a name: a capitalised entry that inflects
        with the genitive ``-s`` alone or not at all (``Jürgen/S``, ``Klaus``; nouns have more flags:
        ``Fahrer/FNSmgij``) and that trans-de-en does not translate by a word (``Bandoneon/S``, ``Autismus``;
        ``Dirk`` is a name, its only entry a sailor's phrase)."""
        names = _hunspell_names(self._dic)
        base = word if word in names else word[:-1] if word.endswith("s") and word[:-1] in names else None
        return base is not None and base not in dictionary().english_for  # a word, not a name: Bandoneon

    def english_writes_lower(self, word: str) -> bool:
        """Whether English spells the word in lower case (``party``, ``moment``), by its Hunspell dictionary
        (en_US): it knows the word lower-case and has no capitalised entry for it (``August``, ``China``,
        ``Tesla``). False where that dictionary is not installed."""
        english = _english_hunspell()
        if english is None or len(word) > MAX_WORD_CHARS:
            return False
        checker, proper = english
        return word not in proper and bool(checker.spell(word.lower()))

    def english_capitalises(self, word: str) -> bool:
        """Whether English Hunspell (en_US) has the word capitalised: a name English writes so too (``Japan``,
        ``September``, ``Southampton``). False where that dictionary is not installed."""
        english = _english_hunspell()
        return english is not None and word in english[1]

    def is_place(self, german: str) -> bool:
        """Whether trans-de-en gives the word as a geographic name (``Mainz``, ``Neapel``; not ``Hand``)."""
        return german in dictionary().places


def listed_zipf(word: str, lang: str) -> float:
    """``zipf_frequency`` of a word that is one token to wordfreq (:data:`ONE_TOKEN`), read from its list as
    wordfreq reads it (case-folded; its lists hold frequencies in whole centibels) without tokenising first,
    which is most of wordfreq's time: a twelfth of it. The same figure for each of 635,236 such words of the
    test and training sets and wordfreq's lists, in both languages (``tests/test_lexicon.py`` checks a sample)."""
    freq = get_frequency_dict(lang, "best").get(word.casefold())  # wordfreq's own call: one cached list, not two
    if freq is None:
        return 0.0
    return round(math.log10(freq) + 9, 2)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shared lexicon (loading Hunspell takes a moment)."""
    return Lexicon()


def _hunspell_files() -> tuple[Path, Path]:
    """The German Hunspell dictionary and its affix file."""
    for folder in hunspell_dirs():
        dic, aff = folder / "de_DE.dic", folder / "de_DE.aff"
        if dic.is_file() and aff.is_file():
            return dic, aff
    raise LexiconError(
        "German Hunspell dictionary de_DE not found in "
        + ", ".join(map(str, hunspell_dirs()))
        + ": install it with 'apt-get install hunspell-de-de' (or set MT_hunspell_dirs())"
    )


def _load_hunspell(dic: Path, aff: Path):
    try:
        import hunspell
    except ImportError as err:
        raise LexiconError(
            f"the hunspell Python binding is missing ({err}); install libhunspell-dev, then pip install hunspell"
        ) from None
    return hunspell.HunSpell(str(dic), str(aff))


@lru_cache(maxsize=1)
def _english_hunspell():
    """English Hunspell (en_US) and its capitalised entries, or None where it is not installed."""
    for folder in hunspell_dirs():
        dic, aff = folder / "en_US.dic", folder / "en_US.aff"
        if dic.is_file() and aff.is_file():
            with dic.open(encoding="utf-8", errors="replace") as lines:
                proper = frozenset(line.split("/")[0].strip() for line in lines if line[:1].isupper())
            return _load_hunspell(dic, aff), proper
    logger.warning("English Hunspell (en_US) not found: install hunspell-en-us for the QA's German-noun check")
    return None


@lru_cache(maxsize=1)
def _hunspell_names(dic: Path) -> frozenset[str]:
    """The capitalised entries of a Hunspell dictionary with no affix flag but ``S`` (about 1,700 in de_DE)."""
    with dic.open(encoding="utf-8", errors="replace") as lines:
        return frozenset(m.group(1) for m in map(_NAME_ENTRY.match, lines) if m)


_NAME_ENTRY = re.compile(r"([A-ZÄÖÜ][^\W\d_]+)(?:/S)?\s*$")


@lru_cache(maxsize=1)
def _sorted_words() -> list[str]:
    """wordfreq's most frequent German words (to about Zipf 2.4), alphabetically, for finding those that
    begin alike."""
    return sorted(w for w in itertools.islice(iter_wordlist("de"), FAMILY_WORDS) if w.isalpha())


def _split(word: str, known, depth: int = 0) -> tuple[str, ...] | None:
    if depth > 3 or len(word) < 8:
        return None
    for cut in range(len(word) - 4, 3, -1):  # longest head first
        head, rest = word[:cut], word[cut:]
        for link in LINKS:
            if not head.endswith(link) or len(head) - len(link) < 4:
                continue
            stem = head[: len(head) - len(link)] if link else head
            if not known(stem):
                continue
            if known(rest):
                return (stem, rest)
            tail = _split(rest, known, depth + 1)
            if tail:
                return (stem, *tail)
    return None


def _edits1(word: str) -> set[str]:
    """Words one deletion, transposition, substitution or insertion away, case kept."""
    lower = word.lower()
    splits = [(lower[:i], lower[i:]) for i in range(len(lower) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    edits |= {a + c + b for a, b in splits for c in LETTERS}
    if word[:1].isupper():
        edits = {e[:1].upper() + e[1:] for e in edits if e}
    return edits
