"""Throughput of the decoding engines, side by side in one run, with ratios against plain transformers fp32.

    .venv/bin/python eval/bench_speed.py [--sentences 500] [--beam 4] [--device cpu] [--out eval/results/speed-cpu]

Two models:
- the bundled compact model on newstest2019 sentences: target tokens/s, sentences/s, peak memory and BLEU
  for each engine, and the share of outputs identical to the transformers fp32 ones;
- a model of Helsinki-NLP/opus-mt-de-en's exact shape (6+6 layers, d_model 512, 8 heads, FFN 2048,
  vocabulary 58,101) with random weights built here, decoding forced to a fixed output length
  (``--fixed-length``, default 40 tokens), so that speed at full size is known without its weights.

Then the cost of the mt pipeline itself: the default engine (ctranslate2) through ``Translator.translate_sentences``
and through the whole ``mt translate`` path (reading, sentence splitting, batching, writing) against calling
CTranslate2's ``translate_batch`` directly with the same settings on the same sentences.

Then many small articles against one big file: 100 articles of 5 newstest2020 sentences as a folder of 100
files and as one JSONL file of the same 100 documents, through ``mt translate`` (``BatchRunner``), with the
default grouping of files (sentences of several files share batches) and with one group per file (the
earlier behaviour) as the baseline.

Every engine translates the same sentences with the same beam; runs are sequential in one process.
``--sections`` picks what to run (default: all).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import sacrebleu

from mt.evaluation.benchmark import PeakMemory, machine
from mt.evaluation.provenance import add_allow_dirty, committed_source, source_line
from mt.evaluation.testsets import load
from mt.formats.files import atomic_write
from mt.pipeline.plan import plan_jobs
from mt.pipeline.runner import GROUP_CHARS, BatchRunner
from mt.translate.options import DecodingOptions
from mt.translate.results import TranslationStats
from mt.translate.translator import Translator

ROOT = Path(__file__).resolve().parent.parent

BUNDLED = ROOT / "models" / "marian-de-en-compact"
OPUS_SHAPE = dict(
    d_model=512,
    encoder_layers=6,
    decoder_layers=6,
    encoder_attention_heads=8,
    decoder_attention_heads=8,
    encoder_ffn_dim=2048,
    decoder_ffn_dim=2048,
    vocab_size=58101,
)


def engines(device: str) -> list[tuple[str, str, bool]]:
    """(label, backend, quantize) in the order they run; the first is the baseline."""
    if device == "cpu":
        return [
            ("transformers fp32", "transformers", False),
            ("transformers int8-dynamic", "transformers", True),
            ("ctranslate2 int8", "ctranslate2", False),
        ]
    return [("transformers fp32", "transformers", False), ("ctranslate2 float16", "ctranslate2", False)]


def opus_shaped_model(folder: Path) -> Path:
    """A Marian model of opus-mt-de-en's shape with random weights, sharing the compact model's tokenizer."""
    import torch
    from transformers import MarianConfig, MarianMTModel

    config = MarianConfig.from_pretrained(BUNDLED)
    for key, value in OPUS_SHAPE.items():
        setattr(config, key, value)
    config.decoder_vocab_size = OPUS_SHAPE["vocab_size"]
    config.pad_token_id = config.decoder_start_token_id = OPUS_SHAPE["vocab_size"] - 1
    torch.manual_seed(0)
    model = MarianMTModel(config).eval()
    model.save_pretrained(folder)
    for name in ("source.spm", "target.spm", "tokenizer_config.json"):
        shutil.copy(BUNDLED / name, folder / name)
    vocab = json.loads((BUNDLED / "vocab.json").read_text())
    pad_token = next(t for t, i in vocab.items() if i == 16000)
    del vocab[pad_token]
    vocab.update({f"<extra_{i}>": i for i in range(16000, OPUS_SHAPE["vocab_size"] - 1)})
    vocab[pad_token] = OPUS_SHAPE["vocab_size"] - 1
    (folder / "vocab.json").write_text(json.dumps(vocab))
    return folder


def measure(translator: Translator, sentences: list[str]) -> tuple[dict, list[str]]:
    translator.translate_sentences(sentences[:8])  # warm-up: first-call allocations, not the steady state
    with PeakMemory() as memory:
        started = time.perf_counter()
        outputs = translator.translate_sentences(sentences)
        wall = time.perf_counter() - started
    tokens = sum(o.target_tokens for o in outputs)
    return {
        "wall_s": round(wall, 2),
        "target_tokens": tokens,
        "tokens_per_s": round(tokens / wall, 1),
        "sentences_per_s": round(len(sentences) / wall, 2),
        "peak_rss_mb": round(memory.peak_mb, 1),
    }, [o.translation for o in outputs]


def run_model(
    name: str,
    path: Path,
    sentences: list[str],
    references: list[str] | None,
    options: DecodingOptions,
    device: str,
    threads: int | None,
) -> list[dict]:
    rows, baseline, baseline_outputs = [], None, None
    for label, backend, quantize in engines(device):
        translator = Translator(
            str(path), device=device, threads=threads, backend=backend, quantize=quantize, options=options
        )
        row, outputs = measure(translator, sentences)
        row = {"model": name, "engine": label} | row
        if references is not None:
            row["bleu"] = round(sacrebleu.corpus_bleu(outputs, [references]).score, 2)
        if baseline is None:
            baseline, baseline_outputs = row, outputs
        row["speedup"] = round(row["tokens_per_s"] / baseline["tokens_per_s"], 2)
        row["same_output"] = round(sum(a == b for a, b in zip(outputs, baseline_outputs)) / len(outputs), 3)
        rows.append(row)
        print(json.dumps(row), flush=True)
    return rows


def pipeline_overhead(sentences: list[str], beam: int, device: str, threads: int | None, rounds: int = 3) -> dict:
    """tokens/s of the default engine (ctranslate2) through mt, against translate_batch called directly.

    Three paths on the same sentences with one loaded model, interleaved for ``rounds`` rounds (the
    machine is shared: one round alone swings by 10 %); each reports its median round.
    """
    translator = Translator(
        str(BUNDLED), device=device, threads=threads, options=DecodingOptions(beam_size=beam, repair=False)
    )
    engine, tokenizer = translator.backend.translator, translator.tokenizer
    tokens = [tokenizer.convert_ids_to_tokens(tokenizer.encode(s)) for s in sentences]
    runs: dict[str, list[dict]] = {"direct_translate_batch": [], "through_mt": [], "end_to_end": []}
    with tempfile.TemporaryDirectory() as tmp:
        warm_up(translator, Path(tmp))
        source = Path(tmp) / "in" / "sentences.txt"
        source.parent.mkdir()
        source.write_text("\n\n".join(sentences) + "\n", encoding="utf-8")
        for _ in range(rounds):
            started = time.perf_counter()
            results = engine.translate_batch(
                tokens,
                beam_size=beam,
                max_batch_size=translator.backend.sub_batch,
                batch_type="examples",
                max_input_length=0,
                max_decoding_length=256,
                min_decoding_length=0,
                length_penalty=1.0,
            )
            wall = time.perf_counter() - started
            direct_tokens = sum(len(r.hypotheses[0]) for r in results)
            runs["direct_translate_batch"].append(
                {
                    "wall_s": round(wall, 2),
                    "target_tokens": direct_tokens,
                    "tokens_per_s": round(direct_tokens / wall, 1),
                }
            )
            runs["through_mt"].append(measure(translator, sentences)[0])
            runs["end_to_end"].append(through_batch_runner(translator, [source], Path(tmp) / "out"))
    report = {name: sorted(rows, key=lambda r: r["tokens_per_s"])[len(rows) // 2] for name, rows in runs.items()}
    direct = report["direct_translate_batch"]["tokens_per_s"]
    report["share"] = round(report["through_mt"]["tokens_per_s"] / direct, 3)
    report["end_to_end"]["share"] = round(report["end_to_end"]["tokens_per_s"] / direct, 3)
    report["rounds"] = rounds
    return report


def through_batch_runner(
    translator: Translator, inputs: list[Path], out: Path, group_chars: int = GROUP_CHARS, output_format: str = "text"
) -> dict:
    """``mt translate INPUTS -o OUT`` in this process: wall time and target tokens/s of the whole run."""
    jobs = plan_jobs([str(i) for i in inputs], out, output_format)
    translator.stats = TranslationStats()
    started = time.perf_counter()
    runner = BatchRunner(translator, output_format=output_format, progress=False, force=True, group_chars=group_chars)
    summary = runner.run(jobs)
    wall = time.perf_counter() - started
    assert summary.ok, summary.failed
    tokens = summary.stats.target_tokens
    return {"wall_s": round(wall, 2), "target_tokens": tokens, "tokens_per_s": round(tokens / wall, 1)}


def warm_up(translator: Translator, folder: Path) -> None:
    """First-call costs out of the way: the engine, the sentence splitter, the checker (JSONL flags)."""
    sample = folder / "warm-up.jsonl"
    sample.write_text(json.dumps({"id": 1, "text": "Der Zug fährt ab. Er ist pünktlich."}) + "\n", encoding="utf-8")
    through_batch_runner(translator, [sample], folder / "warm-up-out")


def small_articles(
    beam: int, device: str, threads: int | None, articles: int = 100, lines: int = 5, rounds: int = 3
) -> dict:
    """A folder of small articles against one JSONL file of the same documents, and per-file batching.

    JSONL output carries the checker's flags, so the folder is also run with ``--format jsonl``: the same
    work as the JSONL file. The baseline is one group per file (each file batched on its own, as before).
    The four runs are interleaved for ``rounds`` rounds; each reports its median round.
    """
    testset = load("newstest2020")
    translator = Translator(str(BUNDLED), device=device, threads=threads, options=DecodingOptions(beam_size=beam))
    texts = ["\n\n".join(testset.source[i * lines : (i + 1) * lines]) + "\n" for i in range(articles)]
    jsonl = "one JSONL file (JSONL out, with flags)"
    runs: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        warm_up(translator, Path(tmp))
        folder, feed = Path(tmp) / "articles", Path(tmp) / "feed" / "articles.jsonl"
        folder.mkdir()
        feed.parent.mkdir()
        for i, text in enumerate(texts):
            (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")
        feed.write_text(
            "".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts))
        )
        configurations = {
            jsonl: ([feed], {}),
            "folder, --format jsonl (with flags)": ([folder], {"output_format": "jsonl"}),
            "folder (text out)": ([folder], {}),
            "folder (text out), one group per file: before": ([folder], {"group_chars": 1}),
        }
        for _ in range(rounds):
            for name, (inputs, options) in configurations.items():
                row = through_batch_runner(translator, inputs, Path(tmp) / "out", **options)
                runs.setdefault(name, []).append(row)
    rows = {name: sorted(found, key=lambda r: r["tokens_per_s"])[len(found) // 2] for name, found in runs.items()}
    for row in rows.values():
        row["share_of_jsonl"] = round(row["tokens_per_s"] / rows[jsonl]["tokens_per_s"], 3)
    print(json.dumps(rows), flush=True)
    return {"articles": articles, "lines": lines, "engine": translator.backend.name, "rounds": rounds, "runs": rows}


def markdown(report: dict) -> str:
    info = report["machine"]
    lines = [
        f"# Decoding speed: {report['sentences']} newstest2019 sentences, beam {report['beam']}, device {report['device']}",
        "",
        f"Machine: {info['processor']}, {info['cpus']} CPUs, torch threads {info['torch_threads']}"
        + (f", GPU {info['gpu']}" if "gpu" in info else "")
        + f"; torch {info['torch']}, transformers {info['transformers']}. One process, engines run one after another,"
        " each after a warm-up of 8 sentences. Speed-up: target tokens/s against transformers fp32 of the same model.",
        "",
        "| model | engine | target tok/s | speed-up | sent/s | wall s | peak RSS MB | BLEU | same output as fp32 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["runs"]:
        lines.append(
            f"| {r['model']} | {r['engine']} | {r['tokens_per_s']} | {r['speedup']}× | {r['sentences_per_s']} "
            f"| {r['wall_s']} | {r['peak_rss_mb']} | {r.get('bleu', '–')} | {r['same_output']:.1%} |"
        )
    if "pipeline" in report:
        o = report["pipeline"]
        e = o["end_to_end"]
        lines += [
            "",
            f"Pipeline cost (compact model, ctranslate2 int8, the default engine), same sentences, one process, "
            f"median of {o['rounds']} interleaved rounds:",
            "",
            "| path | target tok/s | share of translate_batch |",
            "|---|---|---|",
            f"| CTranslate2 `translate_batch` directly | {o['direct_translate_batch']['tokens_per_s']} | 100% |",
            f"| `Translator.translate_sentences` | {o['through_mt']['tokens_per_s']} | {o['share']:.1%} |",
            f"| `mt translate` (read, split, translate, write) | {e['tokens_per_s']} | {e['share']:.1%} |",
        ]
    if "small_articles" in report:
        s = report["small_articles"]
        lines += [
            "",
            f"Many small articles ({s['articles']} articles of {s['lines']} newstest2020 sentences, {s['engine']}, "
            f"beam {report['beam']}) through `mt translate`, median of {s['rounds']} interleaved rounds:",
            "",
            "| input | target tok/s | wall s | share of the JSONL throughput |",
            "|---|---|---|---|",
        ]
        for name, row in s["runs"].items():
            lines.append(f"| {name} | {row['tokens_per_s']} | {row['wall_s']} | {row['share_of_jsonl']:.1%} |")
    lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sentences", type=int, default=500, help="newstest2019 sentences for the compact model")
    parser.add_argument("--opus-sentences", type=int, default=128, help="sentences for the opus-mt-shaped model")
    parser.add_argument("--fixed-length", type=int, default=40, help="output tokens forced on the opus-mt-shaped model")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int)
    parser.add_argument(
        "--sections",
        default="engines,pipeline,small-articles",
        help="comma-separated: engines (the engine table), pipeline, small-articles (default: all)",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "eval" / "results" / "speed-cpu", help="stem of the .md and .json"
    )
    add_allow_dirty(parser)
    args = parser.parse_args()
    state = committed_source(args.allow_dirty)

    testset = load("newstest2019").head(args.sentences)
    sections = set(args.sections.split(","))
    report = {"sentences": args.sentences, "beam": args.beam, "device": args.device, "machine": machine(), "runs": []}
    if "engines" in sections:
        run_engines(report, testset, args)
    if "pipeline" in sections:
        report["pipeline"] = pipeline_overhead(testset.source, args.beam, args.device, args.threads)
        print(json.dumps(report["pipeline"]), flush=True)
    if "small-articles" in sections:
        report["small_articles"] = small_articles(args.beam, args.device, args.threads)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(args.out.with_suffix(".json"), json.dumps(report | {"code": state}, indent=2) + "\n")
    atomic_write(args.out.with_suffix(".md"), markdown(report) + "\n" + source_line(state) + "\n")
    print(markdown(report))


def run_engines(report: dict, testset, args: argparse.Namespace) -> None:
    """Every engine on the compact model and on a model of opus-mt-de-en's shape."""
    report["runs"] += run_model(
        "marian-de-en-compact",
        BUNDLED,
        testset.source,
        testset.references[0],
        DecodingOptions(beam_size=args.beam),
        args.device,
        args.threads,
    )
    with tempfile.TemporaryDirectory() as tmp:
        shaped = opus_shaped_model(Path(tmp) / "opus-mt-de-en-shape")
        fixed = DecodingOptions(
            beam_size=args.beam, max_length_ratio=0.0, min_output_tokens=args.fixed_length, repair=False
        )
        report["runs"] += run_model(
            f"opus-mt-de-en shape (random, {args.fixed_length} tokens)",
            shaped,
            testset.source[: args.opus_sentences],
            None,
            fixed,
            args.device,
            args.threads,
        )


if __name__ == "__main__":
    main()
