"""Inline markup through translation: structure, placement, translation unchanged, cost (#34).

    .venv/bin/python eval/markup.py [--paragraphs 200] [--rounds 3] [--out eval/results/markup-newstest2019]

The test set is made here, at run time, from newstest2019 (the registry's German and its reference): paragraphs of
three consecutive lines, in which a word found once in the German and once in the reference (a name or a number:
its English form is known) is wrapped in a link, a second one in bold, and a run of two or three other words in
emphasis; every fourth paragraph has its first sentence in a ``<span>`` around that link (nesting) and a ``<br>``
after it (in Markdown, which has no spans, only the link, bold and emphasis). Each paragraph is written as HTML,
Markdown, a Word file (a hyperlink, a bold and an italic run; python-docx) and an XLIFF 1.2 unit (``<g>``s, a
``<x/>`` line break) and translated by ``mt`` with the bundled model.

- **structure**: every element of the input is in the output, under the same parent, and the output parses;
- **placement**: a tag around a name or number wraps exactly that word in the English (counted where the English
  has the word at all); tags around other phrases are listed (``--judge``) for a person to read, and the verdicts in
  ``eval/results/markup-judged.tsv`` that still match this run's output are counted;
- **translation unchanged**: each block's output without its markup against the translation of its plain text:
  chrF, and BLEU of both against the references;
- **cost**: translating the documents with markup (parsing, aligning, placing, writing) against translating the same
  blocks as plain text, interleaved, medians of ``--rounds``.

The first ``--seen`` paragraphs (300) were read while the method was made (its outputs looked at, its failures
studied); the tables give the figures on the rest (held out) and, apart, on those. Methods side by side: word alignment from the decoder's attention (``mt``'s), and the position of the tag's text in
the sentence carried over in proportion (what is left without an alignment).
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import json
import random
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import sacrebleu
from markdown_it import MarkdownIt

from mt import Translator
from mt.document.model import Document
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.formats.html import HtmlMarkup
from mt.formats.markdown import MarkdownMarkup
from mt.formats.word import WordMarkup
from mt.formats.xliff import XliffMarkup
from mt.translate.results import DocumentTranslation

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "eval" / "results" / "markup-judged.tsv"
WORD = re.compile(r"\w[\w.,-]*\w|\w")
NAME = re.compile(r"^(?:[A-ZÄÖÜ][\w-]+|\d[\d.,]*)$")
PUNCT = " \t\n.,;:!?\"'“”„«»()"


@dataclass
class Case:
    """One paragraph: its sentences, reference, and what is tagged (character spans into the joined text)."""

    number: int
    text: str
    reference: str
    sentences: list[tuple[int, int]]
    names: list[tuple[int, int]]  # the link's, then the bold's
    phrase: tuple[int, int] | None
    nested: bool


def cases(count: int) -> list[Case]:
    testset = load("newstest2019")
    source, reference = testset.source, testset.references[0]
    rng = random.Random(2019)
    made: list[Case] = []
    for number, start in enumerate(range(0, min(len(source), count * 3), 3)):
        lines = source[start : start + 3]
        text, spans = "", []
        for line in lines:
            if text:
                text += " "
            spans.append((len(text), len(text) + len(line)))
            text += line
        english = " ".join(reference[start : start + 3])
        names = _names(text, english, spans)
        phrase = _phrase(text, spans, names, rng)
        made.append(Case(number, text, english, spans, names[:2], phrase, number % 4 == 0))
    return made


def _names(text: str, english: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Words (names, numbers) once in the German and once in the English, not a sentence's first word."""
    firsts = {s for s, _ in sentences}
    found = []
    for m in WORD.finditer(text):
        word = m.group().rstrip(".,")
        if m.start() in firsts or not NAME.match(word) or len(word) < 2:
            continue
        if len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", text)) != 1:
            continue
        if len(re.findall(rf"(?<!\w){re.escape(word)}(?!\w)", english)) != 1:
            continue
        found.append((m.start(), m.start() + len(word)))
    return found


