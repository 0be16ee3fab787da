"""Exchange with CAT tools through translate-toolkit: XLIFF out and back, TBX termbases, TMX in and out of the
service's database; the memory's fuzzy matches."""

import pytest
from conftest import run_mt
from translate.storage import tbx, tmx, xliff, xliff2

from mt.formats.memoryfiles import TMFileError
from mt.formats.termbase import PHRASE, GlossaryError, Term, read_termbase
from mt.service.store import Store
from mt.translate.glossary import Glossary
from mt.translate.memory import TranslationMemory

ARTICLE = "Die Botschaft bleibt am Montag geschlossen. Guten Morgen.\n\nDer Minister reiste am Dienstag nach Berlin.\n"
REMEMBERED = {
    "Guten Morgen.": "Good morning, everyone.",
    "Der Minister reiste am Montag nach Berlin.": "The minister travelled to Berlin on Monday.",
}


def write_tmx(path, pairs):
    store = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
    for source, target in pairs.items():
        store.addsourceunit(source).target = target
    path.write_bytes(bytes(store))


def test_a_tbx_of_translate_toolkit_is_a_glossary_and_one_written_by_mt_reads_back(tmp_path):
    store = tbx.tbxfile(sourcelanguage="de", targetlanguage="en")
    unit = store.addsourceunit("Botschaft")
    unit.target = "embassy"
    store.addsourceunit("Chef des Stabes").target = "chief of staff"  # a phrase: glossaries match single words
    (tmp_path / "in.tbx").write_bytes(bytes(store))
    glossary = Glossary.read(tmp_path / "in.tbx")
    assert list(glossary.terms.values()) == [Term("Botschaft", "embassy", "embassies")]
    assert glossary.prepare("Die Botschaften sind zu.") != "Die Botschaften sind zu."

    Glossary([Term("Daten", "data", "data", "no plural"), Term("Sprecherin", "spokeswoman", "spokeswomen")]).write(
        tmp_path / "out.tbx"
    )
    again = tbx.tbxfile.parsefile(str(tmp_path / "out.tbx"))
    assert [(str(u.source), str(u.target)) for u in again.units] == [("Daten", "data"), ("Sprecherin", "spokeswoman")]
    assert Glossary.read(tmp_path / "out.tbx").terms["Daten"] == Term("Daten", "data", "data", "no plural")


def test_a_glossary_skips_phrases_with_their_line_and_refuses_foreign_files_by_name(tmp_path):
    (tmp_path / "g.tsv").write_text("Botschaft\tembassy\nChef des Stabes\tchief of staff\n", encoding="utf-8")
    terms, report = read_termbase(tmp_path / "g.tsv")
    assert [t.german for t in terms] == ["Botschaft"]
    assert report.skipped == [("line 2 «Chef des Stabes»", PHRASE)]  # as a TBX's phrase is: skipped, and said
    write_tmx(tmp_path / "memory.tbx", REMEMBERED)
    with pytest.raises(GlossaryError, match="not a TBX file"):
        Glossary.read(tmp_path / "memory.tbx")
    with pytest.raises(TMFileError, match="not a TMX file"):
        TranslationMemory.read(tmp_path / "g.tsv")


def test_fuzzy_matches_are_near_sentences_with_their_similarity_never_the_exact_one():
    memory = TranslationMemory(REMEMBERED)
    [match] = memory.similar("Der Minister reiste am Dienstag nach Berlin.")
    assert (match.source, match.translation) == ("Der Minister reiste am Montag nach Berlin.", REMEMBERED[match.source])
    assert 85 <= match.similarity < 100
    assert memory.similar("Der Minister reiste am Montag nach Berlin.") == []  # exact: lookup's business
    assert memory.similar("Die Regierung trat am Freitag zurück.") == []


