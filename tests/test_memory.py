"""The translation memory: TMX files of translate-toolkit, exact matches reused without decoding."""

import json

from conftest import run_mt
from translate.storage import tmx

from mt import Document
from mt.translate.memory import TranslationMemory, normalise


def write_tmx(path, pairs):
    store = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
    for source, target in pairs:
        store.addsourceunit(source).target = target
    path.write_bytes(bytes(store))


def test_a_tmx_of_translate_toolkit_round_trips_and_matches_ignore_spacing_and_quotes(tmp_path):
    write_tmx(tmp_path / "in.tmx", [("Er sagte: „Nein.“", 'He said: "No."'), ("Guten  Morgen.", "Good morning.")])
    memory = TranslationMemory.read(tmp_path / "in.tmx")
    assert (
        memory.lookup('Er sagte: "Nein."') == 'He said: "No."' and memory.lookup(" Guten Morgen. ") == "Good morning."
    )
    assert memory.lookup("Guten Abend.") is None and normalise("a\u00a0 b") == "a b"
    memory.write_tmx(tmp_path / "out.tmx")
    again = tmx.tmxfile.parsefile(str(tmp_path / "out.tmx"))
    assert sorted((str(u.source), str(u.target)) for u in again.units) == [  # the German as it was written
        ("Er sagte: „Nein.“", 'He said: "No."'),
        ("Guten  Morgen.", "Good morning."),
    ]


def test_an_article_approved_before_comes_back_exactly_and_costs_no_model_time(translator, seed_text):
    sentences = [s.text for s in Document.from_text(seed_text).sentences]
    approved = {s: f"Approved English of sentence {i}." for i, s in enumerate(sentences)}
    remembering = translator.with_memory(TranslationMemory(approved))
    results = remembering.translate_sentences(sentences)
    assert [r.translation for r in results] == [approved[s] for s in sentences]
    assert {r.origin for r in results} == {"memory"} and remembering.stats.target_tokens == 0
    partly = translator.with_memory(TranslationMemory({sentences[0]: "Only this one."}))
    mixed = partly.translate_sentences(sentences[:3])
    assert [r.origin for r in mixed] == ["memory", "model", "model"] and mixed[0].translation == "Only this one."
    assert "memory" in partly.signature().decoding


def test_mt_translate_with_a_tm(translator, tmp_path):
    (tmp_path / "a.txt").write_text("Guten Morgen. Der Zug fährt um acht Uhr ab.\n", encoding="utf-8")
    write_tmx(tmp_path / "tm.tmx", [("Guten Morgen.", "Good morning, everyone.")])
    result = run_mt(
        "translate", tmp_path / "a.txt", "--tm", tmp_path / "tm.tmx", "--format", "jsonl", translator=translator
    )
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    first, second = record["sentences"]
    assert (first["translation"], first["origin"], first["confidence"]) == ("Good morning, everyone.", "memory", 1.0)
    assert "origin" not in second and second["translation"]
    (tmp_path / "bad.tmx").write_text("<tmx><body><tu>", encoding="utf-8")
    bad = run_mt("translate", tmp_path / "a.txt", "--tm", tmp_path / "bad.tmx", translator=translator)
    assert bad.returncode == 2 and "bad.tmx" in bad.stderr
