"""What ``mt`` derives once and keeps under its cache folder (:func:`mt.config.cache_dir`): written whole,
through a partial file renamed into place, or not at all; read back, or derived again where unreadable."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


def write_whole(path: Path, write: Callable[[BinaryIO], None], replaces: str | None = None) -> None:
    """Write a file by ``write(handle)`` into a partial file beside it, then rename it into place; then remove
    the other files of its folder matching ``replaces`` (older formats and sources of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as handle:
        write(handle)
    partial.replace(path)
    for old in path.parent.glob(replaces) if replaces else ():
        if old != path:
            old.unlink(missing_ok=True)


def cached_pickle(path: Path, kind: type[T], build: Callable[[], T], stale: str) -> T:
    """The object pickled at ``path`` if it is there, readable and a ``kind``; else ``build()``, pickled there for
    the next time (with a warning where it cannot be), and the other files of the folder matching ``stale`` (older
    formats and sources) removed."""
    if path.is_file():
        try:
            with path.open("rb") as handle:
                loaded = pickle.load(handle)
            if isinstance(loaded, kind):
                return loaded
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):  # ImportError: an older mt
            log.warning("%s is unreadable; deriving it again", path)
    result = build()
    try:
        write_whole(path, lambda handle: pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL), stale)
    except OSError as err:
        log.warning("could not keep %s: %s", path, err)
    return result
