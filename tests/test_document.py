from mt.document.model import Document, is_translatable, paragraph_spans
from mt.document.segment import split_long, split_sentences


def test_splitter_reproduces_the_seed_segments(seed_text, seed_segments):
    document = Document.from_text(seed_text)
    assert [s.text for s in document.sentences] == [s["de"] for s in seed_segments]
    assert [s.paragraph + 1 for s in document.sentences] == [s["paragraph"] for s in seed_segments]


def test_offsets_point_into_the_original(seed_text):
    document = Document.from_text(seed_text)
    assert len(document.paragraphs) == 7
    for sentence in document.sentences:
        assert seed_text[sentence.start : sentence.end] == sentence.text
    for paragraph in document.paragraphs:
        assert all(paragraph.start <= s.start < s.end <= paragraph.end for s in paragraph.sentences)


def test_no_split_at_abbreviations_ordinals_and_dates():
    text = (
        "Er kam z. B. am 27. Februar an. Dr. Müller sagte u. a., dass Nr. 5 fehlt. "
        "Am 18. Februar 2024 begann die 3. Runde der Gespräche. Danach ging er."
    )
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "Er kam z. B. am 27. Februar an.",
        "Dr. Müller sagte u. a., dass Nr. 5 fehlt.",
        "Am 18. Februar 2024 begann die 3. Runde der Gespräche.",
        "Danach ging er.",
    ]


def test_render_keeps_everything_between_sentences():
    text = "Erster Satz. Zweiter Satz.\n\n\n  Dritter Satz.\n"
    document = Document.from_text(text)
    assert document.render([s.text for s in document.sentences]) == text
    assert document.render(["A.", "B.", "C."]) == "A. B.\n\n\n  C.\n"


def test_line_mode_makes_every_line_a_paragraph():
    text = "Eine Überschrift ohne Punkt\nDer erste Satz. Der zweite Satz.\n\nNoch eine Zeile"
    assert len(paragraph_spans(text, "blank")) == 2
    document = Document.from_text(text, paragraphs="line")
    assert [len(p.sentences) for p in document.paragraphs] == [1, 2, 1]


def test_letterless_segments_are_not_translatable():
    for segment in ["2024", "12,5 %", "—", "https://example.org/a?b=1", "www.rt.com", "presse@example.de", "* * *"]:
        assert not is_translatable(segment), segment
    for segment in ["Berlin", "5 Tote", "Lesen Sie mehr: https://example.org"]:
        assert is_translatable(segment), segment


def test_long_sentences_are_cut_at_clause_boundaries_and_lose_nothing():
    clause = "die Regierung hat am Montag neue Regeln beschlossen"
    text = ", ".join([clause] * 12) + "; danach " + " und ".join([clause] * 6) + "."
    count = lambda t: len(t.split())  # noqa: E731 - a word count stands in for tokens
    pieces = split_long(text, 20, count)
    assert len(pieces) > 1
    assert all(count(text[s:e]) <= 20 for s, e in pieces)
    assert "".join(text[s:e] for s, e in pieces).replace(" ", "") == text.replace(" ", "")
    assert all(text[s:e].endswith((",", ";", ".")) or text[e:].lstrip().startswith("und") for s, e in pieces)


def test_the_one_sentence_shortcut_agrees_with_somajo(newstest_de):
    from mt.document.segment import somajo_sentences, split_sentences

    lines = [f"  {line} " for line in newstest_de[:600]]
    assert sum(len(split_sentences(line)) == 1 for line in lines) > 300
    assert [split_sentences(line) for line in lines] == [somajo_sentences(line) for line in lines]
