"""Numbers, amounts and dates of the source that the translation lacks or changes: ``3,5 Mio.`` is
``3.5 million``, ``27. Februar`` is ``February 27``, and ``2022`` is not ``202``."""

from __future__ import annotations

import re
from collections.abc import Iterable

from mt.check.flags import Flag
from mt.qa.base import Pair, QACheck, qa_data

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])|(?<![\w.,])\d+(?:[.,]\d+)*(?=[a-zA-Z%])")
_WORD = re.compile(r"[^\W\d_]+")


def _data() -> dict:
    return qa_data()["numbers"]


def german_values(text: str) -> list[tuple[int, int, set[float]]]:
    """Each number of a German text: its span and the values it may stand for."""
    return _values(text, decimal=",", group=".", words=_data()["german_words"], scales=_data()["german_scales"])


def english_values(text: str) -> list[tuple[int, int, set[float]]]:
    return _values(text, decimal=".", group=",", words=_data()["english_words"], scales=_data()["english_scales"])


def _values(
    text: str, decimal: str, group: str, words: dict[str, float], scales: dict[str, float]
) -> list[tuple[int, int, set[float]]]:
    found = []
    for m in _NUMBER.finditer(text):
        raw = m.group()
        after = _WORD.match(text, m.end() + (1 if text[m.end() : m.end() + 1] == " " else 0))
        scale = scales.get(after.group().lower().rstrip(".")) if after else None
        for value in _readings(raw, decimal, group):
            found.append((m.start(), m.end(), {value, value * scale} if scale else {value}))
    return found


def _readings(raw: str, decimal: str, group: str) -> list[float]:
    """A digit string as numbers: ``1.000`` (German) is 1000, ``3,5`` is 3.5, ``27.02.2022`` is 27, 2, 2022."""
    grouped = re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+", raw)
    if grouped:
        return [float(raw.replace(group, ""))]
    with_decimal = re.fullmatch(rf"\d+(?:{re.escape(group)}\d{{3}})*{re.escape(decimal)}\d+", raw)
    if with_decimal:
        return [float(raw.replace(group, "").replace(decimal, "."))]
    return [float(part) for part in re.split(r"[.,]", raw) if part]


def _word_values(text: str, words: dict[str, float]) -> set[float]:
    return {float(words[w.lower()]) for w in _WORD.findall(text) if w.lower() in words}


def _months(text: str) -> set[float]:
    return {float(_data()["months"][w.lower()]) for w in _WORD.findall(text) if w.lower() in _data()["months"]}


class Numbers(QACheck):
    name = "qa-numbers"
    category = "number"
    must_flag = (
        ("Der Konflikt begann im Jahr 2022.", "The conflict began in 202."),
        ("Die Firma verlor 3,5 Millionen Euro.", "The company lost 35 million euros."),
        ("Am 27. Februar trafen sie sich.", "They met on February 28."),
        ("Es kamen 1.200 Menschen.", "About 12,000 people came."),
    )
    must_pass = (
        ("Die Firma verlor 3,5 Mio. Euro.", "The company lost 3.5 million euros."),
        ("Am 27. Februar trafen sie sich.", "They met on February 27."),
        ("Es kamen 1.200 Menschen.", "1,200 people came."),
        ("Er ist 3 Jahre alt.", "He is three years old."),
        ("Das Treffen war am 12.03.2023 um 8.30 Uhr.", "The meeting was on 12 March 2023 at 8:30."),
        ("Der Preis stieg um 5 Prozent.", "The price rose by 5 percent."),
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        source = german_values(pair.source)
        target = english_values(pair.target)
        target_all = set().union(*(v for _, _, v in target)) | _word_values(pair.target, _data()["english_words"])
        target_all |= _months(pair.target)
        source_all = set().union(*(v for _, _, v in source)) | _word_values(pair.source, _data()["german_words"])
        source_all |= _months(pair.source)
        missing = [pair.source[s:e] for s, e, values in source if not values & target_all]
        for start, end, values in target:
            if not values & source_all:
                yield self.flag(pair, start, end, f"{pair.target[start:end]} is not in the source.")
        if missing:
            yield self.whole(pair, f"The translation lacks {', '.join(dict.fromkeys(missing))} of the source.")
