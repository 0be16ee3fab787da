"""What every command shares: exit codes, usage errors, argument types, the logging and engine options, output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from mt.support.logs import LEVELS

if TYPE_CHECKING:
    from mt.translate.spec import TranslatorSpec
    from mt.translate.translator import Translator

Loaded: TypeAlias = "Translator | None"  # what a handler is given: a translator its caller loaded (tests), or None

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """Options that cannot work together; reported as one line, exit 2."""


def positive(text: str) -> int:
    """An argparse type: an integer of at least 1 (anything else is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def fraction(text: str) -> float:
    """An argparse type: a number from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {value}")
    return value


class Parser(argparse.ArgumentParser):
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


Commands = argparse._SubParsersAction  # what add_subparsers returns, as each command module is given it


def command(
    commands: Commands, name: str, summary: str, description: str, examples: str | None = None, **options: Any
) -> argparse.ArgumentParser:
    """A command's parser: ``summary`` is its line in ``mt --help``; ``description`` and ``examples`` (the epilog)
    are printed as written, line by line, in ``mt NAME --help``."""
    parser: argparse.ArgumentParser = commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        **options,
    )
    return parser


def engine_options() -> argparse.ArgumentParser:
    """The model and decoding engine's options, shared by the commands that load one model (an argparse parent
    parser): mt translate and mt serve."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--model",
        help="Hugging Face id or model folder (default: Helsinki-NLP/opus-mt-de-en if it can be loaded, "
        "else the bundled models/marian-de-en-compact)",
    )
    p.add_argument(
        "--beam", type=positive, default=4, metavar="K", help="beam size (default 4; 1 is greedy and fastest)"
    )
    p.add_argument("--device", default="auto", help="auto (CUDA if present, else CPU), cpu, cuda, cuda:1 ...")
    p.add_argument("--threads", type=positive, metavar="N", help="CPU threads (default: the engine's choice)")
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
    return p


def translator_spec(args: argparse.Namespace, **options: Any) -> TranslatorSpec:
    """The translator that the model and engine options ask for (loaded only when called)."""
    from mt.app import TranslatorSpec
    from mt.translate.options import DecodingOptions

    return TranslatorSpec(
        args.model,
        device=args.device,
        threads=getattr(args, "threads", None),
        backend=args.backend,
        quantize=getattr(args, "quantize", False),
        options=DecodingOptions(beam_size=args.beam, **options),
    )


def write_output(path: Path | None, content: str) -> None:
    from mt.formats.files import atomic_write

    content = content if content.endswith("\n") else content + "\n"
    if path is None:
        sys.stdout.write(content)
    else:
        atomic_write(path, content)


def interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
