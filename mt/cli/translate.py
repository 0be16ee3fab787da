"""``mt translate``: files, folders, JSONL, Parquet, stdin or an inbox, to English."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mt.cli.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Commands,
    Loaded,
    UsageError,
    command,
    engine_options,
    fraction,
    interrupt,
    positive,
    translator_spec,
)
from mt.pipeline.runner import GROUP_CHARS

if TYPE_CHECKING:
    from mt.app.translation import TranslateRequest
    from mt.pipeline.runner import BatchRunner, BatchSummary
    from mt.translate.spec import TranslatorSource

LOCAL_RAY = "local"  # --ray without an address: a Ray started here


DESCRIPTION = (
    "Translate German text to English, sentence by sentence, keeping paragraphs.\n\n"
    "Inputs: .txt and other plain text; .md, .html, .docx and .xlf/.xliff (written back in\n"
    "their format, links, emphasis, runs and XLIFF's inline codes in place); .jsonl (one\n"
    'object per line with a "text" field and an optional "id"); .parquet (id and text\n'
    "columns; others are carried through); a folder (searched for all of these); or - for\n"
    "stdin. One input goes to stdout; several (and Parquet and Word) need -o DIR, which\n"
    "mirrors the input tree. A rerun\n"
    "with the same -o skips documents already translated from the same input with the same\n"
    "model and settings; --force redoes them."
)

EXAMPLES = (
    "examples:\n"
    "  mt translate seeds/lavrov-talks.de.txt\n"
    "  mt translate articles/ -o english/ --beam 4\n"
    "  mt translate feed.jsonl -o out/            # out/feed.jsonl: id, translation, sentences\n"
    "  echo 'Guten Morgen.' | mt translate -\n"
    "  mt translate article.txt --format jsonl    # per-sentence alignment and metadata\n"
    "  mt translate article.txt --format xliff > article.xlf   # for a CAT tool\n"
    '  mt translate page.html -o english/          # the page, its markup in place, lang="en"\n'
    "  curl -s https://example.org/a | mt translate - --format html > a.en.html\n"
    "  mt translate articles/ -o english/ --glossary terms.tbx --tm memory.tmx\n"
    "  mt translate --watch inbox/ -o outbox/      # an inbox: each article as it arrives\n\n"
    "exit status: 0 all done, 1 some inputs failed (the others were written),\n"
    "2 bad usage or model, 130 interrupted (finished outputs are kept: rerun to resume)"
)


def add_translate(commands: Commands) -> None:
    p = command(
        commands,
        "translate",
        "translate German files, folders, JSONL or stdin to English",
        DESCRIPTION,
        EXAMPLES,
        parents=[engine_options()],
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="file, folder, or - for stdin")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="DIR",
        help="output folder, mirroring the inputs (needed for several inputs; without it: stdout)",
    )
    p.add_argument(
        "--format",
        choices=["text", "jsonl", "xliff", "html", "md"],
        default="text",
        help="text: the English text (an HTML or Markdown input: the document in its format); html, md: read the "
        "inputs (stdin too) as HTML or Markdown and write them back so; jsonl: one object per document with the "
        "translation, per-sentence "
        "alignment (source span, source, translation, confidence, flags) and metadata (model, decoding "
        "settings); xliff: an XLIFF 1.2 file (.xlf) for CAT tools, a unit per sentence with its confidence and "
        "flags as notes, machine output marked needs-review-translation",
    )
    p.add_argument(
        "--json",
        action="store_const",
        const="jsonl",
        dest="format",
        help="the same as --format jsonl (JSON for machines, as --json in the other commands)",
    )
    p.add_argument(
        "--source",
        choices=["de", "auto"],
        default="de",
        help="de: the inputs are German, and an article clearly in another language is skipped with a line naming "
        "it (default); auto: the same, and JSONL says each article's language",
    )
    p.add_argument(
        "--input-format",
        choices=["auto", "text", "md", "html", "docx", "xliff", "jsonl", "parquet"],
        default="auto",
        help="how to read inputs (default: by file extension; stdin is text)",
    )
    p.add_argument(
        "--extract",
        action="store_true",
        help="of an HTML page, translate only its article (headline, text, links and emphasis: trafilatura) and "
        "write it as Markdown with the page's title, author, date and address in front matter (with --format "
        "jsonl: as fields of the record), as media monitoring wants it",
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
    p.add_argument(
        "--batch-tokens",
        type=positive,
        default=4096,
        metavar="N",
        help="padded source tokens per batch (default 4096)",
    )
    p.add_argument(
        "--translate-all-sentences",
        action="store_true",
        help="translate every sentence, also those clearly in another language (by default a German article's "
        "English quote, say, is kept as it is and marked origin: kept in JSONL)",
    )
    p.add_argument(
        "--no-repair",
        action="store_true",
        help="keep degenerate outputs (repetition loops, runaway length) instead of re-decoding them",
    )
    p.add_argument(
        "--fix",
        action="store_true",
        help="before translating, apply the checker's safe corrections of form: spacing, punctuation, "
        "boilerplate removal, spelled-out umlauts, doubled words (see mt check, mt fix); plain text, JSONL and Parquet "
        "only: a document with markup is translated as it is",
    )
    p.add_argument("--force", action="store_true", help="translate again even where an up-to-date output exists")
    p.add_argument(
        "--group-chars",
        type=positive,
        default=GROUP_CHARS,
        metavar="N",
        help=f"input characters whose sentences share batches, across files (default {GROUP_CHARS:,}); smaller groups "
        "lose less work to a kill and write outputs sooner, larger ones batch better",
    )
    p.add_argument(
        "--redecode-below",
        type=fraction,
        metavar="C",
        help="translate sentences whose confidence is below C (0-1) again with beam 8 and keep the output the "
        "model scores higher (off by default; what it gains and costs: docs/english-qa.md)",
    )
    p.add_argument(
        "--glossary",
        type=Path,
        metavar="FILE",
        help="enforce terms: a TBX termbase (.tbx) or a TSV of German<TAB>English[<TAB>English plural[<TAB>note]]; "
        "every inflected form of the German word gets the English term (a plural form its plural)",
    )
    p.add_argument(
        "--glossary-method",
        choices=("placeholder", "inject"),
        default="placeholder",
        help="how terms reach the model (default placeholder; compared in eval/results/terms-newstest2019.md)",
    )
    p.add_argument(
        "--tm",
        type=Path,
        metavar="FILE",
        help="a translation memory (TMX, or the confirmed units of a post-edited XLIFF): sentences it holds (after "
        "normalising spaces and quotes) get its approved English instead of the model's; JSONL marks them origin: "
        "memory, and lists the memory's near matches (85%% similar or more) of other sentences as memory_matches",
    )
    cluster = p.add_argument_group("on a Ray cluster (pip install 'mt[cluster]'; see docs/scaling-out.md)")
    cluster.add_argument(
        "--ray",
        nargs="?",
        const=LOCAL_RAY,
        metavar="ADDRESS",
        help="translate in an actor pool of Ray Data: without ADDRESS on a Ray started here, with one (auto, "
        "ray://head:10001, head:6379) on that cluster; same inputs, outputs, manifest and bytes as the local path",
    )
    cluster.add_argument("--ray-actors", type=positive, default=2, metavar="N", help="actors (models) (default 2)")
    cluster.add_argument(
        "--ray-actor-cpus",
        type=float,
        default=1.0,
        metavar="C",
        help="CPUs per actor, fractions allowed (0.5: two actors share a core) (default 1)",
    )
    cluster.add_argument(
        "--ray-actor-gpus",
        type=float,
        metavar="G",
        help="GPUs per actor (default: 1 where the cluster has GPUs, else 0)",
    )
    p.add_argument(
        "--watch",
        type=Path,
        metavar="INBOX",
        help="an inbox: translate every article in this folder into -o OUTBOX, then each one that arrives "
        "(complete files: moved in, or unchanged for --settle seconds), once; prints a line per article; a "
        "restart goes on where it stopped; Ctrl-C stops",
    )
    p.add_argument(
        "--settle",
        type=float,
        default=1.0,
        metavar="S",
        help="with --watch: seconds a file must stay unchanged to count as complete (default 1)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    p.set_defaults(handler=_translate)


def _translate(args: argparse.Namespace, translator: Loaded) -> int:
    from mt.app.translation import TranslateRequest, summary_line, translate_inputs

    if bool(args.inputs) == bool(args.watch):
        raise UsageError("give the inputs, or an inbox with --watch INBOX (not both)")
    ray = None
    if args.ray is not None:
        if translator is not None:
            raise UsageError("--ray loads the model in each actor; it cannot use a model loaded here")
        from mt.pipeline.cluster import RayOptions

        address = None if args.ray == LOCAL_RAY else args.ray
        ray = RayOptions(address, args.ray_actors, args.ray_actor_cpus, args.ray_actor_gpus)
    output_format, input_format = args.format, args.input_format
    if output_format in ("html", "md"):  # the documents in their own format
        if input_format not in ("auto", output_format):
            raise UsageError(f"--format {output_format} reads the inputs as {output_format}, not {input_format}")
        output_format, input_format = "text", output_format
    request = TranslateRequest(
        args.inputs or [str(args.watch)],
        args.output,
        output_format,
        input_format,
        args.paragraphs,
        force=args.force,
        fix=args.fix,
        group_chars=args.group_chars,
        redecode_below=args.redecode_below,
        glossary=args.glossary,
        glossary_method=args.glossary_method,
        memory=args.tm,
        ray=ray,
        source=args.source,
        extract=args.extract,
    )
    spec = translator_spec(
        args,
        max_input_tokens=args.max_input_tokens if args.max_input_tokens > 0 else None,
        batch_tokens=args.batch_tokens,
        repair=not args.no_repair,
        keep_other_languages=not args.translate_all_sentences,
    )
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        if args.watch:
            summary, runner = _watch(request, translator or spec, args.settle)
        else:
            summary, runner = translate_inputs(request, translator or spec, progress=False if args.quiet else None)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not args.quiet or summary.interrupted:
        print(summary_line(summary, runner), file=sys.stderr)
    if args.watch:  # stopping is how a watcher ends
        return EXIT_OK if not summary.failed else EXIT_FAILED
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_OK if summary.ok else EXIT_FAILED


def _watch(request: TranslateRequest, translator: TranslatorSource, settle: float) -> tuple[BatchSummary, BatchRunner]:
    from mt.app.inbox import Inbox

    inbox = Inbox(
        request,
        translator,
        settle=settle,
        report=lambda line: print(f"mt: {line}", flush=True),
        on_error=lambda line: print(f"mt: error: {line}", file=sys.stderr, flush=True),
    )
    print(f"mt: watching {request.inputs[0]} (Ctrl-C stops)", file=sys.stderr, flush=True)
    return inbox.run(), inbox.runner
