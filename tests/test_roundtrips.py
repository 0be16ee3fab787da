"""Round trips through the German–English dictionary: its reading, the calque checks built on it, and rule ids
that editors' overrides and suppressions can target."""

import json
import logging

import pytest

from mt.check import Checker
from mt.check.checks import calques
from mt.check.checks.roundtrips import CompoundCalque, FalseFriend, VerbNounCalque
from mt.lang import dictionary as dictionary_module
from mt.lang.dictionary import parse
from mt.plugins import rulefiles
from mt.service.review import check_with_rules


def test_every_aligned_sense_is_read_and_dated_ones_are_left_out():
    d = parse(
        [
            "# comment",
            "Rede {f} | eine Rede halten; eine Ansprache halten :: speech | to give a speech",
            "Billion {f} :: trillion; billion [Br.] [obs.]",
            "eine Entscheidung fällen/treffen {v} :: to take a decision",
            "etw. nehmen {vt} {nahm; genommen} :: to take sth. {took; taken}",
            "Spitze {f} (Kinn-; Messer-) :: point",
            "Minute {f} /Min.; min./ | Minuten {pl} :: minute /min./ | minutes",
            "Leitplanke {f} [auto] | Leitplanken {pl} :: crash barrier; guard rail [Am.] | crash barriers",
            "das Ausland {n} [geogr.] :: foreign countries",
            "abhängig (von etw.) {adj} | voneinander abhängig :: dependent (on sth.) | interdependent",
            "auf jdn./etw. warten {vi} :: to wait for sb./sth.",
            "hoffen {vi} (auf; dass) :: to hope (for)",
            "fahren {vi} (in Richtung) :: to head (for)",
            "Gemeinsame Agrarpolitik {f} /GAP/ [pol.] :: Common Agricultural Policy /CAP/",
        ]
    )
    assert d.german_for["give a speech"] == ("eine Ansprache halten", "eine Rede halten")  # sorted
    assert d.english_for["Billion"] == ("trillion",)  # "billion" is marked obsolete
    assert "billion" not in d.german_for
    assert d.german_for["take a decision"] == ("eine Entscheidung fällen", "eine Entscheidung treffen")
    assert d.english_for["nehmen"] == ("take",)
    assert d.german_for["point"] == ("Spitze",)  # a ";" inside brackets separates no alternatives
    assert d.english_for["Minute"] == ("minute",)  # nor one between the slashes of an abbreviation
    assert d.english_phrases_for["Leitplanke"] == ("crash barrier", "guard rail")  # English phrases too
    assert {"Leitplanke", "Leitplanken", "Ausland"} <= d.headwords  # and words with an article
    assert d.prepositions["abhängig"] == {"von"} and d.english_prepositions["abhängig"] == {"on"}  # valency
    assert d.prepositions["warten"] == {"auf"} and d.english_prepositions["warten"] == {"for"}
    assert d.prepositions["hoffen"] == {"auf"}  # one of a list in brackets
    assert "fahren" not in d.prepositions  # a bracket of words explains, it names no preposition of the verb
    assert d.together("Rede", "halten") and d.together("Entscheidung", "treffen")
    assert not d.together("Rede", "geben")
    assert d.long_forms["GAP"] == {"Gemeinsame Agrarpolitik"} and d.english_abbreviations["GAP"] == {"CAP"}
    assert "Min" not in d.long_forms  # abbreviations have two capitals


def test_the_checks_name_the_english_they_came_from():
    flags = Checker([VerbNounCalque, CompoundCalque, FalseFriend]).check_text(
        "Der Kongressmann will morgen eine Rede geben. Der Staat gab zwei Billionen Dollar aus."
    )
    by_text = {f.text: f for f in flags}
    assert set(by_text) == {"Kongressmann", "geben", "Billionen"}
    assert "congressman" in by_text["Kongressmann"].message
    assert "give a speech" in by_text["geben"].message and by_text["geben"].severity == "minor"
    assert by_text["Billionen"].suggestions == ["Milliarden"] and by_text["Billionen"].rule == "false-friend"


