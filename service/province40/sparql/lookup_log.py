"""The query log of the look-up fast path: one line per second of look-ups instead of one per look-up.

Every query through the endpoint's full path logs one line (``query <hash> form=... rows=... time=...``).
For the point look-ups of the fast path (:meth:`province40.sparql.service.SparqlService.lookup`) that line
cost a tenth of the request (measured: README, "The query path"), so they are tallied and logged together:
at most one INFO line per :data:`INTERVAL_SECONDS` while look-ups arrive (how many, rows, truncated, the
slowest with its query hash), and the remainder when the service shuts down. With the log level at DEBUG
each look-up also gets its own line, as on the full path.
"""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("province40.sparql.service")
"""The query log's logger: the look-ups' lines sit beside the other queries' lines."""

INTERVAL_SECONDS = 1.0


class LookupLog:
    """Tallies look-ups and writes them as one line per interval."""

    def __init__(self, interval: float = INTERVAL_SECONDS) -> None:
        self._interval = interval
        self._lock = threading.Lock()
        self._reset(time.monotonic())

    def _reset(self, now: float) -> None:
        self._since = now
        self._count = self._rows = self._truncated = 0
        self._slowest = 0.0
        self._slowest_hash = ""

    def note(self, digest: str, *, rows: int, truncated: bool, format_name: str, elapsed: float) -> None:
        """Count one look-up (``elapsed`` in seconds); write the tally when the interval has passed."""
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "query %s form=SELECT rows=%d truncated=%s format=%s cache=inline time=%.1fms",
                digest,
                rows,
                truncated,
                format_name,
                elapsed * 1000,
            )
        now = time.monotonic()
        with self._lock:
            self._count += 1
            self._rows += rows
            self._truncated += truncated
            if elapsed >= self._slowest:
                self._slowest, self._slowest_hash = elapsed, digest
            if now - self._since < self._interval:
                return
            line = self._line(now)
            self._reset(now)
        log.info(*line)

    def flush(self) -> None:
        """Write what was tallied since the last line (at shutdown)."""
        now = time.monotonic()
        with self._lock:
            if not self._count:
                return
            line = self._line(now)
            self._reset(now)
        log.info(*line)

    def _line(self, now: float) -> tuple[object, ...]:
        return (
            "look-ups answered in-process: %d in %.1f s, rows=%d truncated=%d slowest=%.1fms (query %s)",
            self._count,
            now - self._since,
            self._rows,
            self._truncated,
            self._slowest * 1000,
            self._slowest_hash,
        )
