"""Names of the source that the translation lacks, knowing how German spells foreign names
(``Lawrow`` is ``Lavrov``, ``Selenskyj`` is ``Zelensky``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from mt.document.segment import split_sentences
from mt.lang.dictionary import is_abbreviation
from mt.lang.lexicon import Lexicon
from mt.plugins.flags import Flag
from mt.qa.acronyms import acronym_kept
from mt.qa.name_spelling import present, rendered
from mt.qa.pair import Pair, QACheck, Word, common_compound, loanwords, name_heads, qa_data


class MissingName(QACheck):
    """A name of the source that the English lacks."""

    name = "qa-missing-name"
    category = "name"
    must_flag = (
        ("Außenminister Lawrow traf Blinken in Genf.", "The Foreign Minister met Blinken in Geneva."),
        ("Das sagte Selenskyj am Montag.", "That's what he said on Monday."),
        ("Die SPD verlor in Dortmund.", "The party lost in Dortmund."),
        ("Trump sprach mit Putin.", "Trump spoke with him."),
        ("Das Spiel fand in Mainz statt.", "The game took place in the city."),  # a place of the dictionary
        ("Das sagte Gesundheitsminister Karl Lauterbach.", "Health Minister Lauterbach said so."),  # first name
        ("Das sagte der CDU-Vorsitzende am Montag.", "The party leader said so on Monday."),  # in a compound
        ("Zum Fest kommt Rolf Aschenbach.", "Rolf is coming to the party."),  # a surname after a first name
        ("Der frühere Siemens-Chef sagte das.", "The former CEO said so."),  # a name in a compound
        ("Damit kann Veranstalter Koch wenig anfangen.", "The organiser cannot do much with that."),  # after a title
        ("„Das war gut“, meinte Keller.", "“That was good,” he said."),  # the speaker after a verb of saying
        ("Die Sonde startete in Japan.", "The probe was launched in the country."),  # a name English keeps
        ("Der Brandauer-Plan wirkt, sagte Brandauer.", "The Brandauer plan works, he said."),  # one of two lost
        ("Der BND warnte davor.", "The agency warned of it."),  # no word of its long form
        ("Der Zug hielt in Ferrara.", "The train stopped in the town."),  # a name both spell, if rarely
        ("Nina Hagen sang neun Lieder.", "Hagen sang nine songs."),  # nine is no spelling of Nina
        ("Die Sanktionen gegen den Iran bleiben.", "The sanctions remain."),  # a name with an article
        ("Das Schiff fuhr auf dem Rhein.", "The ship sailed on the river."),  # a river: Rhein {m} :: Rhine
        ("Das Konzert im Madison Square Garden war ausverkauft.", "The concert in Madison Square was sold out."),
        ("Der Fresenius-Chef sagte das.", "The CEO said so."),  # a name German text uses often, in a compound
        ("Den Preis bekam Ian Fischer.", "Ian won the prize."),  # a surname after an English first name
        ("Das Treffen mit Ian fand statt.", "The meeting took place."),  # a name of three letters
        ("Der Unfall geschah bei Reichertshausen.", "The accident happened nearby."),  # a place's compound
        ("Die Band „Kraftklub“ spielte zuerst.", "The band played first."),  # a name in quotation marks
        ("Das sagte er dem „Morning Star Herald“.", "He told the “Star Herald”."),  # the rest of a title kept
        ("Trainer Hasim Kaya hat sich verbessert.", "Coach Kaya has improved."),  # has improved is not Hasim
        ("Der Fluss Guadiana führt Hochwasser.", "The river is guarded by a guardian."),  # an English word like it
        ("Das Fest im Bamberger Hof war gut.", "The party at the Bamberger was good."),  # a name cut short
        ("Jan Novak kam. Novak sprach.", "Jan came. Novak spoke."),  # cut short once, kept once
        ("Beim Fest sang Rosa Brandauer zwei Lieder.", "At the party, Brandauer sang two songs."),  # a first name
        ("Die Bamberger Tafel hilft vielen Familien.", "Bamberg helps many families."),  # the town kept, not the rest
        ("Das Fest am Lindauer Platz war voll.", "The party at Lindauer was full."),  # platz! is a verb too
        ("Die Vapiano-Filialen schließen.", "The branches are closing."),  # a name German text has seen
        ("Tübingen - Bei einem Brand in Tübingen wurde niemand verletzt.", "Tübingen - Nobody was hurt."),  # twice
        # a German word that mt's own translation keeps as it is and English prints as a name
        ("Im Finale traf Storch zweimal.", "In the final, he scored twice.", "In the final, Storch met twice."),
        ("Der Hof von König Wilhelm III. war prächtig.", "The court of King Henry III was splendid."),  # not his
        ("Er kam spät. Lawrow sagte nichts.", "He came late. He said nothing."),  # a name beginning a sentence
    )
    must_pass = (
        ("Außenminister Lawrow traf Blinken in Genf.", "Foreign Minister Lavrov met Blinken in Geneva."),
        ("Das sagte Selenskyj am Montag.", "Zelensky said that on Monday."),
        ("Der BND warnte davor.", "The Federal Intelligence Service warned of it."),  # the long form (Ding)
        ("Die GAP wird reformiert.", "The CAP is being reformed."),  # the English abbreviation (Ding)
        (  # a frequent German compound after a name is no surname
            "Im Mai räumten weder Kodak noch Xerox Fehlentscheidungen ein.",
            "In May, neither Kodak nor Xerox admitted to poor choices.",
        ),
        ("Die Regierung in Moskau schweigt.", "The government in Moscow is silent."),
        ("Das Spiel fand in Neapel statt.", "The game took place in Naples."),
        ("Die Sozialversicherungs-Reform kommt.", "The social security reform is coming."),
        ("Die Wohnlichkeit zählt.", "Comfort counts."),  # a German noun, not a name
        ("Im Zoo leben drei Alpakas.", "Three animals live in the zoo."),  # a plural the dictionary lacks
        ("Die Buhrufe hörte Kramer nicht.", "Kramer did not hear the boos."),  # a noun translated (trans-de-en)
        ("Sie arbeiten an der Renten\u00adreform.", "They are working on the pension reform."),  # soft hyphen
        ("Die USA drohen mit Zöllen.", "The US threatens tariffs."),  # an abbreviation of its own
        ("Der Gewinn vor Steuern (EBIT) stieg.", "Earnings Before Interest and Tax rose."),  # written out
        ("Sie siegte in Kontiolahti (FIN).", "She won in Kontiolahti, Finland."),  # the country's code
        ("Die Sonde startete in Japan.", "The probe was launched in Japan."),
        ("Das Schiff fuhr auf dem Rhein.", "The ship sailed on the Rhine."),
        ("Sie wohnt in der Ludwigsburger Altstadt.", "She lives in Ludwigsburg's old town."),  # the town's adjective
        ("Er siegte in Liège.", "He won in Liege."),  # accents dropped
        ("Das kostet 12 Millionen Euro.", "That costs €12 million."),  # the currency's sign
        ("Das Fest war eine Gaudi.", "The party was great fun."),  # a noun after an article, not the architect
        ("Als Posaunistin spielte sie lange.", "She played for a long time."),  # the feminine of Posaunist
        ("Das sagte Kanzlerin Merkel.", "Chancellor Merkel said so."),  # a title beside a name, translated
        ("Am Sonntag kamen wenige.", "Few came."),  # Am is no first name
        ("Der Unfall geschah bei Reichertshausen.", "The accident happened near Reichertshausen."),
        ("Die Band „Kraftklub“ spielte zuerst.", "The band Kraftklub played first."),
        ("„Wir kommen wieder“, sagte sie.", "“We'll be back,” she said."),  # speech, not a title
        ("Sie postete in ihren Snapchat Stories.", "She posted in her Snapchat stories."),  # kept lower-case
        ("Lindauer Bestens besucht war das Fest.", "Lindauer: the festival was well attended."),  # an adverb
        ("Die Nachrüst-Pflicht kommt.", "The retrofit obligation is coming."),  # a German stem (Nachrüsten)
        ("Er wurde in Breslau geboren.", "He was born in Wrocław."),  # the town's own name (GeoNames)
        ("Tübingen sagte ab. Tübingen zahlt.", "Tübingen cancelled. The town pays."),  # a second sentence may say so
        ("Wir fuhren mit Hapag Containerschiffen.", "We travelled with Hapag boxships."),  # a noun after a name
        ("Wir fuhren mit Hapag Elektrofrachtern.", "We travelled with Hapag e-freighters."),  # one Ding lacks
        ("Das Design von Design Lab gewann.", "The design of Design Lab won."),  # a name that is a word too
        ("Der Hof von König Wilhelm III. war prächtig.", "The court of King William III was splendid."),  # English form
        ("Ich habe Johannes Buch gelesen.", "I have read John's book."),  # of the genitive too
        ("Die Bamberger Tafel hilft vielen Familien.", "The Bamberg food bank helps many families."),
        ("In der Gemeinde Brandau wählten alle.", "Everyone in the municipality of Brandau voted."),  # a noun before
        ("Der Preis der neuen Sorte Pippin stieg.", "The price of the new variety Pippin rose."),  # after an adjective
        ("Das sagte Torjäger Brandauer am Montag.", "This is what striker Brandauer said on Monday."),  # a title
        ("Hör auf! Oder willst du Ärger?", "Stop! Do you want trouble?"),  # a word beginning a second sentence
        ("Er kam spät. Mach dir keine Sorgen.", "He came late. Do not worry."),  # a verb's form, not Mach
        ("Im Finale traf Storch zweimal.", "In the final, he scored twice."),  # a German word, without mt's own
        ("Im Nest saß ein Storch.", "A bird sat in the nest.", "In the nest sat a stork."),  # mt translates it
        ("Im Nest saß ein Storch.", "A bird sat in the nest.", "In the nest was a Storch."),  # a noun: an article
    )

    def run(self, pair: Pair) -> Iterable[Flag]:
        lex = pair.lexicon
        target = tuple(w.text for w in pair.target_words)  # a name may come out lower-case ("chicken wings")
        words = pair.source_words
        source = pair.source
        target_words = set(target)
        cut = _cut_names(pair)
        for c in cut:
            message = f"The name {c.whole} of the source is cut to {c.kept} in the translation."
            yield self.whole(pair, message, confidence=0.6)
        kept_acronyms: dict[str, bool] = {}
        for i, word in enumerate(words):
            text = word.text
            acronyms = [part for part in text.split("-") if is_abbreviation(part)]  # SPD, also in SPD-Chef
            if acronyms == [text] and _shouted(words, i, lex):
                continue  # a German word in capitals (UM MITTERNACHT, ZIELE IM VISIER)
            for acronym in acronyms:
                if acronym not in kept_acronyms:  # each once: a text may repeat thousands
                    kept_acronyms[acronym] = acronym_kept(acronym, pair, target)
                if not kept_acronyms[acronym] and not _defined_before(pair, i):
                    alone = acronym == text and not _kept_name_beside(pair, i, i + 1, target)  # FC Porto: Porto
                    yield self._missing_acronym(pair, acronym, alone=alone)
            if acronyms and is_abbreviation(text):
                continue
            if source[word.end : word.end + 1] == "-" and (
                source[word.end + 1 : word.end + 2] in (" ", "") or text.endswith(_LINKED_ENDINGS)
            ):
                continue  # the first part of a compound (Sozialversicherungs-Reform, Aus- und Weiterbildung)
            if _starts_sentence(source, word) and (lex.in_dictionary(text.lower()) or lex.spelled(text.lower())):
                continue  # a lower-case word capitalised at the start of a sentence (Oder: or, not the river)
            named = text[0].isupper() and (
                (i > 0 and _named_by_context(source, words[i - 1], word, lex))
                or _in_kept_name(pair, i, target)
                or (_in_short_quote(pair, word) and not lex.translates(text) and not lex.spelled(text.lower()))
                or _in_partly_kept_quote(pair, word, target_words)
            )
            if "-" in text:  # the names in a compound (Audi-Chef, Donau-Iller), not its German parts
                names = [p for k, p in enumerate(text.split("-")) if _named_part(p, lex, first=k == 0)]
            else:
                # a German word that mt's own translation keeps (Storch) is a name, as one German does not know
                by_form = _name_like(text, lex) or pair.kept_as_name(text)
                names = [text] if named or (by_form and not _after_article(pair, i)) else []
            for name in names:
                if any(c.lost == name for c in cut) or rendered(name, pair, target):
                    continue
                yield self.whole(pair, f"The name {name} of the source is not in the translation.", confidence=0.6)
        for name, times, remaining in _fewer_times(pair):
            message = f"The name {name} is {times} times in the source, {remaining} in the translation: one dropped?"
            yield self.whole(pair, message, confidence=0.6)

    def _missing_acronym(self, pair: Pair, acronym: str, alone: bool) -> Flag:
        """A lost abbreviation of three letters or more is a lost name (SPD, EuGH), and so is one of two standing
        alone (die EU); one of two in a compound English often leaves unsaid (US-Botschafter: the ambassador), and
        one before a name the translation keeps (FC Porto: Porto)."""
        message = f"{acronym} of the source is not in the translation."
        if len(acronym) >= 3 or alone:
            return self.whole(pair, message, confidence=0.6)
        return self.whole(pair, message, severity="minor", confidence=0.5)


def _shouted(words: list[Word], i: int, lex: Lexicon) -> bool:
    """Whether the i-th word, written in capitals, is a German word (UM, ES; OB, the mayor, is lost with them) or
    stands beside one written so (ZIELE IM VISIER): text in capitals, not an abbreviation (WDR, SWR)."""
    near = (words[j].text for j in (i - 1, i + 1) if 0 <= j < len(words))
    shouting = any(len(w) >= 3 and w.isupper() and lex.spelled(w.lower()) for w in near)
    return shouting or lex.spelled(words[i].text.lower())


_BEFORE_SENTENCE = re.compile(r"(?:^|[!?:]|(?P<last>\w+)\.)[\s„“”\"'‚‘»«(]*$")


def _starts_sentence(source: str, word: Word) -> bool:
    """Whether the word begins the source or a sentence of it, after an opening quote too („Oder …): after
    ! ? : or a full stop that ends a word, not a title (Dr., Prof.) nor a number (am 3. Oktober)."""
    m = _BEFORE_SENTENCE.search(source, max(0, word.start - 40), word.start)  # ^ is the text's start only
    if m is None:
        return False
    last = m.group("last")
    return last is None or (last.isalpha() and (last[0].islower() or len(last) >= 5))


def _defined_before(pair: Pair, i: int) -> bool:
    """Whether the i-th word is an abbreviation in brackets after what it stands for, which the translation
    renders (Landesamt für Umwelt (LfU): the state environment agency)."""
    words, source = pair.source_words, pair.source
    word = words[i]
    if source[word.start - 1 : word.start] != "(" or source[word.end : word.end + 1] != ")":
        return False
    before = words[max(0, i - len(word.text)) : i]
    initial = word.text[0].lower()
    return any(w.text[0].lower() == initial for w in before) and any(pair.coverage.has(w.text) for w in before)


class CutName(NamedTuple):
    """A name of two words of the source (whole) of which the translation keeps one (kept) and lost the other."""

    whole: str
    kept: str
    lost: str


def _cut_names(pair: Pair) -> list[CutName]:
    """The names of two words the translation keeps one of as it is, without the other: a first name and a
    surname, a town's adjective and a noun (Jan Novak, Bamberger Hof)."""
    return _cut_after(pair) + _cut_before(pair)