def _phrase(text: str, sentences: list[tuple[int, int]], names: list[tuple[int, int]], rng: random.Random):
    """Two or three consecutive lower-case words inside a sentence, away from the names."""
    words = [m for m in re.finditer(r"(?<!\w)[a-zäöüß]+(?!\w)", text)]
    options = []
    for i in range(1, len(words) - 3):
        n = rng.choice((2, 3))
        group = words[i : i + n]
        start, end = group[0].start(), group[-1].end()
        inside = any(a < start and end < b for a, b in sentences)
        plain = text[start:end].replace(" ", "").isalpha() and " " * (n - 1) == re.sub(r"\S", "", text[start:end])
        if inside and plain and not any(s < end and start < e for s, e in names):
            options.append((start, end))
    return rng.choice(options) if options else None


def html_of(case: Case) -> str:
    """The paragraph as HTML."""
    marks: list[tuple[int, int, str]] = []  # (position, order, markup) inserted back to front
    if len(case.names) > 0:
        a, b = case.names[0]
        marks += [(a, 2, f'<a href="https://example.org/case/{case.number}">'), (b, 0, "</a>")]
    if len(case.names) > 1:
        a, b = case.names[1]
        marks += [(a, 2, "<b>"), (b, 0, "</b>")]
    if case.phrase:
        a, b = case.phrase
        marks += [(a, 2, "<em>"), (b, 0, "</em>")]
    if case.nested and case.names and case.names[0][1] <= case.sentences[0][1]:
        marks += [(0, 1, '<span class="lead">'), (case.sentences[0][1], 1, "</span><br>")]
    return "<p>" + _marked(case.text, marks, _escape_html) + "</p>"


def markdown_of(case: Case) -> str:
    """The paragraph as Markdown (a link, bold, emphasis)."""
    marks: list[tuple[int, int, str]] = []
    if len(case.names) > 0:
        a, b = case.names[0]
        marks += [(a, 2, "["), (b, 0, f"](https://example.org/case/{case.number})")]
    if len(case.names) > 1:
        a, b = case.names[1]
        marks += [(a, 2, "**"), (b, 0, "**")]
    if case.phrase:
        a, b = case.phrase
        marks += [(a, 2, "_"), (b, 0, "_")]
    return _marked(case.text, marks, _escape_markdown)


def _marked(text: str, marks: list[tuple[int, int, str]], escape) -> str:
    out, pos = [], 0
    for position, _, markup in sorted(marks, key=lambda m: (m[0], m[1])):
        out += [escape(text[pos:position]), markup]
        pos = position
    out.append(escape(text[pos:]))
    return "".join(out)


def _escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_markdown(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)


# -- reading the outputs -------------------------------------------------------------------------------------------


