"""Which language an article is in (py3langid): articles in other languages are skipped with a line that
names the language, Austrian and Swiss German are German, English sentences and quotes in a German article are
kept as they are, and the German checks do not run on French."""

import json

from conftest import run_mt

from mt.lang.identify import clearly_other, document_language, identify, other_document

# Articles written for these tests (none is from a test set).
OTHERS = {
    "fr": "Le gouvernement a annoncé mardi de nouvelles mesures pour les agriculteurs. Les syndicats les jugent "
    "insuffisantes.",
    "nl": "De gemeenteraad heeft gisteren besloten om de nieuwe fietsbrug toch te bouwen. De kosten zijn hoger.",
    "da": "Regeringen vil hæve skatten på benzin fra næste år, siger finansministeren i dag.",
    "pl": "Rząd zapowiedział w poniedziałek nowy program wsparcia dla małych firm w całym kraju.",
    "it": "Il consiglio comunale ha approvato ieri sera il nuovo piano per il traffico del centro.",
}
GERMANS = {
    "at": "Der Gemeinderat hat am Dienstag den Voranschlag beschlossen. Für die Öffis bleibt im Jänner zu wenig Geld.",
    "ch": "Der Stadtrat hat das Budget genehmigt. Die Velofahrer hoffen auf neue Trottoirs, das Parkieren wird teurer.",
    "loanwords": "Das Start-up hat ein neues Feature gelauncht, das Usern im Homeoffice beim Meeting-Management hilft.",
}


def test_other_languages_are_clear_and_every_german_is_german():
    for code, text in OTHERS.items():
        guess = document_language(text)
        assert guess.code == code and clearly_other(guess), (code, guess)
    for name, text in GERMANS.items():
        assert not clearly_other(document_language(text)), name
    assert not clearly_other(document_language("Hallo Welt."))  # short German that only leans elsewhere
    assert identify("2024 – 1:0") == []  # no letters, no language


