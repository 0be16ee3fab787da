"""Rule data (calques, transliteration tables, boilerplate patterns) lives in TOML files, each checker's in its
own ``data/`` folder (``mt/check/data``, ``mt/qa/data``).

Editors add rules without touching code: a folder named by ``$MT_RULES_DIR`` may hold files of the
same names, whose entries are added to the bundled ones; an entry with the ``id`` of a bundled rule
replaces that rule, and ``disabled = true`` turns it off. A file that is not valid TOML is an error
that names the file and the line.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from mt.config import rules_dir
from mt.errors import MtError


class RuleFileError(MtError, ValueError):
    """A rule file cannot be read; the message names the file and what is wrong."""


@cache
def load_rules(folder: Path, name: str) -> dict[str, Any]:
    """``FOLDER/NAME.toml``, merged with ``$MT_RULES_DIR/NAME.toml`` where editors keep their own rules."""
    data = _read(folder / f"{name}.toml")
    extra_dir = rules_dir()
    extra = extra_dir / f"{name}.toml" if extra_dir else None
    if extra and extra.is_file():
        for key, value in _read(extra).items():
            if isinstance(value, list):
                data[key] = _overridden(data.get(key, []), value)
            elif isinstance(value, dict):
                data[key] = data.get(key, {}) | value
            else:
                data[key] = value
    return data


def _overridden(bundled: list[Any], own: list[Any]) -> list[Any]:
    """The bundled entries with the editors' own: an entry with the ``id`` of a bundled one replaces it, and
    with ``disabled = true`` removes it; other entries are added."""
    own_ids = {e["id"]: e for e in own if isinstance(e, dict) and "id" in e}
    kept = [own_ids.pop(e["id"]) if isinstance(e, dict) and e.get("id") in own_ids else e for e in bundled]
    added = [e for e in own if not (isinstance(e, dict) and "id" in e) or e["id"] in own_ids]
    return [e for e in kept + added if not (isinstance(e, dict) and e.get("disabled"))]


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise RuleFileError(f"{path}: not a valid rule file: {err}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RuleFileError(f"{path}: cannot read: {err}") from None
