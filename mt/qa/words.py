"""Words of the translation: German left in the English, doubled words and repeated phrases, and a target
that is the source itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mt.check.flags import Flag
from mt.qa.base import Pair, QACheck, Token, qa_data
from mt.quotes import open_at_end


class GermanLeft(QACheck):
    name = "qa-german-left"
    category = "untranslated"
    must_flag = (
        ("Die Regierung hat kündigt an.", "The government has kuends."),
        ("Die Verhandlungen sind gescheitert.", "The Verhandlungen have failed."),
        ("Er sprach über die Wahlen.", "He spoke about the Wahlen."),
        ("Die Mitglieder stimmten zu.", "The Mitglieder agreed."),  # frequent in German, never seen in English
        ("Er sagte „ja“, die Mitglieder nicht.", 'He said "yes", the Mitglieder did not.'),  # after a closed quote
    )
    must_pass = (
        ("Lawrow traf Blinken in Genf.", "Lavrov met Blinken in Geneva."),
        ("Der Kindergarten ist geschlossen.", "The kindergarten is closed."),
        ("Merkel sprach im Bundestag.", "Merkel spoke in the Bundestag."),
        ("Die Zeitgeist-Debatte läuft.", "The zeitgeist debate is running."),
        ("Er las „Der Wind, das himmlische Kind“.", "He read “Der Wind, das himmlische Kind”."),  # a title
        ("Basketball Löwen Braunschweig siegte.", "Basketball Löwen Braunschweig won."),  # a club's name
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        lex = pair.lexicon
        in_source = {w.text.lower() for w in pair.source_words}
        words = pair.target_words
        for k, word in enumerate(words):
            text = word.text
            if len(text) < 4 or "-" in text or text in _loanwords():
                continue
            english, german = lex.zipf(text, "en"), lex.zipf(text)
            if english >= 1.5:
                continue  # an English word, or a name English prints too (Merkel)
            if not lex.spelled(text) and lex.compound(text) is None:  # no German word: a name, or garbage
                if text.islower() and english == 0.0 and german == 0.0:
                    yield self.flag(pair, word.start, word.end, f"“{text}” is no English word.", severity="minor")
                continue
            if text.lower() in lex.english_for(text):
                continue  # English writes it so too (a place: Allgäu)
            if _part_of_a_name(pair, words, k):
                continue
            if lex.common_german(text) or text.islower() or (german >= 3.0 and english == 0.0):
                yield self.flag(pair, word.start, word.end, f"“{text}” is German, left untranslated.")
            elif text.lower() in in_source:
                message = f"“{text}” is a German word of the source, left as it is (a name?)."
                yield self.flag(pair, word.start, word.end, message, severity="minor")


def _part_of_a_name(pair: Pair, words: list[Token], k: int) -> bool:
    """Whether the k-th word of the translation stands inside quotation marks (a title) or next to another
    capitalised word that is not a common English word capitalised at the start of the sentence (Basketball
    Löwen Braunschweig, Wenzel Grüß): a name English keeps as it is."""
    text = pair.target
    if open_at_end(text[: words[k].start]):
        return True
    neighbours = [words[i] for i in (k - 1, k + 1) if 0 <= i < len(words)]
    for other in neighbours:
        between = text[min(other.end, words[k].end) : max(other.start, words[k].start)]
        starts = not text[: other.start].strip() or text[: other.start].rstrip()[-1:] in ".!?:"
        common = starts and pair.lexicon.zipf(other.text.lower(), "en") >= 4.0  # The, However, Two
        if between in (" ", "-") and other.text[:1].isupper() and not common:
            return True
    return False


@lru_cache(maxsize=1)
def _loanwords() -> frozenset[str]:
    return frozenset(qa_data()["german_left"]["loanwords"])


@lru_cache(maxsize=1)
def _allowed() -> frozenset[str]:
    return frozenset(qa_data()["repeats"]["allowed"])


_PHRASE = re.compile(r"\b(\w+(?:\s+\w+){0,3})\s+(?:and\s+|,\s*)?\1\b", re.IGNORECASE)


class Repeats(QACheck):
    name = "qa-repeats"
    category = "repetition"
    must_flag = (
        ("Lawrow reiste nach Moskau.", "Lavrov travelled to Moscow Moscow."),
        ("Die Gespräche in Washington.", "The talks in Washington and Washington."),
        ("Er sagte, dass die Lage ernst sei.", "He said that the the situation is serious."),
    )
    must_pass = (
        ("Er sagte, dass das stimmt.", "He said that that is true."),
        ("Sie gingen immer weiter.", "They went further and further."),
        ("Schritt für Schritt.", "Step by step."),
        ("Paris und Paris (Texas).", "Paris and Paris (Texas)."),
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        for m in _PHRASE.finditer(pair.target):
            phrase = m.group(1)
            if phrase.lower() in _allowed() or phrase.isdigit():
                continue
            if re.search(rf"\b{re.escape(phrase)}\b.*\b{re.escape(phrase)}\b", pair.source, re.IGNORECASE):
                continue  # the source repeats it too
            comparative = phrase.lower().endswith("er") and " and " in m.group()  # "further and further"
            if comparative:
                continue
            yield self.flag(pair, m.start(), m.end(), f"“{phrase}” is repeated.", suggestions=[phrase], confidence=0.8)


class Identical(QACheck):
    name = "qa-identical"
    category = "untranslated"
    must_flag = (("Die Regierung tagt heute in Berlin.", "Die Regierung tagt heute in Berlin."),)
    must_pass = (("Angela Merkel.", "Angela Merkel."), ("Berlin, 12. März.", "Berlin, 12 March."))

    def run(self, pair: Pair) -> Iterable[Flag]:
        if pair.source.strip() == pair.target.strip() and len(pair.source_words) >= 4:
            yield self.whole(pair, "The translation is the source itself.")