def _cut_after(pair: Pair) -> list[CutName]:
    """The names of two words of which the translation keeps the first as it is (a town's adjective as the town:
    Bamberger Tafel, Bamberg) but never with a capitalised word after it, and has no translation of the second:
    the name cut short. The second must be a noun or a name, not a capitalised adverb (a headline's „Bestens“)."""
    words, target, lex = pair.source_words, pair.target_words, pair.lexicon
    followed: dict[str, bool] = {}  # each word of the translation: whether a capitalised word ever follows it
    for t, after in zip(target, [*target[1:], None]):
        name_goes_on = after is not None and pair.target[t.end : after.start] == " " and after.text[:1].isupper()
        followed[t.text] = followed.get(t.text, False) or name_goes_on
    in_target = Counter(w.text.lower() for w in target)
    in_source = Counter(w.text for w in words)
    cut = []
    for first, second in zip(words, words[1:]):
        kept = first.text if first.text in followed else _town_of(first.text, lex)
        if kept is None or followed.get(kept, True) or pair.source[first.end : second.start] != " ":
            continue  # not in the translation, or a capitalised word follows it there
        name = second.text
        if not (first.text[:1].isupper() and name[:1].isupper()) or len(name) < 3 or "-" in first.text + name:
            continue
        adverb = lex.spelled(name.lower()) and not lex.translates(name)  # German has it lower-case only
        # a German compound the dictionary lacks is a noun after the name (Hapag Containerschiffe), not its part
        unlisted = lex.spelled(name) and not lex.translates(name) and not lex.is_name(name)
        if (
            is_abbreviation(name)
            or adverb
            or pair.coverage.translated(name)
            or lex.compound(name) is not None
            or unlisted
        ):
            continue
        if in_target[name.lower()] >= in_source[name]:
            continue  # as often in the translation (Snapchat Stories: stories), kept elsewhere in the sentence
        cut.append(CutName(f"{first.text} {name}", kept, name))
    return cut


