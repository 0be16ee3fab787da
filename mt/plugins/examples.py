"""The examples of plug-ins: how a text marks its spans, and what an example must show.

A German example marks the artifact's span and the first suggestion expected, ``[[span=>suggestion]]``, and
may mark correct German, ``{{span}}``; the calque sets of ``eval/`` use the same marks. The test suite runs
:func:`example_problem` on every example of every plug-in of both checkers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mt.plugins.flags import Flag
from mt.plugins.plugin import Mark, Plugin

_MARKED = re.compile(r"\[\[(?P<span>[^\]=]+)(?:=>(?P<suggestion>[^\]]*))?\]\]|\{\{(?P<correct>[^}]+)\}\}")


def unmark(marked: str) -> tuple[str, list[Mark], list[tuple[int, int]]]:
    """A text with its marks taken out: the spans marked as artifacts, ``[[span=>first suggestion]]``, and the
    spans marked as correct German, ``{{span}}`` (the examples of checks and rules, the calque sets of
    ``eval/``). ``[[span=>]]``: no suggestion, or removal; ``[[span]]``: the span, whatever the suggestion."""
    text, artifacts, correct, last = "", [], [], 0
    for m in _MARKED.finditer(marked):
        text += marked[last : m.start()]
        span = m.group("span") or m.group("correct")
        if m.group("span"):
            artifacts.append((len(text), len(text) + len(span), m.group("suggestion")))
        else:
            correct.append((len(text), len(text) + len(span)))
        text += span
        last = m.end()
    return text + marked[last:], artifacts, correct


def marked_example(example: str) -> tuple[str, Mark | None]:
    """An example text and the first span it marks, if any, with the suggestion a flag must offer first:
    ``"Er hat [[aktuell=>eigentlich]] nichts gesagt."`` (:func:`unmark`)."""
    text, artifacts, _ = unmark(example)
    return text, artifacts[0] if artifacts else None


def example_problem(plugin: type[Plugin[Any, Any]], example: Any, must_flag: bool) -> str | None:
    """What is wrong with how ``plugin`` handles one of its examples, or None: a ``must_flag`` example raises a
    flag (on the marked span, offering the marked suggestion first, where it marks one), a ``must_pass`` none,
    and every flag is a span of the text, named after the plug-in."""
    text, flags, mark = plugin.try_example(example)
    shown = [(f.text, f.message, f.suggestions[:3]) for f in flags]
    if bool(flags) != must_flag:
        return f"{example!r}: {'no flag' if must_flag else 'flagged'} {shown}"
    for flag in flags:
        if text[flag.start : flag.end] != flag.text or flag.check != plugin.name:
            return f"{example!r}: the flag {flag.text!r} by {flag.check!r} is not the text's span or this plug-in's"
    if mark:
        start, end, suggestion = mark
        on_span = [f for f in flags if (f.start, f.end) == (start, end)]
        if not on_span or not (suggestion is None or suggestion in {first_suggestion(f) for f in on_span}):
            return f"{example!r}: no flag on {text[start:end]!r} offering {suggestion!r} first: {shown}"
    return None


def first_suggestion(flag: Flag) -> str:
    """A flag's first suggestion; "" for none or for removing the span."""
    return flag.suggestions[0] if flag.suggestions else ""


def all_examples(plugins: Iterable[type[Plugin[Any, Any]]]) -> tuple[list[tuple[Any, Any, bool]], list[str]]:
    """(plug-in, example, must flag) for every example of every plug-in, and an id for each (for a test's
    parameters): ``non-word-flag-3``."""
    cases = [(p, e, True) for p in plugins for e in p.must_flag] + [(p, e, False) for p in plugins for e in p.must_pass]
    return cases, [f"{p.name}-{'flag' if f else 'pass'}-{i}" for i, (p, _, f) in enumerate(cases)]
