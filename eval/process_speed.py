"""Whole processes side by side: raw CTranslate2 against ``mt translate`` (text and JSONL) and a peer, plain
``transformers``, and how each grows.

    .venv/bin/python eval/process_speed.py [--rounds 3] [--sizes 1,10,100,500,2000] [--peer-up-to 500]
        [--out eval/results/process-cpu]

Each run is a process of its own, timed from start to exit with its peak RSS (``os.wait4``), the systems
interleaved round by round (this machine is shared: a round alone swings by 10 %), medians reported. The inputs are
the first N lines of newstest2019's German (the registry's), one sentence per line, beam 4, the bundled model and mt's
own CTranslate2 conversion of it. Raw CTranslate2 is ``translate_batch`` with 2 workers × 1 thread, 32 sentences a
batch, SentencePiece tokens and detokenisation in the same process: the engine with nothing around it. The last row
is one paragraph of 300 sentences without a line break (raw CTranslate2 given them one per line). The peer is
``MarianMTModel.generate`` of plain transformers on the same checkpoint (float32, torch's threads, batches of 16
sentences sorted by length, beam 4), as a newsroom script without ``mt`` would run it; it runs on inputs up to
``--peer-up-to`` lines (it takes ten times as long).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mt.config import cache_dir
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.translate.backends import CONVERSION
from mt.translate.models import fingerprint, resolve

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "models" / "marian-de-en-compact"

RAW = """
import sys, ctranslate2, sentencepiece
folder, model, source = sys.argv[1:4]
sp = sentencepiece.SentencePieceProcessor(model_file=f"{model}/source.spm")
lines = open(source, encoding="utf-8").read().splitlines()
engine = ctranslate2.Translator(folder, device="cpu", compute_type="int8", inter_threads=2, intra_threads=1)
tokens = [sp.encode(line, out_type=str) + ["</s>"] for line in lines]
results = engine.translate_batch(tokens, beam_size=4, max_batch_size=32)
sys.stdout.write("\\n".join(sp.decode_pieces(r.hypotheses[0]) for r in results) + "\\n")
"""


TRANSFORMERS = """
import sys, torch
from transformers import MarianMTModel, MarianTokenizer
model_path, source = sys.argv[1:3]
lines = open(source, encoding="utf-8").read().splitlines()
tokenizer = MarianTokenizer.from_pretrained(model_path)
model = MarianMTModel.from_pretrained(model_path, dtype=torch.float32).eval()
order = sorted(range(len(lines)), key=lambda i: len(lines[i]))
out = [""] * len(lines)
with torch.inference_mode():
    for start in range(0, len(order), 16):
        batch = order[start : start + 16]
        encoded = tokenizer([lines[i] for i in batch], return_tensors="pt", padding=True)
        generated = model.generate(**encoded, num_beams=4, max_new_tokens=256)
        for i, text in zip(batch, tokenizer.batch_decode(generated, skip_special_tokens=True)):
            out[i] = text
