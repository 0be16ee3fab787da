"""Detection of degenerate model output: repetition loops and runaway length."""

from __future__ import annotations

import re
from collections.abc import Sequence

# A word repeated three or more times in a row, with only spaces or punctuation between:
# "Anatoly Anatoly Anatoly", "Katar, Katar, Katar".
_REPEATED_WORD = re.compile(r"\b(\w+)\b(?:[\W_]{1,3}\b\1\b){2,}", re.IGNORECASE)


def repeated_word(text: str) -> str | None:
    """The first word that occurs three times in a row in ``text``, if any."""
    match = _REPEATED_WORD.search(text)
    return match.group(1) if match else None


def has_token_loop(tokens: Sequence[int], max_ngram: int = 6, repeats: int = 3) -> bool:
    """True if some n-gram (n ≤ ``max_ngram``) occurs ``repeats`` times back to back."""
    n_tokens = len(tokens)
    for n in range(1, max_ngram + 1):
        span = n * repeats
        for start in range(0, n_tokens - span + 1):
            unit = tokens[start : start + n]
            if all(tokens[start + k * n : start + (k + 1) * n] == unit for k in range(1, repeats)):
                return True
    return False


def degeneration(text: str, tokens: Sequence[int], hit_length_limit: bool) -> str | None:
    """Why an output looks degenerate (``None`` if it looks fine)."""
    if hit_length_limit:
        return "runaway length"
    word = repeated_word(text)
    if word:
        return f"repeated word {word!r}"
    if has_token_loop(list(tokens)):
        return "repetition loop"
    return None


def collapse_repeats(text: str) -> str:
    """Last resort: keep one copy of any word repeated three or more times in a row."""
    return _REPEATED_WORD.sub(lambda m: m.group(1), text)
