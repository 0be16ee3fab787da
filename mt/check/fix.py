"""Applying the safe suggestions of flags to a text."""

from __future__ import annotations

import re
from typing import Sequence

from mt.check.flags import Flag

# Fixes that mend the form of a text (spacing, punctuation, page residue, spelled-out umlauts,
# doubled words) without changing its wording. Before translation only these are applied:
# a calque or a transliteration mirrors the English original, and the model translates it back
# faithfully, so rewording it moves the English output away from what the author wrote.
FORM_CATEGORIES = frozenset({"spacing", "punctuation", "boilerplate", "spelling", "grammar"})


def apply_safe(text: str, flags: Sequence[Flag], categories: frozenset[str] | None = None) -> tuple[str, list[Flag]]:
    """``text`` with every safe flag's first suggestion applied; returns the text and the flags applied.

    ``categories`` limits the fixes to flags of those categories. Removing a whole paragraph
    (boilerplate) also removes the blank line after it.
    """
    applied = [f for f in flags if f.safe and f.suggestions and (categories is None or f.category in categories)]
    out, pos = [], 0
    for flag in sorted(applied, key=lambda f: f.start):
        if flag.start < pos:
            continue
        out.append(text[pos : flag.start])
        out.append(flag.suggestions[0])
        pos = flag.end
    out.append(text[pos:])
    fixed = "".join(out)
    fixed = re.sub(r"\n{3,}", "\n\n", fixed)  # paragraphs removed whole leave no gap
    fixed = re.sub(r"[ \t]+\n", "\n", fixed)
    return fixed.strip("\n") + ("\n" if text.endswith("\n") else ""), applied
