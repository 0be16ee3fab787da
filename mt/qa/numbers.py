"""Numbers, amounts and dates of the source that the translation lacks or changes: ``3,5 Mio.`` is
``3.5 million``, ``27. Februar`` is ``February 27``, and ``2022`` is not ``202``."""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from mt.plugins.flags import Flag, Severity
from mt.qa.pair import Pair, QACheck, qa_data

_NUMBER = re.compile(
    r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\w.,]?\d)"  # digits grouped by spaces: 12 345 678
    r"|(?<![\w.,])\d{1,3}(?:['’]\d{3})+(?![\w.,]?\d)"  # by apostrophes, as in Switzerland: 110'000
    r"|(?<![\w.,])\d+(?:[.,]\d+)*(?=[a-zA-Z%])"  # before a unit, whole: 2.4GHz (tried first: not 2 alone)
    r"|(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])"
)
_PM = re.compile(r"(?:[:.]\d{2})?\s?p\.?m\b", re.IGNORECASE)  # after an hour: 7:30 pm is 19.30 Uhr
_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


def _data() -> dict:
    return qa_data()["numbers"]


def german_values(text: str) -> list[tuple[int, int, set[float]]]:
    """Each number of a German text: its span and the values it may stand for."""
    return _values(text, decimal=",", group=".", scales=_data()["german_scales"])


def english_values(text: str) -> list[tuple[int, int, set[float]]]:
    """The same for English, where a number may keep the German grouping of thousands (``272.000``)."""
    return _values(text, decimal=".", group=",", scales=_data()["english_scales"], foreign_group=".")


def _values(
    text: str, decimal: str, group: str, scales: dict[str, float], foreign_group: str = ""
) -> list[tuple[int, int, set[float]]]:
    found = []
    for m in _NUMBER.finditer(text):
        raw = m.group()
        after = _WORD.match(text, m.end() + (1 if text[m.end() : m.end() + 1] == " " else 0))
        scale = scales.get(after.group().lower().rstrip(".")) if after else None
        afternoon = decimal == "." and _PM.match(text, m.end()) is not None  # English 7 pm: 19 Uhr
        century = _YEAR_SPAN.search(text[max(0, m.start() - 6) : m.start()])  # 1968/69: 1969
        foreign = foreign_group and re.fullmatch(rf"\d{{1,3}}(?:{re.escape(foreign_group)}\d{{3}})+", raw)
        for reading in _readings(raw, decimal, group):
            values = reading | ({v * scale for v in reading} if scale else set())
            values |= {v + 12 for v in reading if v < 12} if afternoon else set()
            values |= {float(century.group(1)) * 100 + v for v in reading} if century and len(raw) == 2 else set()
            values |= {float(raw.replace(foreign_group, ""))} if foreign else set()
            found.append((m.start(), m.end(), values))
    return found


_YEAR_SPAN = re.compile(r"(?<!\d)(1\d|20)\d\d/$")  # a year and the last digits of the next: 1968/69, 2021/22


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _readings(raw: str, decimal: str, group: str) -> list[set[float]]:
    """A digit string as the numbers it stands for, each with its alternative readings: ``1.000`` (German) is
    1000, ``3,5`` is 3.5, ``27.02.2022`` is 27, 2 and 2022, ``12 345 678`` and ``12'345'678`` are 12345678;
    ``13.30`` is a time (13 and 30) or a decimal (13.3), in either language."""
    if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+", raw):
        return [{float(_digits(raw))}]
    if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", raw):
        return [{float(raw.replace(group, ""))}]
    parts = [float(part) for part in re.split(r"[.,]", raw) if part]
    if re.fullmatch(rf"\d+(?:{re.escape(group)}\d{{3}})*{re.escape(decimal)}\d+", raw):
        value = float(raw.replace(group, "").replace(decimal, "."))
    elif re.fullmatch(r"\d+\.\d{1,2}", raw):  # no group of thousands: a decimal point (2.0) or a time (13.30)
        value = float(raw)
    else:
        return [{part} for part in parts]
    return [{value, part} for part in parts] if len(parts) == 2 else [{value}]


_MALFORMED = re.compile(r"(?<![\d.])(?:\d{1,3}\.\d{4,}|\d{1,3}(?:\.\d{3})+ \d{3}(?!\d))")  # 30.0000; 12.345 678


def _malformed(source: str) -> list[tuple[int, int]]:
    """The spans of numbers of a source grouped as German groups none: a group of four digits after a point
    (30.0000), or points and a space mixed (12.345 678); typos whose value the translation can only guess."""
    return [m.span() for m in _MALFORMED.finditer(source)]


