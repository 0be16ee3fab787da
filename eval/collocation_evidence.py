"""Whether German collocation statistics from the clean German on this machine could find calques.

    .venv/bin/python eval/collocation_evidence.py

Counts the word bigrams (lower-cased, adjacent) of the German side of ../shared/data/train/ without
news-mt/ (machine-translated German is what the checker looks for), then asks of a bigram "unseen in that
corpus, although its two words are frequent enough that N of it would be expected": how many calque
artifacts of eval/data/calques-{dev,heldout}.txt have such a bigram (the marked span with one word of context
on each side), and how many such bigrams native news German has (newstest2019, every one a false alarm).
Results: eval/results/collocation-evidence.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from check_quality import DEV, HELD_OUT, read_dev

from mt.config import shared_data_dir
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load

ROOT = Path(__file__).resolve().parent.parent

WORD = re.compile(r"[^\W\d_]+")
EXPECTED = (1.0, 3.0, 10.0)


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_allow_dirty(parser)
    state = committed_source(parser.parse_args().allow_dirty)
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    files = [f for f in sorted((shared_data_dir() / "train").glob("*/*.de")) if f.parent.name != "news-mt"]
    for path in files:
        for line in path.open(encoding="utf-8"):
            tokens = words(line)
            unigrams.update(tokens)
            bigrams.update(zip(tokens, tokens[1:]))
    total = sum(unigrams.values())

    def suspicious(tokens: list[str], expected: float) -> list[tuple[str, str]]:
        return [
            (a, b)
            for a, b in zip(tokens, tokens[1:])
            if not bigrams[a, b] and unigrams[a] * unigrams[b] / total >= expected
        ]

    artifacts = []
    for path in (DEV, HELD_OUT):
        for text, marked, _ in read_dev(path):
            for start, end, _ in marked:
                artifacts.append(words(text[:start])[-1:] + words(text[start:end]) + words(text[end:])[:1])
    clean = load("newstest2019").source
    clean_words = sum(len(words(line)) for line in clean)
    lines = [
        "# Collocation evidence from the clean German on this machine",
        "",
        "Command: `.venv/bin/python eval/collocation_evidence.py`",
        "",
        f"Corpus: the German of ../shared/data/train/ without news-mt/, {len(files)} files, {total:,} words, "
        f"{len(bigrams):,} distinct bigrams. A bigram is *suspicious* when the corpus never has it although "
        "its words' frequencies predict at least E of it.",
        "",
        f"| E | calque artifacts with a suspicious bigram (of {len(artifacts)}) | suspicious bigrams per 1,000 words of "
        "native news (newstest2019) |",
        "|---|---|---|",
    ]
    for expected in EXPECTED:
        found = sum(bool(suspicious(a, expected)) for a in artifacts)
        alarms = sum(len(suspicious(words(line), expected)) for line in clean)
        lines.append(f"| {expected:g} | {found} | {1000 * alarms / clean_words:.1f} |")
        print(f"E ≥ {expected:g}: {found}/{len(artifacts)} artifacts, {alarms} in native news", file=sys.stderr)
    out = ROOT / "eval" / "results" / "collocation-evidence.md"
    out.write_text("\n".join([*lines, "", source_line(state)]) + "\n", encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
