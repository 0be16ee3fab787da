"""The ``mt`` command line: a thin layer over the library."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import warnings
from pathlib import Path

from mt import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    warnings.showwarning = _one_line_warning
    from mt.fileio import InputError
    from mt.models import ModelError

    try:
        return args.handler(args)
    except (ModelError, InputError) as err:
        print(f"mt: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mt: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mt",
        description="German→English machine translation with MarianMT, for newsroom batches.",
        epilog="Run 'mt COMMAND --help' for the options of each command.",
    )
    parser.add_argument("--version", action="version", version=f"mt {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_translate(commands)
    _add_models(commands)
    return parser


def _add_translate(commands) -> None:
    p = commands.add_parser(
        "translate",
        help="translate German files, folders, JSONL or stdin to English",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Translate German text to English, sentence by sentence, keeping paragraphs.\n\n"
            "Inputs: .txt and other plain text, .md (markup kept), .jsonl (one object per line\n"
            'with a "text" field and an optional "id"), a folder (searched for .txt, .md and\n'
            ".jsonl), or - for stdin. One input goes to stdout; several need -o DIR, which\n"
            "mirrors the input tree. A rerun with the same -o skips documents already translated\n"
            "from the same input with the same model and settings; --force redoes them."
        ),
        epilog=(
            "examples:\n"
            "  mt translate seeds/lavrov-talks.de.txt\n"
            "  mt translate articles/ -o english/ --beam 4\n"
            "  mt translate feed.jsonl -o out/            # out/feed.jsonl: id, translation, sentences\n"
            "  echo 'Guten Morgen.' | mt translate -\n"
            "  mt translate article.txt --format jsonl    # per-sentence alignment and metadata\n\n"
            "exit status: 0 all done, 1 some inputs failed (the others were written),\n"
            "2 bad usage or model, 130 interrupted (finished outputs are kept: rerun to resume)"
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, folder, or - for stdin")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="output folder (needed for several inputs)")
    p.add_argument(
        "--model",
        help="Hugging Face id or model folder (default: Helsinki-NLP/opus-mt-de-en if it can be loaded, "
        "else the bundled models/marian-de-en-compact)",
    )
    p.add_argument("--beam", type=int, default=4, metavar="K", help="beam size (default 4; 1 is greedy and fastest)")
    p.add_argument("--device", default="auto", help="auto (CUDA if present, else CPU), cpu, cuda, cuda:1 ...")
    p.add_argument("--threads", type=int, metavar="N", help="CPU threads for torch (default: torch's choice)")
    p.add_argument(
        "--format",
        choices=["text", "jsonl"],
        default="text",
        help="text: the English text; jsonl: one object per document with the translation, per-sentence "
        "alignment (source span, source, translation) and metadata (model, decoding settings)",
    )
    p.add_argument(
        "--input-format",
        choices=["auto", "text", "md", "jsonl"],
        default="auto",
        help="how to read inputs (default: by file extension; stdin is text)",
    )
    p.add_argument(
        "--paragraphs",
        choices=["blank", "line"],
        default="blank",
        help="blank: paragraphs are separated by blank lines (default); line: every line is a paragraph "
        "(for line-aligned files such as test sets)",
    )
    p.add_argument(
        "--max-input-tokens",
        type=int,
        default=128,
        metavar="N",
        help="cut longer sentences at clause boundaries and translate each piece (default 128; 0 or less: the model's limit)",
    )
    p.add_argument("--batch-tokens", type=int, default=4096, metavar="N", help="padded source tokens per batch (default 4096)")
    p.add_argument(
        "--no-repair",
        action="store_true",
        help="keep degenerate outputs (repetition loops, runaway length) instead of re-decoding them",
    )
    p.add_argument("--force", action="store_true", help="translate again even where an up-to-date output exists")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    p.set_defaults(handler=_translate)


def _add_models(commands) -> None:
    p = commands.add_parser("models", help="list bundled and locally cached models")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_models)


def _translate(args) -> int:
    from mt.batch import BatchRunner, plan_jobs
    from mt.translator import DecodingOptions, Translator

    if args.beam < 1:
        raise SystemExit("mt translate: error: --beam must be at least 1")
    jobs = plan_jobs(args.inputs, args.output, args.format, args.input_format)
    options = DecodingOptions(
        beam_size=args.beam,
        max_input_tokens=args.max_input_tokens if args.max_input_tokens > 0 else None,
        batch_tokens=args.batch_tokens,
        repair=not args.no_repair,
    )
    translator = Translator(args.model, device=args.device, threads=args.threads, options=options)
    runner = BatchRunner(
        translator,
        output_format=args.format,
        paragraphs=args.paragraphs,
        force=args.force,
        progress=False if args.quiet else None,
    )
    signal.signal(signal.SIGTERM, _interrupt)
    summary = runner.run(jobs)
    if not args.quiet or summary.interrupted:
        print(_summary_line(summary, translator), file=sys.stderr)
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_OK if summary.ok else EXIT_FAILED


def _summary_line(summary, translator) -> str:
    s = summary.stats
    parts = [f"{summary.translated} document{'s' * (summary.translated != 1)} translated"]
    if summary.skipped:
        parts.append(f"{summary.skipped} skipped (up to date)")
    if summary.failed:
        parts.append(f"{len(summary.failed)} failed")
    details = [f"{s.sentences} sentences"]
    for count, what in (
        (s.passed_through, "passed through"),
        (s.split_sentences, "cut at clauses"),
        (s.retries, "re-decoded"),
        (s.repaired, "repeats collapsed"),
    ):
        if count:
            details.append(f"{count} {what}")
    line = (
        f"mt: {', '.join(parts)}; {', '.join(details)}; {s.target_tokens} target tokens in {s.seconds:.1f} s "
        f"({s.tokens_per_second:.0f} tokens/s); model {translator.name}, beam {translator.options.beam_size}, "
        f"{translator.device}"
    )
    if summary.interrupted:
        line += "\nmt: interrupted: finished outputs are kept; run the same command again to resume"
    return line


def _models(args) -> int:
    from mt.models import DEFAULT_MODEL, bundled_models, cached_models

    models = bundled_models() + cached_models()
    if args.json:
        print(json.dumps([{"name": m.name, "source": m.source, "path": str(m.path)} for m in models], indent=2))
        return EXIT_OK
    width = max((len(m.name) for m in models), default=10)
    for m in models:
        print(f"{m.name:<{width}}  {m.source:<8}  {m.path}")
    if not any(m.name == DEFAULT_MODEL for m in models):
        print(f"\n(default {DEFAULT_MODEL} is not cached: it is downloaded when the hub can be reached, "
              "else the bundled model is used)")
    return EXIT_OK


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _one_line_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"mt: warning: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
