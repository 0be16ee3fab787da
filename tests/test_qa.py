"""The bilingual QA checks, each on its own examples."""

import json
import subprocess
import sys

import pytest
from conftest import SEEDS

from mt.plugins.examples import all_examples, example_problem
from mt.qa import ALL_QA_CHECKS, QAChecker

EXAMPLES, EXAMPLE_IDS = all_examples(ALL_QA_CHECKS)


@pytest.mark.parametrize("check, pair, flagged", EXAMPLES, ids=EXAMPLE_IDS)
def test_each_qa_check_on_its_own_examples(check, pair, flagged):
    assert example_problem(check, pair, flagged) is None


def test_the_qa_checker_sorts_and_skips_what_is_not_text():
    flags = QAChecker().check(
        "Am 27. Februar 2022 sprach Lawrow in Moskau.", "On February 27, 202 Lavrov spoke in Moscow Moscow."
    )
    assert [f.check for f in flags] == ["qa-numbers", "qa-numbers", "qa-repeats"]
    assert flags[1].text == "202" and flags[2].text == "Moscow Moscow" and "2022" in flags[0].message
    assert QAChecker().check("2022", "2022") == [] and QAChecker().check("Guten Tag.", "") == []


def test_a_clubs_abbreviation_before_a_name_the_translation_keeps_is_a_minor_loss():
    kept = QAChecker().check("Der FC Porto gewann am Sonntag.", "Porto won on Sunday.")
    assert [(f.check, f.severity, f.message) for f in kept] == [
        ("qa-missing-name", "minor", "FC of the source is not in the translation.")
    ]
    alone = QAChecker().check("Der FC gewann am Sonntag.", "Porto won on Sunday.")
    assert [(f.check, f.severity) for f in alone] == [("qa-missing-name", "major")]


def test_a_german_word_that_mts_own_translation_keeps_is_a_name_not_german_left_in():
    source, target = "Den Pokal holte Sommer.", "Sommer won the cup."
    alone = QAChecker().check(source, target)
    assert [(f.check, f.severity, f.text) for f in alone] == [("qa-german-left", "major", "Sommer")]
    seconded = QAChecker().check(source, target, pseudo_reference="The cup took Sommer.")
    assert [(f.check, f.severity) for f in seconded] == [("qa-german-left", "minor")]
    assert "a name?" in seconded[0].message
    translated = QAChecker().check(source, target, pseudo_reference="The cup was won in summer.")
    assert [f.severity for f in translated] == ["major"]


def test_mt_qa_on_two_files(tmp_path):
    from conftest import run_mt

    (tmp_path / "src.de").write_text("Der Konflikt begann im Jahr 2022.\nLawrow reiste nach Moskau.\nGuten Morgen.\n")
    (tmp_path / "tgt.en").write_text("The conflict began in 202.\nLavrov travelled to Moscow Moscow.\nGood morning.\n")
    result = run_mt("qa", tmp_path / "src.de", tmp_path / "tgt.en")
    assert result.returncode == 1, result.stderr
    assert "tgt.en:1:1: major qa-numbers: The translation lacks 2022 of the source." in result.stdout
    assert "202 is not in the source" in run_mt("qa", tmp_path / "src.de", tmp_path / "tgt.en", "--all").stdout
    assert "3 lines, 2 with a major flag" in result.stderr
    report = json.loads(run_mt("qa", tmp_path / "src.de", tmp_path / "tgt.en", "--json").stdout)
    assert report["by_check"] == {"qa-numbers": 2, "qa-repeats": 1} and report["flags"][-1]["line"] == 2
    (tmp_path / "short.en").write_text("The conflict began in 2022.\n")
    misaligned = run_mt("qa", tmp_path / "src.de", tmp_path / "short.en")
    assert misaligned.returncode == 2 and "must be aligned" in misaligned.stderr
    (tmp_path / "clean.en").write_text("The conflict began in 2022.\nLavrov travelled to Moscow.\nGood morning.\n")
    assert run_mt("qa", tmp_path / "src.de", tmp_path / "clean.en").returncode == 0
    misaligned = run_mt("qa", tmp_path / "src.de", tmp_path / "clean.en", "--pseudo-reference", tmp_path / "short.en")
    assert misaligned.returncode == 2 and "short.en 1: they must be aligned" in misaligned.stderr


def test_mt_qa_with_mts_own_translation_as_pseudo_reference(tmp_path):
    from conftest import run_mt

    (tmp_path / "src.de").write_text("Den Pokal holte Sommer.\nIm Finale traf Storch zweimal.\n")
    (tmp_path / "tgt.en").write_text("Sommer won the cup.\nIn the final, he scored twice.\n")
    (tmp_path / "mt.en").write_text("The cup took Sommer.\nIn the final, Storch met twice.\n")
    alone = run_mt("qa", tmp_path / "src.de", tmp_path / "tgt.en")
    assert "tgt.en:1:1: major qa-german-left" in alone.stdout and "tgt.en:2:" not in alone.stdout
    seconded = run_mt("qa", tmp_path / "src.de", tmp_path / "tgt.en", "--pseudo-reference", tmp_path / "mt.en")
    assert seconded.returncode == 1 and "tgt.en:1:" not in seconded.stdout
    assert (
        "tgt.en:2:1: major qa-missing-name: The name Storch of the source is not in the translation." in seconded.stdout
    )


def test_names_of_streets_and_places_are_not_german_left_in():
    for source, target in (
        ("Er wohnt in der Gartenstraße.", "He lives in Gartenstraße."),
        ("Das Konzert war in der Friedenskirche.", "The concert was in the Friedenskirche."),
        ("Sie stammt aus Steinhagen.", "She comes from Steinhagen."),
    ):
        assert not [f for f in QAChecker().check(source, target) if f.severity == "major"], target


