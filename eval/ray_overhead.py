"""The Ray path against the local path on this machine, side by side in one run.

    .venv/bin/python eval/ray_overhead.py [--sentences 1000] [--out eval/results/ray-cpu]

The first 1000 sentences of newstest2019, as 50 articles of 20 sentences, translated by the bundled model
(CTranslate2 int8, beam 4) into a fresh folder each time, at equal cores (this machine's two):
- the local path (``mt translate -o``, two threads);
- ``--ray`` with one actor of two CPUs (two threads), and with two actors of one CPU each (one thread each).
Reported: the wall time of the whole run (for Ray: starting Ray, loading a model in each actor, and the
driver writing the outputs) and its ratio to the local path; the start-up (until the first article is
written) and the steady rate after it (articles per second from the first output to the last), whose
ratio says what the Ray path costs once running; the decoding time inside the translators. All runs
must write the same bytes (checked).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from mt.app.translation import TranslateRequest, make_runner
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.pipeline.cluster import RayOptions
from mt.pipeline.manifest import MANIFEST
from mt.pipeline.plan import plan_jobs
from mt.translate.spec import TranslatorSpec

ROOT = Path(__file__).resolve().parent.parent

BUNDLED = ROOT / "models" / "marian-de-en-compact"
PER_ARTICLE = 20


def run(source: Path, output: Path, threads: int, ray: RayOptions | None) -> dict:
    started = time.perf_counter()
    written: list[float] = []
    request = TranslateRequest([str(source)], output, group_chars=3_000, ray=ray)
    spec = TranslatorSpec(str(BUNDLED), threads=threads)
    runner = make_runner(request, spec, progress=False, on_written=lambda job, t: written.append(time.perf_counter()))
    summary = runner.run(plan_jobs([str(source)], output, "text"))
    wall = time.perf_counter() - started
    if ray is not None:
        import ray as ray_module

        ray_module.shutdown()
    assert summary.ok, summary.failed
    return {
        "wall_s": round(wall, 2),
        "decode_s": round(summary.stats.seconds, 2),
        "target_tokens": summary.stats.target_tokens,
        "tokens_per_s": round(summary.stats.target_tokens / wall, 1),
        "startup_s": round(written[0] - started, 2),
        "steady_articles_per_s": round((len(written) - 1) / (written[-1] - written[0]), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "results" / "ray-cpu")
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)
    lines = load("newstest2019").source[: args.sentences]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in"
        source.mkdir()
        for i in range(0, len(lines), PER_ARTICLE):
            (source / f"article-{i // PER_ARTICLE:03}.txt").write_text("\n\n".join(lines[i : i + PER_ARTICLE]) + "\n")
        configs = [
            ("local path, 2 threads", 2, None),
            ("Ray, 1 actor × 2 CPUs", 2, RayOptions(actors=1, cpus_per_actor=2)),
            ("Ray, 2 actors × 1 CPU", 1, RayOptions(actors=2, cpus_per_actor=1)),
        ]
        rows, outputs = [], []
        for name, threads, ray in configs:
            output = Path(tmp) / f"out-{len(rows)}"
            rows.append({"run": name} | run(source, output, threads, ray))
            outputs.append({p.name: p.read_bytes() for p in output.iterdir() if p.name != MANIFEST})
    base = rows[0]["wall_s"]
    steady = rows[0]["steady_articles_per_s"]
    for row in rows:
        row["wall_ratio"] = round(row["wall_s"] / base, 3)
        row["steady_ratio"] = round(steady / row["steady_articles_per_s"], 3)  # time per article ÷ local
    report = {
        "command": ".venv/bin/python eval/ray_overhead.py",
        "sentences": len(lines),
        "articles": len(outputs[0]),
        "same_bytes": all(o == outputs[0] for o in outputs),
        "rows": rows,
    }
    args.out.with_suffix(".json").write_text(json.dumps(report | {"code": state}, indent=2))
    args.out.with_suffix(".md").write_text(markdown(report) + "\n" + source_line(state) + "\n")
    print(markdown(report))


def markdown(r: dict) -> str:
    lines = [
        f"# The Ray path against the local path ({r['sentences']} newstest2019 sentences, {r['articles']} articles)",
        "",
        f"Command: `{r['command']}`. Bundled model, CTranslate2 int8, beam 4, this machine's 2 cores.",
        f"All runs wrote the same bytes: {'yes' if r['same_bytes'] else 'NO'}.",
        "",
        "| run | wall s | wall ÷ local | start-up s | articles/s after | time per article ÷ local | decoding s |"
        " tokens/s (wall) |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {x['run']} | {x['wall_s']} | {x['wall_ratio']} | {x['startup_s']} | {x['steady_articles_per_s']} | "
            f"{x['steady_ratio']} | {x['decode_s']} | {x['tokens_per_s']} |"
            for x in r["rows"]
        ),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
