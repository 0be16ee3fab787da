"""Words of the translation: German left in the English, doubled words and repeated phrases, and a target
that is the source itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from mt.lang.lexicon import Lexicon, lexicon
from mt.lang.places import german_towns
from mt.plugins.flags import Flag
from mt.qa.pair import Pair, QACheck, Word, common_compound, loanwords, name_heads, qa_data


class GermanLeft(QACheck):
    """German words left in the English."""

    name = "qa-german-left"
    category = "untranslated"
    must_flag = (
        ("Die Regierung hat kündigt an.", "The government has kuends."),
        ("Die Verhandlungen sind gescheitert.", "The Verhandlungen have failed."),
        ("Er sprach über die Wahlen.", "He spoke about the Wahlen."),
        ("Die Mitglieder stimmten zu.", "The Mitglieder agreed."),  # frequent in German, never seen in English
        ("Er sagte „ja“, die Mitglieder nicht.", 'He said "yes", the Mitglieder did not.'),  # after a closed quote
        ("Die Kinder spielen.", "The Kinder are playing."),  # English has seen it, German uses it far more
        ("Die Schuhfabrik schließt.", "The Schuhfabrik is closing."),  # a compound of German words
        ("Die Kinder von Anna Weber spielten.", "Anna Weber Kinder played."),  # beside a name, not part of it
        ("Max Bauer heiratete seinen Freund Tim.", "Max Bauer Freund his partner Tim."),  # apart in the source
        ("Die Bloggerin schrieb das.", "The Bloggerin wrote that."),  # an English word with a German ending
        ("Die Sitzung des Aufsichtsrates dauerte.", "The meeting of the Aufsichtsrates lasted."),  # a rare form
        ("Die Freisinger Polizei ermittelt.", "The Freisinger police are investigating."),  # a town's adjective
        ("Der Unfall des Linienbusses.", "The Unfall-bus accident."),  # a piece of an English-German hybrid
        ("Er sagte: „Die Mitglieder sind dafür.“", "He said: “The Mitglieder are in favour.”"),  # quoted speech
        ("Das Tor des Gastes fiel spät.", "The goal of the Gastes came late."),  # a rare form of a German word
        ("Die Party war ein Erfolg, sagte er.", "The Party was a success, he said."),  # capitalised as in German
        ("Das Fest fand auf Schloss Heuschrecke statt.", "The party took place at the Heuschrecke."),  # no castle
        ("Sie kaufte Brot, Käse und Zwiebeln.", "She bought Brot, Käse and Zwiebeln."),  # a list of words, no names
        (
            "Sie leitet Umwelt, Gesundheit und Verbraucherschutz.",  # English words in a list are no names
            "She heads Environment, Health and Verbraucherschutz.",
        ),
        ("Die Seifenfabrik schließt im Mai.", "The Seifenfabrik closes in May (soap is made abroad)."),  # no gloss
    )
    must_pass = (
        ("Lawrow traf Blinken in Genf.", "Lavrov met Blinken in Geneva."),
        ("Der Kindergarten ist geschlossen.", "The kindergarten is closed."),
        ("Merkel sprach im Bundestag.", "Merkel spoke in the Bundestag."),
        ("Die Zeitgeist-Debatte läuft.", "The zeitgeist debate is running."),
        ("Er las „Der Wind, das himmlische Kind“.", "He read “Der Wind, das himmlische Kind”."),  # a title
        ("Basketball Löwen Braunschweig siegte.", "Basketball Löwen Braunschweig won."),  # a club's name
        ("Das berichtete die Bild am Sonntag.", "The Bild am Sonntag reported this."),  # a name joined by „am“
        ("Die Kinderlähmung ist besiegt.", "Polio (Kinderlähmung) has been defeated."),  # the term in brackets
        ("Die Polizei in Ahlen ermittelt.", "The police in Ahlen are investigating."),  # a town (GeoNames)
        ("Das sagte er der Bild-Zeitung.", "He told the ‘Bild’ newspaper."),  # a title in single quotes
        ("Die Party war ein Erfolg.", "The party was a success."),
        ("Im August war die Party.", "The party was in August."),  # English capitalises it too
        ("Die Bewegung Parents for Future wächst.", "The Parents for Future movement is growing."),  # title case
        ("Die Armee kauft den Leopard 2.", "The army is buying the Leopard 2."),  # a model's name
        ("Die Labour Party siegte.", "The Labour Party won."),  # part of a name
        ("Sie wohnt in der Bamberger Straße.", "She lives in Bamberger Straße."),  # a town's adjective in a name
        ("Der Kreml schweigt.", "The Kremlin is silent."),  # English, though it ends in -in
        ("Das Fest fand auf Schloss Heuschrecke statt.", "The party took place at Heuschrecke castle."),  # a name
        (
            "Es spielten: Brandtweiler, Kesselhaus, Oyelaran und Zinngießer.",  # a list of names
            "Playing: Brandtweiler, Kesselhaus, Oyelaran and Zinngießer.",
        ),
        ("Das Duo Kolb/Kürschner siegte.", "The duo Kolb/Kürschner won."),  # a pair of names
        (
            "Er sprach im Bezirksverband für Imkerei.",  # the German name, its English in brackets
            "He spoke at the Bezirksverband für Imkerei (district association for beekeeping).",
        ),
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        in_source = {w.text.lower() for w in pair.source_words}
        for k, whole in enumerate(pair.target_words):
            for word in _pieces(whole):
                for flag in self._german(pair, k, word, in_source):
                    if flag.severity == "major" and pair.kept_as_name(word.text):
                        flag.severity = "minor"
                        flag.message += " mt's model keeps it too: a name?"
                    yield flag

    def _german(self, pair: Pair, k: int, word: Word, in_source: set[str]) -> Iterable[Flag]:
        """Flags of one word (or piece of a hyphenated word) of the translation, the k-th word."""
        lex, words, text = pair.lexicon, pair.target_words, word.text
        if len(text) < 4 or text in loanwords():
            return
        english, german = lex.zipf(text, "en"), lex.zipf(text)
        if english >= 1.5 and not _german_rather(text, english, german, lex):
            if _capitalised_as_german(pair, k, word):
                message = f"“{text}” is the German noun of the source, capitalised as German writes it: untranslated?"
                yield self.flag(pair, word.start, word.end, message)
            return  # an English word, or a name English prints too (Merkel)
        german_form = _german_form_of_english(text, lex) or _german_form_of_town(pair, text)
        if german_form and not _part_of_a_name(pair, words, k):  # not Coburger Straße, Neue Osnabrücker Zeitung
            yield self.flag(pair, word.start, word.end, f"“{text}” is {german_form}, left untranslated.")
            return
        if not lex.spelled(text) and lex.compound(text) is None:  # no German word: a name, or garbage
            if text.islower() and english == 0.0 and german == 0.0:
                yield self.flag(pair, word.start, word.end, f"“{text}” is no English word.", severity="minor")
            return
        if text.lower() in lex.translations(text) or text in german_towns():
            return  # English writes it so too (a place: Allgäu, Ahlen)
        if _part_of_a_name(pair, words, k) or pair.target[word.start - 1 : word.end + 1] == f"({text})":
            return  # a name, or the German term given in brackets beside its translation
        if _glossed(pair, word) or (word.text == words[k].text and _beside_its_noun(pair, k)):
            return  # a German name with its English in brackets, or a name after its noun (Heuschrecke castle)
        if (
            lex.common_german(text)
            or text.islower()
            or (english == 0.0 and (german >= 3.0 or _spelled_german(text, german, lex)))
            or (english < 1.0 and common_compound(text, lex))
            or (lex.translates(text) and not lex.is_place(text) and not text.lower().endswith(name_heads()))
        ):
            yield self.flag(pair, word.start, word.end, f"“{text}” is German, left untranslated.")
        elif text.lower() in in_source:
            message = f"“{text}” is a German word of the source, left as it is (a name?)."
            yield self.flag(pair, word.start, word.end, message, severity="minor")


def _glossed(pair: Pair, word: Word) -> bool:
    """Whether the translation gives the German term with its English in brackets after it or after the rest of its
    name (Bezirksverband für Imkerei (district association for beekeeping))."""
    after = _GLOSS.match(pair.target, word.end)
    if not after:
        return False
    englishes = {e.lower() for e in pair.coverage.englishes(word.text) if len(e) >= 4}
    return _begins_like(re.findall(r"[^\W\d_]+", after.group(1).lower()), englishes)


def _beside_its_noun(pair: Pair, k: int) -> bool:
    """Whether the k-th word of the translation is the name after a German noun that the translation renders right
    after it, as English orders such names (Burg Eltz: Eltz Castle): a place's name kept. (In the order of the
    source, the noun's English before the word, it may be an adjective and a noun left in: Polnische Forscher,
    Polish Forscher.)"""
    target, lex = pair.target_words, pair.lexicon
    if k + 1 == len(target):
        return False
    following = target[k + 1].text.lower()
    for noun in _capitalised_before(pair.source).get(target[k].text, ()):
        # a common noun's English (castle), not a people's (Schweizer Uhren: Swiss Uhren)
        englishes = (e for e in pair.coverage.englishes(noun) if len(e) >= 4 and lex.english_writes_lower(e))
        if _begins_like((following,), englishes):
            return True
    return False


def _begins_like(words: Iterable[str], englishes: Iterable[str]) -> bool:
    """Whether one of the words begins as one of the English words, but for its last two letters (castles:
    castle, beekeeping: beekeeper)."""
    beginnings = [e[: max(4, len(e) - 2)] for e in englishes]
    return any(word.startswith(b) for word in words for b in beginnings)


@lru_cache(maxsize=16)
def _capitalised_before(source: str) -> dict[str, frozenset[str]]:
    """Each word of a source and the capitalised words one space before it (Burg Eltz: Eltz ← Burg), found once
    for all its words."""
    before: dict[str, set[str]] = {}
    for m in re.finditer(r"\b([A-ZÄÖÜ][^\W\d_]*) (?=([^\W\d_]+))", source):
        before.setdefault(m.group(2), set()).add(m.group(1))
    return {word: frozenset(nouns) for word, nouns in before.items()}


def _spelled_german(text: str, german: float, lex: Lexicon) -> bool:
    """A word the German spelling dictionary accepts and German text uses, though rarely (a compound's
    genitive: Aufsichtsrates), that is no name of it nor ends like one."""
    return german >= 2.0 and lex.spelled(text) and not lex.is_name(text) and not text.lower().endswith(name_heads())


def _german_form_of_english(text: str, lex: Lexicon) -> str | None:
    """An English noun with a German feminine ending (Bloggerin, Managerinnen), which English does not use."""
    for ending in ("innen", "in"):
        stem = text[: -len(ending)]
        if text.endswith(ending) and len(stem) >= 4 and lex.zipf(stem, "en") >= 3.0 and lex.zipf(text, "en") < 1.0:
            return f"the English {stem.lower()} with a German ending"
    return None


def _german_form_of_town(pair: Pair, text: str) -> str | None:
    """The German adjective of a town (Freisinger: Freising, Schwabacher: Schwabach) that the translation names
    too, or that is a known town: English writes the town's name."""
    if not text.endswith("er") or not text[:1].isupper() or pair.lexicon.zipf(text, "en") >= 2.0:
        return None
    stem = text[:-2]
    for town in (stem, f"{stem}e", f"{stem}en"):
        if town.lower() in pair.coverage.words or town in german_towns() or pair.lexicon.is_place(town):
            return f"the German adjective of {town}"
    return None


