"""``mt``'s entry point: the parser of every command, and how errors become exit codes."""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from typing import Any

from mt.cli.accounts import add_parsers as add_account_commands
from mt.cli.check import add_check, add_fix
from mt.cli.common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Loaded, Parser, UsageError
from mt.cli.evaluate import add_bench, add_eval
from mt.cli.exchange import add_parsers as add_exchange_commands
from mt.cli.models import add_models
from mt.cli.qa import add_qa
from mt.cli.serve import add_serve
from mt.cli.train import add_train
from mt.cli.translate import add_translate
from mt.support.logs import configure
from mt.version import __version__


def main(argv: list[str] | None = None, *, translator: Loaded = None) -> int:
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
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=Parser)
    add_translate(commands)
    add_check(commands)
    add_fix(commands)
    add_qa(commands)
    add_eval(commands)
    add_bench(commands)
    add_serve(commands)
    add_account_commands(commands)
    add_exchange_commands(commands)
    add_train(commands)
    add_models(commands)
    return parser


def _log_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    logging.getLogger("mt").warning("%s", message)
