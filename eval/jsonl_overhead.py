"""What JSONL output adds to ``mt translate`` on newstest2019, end to end: each sentence's QA checks and
confidence, and the German checks' flags, with every load they need. Fresh processes, text and JSONL output
alternating, so that the shared machine's moods fall on both alike.

    .venv/bin/python eval/jsonl_overhead.py [--rounds 2] [--before DIR] [--out eval/results/jsonl-overhead]

CTranslate2 translates all 2,000 sentences, transformers (slower by far) the first 300. ``--before DIR``: an
older checkout (``git worktree add DIR COMMIT``) whose JSONL runs join each round, for a change's effect in the
same run. The goal of issue 11 is that confidence and QA add at most 10 % to the translating time.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load

ROOT = Path(__file__).resolve().parent.parent

log = logging.getLogger("jsonl_overhead")
MODEL = ROOT / "models" / "marian-de-en-compact"
ENGINES = {"ctranslate2": 2000, "transformers": 300}  # sentences translated by each


def timed(checkout: Path, source: Path, engine: str, output_format: str) -> float:
    """Seconds for one ``mt translate`` of the source, in a fresh process of the checkout's code."""
    command = [sys.executable, "-m", "mt", "translate", str(source), "--paragraphs", "line"]
    command += ["--backend", engine, "--model", str(MODEL)]  # one model: the conversion is cached once
    command += ["--format", output_format]
    environment = os.environ | {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(checkout)}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=checkout, env=environment, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {checkout}:\n{done.stderr[-2000:]}")
    if not done.stdout.strip():
        raise SystemExit(f"{' '.join(command)} wrote nothing")
    return seconds


def measure(rounds: int, before: Path | None) -> dict:
    sentences = load("newstest2019").source
    variants = [("text", ROOT, "text"), ("jsonl", ROOT, "jsonl")]
    if before is not None:
        variants.append(("jsonl, before", before, "jsonl"))
    results: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        for engine, count in ENGINES.items():
            source = Path(folder) / f"newstest2019-{count}.de"
            source.write_text("\n".join(sentences[:count]) + "\n", encoding="utf-8")
            runs: dict[str, list[float]] = {name: [] for name, _, _ in variants}
            for r in range(rounds):
                for name, checkout, output_format in variants:
                    runs[name].append(round(timed(checkout, source, engine, output_format), 2))
                    log.info("%s, round %d, %s: %.1f s", engine, r + 1, name, runs[name][-1])
            median = {name: statistics.median(seconds) for name, seconds in runs.items()}
            results[engine] = {
                "sentences": count,
                "runs_s": runs,
                "median_s": median,
                "jsonl_adds": {name: round(median[name] / median["text"] - 1, 3) for name in median if name != "text"},
            }
    return {
        "command": ".venv/bin/python eval/jsonl_overhead.py" + (" --before DIR" if before else ""),
        "before": _commit(before) if before else None,
        "now": _commit(ROOT),
        "rounds": rounds,
        "cpus": os.cpu_count(),
        "engines": results,
    }


def _commit(checkout: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=checkout, capture_output=True, text=True)
    status = ["git", "status", "--porcelain", "--untracked-files=no", "--", "mt"]
    dirty = subprocess.run(status, cwd=checkout, capture_output=True)
    return done.stdout.strip() + (" with uncommitted changes to mt/" if dirty.stdout.strip() else "")


def markdown(r: dict) -> str:
    lines = [
        "# What JSONL output adds to `mt translate` (newstest2019, bundled model, beam 4)",
        "",
        f"Command: `{r['command']}`; code at {r['now']}"
        + (f", beside {r['before']}" if r["before"] else "")
        + f"; {r['rounds']} rounds, fresh processes, the variants alternating; {r['cpus']} CPUs.",
        "",
        "JSONL output assesses every sentence (QA checks and confidence) and runs the German checks, loading",
        "their dictionaries and word lists; text output does neither. Wall time of the whole command, model",
        "loading included, median of the rounds.",
        "",
        "| engine | sentences | output | runs (s) | median (s) | adds to text output |",
        "|---|---|---|---|---|---|",
    ]
    for engine, e in r["engines"].items():
        for name, runs in e["runs_s"].items():
            adds = f"{e['jsonl_adds'][name] * 100:+.1f} %" if name in e["jsonl_adds"] else ""
            shown = ", ".join(f"{s:.1f}" for s in runs)
            lines.append(f"| {engine} | {e['sentences']} | {name} | {shown} | {e['median_s'][name]:.1f} | {adds} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--before", type=Path, help="an older checkout measured in the same rounds (JSONL only)")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "jsonl-overhead")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    result = measure(args.rounds, args.before.resolve() if args.before else None)
    args.out.with_suffix(".json").write_text(json.dumps(result | {"code": state}, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(result) + "\n" + source_line(state) + "\n", encoding="utf-8")
    print(markdown(result))


if __name__ == "__main__":
    main()
