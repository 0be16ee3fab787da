"""Applying the safe suggestions of flags to a text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from mt.document.model import Document, splice
from mt.plugins.flags import Flag

# Fixes that mend the form of a text (spacing, punctuation, page residue, spelled-out umlauts,
# doubled words) without changing its wording. Before translation only these are applied:
# a calque or a transliteration mirrors the English original, and the model translates it back
# faithfully, so rewording it moves the English output away from what the author wrote.
FORM_CATEGORIES = frozenset({"spacing", "punctuation", "boilerplate", "spelling", "grammar"})


def apply_safe(text: str, flags: Sequence[Flag], categories: frozenset[str] | None = None) -> tuple[str, list[Flag]]:
    """``text`` with every safe flag's first suggestion applied; returns the text and the flags applied.

    ``categories`` limits the fixes to flags of those categories; of overlapping flags only the first
    is applied (and reported). Removing a whole paragraph
    (boilerplate) also removes the blank line after it.
    """
    safe = sorted(
        (f for f in flags if f.safe and f.suggestions and (categories is None or f.category in categories)),
        key=lambda f: f.start,
    )
    fixed, done = splice(text, [(f.start, f.end, f.suggestions[0]) for f in safe])
    applied = [safe[i] for i in done]
    fixed = re.sub(r"\n{3,}", "\n\n", fixed)  # paragraphs removed whole leave no gap
    fixed = re.sub(r"[ \t]+\n", "\n", fixed)
    return fixed.strip("\n") + ("\n" if text.endswith("\n") else ""), applied


def fix_form(document: Document, flags: Sequence[Flag]) -> tuple[Document, list[Flag]]:
    """The document with its safe corrections of form applied (see :data:`FORM_CATEGORIES`), resplit."""
    fixed, applied = apply_safe(document.text, flags, FORM_CATEGORIES)
    if not applied:
        return document, []
    prepared = Document.from_text(fixed, id=document.id, paragraphs=document.paragraph_mode)
    prepared.meta = document.meta | {"fixes": len(applied)}
    return prepared, applied
