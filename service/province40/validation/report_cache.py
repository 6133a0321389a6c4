"""The latest report of every plan, kept by the server and revalidated only where a write touched.

``/validation/TH-NN`` (and the pages) answer from the cached report at once; the report says when it
was computed (:attr:`Report.generated_at`, and the ``Province40-Computed-At`` header). A write through
the service names the graphs it changed (:meth:`ReportCache.invalidate`): a province's plan graph
makes that province's reports stale; the shared graphs every plan is checked against (ontology,
reference, programme, curation, shapes) or a write that names no graph make every report stale.
Stale reports are recomputed in a background thread, province by province, so the next request
finds them ready; a request that arrives first computes its own.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from province40 import namespaces as ns
from province40.validation.dataset import QuadSource
from province40.validation.engine import make_engine
from province40.validation.plan_reader import PlanReader
from province40.validation.report import Report
from province40.validation.shapes import ShapeCatalog
from province40.validation.validator import Validator, validate_province

log = logging.getLogger(__name__)

Key = tuple[str, bool]
"""(province code, include_curation)."""

def provinces_touched(graphs: Iterable[str] | None) -> frozenset[str] | None:
    """Province codes whose reports a write to ``graphs`` makes stale (None: every province). The
    graphs of a SPARQL update: :func:`province40.store.update_plan.graphs_of_update` (the default
    graph, named ``""`` there, is a shared graph here)."""
    if graphs is None:
        return None
    codes: set[str] = set()
    for graph in graphs:
        if not graph.startswith(ns.PLAN_GRAPH_BASE):
            return None  # a shared graph: every plan is checked against it
        code = graph[len(ns.PLAN_GRAPH_BASE):]
        if ns.ISO_CODE_PATTERN.match(code):
            codes.add(code)
    return frozenset(codes)


@dataclass(frozen=True)
class CachedReport:
    """A report and the write generation it was computed at."""

    report: Report
    generation: int


class ReportCache:
    """Reports per (province, view), computed by ``compute`` and kept until a write touches them."""

    def __init__(self, compute: Callable[[str, bool], Report]) -> None:
        self._compute = compute
        self._reports: dict[Key, CachedReport] = {}
        self._stale: set[Key] = set()
        self._generation = 0
        self._lock = threading.Lock()
        self._work = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.recomputed: list[Key] = []
        """Every (province, view) recomputed after a write, in order (for tests and logs)."""

    def get(self, code: str, *, include_curation: bool = True) -> Report:
        """The latest report of ``code``: the cached one, or computed now."""
        key = (code, include_curation)
        with self._lock:
            cached = self._reports.get(key)
            if cached is not None and key not in self._stale:
                return cached.report
        return self._refresh(key)

    def _refresh(self, key: Key) -> Report:
        with self._work:  # one validation at a time (CPU-bound)
            with self._lock:
                cached = self._reports.get(key)
                if cached is not None and key not in self._stale:
                    return cached.report
                generation = self._generation
            report = self._compute(*key)
            with self._lock:
                if generation == self._generation:
                    self._stale.discard(key)
                self._reports[key] = CachedReport(report, generation)
            return report

    def invalidate(self, graphs: Iterable[str] | None, *, background: bool = True) -> frozenset[Key]:
        """Mark the reports a write to ``graphs`` touched as stale (all when None); recompute them in a
        background thread unless told not to. Returns the stale keys."""
        provinces = provinces_touched(graphs)
        with self._lock:
            self._generation += 1
            stale = frozenset(k for k in self._reports if provinces is None or k[0] in provinces)
            self._stale |= stale
        if stale and background:
            # the view with the curated links first: the one a page asks for unless told otherwise
            order = sorted(stale, key=lambda key: (key[0], not key[1]))
            thread = threading.Thread(target=self._recompute, args=(order,), daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
            thread.start()
        return stale

    def _recompute(self, keys: list[Key]) -> None:
        for key in keys:
            try:
                self._refresh(key)
                self.recomputed.append(key)
            except Exception:
                log.exception("revalidating %s after a write failed", key[0])

    def wait(self) -> None:
        """Wait until the background revalidations started so far have finished."""
        for thread in list(self._threads):
            thread.join()


class ValidatorCache:
    """One :class:`Validator` per version of the store's shapes graph (read once, reused)."""

    def __init__(self, *, engine: str = "compiled") -> None:
        self._engine = engine
        self._key: str | None = None
        self._validator: Validator | None = None
        self.lock = asyncio.Lock()

    def reset(self) -> None:
        """Forget the validator (the shapes changed)."""
        self._validator = None

    def get(self, store: QuadSource) -> Validator:
        """The validator for the shapes the store holds now."""
        quads = store.export([ns.SHAPES_GRAPH]) if ns.SHAPES_GRAPH in store.named_graphs() else ()
        key = hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode("utf-8")).hexdigest()
        if self._validator is None or key != self._key:
            catalog = ShapeCatalog.from_triples(quads) if quads else ShapeCatalog.from_source(store)
            self._validator = Validator(catalog, engine=make_engine(self._engine, catalog))
            self._key = key
        return self._validator


def province_reports(store: QuadSource, validators: ValidatorCache, reader: PlanReader) -> ReportCache:
    """The cache of the latest report of every province plan in ``store``, read through ``reader``."""

    def compute(code: str, include_curation: bool) -> Report:
        return validate_province(
            store, code, include_curation=include_curation, validator=validators.get(store), reader=reader
        )

    return ReportCache(compute)
