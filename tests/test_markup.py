"""Inline markup through translation: the placement of tags (mt.document.inline, mt.document.alignment), HTML
(lxml) and Markdown (markdown-it-py) read and written back, and the journey through ``mt translate``."""

import re
from pathlib import Path

import lxml.html
import pytest
from conftest import run_mt

from mt.document.alignment import Alignment
from mt.document.inline import Inline, Tag, events, place
from mt.document.model import Document
from mt.formats.html import HtmlMarkup
from mt.formats.markdown import MarkdownMarkup

CHROMIUM = Path("/usr/bin/chromium")


def tagged(text: str, *words: str, **flags: bool) -> Inline:
    """``text`` with a tag round each of ``words`` (element i for the i-th), in document order."""
    tags = []
    for i, word in enumerate(words):
        start = text.index(word)
        tags.append(Tag(start, start + len(word), i, **flags))
    return Inline(text, sorted(tags, key=lambda t: t.start))


def rendered(inline: Inline) -> str:
    """A block as ``<i>…</i>`` marks, for reading assertions."""
    out = []
    for kind, value in events(inline):
        if kind == "text":
            out.append(value)
        elif kind == "point":
            out.append(f"<{value.element}/>")
        else:
            out.append(f"<{'/' if kind == 'close' else ''}{value.element}>")
    return "".join(out)


def test_tags_follow_the_words_they_are_linked_to_when_the_translation_reorders():
    source, target = "Gestern hat Merkel Macron getroffen.", "Merkel met Macron yesterday."
    sw = [(m.start(), m.end()) for m in re.finditer(r"\S+", source)]
    tw = [(m.start(), m.end()) for m in re.finditer(r"\S+", target)]
    links = frozenset(
        {(0, 3), (2, 0), (3, 2), (4, 1)}
    )  # Gestern→yesterday, Merkel→Merkel, Macron→Macron, getroffen→met
    alignment = Alignment(tuple(sw), tuple(tw), links)
    block = tagged(source, "Gestern", "getroffen")
    placed = place(block, [(0, len(source))], [target], [alignment])
    assert rendered(placed) == "Merkel <1>met</1> Macron <0>yesterday</0>."


def test_nesting_is_kept_and_a_point_goes_after_the_word_before_it():
    source = "Die Regierung in Berlin tagte. Danach ging sie."
    block = Inline(
        source,
        [
            Tag(0, 30, 0),  # the first sentence
            Tag(source.index("Berlin"), source.index("Berlin") + 6, 1, depth=1),
            Tag(30, 30, 2, point=True),  # a line break after it
        ],
    )
    sentences = [(0, 30), (31, len(source))]
    translations = ["The government in Berlin met.", "Then it went."]
    placed = place(block, sentences, translations, [Alignment.identity(t) for t in translations])
    assert rendered(placed) == "<0>The government in <1>Berlin</1> met.</0><2/> Then it went."


def test_without_an_alignment_names_written_the_same_still_find_their_place():
    source, target = "Die Kanzlerin traf Macron in Paris.", "The chancellor met Macron in Paris."
    placed = place(tagged(source, "Macron", "Paris"), [(0, len(source))], [target], [None])
    assert rendered(placed) == "The chancellor met <0>Macron</0> in <1>Paris</1>."


def test_kept_text_comes_back_as_it_was():
    source = "Rufen Sie mt translate auf."
    placed = place(tagged(source, "mt translate", keep=True), [(0, len(source))], ["Call mt translation."], [None])
    assert "mt translate" in placed.text and rendered(placed).count("<0>mt translate</0>") == 1


def test_attention_links_each_target_piece_to_its_strongest_source_piece():
    source, target = "Das Haus brennt", "The house burns"
    pieces = ["▁Das", "▁Haus", "▁brenn", "t"]
    english = ["▁The", "▁house", "▁burn", "s"]
    attention = [
        [0.9, 0.05, 0.05, 0.0, 0.0],
        [0.1, 0.8, 0.1, 0.0, 0.0],
        [0.0, 0.1, 0.6, 0.3, 0.0],
        [0.0, 0.0, 0.3, 0.7, 0.0],
        [0.0, 0.0, 0.0, 0.0, 1.0],  # </s>, beyond the pieces: ignored
    ]
    alignment = Alignment.from_attention(source, pieces, target, english, attention)
    assert alignment.source_words == ((0, 3), (4, 8), (9, 15))
    assert alignment.project(4, 8) == (4, 9)  # Haus → house
    assert alignment.project(9, 15) == (10, 15)  # brennt → burns


PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>Gespräche in Berlin</title>
<style>p { color: red }</style><script>var s = "Nicht übersetzen";</script></head>
<body>
<!-- Kopfzeile -->
<h1>Merkel trifft <em>Macron</em></h1>
<p>Bundeskanzlerin <a href="https://example.org/merkel?a=1&amp;b=2" title="Mehr über Merkel">Angela Merkel</a>
hat am Montag in <b>Berlin</b> mit Emmanuel Macron gesprochen.<br>Die Gespräche dauerten drei Stunden.</p>
<p translate="no">Dieser Text bleibt, wie er ist.</p>
<ul><li>Erster Punkt mit <img src="treffen.png" alt="Ein Bild vom Treffen"> Bild</li><li class="notranslate">Zweiter Punkt</li></ul>
<pre>Vorformatiert bleibt</pre>
</body></html>"""


def elements(html: str) -> list[tuple[str, str, str]]:
    """Every element's tag, its parent's and its attributes but those people read, in document order."""
    root = lxml.html.document_fromstring(html)
    return [
        (e.tag, e.getparent().tag if e.getparent() is not None else "", str(sorted((k, v) for k, v in e.items() if k not in ("alt", "title", "lang"))))
        for e in root.iter()
        if isinstance(e.tag, str)
    ]  # fmt: skip


def test_an_html_page_written_back_unchanged_is_the_same_page():
    markup = HtmlMarkup(PAGE)
    texts = [b.text for b in markup.blocks]
    assert "Gespräche in Berlin" in texts and "Mehr über Merkel" in texts and "Ein Bild vom Treffen" in texts
    assert not any(
        "Nicht übersetzen" in t or "Dieser Text" in t or "Zweiter" in t or "Vorformatiert" in t for t in texts
    )
    written = markup.write(markup.blocks).decode()
    assert elements(written) == elements(PAGE)
    assert "<!-- Kopfzeile -->" in written and 'href="https://example.org/merkel?a=1&amp;b=2"' in written
    assert written.startswith("<!DOCTYPE html>") and '<html lang="en">' in written


def test_an_html_page_is_translated_with_every_element_in_place(translator):
    document = Document.from_markup(HtmlMarkup(PAGE))
    [translation] = translator.translate_documents([document])
    written = translation.written().decode()
    assert elements(written) == elements(PAGE)  # every element, under its parent, attributes as they were
    root = lxml.html.document_fromstring(written)
    assert root.get("lang") == "en"
    assert root.find(".//a").text_content() == "Angela Merkel" and root.find(".//b").text_content() == "Berlin"
    assert "Gespräche" not in root.find(".//title").text and "Merkel" in root.find(".//a").get("title")
    assert root.find(".//img").get("alt") != "Ein Bild vom Treffen" and root.find(".//img").get("src") == "treffen.png"
    assert root.find(".//pre").text == "Vorformatiert bleibt" and "Nicht übersetzen" in root.find(".//script").text
    assert root.find('.//p[@translate="no"]').text == "Dieser Text bleibt, wie er ist."


def test_the_translation_of_a_block_with_markup_is_that_of_its_text(translator):
    html = (
        '<p>Die <a href="/a">Bundesregierung</a> hat am Montag <em>neue Regeln</em> für <b>Banken</b> beschlossen.</p>'
    )
    document = Document.from_markup(HtmlMarkup(html))
    [marked] = translator.translate_documents([document])
    plain = translator.translate("Die Bundesregierung hat am Montag neue Regeln für Banken beschlossen.")
    fragment = lxml.html.fragment_fromstring(marked.written().decode())
    assert fragment.text_content() == plain


MARKDOWN = """# Gespräche in **Berlin**

