"""``mt train``: a Marian model from a TOML recipe."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mt.cli.common import EXIT_OK, Commands, Loaded, command

DESCRIPTION = (
    "Train a German→English Marian model from a recipe: corpora from ../shared/data/train with\n"
    "per-domain weights, detokenization, length and ratio filters, deduplication and exclusion of\n"
    "every evaluation sentence; then a length-bucketed, bf16 (on CUDA) training loop with an\n"
    "inverse square-root schedule, label smoothing, validation, checkpoint averaging and resuming.\n"
    "The model is saved in the Hugging Face Marian layout with a generated MODEL_CARD.md."
)

EXAMPLES = "examples:\n  mt train models/recipes/tiny-cpu.toml\n  mt train models/recipes/compact.toml --resume"


def add_train(commands: Commands) -> None:
    p = command(
        commands,
        "train",
        "train a Marian model from a TOML recipe (models/recipes/)",
        DESCRIPTION,
        EXAMPLES,
    )
    p.add_argument("recipe", type=Path, help="TOML recipe")
    p.add_argument("--resume", action="store_true", help="continue from the latest checkpoint of this recipe")
    p.add_argument("--device", default="auto", help="auto (CUDA if present), cpu, cuda")
    p.set_defaults(handler=_train)


def _train(args: argparse.Namespace, translator: Loaded) -> int:
    from mt.training.train import read_recipe, train

    summary = train(
        read_recipe(args.recipe),
        resume=args.resume,
        device=args.device,
        log=lambda line: print(f"mt: {line}", file=sys.stderr),
    )
    print(json.dumps({k: v for k, v in summary.items() if k not in ("history", "recipe")}, indent=2))
    return EXIT_OK
