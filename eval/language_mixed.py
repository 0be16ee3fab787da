"""German articles that quote English: does ``mt translate`` keep the English as it is, and translate all German?

    .venv/bin/python eval/language_mixed.py [--lines 1000]   # writes eval/results/language-mixed.{md,json}

Documents are runs of 10 consecutive lines of newstest2019's German. Into each, English sentences of the same
set's references (from other documents, seeded random choice) are put: as sentences of their own at random
places, and, in a second set of documents, as quotes inside a German sentence (``Er sagte: „…“``). The
bundled model translates each set with the default ``keep_other_languages`` and, for the cost, once without.
Counted: English sentences found verbatim in the output, German sentences kept untranslated (origin
``kept``), and the time keeping adds.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from mt.document.model import Document
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.lang.identify import other_language, other_language_quotes
from mt.translate.translator import Translator

ROOT = Path(__file__).resolve().parent.parent

RESULTS = ROOT / "eval" / "results"
QUOTE = "Er sagte: „{}“"  # a frame of our own around the quoted English


def documents(german: list[str], english: list[str], quoted: bool, rng: random.Random) -> tuple[list[str], list[str]]:
    """Mixed documents and the English inserted into them."""
    texts, inserted = [], []
    for start in range(0, len(german) - 9, 10):
        lines = german[start : start + 10]
        for _ in range(2):
            other = rng.choice([i for i in range(len(english)) if not start <= i < start + 10])
            sentence = english[other]
            inserted.append(sentence)
            lines.insert(rng.randrange(len(lines) + 1), QUOTE.format(sentence) if quoted else sentence)
        texts.append("\n".join(lines))
    return texts, inserted


def _bare(text: str) -> str:
    """A text without quotation marks and outer spaces: a piece the splitter cut off keeps its closing mark."""
    return text.translate(str.maketrans("", "", '„“”"»«')).strip()


def run(translator: Translator, texts: list[str]) -> tuple[list, float]:
    started = time.perf_counter()
    translations = translator.translate_documents([Document.from_text(t, paragraphs="line") for t in texts])
    return translations, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1000, help="newstest2019 lines to use (default 1000)")
    parser.add_argument("--out", type=Path, default=RESULTS / "language-mixed")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    testset = load("newstest2019")
    german, english = testset.source[: args.lines], testset.references[0][: args.lines]
    translator = Translator(str(ROOT / "models" / "marian-de-en-compact"))
    report: dict = {"command": f"python eval/language_mixed.py --lines {args.lines}", "sets": {}}
    plain_texts = ["\n".join(german[i : i + 10]) for i in range(0, len(german) - 9, 10)]
    german_only = [run(translator, plain_texts)[1] for _ in range(2)]  # the cost of looking, on German alone
    german_only_plain = [run(translator.with_options(keep_other_languages=False), plain_texts)[1] for _ in range(2)]
    sentences = [x.text for t in plain_texts for x in Document.from_text(t, paragraphs="line").sentences]
    started = time.perf_counter()
    for sentence in sentences:  # what keeping asks of each sentence, alone
        other_language_quotes(sentence) or other_language(sentence)
    looking = time.perf_counter() - started
    report["german_only"] = {
        "seconds": round(min(german_only), 2),
        "seconds_without_keeping": round(min(german_only_plain), 2),
        "cost": round(min(german_only) / min(german_only_plain) - 1, 4),
        "looking_seconds": round(looking, 3),
        "looking_share": round(looking / min(german_only_plain), 4),
    }
    for quoted in (False, True):
        texts, inserted = documents(german, english, quoted, random.Random(2019))
        translations, seconds = run(translator, texts)
        output = "\n".join(t.text for t in translations)
        verbatim = sum(sentence in output for sentence in inserted)
        segments = [s for t in translations for s in t.segments]
        kept = [s for s in segments if s.origin == "kept"]
        # A kept segment that is no part of an inserted English sentence is German left untranslated (the German
        # frame of a quote kept whole counts); the splitter may cut an inserted line into several segments.
        german_kept = [s.source for s in kept if not any(_bare(s.source) in _bare(e) for e in inserted)]
        plain, plain_seconds = run(translator.with_options(keep_other_languages=False), texts)
        name = "as quotes in German sentences" if quoted else "as sentences of their own"
        report["sets"][name] = {
            "documents": len(texts),
            "german_sentences": len(segments) - len(inserted),
            "english_inserted": len(inserted),
            "english_verbatim": verbatim,
            "english_verbatim_share": round(verbatim / len(inserted), 4),
            "german_kept": len(german_kept),
            "german_kept_share": round(len(german_kept) / max(1, len(segments) - len(inserted)), 5),
            "german_kept_listed": german_kept[:50],
            "seconds": round(seconds, 2),
            "seconds_without_keeping": round(plain_seconds, 2),
        }
    args.out.with_suffix(".json").write_text(json.dumps(report | {"code": state}, indent=2, ensure_ascii=False) + "\n")
    lines = [
        "# German articles quoting English (newstest2019)",
        "",
        f"Command: `{report['command']}` (the bundled model, CTranslate2, beam 4). Two English sentences of the "
        "references put into each document of 10 German lines; *verbatim*: found unchanged in the output; *German "
        "kept*: German sentences left untranslated. Times: the same documents with keeping and without.",
        "",
        "| English put in | documents | English verbatim | German kept | s | s without keeping |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in report["sets"].items():
        lines.append(
            f"| {name} | {r['documents']} | {r['english_verbatim_share']:.1%} ({r['english_verbatim']} of "
            f"{r['english_inserted']}) | {r['german_kept_share']:.2%} ({r['german_kept']}) | {r['seconds']} "
            f"| {r['seconds_without_keeping']} |"
        )
    g = report["german_only"]
    lines += [
        "",
        f"The cost of looking, on the same German documents with nothing put in (best of two runs each): "
        f"{g['seconds']} s with keeping, {g['seconds_without_keeping']} s without ({g['cost']:+.1%}; the two differ "
        f"within this shared machine's noise). Looking at every sentence alone takes {g['looking_seconds']} s, "
        f"{g['looking_share']:.1%} of the translation without keeping.",
    ]
    for name, r in report["sets"].items():
        if r["german_kept_listed"]:
            lines += ["", f"German kept, {name}:", ""] + [f"- {s}" for s in r["german_kept_listed"]]
    args.out.with_suffix(".md").write_text("\n".join([*lines, "", source_line(state)]) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