def _capitalised_as_german(pair: Pair, k: int, word: Word) -> bool:
    """A word English shares with German (Party, Moment, Region) left as the source's noun: capitalised inside
    an English sentence that writes it lower-case, alone (no capitalised word beside it: not a name or a
    title), and a word trans-de-en translates (not a brand: Tesla)."""
    text, words, lex = word.text, pair.target_words, pair.lexicon
    if not (text[:1].isupper() and text[1:].islower()) or k == 0:
        return False
    if pair.target[: word.start].rstrip()[-1:] in _OPENERS or _in_quoted_title(pair, word):
        return False  # the start of a sentence, a quotation or a bracket, or a title
    if any(0 <= i < len(words) and _capitalised_name(pair, words[i]) for i in (k - 1, k + 1)):
        return False
    if _in_titled_name(pair, k) or re.match(r"\s\d{1,3}\b(?![.,]\d)", pair.target[word.end :]):
        return False  # a name in title case (Parents for Future), or a model's (Leopard 2)
    if not re.search(rf"\b{re.escape(text)}\b", pair.source) or lex.is_name(text) or lex.is_place(text):
        return False
    return lex.translates(text) and lex.english_writes_lower(text)


def _in_titled_name(pair: Pair, k: int) -> bool:
    """Whether the k-th word of the translation and a capitalised word two away, joined by a short word of a
    title (for, of, and), make a name in title case (Parents for Future, House of Commons)."""
    words = pair.target_words
    for near, between in ((k - 2, k - 1), (k + 2, k + 1)):
        if 0 <= near < len(words) and words[between].text in _TITLE_JOINTS and _capitalised_name(pair, words[near]):
            return True
    return False


