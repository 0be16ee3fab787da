"""The bundled model on real German text, through the library API."""

import re

import sacrebleu
from conftest import SEEDS

from mt import Document
from mt.formats.markdown import MarkdownMarkup
from mt.translate.guards import repeated_word


def test_seed_article_end_to_end(translator, seed_text):
    english = translator.translate(seed_text)
    paragraphs = english.split("\n\n")
    assert len(paragraphs) == 7
    assert all(re.search(r"[A-Za-z]{3}", p) for p in paragraphs)
    assert "Lavrov" in paragraphs[0] and "Istanbul" in paragraphs[2]
    assert repeated_word(english) is None, "a word repeated three times in a row"
    reference = (SEEDS / "lavrov-talks.ref.en.txt").read_text(encoding="utf-8")
    assert sacrebleu.corpus_chrf([english], [[reference]]).score >= 55


def test_degenerate_outputs_are_redecoded_and_counted(translator, seed_segments):
    # The compact model loops on this sentence ("Anatoly Anatoly Anatoly ...") when left alone.
    sentence = next(s["de"] for s in seed_segments if "Antonov" in s["de"])
    [segment] = translator.translate_sentences([sentence])
    assert segment.retry is not None
    assert repeated_word(segment.translation) is None
    assert "Antonov" in segment.translation or "Anatoly" in segment.translation


def test_letterless_segments_pass_through(translator):
    text = "Die Zahl der Toten stieg.\n\n2024\n\nhttps://example.org/artikel\n\n* * *\n\nDer Minister trat zurück."
    english = translator.translate(text)
    paragraphs = english.split("\n\n")
    assert paragraphs[1:4] == ["2024", "https://example.org/artikel", "* * *"]
    assert "minister" in paragraphs[4].lower()


def test_a_paragraph_of_1500_tokens_comes_back_whole(translator, newstest_de):
    sentences, tokens = [], 0
    for line in newstest_de[:200]:
        if len(line) < 200 and line.endswith("."):
            sentences.append(line)
            tokens += len(translator.tokenizer.encode(line))
        if tokens > 1500:
            break
    document = Document.from_text(" ".join(sentences))
    assert len(document.paragraphs) == 1 and len(document.sentences) >= len(sentences) - 2
    [result] = translator.translate_documents([document])
    assert len(result.segments) == len(document.sentences)
    assert all(re.search(r"[A-Za-z]{2}", s.translation) for s in result.segments)
    assert "\n" not in result.text


CITIES = (
    "Hamburg Bremen Hannover Kassel Erfurt Leipzig Dresden Chemnitz Potsdam Rostock Schwerin Kiel Lübeck "
    "Flensburg Münster Bielefeld Dortmund Essen Duisburg Bochum Düsseldorf Aachen Bonn Koblenz Mainz Trier "
    "Saarbrücken Mannheim Heidelberg Karlsruhe Stuttgart Ulm Augsburg Regensburg Passau Nürnberg Würzburg "
    "Bamberg Bayreuth Freiburg Konstanz Innsbruck Salzburg Linz Graz Zürich Basel Bern Luzern Genf Wien"
).split()


def test_a_sentence_over_the_model_limit_is_cut_not_truncated(translator):
    sentence = (
        "Der Minister reiste " + ", ".join(f"am Morgen danach weiter in die Stadt {city}" for city in CITIES) + "."
    )
    assert len(translator.tokenizer.encode(sentence)) > translator.limit
    [segment] = translator.with_options(max_input_tokens=40).translate_sentences([sentence])
    assert segment.pieces > 10
    found = [city for city in CITIES if city in segment.translation]
    assert len(found) >= 0.6 * len(CITIES)  # some become English names (Hanover, Vienna)
    assert set(CITIES[-5:]) & set(found), "the end of the sentence is translated too"


def test_markdown_markup_is_kept(translator):
    text = "# Neue Gespräche\n\n- Das Treffen findet statt.\n- Die Minister reisen an.\n\n```\ncode bleibt\n```\n"
    document = Document.from_markup(MarkdownMarkup(text))
    [result] = translator.translate_documents([document])
    lines = result.written().decode().split("\n")
    assert lines[0].startswith("# ") and lines[2].startswith("- ") and lines[3].startswith("- ")
    assert lines[5:8] == ["```", "code bleibt", "```"]
    assert "Gespräche" not in lines[0]
