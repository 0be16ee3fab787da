"""The ``mt`` command line: argument parsing and printing over :mod:`mt.app`."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import warnings
from pathlib import Path
from typing import Any

from mt.cli import accounts as cli_accounts
from mt.cli import exchange as cli_exchange
from mt.pipeline.batch import GROUP_CHARS
from mt.support.logs import LEVELS, configure
from mt.version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


LOCAL_RAY = "local"  # --ray without an address: a Ray started here


class UsageError(Exception):
    """Options that cannot work together; reported as one line, exit 2."""


def main(argv: list[str] | None = None, *, translator: Any = None) -> int:
    """Run ``mt`` with ``argv``; ``translator`` (a loaded :class:`mt.Translator`) replaces loading a model."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    configure(args.log_level, json=args.log_json)
    warnings.showwarning = _log_warning
    from mt.errors import MtError

    try:
        return int(args.handler(args, translator))
    except (MtError, UsageError) as err:
        print(f"mt: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("mt: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (mt ... | head): stop quietly
        sys.stderr.close()
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mt",
        description="German→English machine translation with MarianMT, for newsroom batches.",
        epilog="Run 'mt COMMAND --help' for the options of each command. In every command -o names where the "
        "output goes (a folder for translate and bench, a file for check and fix), --json prints JSON for "
        "machines, and --log-level/--log-json set what is logged on stderr.",
    )
    parser.add_argument("--version", action="version", version=f"mt {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)
    _add_translate(commands)
    _add_check(commands)
    _add_fix(commands)
    _add_qa(commands)
    _add_eval(commands)
    _add_bench(commands)
    _add_serve(commands)
    cli_accounts.add_parsers(commands)
    cli_exchange.add_parsers(commands)
    _add_train(commands)
    _add_models(commands)
    return parser


def _positive(text: str) -> int:
    """An argparse type: an integer of at least 1 (anything else is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _fraction(text: str) -> float:
    """An argparse type: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {value}")
    return value


class _Parser(argparse.ArgumentParser):
    """A sub-command parser with the options every command has (logging)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = self.add_argument_group("logging")
        group.add_argument(
            "--log-level",
            choices=LEVELS,
            default="warning",
            help="least severe messages shown on stderr (default warning)",
        )
        group.add_argument("--log-json", action="store_true", help="log one JSON object per line (for log collectors)")


def _add_translate(commands) -> None:
    p = commands.add_parser(
        "translate",
        help="translate German files, folders, JSONL or stdin to English",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Translate German text to English, sentence by sentence, keeping paragraphs.\n\n"
            "Inputs: .txt and other plain text, .md (markup kept), .jsonl (one object per line\n"
            'with a "text" field and an optional "id"), .parquet (id and text columns; others are\n'
            "carried through), a folder (searched for all of these), or - for stdin. One input goes\n"
            "to stdout; several (and Parquet) need -o DIR, which mirrors the input tree. A rerun\n"
            "with the same -o skips documents already translated from the same input with the same\n"
            "model and settings; --force redoes them."
        ),
        epilog=(
            "examples:\n"
            "  mt translate seeds/lavrov-talks.de.txt\n"
            "  mt translate articles/ -o english/ --beam 4\n"
            "  mt translate feed.jsonl -o out/            # out/feed.jsonl: id, translation, sentences\n"
            "  echo 'Guten Morgen.' | mt translate -\n"
            "  mt translate article.txt --format jsonl    # per-sentence alignment and metadata\n"
            "  mt translate article.txt --format xliff > article.xlf   # for a CAT tool\n"
            "  mt translate articles/ -o english/ --glossary terms.tbx --tm memory.tmx\n"
            "  mt translate --watch inbox/ -o outbox/      # an inbox: each article as it arrives\n\n"
            "exit status: 0 all done, 1 some inputs failed (the others were written),\n"
            "2 bad usage or model, 130 interrupted (finished outputs are kept: rerun to resume)"
        ),
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
        "--model",
        help="Hugging Face id or model folder (default: Helsinki-NLP/opus-mt-de-en if it can be loaded, "
        "else the bundled models/marian-de-en-compact)",
    )
    p.add_argument(
        "--beam", type=_positive, default=4, metavar="K", help="beam size (default 4; 1 is greedy and fastest)"
    )
    p.add_argument("--device", default="auto", help="auto (CUDA if present, else CPU), cpu, cuda, cuda:1 ...")
    p.add_argument("--threads", type=_positive, metavar="N", help="CPU threads (default: the engine's choice)")
    _add_engine_options(p)
    p.add_argument(
        "--format",
        choices=["text", "jsonl", "xliff"],
        default="text",
        help="text: the English text; jsonl: one object per document with the translation, per-sentence "
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
        choices=["auto", "text", "md", "jsonl", "parquet"],
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
    p.add_argument(
        "--batch-tokens",
        type=_positive,
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
        "boilerplate removal, spelled-out umlauts, doubled words (see mt check, mt fix)",
    )
    p.add_argument("--force", action="store_true", help="translate again even where an up-to-date output exists")
    p.add_argument(
        "--group-chars",
        type=_positive,
        default=GROUP_CHARS,
        metavar="N",
        help=f"input characters whose sentences share batches, across files (default {GROUP_CHARS:,}); smaller groups "
        "lose less work to a kill and write outputs sooner, larger ones batch better",
    )
    p.add_argument(
        "--redecode-below",
        type=_fraction,
        metavar="C",
        help="translate sentences whose confidence is below C (0-1) again with beam 8 and keep the output the "
        "model scores higher (newstest2019, C 0.35: chrF of those sentences +1.1, of the corpus +0.2, for about "
        "40%% more decoding time)",
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
    cluster = p.add_argument_group("on a Ray cluster (pip install 'mt[cluster]'; see the README's Scaling out)")
    cluster.add_argument(
        "--ray",
        nargs="?",
        const=LOCAL_RAY,
        metavar="ADDRESS",
        help="translate in an actor pool of Ray Data: without ADDRESS on a Ray started here, with one (auto, "
        "ray://head:10001, head:6379) on that cluster; same inputs, outputs, manifest and bytes as the local path",
    )
    cluster.add_argument("--ray-actors", type=_positive, default=2, metavar="N", help="actors (models) (default 2)")
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


def _add_check(commands) -> None:
    p = commands.add_parser(
        "check",
        help="flag machine-translation artifacts in German text",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Flag machine-translation artifacts in a German text: non-words, English left untranslated,\n"
            "rare words in a wrong sense, English transliterations of Russian names, calques, spacing,\n"
            "page boilerplate and broken sentences. Each flag has a span, a category, a severity\n"
            "(major/minor), a message and, where possible, suggestions.\n\n"
            "With --gold, flags are scored against gold spans (JSONL with start, end, category,\n"
            "severity, optional): span-level precision, recall and F1, overall, for majors, by category."
        ),
        epilog=(
            "examples:\n"
            "  mt check seeds/lavrov-talks.de.txt\n"
            "  mt check article.txt --format json > flags.json\n"
            "  mt check article.txt --format html -o report.html\n"
            "  mt check seeds/lavrov-talks.de.txt --gold seeds/lavrov-talks.flags.jsonl\n\n"
            "Needs Debian's hunspell-de-de, and trans-de-en for suggestions and calque round trips (without\n"
            "it those checks find nothing); make installs both. Clean German's collocations, counted once by\n"
            "`python -m mt.training.count_collocations` (make runs it), weigh verb-noun and preposition calques.\n"
            "The report ends with the knowledge sources found.\n"
            "Calque rules live in mt/check/data/calques.toml; add your own in $MT_RULES_DIR/calques.toml\n"
            "(an entry with a bundled rule's id replaces it; disabled = true turns it off)."
        ),
    )
    p.add_argument("input", metavar="FILE", help="German text (UTF-8), or - for stdin")
    p.add_argument("--format", choices=["text", "json", "html"], default="text", help="report format (default text)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the report to FILE (atomically) instead of stdout"
    )
    p.add_argument("--gold", type=Path, metavar="GOLD.jsonl", help="score the flags against gold spans")
    p.add_argument("--checks", metavar="NAMES", help="comma-separated check names to run (default: all)")
    p.set_defaults(handler=_check)


def _add_qa(commands) -> None:
    p = commands.add_parser(
        "qa",
        help="check a translation against its German source, line by line",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Bilingual QA of aligned files (line N of TARGET translates line N of SOURCE), for mt's output or\n"
            "any other system's: numbers, dates and amounts that do not correspond, German left in the\n"
            "English, doubled words and repeated phrases, names of the source missing, a length far outside\n"
            "the usual range (something dropped or added), unbalanced brackets and quotes, end punctuation,\n"
            "a target identical to its source. Flags are spans of the English line."
        ),
        epilog=(
            "examples:\n"
            "  mt qa newstest2019.de system.en\n"
            "  mt qa source.de target.en --json > qa.json\n"
            "  mt translate source.de --paragraphs line > mt.en   # mt's own translation, then\n"
            "  mt qa source.de system.en --pseudo-reference mt.en  # words that are names here\n\n"
            "exit status: 0 no major flag, 1 some line has a major flag, 2 bad usage"
        ),
    )
    p.add_argument("source", type=Path, metavar="SOURCE", help="German, one sentence per line")
    p.add_argument("target", type=Path, metavar="TARGET", help="English, aligned line by line")
    p.add_argument("--json", action="store_true", help="print JSON: counts and every flag with its line")
    p.add_argument("--all", action="store_true", help="list minor flags too (default: major only)")
    p.add_argument(
        "--pseudo-reference",
        type=Path,
        metavar="MT.en",
        help="mt's own translation of SOURCE, aligned line by line, when TARGET is another system's or a "
        "person's: a German word it keeps as it is and English prints as a name (Storch, Sommer) is a name the "
        "target must keep, not German left in",
    )
    p.set_defaults(handler=_qa)


def _add_fix(commands) -> None:
    p = commands.add_parser(
        "fix",
        help="write corrected German, applying only the checker's safe suggestions",
        description=(
            "Apply the suggestions that checks mark safe (spacing, boilerplate removal, spelled-out "
            "umlauts, doubled words, transliterations from the table of well-known names) and print the "
            "corrected text. Everything else is left for an editor (see mt check)."
        ),
    )
    p.add_argument("input", metavar="FILE", help="German text (UTF-8), or - for stdin")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the corrected text to FILE (atomically)")
    p.set_defaults(handler=_fix)


def _add_eval(commands) -> None:
    p = commands.add_parser(
        "eval",
        help="score translations against references (BLEU, chrF, chrF++, TER) and compare systems",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Score line-aligned hypothesis files against references with sacreBLEU. Every score comes\n"
            "with its sacreBLEU signature and a 95 % bootstrap confidence interval. With several --hyp,\n"
            "systems are ranked and each is compared with the first by a paired significance test.\n"
            "With --testset and no --hyp, the test set's source is translated with --model first."
        ),
        epilog=(
            "examples:\n"
            "  mt eval --hyp out.en --ref ref.en\n"
            "  mt eval --hyp beam1.en --hyp beam4.en --testset newstest2019      # paired bootstrap\n"
            "  mt eval --testset lavrov-talks --model models/marian-de-en-compact\n"
            "  mt eval --hyp out.en --ref ref.en --segments scores.jsonl --json\n\n"
            "test sets: mt/evaluation/data/testsets.toml (newstest2019-2021, generaltest2022/2023, flores200-devtest,\n"
            "tatoeba, lavrov-talks); sacreBLEU names such as wmt19 work where the network allows"
        ),
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
    p.add_argument("--beam", type=_positive, default=4, metavar="K", help="beam size for --model (default 4)")
    p.add_argument("--limit", type=_positive, metavar="N", help="score only the first N segments (said in the output)")
    p.add_argument("--metrics", default="bleu,chrf,chrf++,ter", help="comma-separated (default bleu,chrf,chrf++,ter)")
    p.add_argument(
        "--bootstrap",
        type=_positive,
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


def _add_bench(commands) -> None:
    p = commands.add_parser(
        "bench",
        help="compare models on quality and speed on a test set",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Translate a test set with each model, then report BLEU and chrF (with 95 % CIs), sentences/s,\n"
            "target tokens/s, wall time and peak memory. Writes a Markdown table, a JSON file and a PNG\n"
            "plot of quality against speed under eval/results/, stating the machine, thread count and\n"
            "library versions. --limit samples the first N segments and the report says so."
        ),
        epilog="example:\n  mt bench --model models/marian-de-en-compact --testset newstest2019 --beam 4",
    )
    p.add_argument("--model", action="append", required=True, help="model id or folder (repeatable)")
    p.add_argument("--testset", required=True, metavar="NAME", help="test set name (see mt eval --help)")
    p.add_argument(
        "--beam",
        type=_positive,
        action="append",
        metavar="K",
        help="beam size (repeatable: one run per beam; default 4)",
    )
    p.add_argument("--limit", type=_positive, metavar="N", help="only the first N segments")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda ...")
    p.add_argument("--threads", type=_positive, metavar="N", help="CPU threads")
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


def _add_engine_options(p) -> None:
    p.add_argument(
        "--backend",
        choices=["auto", "transformers", "ctranslate2"],
        default="auto",
        help="decoding engine: auto (default: ctranslate2 where the model converts, else transformers), "
        "ctranslate2 (int8 on CPU, float16 on GPU; several times faster; converted once and cached under "
        "~/.cache/mt/ctranslate2, or $MT_CACHE_DIR) or transformers",
    )
    p.add_argument(
        "--quantize",
        action="store_true",
        help="transformers backend on CPU: dynamic int8 quantization of the linear layers",
    )


def _add_serve(commands) -> None:
    p = commands.add_parser(
        "serve",
        help="run the HTTP API and the review pages for editors",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Serve the review pages (http://HOST:PORT/) and the API (OpenAPI docs at /docs):\n"
            "POST /v1/translate, /v1/check, /v1/fix, /v1/evaluate, /v1/jobs; GET /v1/jobs/ID, /health;\n"
            "documents, decisions, rules, terms and the memory under /v1/...; LibreTranslate's\n"
            "/translate, /detect and /languages. Everything but /health, /languages and /docs needs an account\n"
            "(mt users add) or an API key (mt users key). On a local address mt serve also prints a\n"
            "sign-in link with a secret token: one command for one person on their own machine.\n"
            "Accounts, decisions, rules, jobs and the history are stored in --db."
        ),
        epilog=(
            "examples:\n"
            "  mt serve                                   # local: open the printed sign-in link\n"
            "  mt users add anna --role admin && mt serve --host 10.0.0.5 --allowed-host mt.newsroom.example\n"
            "  mt serve --forwarded-allow-ips 127.0.0.1 --allowed-host mt.newsroom.example\n"
            "                                             # behind a TLS proxy on this machine\n\n"
            "X-Forwarded-For and X-Forwarded-Proto are believed only from --forwarded-allow-ips: then the\n"
            "client's address (for the sign-in limits) is the proxy's word, and over HTTPS the cookie is Secure."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--allowed-host",
        action="append",
        metavar="NAME",
        help="a host name clients use to reach the service (repeatable); requests naming any other Host are "
        "refused. Default: localhost, 127.0.0.1 and ::1 for a local address, else the --host address",
    )
    p.add_argument("--port", type=_positive, default=8000, help="port (default 8000)")
    p.add_argument(
        "--db",
        default="sqlite:///mt-review.sqlite",
        help="SQLAlchemy database URL (default sqlite:///mt-review.sqlite in the current folder)",
    )
    p.add_argument("--model", help="model id or folder (default as for mt translate)")
    p.add_argument("--device", default="auto", help="auto, cpu, cuda ...")
    p.add_argument("--beam", type=_positive, default=4, metavar="K", help="default beam size (default 4)")
    p.add_argument(
        "--max-body-bytes", type=_positive, default=2_000_000, metavar="N", help="largest request body (default 2 MB)"
    )
    p.add_argument(
        "--max-document-chars", type=_positive, default=100_000, metavar="N", help="longest document (default 100,000)"
    )
    p.add_argument(
        "--time-budget", type=_positive, default=60, metavar="S", help="seconds one request may take (default 60)"
    )
    p.add_argument(
        "--rate", type=_positive, default=600, metavar="N", help="requests per minute per user or key (default 600)"
    )
    p.add_argument(
        "--concurrency", type=_positive, default=8, metavar="N", help="requests at once per user or key (default 8)"
    )
    p.add_argument(
        "--max-in-flight", type=_positive, default=64, metavar="N", help="requests in work at once, all users (64)"
    )
    p.add_argument("--no-token", action="store_true", help="print no sign-in token on a local start: accounts only")
    p.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let the pages of this site (https://translate.example.org; * for any) call LibreTranslate's routes "
        "(/translate, /detect, /languages, /frontend/settings) with an API key, as LibreTranslate's web page and "
        "browser plug-ins do (repeatable; default: no site)",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        metavar="IPS",
        help="comma-separated addresses of the proxies whose X-Forwarded-For/-Proto headers are believed "
        "(default: none; any client could send them)",
    )
    p.add_argument(
        "--allow-self-review",
        action="store_true",
        help="let a reviewer approve their own proposals (rules, terms, memory entries); by default four eyes: "
        "another reviewer approves them",
    )
    p.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="close a connection whose request headers take longer (default 10)",
    )
    p.add_argument(
        "--body-timeout",
        type=float,
        default=10.0,
        metavar="S",
        help="refuse (408) a request body that stops arriving this long, or takes six times as long in all (default 10)",
    )
    p.add_argument(
        "--max-connections-per-client",
        type=_positive,
        default=128,
        metavar="N",
        help="open connections one client address may hold (default 128; the --forwarded-allow-ips proxies are not "
        "counted)",
    )
    _add_engine_options(p)
    p.set_defaults(handler=_serve)


def _add_train(commands) -> None:
    p = commands.add_parser(
        "train",
        help="train a Marian model from a TOML recipe (models/recipes/)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Train a German→English Marian model from a recipe: corpora from ../shared/data/train with\n"
            "per-domain weights, detokenization, length and ratio filters, deduplication and exclusion of\n"
            "every evaluation sentence; then a length-bucketed, bf16 (on CUDA) training loop with an\n"
            "inverse square-root schedule, label smoothing, validation, checkpoint averaging and resuming.\n"
            "The model is saved in the Hugging Face Marian layout with a generated MODEL_CARD.md."
        ),
        epilog="examples:\n  mt train models/recipes/tiny-cpu.toml\n  mt train models/recipes/compact.toml --resume",
    )
    p.add_argument("recipe", type=Path, help="TOML recipe")
    p.add_argument("--resume", action="store_true", help="continue from the latest checkpoint of this recipe")
    p.add_argument("--device", default="auto", help="auto (CUDA if present), cpu, cuda")
    p.set_defaults(handler=_train)


def _add_models(commands) -> None:
    p = commands.add_parser("models", help="list bundled and locally cached models")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_models)


def _spec(args: argparse.Namespace, **options: Any) -> Any:
    """The translator that the model and engine options ask for (loaded only when called)."""
    from mt.app import TranslatorSpec
    from mt.translate.translator import DecodingOptions

    return TranslatorSpec(
        args.model,
        device=args.device,
        threads=getattr(args, "threads", None),
        backend=args.backend,
        quantize=getattr(args, "quantize", False),
        options=DecodingOptions(beam_size=args.beam, **options),
    )


def _translate(args: argparse.Namespace, translator: Any) -> int:
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
    request = TranslateRequest(
        args.inputs or [str(args.watch)],
        args.output,
        args.format,
        args.input_format,
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
    )
    spec = _spec(
        args,
        max_input_tokens=args.max_input_tokens if args.max_input_tokens > 0 else None,
        batch_tokens=args.batch_tokens,
        repair=not args.no_repair,
        keep_other_languages=not args.translate_all_sentences,
    )
    previous = signal.signal(signal.SIGTERM, _interrupt)
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


def _watch(request: Any, translator: Any, settle: float) -> tuple[Any, Any]:
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


def _qa(args: argparse.Namespace, translator: Any) -> int:
    from mt.app.quality import qa_files

    report = qa_files(args.source, args.target, args.pseudo_reference)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        for number, (_, _, flags) in enumerate(report.lines, 1):
            for f in flags:
                if f.severity == "major" or args.all:
                    print(f"{args.target}:{number}:{f.start + 1}: {f.severity} {f.check}: {f.message}  «{f.text[:60]}»")
        checks = ", ".join(f"{k} {v}" for k, v in sorted(report.by_check.items())) or "none"
        print(
            f"mt: {len(report.lines)} lines, {report.major} with a major flag, {report.flagged} flagged ({checks})",
            file=sys.stderr,
        )
    return EXIT_FAILED if report.major else EXIT_OK


def _models(args: argparse.Namespace, translator: Any) -> int:
    from mt.translate.models import DEFAULT_MODEL, bundled_models, cached_models

    models = bundled_models() + cached_models()
    if args.json:
        print(json.dumps([{"name": m.name, "source": m.source, "path": str(m.path)} for m in models], indent=2))
        return EXIT_OK
    width = max((len(m.name) for m in models), default=10)
    for m in models:
        print(f"{m.name:<{width}}  {m.source:<8}  {m.path}")
    if not any(m.name == DEFAULT_MODEL for m in models):
        print(
            f"\n(default {DEFAULT_MODEL} is not cached: it is downloaded when the hub can be reached, "
            "else the bundled model is used)"
        )
    return EXIT_OK


def _write_output(path: Path | None, content: str) -> None:
    from mt.formats.files import atomic_write

    content = content if content.endswith("\n") else content + "\n"
    if path is None:
        sys.stdout.write(content)
    else:
        atomic_write(path, content)


def _check(args: argparse.Namespace, translator: Any) -> int:
    from mt.app.checking import check_text, gold_table
    from mt.check.report import html_report, json_report, text_report
    from mt.formats.files import read_input

    text = read_input(args.input)
    result = check_text(text, args.input, args.checks.split(",") if args.checks else None, args.gold)
    if "not_checked" in result.meta:
        print(f"mt: {args.input}: {result.meta['not_checked']}", file=sys.stderr)
    if args.format == "json":
        report = json_report(result.flags, result.meta)
    elif args.format == "html":
        report = html_report(text, result.flags, f"mt check: {args.input}")
    elif "not_checked" in result.meta:
        report = f"{args.input}: not checked: {result.meta['not_checked']}"
    else:
        report = text_report(text, result.flags, args.input, colour=args.output is None and sys.stdout.isatty())
        report += "\n\nknowledge: " + "; ".join(f"{k} {v}" for k, v in result.meta["sources"].items())
        if result.gold:
            report += "\n\n" + gold_table(result.gold)
    _write_output(args.output, report)
    return EXIT_OK


def _fix(args: argparse.Namespace, translator: Any) -> int:
    from mt.app.checking import fix_text
    from mt.formats.files import read_input

    fixed, applied = fix_text(read_input(args.input))
    _write_output(args.output, fixed)
    print(f"mt: {len(applied)} safe correction{'s' * (len(applied) != 1)} applied", file=sys.stderr)
    return EXIT_OK


def _eval(args: argparse.Namespace, translator: Any) -> int:
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
    from mt.translate.translator import DecodingOptions

    report = evaluate(request, translator or TranslatorSpec(args.model, options=DecodingOptions(beam_size=args.beam)))
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else eval_table(report))
    return EXIT_OK


def _bench(args: argparse.Namespace, translator: Any) -> int:
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


def _train(args: argparse.Namespace, translator: Any) -> int:
    from mt.training.train import read_recipe, train

    summary = train(
        read_recipe(args.recipe),
        resume=args.resume,
        device=args.device,
        log=lambda line: print(f"mt: {line}", file=sys.stderr),
    )
    print(json.dumps({k: v for k, v in summary.items() if k not in ("history", "recipe")}, indent=2))
    return EXIT_OK


def _serve(args: argparse.Namespace, translator: Any) -> int:
    import secrets

    from mt.service.app import Limits, create_app, redact
    from mt.service.store import Store

    local = {"127.0.0.1", "localhost", "::1"}
    if args.allowed_host:
        hosts = args.allowed_host
    elif args.host in local:
        hosts = sorted(local)
    elif args.host in ("0.0.0.0", "::"):
        raise UsageError(f"--host {args.host} listens on every address: name the hosts clients use with --allowed-host")
    else:
        hosts = [args.host]
    token = secrets.token_urlsafe(24) if args.host in local and not args.no_token else None
    if token is None and not Store(args.db).has_users():
        raise UsageError(
            "nobody could sign in: add an account first (mt users add NAME --role admin --db ...), "
            "or serve on 127.0.0.1 to get a sign-in link"
        )
    spec = _spec(args)
    limits = Limits(
        max_body_bytes=args.max_body_bytes,
        max_document_chars=args.max_document_chars,
        time_budget_s=args.time_budget,
        requests_per_minute=args.rate,
        concurrent_per_user=args.concurrency,
        max_in_flight=args.max_in_flight,
        header_timeout_s=args.header_timeout,
        body_idle_s=args.body_timeout,
        body_total_s=6 * args.body_timeout,
        max_connections_per_client=args.max_connections_per_client,
    )
    app = create_app(
        translator or spec(),
        args.db,
        limits,
        allowed_hosts=hosts,
        login_token=token,
        cors_origins=args.cors_origin,
        self_review=args.allow_self_review,
    )
    print(
        f"mt: serving {app.state.translator.name} on http://{args.host}:{args.port}/ (API docs at /docs), "
        f"database {redact(args.db)}",
        file=sys.stderr,
    )
    if token is not None:
        host = f"[{args.host}]" if ":" in args.host else args.host
        print(f"mt: sign in at http://{host}:{args.port}/login?token={token}", file=sys.stderr)
        print(
            "mt: (programs may send the token as Authorization: Bearer TOKEN until the server stops)", file=sys.stderr
        )
    import uvicorn

    from mt.service.connections import protocol

    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        http=protocol(
            limits.header_timeout_s,
            limits.max_connections_per_client,
            frozenset(ip.strip() for ip in (args.forwarded_allow_ips or "").split(",") if ip.strip()),
        ),
        proxy_headers=args.forwarded_allow_ips is not None,
        forwarded_allow_ips=args.forwarded_allow_ips or "",
    )
    return EXIT_OK


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _log_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    logging.getLogger("mt").warning("%s", message)


if __name__ == "__main__":
    sys.exit(main())