_TITLE_JOINTS = frozenset({"for", "of", "and", "&"})


def _capitalised_name(pair: Pair, word: Word) -> bool:
    """A capitalised word that is not an English word capitalised at the start of a sentence (The, Last)."""
    if not word.text[:1].isupper():
        return False
    starts = pair.target[: word.start].rstrip()[-1:] in ("", ".", "!", "?", ":")
    return not (starts and pair.lexicon.english_writes_lower(word.text))


_OPENERS = tuple(".!?:;\"“”‘'(–—-")
_POSSESSIVE = ("'s", "’s")


def _pieces(word: Word) -> list[Word]:
    """The word, without an English possessive (Sonntag’s); of a hyphenated word its capitalised parts
    (long-Unfall, Führung-up: an English-German hybrid), none where every part is capitalised (a name:
    Mecklenburg-Vorpommern) or none is."""
    if word.text.endswith(_POSSESSIVE):
        return [Word(word.start, word.end - 2, word.text[:-2])]
    if "-" not in word.text:
        return [word]
    parts, start = [], word.start
    for text in word.text.split("-"):
        parts.append(Word(start, start + len(text), text))
        start += len(text) + 1
    capitalised = [p for p in parts if p.text[:1].isupper()]
    return capitalised if 0 < len(capitalised) < len(parts) else []


