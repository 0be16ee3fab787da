"""Term success rate of glossaries on newstest2019, and what they cost in chrF and speed.

    .venv/bin/python eval/term_quality.py [--out eval/results/terms-newstest2019]

The terminology test is built from newstest2019 and the bundled model's own translation of it
(CTranslate2, beam 4): for each sentence, a capitalised German word (a noun) whose trans-de-en English
translation (of the word or of its Hunspell stem) is in the reference, as a whole word, while the
model's translation lacks it, gives one term pair (German lemma → that English word); the first pair per
German lemma is kept. The glossary of all pairs is then enforced on the whole test set with each method
of ``mt.translate.glossary`` (``inject`` and ``placeholder``, without retries; placeholder with the retries of
sentences that lost a term at beam 4, and greedily, the default). Reported: the share of term occurrences rendered
(the English term, singular or plural, in the output of that sentence), the chrF and BLEU of the whole
output, and the translation time, each without and with the glossary, side by side in one run. The seed
with the three-term glossary of issue 14 is reported too.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from pathlib import Path

import sacrebleu

from mt import Document, Translator
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.formats.termbase import english_plural
from mt.lang.lexicon import lexicon
from mt.translate.glossary import Glossary

ROOT = Path(__file__).resolve().parent.parent

BUNDLED = ROOT / "models" / "marian-de-en-compact"
SEED_TERMS = [("Botschaft", "embassy"), ("Außenministerium", "Foreign Ministry"), ("Sprecherin", "spokeswoman")]


def has(text: str, english: str) -> bool:
    forms = {english, english_plural(english)}
    return any(re.search(rf"\b{re.escape(f)}\b", text, re.IGNORECASE) for f in forms)


def build_terms(sources: list[str], references: list[str], baseline: list[str]) -> list[tuple[str, str]]:
    lex = lexicon()
    pairs: dict[str, str] = {}
    for source, reference, output in zip(sources, references, baseline):
        for word in re.findall(r"\b[A-ZÄÖÜ][a-zäöüß]{3,}\b", source):
            lemmas = [word, *(s for s in lex.stems(word) if s[:1].isupper())]
            found = next(
                (
                    (lemma, english)
                    for lemma in lemmas
                    for english in lex.english_for(lemma)
                    if len(english) > 3 and has(reference, english) and not has(output, english)
                ),
                None,
            )
            if found and found[0] not in pairs:
                pairs[found[0]] = found[1]
                break
    return sorted(pairs.items())


def success(glossary: Glossary, sources: list[str], outputs: list[str]) -> tuple[int, int]:
    hits = total = 0
    for source, output in zip(sources, outputs):
        for _, _, term, _ in glossary.matches(source):
            total += 1
            hits += has(output, term.english)
    return hits, total


def timed(translator: Translator, sources: list[str]) -> tuple[list[str], float, float]:
    """The outputs, the wall-clock seconds, and the CPU seconds of this process (all threads): on a machine
    shared with other tenants the wall clock varies by a quarter from run to run, the CPU time much less."""
    started, cpu = time.perf_counter(), time.process_time()
    outputs = [s.translation for s in translator.translate_sentences(sources)]
    return outputs, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "terms-newstest2019")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    testset = load("newstest2019")
    sources, references = testset.source, testset.references[0]
    translator = Translator(str(BUNDLED), backend="ctranslate2")
    baseline, baseline_s, baseline_cpu = timed(translator, sources)
    pairs = build_terms(sources, references, baseline)
    rows = []
    plain = Glossary.from_pairs(pairs)
    hits, total = success(plain, sources, baseline)
    rows.append(("no glossary", hits, total, baseline, baseline_s, baseline_cpu))
    for name, method, retry, retry_beam in (
        ("inject", "inject", False, 1),
        ("placeholder", "placeholder", False, 1),
        ("placeholder, retrying sentences that lost a term at beam 4", "placeholder", True, 4),
        ("placeholder, retrying them greedily (default)", "placeholder", True, 1),
    ):
        glossary = Glossary.from_pairs(pairs, method, retry, retry_beam)
        outputs, seconds, cpu = timed(translator.with_glossary(glossary), sources)
        hits, total = success(plain, sources, outputs)
        rows.append((name, hits, total, outputs, seconds, cpu))

    seed = (ROOT / "seeds" / "lavrov-talks.de.txt").read_text(encoding="utf-8")
    seed_ref = (ROOT / "seeds" / "lavrov-talks.ref.en.txt").read_text(encoding="utf-8")
    seed_sentences = [s.text for s in Document.from_text(seed).sentences]
    seed_rows = []
    for method in (None, "inject", "placeholder"):
        glossary = Glossary.from_pairs(SEED_TERMS, method or "placeholder")
        used = translator if method is None else translator.with_glossary(glossary)
        outputs = [s.translation for s in used.translate_sentences(seed_sentences)]
        document = used.translate(seed)
        hits, total = success(glossary, seed_sentences, outputs)
        chrf = sacrebleu.corpus_chrf([document], [[seed_ref]]).score
        seed_rows.append(
            {"method": method or "no glossary", "terms_right": hits, "terms": total, "chrf": round(chrf, 2)}
        )

    report = {
        "command": ".venv/bin/python eval/term_quality.py",
        "term_pairs": len(pairs),
        "examples": pairs[:15],
        "rows": [
            {
                "method": name,
                "terms_right": hits,
                "term_occurrences": total,
                "success": round(hits / total, 3) if total else None,
                "chrf": round(sacrebleu.corpus_chrf(outputs, [references]).score, 2),
                "bleu": round(sacrebleu.corpus_bleu(outputs, [references]).score, 2),
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "time_ratio": round(seconds / baseline_s, 3),
                "cpu_ratio": round(cpu / baseline_cpu, 3),
            }
            for name, hits, total, outputs, seconds, cpu in rows
        ],
        "seed": seed_rows,
    }
    args.out.with_suffix(".json").write_text(json.dumps(report | {"code": state}, indent=2, ensure_ascii=False))
    args.out.with_suffix(".md").write_text(markdown(report) + "\n" + source_line(state) + "\n")
    print(markdown(report))


def markdown(r: dict) -> str:
    lines = [
        "# Glossaries on newstest2019 (bundled model, CTranslate2 int8, beam 4)",
        "",
        f"Command: `{r['command']}`. {r['term_pairs']} term pairs built from newstest2019 as the script's docstring says",
        f"(for example {', '.join(f'{de} → {en}' for de, en in r['examples'][:8])}).",
        "",
        "| method | terms right | share | chrF | BLEU | seconds | time ÷ no glossary | CPU seconds | CPU ÷ no glossary |",
        "|---|---|---|---|---|---|---|---|---|",
        *(
            f"| {x['method']} | {x['terms_right']} / {x['term_occurrences']} | {x['success']} | {x['chrf']} | {x['bleu']} | "
            f"{x['seconds']} | {x['time_ratio']} | {x['cpu_seconds']} | {x['cpu_ratio']} |"
            for x in r["rows"]
        ),
        "",
        "The seed with the glossary Botschaft → embassy, Außenministerium → Foreign Ministry, Sprecherin → spokeswoman",
        "(chrF of the document against `seeds/lavrov-talks.ref.en.txt`):",
        "",
        "| method | terms right | chrF |",
        "|---|---|---|",
        *(f"| {x['method']} | {x['terms_right']} / {x['terms']} | {x['chrf']} |" for x in r["seed"]),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