def _town_of(adjective: str, lex: Lexicon) -> str | None:
    """The town a town's adjective is made of (Bamberger: Bamberg), if the dictionary knows it as a place."""
    town = adjective[:-2] if adjective.endswith("er") else ""
    return town if len(town) >= 3 and lex.is_place(town) else None


def _cut_before(pair: Pair) -> list[CutName]:
    """The names of two words of which the translation keeps the second as it is, inside a sentence and never
    after a capitalised word, and has nothing of the first: the first name lost (Rosa Brandauer: Brandauer), also
    one that is a German word too. The first must be a word English text uses (a name the two share), not a
    title or role (Bundestrainer, Frau), nor a word English writes lower-case (Superstar)."""
    words, target, lex = pair.source_words, pair.target_words, pair.lexicon
    inside: set[str] = set()  # the capitalised words inside a sentence of the translation
    after_capital: set[str] = set()  # those right after a capitalised word (Chancellor Merkel)
    for before, t in zip(target, target[1:]):
        gap = pair.target[before.end : t.start]
        if not t.text[:1].isupper():
            continue
        if gap == " " and before.text[:1].isupper():
            after_capital.add(t.text)
        elif not any(stop in gap for stop in ".!?:"):
            inside.add(t.text)
    target_words = tuple(t.text for t in target)
    cut = []
    for first, second in zip(words, words[1:]):
        text = first.text
        if second.text not in inside or second.text in after_capital or pair.source[first.end : second.start] != " ":
            continue
        if not text[:1].isupper() or "-" in text or is_abbreviation(text) or text.lower().endswith(_roles()):
            continue
        if _starts_sentence(pair.source, first) and (lex.in_dictionary(text.lower()) or lex.spelled(text.lower())):
            continue  # a lower-case word capitalised at the start of a sentence
        if lex.zipf(text, "en") < 1.5 or lex.english_writes_lower(text):
            continue  # a German noun (Torjäger) or one English has as a word (Superstar): a title, not a name
        if _noun_by_context(pair.source, first):
            continue  # a noun of the sentence (in der Gemeinde Brandau, um 11 Uhr MEZ)
        if rendered(text, pair, target_words):
            continue
        cut.append(CutName(f"{text} {second.text}", second.text, text))
    return cut


