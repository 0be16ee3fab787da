"""The form of a translation: a length far outside the model's usual range for a source of that length
(something dropped or added), unbalanced brackets and quotes, and end punctuation that differs."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from mt.plugins.flags import Flag
from mt.qa.pair import Pair, QACheck, qa_data


def usual_range(source_chars: int) -> tuple[float, float]:
    """The usual range of target characters per source character for a source this long."""
    data = qa_data()["length"]
    i = bisect.bisect_right(data["bins"], source_chars) - 1
    return data["low"][i], data["high"][i]


class Length(QACheck):
    """An English far longer or shorter than the source's length makes likely: something dropped or added."""

    name = "qa-length"
    category = "length"
    must_flag = (
        (
            "Die Regierung kündigte an, dass sie die Steuern senken werde, obwohl die Opposition protestierte.",
            "The government announced.",
        ),
        ("Er kam gestern.", "He came yesterday, and then he went home again, and everybody was glad that he left."),
    )
    must_pass = (
        (
            "Die Regierung kündigte an, dass sie die Steuern senken werde, obwohl die Opposition protestierte.",
            "The government announced that it would cut taxes, although the opposition protested.",
        ),
        ("Er kam.", "He came."),
        ("Geschafft!", "Done!"),
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        source, target = len(pair.source.strip()), len(pair.target.strip())
        if source < 8 or len(pair.source_words) < 2 or not target:
            return  # one word ("Geschafft!": "Done!") has no part to drop
        low, high = usual_range(source)
        ratio = target / source
        if ratio < low:
            yield self.whole(
                pair, f"The translation is short for its source ({ratio:.2f} of its length): something dropped?"
            )
        elif ratio > high:  # minor: good translators add explanations (a German title, then its English)
            # more often than a model adds content; the model's runaway loops are qa-repeats' and the guards'
            message = f"The translation is long for its source ({ratio:.2f} of its length): something added?"
            yield self.whole(pair, message, severity="minor")


_PAIRS = {"(": ")", "[": "]"}


def _unbalanced(text: str) -> str | None:
    """The first bracket or quote without its partner (straight double quotes counted as pairs)."""
    stack: list[str] = []
    for c in text:
        if c in "([":
            stack.append(c)
        elif c in ")]":
            if not stack or _PAIRS[stack.pop()] != c:
                return c
    if stack:
        return stack[-1]
    if text.count('"') % 2:
        return '"'
    return None


class Brackets(QACheck):
    """Brackets and quotation marks that the English does not balance as the source does."""

    name = "qa-brackets"
    category = "punctuation"
    severity = "minor"
    must_flag = (("Die Partei (SPD) gewann.", "The party (SPD gained."), ('Er sagte: "Nein."', 'He said: "No.'))
    must_pass = (("Die Partei (SPD) gewann.", "The party (SPD) won."), ("Er sagte: „Nein.“", 'He said: "No."'))

    def run(self, pair: Pair) -> Iterable[Flag]:
        found = _unbalanced(pair.target)
        if found and not _unbalanced(pair.source.replace("„", '"').replace("“", '"')):
            at = pair.target.rfind(found)
            yield self.flag(pair, at, at + 1, f"{found} has no partner in the translation.")


class EndPunctuation(QACheck):
    """End punctuation of the source (a question mark, a full stop) that the English lacks or changes."""

    name = "qa-end-punctuation"
    category = "punctuation"
    severity = "minor"
    must_flag = (("Kommt er morgen?", "He comes tomorrow."), ("Er kommt morgen.", "He comes tomorrow"))
    must_pass = (("Kommt er morgen?", "Is he coming tomorrow?"), ("Er kommt morgen!", "He is coming tomorrow!"))

    def run(self, pair: Pair) -> Iterable[Flag]:
        source, target = pair.source.rstrip(" \"“”'’»«"), pair.target.rstrip(" \"“”'’»«")
        if not source or not target:
            return
        if source[-1] in ".?!" and target[-1] != source[-1] and not (source[-1] == "!" and target[-1] == "."):
            if target[-1] in ".?!:;":
                yield self.flag(
                    pair,
                    len(target) - 1,
                    len(target),
                    f"The source ends with {source[-1]}, the translation with {target[-1]}.",
                )
            else:
                yield self.flag(
                    pair, len(target) - 1, len(target), f"The source ends with {source[-1]}, the translation with none."
                )
