"""Which language a text is in: ``py3langid`` (langid.py's model, shipped inside its wheel: nothing is downloaded),
with probabilities normalised over the languages a German newsroom's feeds bring (:data:`LANGUAGES`).

Three decisions rest on it: an article clearly in another language is skipped (:func:`other_document`); a
sentence of a German article clearly in another language is kept as it is (:func:`other_language`); and so is a
quotation in another language inside a German sentence, while the German around it is translated
(:func:`other_language_quotes`, :func:`mask_quotes`, :func:`unmask_quotes`).

Chosen over ``lingua-language-detector`` by ``eval/language_id.py`` (``eval/results/language-id.md``): as
accurate on FLORES-200 and better on Tatoeba's short sentences, fewer German headlines taken for another
language, about nine times faster, and much less memory (a process with lingua's models for these 14 languages
peaks at about 420 MB, one with py3langid's at 130 MB). Its model loads on the first call (about half a second),
once per process.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LANGUAGES = {
    "de": "German",
    "en": "English",
    "fr": "French",
    "nl": "Dutch",
    "da": "Danish",
    "sv": "Swedish",
    "no": "Norwegian",
    "pl": "Polish",
    "cs": "Czech",
    "it": "Italian",
    "es": "Spanish",
    "pt": "Portuguese",
    "ru": "Russian",
    "tr": "Turkish",
}
MAX_CHARS = 5_000  # a language shows in its first few thousand characters; more only costs time
# The detector's confidence from which a text counts as clearly in another language than German: more than half
# of its belief on one other language (on documents of a few sentences it is 0.99 or more; a short German text
# that only leans elsewhere stays German). eval/results/language-id.md has the figures.
CLEARLY = 0.5
# A sentence inside a German article is kept as it is (a quote in English, say) when it has at least
# KEEP_MIN_WORDS words and the detector gives German less than KEEP_BELOW of its belief. Chosen on
# newstest2020 (both sides), and so in-sample there: no German sentence kept, 99.1 % of the English; a
# headline or a short line ("Shortly afterwards.") stays German: its evidence is too thin.
KEEP_MIN_WORDS = 3
KEEP_BELOW = 0.2
_WORD = re.compile(r"[^\W\d_]{2,}")
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
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def identify(text: str, limit: int = 3) -> list[Guess]:
    """The ``limit`` likeliest languages of ``text``, likeliest first (empty for text without letters)."""
    if not any(c.isalpha() for c in text):
        return []
    with _lock:  # the first call loads the model; ranking itself only reads it
        identifier = _identifier()
    ranked = identifier.rank(text[:MAX_CHARS])
    return [Guess(code, LANGUAGES[code], float(p)) for code, p in ranked[:limit] if p > 0]


def document_language(text: str) -> Guess:
    """The likeliest language of a whole text (German, with no confidence, when it has no letters)."""
    guesses = identify(text, limit=1)
    return guesses[0] if guesses else Guess("de", "German", 0.0)


def clearly_other(guess: Guess) -> bool:
    """Whether a guess is clearly a language other than German (Austrian and Swiss German are German)."""
    return guess.code != "de" and guess.confidence >= CLEARLY


GERMAN_SHARE = 0.2  # a text whose German sentences hold this share of its letters is a German article quoting others
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])\s+|\n+")


def other_document(text: str, guess: Guess | None = None) -> Guess | None:
    """The language of a text that is clearly not German as a whole (to be skipped), or None; ``guess``: the
    text's :func:`document_language`, where the caller has it already.

    A German article may quote English at length, which can tip the whole text's guess: it stays German while
    its sentences that read as German hold :data:`GERMAN_SHARE` of its letters.
    """
    guess = guess or document_language(text)
    if not clearly_other(guess):
        return None
    pieces = [p for p in _SENTENCE_END.split(text[:MAX_CHARS]) if p.strip()]
    letters = [sum(c.isalpha() for c in p) for p in pieces]
    german = sum(n for p, n in zip(pieces, letters) if (identify(p, limit=1) or [guess])[0].code == "de")
    return None if german >= GERMAN_SHARE * max(1, sum(letters)) else guess


def other_language(sentence: str) -> Guess | None:
    """The language of a sentence of a German article that is clearly not German (to be kept as it is), or None.

    Only strong evidence counts: :data:`KEEP_MIN_WORDS` words or more, and German given less than
    :data:`KEEP_BELOW` of the detector's belief; names, numbers and German with English loanwords stay German.
    """
    if len(_WORD.findall(sentence)) < KEEP_MIN_WORDS:
        return None
    guesses = identify(sentence, limit=len(LANGUAGES))
    german = next((g.confidence for g in guesses if g.code == "de"), 0.0)
    return guesses[0] if guesses and german < KEEP_BELOW and guesses[0].code != "de" else None


# A quotation a German sentence holds: „…“, “…”, "…", »…«, «…»; its text at least two words long. A quotation
# of several sentences is cut by the sentence splitter: one still open at the sentence's end counts too.
_QUOTED = re.compile(r"[„“\"»«](?P<body>[^„“”\"»«\n]*?\s[^„“”\"»«\n]*?)(?:[“”\"«»]|$)")
QUOTE_STAND_IN = "Kalumbo{}"  # a made-up name the model copies as it is, standing in for a kept quotation
_STAND_INS = re.compile(re.escape(QUOTE_STAND_IN.format("")) + "[a-z]")
MAX_QUOTES = 26  # stand-ins Kalumboa to Kalumboz


def other_language_quotes(sentence: str) -> list[tuple[int, int, Guess]]:
    """The quotations of a German sentence that are clearly in another language (start, end of each one's text,
    and its language), where the words around them read as German; empty when the sentence has none, is nothing
    but its quotation, or is in another language around it too (then :func:`other_language` judges the whole)."""
    found = _nested_quotation(sentence)  # first the whole of a German „…“, whatever marks it holds
    if not found:
        for match in _QUOTED.finditer(sentence):
            guess = other_language(match.group("body"))
            if guess is not None:
                found.append((match.start("body"), match.end("body"), guess))
    if not found:
        return []
    found = found[:MAX_QUOTES]
    outside = _STAND_INS.sub(" ", mask_quotes(sentence, found))  # the words around the quotations
    if not _WORD.search(outside):
        return []  # nothing but the quotation
    ranked = identify(outside, limit=len(LANGUAGES))
    german = next((g.confidence for g in ranked if g.code == "de"), 0.0)
    return found if ranked and (ranked[0].code == "de" or german >= 0.5) else []  # the words around: German


def _nested_quotation(sentence: str) -> list[tuple[int, int, Guess]]:
    """A German quotation („…“) with quotation marks of its own inside (an English quote quoting someone): from
    its „ to the sentence's last “, or to the sentence's end when it is still open."""
    start = sentence.find("„")
    if start < 0:
        return []
    end = sentence.rfind("“")
    end = end if end > start else len(sentence)
    guess = other_language(sentence[start + 1 : end])
    return [(start + 1, end, guess)] if guess is not None else []


def mask_quotes(sentence: str, quotes: list[tuple[int, int, Guess]]) -> str:
    """The sentence with each kept quotation's text replaced by its stand-in (``Kalumboa``, ``Kalumbob``, …)."""
    out, pos = [], 0
    for n, (start, end, _) in enumerate(quotes):
        out += [sentence[pos:start], QUOTE_STAND_IN.format(chr(ord("a") + n))]
        pos = end
    return "".join(out) + sentence[pos:]


def unmask_quotes(translation: str, sentence: str, quotes: list[tuple[int, int, Guess]]) -> str | None:
    """The model's translation with each stand-in replaced by its quotation as it was; None when the model did
    not copy every stand-in exactly once (then the sentence is translated whole)."""
    for n, (start, end, _) in enumerate(quotes):
        stand_in = QUOTE_STAND_IN.format(chr(ord("a") + n))
        if translation.count(stand_in) != 1:
            return None
        translation = translation.replace(stand_in, sentence[start:end])
    return translation
