"""``mt check`` and ``mt fix``: the German checks, as a report or as corrected German."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mt.cli.common import EXIT_OK, Commands, Loaded, command, write_output

CHECK_DESCRIPTION = (
    "Flag machine-translation artifacts in a German text: non-words, English left untranslated,\n"
    "rare words in a wrong sense, English transliterations of Russian names, calques, spacing,\n"
    "page boilerplate and broken sentences. Each flag has a span, a category, a severity\n"
    "(major/minor), a message and, where possible, suggestions.\n\n"
    "With --gold, flags are scored against gold spans (JSONL with start, end, category,\n"
    "severity, optional): span-level precision, recall and F1, overall, for majors, by category."
)

CHECK_EXAMPLES = (
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
)


def add_check(commands: Commands) -> None:
    p = command(
        commands, "check", "flag machine-translation artifacts in German text", CHECK_DESCRIPTION, CHECK_EXAMPLES
    )
    p.add_argument("input", metavar="FILE", help="German text (UTF-8), or - for stdin")
    p.add_argument("--format", choices=["text", "json", "html"], default="text", help="report format (default text)")
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write the report to FILE (atomically) instead of stdout"
    )
    p.add_argument("--gold", type=Path, metavar="GOLD.jsonl", help="score the flags against gold spans")
    p.add_argument("--checks", metavar="NAMES", help="comma-separated check names to run (default: all)")
    p.set_defaults(handler=_check)


def add_fix(commands: Commands) -> None:
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


def _check(args: argparse.Namespace, translator: Loaded) -> int:
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
    write_output(args.output, report)
    return EXIT_OK


def _fix(args: argparse.Namespace, translator: Loaded) -> int:
    from mt.app.checking import fix_text
    from mt.formats.files import read_input

    fixed, applied = fix_text(read_input(args.input))
    write_output(args.output, fixed)
    print(f"mt: {len(applied)} safe correction{'s' * (len(applied) != 1)} applied", file=sys.stderr)
    return EXIT_OK
