"""The one cache of answers that only change with the data: stored-question answers, the pages built
from them, and (later) the SPARQL endpoint's results.

Every entry is keyed by what was asked (for example the question, its parameters, the page and the
format) *and* by the data generation it was computed at: a number that every write through the
service advances (:class:`DataGeneration`). A lookup only ever sees entries of the current
generation, so once a write is answered no request can be served an answer computed before it::

    generation = DataGeneration()
    cache = ResultCache(generation)
    cache.get(("show-province-plan", "TH-84", "json"), compute)   # computed
    cache.get(("show-province-plan", "TH-84", "json"), compute)   # from the cache
    generation.advance()                                           # a write happened
    cache.get(("show-province-plan", "TH-84", "json"), compute)   # computed again

Races: the generation is read *before* the answer is computed and the answer is kept only if no write
advanced it meanwhile; an answer computed while a write ran is never kept under the newer generation.
A value is computed once even when requests race for it (the others wait for it). Old generations
are dropped at the next store; the cache holds at most ``max_entries`` values (least recently used
first out) and values weighing at most ``max_weight`` together: a value's weight is what the ``weigh``
function given to :meth:`ResultCache.get` says (for an answer, its rows), 1 by default; a value heavier
than the whole budget is returned but not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


class DataGeneration:
    """A counter of the data's versions: every write through the service calls :meth:`advance`
    (``province40.api.deps.after_write``), before the write is answered."""

    def __init__(self) -> None:
        self._value = 0
        self._lock = threading.Lock()

    @property
    def value(self) -> int:
        """The current generation."""
        return self._value

    def advance(self) -> int:
        """Mark the data as changed; returns the new generation."""
        with self._lock:
            self._value += 1
            return self._value


@dataclass(frozen=True)
class CacheStats:
    """What the cache did since it was made."""

    hits: int
    misses: int
    entries: int
    weight: int
    generation: int


class ResultCache:
    """Values by ``(generation, key)``; see the module docstring."""

    def __init__(
        self, generation: DataGeneration, *, max_entries: int = 4096, max_weight: int = 400_000
    ) -> None:
        self.generation = generation
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._values: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._weight = 0
        self._values_generation = generation.value
        self._lock = threading.Lock()
        self._building: dict[tuple[int, Hashable], threading.Lock] = {}
        self._hits = 0
        self._misses = 0

    def get(self, key: Hashable, compute: Callable[[], T], *, weigh: Callable[[T], int] | None = None) -> T:
        """The value of ``key`` at the current data generation, computed by ``compute()`` when absent.
        ``weigh(value)`` is its share of ``max_weight`` (default 1). An exception from ``compute`` is
        raised and nothing is kept."""
        generation = self.generation.value
        found, value = self._lookup(generation, key)
        if found:
            return value  # type: ignore[return-value]
        with self._lock:
            guard = self._building.setdefault((generation, key), threading.Lock())
        try:
            with guard:
                found, value = self._lookup(generation, key)
                if found:
                    return value  # type: ignore[return-value]
                with self._lock:
                    self._misses += 1
                computed = compute()
                self._keep(generation, key, computed, max(1, weigh(computed)) if weigh is not None else 1)
                return computed
        finally:
            with self._lock:
                self._building.pop((generation, key), None)

    def _lookup(self, generation: int, key: Hashable) -> tuple[bool, object]:
        with self._lock:
            if generation != self._values_generation or self.generation.value != generation:
                return False, None
            if key in self._values:
                self._values.move_to_end(key)
                self._hits += 1
                return True, self._values[key][0]
            return False, None

    def _keep(self, generation: int, key: Hashable, value: object, weight: int) -> None:
        with self._lock:
            if self.generation.value != generation or weight > self.max_weight:
                return  # a write happened while it was computed (never keep it), or it is too heavy
            if self._values_generation != generation:
                self._values.clear()  # entries of older generations can never be served again
                self._weight = 0
                self._values_generation = generation
            if key in self._values:
                self._weight -= self._values.pop(key)[1]
            self._values[key] = (value, weight)
            self._weight += weight
            while len(self._values) > self.max_entries or self._weight > self.max_weight:
                self._weight -= self._values.popitem(last=False)[1][1]

    def stats(self) -> CacheStats:
        """Hits, misses, entries held and the current generation."""
        with self._lock:
            current = self.generation.value
            fresh = self._values_generation == current
            return CacheStats(hits=self._hits, misses=self._misses, entries=len(self._values) if fresh else 0,
                              weight=self._weight if fresh else 0, generation=current)
