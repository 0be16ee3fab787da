"""The German checks' rule files: ``mt/check/data/NAME.toml``, with the editors' own (:mod:`mt.plugins.rulefiles`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mt.plugins.rulefiles import load_rules

DATA = Path(__file__).resolve().parent / "data"


def rule_data(name: str) -> dict[str, Any]:
    """The rules of ``mt/check/data/NAME.toml`` merged with ``$MT_RULES_DIR/NAME.toml``."""
    return load_rules(DATA, name)