def test_xliff_out_of_mt_translate_round_trips_through_a_cat_tool_into_the_memory(translator, tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    write_tmx(tmp_path / "tm.tmx", REMEMBERED)
    result = run_mt(
        "translate", tmp_path / "article.txt", "--tm", tmp_path / "tm.tmx", "-o", tmp_path / "out",
        "--format", "xliff", translator=translator,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / "article.xlf"
    assert 'version="1.2"' in path.read_text(encoding="utf-8")
    store = xliff.xlifffile.parsefile(str(path))
    units = store.units
    assert [str(u.source) for u in units] == [
        "Die Botschaft bleibt am Montag geschlossen.",
        "Guten Morgen.",
        "Der Minister reiste am Dienstag nach Berlin.",
    ]
    machine, remembered, near = units
    assert not machine.isapproved() and machine.get_state_n() == machine.S_NEEDS_REVIEW
    assert "confidence" in machine.getnotes()
    assert (str(remembered.target), remembered.isapproved()) == ("Good morning, everyone.", True)
    [alternative] = near.getalttrans()
    assert str(alternative.target) == "The minister travelled to Berlin on Monday."

    # Unconfirmed machine output stays out of the memory; the editor's confirmed edit goes in.
    assert TranslationMemory.read(path).lookup(str(machine.source)) is None
    machine.target = "The embassy remains closed on Monday."
    machine.set_state_n(machine.statemap["translated"])
    store.savefile(str(tmp_path / "edited.xlf"))
    again = run_mt(
        "translate", "-", "--tm", tmp_path / "edited.xlf", "--format", "jsonl", translator=translator,
        stdin="Die Botschaft bleibt am  Montag geschlossen.",
    )  # fmt: skip
    assert '"translation": "The embassy remains closed on Monday."' in again.stdout
    assert '"origin": "memory"' in again.stdout


def test_mt_tm_and_mt_glossary_move_files_in_and_out_of_the_database(tmp_path):
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    write_tmx(tmp_path / "agency.tmx", REMEMBERED)
    assert run_mt("tm", "import", tmp_path / "agency.tmx", "--db", db).returncode == 0
    exported = run_mt("tm", "export", tmp_path / "back.tmx", "--db", db)
    assert exported.returncode == 0 and "2 units" in exported.stderr
    assert dict(TranslationMemory.read(tmp_path / "back.tmx")) == REMEMBERED
    merged = run_mt("tm", "import", tmp_path / "agency.tmx", "--tm", tmp_path / "file.tmx")
    assert merged.returncode == 0 and len(TranslationMemory.read(tmp_path / "file.tmx")) == 2

    (tmp_path / "terms.tsv").write_text("Botschaft\tembassy\nSprecherin\tspokeswoman\n", encoding="utf-8")
    assert run_mt("glossary", "import", tmp_path / "terms.tsv", "--db", db).returncode == 0
    assert run_mt("glossary", "export", tmp_path / "terms.tbx", "--db", db).returncode == 0
    assert [(str(u.source), str(u.target)) for u in tbx.tbxfile.parsefile(str(tmp_path / "terms.tbx")).units] == [
        ("Botschaft", "embassy"),
        ("Sprecherin", "spokeswoman"),
    ]
    audit = run_mt("audit", "--db", db).stdout
    assert "memory.import" in audit and "term.import" in audit and "cli:" in audit
    bad = run_mt("tm", "import", tmp_path / "terms.tsv", tmp_path / "agency.tmx", "--db", db)
    assert bad.returncode == 2 and "terms.tsv" in bad.stderr
    assert len(Store(db).memory_rows()) == 2  # every file is read before anything is written: nothing came in


def test_xliff_files_a_cat_tool_wrote_feed_the_memory_with_their_confirmed_units(tmp_path):
    old = xliff.xlifffile(sourcelanguage="de", targetlanguage="en")  # XLIFF 1.1/1.2, as translate-toolkit writes it
    for source, target, state in (
        ("Guten Morgen.", "Good morning.", "translated"),
        ("Guten Abend.", "Good evening.", "needs-review-translation"),
        ("Gute Nacht.", "Good night.", "final"),
    ):
        unit = old.addsourceunit(source)
        unit.target = target
        unit.set_state_n(unit.statemap[state])
    old.savefile(str(tmp_path / "old.xlf"))
    assert dict(TranslationMemory.read(tmp_path / "old.xlf")) == {
        "Guten Morgen.": "Good morning.",
        "Gute Nacht.": "Good night.",
    }

    new = xliff2.Xliff2File(sourcelanguage="de", targetlanguage="en")  # XLIFF 2.0
    for source, target, confirmed in (("Guten Morgen.", "Morning!", True), ("Hallo.", "Hello.", False)):
        unit = new.addsourceunit(source)
        unit.target = target
        unit.markfuzzy(not confirmed)
    new.savefile(str(tmp_path / "new.xliff"))
    assert dict(TranslationMemory.read(tmp_path / "new.xliff")) == {"Guten Morgen.": "Morning!"}
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    imported = run_mt("tm", "import", tmp_path / "old.xlf", tmp_path / "new.xliff", "--db", db)
    assert imported.returncode == 0 and "old.xlf: 2 units imported, 1 skipped" in imported.stdout
    assert {e.source: e.english for e in Store(db).memory_entries()} == {
        "Guten Morgen.": "Morning!",  # the later file's translation of a sentence wins
        "Gute Nacht.": "Good night.",
    }