def test_a_lost_abbreviation_of_two_letters_is_major_only_alone():
    def severities(source: str, target: str) -> list[str]:
        return [f.severity for f in QAChecker().check(source, target) if f.check == "qa-missing-name"]

    assert severities("Die EU verhängte neue Zölle.", "New tariffs were imposed.") == ["major"]
    assert severities("Der US-Botschafter reiste ab.", "The ambassador left.") == ["minor"]  # English leaves it unsaid
    assert severities("ZIELE IM VISIER BEHALTEN", "KEEP TARGETS IN SIGHT") == []  # capitals, not an abbreviation
    assert severities("WDR, SWR und BR berichteten.", "WDR and BR reported.") == ["major"]  # SWR: abbreviations
    assert severities("Das Landesamt für Umwelt (LfU) warnt.", "The state environment agency warns.") == []


def test_coverage_finds_a_german_word_in_the_translation_or_its_english():
    from mt.lang.lexicon import lexicon
    from mt.qa.coverage import Coverage

    coverage = Coverage("Merkel closed the roads to the factory in 2022.", lexicon())
    assert coverage.has("Straßen") and coverage.has("Merkel") and coverage.has("2022")
    assert coverage.has("Schuhfabrik")  # a part of the compound: Fabrik, factory
    assert not coverage.has("Lastwagen") and not coverage.has("2021")


def test_without_the_english_spelling_dictionary_the_german_noun_check_is_silent(monkeypatch, tmp_path, caplog):
    from mt.lang import lexicon as lexicon_module

    pair = ("Die Party war ein Erfolg, sagte er.", "The Party was a success, he said.")
    assert [f.check for f in QAChecker().check(*pair)] == ["qa-german-left"]
    monkeypatch.setenv("MT_HUNSPELL_DIRS", str(tmp_path))
    lexicon_module._english_hunspell.cache_clear()
    try:
        assert QAChecker().check(*pair) == []
        assert "install hunspell-en-us" in caplog.text
    finally:
        lexicon_module._english_hunspell.cache_clear()


def test_a_malformed_number_of_the_source_is_only_a_minor_flag():
    flags = QAChecker().check(
        "Es kamen rund 30.0000 Gäste, 1.200 davon aus Polen.", "About 30,000 guests came, 1,200 of them from Poland."
    )
    assert {(f.check, f.severity) for f in flags} == {("qa-numbers", "minor")}
    assert any("30.0000: no well-formed German number" in f.message for f in flags)
    flags = QAChecker().check(
        "Es kamen rund 30.0000 Gäste, 1.200 davon aus Polen.", "About 30,000 guests came, 1,300 of them from Poland."
    )
    assert any(f.severity == "major" and "lacks 1.200" in f.message for f in flags)  # a well-formed one still counts


def test_an_endless_number_is_checked_without_a_hang():
    # Finding digits joined to letters with one pattern took quadratic time: 40,000 digits, 40 s.
    digits = "7" * 60_000
    flags = QAChecker().check(f"Es kamen {digits} Leute, die GSG9 auch.", f"{digits} people came, GSG 9 too.")
    assert [f for f in flags if f.check == "qa-numbers"] == []


def test_an_endless_word_is_checked_without_a_hang():
    # Spelling, stems and compound splits of a 96,000-character word took more than ten minutes.
    word = "Bundesverfassungsgericht" * 4000
    assert QAChecker().check(f"Das {word} tagt in Karlsruhe.", f"The {word} meets in Karlsruhe.") == []
    majors = [
        f
        for f in QAChecker().check(f"Das {word}-Urteil der SPD.", f"The {word.lower()} verdict.")
        if f.severity == "major"
    ]
    assert [(f.check, f.message) for f in majors] == [
        ("qa-missing-name", "SPD of the source is not in the translation.")
    ]


WARMED_UP_THEN_ASSESSED = """
import json, sys
from mt.qa.assess import Assessor
from mt.translate.results import SegmentTranslation

pairs = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
assessor = Assessor()
assessor.warm_up()
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
flags = [assessor.assess(SegmentTranslation(p["de"], p["en"], score=-0.5)).flags for p in pairs if p["en"]]
print(json.dumps({"opened": opened, "flags": sum(map(len, flags))}))
"""


def test_after_warming_up_assessing_opens_no_file():
    """The warm-up reads everything the checks read, so that mt translate can do it while the model decodes."""
    seed = SEEDS / "lavrov-talks.segments.jsonl"
    run = subprocess.run(
        [sys.executable, "-c", WARMED_UP_THEN_ASSESSED, str(seed)], capture_output=True, text=True, check=True
    )
    result = json.loads(run.stdout)
    assert result["opened"] == [] and result["flags"] > 0


def test_a_line_separator_inside_a_sentence_keeps_the_files_aligned(tmp_path):
    """Lines end at a newline only: U+2028 or U+0085 inside a sentence (as web copy has them) is no line end."""
    from mt.app.quality import qa_files

    (tmp_path / "de.txt").write_text(
        "Er kam um 8 Uhr.\u2028Dann ging er.\nSie blieb\x85 bis 9 Uhr.\n", encoding="utf-8"
    )
    (tmp_path / "en.txt").write_text("He came at 8.\u2028Then he left.\nShe stayed\x85 until 9.\n", encoding="utf-8")
    report = qa_files(tmp_path / "de.txt", tmp_path / "en.txt")
    assert [s for s, _, _ in report.lines] == ["Er kam um 8 Uhr.\u2028Dann ging er.", "Sie blieb\x85 bis 9 Uhr."]
