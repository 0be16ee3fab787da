"""Rule data (calques, transliteration tables, boilerplate patterns) lives in TOML files beside this module."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """``data/NAME.toml``, merged with ``$MT_RULES_DIR/NAME.toml`` where editors keep their own rules."""
    with (DATA_DIR / f"{name}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    extra_dir = os.environ.get("MT_RULES_DIR")
    extra = Path(extra_dir) / f"{name}.toml" if extra_dir else None
    if extra and extra.is_file():
        with extra.open("rb") as handle:
            for key, value in tomllib.load(handle).items():
                if isinstance(value, list):
                    data[key] = data.get(key, []) + value
                elif isinstance(value, dict):
                    data[key] = data.get(key, {}) | value
                else:
                    data[key] = value
    return data
