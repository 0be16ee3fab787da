"""Page residue: site names glued to a headline, CMS tags, calls to action, duplicated lines."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np

from mt.check.context import Check, Context
from mt.check.rules import rule_data
from mt.check.wordkinds import UMLAUTS
from mt.plugins.flags import Flag

ALIKE = 0.9  # difflib's ratio of a paragraph and the one it repeats (a headline with umlauts spelled out)
TWIN_MIN_CHARS = 20  # shorter lines repeat innocently (a dateline, "Foto: dpa")
COUNTED = "abcdefghijklmnopqrstuvwxyz0123456789"  # a column each in the letter counts; one for all others


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    rules = rule_data("boilerplate")
    suffix = re.compile(r"(?<=[a-zäöüß])-(?:" + "|".join(map(re.escape, rules["site_suffixes"])) + r")$")
    action = re.compile(r"^(?:" + "|".join(rules["calls_to_action"]) + ")", re.IGNORECASE)
    return suffix, action, re.compile(rules["cms_tag"])


class Boilerplate(Check):
    """Page residue that is not article text: calls to action, site names, CMS tags."""

    name = "boilerplate"
    category = "boilerplate"
    must_flag = (
        "Merz kündigt eine neue Runde von Gesprächen an[[-News=>]]\n\nDer Kanzler sprach in Rom.",
        "Der Minister sprach in Doha.\n\n[[politik-ausland=>]]",
        "Der Minister sprach in Doha.\n\n[[Folgen Sie uns auf Telegram!=>]]",
        "Merz kündigt Gespräche an\n\n[[Merz kuendigt Gespraeche an=>]]\n\nDer Kanzler sprach in Berlin.",
    )
    must_pass = (
        "Merz kündigt Gespräche an\n\nDer Kanzler sprach am Montag in Berlin über die Lage.",
        "Die Nord-Süd-Verbindung ist gesperrt.\n\nAb Montag fährt der Zug wieder.",
    )

    def run(self, ctx: Context) -> Iterable[Flag]:
        suffix, action, tag = _patterns()
        paragraphs = ctx.document.paragraphs
        keys = [_normalized(ctx.text[p.start : p.end]) for p in paragraphs]
        twins = _Twins(keys)
        for index, p in enumerate(paragraphs):
            line = ctx.text[p.start : p.end]
            if p is paragraphs[0] and (m := suffix.search(line)):
                yield self.flag(
                    ctx,
                    p.start + m.start(),
                    p.end,
                    "Site name glued to the headline.",
                    suggestions=[""],
                    confidence=0.8,
                    safe=True,
                )
            if "\n" not in line and len(line) < 200 and tag.match(line):
                yield self.flag(
                    ctx,
                    p.start,
                    p.end,
                    "CMS tag or slug left in the text.",
                    suggestions=[""],
                    confidence=0.8,
                    safe=True,
                )
            elif action.match(line) and len(line) < 200:
                yield self.flag(
                    ctx, p.start, p.end, "Call to action or page furniture, not article text.", confidence=0.6
                )
            if (twin := twins.of(index)) is not None:
                yield self.flag(
                    ctx,
                    p.start,
                    p.end,
                    f"Repeats paragraph {twin + 1} (page residue, e.g. a headline with umlauts spelled out).",
                    suggestions=[""],
                    confidence=0.85,
                    safe=True,
                )


def _normalized(line: str) -> str:
    """Lower case, umlauts folded to their spelled-out form, only letters and digits."""
    line = line.lower()
    for spelled_out, umlaut in UMLAUTS:
        line = line.replace(umlaut, spelled_out.lower())
    line = unicodedata.normalize("NFKD", line.replace("ß", "ss"))
    return "".join(c for c in line if c.isalnum())


class _Twins:
    """Which earlier paragraph each one repeats, by the paragraphs' normalised keys, asked in order.

    difflib compares two paragraphs only where their lengths and the letters they share allow the ratio
    (the shared letters bound the characters difflib can match): comparing every pair made a 2,000-line
    file take minutes, and the flags are the same.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.lengths = np.array([len(k) for k in keys])
        self.counts = np.zeros((len(keys), len(COUNTED) + 1), dtype=np.int32)
        for row, key in enumerate(keys):
            for char, n in Counter(key).items():
                self.counts[row, COUNTED.index(char) if char in COUNTED else len(COUNTED)] += n
        self.kept: list[int] = []  # paragraphs a later one may repeat: long enough, no repeat themselves

    def of(self, index: int) -> int | None:
        """The first kept paragraph the index-th repeats (the same or alike); it is kept if none."""
        key, length = self.keys[index], self.lengths[index]
        if length < TWIN_MIN_CHARS:
            return None
        kept = np.array(self.kept, dtype=np.int64)
        shared = np.minimum(self.counts[kept], self.counts[index]).sum(axis=1)
        total = self.lengths[kept] + length
        possible = (np.abs(self.lengths[kept] - length) < 0.15 * length) & (2.0 * shared / total >= ALIKE)
        twin = next((int(k) for k in kept[possible] if _alike(key, self.keys[k])), None)
        if twin is None:
            self.kept.append(index)
        return twin


def _alike(a: str, b: str) -> bool:
    """The same, or alike by difflib's ratio (the lengths are compared in :meth:`_Twins.of`)."""
    return a == b or SequenceMatcher(None, a, b).ratio() >= ALIKE