sys.stdout.write("\\n".join(out) + "\\n")
"""


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_maxrss / 1024


def systems(source: Path, paragraph: bool, lines_file: Path, peer: bool) -> dict[str, list[str]]:
    """The commands; raw CTranslate2 (and the peer) read ``lines_file``, the same sentences one per line (splitting a
    paragraph into sentences is mt's work, not the engine's)."""
    conversion = cache_dir() / "ctranslate2" / f"{BUNDLED.name}-{fingerprint(resolve(str(BUNDLED)).path)}-{CONVERSION}"
    mt = [sys.executable, "-m", "mt", "translate", str(source), "-q", "--model", str(BUNDLED)]
    mt += [] if paragraph else ["--paragraphs", "line"]
    commands = {
        "raw CTranslate2": [sys.executable, "-c", RAW, str(conversion), str(BUNDLED), str(lines_file)],
        "mt translate": mt,
        "mt translate --format jsonl": [*mt, "--format", "jsonl"],
    }
    if peer:
        commands["plain transformers"] = [sys.executable, "-c", TRANSFORMERS, str(BUNDLED), str(lines_file)]
    return commands


def measure(sizes: list[int], rounds: int, peer_up_to: int) -> list[dict]:
    lines = load("newstest2019").source
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for size in sizes:
            path = Path(tmp) / f"lines-{size}.de"
            path.write_text("\n".join(lines[:size]) + "\n", encoding="utf-8")
            inputs.append((f"{size} lines", path, False, path, size <= peer_up_to))
        paragraph = Path(tmp) / "paragraph-300.de"
        paragraph.write_text(" ".join(lines[:300]) + "\n", encoding="utf-8")
        as_lines = Path(tmp) / "paragraph-300-lines.de"
        as_lines.write_text("\n".join(lines[:300]) + "\n", encoding="utf-8")
        inputs.append(("one paragraph of 300 sentences", paragraph, True, as_lines, 300 <= peer_up_to))
        for label, path, is_paragraph, lines_file, peer in inputs:
            commands = systems(path, is_paragraph, lines_file, peer)
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
            for _ in range(rounds):
                for name, command in commands.items():
                    runs[name].append(timed(command))
            row = {"input": label}
            for name, results in runs.items():
                row[name] = {
                    "wall_s": round(statistics.median(w for w, _ in results), 2),
                    "peak_rss_mb": round(max(m for _, m in results)),
                }
            rows.append(row)
            print(json.dumps(row), flush=True)
    return rows


def markdown(report: dict) -> str:
    names = ["raw CTranslate2", "mt translate", "mt translate --format jsonl"]
    lines = [
        "# Whole processes: raw CTranslate2 against mt translate, text and JSONL, and plain transformers",
        "",
        f"Command: `{report['command']}`; {report['rounds']} interleaved rounds, medians of wall time, the largest",
        "peak RSS; bundled model, mt's CTranslate2 conversion, beam 4, newstest2019's German, this machine's CPUs "
        f"({os.cpu_count()}).",
        "",
        "| input | raw CT2 s | mt text s | ÷ raw | mt JSONL s | ÷ text | transformers s | ÷ mt text | raw MB | "
        "text MB | JSONL MB | transformers MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["rows"]:
        raw, text, jsonl = (row[n] for n in names)
        peer = row.get("plain transformers")
        lines.append(
            f"| {row['input']} | {raw['wall_s']} | {text['wall_s']} | {text['wall_s'] / raw['wall_s']:.2f} | "
            f"{jsonl['wall_s']} | {jsonl['wall_s'] / text['wall_s']:.2f} | "
            + (f"{peer['wall_s']} | {peer['wall_s'] / text['wall_s']:.1f} | " if peer else "– | – | ")
            + f"{raw['peak_rss_mb']} | {text['peak_rss_mb']} | {jsonl['peak_rss_mb']} | "
            + (f"{peer['peak_rss_mb']} |" if peer else "– |")
        )
    lines += [
        "",
        "Throughput relative to raw CTranslate2 is the inverse of `÷ raw` (#36's goals: ≥ 0.8 at 500 lines, ≥ 0.9 at",
        "2,000; JSONL ≤ 1.3 × text; text within 1.3 × raw's peak memory, JSONL within 650 MB; mt ≥ 3 × faster than",
        "every peer: `÷ mt text` ≥ 3).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--sizes", default="1,10,100,500,2000", help="lines per input (default 1,10,100,500,2000)")
    parser.add_argument("--peer-up-to", type=int, default=500, help="run the peer on inputs of up to N lines")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "process-cpu")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    sizes = [int(s) for s in args.sizes.split(",")]
    report = {"command": " ".join(["eval/process_speed.py", *sys.argv[1:]]), "rounds": args.rounds}
    report["rows"] = measure(sizes, args.rounds, args.peer_up_to)
    args.out.with_suffix(".json").write_text(json.dumps(report | {"code": state}, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(markdown(report) + "\n" + source_line(state) + "\n")


if __name__ == "__main__":
    main()
