"""What Debian's FreeDict English–German dictionary would add to trans-de-en as a knowledge source.

    apt-get install dict-freedict-eng-deu && .venv/bin/python eval/dictionary_overlap.py

Both are built from TU Chemnitz's Ding dictionary; this counts the English headwords of freedict-eng-deu
(``to`` dropped, punctuation removed on both sides) that trans-de-en, as mt.lang.dictionary reads it,
already has, and shows a sample of the rest. Results: eval/results/dictionary-overlap.md.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.lang.dictionary import dictionary

ROOT = Path(__file__).resolve().parent.parent

FREEDICT_INDEX = Path("/usr/share/dictd/freedict-eng-deu.index")


def normal(english: str) -> str:
    english = english.lower().strip()
    return re.sub(r"[^a-z0-9 ]", "", english[3:] if english.startswith("to ") else english).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_allow_dirty(parser)
    state = committed_source(parser.parse_args().allow_dirty)
    if not FREEDICT_INDEX.exists():
        sys.exit(f"{FREEDICT_INDEX} is missing: apt-get install dict-freedict-eng-deu")
    lines = FREEDICT_INDEX.read_text(encoding="utf-8").splitlines()
    freedict = {normal(line.split("\t")[0]) for line in lines if not line.startswith("00")} - {""}
    ours = {normal(english) for english in dictionary().german_for}
    shared = freedict & ours
    sample = random.Random(0).sample(sorted(freedict - ours), 12)
    text = "\n".join(
        [
            "# FreeDict eng-deu against trans-de-en",
            "",
            "Command: `.venv/bin/python eval/dictionary_overlap.py` (dict-freedict-eng-deu 2022.04.21)",
            "",
            f"FreeDict's English headwords: {len(freedict):,}; of them in trans-de-en: {len(shared):,} "
            f"({len(shared) / len(freedict):.1%}). A sample of the rest: {'; '.join(sample)}.",
        ]
    )
    out = ROOT / "eval" / "results" / "dictionary-overlap.md"
    out.write_text(text + "\n\n" + source_line(state) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
