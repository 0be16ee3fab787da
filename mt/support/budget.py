"""A time budget for one piece of work, checked where long work can stop cleanly.

The service gives every request a budget (:func:`time_budget`); the checker and the translation
batcher call :func:`check` between sentences and batches, so a request that would run too long ends
with :class:`BudgetExceeded` and a clear answer instead of holding a worker. Outside a budget (the
command line, batch jobs) :func:`check` does nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from mt.errors import MtError

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("mt_deadline", default=None)


class BudgetExceeded(MtError, TimeoutError):
    """The work ran past its time budget and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after the time budget of {seconds:g} s; send a shorter text or split it")
        self.seconds = seconds


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Work in this context (and in threads started from it with the context copied) gets ``seconds``."""
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left, or None outside a budget."""
    found = _deadline.get()
    return None if found is None else found[0] - time.monotonic()


def check() -> None:
    """Raise :class:`BudgetExceeded` if the current budget is spent."""
    found = _deadline.get()
    if found is not None and time.monotonic() > found[0]:
        raise BudgetExceeded(found[1])
