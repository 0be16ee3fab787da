"""``mt qa``: the bilingual QA checks on aligned files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mt.cli.common import EXIT_FAILED, EXIT_OK, Commands, Loaded, command

DESCRIPTION = (
    "Bilingual QA of aligned files (line N of TARGET translates line N of SOURCE), for mt's output or\n"
    "any other system's: numbers, dates and amounts that do not correspond, German left in the\n"
    "English, doubled words and repeated phrases, names of the source missing, a length far outside\n"
    "the usual range (something dropped or added), unbalanced brackets and quotes, end punctuation,\n"
    "a target identical to its source. Flags are spans of the English line."
)

EXAMPLES = (
    "examples:\n"
    "  mt qa newstest2019.de system.en\n"
    "  mt qa source.de target.en --json > qa.json\n"
    "  mt translate source.de --paragraphs line > mt.en   # mt's own translation, then\n"
    "  mt qa source.de system.en --pseudo-reference mt.en  # words that are names here\n\n"
    "exit status: 0 no major flag, 1 some line has a major flag, 2 bad usage"
)


def add_qa(commands: Commands) -> None:
    p = command(commands, "qa", "check a translation against its German source, line by line", DESCRIPTION, EXAMPLES)
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


def _qa(args: argparse.Namespace, translator: Loaded) -> int:
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
