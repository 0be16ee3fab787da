"""``mt models``: the bundled and the locally cached models."""

from __future__ import annotations

import argparse
import json

from mt.cli.common import EXIT_OK, Commands, Loaded


def add_models(commands: Commands) -> None:
    p = commands.add_parser("models", help="list bundled and locally cached models")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=_models)


def _models(args: argparse.Namespace, translator: Loaded) -> int:
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