def test_clean_germans_collocations_tell_a_calque_from_german_usage():
    flags = Checker([VerbNounCalque]).check_text(
        "Die Stadt will mehr Geld für Schulen verbringen. Die Kinder verbringen die Ferien am See."
    )
    assert [(f.text, f.suggestions) for f in flags] == [("verbringen", ["Geld ausgeben"])]
    assert "spend money" in flags[0].message and "Clean German has „Geld … ausgeben“ in" in flags[0].message
    # a light verb the counts show German pairs with the noun itself is no calque (Sinn machen, Unfall haben)
    assert Checker([VerbNounCalque]).check_text("Er hatte am Montag einen Unfall.") == []


def test_without_the_dictionary_the_checker_works_with_less(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("MT_TRANS_DE_EN", str(tmp_path / "missing"))
    dictionary_module.dictionary.cache_clear()
    try:
        with caplog.at_level(logging.WARNING):
            flags = Checker([VerbNounCalque, CompoundCalque, FalseFriend]).check_text(
                "Der Kongressmann will eine Rede geben."
            )
        assert flags == []
        assert "trans-de-en not found" in caplog.text and "apt-get install trans-de-en" in caplog.text
    finally:
        dictionary_module.dictionary.cache_clear()


@pytest.fixture
def own_rules(tmp_path, monkeypatch):
    """A $MT_RULES_DIR of the editors' own, with the rule caches emptied before and after."""
    monkeypatch.setenv("MT_RULES_DIR", str(tmp_path))
    rulefiles.load_rules.cache_clear()
    calques.rules.cache_clear()
    yield tmp_path
    monkeypatch.delenv("MT_RULES_DIR")
    rulefiles.load_rules.cache_clear()
    calques.rules.cache_clear()


def test_an_editors_rule_with_a_bundled_id_replaces_or_disables_it(own_rules):
    (own_rules / "calques.toml").write_text(
        '[[rule]]\nid = "am-ende-des-tages"\ndisabled = true\n\n'
        '[[rule]]\nid = "no-longer"\npattern = "\\\\bnicht länger\\\\b"\nmessage = "Ours."\nsuggestion = "nicht mehr"\n',
        encoding="utf-8",
    )
    ids = [r.id for r in calques.rules()]
    assert "am-ende-des-tages" not in ids and ids.count("no-longer") == 1
    assert next(r for r in calques.rules() if r.id == "no-longer").message == "Ours."


def test_a_rejection_suppresses_one_rule_not_the_whole_check():
    from mt.document.model import Document

    text = "Am Ende des Tages zählt das. Der Senat hat das Gesetz am Montag passiert."
    flags = Checker([calques.Calque]).check(Document.from_text(text))
    assert {f.rule for f in flags} == {"am-ende-des-tages", "pass-a-law"}
    suppress = {"kind": "suppress", "text": "Am Ende des Tages", "check_name": "am-ende-des-tages"}
    kept = check_with_rules(Checker([calques.Calque]), Document.from_text(text), [suppress])
    assert [f.rule for f in kept] == ["pass-a-law"]


def test_mt_check_says_which_knowledge_sources_it_found():
    from conftest import run_mt

    text = run_mt("check", "-", stdin="Der Kongressmann will eine Rede geben.\n")
    assert text.returncode == 0
    assert "knowledge: hunspell de_DE" in text.stdout and "English expressions" in text.stdout
    as_json = json.loads(
        run_mt("check", "-", "--format", "json", stdin="Der Kongressmann will eine Rede geben.\n").stdout
    )
    assert as_json["document"]["sources"]["trans-de-en"].endswith("English expressions")
    assert "lines of clean German" in as_json["document"]["sources"]["collocations"]
    assert [(f["text"], f["rule"], f["suggestions"][:1]) for f in as_json["flags"]] == [
        ("Kongressmann", "calque-compound", ["Kongressabgeordneter"]),
        ("geben", "calque-verb-noun", ["eine Rede halten"]),
    ]
