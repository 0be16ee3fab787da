"""Which language a text is in: ``lingua-language-detector``, whose models ship inside its wheel (nothing is
downloaded), built for short and mixed-language text.

The detector knows the languages a German newsroom's feeds bring (:data:`LANGUAGES`), not all 75 of lingua's:
fewer candidates are faster, use less memory and confuse German with fewer look-alikes. Its models load on
the first call (about 2 s), once per process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGUAGES = (
    "GERMAN",
    "ENGLISH",
    "FRENCH",
    "DUTCH",
    "DANISH",
    "SWEDISH",
    "BOKMAL",
    "POLISH",
    "CZECH",
    "ITALIAN",
    "SPANISH",
    "PORTUGUESE",
    "RUSSIAN",
    "TURKISH",
)
MAX_CHARS = 5_000  # a language shows in its first few thousand characters; more only costs time
_lock = threading.Lock()


@dataclass(frozen=True)
class Guess:
    """A language (ISO 639-1 code and English name) and the detector's confidence in it (0–1)."""

    code: str
    name: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"language": self.code, "name": self.name, "confidence": round(self.confidence, 4)}


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(*(getattr(Language, name) for name in LANGUAGES)).build()


def identify(text: str, limit: int = 3) -> list[Guess]:
    """The ``limit`` likeliest languages of ``text``, likeliest first (empty for text without letters)."""
    if not any(c.isalpha() for c in text):
        return []
    with _lock:  # the first call loads the models; lingua's detector itself is safe to share
        detector = _detector()
    values = detector.compute_language_confidence_values(text[:MAX_CHARS])
    return [
        Guess(v.language.iso_code_639_1.name.lower(), v.language.name.title(), float(v.value))
        for v in values[:limit]
        if v.value > 0
    ]
