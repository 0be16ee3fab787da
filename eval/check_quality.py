"""Measure the artifact checker: the seed's gold spans, WMT23 MQM error spans, and native clean text.

    .venv/bin/python eval/check_quality.py [--clean-lines N] [--json FILE]

1. Seed: span precision/recall/F1 against seeds/lavrov-talks.flags.jsonl (optional spans count neither way).
2. MQM (../shared/data/qe/mqm-generalmt2023-ende.jsonl): the checker sees only the German `target`.
   Each distinct target is scored against the union of its raters' error spans (spans without
   offsets, such as omissions, are left out); reported overall and for Major errors.
3. Clean text: major flags per 1,000 words on native German news (the German side of newstest2019,
   German originals), where every major flag is a false alarm.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mt.check import Checker  # noqa: E402
from mt.check.gold import GoldSpan, counts, read_gold, score  # noqa: E402
from mt.document import Document  # noqa: E402
from mt.testsets import data_dir  # noqa: E402


def seed(checker: Checker) -> dict:
    text = (ROOT / "seeds" / "lavrov-talks.de.txt").read_text(encoding="utf-8")
    return score(checker.check(Document.from_text(text)), read_gold(ROOT / "seeds" / "lavrov-talks.flags.jsonl"))


def mqm(checker: Checker) -> dict:
    targets: dict[str, set[GoldSpan]] = defaultdict(set)
    with (data_dir() / "qe" / "mqm-generalmt2023-ende.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = targets[record["target"]]
            for e in record["errors"]:
                if e.get("start") is not None and e["end"] > e["start"]:
                    spans.add(GoldSpan(e["start"], e["end"], e["category"], e["severity"].lower()))
    totals = {"all": [0, 0, 0, 0], "major": [0, 0, 0, 0]}
    by_check: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    words = 0
    for target, gold in targets.items():
        flags = checker.check(Document.from_text(target))
        words += len(target.split())
        for name, subset in (("all", list(gold)), ("major", [g for g in gold if g.severity == "major"])):
            c = counts(flags, subset)
            for i, v in enumerate((c.true_positives, c.flagged, c.found, c.gold)):
                totals[name][i] += v
        for f in flags:
            by_check[f.check][0] += 1
            by_check[f.check][1] += any(f.start < g.end and g.start < f.end for g in gold)
    report = {"targets": len(targets), "words": words}
    for name, (tp, flagged, found, n_gold) in totals.items():
        p = tp / flagged if flagged else 0.0
        r = found / n_gold if n_gold else 0.0
        report[name] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "flags": flagged,
            "gold_spans": n_gold,
        }
    report["by_check"] = {k: {"flags": v[0], "on_an_error": v[1]} for k, v in sorted(by_check.items())}
    return report


def clean(checker: Checker, lines: int) -> dict:
    text = (data_dir() / "test" / "newstest2019-deen.de").read_text(encoding="utf-8").splitlines()[:lines]
    words, majors, by_check = 0, 0, defaultdict(int)
    for line in text:
        words += len(line.split())
        for f in checker.check(Document.from_text(line)):
            if f.severity == "major":
                majors += 1
                by_check[f.check] += 1
    return {
        "lines": len(text),
        "words": words,
        "major_flags": majors,
        "majors_per_1000_words": round(majors * 1000 / words, 3),
        "by_check": dict(by_check),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean-lines", type=int, default=2000, help="lines of newstest2019 German (default 2000)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    args = parser.parse_args()
    checker = Checker()
    started = time.perf_counter()
    results = {"seed": seed(checker), "mqm": mqm(checker), "clean": clean(checker, args.clean_lines)}
    results["seconds"] = round(time.perf_counter() - started, 1)

    s, m, c = results["seed"], results["mqm"], results["clean"]
    print(
        f"seed  : precision {s['overall']['precision']:.2f}  recall {s['overall']['recall']:.2f}  "
        f"F1 {s['overall']['f1']:.2f}  majors found {s['major']['found']}/{s['major']['gold']}"
    )
    print(
        f"MQM   : {m['targets']} targets, {m['words']} words; all errors: P {m['all']['precision']:.3f} "
        f"R {m['all']['recall']:.3f} F1 {m['all']['f1']:.3f} ({m['all']['flags']} flags, {m['all']['gold_spans']} spans); "
        f"major errors: P {m['major']['precision']:.3f} R {m['major']['recall']:.3f} F1 {m['major']['f1']:.3f}"
    )
    print(
        f"clean : {c['major_flags']} major flags in {c['words']} words of native German news = "
        f"{c['majors_per_1000_words']} per 1,000 words {c['by_check']}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