def test_a_feed_skips_articles_in_other_languages_by_name_and_translates_the_german(translator, tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    for code, text in OTHERS.items():
        (feed / f"{code}.txt").write_text(text + "\n", encoding="utf-8")
    for name, text in GERMANS.items():
        (feed / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    result = run_mt("translate", feed, "-o", tmp_path / "out", translator=translator)
    assert result.returncode == 0, result.stderr
    assert f"mt: {feed / 'fr.txt'}: French (" in result.stderr and "), not German: skipped" in result.stderr
    assert "3 documents translated, 5 skipped (not German)" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == ["at.txt", "ch.txt", "loanwords.txt"]
    auto = run_mt("translate", feed / "at.txt", "--source", "auto", "--json", translator=translator)
    assert (
        json.loads(auto.stdout)["language"] == "de" and "|source:auto" in json.loads(auto.stdout)["meta"]["signature"]
    )


def test_mt_check_says_a_text_is_not_german_instead_of_flagging_every_word(tmp_path):
    (tmp_path / "fr.txt").write_text(OTHERS["fr"], encoding="utf-8")
    result = run_mt("check", tmp_path / "fr.txt", "--format", "json")
    report = json.loads(result.stdout)
    assert report["flags"] == [] and report["document"]["language"]["code"] == "fr"
    assert "French" in report["document"]["not_checked"] and "not German" in result.stderr


def test_an_english_sentence_in_a_german_article_is_kept_and_the_german_translated(translator):
    from mt import Document
    from mt.qa.assess import Assessor

    text = (
        "Der Minister sagte am Montag in Berlin, man werde weiter verhandeln. "
        "We will not give up on this agreement, whatever it takes. Danach verließ er den Saal."
    )
    assert other_document(text) is None  # a German article quoting English at length is still German
    [translation] = translator.translate_documents([Document.from_text(text)])
    german, english, after = translation.segments
    assert (english.origin, english.language, english.translation) == ("kept", "en", english.source)
    assert german.origin == after.origin == "model" and german.translation != german.source
    assert Assessor().assess(english).flags == []  # no "German left" for English kept as it is
    records = translation.sentence_records()
    assert records[1]["origin"] == "kept" and records[1]["language"] == "en" and "language" not in records[0]
    plain = translator.with_options(keep_other_languages=False).translate_documents([Document.from_text(text)])[0]
    assert plain.segments[1].origin == "model" and "keep" not in plain_signature(translator)


def plain_signature(translator) -> str:
    return str(translator.with_options(keep_other_languages=False).signature())


def test_short_lines_names_and_loanword_german_stay_german():
    from mt.lang.identify import other_language

    for sentence in (
        "Shortly afterwards.",  # two words: too little evidence
        "Erdoğan eröffnet Moschee in Köln",
        "Das Start-up hat ein neues Feature gelauncht, das Usern im Homeoffice hilft.",
        "Fußball: Liverpool rettet ein 1:1 beim FC Chelsea",
    ):
        assert other_language(sentence) is None, sentence
    assert other_language("Nous ne céderons jamais sur ce point, a-t-il dit.").code == "fr"


def test_an_english_quote_inside_a_german_sentence_is_kept_and_its_frame_translated(translator):
    from mt.lang.identify import mask_quotes, other_language_quotes, unmask_quotes

    sentence = "Der Minister sagte: „We will not give up on this deal, whatever it takes.“"
    quotes = other_language_quotes(sentence)
    assert [(sentence[a:b], g.code) for a, b, g in quotes] == [
        ("We will not give up on this deal, whatever it takes.", "en")
    ]
    masked = mask_quotes(sentence, quotes)
    assert masked == "Der Minister sagte: „Kalumboa“"
    assert unmask_quotes('He said: "Kalumboa"', sentence, quotes) == (
        'He said: "We will not give up on this deal, whatever it takes."'
    )
    assert unmask_quotes("He said it.", sentence, quotes) is None  # the stand-in lost: translated whole
    assert other_language_quotes("„Wir geben nicht auf“, sagte er.") == []  # a German quote is German
    [segment] = translator.translate_sentences([sentence])
    assert "We will not give up on this deal, whatever it takes." in segment.translation
    assert segment.origin == "model" and segment.kept == ["We will not give up on this deal, whatever it takes."]
    assert "Minister" in segment.translation and "sagte" not in segment.translation


def test_a_jsonl_feed_skips_records_in_other_languages_and_says_so_in_each(translator, tmp_path):
    feed = tmp_path / "feed.jsonl"
    rows = [{"id": "fr-1", "text": OTHERS["fr"]}, {"id": "de-1", "text": GERMANS["at"]}]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = run_mt("translate", feed, "-o", tmp_path / "out", translator=translator)
    assert result.returncode == 0, result.stderr
    assert "feed.jsonl: record fr-1: French (" in result.stderr and "not German: skipped" in result.stderr
    french, german = [json.loads(line) for line in (tmp_path / "out" / "feed.jsonl").read_text().splitlines()]
    assert (french["language"], french["translation"], french["sentences"]) == ("fr", OTHERS["fr"], [])
    assert "not German" in french["skipped"] and "skipped" not in german and german["translation"] != GERMANS["at"]


def test_a_quotation_with_quotation_marks_inside_is_found_whole():
    from mt.lang.identify import mask_quotes, other_language_quotes

    sentence = 'Sie schrieb: „The council voted against the "green corridor" plan for the old harbour.“'
    assert mask_quotes(sentence, other_language_quotes(sentence)) == "Sie schrieb: „Kalumboa“"
    two = "„Wir bleiben“, sagte sie, und „we will stay here for good“, rief er."
    assert mask_quotes(two, other_language_quotes(two)) == "„Wir bleiben“, sagte sie, und „Kalumboa“, rief er."


def test_a_skipped_article_is_recorded_and_passed_over_quietly_until_it_changes(translator, tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    (feed / "fr.txt").write_text(OTHERS["fr"], encoding="utf-8")
    first = run_mt("translate", feed, "-o", tmp_path / "out", translator=translator)
    assert "not German: skipped" in first.stderr and "1 skipped (not German)" in first.stderr
    again = run_mt("translate", feed, "-o", tmp_path / "out", translator=translator)  # a rerun, a restarted inbox
    assert "not German" not in again.stderr and "1 skipped (up to date)" in again.stderr
    (feed / "fr.txt").write_text(OTHERS["fr"] + " Ils manifesteront samedi.", encoding="utf-8")
    changed = run_mt("translate", feed, "-o", tmp_path / "out", translator=translator)
    assert "not German: skipped" in changed.stderr
