"""``mt eval`` and ``mt bench``: scores with signatures and CIs, and the model × engine × beam grid."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from mt.cli.common import EXIT_OK, Commands, Loaded, command, positive

EVAL_DESCRIPTION = (
    "Score line-aligned hypothesis files against references with sacreBLEU. Every score comes\n"
    "with its sacreBLEU signature and a 95 % bootstrap confidence interval. With several --hyp,\n"
    "systems are ranked and each is compared with the first by a paired significance test.\n"
    "With --testset and no --hyp, the test set's source is translated with --model first."
)

EVAL_EXAMPLES = (
    "examples:\n"
    "  mt eval --hyp out.en --ref ref.en\n"
    "  mt eval --hyp beam1.en --hyp beam4.en --testset newstest2019      # paired bootstrap\n"
    "  mt eval --testset lavrov-talks --model models/marian-de-en-compact\n"
    "  mt eval --hyp out.en --ref ref.en --segments scores.jsonl --json\n\n"
    "test sets: mt/evaluation/data/testsets.toml (newstest2019-2021, generaltest2022/2023, flores200-devtest,\n"
    "tatoeba, lavrov-talks); sacreBLEU names such as wmt19 work where the network allows"
)

BENCH_DESCRIPTION = (
    "Translate a test set with each model, then report BLEU and chrF (with 95 % CIs), sentences/s,\n"
    "target tokens/s, wall time and peak memory. Writes a Markdown table, a JSON file and a PNG\n"
    "plot of quality against speed under eval/results/, stating the machine, thread count and\n"
    "library versions. --limit samples the first N segments and the report says so."
)

BENCH_EXAMPLES = "example:\n  mt bench --model models/marian-de-en-compact --testset newstest2019 --beam 4"


def add_eval(commands: Commands) -> None:
    p = command(
        commands,
        "eval",
        "score translations against references (BLEU, chrF, chrF++, TER) and compare systems",
        EVAL_DESCRIPTION,
        EVAL_EXAMPLES,
    )
    p.add_argument(
        "--hyp",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="hypotheses, one segment per line (repeatable)",
    )
    p.add_argument(
        "--ref",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="references (repeatable: several references)",
    )
    p.add_argument("--testset", metavar="NAME", help="a named test set instead of --ref")
    p.add_argument("--model", help="model to translate the test set with when no --hyp is given")
    p.add_argument("--beam", type=positive, default=4, metavar="K", help="beam size for --model (default 4)")
    p.add_argument("--limit", type=positive, metavar="N", help="score only the first N segments (said in the output)")
    p.add_argument("--metrics", default="bleu,chrf,chrf++,ter", help="comma-separated (default bleu,chrf,chrf++,ter)")
    p.add_argument(
        "--bootstrap",
        type=positive,
        default=1000,
        metavar="N",
        help="bootstrap resamples for the 95%% CI (default 1000; 1: none)",
    )
    p.add_argument(
        "--paired",
        choices=["bs", "ar"],
        default="bs",
        help="paired test for several systems: bootstrap resampling (bs, default) or approximate randomization (ar)",
    )
    p.add_argument("--segments", type=Path, metavar="FILE", help="write segment-level scores to this JSONL file")
    p.add_argument("--json", action="store_true", help="print the report as JSON instead of a table")
    p.set_defaults(handler=_eval)


def add_bench(commands: Commands) -> None:
    p = command(
        commands, "bench", "compare models on quality and speed on a test set", BENCH_DESCRIPTION, BENCH_EXAMPLES
    )
    p.add_argument("--model", action="append", required=True, help="model id or folder (repeatable)")
    p.add_argument("--testset", required=True, metavar="NAME", help="test set name (see mt eval --help)")
    p.add_argument(
        "--beam",
        type=positive,
        action="append",
        metavar="K",
        help="beam size (repeatable: one run per beam; default 4)",
    )
    p.add_argument("--limit", type=positive, metavar="N", help="only the first N segments")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda ...")
    p.add_argument("--threads", type=positive, metavar="N", help="CPU threads")
    p.add_argument(
        "--backend",
        action="append",
        choices=["auto", "transformers", "ctranslate2"],
        help="decoding engine (repeatable: one run per engine; default auto)",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("eval/results"),
        metavar="DIR",
        help="folder for the reports: Markdown, JSON, PNG, hypotheses (default eval/results)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON report instead of the Markdown table")
    p.set_defaults(handler=_bench)


def _eval(args: argparse.Namespace, translator: Loaded) -> int:
    from mt.app.scoring import EvalRequest, eval_table, evaluate

    request = EvalRequest(
        hypotheses=args.hyp,
        references=args.ref,
        testset=args.testset,
        translate=bool(args.model),
        limit=args.limit,
        metrics=[m.strip() for m in args.metrics.split(",") if m.strip()],
        bootstrap=args.bootstrap,
        paired=args.paired,
        segments=args.segments,
    )
    from mt.app import TranslatorSpec
    from mt.translate.options import DecodingOptions

    report = evaluate(request, translator or TranslatorSpec(args.model, options=DecodingOptions(beam_size=args.beam)))
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else eval_table(report))
    return EXIT_OK


def _bench(args: argparse.Namespace, translator: Loaded) -> int:
    from mt.app.benchmarking import BenchRequest, run_bench

    request = BenchRequest(
        args.model,
        args.testset,
        args.backend or ["auto"],
        args.beam or [4],
        args.limit,
        args.device,
        args.threads,
        args.output,
    )

    def announce(result: Any) -> None:
        print(
            f"mt: {result.label}: BLEU {result.bleu} ± {result.bleu_ci95}, chrF {result.chrf}, "
            f"{result.tokens_per_s} tokens/s, {result.wall_s} s",
            file=sys.stderr,
        )

    # An injected translator (tests) stands for the one model asked for, on its own engine.
    load = (lambda spec: translator) if translator is not None else (lambda spec: spec())
    report = run_bench(request, load=load, on_result=announce)
    print(report.paths["json"].read_text(encoding="utf-8") if args.json else report.markdown)
    print("written: " + ", ".join(str(p) for p in report.paths.values()), file=sys.stderr)
    return EXIT_OK
