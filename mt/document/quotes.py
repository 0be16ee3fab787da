"""Double quotation marks in every usual style (German „…“, English “…”, »…« and «…»): which pair up."""

from __future__ import annotations

import re

CLOSERS = {"„": "“”", "“": "”", "»": "«", "«": "»"}  # an opening mark and the marks that close it
_QUOTE = re.compile("[„“”»«]")


def _scan(text: str) -> tuple[int | None, list[int]]:
    """The first closing mark that nothing opened, and the opening marks still open at the end."""
    stray: int | None = None
    opened: list[tuple[str, int]] = []
    for m in _QUOTE.finditer(text):
        mark = m.group()
        if opened and mark in CLOSERS[opened[-1][0]]:
            opened.pop()
        elif mark in CLOSERS:
            opened.append((mark, m.start()))
        elif stray is None:
            stray = m.start()
    return stray, [position for _, position in opened]


def unpaired(text: str) -> int | None:
    """The position of the first mark without its partner: a closing one nothing opened, else the last
    opening one left open; None when all pair up."""
    stray, still_open = _scan(text)
    if stray is not None:
        return stray
    return still_open[-1] if still_open else None
