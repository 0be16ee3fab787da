"""Reading input files with clear errors, and writing outputs whole (:mod:`mt.support.atomic`), to files or stdout."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from mt.errors import MtError
from mt.support.atomic import is_special, write_whole


class InputError(MtError, ValueError):
    """An input cannot be used; the message is one line a user understands."""


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text from ``data`` (a BOM is dropped); binary, undecodable or empty input is an error."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: not UTF-8 text (byte 0x{data[err.start]:02x} at offset {err.start}); convert it, e.g. with iconv"
        ) from None
    if not text.strip():
        raise InputError(f"{name}: empty file, nothing to translate")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read: {err.strerror}") from None


def read_text(path: Path) -> str:
    return decode_text(read_bytes(path), str(path))


def read_input(name: str) -> str:
    """The text of the file ``name``, or of standard input for ``-``."""
    return decode_text(read_input_bytes(name), "<stdin>" if name == "-" else name)


def read_input_bytes(name: str) -> bytes:
    """The bytes of the file ``name``, or of standard input for ``-``."""
    return sys.stdin.buffer.read() if name == "-" else read_bytes(Path(name))


def read_lines(path: Path) -> list[str]:
    """The lines of a line-aligned UTF-8 file (:func:`lines_of`)."""
    return lines_of(read_text(path))


def lines_of(text: str) -> list[str]:
    """Lines ended by ``\n`` (or ``\r\n``), without their ends; a final newline adds no line. Unlike
    :meth:`str.splitlines`, U+2028, U+0085, form feeds and a lone ``\r`` are characters of a line (a sentence
    or a JSON string may hold them), not line ends."""
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def parse_jsonl(text: str, name: str) -> list[dict[str, Any]]:
    """Objects of a JSONL text; each needs a string ``text`` (``id`` defaults to the line number)."""
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{name}:{number}: not valid JSON ({err.msg} at column {err.colno})") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f'{name}:{number}: each line must be a JSON object with a string "text" field')
        record.setdefault("id", number)
        records.append(record)
    if not records:
        raise InputError(f"{name}: no JSON objects, nothing to translate")
    return records


def read_parquet(name: str) -> list[dict[str, Any]]:
    """The rows of a Parquet file (with ``pyarrow``); each needs a string ``text`` (``id`` defaults to the row
    number); other columns are carried through."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{name}: reading Parquet needs pyarrow (pip install 'mt[cluster]')") from None
    try:
        table = pq.read_table(name)
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(f"{name}: not a Parquet file pyarrow can read ({err})") from None
    if "text" not in table.column_names:
        raise InputError(f'{name}: a Parquet input needs a "text" column (it has {", ".join(table.column_names)})')
    records: list[dict[str, Any]] = table.to_pylist()
    for number, record in enumerate(records, start=1):
        if not isinstance(record["text"], str):
            raise InputError(f'{name}: row {number}: "text" must be a string')
        if record.get("id") is None:
            record["id"] = number
    if not records:
        raise InputError(f"{name}: no rows, nothing to translate")
    return records


def atomic_write_parquet(path: Path, records: list[dict[str, Any]]) -> None:
    """``records`` as a Parquet file, complete or absent (as :func:`atomic_write`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(records)
    write_whole(path, lambda tmp: pq.write_table(table, tmp))


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write ``text`` to ``path`` so that the file is either complete or absent (temporary file, then rename).

    ``-`` is standard output; a path that is not a regular file (``/dev/stdout``, a pipe, a terminal) is
    written as it is, never replaced. A new file gets the mode the umask gives (0644 under umask 022), a
    replaced one keeps its own. Temporary files that a killed earlier run left for the same path are removed.
    """
    if str(path) == "-":
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
        sys.stdout.flush()
        return
    data = text.encode("utf-8") if isinstance(text, str) else text
    if is_special(path):
        with path.open("wb") as handle:
            handle.write(data)
        return

    def write(tmp: str) -> None:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    write_whole(path, write)
