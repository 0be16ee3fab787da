"""How long `mt check` takes on a 1,000-word article, cold and warm, and what its resources take on disk.

    .venv/bin/python eval/check_speed.py [--json FILE]

- cold: `mt check ARTICLE --format json` in a fresh process (Python start, imports, Hunspell, the tagger,
  the dictionary from its cache), three runs, the median;
- first run ever: the same with an empty cache folder (the dictionary is read from trans-de-en and cached;
  the collocation counts, built by `make install`, are missing then and the verb-noun check does without);
- warm: in one process, after a first article, three other 1,000-word articles (none seen before, so that no
  cache of the tagger helps), the median.
Articles are consecutive lines of native German news (newstest2019, German originals).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from mt.check import Checker
from mt.config import (
    cache_dir,
    hunspell_dirs,
    trans_de_en,
)
from mt.document.model import Document
from mt.evaluation.provenance import add_allow_dirty, committed_source
from mt.evaluation.testsets import load

ROOT = Path(__file__).resolve().parent.parent

WORDS = 1000


def articles(count: int) -> list[str]:
    """Consecutive 1,000-word stretches of newstest2019's German originals."""
    lines = load("newstest2019").source
    result, current, words = [], [], 0
    for line in lines:
        current.append(line)
        words += len(line.split())
        if words >= WORDS:
            result.append("\n".join(current))
            current, words = [], 0
            if len(result) == count:
                break
    return result


def cold(path: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mt"), "check", str(path), "--format", "json"],
        check=True,
        capture_output=True,
        env=env,
    )
    return time.perf_counter() - started


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path, help="also write the results as JSON")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    first, *others = articles(4)
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "article.de.txt"
        article.write_text(first, encoding="utf-8")
        env = dict(os.environ)
        cold_runs = [cold(article, env) for _ in range(3)]
        first_ever = cold(article, env | {"MT_CACHE_DIR": str(Path(tmp) / "empty-cache")})
    checker = Checker()
    checker.check(Document.from_text(first))
    warm_runs = []
    for other in others:
        started = time.perf_counter()
        checker.check(Document.from_text(other))
        warm_runs.append(time.perf_counter() - started)
    from HanTa import HanoverTagger

    resources = {
        "dictionary cache": size_mb(cache_dir() / "dictionary"),
        "collocation counts": size_mb(cache_dir() / "collocations"),
        "trans-de-en": size_mb(trans_de_en()),
        "hunspell de_DE": sum(
            size_mb(d / "de_DE.dic") + size_mb(d / "de_DE.aff") for d in hunspell_dirs() if (d / "de_DE.dic").is_file()
        ),
        "HanTa model": size_mb(Path(HanoverTagger.__file__).parent / "morphmodel_ger.pgz"),
    }
    results = {
        "words": [len(a.split()) for a in (first, *others)],
        "cold_s": round(statistics.median(cold_runs), 2),
        "cold_runs_s": [round(t, 2) for t in cold_runs],
        "first_run_ever_s": round(first_ever, 2),
        "warm_s": round(statistics.median(warm_runs), 2),
        "warm_runs_s": [round(t, 2) for t in warm_runs],
        "resources_mb": {k: round(v, 1) for k, v in resources.items()},
        "resources_total_mb": round(sum(resources.values()), 1),
    }
    print(
        f"mt check, {results['words'][0]}-word article: cold {results['cold_s']} s (fresh process, median of 3), "
        f"first run ever {results['first_run_ever_s']} s (dictionary read and cached), "
        f"warm {results['warm_s']} s (three other articles of about {WORDS} words, median); "
        f"resources on disk {results['resources_total_mb']} MB {results['resources_mb']}"
    )
    if args.json:
        args.json.write_text(json.dumps(results | {"code": state}, indent=2) + "\n")


if __name__ == "__main__":
    main()
