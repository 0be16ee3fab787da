"""What ``mt`` derives once and keeps under its cache folder (:func:`mt.config.cache_dir`): written whole or not
at all (:mod:`mt.support.atomic`); read back, or derived again where unreadable."""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mt.support.atomic import write_whole

log = logging.getLogger(__name__)
T = TypeVar("T")


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
        write_whole(path, lambda tmp: _pickle(result, tmp), stale)
    except OSError as err:
        log.warning("could not keep %s: %s", path, err)
    return result


def _pickle(value: object, path: str) -> None:
    with open(path, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