Bundeskanzlerin [Angela Merkel](https://example.org/merkel "Mehr über sie") hat am Montag mit
Emmanuel Macron gesprochen. Das sagte ein [Sprecher][dpa] um 14 Uhr, \\*nicht\\* später.

> Ein Zitat mit `mt translate` und <span class="x">etwas HTML</span>.

1. Erster Punkt
2. Zweiter _Punkt_

```python
print("Code bleibt")
```

| Ort | Zeit |
|-----|------|
| Berlin *Mitte* | 14 Uhr |

<div>Ein HTML-Block bleibt.</div>

[dpa]: https://example.org/dpa "Deutsche Presse-Agentur"
"""


def test_markdown_written_back_unchanged_is_the_same_file_byte_for_byte():
    markup = MarkdownMarkup(MARKDOWN)
    assert markup.write(markup.blocks).decode() == MARKDOWN
    texts = [b.text for b in markup.blocks]
    assert "Gespräche in Berlin" in texts and "Berlin Mitte" in texts
    assert any(t.startswith("Bundeskanzlerin Angela Merkel hat am Montag mit Emmanuel Macron") for t in texts)


def test_markdown_is_translated_with_its_markup_and_everything_else_as_it_was(translator):
    [translation] = translator.translate_documents([Document.from_markup(MarkdownMarkup(MARKDOWN))])
    written = translation.written().decode()
    for kept in (
        '](https://example.org/merkel "Mehr über sie")',
        "][dpa]",
        '```python\nprint("Code bleibt")\n```',
        "<div>Ein HTML-Block bleibt.</div>",
        '[dpa]: https://example.org/dpa "Deutsche Presse-Agentur"',
        "`mt translate`",
        '<span class="x">',
        "|-----|------|",
    ):
        assert kept in written
    lines = written.split("\n")
    assert lines[0].startswith("# ") and "**" in lines[0] and "Gespräche" not in lines[0]
    assert [line[:3] for line in lines if re.match(r"\d\. ", line)] == ["1. ", "2. "]
    assert "[Angela Merkel](https://example.org/merkel" in written  # the link round the name


def test_mt_translate_writes_html_and_markdown_in_their_own_format_and_resumes(tmp_path, translator):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "in" / "notes.md").write_text(MARKDOWN, encoding="utf-8")
    done = run_mt("translate", tmp_path / "in", "-o", tmp_path / "out", translator=translator)
    assert done.returncode == 0, done.stderr
    assert elements((tmp_path / "out" / "page.html").read_text(encoding="utf-8")) == elements(PAGE)
    assert "[dpa]: https://example.org/dpa" in (tmp_path / "out" / "notes.md").read_text(encoding="utf-8")
    again = run_mt("translate", tmp_path / "in", "-o", tmp_path / "out", translator=translator)
    assert "2 skipped" in again.stderr


def test_html_from_stdin_with_format_html(translator):
    done = run_mt("translate", "-", "--format", "html", translator=translator, stdin="<p>Das ist <b>gut</b>.</p>")
    assert done.returncode == 0, done.stderr
    fragment = lxml.html.fragment_fromstring(done.stdout)
    assert fragment.tag == "p" and fragment.find("b") is not None and "gut" not in fragment.text_content()


@pytest.mark.slow
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make test installs it)")
def test_a_translated_page_opens_in_chromium_with_its_links_and_images(tmp_path, translator):
    from playwright.sync_api import sync_playwright

    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    done = run_mt("translate", tmp_path / "page.html", "-o", tmp_path / "out", translator=translator)
    assert done.returncode == 0, done.stderr
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto((tmp_path / "out" / "page.html").as_uri())
        assert page.evaluate("document.documentElement.lang") == "en"
        assert page.locator("a").get_attribute("href") == "https://example.org/merkel?a=1&b=2"
        assert page.locator("a").inner_text() == "Angela Merkel"
        assert page.locator("h1 em").count() == 1 and page.locator("img").count() == 1
        assert "Gespräche" not in page.title()
        browser.close()


def word_file(path: Path) -> Path:
    """A Word file as python-docx makes one: a heading, runs in bold and italics, a hyperlink, a list, a table, a
    header, text marked German."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_heading("Merkel trifft Macron in Berlin", level=1)
    p = document.add_paragraph("Bundeskanzlerin ")
    p.add_run("Angela Merkel").bold = True
    p.add_run(" hat am Montag in ")
    p.add_run("Berlin").italic = True
    p.add_run(" mit Emmanuel Macron gesprochen.")
    for run in p.runs:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "de-DE")
        run._r.get_or_add_rPr().append(lang)
    link_paragraph = document.add_paragraph("Mehr dazu lesen Sie ")
    rel = document.part.relate_to(
        "https://example.org/bericht",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties = OxmlElement("w:rPr")
    properties.append(style)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "in unserem Bericht"
    run.append(text)
    link.append(run)
    link_paragraph._p.append(link)
    link_paragraph.add_run(" über das Treffen.")
    document.add_paragraph("Erster Punkt der Liste", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Berlin"
    table.cell(0, 1).text = "Montag um vierzehn Uhr"
    document.sections[0].header.paragraphs[0].text = "Pressemitteilung der Bundesregierung"
    document.save(path)
    return path


def test_a_word_file_written_back_unchanged_has_the_same_text_runs_and_links(tmp_path):
    import docx

    from mt.formats.word import WordMarkup

    path = word_file(tmp_path / "press.docx")
    markup = WordMarkup(path.read_bytes())
    assert [b.text for b in markup.blocks][:2] == [
        "Merkel trifft Macron in Berlin",
        "Bundeskanzlerin Angela Merkel hat am Montag in Berlin mit Emmanuel Macron gesprochen.",
    ]
    (tmp_path / "again.docx").write_bytes(markup.write(markup.blocks))
    before, after = docx.Document(path), docx.Document(tmp_path / "again.docx")
    assert [p.text for p in after.paragraphs] == [p.text for p in before.paragraphs]
    assert [(r.text, r.bold, r.italic) for r in after.paragraphs[1].runs] == [
        (r.text, r.bold, r.italic) for r in before.paragraphs[1].runs
    ]


def test_a_word_file_is_translated_with_its_formatting_links_styles_and_tables(tmp_path, translator):
    import docx

    word_file(tmp_path / "press.docx")
    done = run_mt("translate", tmp_path / "press.docx", "-o", tmp_path / "out", translator=translator)
    assert done.returncode == 0, done.stderr
    english = docx.Document(tmp_path / "out" / "press.docx")
    heading, body, linked, item = english.paragraphs[:4]
    assert heading.style.name == "Heading 1" and item.style.name == "List Bullet"
    assert [r.text for r in body.runs if r.bold] == ["Angela Merkel"] and [r.text for r in body.runs if r.italic] == [
        "Berlin"
    ]
    assert "Bundeskanzlerin" not in body.text and "gesprochen" not in body.text
    [link] = linked._p.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink")
    assert english.part.rels[link.get(docx.oxml.ns.qn("r:id"))].target_ref == "https://example.org/bericht"
    assert (
        "Montag" not in english.tables[0].cell(0, 1).text
        and "Pressemitteilung" not in english.sections[0].header.paragraphs[0].text
    )
    assert "de-DE" not in body._p.xml and "en-US" in body._p.xml
    refused = run_mt("translate", tmp_path / "press.docx", translator=translator)  # not to a terminal
    assert refused.returncode == 2 and "give -o DIR" in refused.stderr


def test_xliff_from_translate_toolkit_is_translated_with_its_inline_codes_and_imported_unglued(tmp_path, translator):
    from translate.storage import xliff
    from translate.storage.placeables import StringElem
    from translate.storage.placeables.xliff import G, X

    from mt.formats.memoryfiles import read_memory_file

    store = xliff.xlifffile(sourcelanguage="de", targetlanguage="en")
    unit = store.addsourceunit("x")
    unit.rich_source = [
        StringElem(["Die ", G(id="1", sub=["Regierung"]), " tagt in ", G(id="2", sub=["Berlin"]), ".", X(id="3"), "Sie tagt lange."])
    ]  # fmt: skip
    (tmp_path / "job.xlf").write_bytes(bytes(store))
    done = run_mt("translate", tmp_path / "job.xlf", "-o", tmp_path / "out", translator=translator)
    assert done.returncode == 0, done.stderr
    english = xliff.xlifffile.parsefile(str(tmp_path / "out" / "job.xlf"))
    [translated] = english.units
    codes = [(type(e).__name__, e.id) for e in translated.rich_target[0].depth_first() if getattr(e, "id", None)]
    assert codes == [("G", "1"), ("G", "2"), ("X", "3")]
    assert "Berlin" in str(translated.target) and "tagt" not in str(translated.target)
    target = translated.xmlelement.find(translated.namespaced("target"))
    assert target.get("state") == "needs-review-translation"
    assert target.find(translated.namespaced("g")).get("id") == "1"

    target.set("state", "translated")  # an editor confirms it: the memory takes it, its words apart
    (tmp_path / "confirmed.xlf").write_bytes(bytes(english))
    [entry], _ = read_memory_file(tmp_path / "confirmed.xlf")
    assert entry.source == "Die Regierung tagt in Berlin. Sie tagt lange."


XLIFF_2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="de">
 <file id="f1">
  <unit id="u1">
   <segment id="s1">
    <source>Die <pc id="1">Bundesregierung</pc> tagt in <sc id="2"/>Berlin<ec startRef="2"/>.<ph id="3" type="fmt" subType="xlf:lb"/>Danach ging sie.</source>
   </segment>
  </unit>
  <unit id="u2" translate="no"><segment><source>Bleibt so.</source></segment></unit>
  <unit id="u3"><segment state="final"><source>Schon fertig.</source><target>Done already.</target></segment></unit>
 </file>
</xliff>
"""


def test_xliff_2_is_translated_with_its_inline_codes(tmp_path, translator):
    from lxml import etree

    (tmp_path / "job.xlf").write_text(XLIFF_2, encoding="utf-8")
    done = run_mt("translate", tmp_path / "job.xlf", "-o", tmp_path / "out", translator=translator)
    assert done.returncode == 0, done.stderr
    root = etree.parse(str(tmp_path / "out" / "job.xlf")).getroot()
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    assert root.get("trgLang") == "en"
    [target] = root.findall(".//x:unit[@id='u1']//x:target", ns)
    assert [
        etree.QName(e).localname + e.get("id", e.get("startRef", "")) for e in target.iter() if e is not target
    ] == [
        "pc1",
        "sc2",
        "ec2",
        "ph3",
    ]
    sc, ec = target.find("x:sc", ns), target.find("x:ec", ns)
    between = (sc.tail or "") if sc.getnext() is ec else ""
    assert between == "Berlin"
    assert root.findall(".//x:unit[@id='u2']//x:target", ns) == []  # translate="no"
    assert root.find(".//x:unit[@id='u3']//x:target", ns).text == "Done already."  # an editor's, kept
    assert root.find(".//x:unit[@id='u1']/x:segment", ns).get("state") == "initial"


SAVED_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Neue Brücke über den Rhein | Beispielzeitung</title>
<meta name="author" content="Anna Schmidt"><meta property="article:published_time" content="2026-11-30T10:00:00+01:00">
<meta property="og:title" content="Neue Brücke über den Rhein eröffnet"></head>
<body><nav><a href="/">Startseite</a> <a href="/region">Region</a> <a href="/sport">Sport</a></nav>
<div class="ad">Jetzt abonnieren und sparen!</div>
<article><h1>Neue Brücke über den Rhein eröffnet</h1>
<p>Nach vier Jahren Bauzeit ist die neue Brücke bei <a href="https://example.org/koeln">Köln</a> am Montag eröffnet
worden. Der Verkehrsminister sprach von einem <b>wichtigen Tag</b> für die ganze Region.</p>
<p>Die Brücke ist fast einen Kilometer lang. Sie soll täglich von vierzigtausend Autos befahren werden.</p>
<p>Die Kosten lagen bei rund zweihundert Millionen Euro. Das war mehr als ursprünglich geplant.</p></article>
<footer>Alle Rechte vorbehalten. <a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a></footer>
</body></html>"""


def test_extract_takes_the_article_out_of_a_saved_page_with_its_metadata(tmp_path, translator):
    import json

    (tmp_path / "page.html").write_text(SAVED_PAGE, encoding="utf-8")
    done = run_mt("translate", tmp_path / "page.html", "--extract", "-o", tmp_path / "out", translator=translator)
    assert done.returncode == 0, done.stderr
    article = (tmp_path / "out" / "page.md").read_text(encoding="utf-8")
    front, body = article.split("---\n")[1], article.split("---\n", 2)[2]
    assert 'author: "Anna Schmidt"' in front and 'date: "2026-11-30"' in front
    assert body.lstrip().startswith("# ") and "](https://example.org/koeln)" in body and "**" in body
    for boilerplate in ("Startseite", "abonnieren", "Impressum", "Datenschutz", "Rechte"):
        assert boilerplate not in article
    assert "Brücke" not in body
    record = json.loads(
        run_mt("translate", tmp_path / "page.html", "--extract", "--json", translator=translator).stdout
    )
    assert (
        record["author"] == "Anna Schmidt" and record["date"] == "2026-11-30" and "Brücke" not in record["translation"]
    )


def test_front_matter_of_a_markdown_file_is_kept_as_it_is(translator):
    text = '---\ntitle: "Ein Titel"\ntags: [a, b]\n---\n\nDas ist ein Satz.\n'
    [translation] = translator.translate_documents([Document.from_markup(MarkdownMarkup(text))])
    assert translation.written().decode().startswith('---\ntitle: "Ein Titel"\ntags: [a, b]\n---\n\n')