def _noun_by_context(source: str, word: Word) -> bool:
    """Whether the word is a noun by what stands before it, not the first part of a name: an article, a
    possessive or a preposition joined with an article, right before it or before an adjective (der Gemeinde, im
    Raum, der neuen Sorte), or a number (11 Uhr)."""
    if source[word.start - 1 : word.start] != " ":
        return False
    before = source[max(0, word.start - 40) : word.start].split(" ")[:-1]  # the words before it
    previous = before[-1] if before else ""
    articles = _articles()
    if previous[-1:].isdigit() or previous.lower() in articles:
        return True
    adjective = previous.islower() and previous.endswith(_ADJECTIVE_ENDINGS)
    return adjective and len(before) >= 2 and before[-2].lower() in articles  # der neuen Sorte


_ADJECTIVE_ENDINGS = ("e", "en", "em", "er", "es")


@lru_cache(maxsize=1)
def _articles() -> frozenset[str]:
    """The determiners and the prepositions joined with an article (im, zum), once."""
    return _determiners() | frozenset(qa_data()["names"]["joined_articles"])


def _fewer_times(pair: Pair) -> list[tuple[str, int, int]]:
    """The names a one-sentence source repeats that the translation keeps as they are, but fewer times (Tübingen -
    Bei einem Brand in Tübingen: "Tübingen - Nobody was hurt."): one dropped. A text of several sentences may say
    "he" or "the city" the second time. A name counts in a hyphenated compound too (Brandauer-Plan)."""
    lex = pair.lexicon
    in_source = Counter(p for w in pair.source_words for p in w.text.split("-") if p[:1].isupper())
    repeated = [
        name for name, times in in_source.items() if times >= 2 and (is_abbreviation(name) or _name_like(name, lex))
    ]
    if not repeated or len(split_sentences(pair.source)) > 1:
        return []
    in_target = Counter(p.lower() for w in pair.target_words for p in w.text.split("-"))  # Design: design
    return [
        (name, in_source[name], in_target[name.lower()])
        for name in repeated
        if 0 < in_target[name.lower()] < in_source[name]
    ]


