"""Files made by other tools, as a newsroom receives them: translate-toolkit's converters (csv2tbx, csv2po,
po2tmx, po2xliff) and writers (TBX, TMX, XLIFF 1.2 and 2.0, PO) in both language orders, with regional tags,
placeholders, phrases, headers and empty targets; and what mt writes back, checked against the XLIFF 1.2 strict
schema and the TMX 1.4 DTD and read by the other tool again."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_mt
from lxml import etree
from translate.storage import pypo, tbx, tmx, xliff, xliff2

from mt.formats.termbase import Term
from mt.service.store import Store
from mt.translate.glossary import Glossary
from mt.translate.memory import TranslationMemory

SCHEMAS = Path(__file__).parent / "schemas"
TOOLS = Path(sys.executable).parent  # translate-toolkit's converters are installed beside this Python
GERMAN = "Die Botschaft bleibt am Montag geschlossen."
ENGLISH = "The embassy remains closed on Monday."


def convert(tool: str, *args: object) -> None:
    """Run one of translate-toolkit's converters, as a user would on the command line."""
    done = subprocess.run([str(TOOLS / tool), *map(str, args)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def po_file(path: Path, entries, language: str | None = None) -> Path:
    """A PO file written by translate-toolkit: (msgid, msgstr, fuzzy) entries, a header with ``language``."""
    store = pypo.pofile()
    store.updateheader(add=True, **({"Language": language} if language else {}))
    for source, target, fuzzy in entries:
        unit = store.addsourceunit(source)
        unit.target = target
        unit.markfuzzy(fuzzy)
    store.savefile(str(path))
    return path


def imported_memory(db: str) -> dict[str, str]:
    return {e.source: e.english for e in Store(db).memory_entries()}


def test_a_csv2tbx_termbase_is_refused_until_its_placeholder_languages_are_named(tmp_path):
    (tmp_path / "terms.csv").write_text(
        '"source","target"\n"Botschaft","embassy"\n"Auswärtiges Amt","Foreign Office"\n"Grüne","Greens"\n',
        encoding="utf-8",
    )
    convert("csv2tbx", tmp_path / "terms.csv", tmp_path / "terms.tbx")  # its langSets: en (the German!) and xx
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    refused = run_mt("glossary", "import", tmp_path / "terms.tbx", "--db", db)
    assert refused.returncode == 2
    assert "terms.tbx: no German in it (its languages: en, xx)" in refused.stderr and "--german-tag" in refused.stderr
    assert Store(db).terms() == []  # nothing half-imported

    named = run_mt(
        "glossary", "import", tmp_path / "terms.tbx", "--german-tag", "en", "--english-tag", "xx", "--db", db
    )
    assert named.returncode == 0, named.stderr
    assert "terms.tbx: 2 terms imported, 1 skipped" in named.stdout
    assert "skipped entry 2 «Auswärtiges Amt»: a phrase" in named.stdout
    terms = {t["german"]: (t["english"], t["plural"], t["status"]) for t in Store(db).terms()}
    assert terms == {"Botschaft": ("embassy", "embassies", "approved"), "Grüne": ("Greens", "Greens", "approved")}


def test_a_tbx_in_either_language_order_with_regional_tags_and_plurals(tmp_path):
    store = tbx.tbxfile(sourcelanguage="en-GB", targetlanguage="de-AT")  # English first, Austrian German second
    unit = store.addsourceunit("embassy")
    unit.settarget("Botschaft", lang="de-AT")
    unit = store.addsourceunit("spokeswoman")
    unit.settarget("Sprecherin", lang="de-AT")
    unit.addnote("plural: spokeswomen")
    store.addsourceunit("only English")  # no German side at all
    (tmp_path / "reversed.tbx").write_bytes(bytes(store))
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    result = run_mt("glossary", "import", tmp_path / "reversed.tbx", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "2 terms imported (2 read English-first, swapped), 1 skipped" in result.stdout
    assert "skipped entry 3: no German side (its languages: en-GB)" in result.stdout
    terms = {t["german"]: (t["english"], t["plural"]) for t in Store(db).terms()}
    assert terms == {"Botschaft": ("embassy", "embassies"), "Sprecherin": ("spokeswoman", "spokeswomen")}


def test_the_glossary_export_keeps_every_plural_and_reads_back_unchanged(tmp_path):
    terms = [
        Term("Grüne", "Greens", "Greens"),
        Term("Daten", "data", "data", "no plural"),
        Term("Botschaft", "embassy", "embassies"),
    ]
    Glossary(terms).write(tmp_path / "out.tbx")
    text = (tmp_path / "out.tbx").read_text(encoding="utf-8")
    assert text.count("plural: ") == 3  # written for every term, not only where a rule would differ
    assert sorted(Glossary.read(tmp_path / "out.tbx").terms.values(), key=str) == sorted(terms, key=str)
    convert("tbx2po", tmp_path / "out.tbx", tmp_path / "out.po")  # the other tool reads it
    po = pypo.pofile.parsefile(str(tmp_path / "out.po"))
    assert {(str(u.source), str(u.target)) for u in po.units if not u.isheader()} == {
        ("Grüne", "Greens"),
        ("Daten", "data"),
        ("Botschaft", "embassy"),
    }


@pytest.mark.parametrize("order", ["de-first", "en-first"])
def test_tmx_from_po2tmx_in_both_orders(tmp_path, order):
    if order == "de-first":
        po = po_file(tmp_path / "m.po", [(GERMAN, ENGLISH, False)], language="en")
        convert("po2tmx", "--source-language", "de-DE", "-l", "en-US", po, tmp_path / "m.tmx")
    else:
        po = po_file(tmp_path / "m.po", [(ENGLISH, GERMAN, False)], language="de")
        convert("po2tmx", "--source-language", "en", "-l", "de-AT", po, tmp_path / "m.tmx")
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    result = run_mt("tm", "import", tmp_path / "m.tmx", "--db", db)
    assert result.returncode == 0, result.stderr
    assert ("read English-first, swapped" in result.stdout) == (order == "en-first")
    assert imported_memory(db) == {GERMAN: ENGLISH}


def test_a_tmx_without_german_is_refused_by_name_and_units_without_one_side_are_skipped(tmp_path):
    store = tmx.tmxfile(sourcelanguage="en", targetlanguage="fr")
    store.addsourceunit("Good morning.").settarget("Bonjour.", lang="fr")
    (tmp_path / "en-fr.tmx").write_bytes(bytes(store))
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    refused = run_mt("tm", "import", tmp_path / "en-fr.tmx", "--db", db)
    assert refused.returncode == 2 and "en-fr.tmx: no German in it (its languages: en, fr)" in refused.stderr

    mixed = tmx.tmxfile(sourcelanguage="de-CH", targetlanguage="en")
    mixed.addsourceunit(GERMAN).settarget(ENGLISH, lang="en")
    mixed.addsourceunit("Nur Deutsch.")  # a unit without its English
    (tmp_path / "mixed.tmx").write_bytes(bytes(mixed))
    result = run_mt("tm", "import", tmp_path / "mixed.tmx", "--db", db)
    assert result.returncode == 0 and "1 units imported, 1 skipped" in result.stdout
    assert "skipped unit 2 «Nur Deutsch.»: no English side (its languages: de-CH)" in result.stdout


def test_po2xliff_output_is_refused_for_its_english_source_language_and_its_header_never_imported(tmp_path):
    po = po_file(
        tmp_path / "m.po",
        [(GERMAN, ENGLISH, False), ("Leer.", "", False), ("Unsicher.", "Unsure.", True)],
        language="en",
    )
    convert("po2xliff", po, tmp_path / "m.xlf")  # source-language="en-US": that is what po2xliff says
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    refused = run_mt("tm", "import", tmp_path / "m.xlf", "--db", db)
    assert refused.returncode == 2 and "m.xlf: no <file> from German into English" in refused.stderr
    named = run_mt("tm", "import", tmp_path / "m.xlf", "--german-tag", "en-US", "--db", db)
    assert named.returncode == 0, named.stderr
    assert "m.xlf: 1 units imported, 3 skipped" in named.stdout
    assert "a PO header, not a sentence" in named.stdout and "«Unsicher.»: not confirmed" in named.stdout
    assert imported_memory(db) == {GERMAN: ENGLISH}  # no "Content-Type: …" entry


def test_xliff_12_and_20_in_both_directions(tmp_path):
    forward = xliff.xlifffile(sourcelanguage="de-DE", targetlanguage="en-GB")
    unit = forward.addsourceunit(GERMAN)
    unit.target = ENGLISH
    unit.markapproved(True)
    forward.savefile(str(tmp_path / "forward.xlf"))
    backward = xliff.xlifffile(sourcelanguage="en", targetlanguage="de-AT")
    unit = backward.addsourceunit("Good morning.")
    unit.target = "Guten Morgen."
    unit.set_state_n(unit.statemap["final"])
    backward.savefile(str(tmp_path / "backward.xlf"))
    new = xliff2.Xliff2File(sourcelanguage="en-US", targetlanguage="de")
    unit = new.addsourceunit("Thank you.")
    unit.target = "Danke."
    unit.markfuzzy(False)
    new.savefile(str(tmp_path / "new.xliff"))
    foreign = xliff2.Xliff2File(sourcelanguage="fr", targetlanguage="en")
    foreign.addsourceunit("Merci.").target = "Thanks."
    foreign.savefile(str(tmp_path / "foreign.xliff"))

    assert dict(TranslationMemory.read(tmp_path / "forward.xlf")) == {GERMAN: ENGLISH}
    assert dict(TranslationMemory.read(tmp_path / "backward.xlf")) == {"Guten Morgen.": "Good morning."}
    assert dict(TranslationMemory.read(tmp_path / "new.xliff")) == {"Danke.": "Thank you."}
    result = run_mt("tm", "import", tmp_path / "foreign.xliff", "--db", f"sqlite:///{tmp_path / 'r.sqlite'}")
    assert (
        result.returncode == 2 and "foreign.xliff: its languages are fr → en, not German and English" in result.stderr
    )


def test_po_files_in_both_orders_and_without_a_language_header(tmp_path):
    english_target = po_file(
        tmp_path / "de-en.po", [(GERMAN, ENGLISH, False), ("Unsicher.", "Unsure.", True)], language="en_US"
    )
    german_target = po_file(tmp_path / "en-de.po", [("Good morning.", "Guten Morgen.", False)], language="de_AT")
    (tmp_path / "rows.csv").write_text(
        f'"location","source","target"\n"a","{GERMAN}","{ENGLISH}"\n"b","Leer.",""\n', encoding="utf-8"
    )
    convert("csv2po", tmp_path / "rows.csv", tmp_path / "csv.po")  # a PO with no Language header at all
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    result = run_mt("tm", "import", english_target, german_target, tmp_path / "csv.po", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "de-en.po: 1 units imported, 1 skipped" in result.stdout and "fuzzy" in result.stdout
    assert "en-de.po: 1 units imported (1 read English-first, swapped)" in result.stdout
    assert "csv.po: 1 units imported, 1 skipped" in result.stdout and "«Leer.»: no English text" in result.stdout
    assert imported_memory(db) == {GERMAN: ENGLISH, "Guten Morgen.": "Good morning."}


def test_the_tmx_export_is_valid_keeps_who_when_notes_and_the_german_as_written(tmp_path):
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    store = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
    unit = store.addsourceunit("Er sagte: „Nein.“")
    unit.settarget('He said: "No."', lang="en")
    unit.addnote("from the agency's style guide")
    unit.xmlelement.set("creationid", "agency")
    unit.xmlelement.set("creationdate", "20240105T101500Z")
    (tmp_path / "agency.tmx").write_bytes(bytes(store))
    assert run_mt("tm", "import", tmp_path / "agency.tmx", "--db", db).returncode == 0
    doc = Store(db).add_document("Morning", "Guten Morgen.", [], "anna")
    Store(db).edit_sentence(doc, "Guten Morgen.", "Good morning.", "anna")  # an editor's proposal ...
    [proposal] = Store(db).memory_rows("proposed")
    Store(db).review_memory(proposal["id"], True, "rolf")  # ... that a reviewer approved
    exported = run_mt("tm", "export", tmp_path / "back.tmx", "--db", db)
    assert exported.returncode == 0 and "2 units written" in exported.stderr

    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    document = etree.parse(str(tmp_path / "back.tmx"))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    units = {u.findtext("tuv/seg"): u for u in document.getroot().iter("tu")}
    agency = units["Er sagte: „Nein.“"]  # not normalised to "Nein."
    assert (agency.get("creationid"), agency.get("creationdate")) == ("agency", "20240105T101500Z")
    assert agency.get("changeid").startswith("cli:") and len(agency.get("changedate")) == 16
    assert agency.findtext("note") == "from the agency's style guide"
    assert units["Guten Morgen."].get("creationid") == "anna" == units["Guten Morgen."].get("changeid")
    listed = run_mt("tm", "list", "--db", db)
    assert "approved" in listed.stdout and "Guten Morgen." in listed.stdout
    again = tmx.tmxfile.parsefile(str(tmp_path / "back.tmx"))  # the other tool reads what it wrote, unchanged
    assert {(str(u.source), str(u.target)) for u in again.units} == {
        ("Er sagte: „Nein.“", 'He said: "No."'),
        ("Guten Morgen.", "Good morning."),
    }


def test_mt_translate_xliff_is_valid_xliff_12_strict_and_converts_to_po(translator, tmp_path):
    (tmp_path / "article.txt").write_text(f"{GERMAN} Guten Morgen.\n\n2024\n", encoding="utf-8")
    memory = tmx.tmxfile(sourcelanguage="de", targetlanguage="en")
    memory.addsourceunit("Guten Morgen.").settarget("Good morning, all.", lang="en")
    memory.addsourceunit("Die Botschaft bleibt am Dienstag geschlossen.").settarget("Closed on Tuesday.", lang="en")
    (tmp_path / "tm.tmx").write_bytes(bytes(memory))
    result = run_mt(
        "translate", tmp_path / "article.txt", "--tm", tmp_path / "tm.tmx", "--format", "xliff",
        "-o", tmp_path / "out", translator=translator,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    path = tmp_path / "out" / "article.xlf"
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-1.2-strict.xsd")))
    document = etree.parse(str(path))
    assert schema.validate(document), schema.error_log
    assert b"<alt-trans" in path.read_bytes() and b'state-qualifier="leveraged-mt"' in path.read_bytes()
    convert("xliff2po", path, tmp_path / "article.po")
    po = pypo.pofile.parsefile(str(tmp_path / "article.po"))
    assert [str(u.source) for u in po.units if not u.isheader()] == [GERMAN, "Guten Morgen.", "2024"]


def test_outputs_go_to_stdout_special_files_stay_and_files_get_the_umasks_mode(tmp_path):
    db = f"sqlite:///{tmp_path / 'review.sqlite'}"
    (tmp_path / "terms.tsv").write_text("Botschaft\tembassy\n", encoding="utf-8")
    assert run_mt("glossary", "import", tmp_path / "terms.tsv", "--db", db).returncode == 0
    dash = run_mt("glossary", "export", "-", "--db", db)
    assert dash.returncode == 0 and "Botschaft\tembassy\tembassies" in dash.stdout and not Path("-").exists()

    before = os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None
    piped = subprocess.run(
        [sys.executable, "-m", "mt", "glossary", "export", "/dev/stdout", "--db", db],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert piped.returncode == 0, piped.stderr
    assert "Botschaft\tembassy" in piped.stdout  # written through the pipe, not renamed over /dev/stdout
    assert (os.readlink("/dev/stdout") if os.path.islink("/dev/stdout") else None) == before

    (tmp_path / "a.txt").write_text("Die US -Regierung reagierte.\n", encoding="utf-8")
    old = os.umask(0o022)
    try:
        outputs = [tmp_path / "terms.tbx", tmp_path / "memory.tmx", tmp_path / "report.html"]
        assert run_mt("glossary", "export", outputs[0], "--db", db).returncode == 0
        assert run_mt("tm", "export", outputs[1], "--db", db).returncode == 0
        assert run_mt("check", tmp_path / "a.txt", "--format", "html", "-o", outputs[2]).returncode == 0
        assert {oct(p.stat().st_mode & 0o777) for p in outputs} == {"0o644"}
        outputs[0].chmod(0o600)  # a file replaced keeps the mode its owner gave it
        assert run_mt("glossary", "export", outputs[0], "--db", db).returncode == 0
        assert outputs[0].stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)
