"""Page residue: site names glued to a headline, CMS tags, calls to action, duplicated lines."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from mt.check.base import Check, Context
from mt.check.flags import Flag
from mt.check.rulefiles import load_rules
from mt.check.wordkinds import UMLAUTS


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    rules = load_rules("boilerplate")
    suffix = re.compile(r"(?<=[a-zäöüß])-(?:" + "|".join(map(re.escape, rules["site_suffixes"])) + r")$")
    action = re.compile(r"^(?:" + "|".join(rules["calls_to_action"]) + ")", re.IGNORECASE)
    return suffix, action, re.compile(rules["cms_tag"])


class Boilerplate(Check):
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
        seen: dict[str, int] = {}
        for p in paragraphs:
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
            key = _normalized(line)
            if len(key) >= 20:
                twin = next((i for k, i in seen.items() if _same(key, k)), None)
                if twin is not None:
                    yield self.flag(
                        ctx,
                        p.start,
                        p.end,
                        f"Repeats paragraph {twin + 1} (page residue, e.g. a headline with umlauts spelled out).",
                        suggestions=[""],
                        confidence=0.85,
                        safe=True,
                    )
                else:
                    seen[key] = paragraphs.index(p)


def _normalized(line: str) -> str:
    """Lower case, umlauts folded to their spelled-out form, only letters and digits."""
    line = line.lower()
    for spelled_out, umlaut in UMLAUTS:
        line = line.replace(umlaut, spelled_out.lower())
    line = unicodedata.normalize("NFKD", line.replace("ß", "ss"))
    return "".join(c for c in line if c.isalnum())


def _same(a: str, b: str) -> bool:
    return a == b or (abs(len(a) - len(b)) < 0.15 * len(a) and SequenceMatcher(None, a, b).ratio() >= 0.9)