def _named_part(part: str, lex: Lexicon, first: bool) -> bool:
    """A part of a hyphenated compound that is a known name: a place, a name of the spelling dictionary or one
    English text uses too (Siemens-Chef, Donau-Iller), or one German text uses, often or, as the first part, at
    all (Fresenius-Chef, Vapiano-Filialen); not a German stem (Stiftungs-, Nachrüst-)."""
    if is_abbreviation(part) or part.endswith(_LINKED_ENDINGS) or not _name_like(part, lex):
        return False
    if lex.is_place(part) or lex.is_name(part) or lex.zipf(part, "en") >= 3.0:
        return True
    if lex.spelled(part) or _german_stem(part, lex):
        return False
    return lex.zipf(part) >= (1.0 if first else 3.0)  # a German noun it may be, behind a name (Ultra-Fanklubs)


def _german_stem(part: str, lex: Lexicon) -> bool:
    """A German word without its ending or with one too many (Nachrüst-: Nachrüsten, Ausbildern: Ausbilder)."""
    endings = ("e", "en", "n", "s", "es")
    longer = any(lex.spelled(part + e) for e in endings)
    return longer or any(part.endswith(e) and lex.spelled(part[: -len(e)]) for e in endings)


def _kept_in_english(text: str, lex: Lexicon) -> bool:
    """Whether trans-de-en's first translation of the word is the word itself (Japan: japan; not Haus: house),
    and it is no German word English prints for its institutions (Land, Landtag: they may be translated)."""
    translations = lex.translations(text)
    return bool(translations) and translations[0] == text.lower() and text not in loanwords()