def html_parts(html: str) -> list[dict[str, Any]]:
    """Per paragraph: its text, the texts of its link, bold and emphasis, and its elements with their parents."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts = []
    for p in root.findall("p"):
        found: dict[str, Any] = {"text": _spaced(p.text_content()), "elements": []}
        for element in p.iter():
            if element is p:
                continue
            found["elements"].append((element.tag, element.getparent().tag))
            if element.tag in ("a", "b", "em"):
                found[element.tag] = element.text_content()
        found["elements"].sort()
        for em in p.iter("em"):  # the text with the emphasis in brackets, to read where it is
            em.text, em.tail = "[" + (em.text or ""), (em.tail or "")
            last = em if len(em) == 0 else em[-1]
            if last is em:
                em.text += "]"
            else:
                last.tail = (last.tail or "") + "]"
        found["bracketed"] = _spaced(p.text_content())
        parts.append(found)
    return parts


def markdown_parts(text: str) -> list[dict[str, Any]]:
    """Per paragraph: its text and the texts of its link, bold and emphasis, and its elements with their parents."""
    parts = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline":
            continue
        found: dict[str, Any] = {"elements": []}
        plain, stack = [], ["p"]
        names = {"link_open": "a", "strong_open": "b", "em_open": "em"}
        for child in token.children or []:
            if child.type in names:
                found["elements"].append((names[child.type], stack[-1]))
                stack.append(names[child.type])
                found[stack[-1]] = ""
            elif child.type.endswith("_close"):
                stack.pop()
            elif child.type in ("text", "softbreak", "code_inline"):
                piece = " " if child.type == "softbreak" else child.content
                plain.append(piece)
                for name in stack[1:]:
                    found[name] += piece
        found["text"] = _spaced("".join(plain))
        found["elements"].sort()
        parts.append(found)
    return parts


def docx_of(cases: list[Case]) -> bytes:
    """The paragraphs as a Word file: in each, a hyperlink round the first name, a bold run round the second, an
    italic run round the phrase."""
    import docx

    document = docx.Document()
    for case in cases:
        _docx_paragraph(document, case)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_paragraph(document: Any, case: Case) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = document.add_paragraph()
    marks = sorted(
        [(span, kind) for span, kind in zip(case.names, ("a", "b"))] + ([(case.phrase, "em")] if case.phrase else [])
    )
    pos = 0
    for (a, b), kind in marks:
        paragraph.add_run(case.text[pos:a])
        if kind == "a":
            rel = document.part.relate_to(
                f"https://example.org/case/{case.number}",
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                is_external=True,
            )
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), rel)
            run = OxmlElement("w:r")
            text = OxmlElement("w:t")
            text.text = case.text[a:b]
            text.set(qn("xml:space"), "preserve")
            run.append(text)
            link.append(run)
            paragraph._p.append(link)
        else:
            run = paragraph.add_run(case.text[a:b])
            if kind == "b":
                run.bold = True
            else:
                run.italic = True
        pos = b
    paragraph.add_run(case.text[pos:])


def docx_parts(data: bytes) -> list[dict[str, Any]]:
    """The paragraph of a Word file: its text, the texts of its hyperlink, bold and italic runs, and those
    elements."""
    import docx

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    [paragraph] = docx.Document(io.BytesIO(data)).paragraphs
    found: dict[str, Any] = {"elements": []}
    texts = []
    for child in paragraph._p:
        text = "".join(t.text or "" for t in child.iter(f"{w}t"))
        texts.append(text)
        if child.tag == f"{w}hyperlink":
            found["elements"].append(("a", "p"))
            found["a"] = found.get("a", "") + text
        elif child.tag == f"{w}r":  # a run, its text lost in translation or not
            properties = child.find(f"{w}rPr")
            for name, kind in (("b", "b"), ("i", "em")):
                switch = properties.find(f"{w}{name}") if properties is not None else None
                if switch is not None and switch.get(f"{w}val", "true") not in ("0", "false"):
                    found[kind] = found.get(kind, "") + text
    found["elements"] += [(k, "p") for k in ("b", "em") if k in found]
    found["elements"].sort()
    found["text"] = _spaced("".join(texts))
    return [found]


def xliff_of(case: Case) -> bytes:
    """The paragraph as an XLIFF 1.2 unit: ``<g>`` round the names and the phrase; round the first sentence and a
    line break after it where the HTML has a span."""
    marks: list[tuple[int, int, str]] = []
    for (a, b), (n, kind) in zip(case.names, ((1, "x-link"), (2, "bold"))):
        marks += [(a, 2, f'<g id="{n}" ctype="{kind}">'), (b, 0, "</g>")]
    if case.phrase:
        marks += [(case.phrase[0], 2, '<g id="3" ctype="italic">'), (case.phrase[1], 0, "</g>")]
    if case.nested and case.names and case.names[0][1] <= case.sentences[0][1]:
        marks += [(0, 1, '<g id="4" ctype="x-span">'), (case.sentences[0][1], 1, '</g><x id="5" ctype="lb"/>')]
    unit = _marked(case.text, marks, _escape_html)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="case" source-language="de" datatype="plaintext"><body>'
        f'<trans-unit id="{case.number}"><source>{unit}</source></trans-unit></body></file></xliff>\n'
    ).encode()


def xliff_parts(data: bytes) -> list[dict[str, Any]]:
    """The unit's target (its source, before translation): text, the texts of its ``<g>``s, and its codes."""
    from lxml import etree

    root = etree.fromstring(data)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    unit = root.find(".//x:trans-unit", ns)
    side = unit.find("x:target", ns)
    side = side if side is not None else unit.find("x:source", ns)
    names = {"1": "a", "2": "b", "3": "em", "4": "span", "5": "br"}
    found: dict[str, Any] = {"elements": []}
    for element in side.iter():
        if element is side:
            continue
        parent = element.getparent()
        name = names.get(element.get("id"), "?")
        found["elements"].append((name, "p" if parent is side else names.get(parent.get("id"), "?")))
        if name in ("a", "b", "em"):
            found[name] = "".join(element.itertext())
    found["elements"].sort()
    found["text"] = _spaced("".join(side.itertext()))
    return [found]


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- measuring ------------------------------------------------------------------------------------------------------