def _german_rather(text: str, english: float, german: float, lex: Lexicon) -> bool:
    """A word English text has seen (Kinder, Krieg) but German uses a hundred times as often, and which
    trans-de-en translates: German left in, not an English word."""
    return english < 4.0 and german - english >= 2.0 and lex.common_german(text)


def _part_of_a_name(pair: Pair, words: list[Word], k: int) -> bool:
    """Whether the k-th word of the translation stands in a title quoted as the source has it, or next to
    another capitalised word that is not a common English word capitalised at the start of the sentence, the
    two together in the source too (Basketball Löwen Braunschweig, Wenzel Grüß): a name English keeps as it is."""
    text = pair.target
    if _in_quoted_title(pair, words[k]) or _in_list_of_names(pair, words[k]):
        return True
    for other in _capitalised_neighbours(words, k):
        between = text[min(other.end, words[k].end) : max(other.start, words[k].start)]
        starts = not text[: other.start].strip() or text[: other.start].rstrip()[-1:] in ".!?:"
        common = starts and pair.lexicon.zipf(other.text.lower(), "en") >= 4.0  # The, However, Two
        first, second = sorted((other, words[k]), key=lambda t: t.start)
        if _NAME_JOINT.fullmatch(between) and not common and _together_in(pair.source, first.text, second.text):
            return True
    return False


def _in_list_of_names(pair: Pair, word: Word) -> bool:
    """Whether the word is an item of a list of capitalised names in the translation and a listed item in the
    source too (a team's line-up: Brandtweiler, Kesselhaus, Oyelaran): names."""
    if word.text not in _listed(pair.source):
        return False
    return any(start <= word.start < end for start, end in _name_lists(pair.target))


@lru_cache(maxsize=16)
def _listed(source: str) -> frozenset[str]:
    """The words of a source that stand as items of a list: between commas, a colon or „und“."""
    return frozenset(re.findall(r"(?:^|[,:] | und )([^\W\d_][\w-]*)(?=,|$| und )", source.replace(".", ",")))


@lru_cache(maxsize=16)
def _name_lists(target: str) -> tuple[tuple[int, int], ...]:
    """The spans of the lists of names of a translation (capitalised items, half of them or more names: not Haus,
    Baum and Straße left in), found once for all its words."""
    spans = []
    for m in _NAME_LIST.finditer(target):
        items = re.split(r",? and |, ", m.group(1))
        names = sum(_name_item(item.split()[0]) for item in items)
        if len(items) >= 3 and 2 * names >= len(items):
            spans.append(m.span(1))
    return tuple(spans)


def _name_item(word: str) -> bool:
    """A list's item that is a name: neither a German word nor one English writes lower-case (Protection)."""
    return not lexicon().translates(word) and not lexicon().english_writes_lower(word)


# Three or more capitalised items of one or two words, parted by commas (the last may be by "and").
_ITEM = r"[A-ZÄÖÜ][\w-]+(?: [A-ZÄÖÜ][\w-]+)?"
_NAME_LIST = re.compile(rf"((?:{_ITEM}, )+(?:and )?{_ITEM}(?:,? and {_ITEM})?)")


def _together_in(source: str, first: str, second: str) -> bool:
    """Whether the source has the two words together, inflected or not (Mitteldeutscher BC: „Mitteldeutschen
    BC“), or with articles and prepositions between (Bild am Sonntag): a name copied from it, not a word left
    beside a name (Max Bauer heiratete seinen Freund: „Max Bauer Freund his partner“)."""
    together = rf"\b{_stem_pattern(first)}\w*[\s/-]+(?:{_JOINING_WORDS}\s+){{0,2}}{_stem_pattern(second)}"
    return re.search(together, source) is not None