def _named_by_context(source: str, previous: Word, word: Word, lex: Lexicon) -> bool:
    """Whether the word is a name by what stands before it, even where it is a German word too: a first name
    (Klaus Keller; not a frequent German compound: Xerox Fehlentscheidungen), a title or role without an article
    (Veranstalter Koch), or a verb of saying when the word ends the clause („…“, meinte Keller.)."""
    if source[previous.end : word.start] != " ":
        return False
    first = _first_name(previous.text, lex) and not (lex.zipf(word.text) >= 3.0 and common_compound(word.text, lex))
    if first or previous.text.lower().endswith(_roles()):
        return True
    return previous.text in _speech_verbs() and source[word.end : word.end + 1] in ("", ".", ",", ";", ":", "!", "?")


_SHORT_QUOTE = re.compile(r"[„“\"»«]([^„“”\"»«]{1,40})[“”\"«»](?!\w)")


def _in_short_quote(pair: Pair, word: Word) -> bool:
    """Whether the word stands in a short quotation of the source: the title of a work, the name of a band or a
    product (the game „Codenames“), even a word German text has not seen."""
    return any(start <= word.start < end for start, end in _short_quotes(pair.source))


def _in_partly_kept_quote(pair: Pair, word: Word, target: set[str]) -> bool:
    """Whether the word stands in a short quotation of the source of which the translation (its words: target)
    keeps another word as it is: a title kept, of which this word is lost (the „Morning Star Herald“: the "Star
    Herald")."""
    for start, end in _short_quotes(pair.source):
        if start <= word.start < end:
            others = re.findall(r"[^\W\d_]{3,}", pair.source[start:end])
            kept = any(o in target and o != word.text for o in others)
            return kept and len(word.text) >= 4 and word.text not in target
    return False