def _within(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether start–end lies within one of the spans, which are in order and do not overlap."""
    i = bisect_right(spans, (start, math.inf)) - 1
    return i >= 0 and end <= spans[i][1]


def _word_values(text: str, words: dict[str, float]) -> set[float]:
    """Numbers written as words, also joined by hyphens (forty-three, twenty-first: tens and units add up)."""
    found = set()
    for whole in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text.lower()):
        parts = whole.split("-")
        known = [float(words[part]) for part in parts if part in words]
        found.update(known)
        if len(parts) == len(known) == 2 and known[0] % 10 == 0 and known[1] < 10:
            found.add(known[0] + known[1])
    return found


def _inside_words(text: str) -> set[float]:
    """Digits joined to letters (A320, U2): a translation may write them apart."""
    return {
        float(m.group())
        for m in _DIGITS.finditer(text)
        if text[m.start() - 1 : m.start()].isalpha() or text[m.end() : m.end() + 1].isalpha()
    }  # each run of digits once: a pattern with the letter after the digits takes quadratic time on long runs


def _german_part_values(text: str) -> set[float]:
    """Numbers that German words hold as a part: an ordinal at the end of a compound (Tabellenvierten: 4)
    and the rounds of a tournament (Achtelfinale: the last 16)."""
    ordinal, part = _part_patterns()
    stems, parts = _data()["german_ordinal_stems"], _data()["german_number_parts"]
    found = set()
    for word in _WORD.findall(text.lower()):
        m = ordinal.search(word)
        if m:
            found.add(float(stems[m.group(1)]))
        found |= {float(parts[p]) for p in part.findall(word)}
    return found


@lru_cache(maxsize=1)
def _part_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One pattern for an ordinal stem with its ending at the end of a word, one for the number parts."""
    stems = "|".join(map(re.escape, _data()["german_ordinal_stems"]))
    parts = "|".join(map(re.escape, _data()["german_number_parts"]))
    return re.compile(rf"({stems})(?:e|en|er|em|es)$"), re.compile(parts)


def _months(text: str) -> set[float]:
    return {float(_data()["months"][w.lower()]) for w in _WORD.findall(text) if w.lower() in _data()["months"]}


class Numbers(QACheck):
    """Numbers, dates and amounts of the source that the translation lacks, or that it adds."""

    name = "qa-numbers"
    category = "number"
    must_flag = (
        ("Der Konflikt begann im Jahr 2022.", "The conflict began in 202."),
        ("Die Firma verlor 3,5 Millionen Euro.", "The company lost 35 million euros."),
        ("Am 27. Februar trafen sie sich.", "They met on February 28."),
        ("Es kamen 1.200 Menschen.", "About 12,000 people came."),
        ("43 Tage später kam ein Brief.", "Forty-four days later, a letter came."),
        ("Es kamen rund 30.0000 Gäste.", "About 30,000 guests came."),  # a typo of the source: minor flags
    )
    must_pass = (
        ("Die Firma verlor 3,5 Mio. Euro.", "The company lost 3.5 million euros."),
        ("Am 27. Februar trafen sie sich.", "They met on February 27."),
        ("Es kamen 1.200 Menschen.", "1,200 people came."),
        ("Er ist 3 Jahre alt.", "He is three years old."),
        ("Das Treffen war am 12.03.2023 um 8.30 Uhr.", "The meeting was on 12 March 2023 at 8:30."),
        ("Der Preis stieg um 5 Prozent.", "The price rose by 5 percent."),
        ("Das Netz funkt auf 5,8 GHz.", "The network transmits at 5.8GHz."),  # a decimal joined to its unit
        ("Beginn ist um 19.30 Uhr, Einlass ab 19 Uhr.", "It starts at 7:30 pm, admission from 7 pm."),
        ("Sie gewannen zum fünften Mal, 5 Spiele in Folge.", "They won for the fifth time, five games in a row."),
        ("Die Zahl lautet 12.345.678.", "The number is 12 345 678."),
        ("Wird Lidl zum Amazon 2.0?", "Will Lidl become Amazon 2.0?"),
        ("Um 13.30 Uhr sah ein Wanderer Rauch.", "At 13.30, a hiker saw smoke."),
        ("Das Album erschien im Winter 1971/72.", "The album came out in the winter of 1971/1972."),
        ("Es gab 272.000 Fälle.", "There were 272.000 cases."),  # the German grouping kept
        ("Lyon war Gegner im Achtelfinale.", "Lyon were the opponent in the round of 16."),
        ("Der Tabellenvierte Lazio siegte.", "Lazio, in 4th place, won."),
        ("43 Tage später kam ein Brief.", "Forty-three days later, a letter came."),
        ("Das 17. Turnier beginnt.", "The seventeenth tournament begins."),
        ("Die Bank meldet 250'000 Kunden.", "The bank reports 250,000 customers."),  # Swiss grouping
        ("Der Airbus A320 landete.", "The Airbus A 320 landed."),  # digits joined to letters
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        source = german_values(pair.source)
        target = english_values(pair.target)
        target_all = set().union(*(v for _, _, v in target)) | _word_values(pair.target, _data()["english_words"])
        target_all |= _months(pair.target)
        source_all = set().union(*(v for _, _, v in source)) | _word_values(pair.source, _data()["german_words"])
        source_all |= _german_part_values(pair.source) | _inside_words(pair.source)
        source_all |= _months(pair.source)
        lacking = [(s, e) for s, e, values in source if not values & target_all]
        malformed = _malformed(pair.source) if lacking else []
        broken = [pair.source[s:e] for s, e in lacking if _within(s, e, malformed)]
        missing = [pair.source[s:e] for s, e in lacking if not _within(s, e, malformed)]
        guesses = {_digits(pair.source[s:e])[:2] for s, e in malformed}  # 30,000 may be what 30.0000 meant
        for start, end, values in target:
            if not values & source_all:
                number = pair.target[start:end]
                severity: Severity | None = "minor" if broken and _digits(number)[:2] in guesses else None
                yield self.flag(pair, start, end, f"{number} is not in the source.", severity=severity)
        if broken:
            numbers = ", ".join(pair.source[s:e] for s, e in malformed)
            message = f"The source's {numbers}: no well-formed German number. Does the translation give it right?"
            yield self.whole(pair, message, severity="minor")
        if missing:
            yield self.whole(pair, f"The translation lacks {', '.join(dict.fromkeys(missing))} of the source.")
