"""A cache of what only changes with the data (the overview, the coverage page): emptied after every
write through the service, so it never serves older data than a query would."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class PageCache:
    """Values by key until :meth:`clear`; a value is computed once even when requests race for it."""

    def __init__(self, *, max_entries: int = 256) -> None:
        self._values: dict[str, object] = {}
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self._generation = 0
        self.max_entries = max_entries

    @property
    def generation(self) -> int:
        """How many times the cache was cleared (a write happened)."""
        return self._generation

    def get(self, key: str, build: Callable[[], T]) -> T:
        """The cached value of ``key``, built by ``build()`` when absent."""
        with self._lock:
            if key in self._values:
                return self._values[key]  # type: ignore[return-value]
            guard = self._building.setdefault(key, threading.Lock())
            generation = self._generation
        with guard:
            with self._lock:
                if key in self._values:
                    return self._values[key]  # type: ignore[return-value]
            value = build()
            with self._lock:
                if generation == self._generation:
                    if len(self._values) >= self.max_entries:
                        self._values.pop(next(iter(self._values)))
                    self._values[key] = value
                self._building.pop(key, None)
            return value

    def clear(self) -> None:
        """Forget every value (the data changed)."""
        with self._lock:
            self._values.clear()
            self._generation += 1