@lru_cache(maxsize=16)
def _short_quotes(source: str) -> tuple[tuple[int, int], ...]:
    """The spans of the short quotations of a source, found once for all its words."""
    return tuple(m.span(1) for m in _SHORT_QUOTE.finditer(source))


def _in_kept_name(pair: Pair, i: int, target: tuple[str, ...]) -> bool:
    """Whether the word is part of a name of several words that the translation keeps another part of: a word
    German does not know beside it (Thandiwe Mbeki), a name or a word English uses after it (Square Garden);
    not a German word, which may be a title the translation renders (Kanzlerin Merkel: Chancellor Merkel). The
    translation's words: target."""
    lex, text = pair.lexicon, pair.source_words[i].text
    if not lex.translates(text) and not lex.spelled(text) and lex.compound(text) is None:
        sides: tuple[int, ...] = (i - 1, i + 1)
    elif lex.is_name(text) or lex.zipf(text, "en") >= 3.0:
        sides = (i - 1,)
    else:
        return False
    return any(_kept_name_beside(pair, i, j, target) for j in sides)


def _kept_name_beside(pair: Pair, i: int, j: int, target: tuple[str, ...]) -> bool:
    """Whether word j, one space from word i, is a name the translation (its words: target) keeps."""
    words, lex = pair.source_words, pair.lexicon
    if not 0 <= j < len(words):
        return False
    left, right = sorted((words[i], words[j]), key=lambda w: w.start)
    other = words[j].text
    return (
        pair.source[left.end : right.start] == " "
        and "-" not in other
        and (_name_like(other, lex) or lex.is_name(other))
        and present(other, target)
    )


def _first_name(text: str, lex: Lexicon) -> bool:
    """A name of the German spelling dictionary (Jürgen), or one English Hunspell has capitalised that German
    has no word for, nor in lower case (Ian; not Am, Den at the start of a sentence)."""
    if lex.is_name(text):
        return True
    return lex.english_capitalises(text) and not lex.translates(text) and not lex.spelled(text.lower())


