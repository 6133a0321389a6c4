"""The one cache of answers that only change with the data: stored-question answers, the pages built
from them, and the SPARQL endpoint's serialised results.

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
first out) weighing at most ``max_bytes`` together: a value's size is what the ``weigh`` function
given to :meth:`ResultCache.get` estimates in bytes (a serialised result: its body), 1 by default; a
value heavier than the whole budget is returned but not kept. A cache made with ``enabled=False``
(setting ``result_cache_bytes`` 0, or a remote engine that others may write: see
:func:`cache_enabled`) computes every value and keeps none.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import Enum
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


class Served(Enum):
    """How a value was served; /sparql and /api answers say it in the ``Province40-Cache`` header."""

    HIT = "hit"
    """From the cache: computed earlier at the current data generation."""
    MISS = "miss"
    """Computed now (and kept when it fits)."""
    REFRESH = "refresh"
    """Computed now because the request asked not to be served from the cache (``Cache-Control: no-cache``)."""
    INLINE = "inline"
    """Computed now in the server process, not looked for in the cache: a bounded point look-up
    (:mod:`province40.sparql.cost`), cheaper than a cache entry and never made to wait on one."""
    OFF = "off"
    """Computed now: the cache is off (setting ``result_cache_bytes`` 0, or a remote engine others may write)."""


CACHE_HEADER = "Province40-Cache"
"""The response header that says how an answer was served (a :class:`Served` value)."""


def wants_fresh(cache_control: str | None, pragma: str | None = None) -> bool:
    """True when a request's ``Cache-Control`` (or the older ``Pragma``) says ``no-cache`` or
    ``no-store``: it is answered by the engine, and that answer replaces the cached one."""
    directives = {part.strip().split("=", 1)[0].lower() for part in (cache_control or "").split(",")}
    return bool(directives & {"no-cache", "no-store"}) or (pragma or "").strip().lower() == "no-cache"


def estimate_bytes(value: object) -> int:
    """About how many bytes ``value`` holds, for the cache's budget: the UTF-8 text of strings and RDF
    terms, 8 bytes for a number or a reference, containers summed. An estimate, not ``sys.getsizeof``:
    cheap, stable, and in proportion to what a value costs to keep."""
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, bytes):
        return len(value)
    if value is None or isinstance(value, int | float):
        return 8
    if isinstance(value, dict):
        return sum(8 + estimate_bytes(k) + estimate_bytes(v) for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return sum(8 + estimate_bytes(v) for v in value)
    return len(str(value).encode("utf-8"))


def cache_enabled(max_bytes: int, *, backend: str, remote_sole_writer: bool) -> bool:
    """Whether the service caches answers. On a remote engine, writes that reach it without going
    through province40 (its own tools, another application) cannot advance the data generation, so a
    cached answer could outlive them: the cache is on there only when the setting
    ``remote_sole_writer`` says province40 is the engine's only writer."""
    return max_bytes > 0 and (backend != "remote" or remote_sole_writer)


@dataclass(frozen=True)
class CacheStats:
    """What the cache did since it was made."""

    hits: int
    misses: int
    entries: int
    bytes: int
    generation: int


class ResultCache:
    """Values by ``(generation, key)``; see the module docstring."""

    def __init__(
        self,
        generation: DataGeneration,
        *,
        max_entries: int = 4096,
        max_bytes: int = 64 * 1024 * 1024,
        enabled: bool = True,
    ) -> None:
        self.generation = generation
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.enabled = enabled
        self._values: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._values_generation = generation.value
        self._lock = threading.Lock()
        self._building: dict[tuple[int, Hashable], threading.Lock] = {}
        self._hits = 0
        self._misses = 0

    def get(self, key: Hashable, compute: Callable[[], T], *, weigh: Callable[[T], int] | None = None) -> T:
        """The value of ``key`` at the current data generation, computed by ``compute()`` when absent.
        ``weigh(value)`` is its size in bytes, its share of ``max_bytes`` (default 1). An exception
        from ``compute`` is raised and nothing is kept."""
        return self.serve(key, compute, weigh=weigh)[0]

    def serve(
        self, key: Hashable, compute: Callable[[], T], *, weigh: Callable[[T], int] | None = None, fresh: bool = False
    ) -> tuple[T, Served]:
        """As :meth:`get`, and how the value was served. With ``fresh`` the cached value is not used:
        the value is computed now and replaces it."""
        if not self.enabled:
            with self._lock:
                self._misses += 1
            return compute(), Served.OFF
        generation = self.generation.value
        if fresh:
            with self._lock:
                self._misses += 1
            computed = compute()
            self._keep(generation, key, computed, max(1, weigh(computed)) if weigh is not None else 1)
            return computed, Served.REFRESH
        found, value = self._lookup(generation, key)
        if found:
            return value, Served.HIT  # type: ignore[return-value]
        with self._lock:
            guard = self._building.setdefault((generation, key), threading.Lock())
        try:
            with guard:
                found, value = self._lookup(generation, key)
                if found:
                    return value, Served.HIT  # type: ignore[return-value]
                with self._lock:
                    self._misses += 1
                computed = compute()
                self._keep(generation, key, computed, max(1, weigh(computed)) if weigh is not None else 1)
                return computed, Served.MISS
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

    def _keep(self, generation: int, key: Hashable, value: object, size: int) -> None:
        with self._lock:
            if self.generation.value != generation or size > self.max_bytes:
                return  # a write happened while it was computed (never keep it), or it is too heavy
            if self._values_generation != generation:
                self._values.clear()  # entries of older generations can never be served again
                self._bytes = 0
                self._values_generation = generation
            if key in self._values:
                self._bytes -= self._values.pop(key)[1]
            self._values[key] = (value, size)
            self._bytes += size
            while len(self._values) > self.max_entries or self._bytes > self.max_bytes:
                self._bytes -= self._values.popitem(last=False)[1][1]

    def stats(self) -> CacheStats:
        """Hits, misses, entries and bytes held, and the current generation."""
        with self._lock:
            current = self.generation.value
            fresh = self._values_generation == current
            return CacheStats(hits=self._hits, misses=self._misses, entries=len(self._values) if fresh else 0,
                              bytes=self._bytes if fresh else 0, generation=current)