def positional(translations: list[DocumentTranslation]) -> list[DocumentTranslation]:
    """The same translations with no word alignment: tags placed by position alone."""
    copies = copy.deepcopy(translations)
    for translation in copies:
        for segment in translation.segments:
            segment.alignment = None
    return copies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", type=int, default=600)
    parser.add_argument("--seen", type=int, default=300, help="the first N paragraphs were read while developing")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "markup-newstest2019")
    parser.add_argument("--judge", type=Path, help="write the phrase cases to judge as TSV here")
    parser.add_argument(
        "--judge-from",
        type=int,
        default=402,
        help="the first paragraph whose phrase is judged (those before it were read while the method was changed)",
    )
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    translator = Translator(str(ROOT / "models" / "marian-de-en-compact"))
    made = cases(args.paragraphs)
    inputs = {
        "html": [html_of(c).encode() for c in made],
        "markdown": [markdown_of(c).encode() for c in made],
        "docx": [docx_of([c]) for c in made],
        "xliff": [xliff_of(c) for c in made],
    }
    readers = {
        "html": lambda data: HtmlMarkup(data.decode()),
        "markdown": lambda data: MarkdownMarkup(data.decode()),
        "docx": WordMarkup,
        "xliff": XliffMarkup,
    }
    parsers = {
        "html": lambda data: html_parts(data.decode()),
        "markdown": lambda data: markdown_parts(data.decode()),
        "docx": docx_parts,
        "xliff": xliff_parts,
    }

    plain_documents = [Document.from_spans(c.text, [(0, len(c.text))]) for c in made]
    plain = translator.translate_documents(plain_documents)
    plain_text = [t.text for t in plain]
    references = [c.reference for c in made]
    report: dict[str, Any] = {"paragraphs": len(made), "source": state, "formats": {}}
    judge_rows = []
    for kind, texts in inputs.items():
        documents = [Document.from_markup(readers[kind](text)) for text in texts]
        translations = translator.translate_documents(documents)
        expected = [parsers[kind](text) for text in texts]
        methods = {"alignment": translations, "position": positional(translations)}
        results = {}
        for method, done in methods.items():
            got = [parsers[kind](t.written()) for t in done]
            outputs = [g[0] if len(g) == 1 else {"text": "", "elements": None} for g in got]
            for subset, cut in (("held_out", slice(args.seen, None)), ("seen", slice(0, args.seen))):
                results[f"{method}_{subset}"] = score(
                    made[cut], [e[0] for e in expected[cut]], outputs[cut], plain_text[cut], references[cut]
                )
            if method == "alignment" and kind == "html":  # read in one format: the placement is the same in all
                judge_rows += [(kind, *row) for row in phrase_rows(made[args.judge_from :], outputs[args.judge_from :])]
        held = made[args.seen :]
        results["cost"] = cost(translator, readers[kind], texts[args.seen :], [c.text for c in held], args.rounds)
        if kind == "docx":  # a file of one paragraph is mostly zip and XML: also all of them in one file
            one = "\n\n".join(c.text for c in held)
            results["cost_one_file"] = cost(translator, readers[kind], [docx_of(held)], [one], args.rounds)
        report["formats"][kind] = results
    report["judged"] = judged(judge_rows)
    if args.judge:
        with args.judge.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t")
            writer.writerow(["format", "case", "german", "english", "verdict"])
            writer.writerows(row + ("",) for row in judge_rows)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    args.out.with_suffix(".md").write_text(markdown_report(report, state, args))
    print(markdown_report(report, state, args))


def score(made: list[Case], expected: list[dict], got: list[dict], plain: list[str], references: list[str]) -> dict:
    structure = sum(e["elements"] == g["elements"] for e, g in zip(expected, got))
    names_right = names_total = names_absent = 0
    for case, output, translation in zip(made, got, plain):
        for tag, (a, b) in zip(("a", "b"), case.names):
            word = case.text[a:b]
            if not re.search(rf"(?<!\w){re.escape(word)}(?!\w)", translation):
                names_absent += 1
                continue
            names_total += 1
            names_right += output.get(tag, "").strip(PUNCT) == word
    stripped = [g["text"] for g in got]
    return {
        "structure": f"{structure}/{len(made)}",
        "structure_rate": structure / len(made),
        "names_right": names_right,
        "names_total": names_total,
        "names_absent_in_english": names_absent,
        "names_rate": names_right / max(1, names_total),
        "chrf_to_plain": sacrebleu.corpus_chrf(stripped, [plain]).score,
        "bleu_plain": sacrebleu.corpus_bleu(plain, [references]).score,
        "bleu_markup": sacrebleu.corpus_bleu(stripped, [references]).score,
    }


