"""Files written whole or not at all: into a temporary file beside the target, renamed over it. The one way
``mt`` writes a file: outputs (:mod:`mt.formats.files`), caches (:mod:`mt.support.cachefiles`), exports."""

from __future__ import annotations

import glob
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from mt.errors import MtError


class NotARegularFile(MtError, ValueError):
    """A file written whole cannot go to a device, a pipe or a socket."""


def is_special(path: Path) -> bool:
    """Whether ``path`` exists as something other than a regular file (a device, a pipe, a socket)."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)  # follows links: /dev/stdout is one
    except OSError:
        return False


def write_whole(path: Path, write: Callable[[str], None], replaces: str | None = None) -> None:
    """``write(tmp)`` into a temporary file beside ``path``, given ``path``'s mode (or the umask's), renamed over it;
    then the other files of its folder matching ``replaces`` (older formats of it) removed. Temporary files a killed
    earlier run left for the same path are removed first; a path that is a device, a pipe or a socket is refused."""
    if is_special(path):
        raise NotARegularFile(f"{path}: not a regular file; this output is written whole, to a file (or - for stdout)")
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        stale.unlink(missing_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = 0o666 & ~umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        os.chmod(tmp, mode)  # mkstemp makes it 0600: colleagues and a web server could not read the output
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    for old in path.parent.glob(replaces) if replaces else ():
        if old != path:
            old.unlink(missing_ok=True)


def umask() -> int:
    """The process's umask, read without changing it where Linux tells it (else set and put back)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