def _after_article(pair: Pair, i: int) -> bool:
    """Whether an article or a possessive stands right before a word not known as a name: a noun (seine Leute,
    die Gaudi), not a name, which German writes without one; known names take one too (der Iran)."""
    words, lex = pair.source_words, pair.lexicon
    if i == 0 or pair.source[words[i - 1].end : words[i].start] != " ":
        return False
    text = words[i].text
    if lex.is_place(text) or lex.is_name(text) or lex.english_capitalises(text) or lex.is_place(text[:-2]):
        return False
    if i + 1 < len(words) and words[i + 1].text[:1].isupper() and pair.source[words[i].end] == " ":
        return False  # the first word of a name of several (an der Rehbacher Straße)
    return words[i - 1].text.lower() in _determiners()


@lru_cache(maxsize=1)
def _determiners() -> frozenset[str]:
    return frozenset(qa_data()["names"]["determiners"])


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    return frozenset(qa_data()["names"]["speech_verbs"])


@lru_cache(maxsize=1)
def _roles() -> tuple[str, ...]:
    return tuple(qa_data()["names"]["roles"])


_NOUN_ENDINGS = ("ung", "ungen", "keit", "heit", "schaft", "innen", "ismus", "ität", "tion", "tionen")
_LINKED_ENDINGS = tuple(f"{ending}s" for ending in ("ung", "keit", "heit", "schaft", "tät", "tion"))


def _feminine(text: str, lex: Lexicon) -> bool:
    """The feminine of a German noun that trans-de-en translates (Posaunistin, Pianistinnen)."""
    return any(text.endswith(e) and len(text) > len(e) + 3 and lex.translates(text[: -len(e)]) for e in ("in", "innen"))


def _inflected(text: str, lex: Lexicon) -> bool:
    """A noun of the dictionary with a plural or genitive ending it does not list (Alpakas: Alpaka, Tapiren:
    Tapir): a German word, not a name. Not -e, which many names end in after a noun's letters."""
    return any(
        text.endswith(e) and len(text) - len(e) >= 4 and lex.translates(text[: -len(e)]) for e in ("en", "n", "es", "s")
    )


def _name_like(text: str, lex: Lexicon) -> bool:
    """A capitalised word that is a name, not a German word, a compound or a typo of one."""
    if len(text) == 3 and lex.english_capitalises(text) and _first_name(text, lex):
        return True  # a short name (Ian) English and German do not use as a word
    if len(text) < 4 or not text[0].isupper() or text.isupper() or "-" in text:
        return False
    if lex.is_place(text) or lex.is_name(text) or (lex.english_capitalises(text) and _kept_in_english(text, lex)):
        return True  # a place (Mainz, Neapel), whether English spells it the same or not, a first name, or a
        # name English writes so too (Japan, September)
    if lex.translates(text) or lex.common_german(text) or text.endswith(_NOUN_ENDINGS):
        return False  # a German word, also an inflected noun the dictionary lists (Bergen: Berg)
    if _inflected(text, lex) or _feminine(text, lex):
        return False  # a form of a noun it does not list (Alpakas) or a woman's (Posaunistin)
    if lex.spelled(text):
        english = lex.zipf(text, "en")  # a name German and English share (Merkel, Trump), not a German word
        return english >= 3.0 or (english >= 2.5 and not lex.spelled(text.lower()))  # rarer: no word (not Nanu)
    # Unknown to the German dictionary and seen in text: a name (Lawrow, Selenskyj), also a compound with the end
    # of a place or family name (Grafenrheinfeld, Reichertshausen), not another compound or a typo.
    if max(lex.zipf(text), lex.zipf(text, "en")) < 1.0:
        return False
    return lex.compound(text) is None or text.lower().endswith(name_heads())
