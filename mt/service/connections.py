"""What uvicorn does not bound on a connection: how long its request line and headers may take, and how many
connections one client address may hold open (as nginx's ``client_header_timeout`` and ``limit_conn``).

Without these, a client that sends a header byte every few seconds keeps a connection for ever (each byte
cancels uvicorn's keep-alive timer), and a few hundred such sockets from one address take what the server can
hold. :func:`protocol` makes uvicorn's h11 protocol class with both bounds; ``mt serve`` runs uvicorn with it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

log = logging.getLogger("mt.service")


def protocol(header_timeout_s: float, max_per_client: int, proxies: frozenset[str] = frozenset()) -> type[H11Protocol]:
    """An h11 protocol class that closes a connection whose headers take over ``header_timeout_s`` and refuses a
    client address's connections past ``max_per_client`` open at once; the trusted ``proxies`` (whose every
    client shares their address) are not counted: they bound their clients themselves."""
    open_connections: Counter[str] = Counter()

    class GuardedH11Protocol(H11Protocol):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._host: str | None = None
            self._header_timer: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            host = self.client[0] if self.client else "-"
            if host in proxies:
                self._await_headers()
                return
            if open_connections[host] >= max_per_client:
                log.warning("connection refused: %s has %d connections open", host, open_connections[host])
                transport.close()
                return
            self._host = host
            open_connections[host] += 1
            self._await_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            self._stop_header_timer()
            if self._host is not None:
                open_connections[self._host] -= 1
                if not open_connections[self._host]:
                    del open_connections[self._host]
                self._host = None
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self.conn.their_state is not h11.IDLE:  # the request line and headers are in
                self._stop_header_timer()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._await_headers()  # the next request on this connection gets the same time

        def _await_headers(self) -> None:
            self._stop_header_timer()
            self._header_timer = self.loop.call_later(header_timeout_s, self._headers_too_slow)

        def _stop_header_timer(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _headers_too_slow(self) -> None:
            self._header_timer = None
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                log.info("connection of %s closed: no complete request headers in %.0f s", self._host, header_timeout_s)
                self.transport.close()

    return GuardedH11Protocol
