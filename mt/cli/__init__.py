"""The ``mt`` command line: one module per command, each parsing its arguments and printing what :mod:`mt.app`
returns; :mod:`mt.cli.common` holds what they share, :mod:`mt.cli.main` the entry point."""

from mt.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
