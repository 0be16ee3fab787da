"""Shared fixtures. The tests never touch the network: the hub is switched off here."""

from __future__ import annotations

import os

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
BUNDLED = ROOT / "models" / "marian-de-en-compact"
SHARED = Path(os.environ.get("MT_SHARED", ROOT.parent / "shared"))
TEST_DATA = SHARED / "data" / "test"


@pytest.fixture(scope="session")
def translator():
    """The bundled compact model, loaded once for the whole session."""
    from mt import Translator

    return Translator(str(BUNDLED))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEEDS / "lavrov-talks.de.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_segments() -> list[dict]:
    return [json.loads(line) for line in (SEEDS / "lavrov-talks.segments.jsonl").read_text().splitlines()]


@pytest.fixture(scope="session")
def newstest_de() -> list[str]:
    """German sentences of newstest2019 (real news text)."""
    path = TEST_DATA / "newstest2019-deen.de"
    if not path.is_file():
        pytest.skip(f"shared test data not found at {path}")
    return path.read_text(encoding="utf-8").splitlines()


@dataclass
class CliResult:
    """What ``mt`` printed and returned, as ``subprocess.run`` reports it."""

    returncode: int
    stdout: str
    stderr: str


def run_mt(*args: object, translator=None, stdin: str | None = None) -> CliResult:
    """``mt ARGS`` in this process (``translator``: a loaded model instead of loading one)."""
    from mt.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([str(a) for a in args], translator=translator)
            except SystemExit as exit:  # argparse: --help, --version, usage errors
                code = exit.code if isinstance(exit.code, int) else 2
    finally:
        sys.stdin = saved_stdin
    return CliResult(code, out.getvalue(), err.getvalue())