def phrase_rows(made: list[Case], got: list[dict]) -> list[tuple[str, str, str]]:
    rows = []
    for case, output in zip(made, got):
        if case.phrase is None:
            continue
        a, b = case.phrase
        german = f"{case.text[:a]}[{case.text[a:b]}]{case.text[b:]}"
        english = output.get("bracketed") or output["text"] + " []"
        rows.append((str(case.number), german, english))
    return rows


def judged(rows: list[tuple[str, ...]]) -> dict:
    """The verdicts of ``JUDGED`` whose case reads the same in this run (a changed placement is judged again)."""
    if not JUDGED.is_file():
        return {"judged": 0, "right": 0}
    current = {(r[0], r[1]): r[3] for r in rows}
    right = total = 0
    with JUDGED.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if current.get((row["format"], row["case"])) == row["english"] and row["verdict"] in ("right", "wrong"):
                total += 1
                right += row["verdict"] == "right"
    return {"judged": total, "right": right, "rate": right / max(1, total)}


def cost(translator: Translator, reader, texts: list[bytes], plain_texts: list[str], rounds: int) -> dict:
    """Seconds to translate the texts with their markup (read, split, translated, written) and their plain text
    (split, translated, rendered)."""
    marked, bare = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        done = translator.translate_documents([Document.from_markup(reader(text)) for text in texts])
        for translation in done:
            translation.written()
        marked.append(time.perf_counter() - started)
        started = time.perf_counter()
        rendered = [t.text for t in translator.translate_documents([Document.from_text(text) for text in plain_texts])]
        bare.append(time.perf_counter() - started)
    assert len(rendered) == len(plain_texts)
    return {"markup_s": statistics.median(marked), "plain_s": statistics.median(bare)}


def markdown_report(report: dict, state: dict, args: argparse.Namespace) -> str:
    lines = [
        f"# Inline markup through translation: newstest2019, {report['paragraphs']} paragraphs",
        "",
        f"Command: `.venv/bin/python eval/markup.py --paragraphs {args.paragraphs} --seen {args.seen} "
        f"--judge-from {args.judge_from} --rounds {args.rounds}`. " + source_line(state),
        "Model: the bundled marian-de-en-compact, CTranslate2 int8 on this machine's CPU, beam 4.",
        "",
        "| paragraphs | format | method | structure | names and numbers wrapped | chrF to plain | BLEU plain | "
        "BLEU markup |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for subset, label in (("held_out", f"{args.seen + 1}–{report['paragraphs']}"), ("seen", f"1–{args.seen} (seen)")):
        for kind, results in report["formats"].items():
            for method in ("alignment", "position"):
                r = results[f"{method}_{subset}"]
                lines.append(
                    f"| {label} | {kind} | {method} | {r['structure']} | {r['names_right']}/{r['names_total']} "
                    f"({100 * r['names_rate']:.1f} %) | {r['chrf_to_plain']:.2f} | {r['bleu_plain']:.2f} | "
                    f"{r['bleu_markup']:.2f} |"
                )
    lines += ["", "Names or numbers the English does not have at all (not counted above): "]
    lines[-1] += ", ".join(
        f"{k} {v['alignment_held_out']['names_absent_in_english']}" for k, v in report["formats"].items()
    )
    lines += [
        "",
        f"Cost: the held-out paragraphs, a file each, read, translated and written, against their plain text "
        f"translated, medians of {args.rounds} rounds:",
        "",
        "| format | with markup (s) | plain (s) | cost |",
        "|---|---|---|---|",
    ]
    for kind, results in report["formats"].items():
        for key, label in (("cost", kind), ("cost_one_file", f"{kind}, all in one file")):
            if key in results:
                c = results[key]
                lines.append(
                    f"| {label} | {c['markup_s']:.2f} | {c['plain_s']:.2f} | "
                    f"{100 * (c['markup_s'] / c['plain_s'] - 1):+.1f} % |"
                )
    j = report["judged"]
    lines += [
        "",
        f"Other phrases, from paragraph {args.judge_from + 1} on, judged by reading (`{JUDGED.relative_to(ROOT)}`, "
        "alignment): "
        + (f"{j['right']}/{j['judged']} right ({100 * j['rate']:.0f} %)." if j["judged"] else "none judged yet."),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
