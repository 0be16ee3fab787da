"""How often clean German puts two words near each other: evidence for and against a calque.

Counts, over the German side of the training data without its machine-translated part (``news-mt/``, what
the checker looks for), the lines in which two lemmas (nouns, verbs, adjectives) stand within
:data:`WINDOW` words of each other, and those in which a preposition stands near a lemma. A word combination that the dictionary suspects of being English said
word for word (``die Kosten schneiden``, *cut costs*) is a calque where clean German pairs the noun with
the verb of its own expression far more often (``Kosten … senken``), and German's own where it does not.

Built once by ``python -m mt.training.count_collocations`` (``make install`` runs it; about 3 minutes) and kept
under ``$MT_CACHE_DIR/collocations`` as sorted 64-bit hashes of the lemma pairs with their counts (about
30 MB); :func:`collocations` loads it lazily and is ``None`` where it was never built, and the checks that
use it then fall back to the dictionary alone.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from mt.config import cache_dir
from mt.lang.dictionary import GERMAN_PREPOSITIONS
from mt.support.atomic import write_whole

log = logging.getLogger(__name__)

FORMAT = 5  # raised whenever what is counted changes
WINDOW = 10  # words between two lemmas counted as near each other
PREPOSITION_WINDOW = 4  # words between a lemma and a preposition of it (auf etw. warten, warten auf etw.)
CONTENT_TAGS = ("NN", "NE", "VV", "VA", "ADJ")
FINITE_VERB_TAGS = ("VV(FIN)", "VA(FIN)")
# Words that end a clause as the separated prefix of its finite verb (gab … heraus: herausgeben); a
# preposition never ends a clause, so at a clause's end these are particles.
PARTICLES = frozenset(
    "ab an auf aus bei dar ein fest fort her heraus herbei herein herum hin hinaus hinein hinzu los mit nach "
    "nieder statt teil um vor voran voraus vorbei vorweg weg weiter wieder zu zurecht zurück zusammen".split()
)
MACHINE_TRANSLATED = "news-mt"
MAX_WORD_CHARS = 40  # longer "words" are not lemmatised (HanTa's analysis is quadratic in length)
PREPOSITIONS = frozenset(GERMAN_PREPOSITIONS.split("|"))  # counted here and looked for by calque-preposition
_PREPOSITION_MARK = "@"  # a preposition's key stands apart from any lemma's
_TOKEN = re.compile(r"[^\W\d_]+|[.,;:!?()\[\]\"„“”«»–]")


def _key(*lemmas: str) -> int:
    """A stable 64-bit key for a lemma or an unordered pair of lemmas."""
    text = "\t".join(sorted(lemmas))
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True)
class Collocations:
    """Line counts of lemmas and of lemma pairs near each other in clean German."""

    keys: np.ndarray  # sorted uint64 keys of lemmas and lemma pairs
    counts: np.ndarray  # uint32, one per key
    lines: int
    source: str

    def count(self, *lemmas: str) -> int:
        """Lines with this lemma, or with these two lemmas near each other (0 for the same lemma twice)."""
        if len(set(lemmas)) != len(lemmas):
            return 0
        key = np.uint64(_key(*lemmas))
        i = int(np.searchsorted(self.keys, key))
        return int(self.counts[i]) if i < len(self.keys) and self.keys[i] == key else 0

    def with_preposition(self, lemma: str, preposition: str) -> int:
        """Lines with this preposition near this lemma (warten für: none; warten auf: many)."""
        return self.count(lemma, _PREPOSITION_MARK + preposition)

    def preposition(self, preposition: str) -> int:
        """Lines with this preposition."""
        return self.count(_PREPOSITION_MARK + preposition)

    def save(self, path: Path) -> None:
        """Write the counts whole, replacing those of older formats beside them."""

        def write(tmp: str) -> None:
            with open(tmp, "wb") as handle:  # a handle: given a name, numpy would add ".npz" to it
                np.savez(handle, keys=self.keys, counts=self.counts, lines=self.lines, source=self.source)

        write_whole(path, write, replaces="clean-german-v*.npz")

    @classmethod
    def load(cls, path: Path) -> Collocations:
        with np.load(path) as data:
            return cls(data["keys"], data["counts"], int(data["lines"]), str(data["source"]))


def cache_path() -> Path:
    return cache_dir() / "collocations" / f"clean-german-v{FORMAT}.npz"


@lru_cache(maxsize=1)
def collocations() -> Collocations | None:
    """The counts, or ``None`` (with a warning) where ``python -m mt.training.count_collocations`` was never run."""
    path = cache_path()
    try:
        return Collocations.load(path)
    except FileNotFoundError:
        log.warning("no collocation counts at %s: calque checks use the dictionary alone (make install)", path)
    except (OSError, ValueError, KeyError) as err:
        log.warning("collocation counts at %s are unreadable (%s): build them again (make install)", path, err)
    return None


def clean_german_files(train: Path) -> list[Path]:
    """The German side of every training corpus but the machine-translated one."""
    return [f for f in sorted(train.glob("*/*.de")) if f.parent.name != MACHINE_TRANSLATED]


def build(files: Iterable[Path], workers: int = 2) -> Collocations:
    """Count lemmas and lemma pairs near each other in the lines of ``files``."""
    files = list(files)
    lines = [_TOKEN.findall(line) for path in files for line in path.open(encoding="utf-8")]
    types = sorted({w for words in lines for w in words if w[0].isalpha() and len(w) <= MAX_WORD_CHARS})
    log.info("%d lines, %d word forms: lemmatising", len(lines), len(types))
    chunks = [types[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        analysis = {w: found for part in pool.map(_lemmas, chunks) for w, found in part.items()}
    verbs = {lemma for lemma, tag in analysis.values() if tag.startswith("VV")}
    counts: Counter[int] = Counter()
    for words in lines:
        counts.update(_keys_of_line(words, _line_lemmas(words, analysis, verbs)))
    keys = np.fromiter(counts.keys(), dtype=np.uint64, count=len(counts))
    values = np.fromiter(counts.values(), dtype=np.uint32, count=len(counts))
    order = np.argsort(keys)
    source = ", ".join(sorted({f"{p.parent.name}/" for p in files}))
    return Collocations(keys[order], values[order], len(lines), source)


def _lemmas(words: list[str]) -> dict[str, tuple[str, str]]:
    """Lemma and tag of each word that is a noun, verb or adjective, out of context (HanTa's likeliest
    reading)."""
    from HanTa import HanoverTagger

    tagger = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    found = {}
    for word in words:
        lemma, tag = tagger.analyze(word)
        if tag.startswith(CONTENT_TAGS):
            found[word] = (lemma, tag)
    return found


def _line_lemmas(tokens: list[str], analysis: dict[str, tuple[str, str]], verbs: set[str]) -> list[str | None]:
    """The lemma of each token of a line (``None`` for other words and punctuation), a clause's finite verb
    joined with the particle that ends the clause where that makes a verb the lines have whole elsewhere
    (hielten … ab: abhalten)."""
    found = [analysis.get(t, (None, "")) for t in tokens]
    lemmas = [lemma for lemma, _ in found]
    start = 0
    for end, token in enumerate([*tokens, "."]):
        if token[0].isalpha():
            continue
        if end - start >= 2 and tokens[end - 1] in PARTICLES:
            finite = next((i for i in range(start, end - 1) if found[i][1] in FINITE_VERB_TAGS), None)
            if finite is not None and f"{tokens[end - 1]}{lemmas[finite]}" in verbs:
                lemmas[finite] = f"{tokens[end - 1]}{lemmas[finite]}"
        start = end + 1
    return lemmas


def _keys_of_line(tokens: list[str], lemmas: list[str | None]) -> Iterator[int]:
    """Keys of the line's lemmas, of its pairs of different lemmas within the window, of its lemmas with a
    preposition near them and of its prepositions, each once."""
    placed = [(i, lemma) for i, lemma in enumerate(lemmas) if lemma]
    seen = {_key(lemma) for _, lemma in placed}
    prepositions = [(j, _PREPOSITION_MARK + t) for j, t in enumerate(map(str.lower, tokens)) if t in PREPOSITIONS]
    seen.update(_key(mark) for _, mark in prepositions)
    seen.update(  # Auf den Bus warten
        _key(lemma, mark) for i, lemma in placed for j, mark in prepositions if abs(i - j) <= PREPOSITION_WINDOW
    )
    for a, (i, first) in enumerate(placed):
        for j, second in placed[a + 1 :]:
            if j - i > WINDOW:
                break
            if first != second:
                seen.add(_key(first, second))
    return iter(seen)
