"""Glossaries: terms found in every inflected form, enforced in the output of the real model."""

import json

import pytest
from conftest import run_mt

from mt.formats.termbase import GlossaryError, english_plural
from mt.translate.glossary import Glossary

SEED_TERMS = [("Botschaft", "embassy"), ("Außenministerium", "Foreign Ministry"), ("Sprecherin", "spokeswoman")]


def test_terms_are_found_in_their_inflected_forms_and_only_there():
    glossary = Glossary.from_pairs(SEED_TERMS)
    found = glossary.matches(
        "Die Botschaften und die Botschaft, der Botschafter und des Außenministeriums Sprecherinnen."
    )
    assert [(term.german, plural) for _, _, term, plural in found] == [
        ("Botschaft", True),
        ("Botschaft", False),
        ("Außenministerium", False),
        ("Sprecherin", True),
    ]
    assert glossary.expected("Die Botschaften schlossen.") == ["embassies"]
    assert [english_plural(w) for w in ("embassy", "spokeswoman", "Foreign Ministry", "tax", "day")] == [
        "embassies",
        "spokeswomen",
        "Foreign Ministries",
        "taxes",
        "days",
    ]


def test_stand_ins_the_model_garbled_still_become_their_terms():
    glossary = Glossary.from_pairs([("Botschaft", "embassy"), ("Minister", "minister"), ("Sprecherin", "spokeswoman")])
    sentence = "Die Botschaft, der Minister und die Sprecherin schwiegen."
    assert glossary.prepare(sentence) == "Die Brakkoa, der Brakkob und die Brakkoc schwiegen."
    restore = lambda output: glossary.restore(sentence, output)  # noqa: E731
    assert restore("The Brakkoa, the Brakkob and the Brakkoc were silent.") == (
        "The embassy, the minister and the spokeswoman were silent."
    )
    # garbled as the bundled model garbles them: a stutter, a changed letter, a lost suffix
    assert restore("The Brakkoa, the Brakkobkob and the Brakcoc were silent.") == (
        "The embassy, the minister and the spokeswoman were silent."
    )
    assert restore("The Brakko, the Brakkob and the Brakkoc were silent.") == (
        "The embassy, the minister and the spokeswoman were silent."
    )
    assert restore("The Brakkoa, the Brakkoa and the Brakkoc.") == "The embassy, the minister and the spokeswoman."
    assert restore("The Brakkoa Brakkoa, Brakkob and Brakkoc.") == "The embassy embassy, minister and spokeswoman."
    assert restore("Brackets and bracelets stay, Brakkoa.") == "Brackets and bracelets stay, embassy."
    assert glossary.restore("Brakel und die Botschaft.", "Brakel and the Brakkoa.") == "Brakel and the embassy."
    assert glossary.restore("Bracknell schwieg.", "Bracknell was silent.") == "Bracknell was silent."


def test_a_glossary_file_is_read_and_a_bad_one_refused_with_its_line(tmp_path):
    good = tmp_path / "terms.tsv"
    good.write_text("# German\tEnglish\nBotschaft\tembassy\nSprecherin\tspokeswoman\tspokeswomen\tnot spokesperson\n")
    glossary = Glossary.read(good)
    assert glossary.terms["Sprecherin"].note == "not spokesperson" and len(glossary.digest()) == 12
    bad = tmp_path / "bad.tsv"
    bad.write_text("Botschaft\tembassy\nAußenministerium\n")
    with pytest.raises(GlossaryError, match="bad.tsv:2"):
        Glossary.read(bad)


def test_the_seed_with_three_terms_gets_every_occurrence_right(translator, seed_text):
    from mt import Document

    glossary = Glossary.from_pairs(SEED_TERMS)
    sentences = [s.text for s in Document.from_text(seed_text).sentences]
    plain = translator.translate_sentences(sentences)
    enforced = translator.with_glossary(glossary).translate_sentences(sentences)
    expected = [(i, term) for i, s in enumerate(sentences) for term in glossary.expected(s)]
    assert len(expected) >= 6
    right = [term.lower() in enforced[i].translation.lower() for i, term in expected]
    assert all(right), [(sentences[i], enforced[i].translation) for (i, _), ok in zip(expected, right) if not ok]
    assert sum(term.lower() in plain[i].translation.lower() for i, term in expected) < len(expected)
    assert enforced[0].source == sentences[0] and "glossary" in translator.with_glossary(glossary).signature().decoding


def test_mt_translate_and_the_api_take_a_glossary(translator, tmp_path):
    (tmp_path / "terms.tsv").write_text("Botschaft\tembassy\n")
    (tmp_path / "a.txt").write_text("Die Botschaften blieben geschlossen.\n", encoding="utf-8")
    result = run_mt("translate", tmp_path / "a.txt", "--glossary", tmp_path / "terms.tsv", translator=translator)
    assert result.returncode == 0 and "embassies" in result.stdout.lower(), result.stdout
    missing = run_mt("translate", tmp_path / "a.txt", "--glossary", tmp_path / "none.tsv", translator=translator)
    assert missing.returncode == 2 and "none.tsv" in missing.stderr

    from fastapi.testclient import TestClient

    from mt.service.app import create_app

    app = create_app(translator, f"sqlite:///{tmp_path / 'g.sqlite'}", login_token="t")
    with TestClient(app, headers={"Authorization": "Bearer t"}) as client:
        body = {"text": "Die Botschaft schloss.", "glossary": [{"german": "Botschaft", "english": "embassy"}]}
        answer = client.post("/v1/translate", json=body).json()
        assert "embassy" in answer["translation"].lower() and "glossary" in answer["meta"]["decoding"]
        assert json.dumps(answer["sentences"][0]["source"]) == json.dumps("Die Botschaft schloss.")
