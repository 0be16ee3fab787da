"""What the translation memory gives and costs, measured side by side in one run.

    .venv/bin/python eval/memory_reuse.py [--out eval/results/memory-newstest2019]

1. Exact reuse: the first 500 sentences of newstest2019 are translated without a memory, then with a
   memory holding their human references as approved translations: how many outputs are exactly the
   approved English, the time, and the target tokens the model decoded.
2. The price of fuzzy matching: sentences 1001-1500 translated without a memory and with a memory of
   the other 1,500 newstest2019 sentences (every sentence looked up for near matches, none exact):
   the time ratio, and how many sentences got a near match.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from mt import Translator
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.translate.memory import FUZZY_THRESHOLD, TranslationMemory

ROOT = Path(__file__).resolve().parent.parent

BUNDLED = ROOT / "models" / "marian-de-en-compact"


def run(translator: Translator, sources: list[str]) -> tuple[list, float]:
    started = time.perf_counter()
    results = translator.translate_sentences(sources)
    return results, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "memory-newstest2019")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    testset = load("newstest2019")
    sources, references = testset.source, testset.references[0]
    translator = Translator(str(BUNDLED), backend="ctranslate2")

    first, approved = sources[:500], references[:500]
    _, plain_s = run(translator, first)
    remembering = translator.with_memory(TranslationMemory(dict(zip(first, approved))))
    reused, memory_s = run(remembering, first)
    exact = sum(r.translation == a.strip() for r, a in zip(reused, approved))

    others = sources[1000:1500]
    memory = TranslationMemory(dict(zip(sources[:1000] + sources[1500:], references[:1000] + references[1500:])))
    _, without_s = run(translator, others)
    fuzzy, with_s = run(translator.with_memory(memory), others)
    report = {
        "command": ".venv/bin/python eval/memory_reuse.py",
        "exact": {
            "sentences": len(first),
            "outputs_equal_to_approved": exact,
            "model_target_tokens": remembering.stats.target_tokens,
            "seconds_without_memory": round(plain_s, 2),
            "seconds_with_memory": round(memory_s, 3),
        },
        "fuzzy": {
            "sentences": len(others),
            "memory_entries": len(memory),
            "threshold": FUZZY_THRESHOLD,
            "with_near_match": sum(bool(r.similar) for r in fuzzy),
            "seconds_without_memory": round(without_s, 2),
            "seconds_with_memory": round(with_s, 2),
            "time_ratio": round(with_s / without_s, 3),
        },
    }
    args.out.with_suffix(".json").write_text(json.dumps(report | {"code": state}, indent=2))
    args.out.with_suffix(".md").write_text(markdown(report) + "\n" + source_line(state) + "\n")
    print(markdown(report))


def markdown(r: dict) -> str:
    e, f = r["exact"], r["fuzzy"]
    return (
        "# The translation memory on newstest2019 (bundled model, CTranslate2 int8, beam 4)\n\n"
        f"Command: `{r['command']}`.\n\n"
        f"**Exact reuse.** {e['sentences']} sentences whose human references are in the memory: "
        f"{e['outputs_equal_to_approved']} outputs are exactly the approved English; the model decoded "
        f"{e['model_target_tokens']} target tokens; {e['seconds_with_memory']} s against "
        f"{e['seconds_without_memory']} s without the memory.\n\n"
        f"**Near matches.** {f['sentences']} other sentences, each looked up among {f['memory_entries']} entries "
        f"(similarity ≥ {f['threshold']:.0f}): {f['with_near_match']} got a near match; "
        f"{f['seconds_with_memory']} s against {f['seconds_without_memory']} s without the memory "
        f"(time × {f['time_ratio']}).\n"
    )


if __name__ == "__main__":
    main()
