"""Which code a measurement was made with: a results file names the commit, and is not written from a checkout
with uncommitted changes (a figure that no commit reproduces), unless its maker says so (``--allow-dirty``),
in which case the file says that too."""

from __future__ import annotations

import argparse
import subprocess
import sys

from mt.config import CHECKOUT
from mt.errors import MtError

RESULTS = "eval/results/"  # what an eval script writes: not a change of the code it measures


class DirtyTree(MtError, RuntimeError):
    """The checkout has uncommitted changes; the message lists them."""


def add_allow_dirty(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-dirty",
        action="store_true",
        help="measure a checkout with uncommitted changes (the results say so); by default that is refused",
    )


def source_state(allow_dirty: bool = False) -> dict[str, str]:
    """``{"commit": …, "tree": "clean" | "uncommitted changes: …"}`` of the checkout mt runs from; a checkout with
    changes outside ``eval/results/`` raises :class:`DirtyTree` unless ``allow_dirty``."""
    commit = _git("rev-parse", "HEAD").strip()
    changed = [
        line[3:]
        for line in _git("status", "--porcelain", "--untracked-files=all").splitlines()
        if not line[3:].startswith(RESULTS)
    ]
    if changed and not allow_dirty:
        raise DirtyTree(
            f"uncommitted changes ({', '.join(changed[:5])}{', …' if len(changed) > 5 else ''}): commit them, "
            "so that the results name code that reproduces them, or pass --allow-dirty"
        )
    return {"commit": commit, "tree": "clean" if not changed else f"uncommitted changes: {', '.join(changed)}"}


def source_line(state: dict[str, str]) -> str:
    """The state as one line for a Markdown results file."""
    return f"Code: commit `{state['commit'][:12]}`, {state['tree']}."


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=CHECKOUT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        raise DirtyTree(f"cannot tell which commit this is ({err}): run the eval scripts from a git checkout") from None


def committed_source(allow_dirty: bool = False) -> dict[str, str]:
    """:func:`source_state` for an eval script: a checkout with uncommitted changes ends it with the reason."""
    try:
        return source_state(allow_dirty)
    except DirtyTree as err:
        raise SystemExit(f"{sys.argv[0]}: {err}") from None