def _stem_pattern(word: str) -> str:
    """The word without the last two letters (an ending), at least four letters of it, for a regex."""
    return re.escape(word[: max(4, len(word) - 2)])


def _in_quoted_title(pair: Pair, word: Word) -> bool:
    """Whether the word stands in a quotation that the source has too: a title kept (not speech, which a
    translation translates)."""
    return any(
        m.start(1) <= word.start < m.end(1) and _from_source(m.group(1), pair.source)
        for m in _QUOTED.finditer(pair.target)
    )


def _from_source(quoted: str, source: str) -> bool:
    """Whether every word of four letters or more of a quotation is in the source, inflected or not (Das
    aktuelle Sportstudio: „im Aktuellen Sportstudio“): German kept, not speech translated."""
    words = [w for w in re.findall(r"[^\W\d_]{4,}", quoted)]
    lowered = source.lower()
    return bool(words) and all(w[: max(4, len(w) - 2)].lower() in lowered for w in words)


# Quoted text in any style: „…“, “…”, "…", ‘…’, »…«, «…» (’ is an apostrophe too: it must end a word)
_QUOTED = re.compile(r"[„“\"‘»«]([^„“”\"‘’»«]{1,200})[“”\"’«»](?!\w)")

# What stands between two capitalised words of one German name: a space, a hyphen, a slash (a pair of players:
# Kolb/Kürschner), or a German article or preposition of place names (Bild am Sonntag, Frankfurt an der Oder,
# Rothenburg ob der Tauber).
_JOINING_WORDS = "(?:am|im|an|ob|auf|in|vor|bei|der|die|das|des|dem|den|von|vom|zu|zum|zur|und|&)"
_NAME_JOINT = re.compile(r"[ /-]| (?:am|im|an der|ob der|auf der|in der|vor der|bei) ")

# Brackets after the German term, with nothing but the rest of its name between (für Imkerei Lindau).
_GLOSS = re.compile(rf"(?:\s+(?:[A-ZÄÖÜ][\w-]*|für|{_JOINING_WORDS})){{0,12}}\s*\(([^()]{{1,200}})\)")


def _capitalised_neighbours(words: list[Word], k: int) -> list[Word]:
    """The capitalised words next to the k-th, looking across up to two lower-case words on each side."""
    found = []
    for step in (-1, 1):
        for i in (k + step, k + 2 * step, k + 3 * step):
            if not 0 <= i < len(words):
                break
            if words[i].text[:1].isupper():
                found.append(words[i])
                break
    return found


@lru_cache(maxsize=1)
def _allowed() -> frozenset[str]:
    return frozenset(qa_data()["repeats"]["allowed"])


_PHRASE = re.compile(r"\b(\w+(?:\s+\w+){0,3})\s+(?:and\s+|,\s*)?\1\b", re.IGNORECASE)


class Repeats(QACheck):
    """Words doubled and phrases repeated in the English (a decoder's loop)."""

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
        ("Der siebenmalige Zeitfahrweltmeister.", "The seven-time time trial champion."),
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        for m in _PHRASE.finditer(pair.target):
            phrase = m.group(1)
            if phrase.lower() in _allowed() or phrase.isdigit() or pair.target[m.start() - 1 : m.start()] == "-":
                continue  # allowed, or the end of a compound first (seven-time time trial)
            if re.search(rf"\b{re.escape(phrase)}\b.*\b{re.escape(phrase)}\b", pair.source, re.IGNORECASE):
                continue  # the source repeats it too
            comparative = phrase.lower().endswith("er") and " and " in m.group()  # "further and further"
            if comparative:
                continue
            yield self.flag(pair, m.start(), m.end(), f"“{phrase}” is repeated.", suggestions=[phrase], confidence=0.8)


class Identical(QACheck):
    """An English that is the German source, copied."""

    name = "qa-identical"
    category = "untranslated"
    must_flag = (("Die Regierung tagt heute in Berlin.", "Die Regierung tagt heute in Berlin."),)
    must_pass = (("Angela Merkel.", "Angela Merkel."), ("Berlin, 12. März.", "Berlin, 12 March."))

    def run(self, pair: Pair) -> Iterable[Flag]:
        if pair.source.strip() == pair.target.strip() and len(pair.source_words) >= 4:
            yield self.whole(pair, "The translation is the source itself.")
