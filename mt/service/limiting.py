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
    max_words: int = 20_000  # per document: each may cost a dictionary search
    max_documents: int = 1_000
    time_budget_s: float = 60.0  # per request; then 503 with a message
    requests_per_minute: int = 600  # per user or key
    chars_per_minute: int = 2_000_000  # of text to check or translate, per user or key
    concurrent_per_user: int = 8  # requests at once, per user or key
    max_in_flight: int = 64  # requests in work or waiting for a thread, all users together
    body_idle_s: float = 10.0  # a request body that stops arriving this long is refused (408)
    body_total_s: float = 60.0  # and one that takes longer than this in all
    header_timeout_s: float = 10.0  # a connection whose request line and headers take longer is closed
    max_connections_per_client: int = 128  # open connections of one client address (a newsroom behind one NAT)
    max_queued_jobs: int = 100  # waiting or running, all users together
    max_queued_jobs_per_user: int = 10
    max_queued_documents_per_user: int = 5_000  # documents of a user's jobs not yet translated
    failed_logins_per_minute: int = 10  # per client address and account (ten times as many per address)


SLOW_LANE_S = 6.0  # past the failed sign-in limit, a client may still try an account once this often
SLOW_LANE_ENTRIES = 10_000  # pairs remembered before the stale ones are forgotten


class Admission:
    """Admits a request of a user, or refuses it with an HTTP 429 or 503 that says when to come back."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._windows = MovingWindowRateLimiter(MemoryStorage())
        self._requests = RateLimitItemPerMinute(limits.requests_per_minute)
        self._chars = RateLimitItemPerMinute(limits.chars_per_minute)
        self._failures = RateLimitItemPerMinute(limits.failed_logins_per_minute)
        self._address_failures = RateLimitItemPerMinute(limits.failed_logins_per_minute * 10)
        self._slow_lane: dict[str, float] = {}  # (client, account) → when it last tried past the limit
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

    def may_try_login(self, client: str, account: str) -> None:
        """Raise a 429 if ``client`` may not try ``account``'s password (or key) now.

        Failures are counted per client address and account, and per address over all accounts (ten times as
        many). Past either limit the pair is not locked out but slowed down: one more try every
        :data:`SLOW_LANE_S` seconds, so that guessing stays slow while the right password, or a valid key,
        from the same address still gets in.
        """
        pair = f"{client} {account}"
        if not self._windows.test(self._address_failures, "failures", client):
            pair = client  # many accounts tried from one address: it shares one slow lane
        elif self._windows.test(self._failures, "failures", pair):
            return
        with self._lock:
            now = time.monotonic()
            if len(self._slow_lane) > SLOW_LANE_ENTRIES:  # forget the pairs that have not tried for a minute
                self._slow_lane = {k: t for k, t in self._slow_lane.items() if now - t < 60}
            waited = now - self._slow_lane.get(pair, -SLOW_LANE_S)
            if waited >= SLOW_LANE_S:
                self._slow_lane[pair] = now
                return
        wait = max(1, math.ceil(SLOW_LANE_S - waited))
        raise HTTPException(429, f"too many failed sign-ins; try again in {wait} s", {"Retry-After": str(wait)})

    def failed_login(self, client: str, account: str) -> None:
        """Count a failed sign-in (or wrong key) of ``client`` for ``account``."""
        self._windows.hit(self._failures, "failures", f"{client} {account}")
        self._windows.hit(self._address_failures, "failures", client)

    def _too_many(self, item: RateLimitItemPerMinute, kind: str, who: str, what: str) -> HTTPException:
        reset = self._windows.get_window_stats(item, kind, who).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        return HTTPException(
            429, f"over the limit of {what} per minute; try again in {wait} s", {"Retry-After": str(wait)}
        )
