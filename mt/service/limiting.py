"""How much work the service takes on: rates and concurrency per user, and in all.

A request that would go over a limit is refused at once with the time to wait (``Retry-After``) rather
than queued without end: **429** when one user or key asks too much (requests or characters per
minute, requests at once); **503** when the service as a whole has ``max_in_flight`` requests in work
(counted before any thread is taken, by :class:`mt.service.middleware.InFlightLimit`). The per-minute
counts are moving windows from the ``limits`` library (in memory: one process).
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import HTTPException
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter


@dataclass(frozen=True)
class Limits:
    """Every bound the service puts on one request and on its users; the CLI can set each."""

    max_body_bytes: int = 2_000_000
    max_response_bytes: int = 20_000_000
    max_document_chars: int = 100_000
    max_documents: int = 1_000
    time_budget_s: float = 60.0  # per request; then 503 with a message
    requests_per_minute: int = 600  # per user or key
    chars_per_minute: int = 2_000_000  # of text to check or translate, per user or key
    concurrent_per_user: int = 8  # requests at once, per user or key
    max_in_flight: int = 64  # requests in work or waiting for a thread, all users together
    max_queued_jobs: int = 100
    failed_logins_per_minute: int = 10  # per client address


class Admission:
    """Admits a request of a user, or refuses it with an HTTP 429 or 503 that says when to come back."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._windows = MovingWindowRateLimiter(MemoryStorage())
        self._requests = RateLimitItemPerMinute(limits.requests_per_minute)
        self._chars = RateLimitItemPerMinute(limits.chars_per_minute)
        self._failures = RateLimitItemPerMinute(limits.failed_logins_per_minute)
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()

    @contextmanager
    def admit(self, who: str) -> Iterator[None]:
        """Hold one of ``who``'s request slots while the request is in work."""
        with self._lock:
            if self._in_flight[who] >= self.limits.concurrent_per_user:
                raise HTTPException(
                    429,
                    f"{self.limits.concurrent_per_user} requests of yours are in work already",
                    {"Retry-After": "1"},
                )
            if not self._windows.hit(self._requests, "requests", who):
                raise self._too_many(self._requests, "requests", who, f"{self.limits.requests_per_minute} requests")
            self._in_flight[who] += 1
        try:
            yield
        finally:
            with self._lock:
                self._in_flight[who] -= 1
                if not self._in_flight[who]:
                    del self._in_flight[who]

    def charge(self, who: str, chars: int) -> None:
        """Count ``chars`` of text against ``who``'s characters per minute (refused whole if over)."""
        if chars > self.limits.chars_per_minute:
            raise HTTPException(429, f"a text over your limit of {self.limits.chars_per_minute} characters per minute")
        if not self._windows.hit(self._chars, "chars", who, cost=chars):
            raise self._too_many(self._chars, "chars", who, f"{self.limits.chars_per_minute} characters")

    def failed_login(self, client: str) -> None:
        """Count a failed login from ``client``; over the limit, refuse further attempts for a while."""
        if not self._windows.hit(self._failures, "failures", client):
            raise self._too_many(self._failures, "failures", client, "failed sign-ins")

    def may_try_login(self, client: str) -> None:
        if not self._windows.test(self._failures, "failures", client):
            raise self._too_many(self._failures, "failures", client, "failed sign-ins")

    def _too_many(self, item: RateLimitItemPerMinute, kind: str, who: str, what: str) -> HTTPException:
        reset = self._windows.get_window_stats(item, kind, who).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        return HTTPException(
            429, f"over the limit of {what} per minute; try again in {wait} s", {"Retry-After": str(wait)}
        )
